/*
 * review_sheet.c: the review sheet of `claimledger review` (review_sheet.h;
 * the format is README.md's "Reviewing before signing"): written from an
 * extraction, read back into blocks and faults, marked with its faults for
 * the next round.  Every string from the article goes through the
 * escapes, which reading undoes.
 */
#include "cli/review_sheet.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/format.h"
#include "base/text.h"

#define WRAP 72 /* columns of a wrapped comment */

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
 * message) when an escape is not one or the result is not UTF-8 text (a
 * NUL included); *out NULL then.
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
	/* A record holds UTF-8 text only (and no NUL, which would cut it
	 * short here): say so at the line, not later as a failure. */
	if (cl_text_invalid_at(o, (size_t)(p - o)) != (size_t)-1) {
		free(o);
		*why = "not UTF-8 text: save the sheet as UTF-8";
		return -1;
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

void xsheet_write(const char *path, const struct cli_article *art)
{
	const cl_extraction *x = art->x;
	const cl_claim *c;
	FILE *f;
	size_t i;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		cli_die(EXIT_IO, "review: cannot write '%s': %s", path,
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
		cli_die(EXIT_IO, "review: cannot write '%s': %s", path,
			strerror(errno));
}

/* ---- reading the sheet ---------------------------------------------------- */

void xsheet_fault(struct sheet *sh, size_t line, const char *fmt, ...)
{
	va_list ap;
	char *m;

	if (sh->nf == SHEET_FAULTS_MAX)
		return;
	va_start(ap, fmt);
	m = cl_vformat(fmt, ap);
	va_end(ap);
	if (m == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	sh->f[sh->nf].line = line;
	sh->f[sh->nf].msg = m;
	sh->nf++;
}

void sheet_free(struct sheet *sh)
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
		       size_t nclaims, size_t *seen, struct sheet_entry *e)
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
		xsheet_fault(sh, lineno, "'%.*s' is not an action: a block starts with "
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
			xsheet_fault(sh, lineno, "'%.*s' is not a claim number of this "
				  "sheet (1 to %zu) or new", (int)(wn > 40 ? 40 : wn),
				  w, nclaims);
			return -1;
		}
		if (seen[id] != 0) {
			xsheet_fault(sh, lineno, "claim %llu is listed twice (first on "
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
		xsheet_fault(sh, lineno, "'%.*s' is not a kind: write direct or indirect",
			  (int)(wn > 40 ? 40 : wn), w);
		return -1;
	}
	if (unescape(s + i, n - i, &e->speaker, &why) != 0) {
		xsheet_fault(sh, lineno, "speaker: %s", why);
		return -1;
	}
	if (e->speaker[0] == '\0') {
		xsheet_fault(sh, lineno, "no speaker: write who made the claim after "
			  "the kind");
		return -1;
	}
	return 0;
}

/* Add a finished block to the sheet. */
static void entry_push(struct sheet *sh, const struct sheet_entry *e)
{
	struct sheet_entry *ne = realloc(sh->e, (sh->n + 1) * sizeof *sh->e);

	if (ne == NULL)
		cli_die(EXIT_IO, "review: out of memory");
	sh->e = ne;
	sh->e[sh->n++] = *e;
}

void xsheet_read(struct sheet *sh, const char *buf, size_t len, size_t nclaims)
{
	size_t pos = 0, lineno = 0, n = 0, *seen;
	struct sheet_entry cur = { 0 };
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
				xsheet_fault(sh, cur.line, "no 'text:' line after this "
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
					xsheet_fault(sh, lineno, "text: %s", why);
					bad = 1;
				} else if (cur.text[0] == '\0') {
					xsheet_fault(sh, lineno, "empty text: write the "
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
			xsheet_fault(sh, lineno, "a text line with no keep or drop line "
				  "above it");
			continue;
		}
		bad = action_read(sh, s, n, lineno, nclaims, seen, &cur) != 0;
		sh->blocks++;
		open = 1;
	}
	free(seen);
}

/* ---- marking errors ------------------------------------------------------ */

#define ERROR_MARK "# error: "

void xsheet_mark(const char *path, const struct sheet *sh, const char *buf,
		 size_t len, char **out, size_t *out_len)
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
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		cli_die(EXIT_IO, "review: cannot write '%s': %s", path,
			strerror(errno));
	fwrite(*out, 1, *out_len, f);
	if (ferror(f) | (fclose(f) != 0))
		cli_die(EXIT_IO, "review: cannot write '%s': %s", path,
			strerror(errno));
}

