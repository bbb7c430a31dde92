/*
 * report.c: the static HTML report (report.h is the manual).
 *
 * Two passes over the claims: the first groups them (by article, by
 * speaker) and counts verdicts, keeping seqs only; the second writes the
 * page, re-reading each claim's view when its card is written.
 */
#include "ledger/report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/grow.h"
#include "base/fold.h"
#include "base/text.h"
#include "crypto/crypto.h"
#include "ledger/facts.h"
#include "ledger/note.h"
#include "ledger/url.h"

#define NRATINGS 7             /* cl_rating_scale's entries */
#define NBUCKETS (NRATINGS + 1) /* the scale, then "not rated" */
#define SENTENCE_MAX 600       /* bytes looked at either side of a span */

/* ---- escaping ------------------------------------------------------------- */

/* The length of the well-formed UTF-8 character at s[0..n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF are not characters. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

int cl_html_text(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, n;
	const char *esc;

	while (i < len) {
		unsigned char c = p[i];
		n = 1;
		esc = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
		    : c == '"' ? "&quot;" : c == '\'' ? "&#39;" : NULL;
		if (esc == NULL && ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f))
			esc = "\xef\xbf\xbd";
		if (esc == NULL && c >= 0x80 && (n = utf8_len(p + i, len - i)) == 0) {
			esc = "\xef\xbf\xbd";
			n = 1;
		}
		if (esc == NULL) {
			i += n;
			continue;
		}
		if ((i > run && fwrite(s + run, 1, i - run, out) != i - run) ||
		    fputs(esc, out) < 0)
			return CL_EIO;
		i += n;
		run = i;
	}
	if (len > run && fwrite(s + run, 1, len - run, out) != len - run)
		return CL_EIO;
	return CL_OK;
}

/* ---- the writer ------------------------------------------------------------ */

/* Output state: a write error is remembered and reported once, at the end
 * (stdio keeps the error flag too), so that each line need not test it. */
struct html {
	FILE *out;
	int bad;
};

/* Markup of our own (never third-party text). */
static void put(struct html *h, const char *s)
{
	if (fputs(s, h->out) < 0)
		h->bad = 1;
}

static void putf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(h->out, fmt, ap) < 0)
		h->bad = 1;
	va_end(ap);
}

/* Third-party text, escaped. */
static void text(struct html *h, const char *s)
{
	if (cl_html_text(h->out, s, strlen(s)) != CL_OK)
		h->bad = 1;
}

static void textn(struct html *h, const char *s, size_t n)
{
	if (cl_html_text(h->out, s, n) != CL_OK)
		h->bad = 1;
}

/* A stored URL: a link when it passes the URL policy, else plain text. */
static void link(struct html *h, const char *url, const char *label)
{
	if (!cl_url_valid(url, strlen(url))) {
		text(h, *label ? label : url);
		return;
	}
	put(h, "<a href=\"");
	text(h, url);
	put(h, "\" rel=\"noopener noreferrer\">");
	text(h, *label ? label : url);
	put(h, "</a>");
}

static const char *str(const json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));

	return s ? s : "";
}

/* ---- grouping (pass 1) ----------------------------------------------------- */

struct group {
	char *key;                 /* article: document hex or "source " + URL;
				      speaker: the name case-folded */
	char *name;                /* the speaker or the source as first seen */
	char *date;                /* article: its first claim's date */
	uint64_t counts[NBUCKETS]; /* claims per verdict bucket */
	uint64_t *seqs;            /* the claims, in seq order */
	size_t n, cap;
};

/* Groups in order of first appearance, found by key through an open
 * addressing table of indexes (slot value 0: empty, else index + 1). */
struct groups {
	struct group *g;
	size_t n, cap;
	size_t *slot;
	size_t nslots; /* a power of two, at least twice n */
};

