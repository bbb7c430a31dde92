/*
 * record.h: record bodies and the rules that chain them.
 *
 * A record is (body, sig).  The body is a canonical JSON object (canon.h);
 * its id is SHA-256 of the body bytes; `sig` is Ed25519 over
 * CL_SIG_CONTEXT followed by the body bytes.  SPEC.md is the normative text;
 * this header is the C manual for it.
 *
 * Two halves:
 *   - building and checking one body: cl_record_build, cl_body_check,
 *     cl_record_id, cl_record_sign, cl_record_sig_ok; for a verifier,
 *     cl_record_precheck (from a jansson tree) or cl_record_quick (one
 *     pass over the canonical bytes, no tree), and what the rest needs of
 *     a body, cl_body_facts (the shape rules: record_shape.c);
 *   - cl_chain: the state a verifier keeps while it reads records in seq
 *     order (next seq, previous id, owner, editors).  Every rule that spans
 *     records lives here, so the store, `verify` and `verify-export` apply
 *     exactly the same rules.
 */
#ifndef CL_RECORD_H
#define CL_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "crypto/crypto.h"
#include "base/error.h"

#define CL_RECORD_VERSION 1
#define CL_SIG_CONTEXT "claimledger/record/v1\n"
#define CL_FIELD_MAX (64 * 1024)   /* bytes in one string field */
#define CL_BODY_MAX (1024 * 1024)  /* bytes in one canonical body */
#define CL_ID_HEX 64               /* lowercase hex chars in an id */
#define CL_TIME_LEN 20             /* "YYYY-MM-DDTHH:MM:SSZ" */

typedef enum cl_type {
	CL_TYPE_UNKNOWN = 0,
	CL_TYPE_GENESIS,
	CL_TYPE_EDITOR,
	CL_TYPE_CLAIM,
	CL_TYPE_VERDICT,
	CL_TYPE_CORRECTION,
	CL_TYPE_ALIAS,
	CL_TYPE_CONFIG,
} cl_type;
#define CL_TYPE_MAX CL_TYPE_CONFIG /* the last known type */

/* "genesis" -> CL_TYPE_GENESIS ...; CL_TYPE_UNKNOWN for anything else.
 * cl_type_name gives "unknown" for CL_TYPE_UNKNOWN, never NULL. */
cl_type cl_type_from_name(const char *name);
const char *cl_type_name(cl_type t);

/* 1 when `s` is "YYYY-MM-DD" and a real calendar date, else 0. */
int cl_date_valid(const char *s);

/* `t` (seconds since the epoch, UTC) as "YYYY-MM-DDTHH:MM:SSZ" into
 * out[CL_TIME_LEN + 1].  CL_EINPUT when out of years 0000..9999. */
int cl_time_format(int64_t t, char out[CL_TIME_LEN + 1]);

/*
 * The reverse: "YYYY-MM-DDTHH:MM:SSZ" (a real date in the proleptic
 * Gregorian calendar, hours 00..23, minutes and seconds 00..59: no leap
 * second, no fraction, no other zone) to seconds since the epoch in *out
 * (may be NULL to only check).  CL_OK, or CL_EINPUT.
 */
int cl_time_parse(const char *s, int64_t *out);

/*
 * Check one body's shape against SPEC.md, without looking at other records:
 * the common members (v, seq, type, time, prev, signer) and the members of
 * its type, every string valid UTF-8 of at most CL_FIELD_MAX bytes with no
 * control character (a newline is allowed in text, context, note, reason
 * only), dates YYYY-MM-DD, ids 64 lowercase hex, keys base64 of 32 bytes,
 * a genesis at seq 0 and only there, prev all zeros at seq 0 and only
 * there, a claim's pinned provenance (offset and length together, only
 * with a document, and given by a direct quote citing one), a
 * correction's offset and length together, no float or null, nesting within CL_CANON_MAX_DEPTH, and the
 * canonical form at most CL_BODY_MAX bytes.  Members of no known meaning
 * are allowed (forward compatibility) under the same generic rules.
 * CL_EINPUT with the member at fault, named "<type>.<member>"
 * ("claim.date: not YYYY-MM-DD"; "body.type: ..." before the type is
 * known), CL_ENOMEM.
 */
int cl_body_check(const json_t *body, cl_error *err);

/*
 * The claim members a correction may carry a corrected value of, in the
 * order readers apply them (SPEC.md, "The current view of a claim"): text,
 * speaker, source, date, kind, offset, length.  A correction that carries
 * any of them must have a claim as its target (cl_chain_push).
 */
#define CL_NCORRECTED 7
extern const char *const cl_corrected_members[CL_NCORRECTED];

