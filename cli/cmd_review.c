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
 * claim can add a line or a block of its own.
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

#define SHEET_NAME "claims.review"
#define SHEET_MAX ((size_t)64 * 1024 * 1024) /* bytes in an edited sheet */
#define ROUNDS_MAX 20   /* editor rounds before giving up */
#define FAULTS_MAX 20   /* errors marked in the sheet at once */
#define WRAP 72         /* columns of a wrapped comment */

enum { OPT_SOURCE = OPT_FIRST_OWN, OPT_DATE, OPT_SPEAKERS, OPT_YES };

static const struct option options[] = {
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "speakers", required_argument, NULL, OPT_SPEAKERS },
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

/* ---- escapes ---------------------------------------------------------------
 *
 * In a speaker or a text: \\ a backslash, \n \t \r, \u{HEX} a character
 * by its code point, \x{HH} a byte that is not UTF-8 text.
 */

/* Write `s` to f with the escapes. */
static void put_escaped(FILE *f, const char *s)
{
	size_t n = strlen(s), i = 0, w;
	int valid = cl_text_invalid_at(s, n) == (size_t)-1;
	uint32_t c;

	while (i < n) {
		if (!valid && (unsigned char)s[i] >= 0x80) {
			fprintf(f, "\\x{%02X}", (unsigned char)s[i++]);
			continue;
		}
		c = cl_text_decode(s, i, n, &w);
		if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (cli_unsafe_char(c))
			fprintf(f, "\\u{%04lX}", (unsigned long)c);
		else
			fwrite(s + i, 1, w, f);
		i += w;
	}
}

