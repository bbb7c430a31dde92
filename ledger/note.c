/*
 * note.c: C2SP signed notes, tlog checkpoints and tlog proofs (note.h).
 *
 * Everything here reads untrusted text of a known length: no function
 * relies on a NUL terminator in its input, every line is found with
 * memchr inside the given bounds, and sizes are checked before anything is
 * allocated from them.
 */
#include "ledger/note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/canon.h"
#include "ledger/merkle.h"

/* U+2014 EM DASH and a space: how every signature line starts. */
#define SIG_PREFIX "\xe2\x80\x94 "
#define SIG_PREFIX_LEN 4
/* key id (4) || Ed25519 signature (64) */
#define SIG_BLOB (4 + CL_SIG_BYTES)
/* base64 of 32 bytes, without the NUL */
#define HASH_B64_LEN 44

/* ---- helpers ----------------------------------------------------------- */

/*
 * The signed-note rule for any text: valid UTF-8 and no control character
 * other than "\n".  `what` names the text in the message.
 */
static int text_check(const char *s, size_t len, const char *what,
		      cl_error *err)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\n')
			return cl_error_set(err, CL_EINPUT, "%s: control "
					    "character 0x%02x at byte %zu",
					    what, c, i);
	}
	if (!cl_utf8_valid(s, len))
		return cl_error_set(err, CL_EINPUT, "%s: not valid UTF-8", what);
	return CL_OK;
}

/* A decimal below 2^64 without sign, spaces or leading zeros ("0" is ok).
 * 1 on success, 0 otherwise. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20 || (s[0] == '0' && len > 1))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return 0;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

/*
 * Decode exactly 32 bytes of canonical base64.  Re-encoding and comparing
 * makes "canonical" independent of the decoder's leniency: there is then
 * only one text for each root, which matters for signed bodies.
 * 1 on success, 0 otherwise.
 */
static int decode_hash(const char *s, size_t len, unsigned char out[CL_HASH_BYTES])
{
	char back[HASH_B64_LEN + 1];
	size_t n = 0;

	if (len != HASH_B64_LEN)
		return 0;
	if (cl_b64_decode(out, CL_HASH_BYTES, &n, s, len) != CL_OK ||
	    n != CL_HASH_BYTES)
		return 0;
	cl_b64_encode(back, out, CL_HASH_BYTES);
	return memcmp(back, s, HASH_B64_LEN) == 0;
}

/*
 * The next line of buf[0..len) from *pos: *line and *line_len (without its
 * "\n"), *pos moved past the "\n".  0 when no complete line is left.
 */
static int next_line(const char *buf, size_t len, size_t *pos,
		     const char **line, size_t *line_len)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	nl = memchr(buf + *pos, '\n', len - *pos);
	if (nl == NULL)
		return 0;
	*line = buf + *pos;
	*line_len = (size_t)(nl - *line);
	*pos += *line_len + 1;
	return 1;
}