static uint64_t hash_key(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int groups_grow(struct groups *gs)
{
	size_t nslots = gs->nslots ? gs->nslots * 2 : 64, i, j;
	size_t *slot = calloc(nslots, sizeof *slot);

	if (slot == NULL)
		return CL_ENOMEM;
	for (i = 0; i < gs->n; i++) {
		j = hash_key(gs->g[i].key) & (nslots - 1);
		while (slot[j])
			j = (j + 1) & (nslots - 1);
		slot[j] = i + 1;
	}
	free(gs->slot);
	gs->slot = slot;
	gs->nslots = nslots;
	return CL_OK;
}

/* The group of `key`, made (with `name`, `date`) when new; NULL when out
 * of memory. */
static struct group *groups_get(struct groups *gs, const char *key,
				const char *name, const char *date)
{
	struct group *g;
	size_t j;

	if (2 * (gs->n + 1) > gs->nslots && groups_grow(gs) != CL_OK)
		return NULL;
	j = hash_key(key) & (gs->nslots - 1);
	for (; gs->slot[j]; j = (j + 1) & (gs->nslots - 1))
		if (strcmp(gs->g[gs->slot[j] - 1].key, key) == 0)
			return &gs->g[gs->slot[j] - 1];
	if ((g = cl_grow(gs->g, &gs->cap, gs->n, sizeof *g, 16)) == NULL)
		return NULL;
	gs->g = g;
	g = &gs->g[gs->n];
	memset(g, 0, sizeof *g);
	g->key = strdup(key);
	g->name = strdup(name);
	g->date = strdup(date);
	if (g->key == NULL || g->name == NULL || g->date == NULL) {
		free(g->key);
		free(g->name);
		free(g->date);
		return NULL;
	}
	gs->slot[j] = ++gs->n;
	return g;
}

static int group_add(struct group *g, uint64_t seq, int bucket)
{
	uint64_t *s = cl_grow(g->seqs, &g->cap, g->n, sizeof *s, 8);

	if (s == NULL)
		return CL_ENOMEM;
	g->seqs = s;
	g->seqs[g->n++] = seq;
	g->counts[bucket]++;
	return CL_OK;
}

static void groups_free(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++) {
		free(gs->g[i].key);
		free(gs->g[i].name);
		free(gs->g[i].date);
		free(gs->g[i].seqs);
	}
	free(gs->g);
	free(gs->slot);
	memset(gs, 0, sizeof *gs);
}

/* The verdict bucket of a view: its rating's place on the scale, or
 * NRATINGS when not rated. */
static int bucket_of(const cl_fact *f)
{
	size_t n;
	const cl_rating *scale = cl_rating_scale(&n);

	return f->rating ? (int)(f->rating - scale) : NRATINGS;
}

struct pass1 {
	cl_ledger *l;
	uint64_t size; /* claims at or past it are not in the report */
	struct groups articles, speakers;
	uint64_t counts[NBUCKETS];
	uint64_t claims;
	cl_error *err;
};

static int pass1_claim(void *ctx, const cl_record *r)
{
	struct pass1 *p = ctx;
	cl_fact f = { 0 };
	struct group *a, *s;
	const char *doc, *speaker;
	char *key = NULL, *folded = NULL;
	size_t n;
	int rc, b;

	if (r->seq >= p->size)
		return CL_OK;
	if ((rc = cl_fact_load(p->l, r, 0, &f, p->err)) != CL_OK)
		return rc;
	b = bucket_of(&f);
	doc = str(f.current, "document");
	speaker = cl_fact_str(&f, "speaker");
	n = strlen(doc) + strlen(cl_fact_str(&f, "source")) + sizeof "source ";
	rc = CL_ENOMEM;
	if ((key = malloc(n)) == NULL)
		goto out;
	if (*doc)
		snprintf(key, n, "%s", doc);
	else
		snprintf(key, n, "source %s", cl_fact_str(&f, "source"));
	if ((a = groups_get(&p->articles, key, cl_fact_str(&f, "source"),
			    cl_fact_str(&f, "date"))) == NULL ||
	    group_add(a, r->seq, b) != CL_OK)
		goto out;
	/* One speaker as `list --speaker` and `stats` see one (base/fold.h). */
	if (cl_fold_words(speaker, strlen(speaker), &folded, &n) != 0)
		goto out;
	if ((s = groups_get(&p->speakers, folded, speaker, "")) == NULL ||
	    group_add(s, r->seq, b) != CL_OK)
		goto out;
	p->counts[b]++;
	p->claims++;
	rc = CL_OK;
out:
	if (rc == CL_ENOMEM)
		cl_error_set(p->err, CL_ENOMEM, "out of memory");
	free(key);
	free(folded);
	cl_fact_free(&f);
	return rc;
}

/* ---- the page -------------------------------------------------------------- */

