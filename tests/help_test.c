/*
 * help_test.c: the command table and what is printed from it (cli/help.c):
 * the table's own rules (usage lines, flags, examples), every help line
 * within 80 columns, the check of a getopt table against the help, the
 * edit distance and the "did you mean" rule, and the man page and
 * completion scripts naming every command and flag.
 *
 * Built against the CLI's objects (all but main.o; see the Makefile).
 * tests/e2e/help.sh drives the same through the binary.
 */
#include <getopt.h>
#include <locale.h>

#include "tests/testutil.h"

#include "cli/cli.h"
#include "cli/help.h"

/* What fn(f, c) wrote, malloc'd. */
static char *printed(void (*fn)(FILE *, const struct cli_cmd *), const struct cli_cmd *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	fn(m, c);
	fclose(m);
	return buf;
}

static void print_list(FILE *f, const struct cli_cmd *c)
{
	(void)c;
	cli_help_list(f);
}

static void print_man(FILE *f, const struct cli_cmd *c)
{
	(void)c;
	cli_help_man(f);
}

static void print_bash(FILE *f, const struct cli_cmd *c)
{
	(void)c;
	cli_help_bash(f);
}

static void print_zsh(FILE *f, const struct cli_cmd *c)
{
	(void)c;
	cli_help_zsh(f);
}

/* Fail unless every line of `text` is at most 80 display columns. */
static void expect_narrow(const char *what, char *text)
{
	char *line, *save = NULL;
	size_t n = 0;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n++;
		if (cli_width(line) > CLI_HELP_WIDTH)
			fail_msg("%s line %zu is %zu columns: %s", what, n,
				 cli_width(line), line);
	}
	assert_true(n > 0);
}

static void test_help_within_80_columns(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < cli_ncommands; i++) {
		char *text = printed(cli_help_print, &cli_commands[i]);

		expect_narrow(cli_commands[i].name, text);
		free(text);
	}
	{
		char *text = printed(print_list, NULL);

		expect_narrow("the command list", text);
		free(text);
	}
}

/* 1 when `s` begins with `prefix` followed by a space, a newline or the end. */
static int starts_word(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 && (s[n] == ' ' || s[n] == '\n' || s[n] == '\0');
}

static void test_table_rules(void **state)
{
	char want[64];
	const struct cli_flag *fl, *g;
	const char *e, *nl;
	size_t i, j;
	int own_example;

	(void)state;
	assert_true(cli_ncommands > 0);
	for (i = 0; i < cli_ncommands; i++) {
		const struct cli_cmd *c = &cli_commands[i];

		assert_non_null(c->fn);
		for (j = 0; j < i; j++)
			if (strcmp(cli_commands[j].name, c->name) == 0)
				fail_msg("'%s' is in the table twice", c->name);
		assert_ptr_equal(cli_command_find(c->name), c);
		snprintf(want, sizeof want, "usage: claimledger %s", c->name);
		if (!starts_word(c->usage, want))
			fail_msg("%s: usage does not begin '%s'", c->name, want);
		if (c->summary[0] == '\0' || strchr(c->summary, '\n'))
			fail_msg("%s: the purpose is not one line", c->name);
		for (fl = c->flags; fl->name != NULL; fl++) {
			if (strncmp(fl->name, "--", 2) != 0 || fl->help == NULL ||
			    fl->help[0] == '\0' || strchr(fl->help, '\n'))
				fail_msg("%s %s: a flag needs --name and one line of help",
					 c->name, fl->name);
			if (strcmp(fl->name, "--help") == 0 ||
			    strcmp(fl->name, "--shared-ledger") == 0)
				fail_msg("%s %s: every command takes it: not in its list",
					 c->name, fl->name);
			for (g = c->flags; g != fl; g++)
				if (strcmp(g->name, fl->name) == 0)
					fail_msg("%s %s: listed twice", c->name, fl->name);
		}
		/* Examples: command lines, "claimledger ..." or a continued
		 * line's rest (after a trailing backslash), at least one of
		 * this command. */
		own_example = 0;
		snprintf(want, sizeof want, "claimledger %s", c->name);
		for (e = c->examples, j = 0; *e; e = *nl ? nl + 1 : nl, j++) {
			nl = strchr(e, '\n');
			if (nl == NULL)
				nl = e + strlen(e);
			if (strncmp(e, "claimledger ", 12) != 0 &&
			    !(e > c->examples && e[-2] == '\\' && e[0] == ' '))
				fail_msg("%s: example '%.*s' is not a command line",
					 c->name, (int)(nl - e), e);
			own_example |= starts_word(e, want);
		}
		if (!own_example)
			fail_msg("%s: no example of it", c->name);
	}
}