static void put_u32be(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get_u32be(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* ---- signed notes ------------------------------------------------------ */

int cl_note_sign(const cl_seckey *k, const char *text, size_t len, char **out,
		 size_t *out_len, cl_error *err)
{
	const char *name = cl_seckey_name(k);
	const unsigned char *pk = cl_seckey_pubkey(k);
	unsigned char blob[SIG_BLOB];
	char b64[4 * ((SIG_BLOB + 2) / 3) + 1];
	size_t name_len = strlen(name), total;
	char *buf = NULL, *p;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (len == 0 || text[len - 1] != '\n') {
		rc = cl_error_set(err, CL_EINPUT, "note text must end in a newline");
		goto done;
	}
	rc = text_check(text, len, "note text", err);
	if (rc != CL_OK)
		goto done;
	/* text "\n" "— " name " " base64 "\n" */
	total = len + 1 + SIG_PREFIX_LEN + name_len + 1 + (sizeof b64 - 1) + 1;
	if (len > CL_NOTE_MAX || total > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "signed note would be larger "
				  "than %d bytes", CL_NOTE_MAX);
		goto done;
	}
	put_u32be(blob, cl_note_keyid(name, pk));
	cl_sign(k, blob + 4, text, len);
	cl_b64_encode(b64, blob, sizeof blob);
	buf = malloc(total + 1);
	if (buf == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	p = buf;
	memcpy(p, text, len);
	p += len;
	*p++ = '\n';
	memcpy(p, SIG_PREFIX, SIG_PREFIX_LEN);
	p += SIG_PREFIX_LEN;
	memcpy(p, name, name_len);
	p += name_len;
	*p++ = ' ';
	memcpy(p, b64, sizeof b64 - 1);
	p += sizeof b64 - 1;
	*p++ = '\n';
	*p = '\0';
	*out = buf;
	*out_len = total;
done:
	return rc;
}

int cl_note_verify(const char *note, size_t len, const char *name,
		   const unsigned char pk[CL_PUBKEY_BYTES], size_t *text_len,
		   cl_error *err)
{
	size_t name_len = strlen(name), tlen = 0, pos, i, line_len, dec_len, cap;
	uint32_t keyid = cl_note_keyid(name, pk);
	unsigned char *dec = NULL;
	const char *line;
	unsigned nsig = 0;
	int found = 0, bad_sig = 0, rc = CL_OK;

	if (len > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "signed note is larger than "
				  "%d bytes", CL_NOTE_MAX);
		goto done;
	}
	rc = text_check(note, len, "signed note", err);
	if (rc != CL_OK)
		goto done;
	/* The text ends at the last blank line: the signatures hold none. */
	for (i = len; i >= 2; i--) {
		if (note[i - 2] == '\n' && note[i - 1] == '\n') {
			tlen = i - 1;
			break;
		}
	}
	if (tlen == 0) {
		rc = cl_error_set(err, CL_EINPUT, "signed note: no blank line "
				  "before the signatures");
		goto done;
	}
	pos = tlen + 1;
	if (pos == len) {
		rc = cl_error_set(err, CL_EINPUT, "signed note: no signature lines");
		goto done;
	}
	if (note[len - 1] != '\n') {
		rc = cl_error_set(err, CL_EINPUT, "signed note: last signature "
				  "line does not end in a newline");
		goto done;
	}
	/* Decoded signatures are shorter than their base64. */
	cap = len - pos;
	dec = malloc(cap);
	if (dec == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	while (next_line(note, len, &pos, &line, &line_len)) {
		const char *sname, *sp, *b64;
		size_t sname_len, b64_len;

		if (++nsig > CL_NOTE_MAX_SIGS) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: more than "
					  "%d signatures", CL_NOTE_MAX_SIGS);
			goto done;
		}
		if (line_len < SIG_PREFIX_LEN ||
		    memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: signature "
					  "line %u does not start with an em "
					  "dash and a space", nsig);
			goto done;
		}
		sname = line + SIG_PREFIX_LEN;
		sp = memchr(sname, ' ', line_len - SIG_PREFIX_LEN);
		if (sp == NULL) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: signature "
					  "line %u has no space after the key "
					  "name", nsig);
			goto done;
		}
		sname_len = (size_t)(sp - sname);
		b64 = sp + 1;
		b64_len = line_len - SIG_PREFIX_LEN - sname_len - 1;
		if (sname_len == 0 || memchr(sname, '+', sname_len) != NULL) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: signature "
					  "line %u has a bad key name", nsig);
			goto done;
		}
		if (cl_b64_decode(dec, cap, &dec_len, b64, b64_len) != CL_OK) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: signature "
					  "line %u is not base64", nsig);
			goto done;
		}
		if (dec_len < 5) {
			rc = cl_error_set(err, CL_EINPUT, "signed note: signature "
					  "line %u is too short", nsig);
			goto done;
		}
		/* Name and key id both match: a known key, which must
		 * verify.  Any other line belongs to someone else (a
		 * witness, a rotated key) and is ignored, as the spec says. */
		if (sname_len != name_len || memcmp(sname, name, name_len) != 0 ||
		    get_u32be(dec) != keyid)
			continue;
		/* A bad one fails the note, but only once every line has
		 * been parsed: a malformed note is refused as such (SPEC's
		 * order: step 1 before step 2), whatever its signatures. */
		if (dec_len != SIG_BLOB || !cl_verify(pk, dec + 4, note, tlen)) {
			if (!bad_sig)
				rc = cl_error_set(err, CL_EINTEGRITY, "signed note: "
						  "signature by %s does not verify", name);
			bad_sig = 1;
			continue;
		}
		found = 1;
	}
	if (bad_sig)
		goto done;
	if (!found) {
		rc = cl_error_set(err, CL_EINTEGRITY, "signed note: no signature "
				  "by key %s", name);
		goto done;
	}
	if (text_len != NULL)
		*text_len = tlen;