static const char style[] =
	"<style>\n"
	"body{font:15px/1.45 Georgia,'Times New Roman',serif;color:#1a1a1a;"
	"max-width:60rem;margin:1.5rem auto;padding:0 1rem;background:#fff}\n"
	"h1,h2,h3,nav,table,.meta,.history,.badge,.id{font-family:"
	"system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif}\n"
	"pre,code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,"
	"monospace;font-size:.85em}\n"
	"h1{font-size:1.6rem;margin:0 0 .2rem}h2{border-bottom:2px solid #222;"
	"padding-bottom:.2rem;margin-top:2rem}h3{margin:1.5rem 0 .5rem;font-size:1.1rem}\n"
	".sub{color:#555;margin:0 0 1rem}nav a{margin-right:1rem}\n"
	"table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}"
	"th,td{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
	"td.n{text-align:right}thead th{background:#f0f0f0}\n"
	".claim{border:1px solid #ccc;border-left:6px solid #999;padding:.5rem .8rem;"
	"margin:.7rem 0;break-inside:avoid}\n"
	".meta{font-size:.85rem;color:#444}.text{margin:.4rem 0;font-size:1.05rem;"
	"white-space:pre-wrap}\n"
	".sentence{margin:.3rem 0;color:#333;white-space:pre-wrap}"
	".sentence mark{background:#fff3a8}.label{font-size:.8rem;color:#666}\n"
	".history{font-size:.8rem;color:#333;margin:.3rem 0;padding-left:1.2rem}"
	".history .note{white-space:pre-wrap}\n"
	".id{font-size:.75rem;color:#666;word-break:break-all}\n"
	".badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;"
	"font-size:.8rem;font-weight:bold;color:#fff;background:#777}\n"
	".v-true{background:#1b7a3a}.v-mostly-true{background:#5b9a2f}"
	".v-mixed{background:#b08900}.v-mostly-false{background:#c25e00}"
	".v-false{background:#b3261e}.v-misleading{background:#7b3fa0}"
	".v-unproven{background:#555}.v-none{background:#fff;color:#555;"
	"border:1px solid #999}\n"
	".claim.b-true{border-left-color:#1b7a3a}.claim.b-mostly-true{border-left-color:#5b9a2f}"
	".claim.b-mixed{border-left-color:#b08900}.claim.b-mostly-false{border-left-color:#c25e00}"
	".claim.b-false{border-left-color:#b3261e}.claim.b-misleading{border-left-color:#7b3fa0}\n"
	"pre{background:#f6f6f6;border:1px solid #ddd;padding:.5rem;font-size:.8rem;"
	"white-space:pre-wrap;word-break:break-all}\n"
	"ul.by-speaker{font-size:.9rem;padding-left:1.2rem}\n"
	".pending{color:#b3261e;font-size:.8rem}\n"
	"@media print{body{max-width:none;margin:0;font-size:11pt}nav{display:none}"
	".badge{border:1px solid #000;color:#000;background:#fff!important}"
	".claim{border-left-width:3px}h2{break-after:avoid}h3{break-after:avoid}"
	"a{color:#000;text-decoration:none}"
	".claim a[href]::after,.history a[href]::after{content:' <' attr(href) '>';"
	"font-size:.75rem;word-break:break-all}"
	"pre{background:#fff}}\n"
	"</style>\n";

static const char *bucket_name(int b)
{
	size_t n;

	return b < NRATINGS ? cl_rating_scale(&n)[b].name : "none";
}

static const char *bucket_label(int b)
{
	size_t n;

	return b < NRATINGS ? cl_rating_scale(&n)[b].label : "Not rated";
}

static void badge(struct html *h, int b)
{
	putf(h, "<span class=\"badge v-%s\">%s</span>", bucket_name(b), bucket_label(b));
}

/* Speakers by claims, most first, then by name. */
static int by_count(const void *x, const void *y)
{
	const struct group *a = x, *b = y;

	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->key, b->key);
}

struct page {
	struct html h;
	cl_ledger *l;
	cl_ledger_info li;
	struct pass1 p;
	char *note;      /* the latest checkpoint; NULL: none */
	size_t note_len;
	cl_checkpoint cp;
	cl_error *err;
};

