/*
 * witness.c: the witness's state and its rule (witness.h).
 */
#include "ledger/witness.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/file.h"
#include "ledger/cosig.h"
#include "ledger/merkle.h"

#define HASH_B64_LEN 44

struct cl_witness_state {
	int lock_fd;
	char origin[CL_ORIGIN_MAX + 1];
	char *path;       /* <dir>/<hex> */
};

/* ---- consistency proof files ---------------------------------------------- */

int cl_consistency_proof_parse(const char *text, size_t len,
			       unsigned char **hashes, size_t *count,
			       cl_error *err)
{
	unsigned char *out = NULL, h[CL_HASH_BYTES];
	char back[HASH_B64_LEN + 1];
	size_t pos = 0, n = 0, dec = 0;
	int rc = CL_OK;

	*hashes = NULL;
	*count = 0;
	out = malloc(CL_MERKLE_MAX_CONSISTENCY * CL_HASH_BYTES);
	if (out == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t line_len = nl ? (size_t)(nl - line) : len - pos;

		if (nl == NULL) {
			rc = cl_error_set(err, CL_EINPUT, "consistency proof line "
					  "%zu does not end in a newline", n + 1);
			goto done;
		}
		if (n == CL_MERKLE_MAX_CONSISTENCY) {
			rc = cl_error_set(err, CL_EINPUT, "consistency proof has "
					  "more than %d lines",
					  CL_MERKLE_MAX_CONSISTENCY);
			goto done;
		}
		/* Canonical: re-encoding gives the same text back. */
		if (line_len != HASH_B64_LEN ||
		    cl_b64_decode(h, sizeof h, &dec, line, line_len) != CL_OK ||
		    dec != CL_HASH_BYTES) {
			rc = cl_error_set(err, CL_EINPUT, "consistency proof line "
					  "%zu is not the base64 of a 32-byte "
					  "hash", n + 1);
			goto done;
		}
		cl_b64_encode(back, h, sizeof h);
		if (memcmp(back, line, HASH_B64_LEN) != 0) {
			rc = cl_error_set(err, CL_EINPUT, "consistency proof line "
					  "%zu is not canonical base64", n + 1);
			goto done;
		}
		memcpy(out + n * CL_HASH_BYTES, h, CL_HASH_BYTES);
		n++;
		pos += line_len + 1;
	}
	if (n > 0) {
		*hashes = out;
		*count = n;
		out = NULL;
	}
done:
	free(out);
	return rc;
}

/* ---- files ------------------------------------------------------------------ */