done:
	free(dec);
	return rc;
}

int cl_note_verify_vkey(const char *note, size_t len, const char *vkey,
			size_t *text_len, cl_error *err)
{
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	int rc;

	rc = cl_vkey_parse(vkey, strlen(vkey), name, pk, err);
	if (rc != CL_OK)
		return rc;
	return cl_note_verify(note, len, name, pk, text_len, err);
}

/* ---- checkpoints ------------------------------------------------------- */

int cl_checkpoint_format(const cl_checkpoint *cp, char **out, size_t *out_len,
			 cl_error *err)
{
	const char *end = memchr(cp->origin, '\0', sizeof cp->origin);
	char b64[HASH_B64_LEN + 1], size[21];
	size_t olen, total;
	char *buf;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (end == NULL || end == cp->origin)
		return cl_error_set(err, CL_EINPUT, "checkpoint origin is empty "
				    "or longer than %d bytes", CL_ORIGIN_MAX);
	olen = (size_t)(end - cp->origin);
	if (memchr(cp->origin, '\n', olen) != NULL)
		return cl_error_set(err, CL_EINPUT, "checkpoint origin has a newline");
	rc = text_check(cp->origin, olen, "checkpoint origin", err);
	if (rc != CL_OK)
		return rc;
	cl_b64_encode(b64, cp->root, CL_HASH_BYTES);
	snprintf(size, sizeof size, "%" PRIu64, cp->size);
	total = olen + 1 + strlen(size) + 1 + HASH_B64_LEN + 1;
	buf = malloc(total + 1);
	if (buf == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	snprintf(buf, total + 1, "%s\n%s\n%s\n", cp->origin, size, b64);
	*out = buf;
	*out_len = total;
	return CL_OK;
}

int cl_checkpoint_parse(const char *text, size_t len, cl_checkpoint *out,
			cl_error *err)
{
	const char *line;
	size_t pos = 0, line_len;
	unsigned n;
	int rc;

	memset(out, 0, sizeof *out);
	if (len > CL_NOTE_MAX)
		return cl_error_set(err, CL_EINPUT, "checkpoint is larger than "
				    "%d bytes", CL_NOTE_MAX);
	if (len == 0 || text[len - 1] != '\n')
		return cl_error_set(err, CL_EINPUT, "checkpoint does not end "
				    "in a newline");
	rc = text_check(text, len, "checkpoint", err);
	if (rc != CL_OK)
		return rc;
	/* Every line ends in "\n", so next_line only fails at the end. */
	if (!next_line(text, len, &pos, &line, &line_len) || line_len == 0)
		return cl_error_set(err, CL_EINPUT, "checkpoint line 1: empty origin");
	if (line_len > CL_ORIGIN_MAX)
		return cl_error_set(err, CL_EINPUT, "checkpoint line 1: origin "
				    "longer than %d bytes", CL_ORIGIN_MAX);
	memcpy(out->origin, line, line_len);
	out->origin[line_len] = '\0';
	if (!next_line(text, len, &pos, &line, &line_len))
		return cl_error_set(err, CL_EINPUT, "checkpoint line 2: tree "
				    "size missing");
	if (!parse_u64(line, line_len, &out->size))
		return cl_error_set(err, CL_EINPUT, "checkpoint line 2: tree "
				    "size is not a decimal without leading zeros");
	if (!next_line(text, len, &pos, &line, &line_len))
		return cl_error_set(err, CL_EINPUT, "checkpoint line 3: root "
				    "hash missing");
	if (!decode_hash(line, line_len, out->root))
		return cl_error_set(err, CL_EINPUT, "checkpoint line 3: root "
				    "hash is not the base64 of 32 bytes");
	for (n = 4; next_line(text, len, &pos, &line, &line_len); n++)
		if (line_len == 0)
			return cl_error_set(err, CL_EINPUT, "checkpoint line %u: "
					    "empty extension line", n);
	return CL_OK;
}

int cl_checkpoint_sign(const cl_checkpoint *cp, const cl_seckey *k,
		       char **out, size_t *out_len, cl_error *err)
{
	char *body = NULL;
	size_t body_len;
	int rc;

	*out = NULL;
	*out_len = 0;
	rc = cl_checkpoint_format(cp, &body, &body_len, err);
	if (rc != CL_OK)
		goto done;
	rc = cl_note_sign(k, body, body_len, out, out_len, err);
done:
	free(body);
	return rc;
}

int cl_checkpoint_open(const char *note, size_t len, const char *name,
		       const unsigned char pk[CL_PUBKEY_BYTES],
		       const char *origin, cl_checkpoint *out, cl_error *err)
{
	size_t tlen;
	int rc;

	memset(out, 0, sizeof *out);
	rc = cl_note_verify(note, len, name, pk, &tlen, err);
	if (rc != CL_OK)
		return rc;
	rc = cl_checkpoint_parse(note, tlen, out, err);
	if (rc != CL_OK)
		return rc;
	if (origin != NULL && strcmp(out->origin, origin) != 0)
		return cl_error_set(err, CL_EINTEGRITY, "checkpoint origin '%s' "
				    "is not '%s'", out->origin, origin);
	return CL_OK;
}

/* ---- tlog proofs ------------------------------------------------------- */

int cl_tlog_proof_format(uint64_t index, const unsigned char *hashes,
			 size_t count, const char *checkpoint, size_t cp_len,
			 const unsigned char *extra, size_t extra_len,
			 char **out, size_t *out_len, cl_error *err)
{
	const size_t hlen = sizeof CL_TLOG_PROOF_HEADER - 1;
	size_t total, i, xlen = 0;
	char idx[32];
	char *buf = NULL, *p;
	int rc = CL_OK;

	*out = NULL;
	*out_len = 0;
	if (count > CL_MERKLE_MAX_INCLUSION) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof: %zu hashes, at "
				  "most %d", count, CL_MERKLE_MAX_INCLUSION);
		goto done;
	}
	if (cp_len == 0 || cp_len > CL_NOTE_MAX ||
	    checkpoint[cp_len - 1] != '\n') {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof: the checkpoint is "
				  "empty, too large or lacks its final newline");
		goto done;
	}
	if (extra != NULL) {
		if (extra_len > CL_NOTE_MAX) {
			rc = cl_error_set(err, CL_EINPUT, "tlog proof: extra data "
					  "larger than %d bytes", CL_NOTE_MAX);
			goto done;
		}
		xlen = cl_b64_len(extra_len) - 1;
	}
	snprintf(idx, sizeof idx, "index %" PRIu64 "\n", index);
	total = hlen + 1 + (extra != NULL ? 6 + xlen + 1 : 0) + strlen(idx) +
		count * (HASH_B64_LEN + 1) + 1 + cp_len;
	if (total > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof would be larger "
				  "than %d bytes", CL_NOTE_MAX);
		goto done;
	}
	buf = malloc(total + 1);
	if (buf == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	p = buf;
	memcpy(p, CL_TLOG_PROOF_HEADER "\n", hlen + 1);
	p += hlen + 1;
	if (extra != NULL) {
		memcpy(p, "extra ", 6);
		p += 6;
		/* cl_b64_encode writes a NUL, overwritten by the newline */
		cl_b64_encode(p, extra, extra_len);
		p += xlen;
		*p++ = '\n';
	}
	memcpy(p, idx, strlen(idx));
	p += strlen(idx);
	for (i = 0; i < count; i++) {
		cl_b64_encode(p, hashes + i * CL_HASH_BYTES, CL_HASH_BYTES);
		p += HASH_B64_LEN;
		*p++ = '\n';
	}
	*p++ = '\n';
	memcpy(p, checkpoint, cp_len);
	p += cp_len;
	*p = '\0';
	*out = buf;
	*out_len = total;
	buf = NULL;
done:
	free(buf);
	return rc;
}