static void write_summary(struct page *pg)
{
	struct html *h = &pg->h;
	size_t i;
	int b;

	put(h, "<section id=\"summary\">\n<h2>Summary</h2>\n");
	putf(h, "<p>%llu claim%s from %llu article%s by %llu speaker%s.</p>\n",
	     (unsigned long long)pg->p.claims, pg->p.claims == 1 ? "" : "s",
	     (unsigned long long)pg->p.articles.n, pg->p.articles.n == 1 ? "" : "s",
	     (unsigned long long)pg->p.speakers.n, pg->p.speakers.n == 1 ? "" : "s");
	put(h, "<h3>By verdict</h3>\n<table id=\"by-verdict\">\n"
	    "<thead><tr><th>Verdict</th><th>Claims</th></tr></thead>\n<tbody>\n");
	for (b = 0; b < NBUCKETS; b++) {
		putf(h, "<tr data-verdict=\"%s\"><td>", bucket_name(b));
		badge(h, b);
		putf(h, "</td><td class=\"n\">%llu</td></tr>\n",
		     (unsigned long long)pg->p.counts[b]);
	}
	put(h, "</tbody>\n</table>\n<h3>By speaker</h3>\n<table id=\"by-speaker-summary\">\n"
	    "<thead><tr><th>Speaker</th><th>Claims</th>");
	for (b = 0; b < NBUCKETS; b++)
		putf(h, "<th>%s</th>", bucket_label(b));
	put(h, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < pg->p.speakers.n; i++) {
		const struct group *g = &pg->p.speakers.g[i];
		putf(h, "<tr><th><a href=\"#s%zu\">", i);
		text(h, *g->name ? g->name : "(no speaker)");
		putf(h, "</a></th><td class=\"n\">%llu</td>", (unsigned long long)g->n);
		for (b = 0; b < NBUCKETS; b++)
			if (g->counts[b])
				putf(h, "<td class=\"n\">%llu</td>",
				     (unsigned long long)g->counts[b]);
			else
				put(h, "<td></td>");
		put(h, "</tr>\n");
	}
	put(h, "</tbody>\n</table>\n</section>\n");
}

static void write_checkpoint(struct page *pg)
{
	struct html *h = &pg->h;
	char root[64], vkey[CL_VKEY_MAX];
	uint64_t pending;

	put(h, "<section id=\"checkpoint\">\n<h2>Checkpoint</h2>\n");
	cl_vkey_format(vkey, pg->li.origin, pg->li.owner);
	if (pg->note == NULL) {
		putf(h, "<p>This ledger has no signed checkpoint yet: its %llu records "
		     "are not pinned by the owner's signature.  The owner makes one with "
		     "<code>claimledger checkpoint --key OWNER</code>.</p>\n",
		     (unsigned long long)pg->li.size);
	} else {
		cl_b64_encode(root, pg->cp.root, CL_HASH_BYTES);
		put(h, "<table id=\"checkpoint-head\">\n<tbody>\n<tr><th>Origin</th><td>");
		text(h, pg->cp.origin);
		putf(h, "</td></tr>\n<tr><th>Size</th><td>%llu records</td></tr>\n"
		     "<tr><th>Root</th><td><code>%s</code></td></tr>\n<tr><th>Owner key"
		     "</th><td><code>", (unsigned long long)pg->cp.size, root);
		text(h, vkey);
		put(h, "</code></td></tr>\n</tbody>\n</table>\n"
		    "<p>The checkpoint as the owner signed it (a C2SP signed note):</p>\n"
		    "<pre id=\"checkpoint-note\">");
		textn(h, pg->note, pg->note_len);
		put(h, "</pre>\n");
		pending = pg->li.size > pg->cp.size ? pg->li.size - pg->cp.size : 0;
		if (pending)
			putf(h, "<p class=\"pending\">%llu record%s appended after this "
			     "checkpoint %s not yet covered by a signature; the owner signs "
			     "them with <code>claimledger checkpoint --key OWNER</code>.</p>\n",
			     (unsigned long long)pending, pending == 1 ? "" : "s",
			     pending == 1 ? "is" : "are");
		put(h, "<p>How to check it.  Save the note above as "
		    "<code>checkpoint.txt</code> and the owner key line as "
		    "<code>owner.pub</code>.  Anyone holding an export and the key, "
		    "without the ledger:</p>\n<pre>claimledger export --format jsonl "
		    "--out ledger.jsonl        # by whoever holds the ledger\n"
		    "claimledger verify-export ledger.jsonl --pubkey owner.pub\n");
		putf(h, "# prints: verified export: %llu records, root %s\n</pre>\n",
		     (unsigned long long)pg->cp.size, root);
		put(h, "<p>With the ledger itself (every record, and that the ledger "
		    "only grew since this checkpoint):</p>\n<pre>claimledger verify "
		    "--checkpoint checkpoint.txt</pre>\n<p>One claim's inclusion, "
		    "offline: <code>claimledger prove SEQ --checkpoint checkpoint.txt "
		    "&gt; claim.proof</code>, then <code>claimledger verify-proof "
		    "claim.proof --pubkey owner.pub --record LINE</code> with the "
		    "claim's line of the export.</p>\n");
	}
	put(h, "</section>\n");
}

