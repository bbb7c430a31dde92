/*
 * cmd_review.c: `claimledger review ARTICLE --key FILE [--source URL]
 * [--date D] [--speakers FILE] [--yes]`: the review step between `extract`
 * and signing, in the habits of `git rebase -i` and `crontab -e`.
 *
 * The article is read and extracted as `import ARTICLE` does
 * (xarticle_load).  Its claims are written to a review sheet, a plain text
 * file in a private temporary directory (mkdtemp, the file 0600), one
 * block a claim, and the sheet is opened in $VISUAL, else $EDITOR, else vi.
 * What the reviewer leaves is read back: a mistake reopens the sheet with
 * the error as a comment above the line at fault; an empty sheet, or one
 * where every claim is dropped, stops with nothing signed.  The claims
 * kept are then checked exactly as `import --jsonl` checks its lines
 * (cli_import_claims, once as a dry run, so that a claim the store would
 * refuse also sends the reviewer back to its line), a summary is printed,
 * and after a yes on the terminal (or --yes) they are signed in one
 * transaction.  Without a terminal and without --yes, review refuses: it
 * never signs what nobody saw.  The sheet's format is README.md's
 * "Reviewing before signing".
 *
 * Claim text and speakers are third-party text: in the sheet every
 * backslash, line break and character that must not reach a terminal
 * (cli_unsafe_char) is written as an escape, which reading undoes, so no
 * claim can add a line or a block of its own (review_sheet.c, which
 * writes, reads and marks the sheet; this file runs the rounds).
 */
#include "cli/cli.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/text.h"
#include "cli/review_sheet.h"

#define SHEET_NAME "claims.review"
#define SHEET_MAX ((size_t)64 * 1024 * 1024) /* bytes in an edited sheet */
#define ROUNDS_MAX 20   /* editor rounds before giving up */

enum { OPT_SOURCE = OPT_FIRST_OWN, OPT_DATE, OPT_SPEAKERS, OPT_YES, OPT_LANG };

static const struct option options[] = {
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "speakers", required_argument, NULL, OPT_SPEAKERS },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* ---- the private directory ------------------------------------------------
 *
 * Removed on every way out: atexit for a normal exit and for cli_die and
 * cli_fail (which exit), a signal handler for SIGHUP, SIGINT, SIGTERM.
 */

static char sheet_dir[PATH_MAX - 32]; /* room for the sheet's name */
static char sheet_path[PATH_MAX];

/* Remove the sheet and its directory; async-signal-safe. */
static void sheet_unlink(void)
{
	if (sheet_path[0] != '\0')
		unlink(sheet_path);
	if (sheet_dir[0] != '\0')
		rmdir(sheet_dir);
}

/* atexit: the sheet, whatever an editor left beside it in the private
 * directory (a backup, a swap file), then the directory. */
static void sheet_cleanup(void)
{
	char other[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	DIR *d;

	if (sheet_dir[0] != '\0' && (d = opendir(sheet_dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			if (snprintf(other, sizeof other, "%s/%s", sheet_dir,
				     de->d_name) < (int)sizeof other)
				unlink(other);
		}
		closedir(d);
	}
	sheet_unlink();
	sheet_path[0] = sheet_dir[0] = '\0';
}

static void on_signal(int sig)
{
	sheet_unlink();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Make the private directory and the sheet's name; exit 3 when it cannot
 * be made. */
static void xsheet_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	size_t i;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (snprintf(sheet_dir, sizeof sheet_dir, "%s/claimledger-review.XXXXXX",
		     tmp) >= (int)sizeof sheet_dir)
		cli_die(EXIT_IO, "review: TMPDIR '%s' is too long", tmp);
	if (mkdtemp(sheet_dir) == NULL) {
		int e = errno;

		sheet_dir[0] = '\0';
		cli_die(EXIT_IO, "review: cannot make a directory in '%s': %s",
			tmp, strerror(e));
	}
	snprintf(sheet_path, sizeof sheet_path, "%s/" SHEET_NAME, sheet_dir);
	atexit(sheet_cleanup);
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], on_signal);
}

/* ---- from the sheet to claims --------------------------------------------- */

/*
 * Where the words `text` (a direct claim's, by the quote text rule) stand
 * in buf[from..len): the first span whose cl_quote_text is `text`.  A
 * space in `text` stands for white space or dropped quote marks in the
 * article.  1 with *off and *slen set, 0 when there is none.
 */
