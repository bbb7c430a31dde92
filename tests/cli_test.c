/*
 * cli_test.c: the CLI's text helpers (cli/util.c): the safe form of
 * third-party text on a terminal (cli_safe_char, cli_print_safe,
 * cli_width, cli_print_cell), the --json writer that escapes the same
 * characters only on a terminal (cli_json_write), and the layout helpers
 * of list and show (cli_cell_cut, cli_print_cell_words, cli_term_width,
 * cli_a_an).
 *
 * Built against the CLI's objects (all but main.o; see the Makefile).
 */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#include <fcntl.h>
#include <locale.h>
#include <termios.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "cli/cli.h"

/* What fn wrote to a memory stream (not a terminal), malloc'd. */
static char *printed(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	fn(m, s);
	fclose(m);
	return buf;
}

static void expect_safe(const char *in, const char *want)
{
	char *got = printed(cli_print_safe, in);

	assert_string_equal(got, want);
	free(got);
}

static void test_unsafe_set(void **state)
{
	static const unsigned long unsafe[] = {
		0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b,
		0x9c, 0x9d, 0x9f, 0x61c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c,
		0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x2028, 0x2029,
	};
	static const unsigned long safe[] = {
		0x20, 'a', '~', 0xa0, 0xe9, 0x61b, 0x61d, 0x200b, 0x200d, 0x2010,
		0x2027, 0x2065, 0x206a, 0x202f, 0xfeff, 0x1f600,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++)
		if (!cli_unsafe_char(unsafe[i]))
			fail_msg("U+%04lX should be unsafe", unsafe[i]);
	for (i = 0; i < sizeof safe / sizeof safe[0]; i++)
		if (cli_unsafe_char(safe[i]))
			fail_msg("U+%04lX should be safe", safe[i]);
}

static void test_print_safe(void **state)
{
	(void)state;
	expect_safe("plain text, café ☕", "plain text, café ☕");
	expect_safe("", "");
	/* C1 CSI, OSC and ST, the bidi override, from an article. */
	expect_safe("a\xc2\x9b" "31mb", "a<U+009B>31mb");
	expect_safe("\xc2\x9d" "0;evil\xc2\x9c", "<U+009D>0;evil<U+009C>");
	expect_safe("\xe2\x80\xae" "2025\xe2\x80\xac", "<U+202E>2025<U+202C>");
	expect_safe("\xe2\x81\xa6x\xe2\x81\xa9\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f",
		    "<U+2066>x<U+2069><U+061C><U+200E><U+200F>");
	expect_safe("line\xe2\x80\xa8para\xe2\x80\xa9", "line<U+2028>para<U+2029>");
	/* C0 (ESC, newline, tab, CR), DEL. */
	expect_safe("\x1b[2J\n\t\r\x7f", "<U+001B>[2J<U+000A><U+0009><U+000D><U+007F>");
	/* Bytes that are not UTF-8: stray, truncated, overlong, surrogate,
	 * above U+10FFFF; each byte of them on its own. */
	expect_safe("a\xffz", "a<0xFF>z");
	expect_safe("\xe2\x80", "<0xE2><0x80>");
	expect_safe("\xc0\x9b", "<0xC0><0x9B>");
	expect_safe("\xe0\x82\x9b", "<0xE0><0x82><0x9B>");
	expect_safe("\xed\xa0\x80", "<0xED><0xA0><0x80>");
	expect_safe("\xf4\x90\x80\x80", "<0xF4><0x90><0x80><0x80>");
	expect_safe("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
}

static void test_safe_char(void **state)
{
	char form[CLI_SAFE_MAX];
	size_t w = 99;

	(void)state;
	assert_int_equal(cli_safe_char("", form, &w), 0);
	assert_string_equal(form, "");
	assert_int_equal(w, 0);
	assert_int_equal(cli_safe_char("\xe2\x80\xae!", form, &w), 3);
	assert_string_equal(form, "<U+202E>");
	assert_int_equal(w, 8);
	assert_int_equal(cli_safe_char("\xc3\xa9t", form, &w), 2);
	assert_string_equal(form, "\xc3\xa9");
	assert_int_equal(w, 1);
	assert_int_equal(cli_safe_char("\xe7\x95\x8c", form, &w), 3); /* wide */
	assert_int_equal(w, 2);
	assert_int_equal(cli_safe_char("\x9b", form, &w), 1);
	assert_string_equal(form, "<0x9B>");
	assert_int_equal(w, 6);
	assert_int_equal(cli_width("a\xe2\x80\xae" "b\xc2\x9b"), 1 + 8 + 1 + 8);
}

/* cli_print_cell into a memory stream. */
static char *cell(const char *s, size_t width, int pad)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	cli_print_cell(m, s, width, pad);
	fclose(m);
	return buf;
}

