/*
 * cosig.c: C2SP checkpoint cosignatures, Ed25519 "cosignature/v1"
 * (cosig.h).
 *
 * The note is read here with the same rules as note.c's cl_note_verify
 * (the text ends at the last blank line; every signature line is em dash,
 * space, name, space, base64), so a note either reads the same in both or
 * is refused by both.  Everything is found with memchr inside the given
 * length.
 */
#include "ledger/cosig.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/canon.h"
#include "ledger/note.h"

/* U+2014 EM DASH and a space: how every signature line starts. */
#define SIG_PREFIX "\xe2\x80\x94 "
#define SIG_PREFIX_LEN 4
/* base64 of CL_COSIG_BLOB bytes, without the NUL */
#define COSIG_B64_LEN (4 * ((CL_COSIG_BLOB + 2) / 3))
/* "cosignature/v1\ntime " + 20 digits + "\n" */
#define MSG_HEAD_MAX (sizeof CL_COSIG_HEADER + 5 + 20 + 1)

/* A signed note split into its text and signature lines. */
struct note_view {
	const char *note;
	size_t len;
	size_t text_len;  /* the text, final newline included */
	size_t sigs;      /* where the signature lines start */
};

/* One signature line; `blob` points into the caller's buffer. */
struct sig_line {
	const char *line;     /* the whole line, "\n" included */
	size_t line_len;
	const char *name;
	size_t name_len;
	const unsigned char *blob;
	size_t blob_len;
};