/* 1 when the correction `body` carries a corrected value (a member of
 * cl_corrected_members), else 0.  Cannot fail. */
int cl_correction_has_values(const json_t *body);

/*
 * The verdict members a correction may carry a corrected value of:
 * rating, note.  A correction that carries one must target a verdict
 * (SPEC.md "References"); readers show the verdict with them applied, the
 * latest correction of a member winning (ledger/facts.h).
 */
#define CL_NVERDICT_CORRECTED 2
extern const char *const cl_verdict_corrected_members[CL_NVERDICT_CORRECTED];

/* 1 when the correction `body` carries a member of
 * cl_verdict_corrected_members, else 0.  Cannot fail. */
int cl_correction_has_verdict_values(const json_t *body);

/*
 * Build a body: a copy of `fields` (an object with at least "type" and the
 * members of that type) with v, seq, time, prev and signer set (replacing
 * any such members of `fields`, which is not changed), checked by
 * cl_body_check and canonicalised.  *out is malloc'd and NUL-terminated,
 * the caller frees it; NULL on failure.  `prev` is the previous record's
 * id (32 bytes; all zero for seq 0).  CL_EINPUT (the message names the
 * member: "claim.date: not YYYY-MM-DD"), CL_ENOMEM.
 */
int cl_record_build(const json_t *fields, uint64_t seq,
		    const unsigned char prev[CL_HASH_BYTES],
		    const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
		    char **out, size_t *out_len, cl_error *err);

/* cl_record_build, also giving (when obj is not NULL) the body as a JSON
 * object: a new reference, the exact value of *out. */
int cl_record_build_obj(const json_t *fields, uint64_t seq,
			const unsigned char prev[CL_HASH_BYTES],
			const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
			char **out, size_t *out_len, json_t **obj, cl_error *err);

/* cl_record_build_obj that takes the caller's reference to `fields`
 * (success or not) and, when it was the only one, builds the body in that
 * very object instead of a copy: for a caller that would drop `fields`
 * right after. */
int cl_record_build_take(json_t *fields, uint64_t seq,
			 const unsigned char prev[CL_HASH_BYTES],
			 const unsigned char signer[CL_PUBKEY_BYTES], int64_t time,
			 char **out, size_t *out_len, json_t **obj, cl_error *err);

/* id = SHA-256(body). Cannot fail. */
void cl_record_id(unsigned char id[CL_HASH_BYTES], const char *body, size_t len);

/* Sign CL_SIG_CONTEXT || body (a message built in a heap buffer, hence
 * the only error: CL_ENOMEM, `sig` then zeroed). */
int cl_record_sign(const cl_seckey *k, const char *body, size_t len,
		   unsigned char sig[CL_SIG_BYTES]);

/* 1 when `sig` is pk's signature of CL_SIG_CONTEXT || body, else 0 (also
 * when out of memory: an unchecked signature is never taken as good). */
int cl_record_sig_ok(const unsigned char pk[CL_PUBKEY_BYTES],
		     const unsigned char sig[CL_SIG_BYTES], const char *body,
		     size_t len);

/* ---- the chain ---------------------------------------------------------- */

typedef struct cl_chain cl_chain;

/* One editor as the chain sees it. */
typedef struct cl_editor {
	char name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	uint64_t added;    /* seq of the add record (0 for the owner) */
	uint64_t revoked;  /* seq of the revoke record, UINT64_MAX while active */
	int is_owner;
} cl_editor;

/* A chain expecting record 0 (a genesis). CL_ENOMEM. Free with cl_chain_free. */
int cl_chain_new(cl_chain **out, cl_error *err);
void cl_chain_free(cl_chain *c);

/*
 * Set a new chain's state directly from a trusted source (the store, which
 * keeps it in LMDB) instead of replaying records 0..next-1.  Editors are
 * then added with cl_chain_restore_editor().  `origin` is copied.
 * The owner becomes editor 0 (is_owner, added 0, never revoked) here; a
 * later cl_chain_restore_editor() of that same owner entry is accepted and
 * changes nothing.  The in-memory id table starts empty, so a restored
 * chain needs cl_chain_set_lookup() before it can accept a verdict or a
 * correction pointing at a record before `next_seq`.
 * CL_EINPUT when the chain is not new, next_seq is 0 or above 2^53-1, or
 * origin or owner_name is not a valid key name; CL_ENOMEM.
 *
 * cl_chain_restore_editor: `e` is copied.  CL_EINPUT when no
 * cl_chain_restore() came first, the name is not a valid key name, `added`
 * is not in 1..next_seq-1, `revoked` is neither UINT64_MAX nor in
 * added+1..next_seq-1, an active entry would share its name or key with
 * another active one, or `e` claims to be an owner other than the one
 * restored; CL_ENOMEM.  Entries may come in any order.
 */