/* mkdir -p with mode 0700 for what it creates. */
static int dir_make(const char *dir, cl_error *err)
{
	char *p, *s;
	int rc = CL_OK;

	if (dir[0] == '\0')
		return cl_error_set(err, CL_EINPUT, "the witness state directory "
				    "is an empty name");
	p = strdup(dir);
	if (p == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = cl_error_set(err, CL_EIO, "cannot make the witness "
					  "state directory '%s': %s", p,
					  strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return rc;
}

/* ---- state ------------------------------------------------------------------ */

int cl_witness_state_open(const char *dir, const char *origin,
			  cl_witness_state **out, cl_error *err)
{
	unsigned char h[CL_HASH_BYTES];
	char hex[2 * CL_HASH_BYTES + 1], *lock = NULL;
	cl_witness_state *s = NULL;
	size_t n;
	int rc;

	*out = NULL;
	if (strlen(origin) > CL_ORIGIN_MAX)
		return cl_error_set(err, CL_EINPUT, "origin longer than %d bytes",
				    CL_ORIGIN_MAX);
	rc = dir_make(dir, err);
	if (rc != CL_OK)
		return rc;
	cl_sha256(h, origin, strlen(origin));
	cl_hex_encode(hex, h, sizeof h);
	n = strlen(dir) + 1 + sizeof hex + sizeof ".lock";
	s = calloc(1, sizeof *s);
	lock = malloc(n);
	if (s == NULL || lock == NULL || (s->path = malloc(n)) == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto fail;
	}
	s->lock_fd = -1;
	snprintf(s->origin, sizeof s->origin, "%s", origin);
	snprintf(s->path, n, "%s/%s", dir, hex);
	snprintf(lock, n, "%s/%s.lock", dir, hex);
	s->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s->lock_fd < 0) {
		rc = cl_error_set(err, CL_EIO, "cannot open '%s': %s", lock,
				  strerror(errno));
		goto fail;
	}
	/* One witness run per origin at a time: reading the state, checking
	 * and writing the new one are one step (tlog-witness's race). */
	while (flock(s->lock_fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			rc = cl_error_set(err, CL_EIO, "cannot lock '%s': %s",
					  lock, strerror(errno));
			goto fail;
		}
	}
	free(lock);
	*out = s;
	return CL_OK;
fail:
	free(lock);
	cl_witness_state_close(s);
	return rc;
}

void cl_witness_state_close(cl_witness_state *s)
{
	if (s == NULL)
		return;
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* releases the flock */
	free(s->path);
	free(s);
}

const char *cl_witness_state_path(const cl_witness_state *s)
{
	return s->path;
}

/* The note in the state file: *note NULL when there is none yet. */
static int state_read(const cl_witness_state *s, char **note, size_t *len,
		      cl_error *err)
{
	char *buf = NULL;
	size_t n = 0;
	ssize_t r;
	int fd, rc = CL_OK;

	*note = NULL;
	*len = 0;
	fd = open(s->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return CL_OK;
	if (fd < 0)
		return cl_error_set(err, CL_EIO, "cannot open the witness state "
				    "'%s': %s", s->path, strerror(errno));
	buf = malloc(CL_NOTE_MAX + 2);
	if (buf == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "out of memory");
		goto done;
	}
	while (n <= CL_NOTE_MAX &&
	       (r = read(fd, buf + n, CL_NOTE_MAX + 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = cl_error_set(err, CL_EIO, "cannot read the witness "
					  "state '%s': %s", s->path,
					  strerror(errno));
			goto done;
		}
		n += (size_t)r;
	}
	if (n > CL_NOTE_MAX) {
		rc = cl_error_set(err, CL_EIO, "witness state '%s' is larger "
				  "than %d bytes: damaged", s->path, CL_NOTE_MAX);
		goto done;
	}
	buf[n] = '\0';
	*note = buf;
	*len = n;
	buf = NULL;
done:
	free(buf);
	close(fd);
	return rc;
}

/*
 * The checkpoint of the state note `note`: it must carry this witness's
 * valid cosignature and be for s->origin, or the state is damaged (or was
 * made by another witness key).
 */
static int state_checkpoint(const cl_witness_state *s, const char *note,
			    size_t len, const cl_seckey *k, cl_checkpoint *cp,
			    cl_error *err)
{
	cl_witness me;
	const char *end;
	int rc;

	cl_witness_of_key(k, &me);
	rc = cl_cosig_verify(note, len, &me, NULL, err);
	if (rc == CL_ENOMEM)
		return rc;
	if (rc != CL_OK)
		return cl_error_set(err, CL_EIO, "witness state '%s' does not "
				    "carry a valid cosignature by %s: damaged, or "
				    "kept by another witness key (each witness "
				    "key needs its own state directory)", s->path,
				    me.name);
	/* cl_cosig_verify read it as a note: the text ends at "\n\n". */
	end = NULL;
	for (size_t i = len; i >= 2; i--)
		if (note[i - 2] == '\n' && note[i - 1] == '\n') {
			end = note + i - 1;
			break;
		}
	rc = end ? cl_checkpoint_parse(note, (size_t)(end - note), cp, err)
		 : CL_EINPUT;
	if (rc != CL_OK || strcmp(cp->origin, s->origin) != 0)
		return cl_error_set(err, CL_EIO, "witness state '%s' is not a "
				    "checkpoint of '%s': damaged", s->path,
				    s->origin);
	return CL_OK;
}

/* ---- the rule --------------------------------------------------------------- */

/* The rule of witness.h between the state `old` and the new `cp`. */
static int consistent(const cl_checkpoint *old, const cl_checkpoint *cp,
		      const unsigned char *proof, size_t count, cl_error *err)
{
	const char *why = NULL;
	cl_error perr = { 0 };

	if (cp->size < old->size)
		why = "it is smaller";
	else if (cp->size == old->size &&
		 !cl_memeq(cp->root, old->root, CL_HASH_BYTES))
		why = "another root at the same size (a fork)";
	else if (cp->size > old->size && proof == NULL && old->size > 0)
		return cl_error_set(err, CL_EINPUT, "checkpoint '%s' grew from "
				    "size %" PRIu64 " to %" PRIu64 " since this "
				    "witness cosigned it: give the consistency "
				    "proof from %" PRIu64 " to %" PRIu64
				    " ('claimledger consistency %" PRIu64 " %"
				    PRIu64 "' prints it)", cp->origin,
				    old->size, cp->size, old->size, cp->size,
				    old->size, cp->size);
	else if (cp->size > old->size &&
		 cl_merkle_verify_consistency(old->size, cp->size, old->root,
					      cp->root, proof, count,
					      &perr) != CL_OK)
		why = "the consistency proof does not verify";
	if (why == NULL)
		return CL_OK;
	return cl_error_set(err, CL_EINTEGRITY, "checkpoint '%s' size %" PRIu64
			    " is not consistent with the one this witness "
			    "cosigned at size %" PRIu64 ": %s", cp->origin,
			    cp->size, old->size, why);
}

int cl_witness_cosign(cl_witness_state *s, const char *note, size_t len,
		      const unsigned char log_pk[CL_PUBKEY_BYTES],
		      const unsigned char *proof, size_t count,
		      const cl_seckey *k, uint64_t time, char **out,
		      size_t *out_len, cl_witness_result *res, cl_error *err)
{
	static const unsigned char empty_root[CL_HASH_BYTES] = {
		0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4,
		0xc8, 0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b,
		0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
	};
	cl_witness_result r;
	cl_checkpoint old;
	char *state = NULL, *cosigned = NULL;
	size_t state_len = 0, cosigned_len = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	memset(&r, 0, sizeof r);
	/* The log's signature, under its origin (the first line) as key name. */
	rc = cl_checkpoint_open(note, len, s->origin, log_pk, s->origin, &r.cp,
				err);
	if (rc != CL_OK)
		goto done;
	if (r.cp.size == 0 && !cl_memeq(r.cp.root, empty_root, CL_HASH_BYTES)) {
		rc = cl_error_set(err, CL_EINTEGRITY, "checkpoint '%s' of size 0 "
				  "does not have the empty tree's root",
				  r.cp.origin);
		goto done;
	}
	rc = state_read(s, &state, &state_len, err);
	if (rc != CL_OK)
		goto done;
	r.first = state == NULL;
	if (!r.first) {
		rc = state_checkpoint(s, state, state_len, k, &old, err);
		if (rc != CL_OK)
			goto done;
		r.old_size = old.size;
		rc = consistent(&old, &r.cp, proof, count, err);
		if (rc != CL_OK)
			goto done;
	}
	rc = cl_cosig_add(k, note, len, time, &cosigned, &cosigned_len, err);
	if (rc != CL_OK)
		goto done;
	/* Remember before handing out (tlog-witness: persist first). */
	rc = cl_file_replace(s->path, cosigned, cosigned_len, 0600, 0, err);
	if (rc != CL_OK)
		goto done;
	*out = cosigned;
	*out_len = cosigned_len;
	cosigned = NULL;
	if (res != NULL)
		*res = r;
done:
	free(cosigned);
	free(state);
	return rc;
}