/* One history entry of facts.h's cl_fact_apply; `covered`: the size of
 * the latest checkpoint (0: none). */
static void write_history_entry(struct html *h, const json_t *e, uint64_t covered)
{
	const char *type = str(e, "type"), *key;
	json_t *v, *ch;
	size_t i;

	putf(h, "<li>seq %lld &middot; <time>", (long long)json_integer_value(json_object_get(e, "seq")));
	textn(h, str(e, "time"), strnlen(str(e, "time"), 10));
	put(h, "</time> &middot; ");
	if (strcmp(type, "verdict") == 0) {
		const cl_rating *r = cl_rating_find(str(e, "rating"));
		size_t n;
		put(h, "verdict ");
		if (r)
			badge(h, (int)(r - cl_rating_scale(&n)));
		else
			text(h, str(e, "rating"));
		if (*str(e, "note")) {
			put(h, " <span class=\"note\">");
			text(h, str(e, "note"));
			put(h, "</span>");
		}
		json_array_foreach(json_object_get(e, "evidence"), i, v) {
			put(h, i == 0 ? " &middot; evidence: " : ", ");
			link(h, json_string_value(v) ? json_string_value(v) : "", "");
		}
	} else {
		put(h, "correction: <span class=\"note\">");
		text(h, str(e, "reason"));
		put(h, "</span>");
		json_object_foreach(json_object_get(e, "changes"), key, ch) {
			json_t *from = json_object_get(ch, "from"), *to = json_object_get(ch, "to");
			char *a = from ? json_dumps(from, JSON_ENCODE_ANY) : NULL;
			char *b = to ? json_dumps(to, JSON_ENCODE_ANY) : NULL;
			put(h, "; ");
			text(h, key);
			put(h, ": ");
			text(h, json_is_string(from) ? json_string_value(from) : a ? a : "(none)");
			put(h, " &rarr; ");
			text(h, json_is_string(to) ? json_string_value(to) : b ? b : "");
			free(a);
			free(b);
		}
	}
	if ((uint64_t)json_integer_value(json_object_get(e, "seq")) >= covered)
		put(h, " &middot; <span class=\"pending\">not yet in a signed "
		    "checkpoint</span>");
	put(h, "</li>\n");
}

/* The sentence of the archived article around the claim's span, or the
 * recorded context. */
static void write_sentence(struct html *h, const cl_fact *f, const char *doc,
			   size_t len)
{
	json_t *jo = json_object_get(f->current, "offset");
	json_t *jl = json_object_get(f->current, "length");
	size_t off, n, a, b;

	if (doc != NULL && json_is_integer(jo) && json_is_integer(jl) &&
	    json_integer_value(jo) >= 0 && json_integer_value(jl) >= 0 &&
	    (uint64_t)json_integer_value(jo) <= len &&
	    (uint64_t)json_integer_value(jl) <= len - (size_t)json_integer_value(jo)) {
		off = (size_t)json_integer_value(jo);
		n = (size_t)json_integer_value(jl);
		cl_text_sentence_around(doc, len, off, n, SENTENCE_MAX, &a, &b);
		put(h, "<p class=\"sentence\"><span class=\"label\">In the article: </span>");
		textn(h, doc + a, off - a);
		put(h, "<mark>");
		textn(h, doc + off, n);
		put(h, "</mark>");
		textn(h, doc + off + n, b - off - n);
		put(h, "</p>\n");
	} else if (*str(f->current, "context")) {
		put(h, "<p class=\"sentence\"><span class=\"label\">Context: </span>");
		text(h, str(f->current, "context"));
		put(h, "</p>\n");
	}
}