static int span_find(const char *buf, size_t len, size_t from, const char *text,
		     size_t *off, size_t *slen)
{
	size_t tn = strlen(text), p, i, j, i0, w;
	uint32_t c;
	char *q;
	int found;

	for (p = from; p < len && tn > 0; p++) {
		if (buf[p] != text[0])
			continue;
		for (i = p, j = 0; j < tn && i < len;) {
			c = cl_text_decode(buf, i, len, &w);
			if (text[j] == ' ') {
				for (i0 = i; i < len; i += w) {
					c = cl_text_decode(buf, i, len, &w);
					if (!cl_text_is_space(c) &&
					    cl_text_qmark(c) == CL_QMARK_NONE)
						break;
				}
				if (i == i0)
					break;
				j++;
			} else if (buf[i] == text[j]) {
				i++;
				j++;
			} else if (cl_text_qmark(c) != CL_QMARK_NONE) {
				i += w; /* a dropped mark glued to a word */
			} else {
				break;
			}
		}
		if (j < tn)
			continue;
		q = NULL;
		found = cl_quote_text(buf + p, i - p, &q, NULL) == CL_OK &&
			strcmp(q, text) == 0;
		free(q);
		if (found) {
			*off = p;
			*slen = i - p;
			return 1;
		}
	}
	return 0;
}

/* 1 when the claim `o` (direct) has a span whose quote text is its text. */
static int span_holds(const struct cli_article *art, const json_t *o)
{
	const json_t *jo = json_object_get(o, "offset"), *jl = json_object_get(o, "length");
	const char *text = json_string_value(json_object_get(o, "text"));
	json_int_t off, len;
	char *q = NULL;
	int ok;

	if (!json_is_integer(jo) || !json_is_integer(jl) || text == NULL)
		return 0;
	off = json_integer_value(jo);
	len = json_integer_value(jl);
	if (off < 0 || len < 0 || (size_t)off > art->len || (size_t)len > art->len - (size_t)off)
		return 0;
	ok = cl_quote_text(art->buf + off, (size_t)len, &q, NULL) == CL_OK &&
	     strcmp(q, text) == 0;
	free(q);
	return ok;
}

/* What the reviewer did, for the summary. */
struct tally {
	size_t kept, dropped, speakers, kinds, texts, added;
};

/* The claims to sign, as `import --jsonl` lines, and their sheet lines. */
struct feed {
	json_t *claims; /* array of objects */
	uint64_t *tags; /* the sheet line of each */
	size_t next;
};

static void xset(json_t *o, const char *name, json_t *v)
{
	if (v == NULL || json_object_set_new(o, name, v) != 0)
		cli_die(EXIT_IO, "review: out of memory");
}

/*
 * The claims the sheet keeps, built as the extractor's `extract --json`
 * lines with the reviewer's speaker, kind and text, into fd; faults (a
 * direct claim's words not in the article) into sh; counts into tl.
 */
static void claims_build(const struct cli_article *art, struct sheet *sh,
			 struct feed *fd, struct tally *tl)
{
	const cl_extraction *x = art->x;
	const struct sheet_entry *e;
	const cl_claim *c;
	size_t i, off, slen;
	json_t *o;