void cl_tlog_proof_release(cl_tlog_proof *p)
{
	if (p == NULL)
		return;
	free(p->hashes);
	free(p->extra);
	free(p->checkpoint);
	memset(p, 0, sizeof *p);
}

int cl_tlog_proof_parse(const char *text, size_t len, cl_tlog_proof *out,
			cl_error *err)
{
	unsigned char hashes[CL_MERKLE_MAX_INCLUSION * CL_HASH_BYTES];
	const size_t hlen = sizeof CL_TLOG_PROOF_HEADER - 1;
	size_t pos = 0, line_len, count = 0;
	const char *line;
	unsigned n = 1;
	int rc = CL_OK, blank = 0;

	memset(out, 0, sizeof *out);
	if (len > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof is larger than %d "
				  "bytes", CL_NOTE_MAX);
		goto fail;
	}
	if (!next_line(text, len, &pos, &line, &line_len) || line_len != hlen ||
	    memcmp(line, CL_TLOG_PROOF_HEADER, hlen) != 0) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof line 1: not "
				  "\"%s\"", CL_TLOG_PROOF_HEADER);
		goto fail;
	}
	if (!next_line(text, len, &pos, &line, &line_len)) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof: truncated after "
				  "line %u", n);
		goto fail;
	}
	n++;
	if (line_len >= 6 && memcmp(line, "extra ", 6) == 0) {
		size_t b64_len = line_len - 6;

		out->has_extra = 1;
		if (b64_len > 0) {
			out->extra = malloc(b64_len);
			if (out->extra == NULL) {
				rc = cl_error_set(err, CL_ENOMEM, "out of memory");
				goto fail;
			}
			if (cl_b64_decode(out->extra, b64_len, &out->extra_len,
					  line + 6, b64_len) != CL_OK) {
				rc = cl_error_set(err, CL_EINPUT, "tlog proof "
						  "line %u: extra data is not "
						  "base64", n);
				goto fail;
			}
		}
		if (!next_line(text, len, &pos, &line, &line_len)) {
			rc = cl_error_set(err, CL_EINPUT, "tlog proof: truncated "
					  "after line %u", n);
			goto fail;
		}
		n++;
	}
	if (line_len < 6 || memcmp(line, "index ", 6) != 0 ||
	    !parse_u64(line + 6, line_len - 6, &out->index)) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof line %u: not "
				  "\"index N\" with N a decimal without leading "
				  "zeros", n);
		goto fail;
	}
	while (next_line(text, len, &pos, &line, &line_len)) {
		n++;
		if (line_len == 0) {
			blank = 1;
			break;
		}
		if (count == CL_MERKLE_MAX_INCLUSION) {
			rc = cl_error_set(err, CL_EINPUT, "tlog proof line %u: "
					  "more than %d hashes", n,
					  CL_MERKLE_MAX_INCLUSION);
			goto fail;
		}
		if (!decode_hash(line, line_len, hashes + count * CL_HASH_BYTES)) {
			rc = cl_error_set(err, CL_EINPUT, "tlog proof line %u: "
					  "not the base64 of a 32-byte hash", n);
			goto fail;
		}
		count++;
	}
	if (!blank) {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof: truncated, no "
				  "empty line before the checkpoint");
		goto fail;
	}
	if (pos == len || text[len - 1] != '\n') {
		rc = cl_error_set(err, CL_EINPUT, "tlog proof: the checkpoint is "
				  "missing or lacks its final newline");
		goto fail;
	}
	out->checkpoint_len = len - pos;
	out->checkpoint = malloc(out->checkpoint_len + 1);
	if (out->checkpoint == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto fail;
	}
	memcpy(out->checkpoint, text + pos, out->checkpoint_len);
	out->checkpoint[out->checkpoint_len] = '\0';
	if (count > 0) {
		out->hashes = malloc(count * CL_HASH_BYTES);
		if (out->hashes == NULL) {
			rc = cl_error_set(err, CL_ENOMEM, "out of memory");
			goto fail;
		}
		memcpy(out->hashes, hashes, count * CL_HASH_BYTES);
	}
	out->count = count;
	return CL_OK;
fail:
	cl_tlog_proof_release(out);
	return rc;
}

int cl_tlog_proof_verify(const char *text, size_t len,
			 const unsigned char leaf_hash[CL_HASH_BYTES],
			 const char *name,
			 const unsigned char pk[CL_PUBKEY_BYTES],
			 const char *origin, cl_checkpoint *cp,
			 uint64_t *index, cl_error *err)
{
	cl_tlog_proof p;
	cl_checkpoint c;
	int rc;

	rc = cl_tlog_proof_parse(text, len, &p, err);
	if (rc != CL_OK)
		return rc;
	rc = cl_checkpoint_open(p.checkpoint, p.checkpoint_len, name, pk,
				origin, &c, err);
	if (rc != CL_OK) {
		cl_error_prefix(err, "tlog proof");
		goto done;
	}
	rc = cl_merkle_verify_inclusion(leaf_hash, p.index, c.size, p.hashes,
					p.count, c.root, err);
	if (rc != CL_OK) {
		cl_error_prefix(err, "tlog proof");
		goto done;
	}
	if (cp != NULL)
		*cp = c;
	if (index != NULL)
		*index = p.index;
done:
	cl_tlog_proof_release(&p);
	return rc;
}