static void write_card(struct page *pg, const cl_fact *f, const char *doc, size_t len)
{
	struct html *h = &pg->h;
	int b = bucket_of(f);
	json_t *e;
	size_t i;

	putf(h, "<article class=\"claim b-%s\" id=\"c%llu\" data-verdict=\"%s\">\n"
	     "<div class=\"meta\">#%llu ", bucket_name(b), (unsigned long long)f->seq,
	     bucket_name(b), (unsigned long long)f->seq);
	badge(h, b);
	put(h, " <span class=\"speaker\">");
	text(h, *cl_fact_str(f, "speaker") ? cl_fact_str(f, "speaker") : "(no speaker)");
	put(h, "</span> &middot; <time>");
	text(h, cl_fact_str(f, "date"));
	put(h, "</time>");
	if (*cl_fact_str(f, "kind")) {
		put(h, " &middot; ");
		text(h, cl_fact_str(f, "kind"));
	}
	if (f->ncorrections)
		put(h, " &middot; corrected");
	if (pg->note == NULL || f->seq >= pg->cp.size)
		put(h, " &middot; <span class=\"pending\">not yet in a signed checkpoint</span>");
	put(h, "</div>\n<blockquote class=\"text\">");
	text(h, cl_fact_str(f, "text"));
	put(h, "</blockquote>\n");
	write_sentence(h, f, doc, len);
	if (json_array_size(f->history) > 0) {
		put(h, "<ol class=\"history\">\n");
		json_array_foreach(f->history, i, e)
			write_history_entry(h, e, pg->note ? pg->cp.size : 0);
		put(h, "</ol>\n");
	}
	putf(h, "<div class=\"id\">id %s &middot; source ", f->id);
	link(h, cl_fact_str(f, "source"), "");
	put(h, "</div>\n</article>\n");
}

/* The view of claim `seq` (with its history when `flags` says so). */
static int load_claim(struct page *pg, uint64_t seq, unsigned flags, cl_fact *f)
{
	cl_record r;
	int rc;

	if ((rc = cl_ledger_get(pg->l, seq, &r, pg->err)) != CL_OK)
		return rc;
	rc = cl_fact_load(pg->l, &r, flags, f, pg->err);
	cl_record_release(&r);
	return rc;
}

static int write_articles(struct page *pg)
{
	struct html *h = &pg->h;
	unsigned char id[CL_HASH_BYTES];
	size_t i, j, len;
	char *doc;
	int rc = CL_OK;

	put(h, "<section id=\"by-article\">\n<h2>Claims by article</h2>\n");
	for (i = 0; rc == CL_OK && i < pg->p.articles.n; i++) {
		const struct group *g = &pg->p.articles.g[i];
		int is_doc = strncmp(g->key, "source ", 7) != 0;
		doc = NULL;
		len = 0;
		/* One archived article in memory at a time; a missing one (an
		 * import that did not archive it) leaves the recorded context. */
		if (is_doc && strlen(g->key) == 2 * CL_HASH_BYTES &&
		    cl_hex_decode(id, CL_HASH_BYTES, g->key, strlen(g->key)) == 0) {
			cl_error e = { 0 };
			rc = cl_ledger_get_document(pg->l, id, &doc, &len, &e);
			if (rc == CL_ENOTFOUND)
				rc = CL_OK;
			else if (rc != CL_OK)
				*pg->err = e;
		}
		putf(h, "<section class=\"article\" id=\"a%zu\">\n<h3>", i);
		link(h, g->name, *g->name ? "" : "(no source)");
		put(h, "</h3>\n<p class=\"meta\">");
		text(h, g->date);
		putf(h, " &middot; %llu claim%s", (unsigned long long)g->n, g->n == 1 ? "" : "s");
		if (is_doc) {
			put(h, " &middot; archived article <span class=\"id\">sha256 ");
			text(h, g->key);
			put(h, doc ? "</span>" : "</span> (not in this ledger)");
		}
		put(h, "</p>\n");
		for (j = 0; rc == CL_OK && j < g->n; j++) {
			cl_fact f = { 0 };
			if ((rc = load_claim(pg, g->seqs[j], CL_FACT_HISTORY, &f)) == CL_OK)
				write_card(pg, &f, doc, len);
			cl_fact_free(&f);
		}
		put(h, "</section>\n");
		free(doc);
	}
	put(h, "</section>\n");
	return rc;
}