int cl_chain_restore(cl_chain *c, uint64_t next_seq,
		     const unsigned char last_id[CL_HASH_BYTES],
		     const unsigned char owner[CL_PUBKEY_BYTES],
		     const char *origin, const char *owner_name, cl_error *err);
int cl_chain_restore_editor(cl_chain *c, const cl_editor *e, cl_error *err);

/* Flags for cl_chain_push. */
#define CL_CHAIN_SKIP_SIG 1 /* the caller checks the signature itself */
/* The body is the exact output of cl_record_build in this process (so it is
 * canonical and passed cl_body_check): it is parsed without re-encoding it
 * and without a second shape check.  Every other check still runs.  Never
 * for bytes read from a file, a ledger or the network. */
#define CL_CHAIN_BUILT 2
/* With CL_CHAIN_BUILT only: `id_out` already holds the body's id (the
 * caller hashed these very bytes), so it is not hashed again. */
#define CL_CHAIN_HAVE_ID 4
/* With CL_CHAIN_BUILT only: *parsed holds, on entry, the object that
 * cl_record_build_obj gave with these very bytes; the chain takes that
 * reference (success or not) instead of parsing the body again. */
#define CL_CHAIN_PARSED 8
/* *parsed holds, on entry, the object cl_record_precheck made of these very
 * bytes (it returned CL_OK), and `id_out` the id it gave: the body's
 * stateless checks are done, on any thread, so the chain runs only the
 * ones that need its state.  The chain takes the reference. */
#define CL_CHAIN_CHECKED 16

/*
 * The checks of cl_chain_push that need no chain state, for bytes from
 * anywhere: at most CL_BODY_MAX bytes, canonical JSON (cl_canon_parse),
 * cl_body_check; then the id.  Safe to call from several threads at
 * once.  CL_OK with a new reference in *obj (the caller owns it) and the
 * id; otherwise CL_EINTEGRITY or CL_ENOMEM, *obj NULL, and `err` (may be
 * NULL) without the seq prefix: a caller that wants cl_chain_push's exact
 * message pushes the bytes without CL_CHAIN_CHECKED.
 */
int cl_record_precheck(const char *body, size_t len, json_t **obj,
		       unsigned char id[CL_HASH_BYTES], cl_error *err);

/*
 * What the chain's rules and the quote checks (export_docs.h) need of a
 * body that passed the shape rules, read once: a verifier that has these
 * needs no json_t.  The strings are copies (key names: at most
 * CL_KEYNAME_MAX bytes, so they fit).
 */
/* without a document, a claim's other view members are not read */
#define CL_VIEW_DOCUMENT 1 /* a claim's `document` */
#define CL_VIEW_TEXT 2     /* `text` (a claim's, or a correction's new one) */
#define CL_VIEW_KIND 4     /* `kind` */
#define CL_VIEW_DIRECT 8   /* ... and it is "direct" */
#define CL_VIEW_OFFSET 16  /* `offset` */
#define CL_VIEW_LENGTH 32  /* `length` */
typedef struct cl_body_facts {
	cl_type type;
	uint64_t seq;
	unsigned char prev[CL_HASH_BYTES];
	unsigned char signer[CL_PUBKEY_BYTES];
	char origin[CL_KEYNAME_MAX + 1];       /* genesis */
	char name[CL_KEYNAME_MAX + 1];         /* genesis, editor */
	unsigned char pubkey[CL_PUBKEY_BYTES]; /* editor */
	int add;                               /* editor: action "add" */
	char ref_hex[CL_ID_HEX + 1];           /* verdict: claim; correction: target */
	unsigned char ref[CL_HASH_BYTES];
	int has_values;          /* correction: cl_correction_has_values */
	int has_verdict_values;  /* correction: cl_correction_has_verdict_values */
	unsigned view;           /* claim, correction: CL_VIEW_* present */
	unsigned char document[CL_HASH_BYTES];
	unsigned char text_sha256[CL_HASH_BYTES];
	uint64_t offset, length;
} cl_body_facts;

/* The facts of a body cl_body_check (or cl_record_precheck) accepted.
 * CL_OK, or CL_ENOMEM. */
int cl_record_facts(const json_t *body, cl_body_facts *f);