/* Append code point c to out as UTF-8. */
static size_t utf8_put(char *out, uint32_t c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* The value of a {HEX} group at s[0..n) into *v (at most `max`): the bytes
 * it takes, 0 when it is not one. */
static size_t hex_group(const char *s, size_t n, uint32_t max, uint32_t *v)
{
	size_t i = 1;
	uint32_t x = 0;
	int d;

	if (n < 3 || s[0] != '{')
		return 0;
	for (; i < n && s[i] != '}'; i++) {
		if (i > 6)
			return 0;
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return 0;
		x = x * 16 + (uint32_t)d;
	}
	if (i == 1 || i >= n || x > max)
		return 0;
	*v = x;
	return i + 1;
}

/*
 * Undo the escapes of s[0..n) into a new NUL-terminated string (*out,
 * malloc'd), spaces around it trimmed.  0, or -1 with *why set (a static
 * message) when an escape is not one; *out NULL then.
 */
static int unescape(const char *s, size_t n, char **out, const char **why)
{
	char *o, *p;
	uint32_t v;
	size_t g;

	*out = NULL;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if ((o = p = malloc(n + 1)) == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	while (n > 0) {
		if (*s != '\\') {
			*p++ = *s++;
			n--;
			continue;
		}
		if (n < 2)
			goto bad;
		switch (s[1]) {
		case '\\': *p++ = '\\'; g = 2; break;
		case 'n': *p++ = '\n'; g = 2; break;
		case 't': *p++ = '\t'; g = 2; break;
		case 'r': *p++ = '\r'; g = 2; break;
		case 'u':
			/* Never longer than the escape itself ("\u{X}"). */
			g = hex_group(s + 2, n - 2, 0x10ffff, &v);
			if (g == 0 || v == 0 || (v >= 0xd800 && v <= 0xdfff))
				goto bad;
			p += utf8_put(p, v);
			g += 2;
			break;
		case 'x':
			g = hex_group(s + 2, n - 2, 0xff, &v);
			if (g == 0 || v == 0)
				goto bad;
			*p++ = (char)v;
			g += 2;
			break;
		default:
			goto bad;
		}
		s += g;
		n -= g;
	}
	*p = '\0';
	*out = o;
	return 0;
bad:
	free(o);
	*why = "a backslash that starts no escape: write a backslash as \\\\ "
	       "(escapes: \\n \\t \\r \\u{HEX} \\x{HH})";
	return -1;
}

/* ---- writing the sheet ---------------------------------------------------- */

static const char sheet_help[] =
	"#\n"
	"# Each claim is a block of two lines, as the extractor proposes it:\n"
	"#\n"
	"#   keep N KIND SPEAKER     sign claim N, made by SPEAKER; KIND is direct\n"
	"#                           (the speaker's own words, as the article\n"
	"#                           quotes them) or indirect (reported speech)\n"
	"#   text: WORDS             the claim\n"
	"#\n"
	"# Write drop for keep to leave claim N out (deleting its block does the\n"
	"# same).  Change the speaker or the kind on the first line; edit the text\n"
	"# if you must (a direct claim's words must be found in the article as\n"
	"# written).  To add a claim the extractor missed, add a block whose first\n"
	"# line is \"keep new KIND SPEAKER\" and paste its words on a text: line.\n"
	"# In a speaker or a text, \\n is a line break, \\\\ a backslash, \\u{HEX} a\n"
	"# character by its code point.  Lines starting with # are ignored; the\n"
	"# comments under a block are the extractor's confidence in the speaker\n"
	"# and how it found it (named, pronoun, descriptor, alias, continuation),\n"
	"# and the sentence the claim is in.  Save and quit to go on; an empty\n"
	"# sheet, or one where every claim is dropped, signs nothing.\n";

/* Write `s` escaped as comment lines "# " + PREFIX, wrapped at spaces. */
static void put_comment(FILE *f, const char *prefix, const char *s)
{
	char *buf = NULL, *p, *cut;
	size_t len = 0, room, col;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	put_escaped(m, s);
	if (fclose(m) != 0 || buf == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	p = buf;
	col = strlen(prefix);
	fprintf(f, "# %s", prefix);
	while (*p != '\0') {
		room = WRAP > col ? WRAP - col : 1;
		if (strlen(p) <= room) {
			fputs(p, f);
			break;
		}
		/* The last space within the room, else the first after it. */
		for (cut = p + room; cut > p && *cut != ' '; cut--)
			;
		if (cut == p && (cut = strchr(p + room, ' ')) == NULL) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(cut - p), f);
		fputs("\n#   ", f);
		col = 2;
		p = cut + 1;
	}
	fputc('\n', f);
	free(buf);
}

/* Write the sheet for `art` to sheet_path (0600, made new). */
static void sheet_write(const struct cli_article *art)
{
	const cl_extraction *x = art->x;
	const cl_claim *c;
	FILE *f;
	size_t i;
	int fd;

	fd = open(sheet_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		cli_die(EXIT_IO, "review: cannot write '%s': %s", sheet_path,
			strerror(errno));
	fputs("# claimledger review of '", f);
	put_escaped(f, art->name);
	fprintf(f, "': %zu claim%s found\n# source ", x->nclaims,
		x->nclaims == 1 ? "" : "s");
	put_escaped(f, art->source);
	fputs(", date ", f);
	put_escaped(f, art->date);
	fputc('\n', f);
	fputs(sheet_help, f);
	for (i = 0; i < x->nclaims; i++) {
		c = &x->claims[i];
		fprintf(f, "\nkeep %zu %s ", i + 1, c->kind);
		put_escaped(f, c->speaker);
		fputs("\ntext: ", f);
		put_escaped(f, c->text);
		fprintf(f, "\n# confidence %s (cue: %s)%s\n", c->confidence,
			c->cue, c->polarity ? "; a denial (the text keeps its verb)" : "");
		if (c->context != NULL)
			put_comment(f, "in: ", c->context);
	}
	if (ferror(f) | (fclose(f) != 0))
		cli_die(EXIT_IO, "review: cannot write '%s': %s", sheet_path,
			strerror(errno));
}

/* ---- reading the sheet ---------------------------------------------------- */

/* One block: a claim kept or dropped. */
struct entry {
	size_t line;       /* of its first line */
	size_t text_line;  /* of its text: line (0 when none) */
	size_t id;         /* 1..nclaims, 0 for a new claim */
	int keep;
	const char *kind;  /* "direct" or "indirect" (static) */
	char *speaker, *text; /* unescaped; NULL for a dropped block */
};

/* An error at a line of the sheet. */
struct fault {
	size_t line;
	char *msg;
};

struct sheet {
	struct entry *e;
	size_t n;
	struct fault f[FAULTS_MAX];
	size_t nf;
	size_t blocks;  /* blocks read, kept or dropped */
};

static void fault_add(struct sheet *sh, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fault_add(struct sheet *sh, size_t line, const char *fmt, ...)
{
	va_list ap;
	char *m;
	int len;

	if (sh->nf == FAULTS_MAX)
		return;
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (m = malloc((size_t)len + 1)) == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	va_start(ap, fmt);
	vsnprintf(m, (size_t)len + 1, fmt, ap);
	va_end(ap);
	sh->f[sh->nf].line = line;
	sh->f[sh->nf].msg = m;
	sh->nf++;
}

static void sheet_free(struct sheet *sh)
{
	size_t i;

	for (i = 0; i < sh->n; i++) {
		free(sh->e[i].speaker);
		free(sh->e[i].text);
	}
	for (i = 0; i < sh->nf; i++)
		free(sh->f[i].msg);
	free(sh->e);
	memset(sh, 0, sizeof *sh);
}

/* The next line of buf at *pos: its start and length (CR LF or LF cut). */
static int next_line(const char *buf, size_t len, size_t *pos,
		     const char **s, size_t *n)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	*s = buf + *pos;
	nl = memchr(*s, '\n', len - *pos);
	*n = nl ? (size_t)(nl - *s) : len - *pos;
	*pos += *n + (nl != NULL);
	if (*n > 0 && (*s)[*n - 1] == '\r')
		(*n)--;
	return 1;
}

/* 1 when the line is blank or a comment. */
static int ignored(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n == 0 || *s == '#';
}

/* The next word of s[0..n) at *i: its start and length (0 at the end). */
static size_t word(const char *s, size_t n, size_t *i, const char **w)
{
	size_t start;

	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	start = *i;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t')
		(*i)++;
	*w = s + start;
	return *i - start;
}

static int word_is(const char *w, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(w, lit, n) == 0;
}

static int is_text_line(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n >= 5 && memcmp(s, "text:", 5) == 0;
}

/*
 * Read a block's first line s[0..n) (line `lineno`) into e; 0, or -1 after
 * adding the fault.  `nclaims` bounds the claim numbers; `seen[id]` is the
 * line that already named claim id.
 */
static int action_read(struct sheet *sh, const char *s, size_t n, size_t lineno,
		       size_t nclaims, size_t *seen, struct entry *e)
{
	const char *w, *why;
	size_t i = 0, wn;
	unsigned long long id;
	char num[24], *end;

	memset(e, 0, sizeof *e);
	e->line = lineno;
	wn = word(s, n, &i, &w);
	if (word_is(w, wn, "keep") || word_is(w, wn, "k"))
		e->keep = 1;
	else if (!word_is(w, wn, "drop") && !word_is(w, wn, "d")) {
		fault_add(sh, lineno, "'%.*s' is not an action: a block starts with "
			  "keep or drop", (int)(wn > 40 ? 40 : wn), w);
		return -1;
	}
	wn = word(s, n, &i, &w);
	if (!word_is(w, wn, "new")) {
		if (wn == 0 || wn >= sizeof num) {
			id = 0;
		} else {
			memcpy(num, w, wn);
			num[wn] = '\0';
			errno = 0;
			id = strtoull(num, &end, 10);
			if (*end != '\0' || errno != 0 || num[0] < '0' || num[0] > '9')
				id = 0;
		}
		if (id == 0 || id > nclaims) {
			fault_add(sh, lineno, "'%.*s' is not a claim number of this "
				  "sheet (1 to %zu) or new", (int)(wn > 40 ? 40 : wn),
				  w, nclaims);
			return -1;
		}
		if (seen[id] != 0) {
			fault_add(sh, lineno, "claim %llu is listed twice (first on "
				  "line %zu)", id, seen[id]);
			return -1;
		}
		seen[id] = lineno;
		e->id = (size_t)id;
	}
	if (!e->keep)
		return 0; /* a dropped block's other words do not matter */
	wn = word(s, n, &i, &w);
	if (word_is(w, wn, "direct"))
		e->kind = "direct";
	else if (word_is(w, wn, "indirect"))
		e->kind = "indirect";
	else {
		fault_add(sh, lineno, "'%.*s' is not a kind: write direct or indirect",
			  (int)(wn > 40 ? 40 : wn), w);
		return -1;
	}
	if (unescape(s + i, n - i, &e->speaker, &why) != 0) {
		fault_add(sh, lineno, "speaker: %s", why);
		return -1;
	}
	if (e->speaker[0] == '\0') {
		fault_add(sh, lineno, "no speaker: write who made the claim after "
			  "the kind");
		return -1;
	}
	return 0;
}

/* Add a finished block to the sheet. */
static void entry_push(struct sheet *sh, const struct entry *e)
{
	struct entry *ne = realloc(sh->e, (sh->n + 1) * sizeof *sh->e);

	if (ne == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	sh->e = ne;
	sh->e[sh->n++] = *e;
}

/* Read the sheet's text (buf[0..len)) into sh: its blocks and faults. */
static void sheet_read(struct sheet *sh, const char *buf, size_t len, size_t nclaims)
{
	size_t pos = 0, lineno = 0, n = 0, *seen;
	struct entry cur = { 0 };
	const char *s = NULL, *t, *why;
	int open = 0, bad = 0, more;

	memset(sh, 0, sizeof *sh);
	if ((seen = calloc(nclaims + 1, sizeof *seen)) == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	for (;;) {
		more = next_line(buf, len, &pos, &s, &n);
		lineno += (size_t)more;
		if (more && ignored(s, n))
			continue;
		if (open && (!more || !is_text_line(s, n))) {
			if (!bad)
				fault_add(sh, cur.line, "no 'text:' line after this "
					  "one: every block has one");
			free(cur.speaker);
			open = 0;
		}
		if (!more)
			break;
		if (open) {
			open = 0;
			cur.text_line = lineno;
			if (!bad && cur.keep) {
				t = (const char *)memchr(s, ':', n) + 1;
				if (unescape(t, n - (size_t)(t - s), &cur.text, &why) != 0) {
					fault_add(sh, lineno, "text: %s", why);
					bad = 1;
				} else if (cur.text[0] == '\0') {
					fault_add(sh, lineno, "empty text: write the "
						  "claim's words after 'text:'");
					bad = 1;
				}
			}
			if (bad) {
				free(cur.speaker);
				free(cur.text);
				continue;
			}
			entry_push(sh, &cur);
			continue;
		}
		if (is_text_line(s, n)) {
			fault_add(sh, lineno, "a text line with no keep or drop line "
				  "above it");
			continue;
		}
		bad = action_read(sh, s, n, lineno, nclaims, seen, &cur) != 0;
		sh->blocks++;
		open = 1;
	}
	free(seen);
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
	const struct entry *e;
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
			tl->added++;
		}
		xset(o, "text", json_string(e->text));
		xset(o, "speaker", json_string(e->speaker));
		xset(o, "kind", json_string(e->kind));
		xset(o, "document", json_string(art->doc));
		if (strcmp(e->kind, "direct") == 0 && !span_holds(art, o)) {
			if (!span_find(art->buf, art->len, x->body_offset, e->text,
				       &off, &slen)) {
				fault_add(sh, e->text_line, "a direct claim's words "
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

#define ERROR_MARK "# error: "

/*
 * Write the sheet again from what the editor left (buf[0..len)), with
 * each fault as a "# error: " comment above its line and the marks of an
 * earlier round taken out; *out gets the text written (malloc'd).
 */
static void sheet_mark(const struct sheet *sh, const char *buf, size_t len,
		       char **out, size_t *out_len)
{
	size_t pos = 0, lineno = 0, n, i;
	const char *s;
	FILE *m = open_memstream(out, out_len), *f;
	int fd;

	if (m == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	while (next_line(buf, len, &pos, &s, &n)) {
		lineno++;
		for (i = 0; i < sh->nf; i++) {
			if (sh->f[i].line != lineno)
				continue;
			fputs(ERROR_MARK, m);
			put_escaped(m, sh->f[i].msg);
			fputc('\n', m);
		}
		if (n >= strlen(ERROR_MARK) && memcmp(s, ERROR_MARK, strlen(ERROR_MARK)) == 0)
			continue;
		fwrite(s, 1, n, m);
		fputc('\n', m);
	}
	if (fclose(m) != 0)
		cli_die(EXIT_IO, "review: out of memory");
	fd = open(sheet_path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		cli_die(EXIT_IO, "review: cannot write '%s': %s", sheet_path,
			strerror(errno));
	fwrite(*out, 1, *out_len, f);
	if (ferror(f) | (fclose(f) != 0))
		cli_die(EXIT_IO, "review: cannot write '%s': %s", sheet_path,
			strerror(errno));
}

/* "N things" or "1 thing". */
static void count_put(FILE *f, const char *sep, size_t n, const char *one,
		      const char *many, const char *what)
{
	fprintf(f, "%s%zu %s%s", sep, n, n == 1 ? one : many, what);
}

int cmd_review(int argc, char **argv)
{
	const char *source = NULL, *date = NULL, *speakers = NULL, *path, *editor;
	struct cli_opts o = { 0 };
	struct cli_article art;
	struct cli_import imp = { 0 };
	struct sheet sh = { 0 };
	struct feed fd = { 0 };
	struct tally tl;
	cl_error err = { 0 };
	cl_seckey *k;
	char *buf = NULL, *written = NULL, *old = NULL, q[64];
	size_t len = 0, wlen = 0, olen, i, kept, round;
	int yes = 0, tty, c, rc, unchanged;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_SOURCE: source = optarg; break;
		case OPT_DATE: date = xdate_arg("--date", optarg); break;
		case OPT_SPEAKERS: speakers = optarg; break;
		case OPT_YES: yes = 1; break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind >= argc)
		cli_usage("missing the ARTICLE (a file, or - for stdin)");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	if (source != NULL && *source == '\0')
		cli_usage("--source: empty");
	path = argv[optind];
	/* Signing is the point of no return: someone must have seen it. */
	tty = isatty(STDIN_FILENO);
	if (!tty && !yes)
		cli_die(EXIT_USAGE, "review: stdin is not a terminal: nothing is "
			"signed unseen; run it on a terminal, or give --yes to sign "
			"what the sheet keeps");

	imp.l = xarticle_load(&art, path, source, date, speakers, o.ledger);
	k = xkey_load(o.key, o.passfile);
	/* import ARTICLE's rule, said before anyone spends time on a sheet
	 * (and checked again in the transaction that signs). */
	if (cl_ledger_get_document(imp.l, art.id, &old, &olen, &err) == CL_OK)
		cli_die(EXIT_USAGE, "review: '%s' was imported before (document "
			"%.16s...): nothing to review; add reviewed claims with "
			"import --jsonl --article", art.name, art.doc);
	imp.key = k;
	imp.next = feed_next;
	imp.ctx = &fd;
	imp.article = art.buf;
	imp.article_len = art.len;
	imp.article_name = art.name;
	imp.fresh = 1;

	xsheet_dir();
	sheet_write(&art);
	editor = editor_name();
	written = xread_regular(sheet_path, "review sheet", SHEET_MAX, &wlen);
	for (round = 1;; round++) {
		xedit(editor);
		buf = xread_regular(sheet_path, "review sheet", SHEET_MAX, &len);
		sheet_read(&sh, buf, len, art.x->nclaims);
		for (i = kept = 0; i < sh.n; i++)
			kept += sh.e[i].keep;
		if (sh.nf == 0 && sh.blocks == 0)
			cli_die(EXIT_USAGE, "review: the sheet is empty: nothing signed");
		if (sh.nf == 0 && kept == 0)
			cli_die(EXIT_USAGE, "review: every claim is dropped: nothing signed");
		if (sh.nf == 0)
			claims_build(&art, &sh, &fd, &tl);
		if (sh.nf == 0) {
			/* Every check of the signing run, the store's included,
			 * so that a claim it would refuse goes back to its line. */
			imp.dry_run = 1;
			imp.now = cli_now();
			rc = cli_import_claims(&imp, &err);
			if (rc == CL_EINPUT && imp.bad_tag > 0)
				fault_add(&sh, (size_t)imp.bad_tag, "%s", err.msg);
			else if (rc != CL_OK)
				cli_fail("review", &err);
		}
		if (sh.nf == 0)
			break;
		/* Without a terminal the marks in the sheet are the report
		 * (stderr keeps its one line); a script that left the sheet as
		 * it was will not mend it on another round. */
		unchanged = len == wlen && memcmp(buf, written, len) == 0;
		if (!tty && (unchanged || round == ROUNDS_MAX))
			cli_die(EXIT_USAGE, "review: sheet line %zu: %s: the sheet %s: "
				"nothing signed", sh.f[0].line, sh.f[0].msg,
				unchanged ? "came back unchanged" : "is still wrong");
		free(written);
		sheet_mark(&sh, buf, len, &written, &wlen);
		if (tty) {
			faults_print(&sh);
			if (!ask("edit the sheet again? [Y/n] ", 1))
				cli_die(EXIT_USAGE, "review: %zu error%s in the sheet: "
					"nothing signed", sh.nf, sh.nf == 1 ? "" : "s");
		}
		feed_free(&fd);
		sheet_free(&sh);
		free(buf);
		buf = NULL;
	}
	printf("%zu claim%s: %zu kept, %zu dropped", art.x->nclaims,
	       art.x->nclaims == 1 ? "" : "s", tl.kept, tl.dropped);
	if (tl.speakers)
		count_put(stdout, ", ", tl.speakers, "speaker", "speakers", " changed");
	if (tl.kinds)
		count_put(stdout, ", ", tl.kinds, "kind", "kinds", " changed");
	if (tl.texts)
		count_put(stdout, ", ", tl.texts, "text", "texts", " edited");
	if (tl.added)
		count_put(stdout, ", ", tl.added, "", "", "added");
	putchar('\n');
	fflush(stdout);
	snprintf(q, sizeof q, "sign %zu claim%s? [y/N] ", imp.count,
		 imp.count == 1 ? "" : "s");
	if (!yes && !ask(q, 0))
		cli_die(EXIT_USAGE, "review: not confirmed: nothing signed");
	fd.next = 0;
	imp.dry_run = 0;
	imp.now = cli_now(); /* signed now, not when the sheet opened */
	rc = cli_import_claims(&imp, &err);
	if (rc != CL_OK && imp.bad_tag > 0)
		cl_error_prefix(&err, "sheet line %llu", (unsigned long long)imp.bad_tag);
	if (rc != CL_OK)
		cli_fail("review", &err);
	printf("imported %llu claim%s from '", (unsigned long long)imp.count,
	       imp.count == 1 ? "" : "s");
	cli_print_safe(stdout, art.name);
	printf("': seq %llu..%llu\n", (unsigned long long)imp.first,
	       (unsigned long long)(imp.first + imp.count - 1));
	feed_free(&fd);
	sheet_free(&sh);
	free(buf);
	free(written);
	free(old);
	cl_seckey_free(k);
	cli_article_free(&art);
	cl_ledger_close(imp.l);
	sheet_cleanup();
	return cli_finish_stdout(EXIT_OK);
}