static int write_speakers(struct page *pg)
{
	struct html *h = &pg->h;
	size_t i, j;
	int rc = CL_OK, b;

	put(h, "<section id=\"by-speaker\">\n<h2>Claims by speaker</h2>\n");
	for (i = 0; rc == CL_OK && i < pg->p.speakers.n; i++) {
		const struct group *g = &pg->p.speakers.g[i];
		putf(h, "<section class=\"speaker\" id=\"s%zu\">\n<h3>", i);
		text(h, *g->name ? g->name : "(no speaker)");
		putf(h, "</h3>\n<p class=\"meta\">%llu claim%s", (unsigned long long)g->n,
		     g->n == 1 ? "" : "s");
		for (b = 0; b < NBUCKETS; b++)
			if (g->counts[b])
				putf(h, " &middot; %s %llu", bucket_label(b),
				     (unsigned long long)g->counts[b]);
		put(h, "</p>\n<ul class=\"by-speaker\">\n");
		for (j = 0; rc == CL_OK && j < g->n; j++) {
			cl_fact f = { 0 };
			if ((rc = load_claim(pg, g->seqs[j], 0, &f)) != CL_OK)
				break;
			putf(h, "<li><a href=\"#c%llu\">#%llu</a> ", (unsigned long long)f.seq,
			     (unsigned long long)f.seq);
			badge(h, bucket_of(&f));
			put(h, " ");
			text(h, cl_fact_str(&f, "text"));
			put(h, " <span class=\"meta\">(");
			text(h, cl_fact_str(&f, "date"));
			put(h, ")</span></li>\n");
			cl_fact_free(&f);
		}
		put(h, "</ul>\n</section>\n");
	}
	put(h, "</section>\n");
	return rc;
}

static void write_head(struct page *pg)
{
	struct html *h = &pg->h;

	put(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    /* Nothing on the page may load or run anything. */
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	    "style-src 'unsafe-inline'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n<title>Claim ledger: ");
	text(&pg->h, pg->li.origin);
	put(h, "</title>\n");
	put(h, style);
	put(h, "</head>\n<body>\n<header>\n<h1>Claim ledger report</h1>\n<p class=\"sub\">");
	text(h, pg->li.origin);
	putf(h, " &middot; %llu records</p>\n<nav><a href=\"#summary\">Summary</a>"
	     "<a href=\"#by-article\">By article</a><a href=\"#by-speaker\">By speaker</a>"
	     "<a href=\"#checkpoint\">Checkpoint</a></nav>\n</header>\n<main>\n",
	     (unsigned long long)pg->li.size);
}

int cl_report_html(cl_ledger *l, FILE *out, cl_report_info *info, cl_error *err)
{
	struct page pg;
	cl_query q = { 0 };
	int rc;

	memset(&pg, 0, sizeof pg);
	pg.h.out = out;
	pg.l = l;
	pg.err = err;
	pg.p.l = l;
	pg.p.err = err;
	if ((rc = cl_ledger_read_info(l, &pg.li, err)) != CL_OK)
		return rc;
	pg.p.size = pg.li.size;
	rc = cl_ledger_latest_checkpoint(l, &pg.note, &pg.note_len, &pg.cp, err);
	if (rc == CL_ENOTFOUND) {
		pg.note = NULL;
		rc = CL_OK;
	}
	q.type = "claim";
	if (rc == CL_OK)
		rc = cl_ledger_query(l, &q, pass1_claim, &pg.p, err);
	if (rc == CL_OK) {
		/* Speakers most quoted first; the article order stays the
		 * ledger's (first claim first). */
		if (pg.p.speakers.n > 1)
			qsort(pg.p.speakers.g, pg.p.speakers.n, sizeof *pg.p.speakers.g,
			      by_count);
		errno = 0;
		write_head(&pg);
		write_summary(&pg);
		rc = write_articles(&pg);
	}
	if (rc == CL_OK)
		rc = write_speakers(&pg);
	if (rc == CL_OK) {
		write_checkpoint(&pg);
		put(&pg.h, "</main>\n<footer class=\"meta\"><p>Written by claimledger "
		    "export --format html.  Every claim, verdict and correction above is a "
		    "signed record of the ledger; the checkpoint section says how to "
		    "check them.</p></footer>\n</body>\n</html>\n");
		if (pg.h.bad || fflush(out) != 0 || ferror(out))
			rc = cl_error_set(err, CL_EIO, "cannot write the report: %s",
					  strerror(errno ? errno : EIO));
	}
	if (rc == CL_OK && info) {
		info->claims = pg.p.claims;
		info->articles = pg.p.articles.n;
		info->speakers = pg.p.speakers.n;
	}
	free(pg.note);
	groups_free(&pg.p.articles);
	groups_free(&pg.p.speakers);
	return rc;
}