static void put_be32(unsigned char *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static void put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/*
 * Split `note` into text and signatures, with the checks of signed-note
 * step 1 that concern the whole note (size, UTF-8, control characters, a
 * blank line, at least one signature line, the final newline).
 */
static int note_open(const char *note, size_t len, struct note_view *v,
		     cl_error *err)
{
	size_t i;

	memset(v, 0, sizeof *v);
	if (len > CL_NOTE_MAX)
		return cl_error_set(err, CL_EINPUT, "signed note is larger than "
				    "%d bytes", CL_NOTE_MAX);
	for (i = 0; i < len; i++)
		if ((unsigned char)note[i] < 0x20 && note[i] != '\n')
			return cl_error_set(err, CL_EINPUT, "signed note: control "
					    "character 0x%02x at byte %zu",
					    (unsigned char)note[i], i);
	if (!cl_utf8_valid(note, len))
		return cl_error_set(err, CL_EINPUT, "signed note: not valid UTF-8");
	/* The text ends at the last blank line: the signatures hold none. */
	for (i = len; i >= 2; i--) {
		if (note[i - 2] == '\n' && note[i - 1] == '\n') {
			v->text_len = i - 1;
			break;
		}
	}
	if (v->text_len == 0)
		return cl_error_set(err, CL_EINPUT, "signed note: no blank line "
				    "before the signatures");
	v->sigs = v->text_len + 1;
	if (v->sigs == len)
		return cl_error_set(err, CL_EINPUT, "signed note: no signature lines");
	if (note[len - 1] != '\n')
		return cl_error_set(err, CL_EINPUT, "signed note: last signature "
				    "line does not end in a newline");
	v->note = note;
	v->len = len;
	return CL_OK;
}

/*
 * The next signature line from *pos (which starts at v->sigs), its base64
 * decoded into `dec` (`cap` bytes, at least the length of the signatures:
 * decoding only shrinks).  *n counts the lines.  1 with *s filled, 0 at
 * the end, or a negative CL_EINPUT for a malformed line.
 */
static int sig_next(const struct note_view *v, size_t *pos, unsigned *n,
		    unsigned char *dec, size_t cap, struct sig_line *s,
		    cl_error *err)
{
	const char *line, *nl, *sp, *b64;
	size_t line_len, b64_len;

	if (*pos >= v->len)
		return 0;
	/* note_open saw the final newline, so there is one. */
	line = v->note + *pos;
	nl = memchr(line, '\n', v->len - *pos);
	line_len = (size_t)(nl - line);
	*pos += line_len + 1;
	if (++*n > CL_NOTE_MAX_SIGS)
		return cl_error_set(err, CL_EINPUT, "signed note: more than %d "
				    "signatures", CL_NOTE_MAX_SIGS);
	if (line_len < SIG_PREFIX_LEN || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0)
		return cl_error_set(err, CL_EINPUT, "signed note: signature line "
				    "%u does not start with an em dash and a "
				    "space", *n);
	s->name = line + SIG_PREFIX_LEN;
	sp = memchr(s->name, ' ', line_len - SIG_PREFIX_LEN);
	if (sp == NULL)
		return cl_error_set(err, CL_EINPUT, "signed note: signature line "
				    "%u has no space after the key name", *n);
	s->name_len = (size_t)(sp - s->name);
	if (s->name_len == 0 || memchr(s->name, '+', s->name_len) != NULL)
		return cl_error_set(err, CL_EINPUT, "signed note: signature line "
				    "%u has a bad key name", *n);
	b64 = sp + 1;
	b64_len = line_len - SIG_PREFIX_LEN - s->name_len - 1;
	if (cl_b64_decode(dec, cap, &s->blob_len, b64, b64_len) != CL_OK)
		return cl_error_set(err, CL_EINPUT, "signed note: signature line "
				    "%u is not base64", *n);
	if (s->blob_len < 5)
		return cl_error_set(err, CL_EINPUT, "signed note: signature line "
				    "%u is too short", *n);
	s->line = line;
	s->line_len = line_len + 1;
	s->blob = dec;
	return 1;
}

/* 1 when line `s` is by the cosigner key (`name`, `keyid`). */
static int sig_is(const struct sig_line *s, const char *name, uint32_t keyid)
{
	size_t name_len = strlen(name);

	return s->name_len == name_len && memcmp(s->name, name, name_len) == 0 &&
	       (uint32_t)get_be(s->blob, 4) == keyid;
}

/* ---- witness keys ---------------------------------------------------------- */

uint32_t cl_cosig_keyid(const char *name, const unsigned char pk[CL_PUBKEY_BYTES])
{
	return cl_note_keyid_type(name, CL_SIGTYPE_COSIG, pk);
}

int cl_witness_parse(const char *line, size_t len, cl_witness *out,
		     cl_error *err)
{
	int rc = cl_vkey_parse_type(line, len, CL_SIGTYPE_COSIG, out->name,
				    out->pk, err);

	if (rc == CL_OK)
		out->keyid = cl_cosig_keyid(out->name, out->pk);
	return rc;
}

int cl_witness_load(const char *path, cl_witness *out, cl_error *err)
{
	int rc = cl_vkey_load_type(path, CL_SIGTYPE_COSIG, out->name, out->pk,
				   err);

	if (rc == CL_OK)
		out->keyid = cl_cosig_keyid(out->name, out->pk);
	return rc;
}

void cl_witness_of_key(const cl_seckey *k, cl_witness *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", cl_seckey_name(k));
	memcpy(out->pk, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	out->keyid = cl_cosig_keyid(out->name, out->pk);
}

/* ---- signing ----------------------------------------------------------------- */

int cl_cosig_message(const char *text, size_t len, uint64_t time, char **msg,
		     size_t *msg_len, cl_error *err)
{
	char head[MSG_HEAD_MAX];
	size_t head_len;
	char *buf;

	*msg = NULL;
	*msg_len = 0;
	if (len == 0 || text[len - 1] != '\n')
		return cl_error_set(err, CL_EINPUT, "note text must end in a newline");
	if (time > CL_COSIG_TIME_MAX)
		return cl_error_set(err, CL_EINPUT, "cosignature time %" PRIu64
				    " is over 2^63 - 1", time);
	if (len > CL_NOTE_MAX)
		return cl_error_set(err, CL_EINPUT, "note text is larger than %d "
				    "bytes", CL_NOTE_MAX);
	head_len = (size_t)snprintf(head, sizeof head, CL_COSIG_HEADER "\ntime %"
				    PRIu64 "\n", time);
	buf = malloc(head_len + len + 1);
	if (buf == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	memcpy(buf, head, head_len);
	memcpy(buf + head_len, text, len);
	buf[head_len + len] = '\0';
	*msg = buf;
	*msg_len = head_len + len;
	return CL_OK;
}

int cl_cosig_add(const cl_seckey *k, const char *note, size_t len,
		 uint64_t time, char **out, size_t *out_len, cl_error *err)
{
	const char *name = cl_seckey_name(k);
	uint32_t keyid = cl_cosig_keyid(name, cl_seckey_pubkey(k));
	unsigned char blob[CL_COSIG_BLOB], *dec = NULL;
	char b64[COSIG_B64_LEN + 1];
	char *msg = NULL, *buf = NULL, *p;
	size_t msg_len = 0, pos, name_len = strlen(name), cap;
	struct note_view v;
	struct sig_line s;
	unsigned n = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	rc = note_open(note, len, &v, err);
	if (rc != CL_OK)
		goto done;
	rc = cl_cosig_message(note, v.text_len, time, &msg, &msg_len, err);
	if (rc != CL_OK)
		goto done;
	/* The note, less nothing, plus one line "— name base64\n". */
	cap = len + SIG_PREFIX_LEN + name_len + 1 + COSIG_B64_LEN + 1;
	dec = malloc(len - v.sigs);
	buf = malloc(cap + 1);
	if (dec == NULL || buf == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(buf, note, v.sigs);
	p = buf + v.sigs;
	pos = v.sigs;
	while ((rc = sig_next(&v, &pos, &n, dec, len - v.sigs, &s, err)) == 1) {
		/* A witness that cosigns the same checkpoint again replaces
		 * its line: two lines by one key say nothing more. */
		if (sig_is(&s, name, keyid))
			continue;
		memcpy(p, s.line, s.line_len);
		p += s.line_len;
	}
	if (rc < 0)
		goto done;
	put_be32(blob, keyid);
	put_be64(blob + 4, time);
	cl_sign(k, blob + 12, msg, msg_len);
	cl_b64_encode(b64, blob, sizeof blob);
	p += (size_t)sprintf(p, SIG_PREFIX "%s %s\n", name, b64);
	*out_len = (size_t)(p - buf);
	if (*out_len > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "cosigned note would be larger "
				  "than %d bytes", CL_NOTE_MAX);
		*out_len = 0;
		goto done;
	}
	*out = buf;
	buf = NULL;
	rc = CL_OK;
done:
	free(buf);
	free(dec);
	free(msg);
	return rc;
}

/* ---- verifying ------------------------------------------------------------- */

/* 1 when `s` (a line by `w`) is a valid cosignature of text `v`. */
static int sig_valid(const struct note_view *v, const struct sig_line *s,
		     const cl_witness *w, cl_error *err, int *rc)
{
	char *msg = NULL;
	size_t msg_len = 0;
	uint64_t t;
	int ok;

	if (s->blob_len != CL_COSIG_BLOB)
		return 0;
	t = get_be(s->blob + 4, 8);
	if (t > CL_COSIG_TIME_MAX)
		return 0;
	*rc = cl_cosig_message(v->note, v->text_len, t, &msg, &msg_len, err);
	if (*rc != CL_OK)
		return 0;
	ok = cl_verify(w->pk, s->blob + 12, msg, msg_len);
	free(msg);
	return ok;
}

int cl_cosig_verify(const char *note, size_t len, const cl_witness *w,
		    uint64_t *time, cl_error *err)
{
	unsigned char *dec = NULL;
	struct note_view v;
	struct sig_line s;
	uint64_t t = 0;
	size_t pos;
	unsigned n = 0;
	int rc, found = 0, bad = 0;

	rc = note_open(note, len, &v, err);
	if (rc != CL_OK)
		goto done;
	dec = malloc(len - v.sigs);
	if (dec == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	pos = v.sigs;
	/* Every line is parsed before a verdict: a malformed note is refused
	 * as such (CL_EINPUT), whatever its signatures say. */
	while ((rc = sig_next(&v, &pos, &n, dec, len - v.sigs, &s, err)) == 1) {
		int vrc = CL_OK;

		if (!sig_is(&s, w->name, w->keyid))
			continue;
		if (sig_valid(&v, &s, w, err, &vrc)) {
			found = 1;
			t = get_be(s.blob + 4, 8);
		} else if (vrc != CL_OK) {
			rc = vrc;
			goto done;
		} else {
			bad = 1;
		}
	}
	if (rc < 0)
		goto done;
	if (bad)
		rc = cl_error_set(err, CL_EINTEGRITY, "cosignature by witness %s "
				  "does not verify", w->name);
	else if (!found)
		rc = CL_ENOTFOUND;
	else
		rc = CL_OK;
	if (rc == CL_OK && time != NULL)
		*time = t;
done:
	free(dec);
	return rc;
}

int cl_cosig_quorum(const char *note, size_t len, const cl_witness *w,
		    size_t nw, size_t quorum, size_t *valid, cl_error *err)
{
	size_t i, j, count = 0;
	int rc = CL_OK;

	if (valid != NULL)
		*valid = 0;
	if (quorum > nw)
		return cl_error_set(err, CL_EINPUT, "quorum %zu is more than the "
				    "%zu witness%s given", quorum, nw,
				    nw == 1 ? "" : "es");
	if (nw == 0) {
		struct note_view v;

		/* Nothing to count, but the note must still be one. */
		return note_open(note, len, &v, err);
	}
	for (i = 0; i < nw; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(w[j].name, w[i].name) == 0 &&
			    memcmp(w[j].pk, w[i].pk, CL_PUBKEY_BYTES) == 0)
				break;
		if (j < i)
			continue; /* the same witness given twice counts once */
		rc = cl_cosig_verify(note, len, &w[i], NULL, err);
		if (rc == CL_OK)
			count++;
		else if (rc != CL_ENOTFOUND)
			goto done;
	}
	rc = CL_OK;
	if (count < quorum)
		rc = cl_error_set(err, CL_EINTEGRITY, "checkpoint has %zu valid "
				  "witness cosignature%s, quorum is %zu", count,
				  count == 1 ? "" : "s", quorum);
done:
	if (valid != NULL)
		*valid = count;
	return rc;
}