static void test_edit_distance(void **state)
{
	char longer[80];

	(void)state;
	assert_int_equal(cli_edit_distance("list", "list"), 0);
	assert_int_equal(cli_edit_distance("lsit", "list"), 1);  /* transposed */
	assert_int_equal(cli_edit_distance("lst", "list"), 1);   /* dropped */
	assert_int_equal(cli_edit_distance("lisst", "list"), 1); /* doubled */
	assert_int_equal(cli_edit_distance("lost", "list"), 1);  /* replaced */
	assert_int_equal(cli_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(cli_edit_distance("", "add"), 3);
	assert_int_equal(cli_edit_distance("ca", "abc"), 3); /* OSA, not unrestricted */
	memset(longer, 'a', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_true(cli_edit_distance(longer, "list") == SIZE_MAX);
}

static void expect_suggest(const char *typed, const char *want)
{
	const struct cli_cmd *c = cli_command_suggest(typed);

	if (want == NULL && c != NULL)
		fail_msg("'%s': suggested '%s', want none", typed, c->name);
	if (want != NULL && (c == NULL || strcmp(c->name, want) != 0))
		fail_msg("'%s': suggested '%s', want '%s'", typed, c ? c->name : "(none)",
			 want);
}

static void test_suggest(void **state)
{
	(void)state;
	expect_suggest("lsit", "list");
	expect_suggest("verfiy", "verify");
	expect_suggest("exprot", "export");
	expect_suggest("improt", "import");
	expect_suggest("stat", "stats");
	expect_suggest("corect", "correct");
	expect_suggest("verify-exprot", "verify-export");
	expect_suggest("shwo", "show");
	expect_suggest("ls", NULL);   /* two edits in two letters: too far */
	expect_suggest("x", NULL);
	expect_suggest("", NULL);
	expect_suggest("frobnicate", NULL);
	expect_suggest("delete", NULL);
}

static void test_check(void **state)
{
	static const struct option same[] = {
		{ "top", required_argument, NULL, 4 },
		{ "json", no_argument, NULL, 1 },
		{ "ledger", required_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{ "shared-ledger", no_argument, NULL, 3 },
		{ NULL, 0, NULL, 0 },
	};
	static const struct option extra[] = {
		{ "json", no_argument, NULL, 1 },
		{ "ledger", required_argument, NULL, 2 },
		{ "top", required_argument, NULL, 4 },
		{ "bottom", required_argument, NULL, 5 }, /* not in the help */
		{ NULL, 0, NULL, 0 },
	};
	static const struct option fewer[] = {
		{ "top", required_argument, NULL, 4 },
		{ "json", no_argument, NULL, 1 }, /* --ledger: in the help only */
		{ NULL, 0, NULL, 0 },
	};
	static const struct option valued[] = {
		{ "top", required_argument, NULL, 4 },
		{ "json", required_argument, NULL, 1 }, /* the help says a switch */
		{ "ledger", required_argument, NULL, 2 },
		{ NULL, 0, NULL, 0 },
	};
	const struct cli_cmd *stats = cli_command_find("stats");
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(stats);
	assert_non_null(null);
	assert_int_equal(cli_help_check(stats, same, null), 0);
	assert_int_equal(cli_help_check(stats, extra, null), 1);
	assert_int_equal(cli_help_check(stats, fewer, null), 1);
	assert_int_equal(cli_help_check(stats, valued, null), 1);
	fclose(null);
}

/* Every command, and every flag of each, appears in `text` as `fmt`
 * formats it (the name, or the flag's name and dashes in roff). */
static void expect_everything(const char *what, const char *text, int roff)
{
	const struct cli_flag *fl;
	char want[128];
	const char *p;
	size_t i, k;

	for (i = 0; i < cli_ncommands; i++) {
		if (strstr(text, cli_commands[i].name) == NULL)
			fail_msg("%s lacks '%s'", what, cli_commands[i].name);
		for (fl = cli_commands[i].flags; fl->name != NULL; fl++) {
			for (p = fl->name, k = 0; *p && k + 3 < sizeof want; p++) {
				if (roff && *p == '-')
					want[k++] = '\\';
				want[k++] = *p;
			}
			want[k] = '\0';
			if (strstr(text, want) == NULL)
				fail_msg("%s lacks %s %s", what, cli_commands[i].name, fl->name);
		}
	}
}

static void test_man_and_completions(void **state)
{
	char *man = printed(print_man, NULL);
	char *bash = printed(print_bash, NULL);
	char *zsh = printed(print_zsh, NULL);
	char want[64];
	size_t i;

	(void)state;
	assert_non_null(strstr(man, "\n.TH CLAIMLEDGER 1 "));
	for (i = 0; i < cli_ncommands; i++) {
		snprintf(want, sizeof want, "\n.SS %s\n", cli_commands[i].name);
		if (strstr(man, want) == NULL)
			fail_msg("the man page has no section for %s", cli_commands[i].name);
		snprintf(want, sizeof want, "\n\t%s)\n", cli_commands[i].name);
		if (strstr(bash, want) == NULL)
			fail_msg("bash completion has no case for %s", cli_commands[i].name);
		snprintf(want, sizeof want, "\n\t(%s)\n", cli_commands[i].name);
		if (strstr(zsh, want) == NULL)
			fail_msg("zsh completion has no case for %s", cli_commands[i].name);
	}
	expect_everything("the man page", man, 1);
	expect_everything("bash completion", bash, 0);
	expect_everything("zsh completion", zsh, 0);
	/* roff: no line of text begins with a '.' or '\'' it did not mean. */
	assert_null(strstr(man, "\n.claimledger"));
	free(man);
	free(bash);
	free(zsh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rules),
		cmocka_unit_test(test_help_within_80_columns),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_man_and_completions),
	};

	setlocale(LC_CTYPE, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