/*
 * cl_record_precheck without a json_t, for the verifiers' hot path: one
 * pass over the bytes (canon.h: cl_canon_scan) and the same shape rules,
 * read from the scan.  1 when cl_record_precheck would accept these
 * bytes, with the facts in *f and the id; 0 when it would not, or when
 * this path does not judge them (a body of more than CL_CANON_TOP_MAX
 * members, out of memory): call cl_record_precheck then, for the
 * verdict and the message.  Never 1 where cl_record_precheck refuses:
 * fuzz/canon_diff_fuzz.c and tests/record_shape_test.c hold it to that.
 * Safe on any thread; no allocation unless a string member is over 1 KiB.
 */
int cl_record_quick(const char *body, size_t len, cl_body_facts *f,
		    unsigned char id[CL_HASH_BYTES]);

/* The `signer` of a body cl_record_precheck accepted, decoded.  CL_OK or
 * CL_EINTEGRITY. */
int cl_record_signer(const json_t *body, unsigned char pk[CL_PUBKEY_BYTES]);

/*
 * Accept the next record or say why not.  Checks, in order: the body is at
 * most CL_BODY_MAX bytes, parses and is canonical (cl_canon_parse),
 * cl_body_check, seq is the next one, prev is the previous id, the
 * signature by the body's `signer` (unless CL_CHAIN_SKIP_SIG), what the
 * record points at, and the editor rules:
 *   - record 0 is a genesis; its signer is the owner, named by its `name`,
 *     an editor from seq 0 on who can never be revoked;
 *   - an editor "add" names no active editor (the owner included) and a
 *     key no active editor holds; a "revoke" names an active editor other
 *     than the owner, with that editor's exact key; a revoked name may be
 *     added again later (a new entry, see cl_chain_editor_count);
 *   - a verdict's `claim` is the id of an earlier claim record, a
 *     correction's `target` the id of any earlier record, and of a claim
 *     when the correction carries corrected values
 *     (cl_correction_has_values);
 *   - last, authority: editor records are signed by the owner, every other
 *     record by an editor active at its seq (added at a smaller seq and
 *     not revoked at a smaller seq), the owner included.
 *
 * On success the state advances, *parsed (if not NULL) gets a new
 * reference to the body, and `id_out` (if not NULL) its id.  On failure the
 * state is unchanged, *parsed is NULL, and every message starts with the
 * seq the chain expected: CL_EINTEGRITY ("seq 5: signature does not
 * verify", "seq 5: claim.date: not YYYY-MM-DD"), CL_EKEY when the only
 * fault is the signer's authority ("seq 7: signer is not an active
 * editor"), CL_ENOMEM.
 */
int cl_chain_push(cl_chain *c, const char *body, size_t len,
		  const unsigned char sig[CL_SIG_BYTES], unsigned flags,
		  json_t **parsed, unsigned char id_out[CL_HASH_BYTES],
		  cl_error *err);

/*
 * cl_chain_push for a body already judged on its own (cl_record_quick, or
 * cl_record_facts of cl_record_precheck's object), its id and signature
 * checked by the caller: only the rules that need the chain's state run,
 * with the messages and codes cl_chain_push gives.
 */
int cl_chain_push_facts(cl_chain *c, const cl_body_facts *f,
			const unsigned char id[CL_HASH_BYTES], cl_error *err);

/* State accessors; pointers valid until the next push or free. */
uint64_t cl_chain_next_seq(const cl_chain *c);
const unsigned char *cl_chain_last_id(const cl_chain *c); /* zeros at 0 */
const unsigned char *cl_chain_owner(const cl_chain *c);   /* NULL before 0 */
const char *cl_chain_origin(const cl_chain *c);           /* NULL before 0 */
const char *cl_chain_owner_name(const cl_chain *c);       /* NULL before 0 */
/* Every editorship, active or revoked, in the order added (the store keeps
 * the same list): the owner is entry 0, and a revoked name added again is
 * a new entry beside its old one, which keeps its `added` and `revoked`.
 * cl_chain_editor() gives NULL for i >= count. */
size_t cl_chain_editor_count(const cl_chain *c);
const cl_editor *cl_chain_editor(const cl_chain *c, size_t i);

/* The editor active now (for the next seq) with key `pk`, or NULL. */
const cl_editor *cl_chain_active_editor(const cl_chain *c,
					const unsigned char pk[CL_PUBKEY_BYTES]);

/*
 * How the chain learns the type of an earlier record from its id (verdicts
 * and corrections point at ids).  The function returns CL_TYPE_UNKNOWN when
 * it never saw the id.  Without one (the default) the chain remembers every
 * id it accepts in memory; the store sets one that reads its id index.
 */
typedef cl_type (*cl_chain_lookup_fn)(void *ctx,
				      const unsigned char id[CL_HASH_BYTES]);
void cl_chain_set_lookup(cl_chain *c, cl_chain_lookup_fn fn, void *ctx);

#endif