static void test_print_cell(void **state)
{
	char *c;

	(void)state;
	c = cell("ab\xc2\x9b" "cd", 20, 1);
	assert_string_equal(c, "ab<U+009B>cd        "); /* the escape counts 8 */
	free(c);
	c = cell("ab\xc2\x9b" "cd", 8, 0); /* cut before the escape, not inside */
	assert_string_equal(c, "ab\xe2\x80\xa6");
	free(c);
	c = cell("ab\xc2\x9b" "cd", 11, 0);
	assert_string_equal(c, "ab<U+009B>\xe2\x80\xa6");
	free(c);
	c = cell("two\nlines\tand a tab", 40, 0); /* a cell is one line */
	assert_string_equal(c, "two lines and a tab");
	free(c);
	c = cell("\x1b[31mred", 20, 0);
	assert_string_equal(c, "<U+001B>[31mred");
	free(c);
}

/* A terminal for cli_json_write: a pseudo-terminal in raw mode; *master
 * reads what is written to the returned stream. */
static FILE *pty_stream(int *master)
{
	struct termios t;
	int slave;
	FILE *f;

	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) != 0 || unlockpt(*master) != 0)
		return NULL;
	slave = open(ptsname(*master), O_RDWR | O_NOCTTY);
	if (slave < 0)
		return NULL;
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	f = fdopen(slave, "w");
	return f;
}

static void test_json_write(void **state)
{
	static const char json[] = "{\"text\":\"Taxes \xc2\x9b" "31m \xe2\x80\xae" "2025\xe2\x80\xac "
		"\xe2\x80\xa8 caf\xc3\xa9 \\u001b\xc2\x9d\"}\n";
	static const char want[] = "{\"text\":\"Taxes \\u009b31m \\u202e2025\\u202c "
		"\\u2028 caf\xc3\xa9 \\u001b\\u009d\"}\n";
	char *buf = NULL, got[512];
	size_t len = 0, n = 0;
	ssize_t r;
	int master = -1;
	FILE *m = open_memstream(&buf, &len), *tty;

	(void)state;
	/* Not a terminal: byte for byte. */
	cli_json_write(m, json, sizeof json - 1);
	fclose(m);
	assert_int_equal(len, sizeof json - 1);
	assert_memory_equal(buf, json, len);
	free(buf);
	/* A terminal: the same JSON value, with \u escapes. */
	tty = pty_stream(&master);
	if (tty == NULL)
		skip();
	cli_json_write(tty, json, sizeof json - 1);
	fclose(tty);
	while (n < sizeof want - 1 && (r = read(master, got + n, sizeof got - n)) > 0)
		n += (size_t)r;
	close(master);
	assert_int_equal(n, sizeof want - 1);
	assert_memory_equal(got, want, n);
}

/* cli_cell_cut: bytes kept and the width shown (with the "…"). */
static void expect_cut(const char *s, size_t width, size_t bytes, size_t cols)
{
	size_t got_cols = 999, got = cli_cell_cut(s, width, &got_cols);

	if (got != bytes || got_cols != cols)
		fail_msg("cut '%s' at %zu: %zu bytes, %zu columns; want %zu, %zu",
			 s, width, got, got_cols, bytes, cols);
}