	memset(tl, 0, sizeof *tl);
	fd->next = 0;
	if ((fd->claims = json_array()) == NULL ||
	    (fd->tags = calloc(sh->n + 1, sizeof *fd->tags)) == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	for (i = 0; i < sh->n; i++) {
		e = &sh->e[i];
		if (!e->keep)
			continue;
		if (e->id > 0) {
			c = &x->claims[e->id - 1];
			if ((o = cl_claim_to_json(x, c, art->source, art->date)) == NULL)
				cli_die(EXIT_IO, "review: out of memory");
			tl->kept++;
			tl->speakers += strcmp(e->speaker, c->speaker) != 0;
			tl->kinds += strcmp(e->kind, c->kind) != 0;
			if (strcmp(e->text, c->text) != 0) {
				tl->texts++;
				/* The extractor's span was of other words. */
				if (strcmp(e->kind, "indirect") == 0) {
					json_object_del(o, "offset");
					json_object_del(o, "length");
				}
			}
		} else {
			if ((o = json_object()) == NULL)
				cli_die(EXIT_IO, "review: out of memory");
			xset(o, "source", json_string(art->source));
			xset(o, "date", json_string(art->date));
			xset(o, "lang", json_string(x->lang));
			tl->added++;
		}
		xset(o, "text", json_string(e->text));
		xset(o, "speaker", json_string(e->speaker));
		xset(o, "kind", json_string(e->kind));
		xset(o, "document", json_string(art->doc));
		if (strcmp(e->kind, "direct") == 0 && !span_holds(art, o)) {
			if (!span_find(art->buf, art->len, x->body_offset, e->text,
				       &off, &slen)) {
				xsheet_fault(sh, e->text_line, "a direct claim's words "
					  "must be in the article as written, and "
					  "these are not: paste them as the article "
					  "has them, or make the claim indirect");
				json_decref(o);
				continue;
			}
			xset(o, "offset", json_integer((json_int_t)off));
			xset(o, "length", json_integer((json_int_t)slen));
		}
		fd->tags[json_array_size(fd->claims)] = e->line;
		if (json_array_append_new(fd->claims, o) != 0)
			cli_die(EXIT_IO, "review: out of memory");
	}
	tl->dropped = x->nclaims - tl->kept;
}

static void feed_free(struct feed *fd)
{
	json_decref(fd->claims);
	free(fd->tags);
	memset(fd, 0, sizeof *fd);
}

/* cli_claim_fn: the next kept claim (a copy: the feed is read twice). */
static int feed_next(void *ctx, json_t **claim, uint64_t *tag, cl_error *err)
{
	struct feed *fd = ctx;

	*claim = NULL;
	if (fd->next >= json_array_size(fd->claims))
		return CL_OK;
	*tag = fd->tags[fd->next];
	if ((*claim = json_deep_copy(json_array_get(fd->claims, fd->next))) == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	fd->next++;
	return CL_OK;
}

/* ---- the editor and the terminal ------------------------------------------ */

/* $VISUAL, else $EDITOR, else vi (git's order; empty counts as unset). */
static const char *editor_name(void)
{
	const char *v = getenv("VISUAL");

	if (v == NULL || *v == '\0')
		v = getenv("EDITOR");
	return v == NULL || *v == '\0' ? "vi" : v;
}

/*
 * Run the editor on the sheet as git does: `sh -c '<editor> "$@"' <editor>
 * <sheet>`, so that an editor with arguments ("code --wait") works.  While
 * it runs, ^C and ^\ are the editor's alone.  Exits 2 when it fails.
 */
static void xedit(const char *editor)
{
	struct sigaction ign, oint, oquit;
	size_t n = strlen(editor) + sizeof " \"$@\"";
	char *cmd = malloc(n);
	pid_t pid;
	int st = 0;

	if (cmd == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	snprintf(cmd, n, "%s \"$@\"", editor);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, editor, sheet_path, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	free(cmd);
	if (pid < 0)
		cli_die(EXIT_IO, "review: cannot start the editor: %s", strerror(errno));
	if (WIFSIGNALED(st))
		cli_die(EXIT_USAGE, "review: the editor '%s' was killed by signal %d: "
			"nothing signed", editor, WTERMSIG(st));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		cli_die(EXIT_USAGE, "review: the editor '%s' exited with status %d: "
			"nothing signed", editor, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Ask `q` on the terminal (stderr, an answer line from stdin): 1 for yes,
 * 0 for no; an empty answer is `dflt`, end of input no. */
static int ask(const char *q, int dflt)
{
	char *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	int yes;

	fputs(q, stderr);
	fflush(stderr);
	if ((got = getline(&line, &cap, stdin)) < 0) {
		fputc('\n', stderr);
		free(line);
		return 0;
	}
	n = (size_t)got;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
			 line[n - 1] == ' '))
		n--;
	line[n] = '\0';
	if (n == 0)
		yes = dflt;
	else
		yes = strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 ||
		      strcmp(line, "yes") == 0 || strcmp(line, "YES") == 0 ||
		      strcmp(line, "Yes") == 0;
	free(line);
	return yes;
}

/* ---- the rounds ----------------------------------------------------------- */

/* The faults as error lines on stderr (third-party text in them is made
 * safe for the terminal). */
static void faults_print(const struct sheet *sh)
{
	char where[64];
	size_t i;

	for (i = 0; i < sh->nf; i++) {
		snprintf(where, sizeof where, "claimledger: review: sheet line %zu: ",
			 sh->f[i].line);
		fputs(where, stderr);
		cli_print_safe(stderr, sh->f[i].msg);
		fputc('\n', stderr);
	}
}

/* "N things" or "1 thing". */
static void count_put(FILE *f, const char *sep, size_t n, const char *one,
		      const char *many, const char *what)
{
	fprintf(f, "%s%zu %s%s", sep, n, n == 1 ? one : many, what);
}

/* One review under way. */
struct review {
	struct cli_article art;
	struct cli_import imp; /* reads fd */
	struct sheet sh;       /* as last read */
	struct feed fd;        /* the claims it keeps */
	struct tally tl;
	int tty;               /* stdin is a terminal */
};

/*
 * Read the sheet the editor left (buf[0..len)) into rv->sh and, when it
 * has no mistake, build its claims into rv->fd and check them as the
 * signing run will (a transaction aborted at the end).  Exits when the
 * sheet keeps nothing or the ledger fails; a mistake is a fault in rv->sh.
 */
static void sheet_check(struct review *rv, const char *buf, size_t len)
{
	cl_error err = { 0 };
	size_t i, kept;
	int rc;

	xsheet_read(&rv->sh, buf, len, rv->art.x->nclaims);
	if (rv->sh.nf > 0)
		return;
	for (i = kept = 0; i < rv->sh.n; i++)
		kept += (size_t)rv->sh.e[i].keep;
	if (rv->sh.blocks == 0)
		cli_die(EXIT_USAGE, "review: the sheet is empty: nothing signed");
	if (kept == 0)
		cli_die(EXIT_USAGE, "review: every claim is dropped: nothing signed");
	claims_build(&rv->art, &rv->sh, &rv->fd, &rv->tl);
	if (rv->sh.nf > 0)
		return;
	/* Every check of the signing run, the store's included, so that a
	 * claim it would refuse goes back to its line. */
	rv->imp.dry_run = 1;
	rv->imp.now = cli_now();
	rc = cli_import_claims(&rv->imp, &err);
	if (rc == CL_EINPUT && rv->imp.bad_tag > 0)
		xsheet_fault(&rv->sh, (size_t)rv->imp.bad_tag, "%s", err.msg);
	else if (rc != CL_OK)
		cli_fail("review", &err);
}

/*
 * The editor rounds: open the sheet, check it, and while it has mistakes,
 * mark them in it and open it again (on a terminal after asking; without
 * one, unless it came back unchanged or ROUNDS_MAX rounds went by).
 * Returns with rv->fd holding the checked claims.
 */
static void rounds(struct review *rv)
{
	const char *editor = editor_name();
	char *buf, *written;
	size_t len, wlen, round;
	int unchanged;

	written = xread_regular(sheet_path, "review sheet", SHEET_MAX, &wlen);
	for (round = 1;; round++) {
		xedit(editor);
		buf = xread_regular(sheet_path, "review sheet", SHEET_MAX, &len);
		sheet_check(rv, buf, len);
		if (rv->sh.nf == 0) {
			free(buf);
			break;
		}
		/* Without a terminal the marks in the sheet are the report
		 * (stderr keeps its one line); a script that left the sheet as
		 * it was will not mend it on another round. */
		unchanged = len == wlen && memcmp(buf, written, len) == 0;
		if (!rv->tty && (unchanged || round == ROUNDS_MAX))
			cli_die(EXIT_USAGE, "review: sheet line %zu: %s: the sheet %s: "
				"nothing signed", rv->sh.f[0].line, rv->sh.f[0].msg,
				unchanged ? "came back unchanged" : "is still wrong");
		free(written);
		xsheet_mark(sheet_path, &rv->sh, buf, len, &written, &wlen);
		free(buf);
		if (rv->tty) {
			faults_print(&rv->sh);
			if (!ask("edit the sheet again? [Y/n] ", 1))
				cli_die(EXIT_USAGE, "review: %zu error%s in the sheet: "
					"nothing signed", rv->sh.nf,
					rv->sh.nf == 1 ? "" : "s");
		}
		feed_free(&rv->fd);
		sheet_free(&rv->sh);
	}
	free(written);
}

/* "12 claims: 10 kept, 2 dropped, 3 speakers changed, 1 added" */
static void summary_print(const struct review *rv)
{
	const struct tally *tl = &rv->tl;

	printf("%zu claim%s: %zu kept, %zu dropped", rv->art.x->nclaims,
	       rv->art.x->nclaims == 1 ? "" : "s", tl->kept, tl->dropped);
	if (tl->speakers)
		count_put(stdout, ", ", tl->speakers, "speaker", "speakers", " changed");
	if (tl->kinds)
		count_put(stdout, ", ", tl->kinds, "kind", "kinds", " changed");
	if (tl->texts)
		count_put(stdout, ", ", tl->texts, "text", "texts", " edited");
	if (tl->added)
		count_put(stdout, ", ", tl->added, "", "", "added");
	putchar('\n');
	fflush(stdout);
}

int cmd_review(int argc, char **argv)
{
	const char *source = NULL, *date = NULL, *speakers = NULL, *lang = NULL;
	struct review rv = { 0 };
	struct cli_opts o = { 0 };
	cl_error err = { 0 };
	cl_seckey *k;
	char *archived = NULL, q[64];
	size_t alen;
	unsigned long long n;
	int yes = 0, c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_SOURCE: source = optarg; break;
		case OPT_DATE: date = xdate_arg("--date", optarg); break;
		case OPT_SPEAKERS: speakers = optarg; break;
		case OPT_YES: yes = 1; break;
		case OPT_LANG: lang = xlang_arg(optarg); break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("missing the ARTICLE (a file, or - for stdin)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (source != NULL && *source == '\0')
		cli_usage("--source: empty");
	/* Signing is the point of no return: someone must have seen it. */
	rv.tty = isatty(STDIN_FILENO);
	if (!rv.tty && !yes)
		cli_die(EXIT_USAGE, "review: stdin is not a terminal: nothing is "
			"signed unseen; run it on a terminal, or give --yes to sign "
			"what the sheet keeps");

	rv.imp.l = xarticle_load(&rv.art, argv[optind], source, date, speakers,
				 o.ledger, lang);
	k = xkey_load(o.key, o.passfile);
	/* import ARTICLE's rule, said before anyone spends time on a sheet
	 * (and checked again in the transaction that signs). */
	if (cl_ledger_get_document(rv.imp.l, rv.art.id, &archived, &alen, &err) == CL_OK)
		cli_die(EXIT_USAGE, "review: '%s' was imported before (document "
			"%.16s...): nothing to review; add reviewed claims with "
			"import --jsonl --article", rv.art.name, rv.art.doc);
	rv.imp.key = k;
	rv.imp.next = feed_next;
	rv.imp.ctx = &rv.fd;
	rv.imp.article = rv.art.buf;
	rv.imp.article_len = rv.art.len;
	rv.imp.article_name = rv.art.name;
	rv.imp.fresh = 1;

	xsheet_dir();
	xsheet_write(sheet_path, &rv.art);
	rounds(&rv);
	summary_print(&rv);
	n = (unsigned long long)rv.imp.count;
	snprintf(q, sizeof q, "sign %llu claim%s? [y/N] ", n, n == 1 ? "" : "s");
	if (!yes && !ask(q, 0))
		cli_die(EXIT_USAGE, "review: not confirmed: nothing signed");
	rv.fd.next = 0;
	rv.imp.dry_run = 0;
	rv.imp.now = cli_now(); /* signed now, not when the sheet opened */
	rc = cli_import_claims(&rv.imp, &err);
	if (rc != CL_OK && rv.imp.bad_tag > 0)
		cl_error_prefix(&err, "sheet line %llu", (unsigned long long)rv.imp.bad_tag);
	if (rc != CL_OK)
		cli_fail("review", &err);
	n = (unsigned long long)rv.imp.count;
	printf("imported %llu claim%s from '", n, n == 1 ? "" : "s");
	cli_print_safe(stdout, rv.art.name);
	printf("': seq %llu..%llu\n", (unsigned long long)rv.imp.first,
	       (unsigned long long)rv.imp.first + n - 1);
	feed_free(&rv.fd);
	sheet_free(&rv.sh);
	free(archived);
	cl_seckey_free(k);
	cli_article_free(&rv.art);
	cl_ledger_close(rv.imp.l);
	sheet_cleanup();
	return cli_finish_stdout(EXIT_OK);
}