static void test_cell_cut(void **state)
{
	(void)state;
	expect_cut("short", 10, 5, 5);                  /* fits: all of it */
	expect_cut("the quick", 9, 9, 9);               /* exactly */
	expect_cut("the quick brown fox", 12, 9, 10);   /* "the quick…" */
	expect_cut("one   two three", 10, 9, 10);       /* at the first space of a run */
	expect_cut("one\ntwo three", 9, 7, 8);          /* a newline is a space */
	expect_cut("abcdefghijklmnop", 6, 5, 6);        /* one long word: "abcde…" */
	/* A word end before half the room: cut inside the long word. */
	expect_cut("a bcdefghijklmnop", 10, 9, 10);
	/* UTF-8: columns, not bytes; "café crème…" keeps 12 bytes. */
	expect_cut("caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e", 12, 12, 11);
	/* Double-width characters: never half of one, never inside one. */
	expect_cut("\xe4\xb8\x96\xe7\x95\x8c\xe4\xb8\x96\xe7\x95\x8c", 5, 6, 5);
	expect_cut("a\xe4\xb8\x96\xe7\x95\x8c", 3, 1, 2);
	/* An escape is whole or not at all. */
	expect_cut("ab\xc2\x9b" "cd", 8, 2, 3);
	expect_cut("anything", 0, 0, 0);
	expect_cut("", 0, 0, 0);
}

/* cli_print_cell_words into a memory stream. */
static char *cell_words(const char *s, size_t width, int pad)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	cli_print_cell_words(m, s, width, pad);
	fclose(m);
	return buf;
}

static void test_print_cell_words(void **state)
{
	char *c;

	(void)state;
	c = cell_words("the quick brown fox", 12, 1);
	assert_string_equal(c, "the quick\xe2\x80\xa6  ");
	free(c);
	c = cell_words("the quick brown fox", 12, 0);
	assert_string_equal(c, "the quick\xe2\x80\xa6");
	free(c);
	c = cell_words("fits", 6, 1);
	assert_string_equal(c, "fits  ");
	free(c);
	c = cell_words("two\nlines and\x1b[31m", 40, 0);
	assert_string_equal(c, "two lines and<U+001B>[31m");
	free(c);
	c = cell_words("https://example.org/a/very/long/path", 12, 0);
	assert_string_equal(c, "https://exa\xe2\x80\xa6");
	free(c);
}

static void test_term_width(void **state)
{
	(void)state;
	if (isatty(STDOUT_FILENO))
		skip(); /* the terminal's width wins over $COLUMNS */
	setenv("COLUMNS", "132", 1);
	assert_int_equal(cli_term_width(), 132);
	setenv("COLUMNS", "0", 1);
	assert_int_equal(cli_term_width(), CLI_WIDTH_DEFAULT);
	setenv("COLUMNS", "12x", 1);
	assert_int_equal(cli_term_width(), CLI_WIDTH_DEFAULT);
	setenv("COLUMNS", "99999", 1);
	assert_int_equal(cli_term_width(), CLI_WIDTH_DEFAULT);
	unsetenv("COLUMNS");
	assert_int_equal(cli_term_width(), CLI_WIDTH_DEFAULT);
}

static void test_a_an(void **state)
{
	(void)state;
	assert_string_equal(cli_a_an("editor"), "an");
	assert_string_equal(cli_a_an("alias"), "an");
	assert_string_equal(cli_a_an("verdict"), "a");
	assert_string_equal(cli_a_an("genesis"), "a");
	assert_string_equal(cli_a_an(""), "a");
	assert_string_equal(cli_a_an(NULL), "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unsafe_set),
		cmocka_unit_test(test_print_safe),
		cmocka_unit_test(test_safe_char),
		cmocka_unit_test(test_print_cell),
		cmocka_unit_test(test_json_write),
		cmocka_unit_test(test_cell_cut),
		cmocka_unit_test(test_print_cell_words),
		cmocka_unit_test(test_term_width),
		cmocka_unit_test(test_a_an),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
