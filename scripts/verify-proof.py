#!/usr/bin/python3
"""verify-proof.py: check that one claimledger record is in a signed tree,
with only the owner's public key.  A reference verifier written from
SPEC.md ("Records", "Inclusion proofs", "Signed notes", "Checkpoints",
"Inclusion proofs as files"), not from claimledger's C code; it needs
Python 3 and PyNaCl (Debian: python3-nacl), and the body rules of
verify-export.py, its sibling in this directory.

Usage: verify-proof.py PROOF PUBFILE (--body FILE | --record LINEFILE)

  PROOF     a c2sp.org/tlog-proof@v1 file, as `claimledger prove ID` prints
            it: the record's index (its seq), the RFC 9162 inclusion proof
            and a signed checkpoint (at most 1 MiB)
  PUBFILE   the owner's C2SP verifier key "<name>+<keyid>+<base64>"; only
            its 32 key bytes matter, not its name
  --body FILE
            FILE holds the record's canonical body bytes exactly (one
            trailing newline is tolerated and stripped)
  --record LINEFILE
            LINEFILE holds one line in the export's record shape,
            {"body":{...},"id":"<hex>","sig":"<base64>"}, as `claimledger
            list --json` and `show --json` print it: members in any order,
            derived members ("current", "history", ...) accepted and
            ignored, one trailing newline tolerated

The checks, in order:
  1. PUBFILE is a verifier key (one line, at most 1 KiB).
  2. PROOF parses as a tlog proof: the header line, an optional "extra"
     line (canonical base64, never trusted), "index N" (decimal below 2^64,
     no leading zeros), 0 to 64 canonical base64 hashes of 32 bytes, a
     blank line, then a non-empty checkpoint ending in a newline.
  3. The body: at most 1 MiB, canonical JSON (RFC 8785, the same check as
     the export verifier's) obeying the body member and generic rules.
     With --record the body's bytes are taken verbatim from the line (the
     exact span of the "body" member's value), the line's top level must
     be one JSON object without duplicate member names, and "id" and "sig"
     must be strings.
  4. The checkpoint is a well-formed signed note (signed-note step 1).
  5. It verifies as a signed note under the key whose name is the
     checkpoint's origin line and whose key bytes are PUBFILE's: every
     signature line with that name and key id verifies, and there is one.
  6. Its body is a checkpoint (origin, size, root; extension lines
     ignored).
  7. With --record: "id" is the lowercase hex SHA-256 of the body, and
     "sig" (canonical base64 of 64 bytes) is the Ed25519 signature by the
     body's "signer" over "claimledger/record/v1\\n" || body.
  8. The body's "seq" equals the proof's index.
  9. SHA-256(0x00 || body) is included at that index in the tree of the
     checkpoint's size and root (RFC 9162 2.1.3.2, as SPEC writes it).

Prints "verified: record <seq> is in <origin> at size <N>, root <base64>"
and exits 0.  Otherwise one line on stderr, "verify-proof.py: <what>:
<why>", and exit 1 when a check of steps 5, 7, 8 or 9 fails (a signature,
an id, the index or the inclusion), 2 for usage or a file that is
unreadable or malformed (steps 1 to 4 and 6).

As a module (importlib: the file name has a dash), run(argv) returns (exit
status, stdout line or None, stderr line or None) without printing;
verify_inclusion() and check_proof() take raw leaf data, so that the
inclusion math can be checked against the SPEC vectors, whose leaves are
not record bodies.

Sharing verify-export.py's code (loaded from this script's directory)
keeps the canonical-JSON, body and signed-note rules in one place: the two
reference verifiers cannot drift apart on what a valid body or note is.
"""

import base64
import hashlib
import importlib.util
import json
import os
import re
import sys

import nacl.exceptions
import nacl.signing


def _load_sibling():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify-export.py")
    spec = importlib.util.spec_from_file_location("claimledger_verify_export", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ve = _load_sibling()

PROOF_HEADER = "c2sp.org/tlog-proof@v1"
PROOF_MAX = 1024 * 1024         # bytes in a tlog proof file (as a note)
PROOF_HASHES_MAX = 64
RECORD_MAX = 2 * 1024 * 1024    # bytes in a --record line (an export line's limit)


class Failed(Exception):
    """A check failed: exit 1."""


class Bad(Exception):
    """Usage, an unreadable or malformed file: exit 2."""


# ---- files -------------------------------------------------------------------

def read_file(path, limit, what):
    """At most `limit` bytes of the file; Bad when it is larger or
    unreadable."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise Bad("%s: %s" % (path, e.strerror or e))
    if len(data) > limit:
        raise Bad("%s: larger than %d bytes: not %s" % (path, limit, what))
    return data


def load_pubkey(path):
    try:
        return ve.load_pubkey(path)
    except OSError as e:
        raise Bad("%s: %s" % (path, e.strerror or e))
    except ve.Invalid as e:
        raise Bad("%s: %s" % (path, e))


# ---- the tlog proof -------------------------------------------------------------

def parse_proof(data):
    """The bytes of a c2sp.org/tlog-proof@v1 file -> (index, [hashes],
    checkpoint note as str).  Raises Bad naming the line at fault."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("not UTF-8")
    lines = text.split("\n")
    if lines[0] != PROOF_HEADER or len(lines) < 2:
        raise Bad('line 1: not "%s"' % PROOF_HEADER)
    n = 1
    if lines[n].startswith("extra "):
        if ve.b64decode_strict(lines[n][6:]) is None:
            raise Bad("line %d: extra data is not canonical base64" % (n + 1))
        n += 1
    m = re.fullmatch(r"index (0|[1-9][0-9]{0,19})", lines[n] if n < len(lines) else "", re.ASCII)
    if m is None or int(m.group(1)) >= 2 ** 64:
        raise Bad('line %d: not "index N" with N a decimal below 2^64 without '
                  'leading zeros' % (n + 1))
    index, hashes = int(m.group(1)), []
    n += 1
    while True:
        if n >= len(lines) - 1:     # the last element follows the final "\n"
            raise Bad("no blank line before the checkpoint")
        if lines[n] == "":
            break
        if len(hashes) == PROOF_HASHES_MAX:
            raise Bad("line %d: more than %d hashes" % (n + 1, PROOF_HASHES_MAX))
        h = ve.b64decode_strict(lines[n])
        if h is None or len(h) != 32:
            raise Bad("line %d: not the canonical base64 of a 32-byte hash" % (n + 1))
        hashes.append(h)
        n += 1
    note = "\n".join(lines[n + 1:])
    if note == "" or not note.endswith("\n"):
        raise Bad("the checkpoint is missing or lacks its final newline")
    return index, hashes, note


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def verify_inclusion(leaf, index, size, proof, root):
    """RFC 9162 2.1.3.2 as SPEC "Inclusion proofs" writes it: True when the
    hashes `proof` put leaf hash `leaf` at `index` in the tree of `size`
    leaves and root `root`."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False            # the proof is too long
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def open_checkpoint(note, pk):
    """Steps 4 to 6: the note well-formed, signed by (its origin, pk), its
    body a checkpoint -> (origin, size, root)."""
    try:
        text, sigs = ve.parse_note(note)
    except ve.Invalid as e:
        raise Bad("checkpoint: %s" % e)
    origin = text.split("\n", 1)[0]
    try:
        ve.check_note(text, sigs, origin, pk)
    except ve.Invalid as e:
        raise Failed("checkpoint: %s" % e)
    try:
        return ve.parse_checkpoint(text)
    except ve.Invalid as e:
        raise Bad("checkpoint: %s" % e)


def check_proof(proof_bytes, pk, leaf_data):
    """Steps 2, 4, 5, 6 and 9 for raw leaf data: (index, origin, size,
    root), or Bad / Failed."""
    index, hashes, note = parse_proof(proof_bytes)
    origin, size, root = open_checkpoint(note, pk)
    if not verify_inclusion(leaf_hash(leaf_data), index, size, hashes, root):
        raise Failed("the inclusion proof of index %d does not verify against "
                     "the checkpoint's root at size %d" % (index, size))
    return index, origin, size, root


# ---- the record ----------------------------------------------------------------

def check_body(body_bytes, what):
    """Step 3: canonical JSON obeying the body rules -> the body (a dict)."""
    if len(body_bytes) > ve.BODY_MAX:
        raise Bad("%s: the body is larger than %d bytes" % (what, ve.BODY_MAX))
    try:
        body = ve.parse_line(body_bytes)
        ve.check_body(body)
    except ve.Invalid as e:
        raise Bad("%s: %s" % (what, e))
    except RecursionError:
        raise Bad("%s: nested too deep" % what)
    return body


def record_span(line, what):
    """The top-level members of a record line (bytes) -> ({name: value},
    the exact bytes of the body member's value).  Raises Bad."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        raise Bad("%s: not UTF-8" % what)
    dec = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")
    members, body_span = {}, None
    try:
        i = ws.match(text, 0).end()
        if text[i:i + 1] != "{":
            raise Bad("%s: not a JSON object" % what)
        i = ws.match(text, i + 1).end()
        if text[i:i + 1] == "}":
            i += 1
        else:
            while True:
                if text[i:i + 1] != '"':
                    raise Bad("%s: not a JSON object" % what)
                name, i = json.decoder.scanstring(text, i + 1)
                i = ws.match(text, i).end()
                if text[i:i + 1] != ":":
                    raise Bad("%s: not a JSON object" % what)
                i = ws.match(text, i + 1).end()
                value, end = dec.raw_decode(text, i)
                if name in members:
                    raise Bad("%s: duplicate member '%s'" % (what, name))
                members[name] = value
                if name == "body":
                    body_span = text[i:end]
                i = ws.match(text, end).end()
                if text[i:i + 1] == ",":
                    i = ws.match(text, i + 1).end()
                    continue
                if text[i:i + 1] != "}":
                    raise Bad("%s: not a JSON object" % what)
                i += 1
                break
        if ws.match(text, i).end() != len(text):
            raise Bad("%s: data after the JSON object" % what)
    except RecursionError:
        raise Bad("%s: nested too deep" % what)
    except ValueError as e:         # JSONDecodeError, an integer of 4300+ digits
        raise Bad("%s: not JSON: %s" % (what, e))
    if body_span is None:
        raise Bad("%s: no body member" % what)
    if not isinstance(members["body"], dict):
        raise Bad("%s: body is not an object" % what)
    if not ve.is_id(members.get("id")):
        raise Bad("%s: id is not 64 lowercase hex digits" % what)
    sig = ve.b64decode_strict(members.get("sig"))
    if sig is None or len(sig) != 64:
        raise Bad("%s: sig is not the canonical base64 of 64 bytes" % what)
    return members, body_span.encode("utf-8")


def one_line(data, what):
    """A file meant to hold one line: without its one trailing newline."""
    if data.endswith(b"\n"):
        data = data[:-1]
    if b"\n" in data:
        raise Bad("%s: more than one line" % what)
    return data


def check_record(members, body_bytes, body):
    """Step 7: id and signature of a --record line."""
    if members["id"] != hashlib.sha256(body_bytes).hexdigest():
        raise Failed("id is not the SHA-256 of the body")
    sig = ve.b64decode_strict(members["sig"])
    try:
        signer = base64.b64decode(body["signer"])
        nacl.signing.VerifyKey(signer).verify(ve.SIG_CONTEXT + body_bytes, sig)
    except (nacl.exceptions.CryptoError, ValueError, TypeError):
        raise Failed("the record's signature by its signer does not verify")


# ---- the command ---------------------------------------------------------------

USAGE = "usage: PROOF PUBFILE (--body FILE | --record LINEFILE)"


def verify(argv):
    """The whole check; returns the success line or raises Bad / Failed."""
    args, mode, path = [], None, None
    it = iter(argv[1:])
    for a in it:
        if a in ("--body", "--record"):
            if mode is not None:
                raise Bad("%s: give one of --body and --record" % USAGE)
            mode, path = a, next(it, None)
            if path is None:
                raise Bad("%s: %s needs a file" % (USAGE, a))
        elif a.startswith("--"):
            raise Bad("%s: unknown option '%s'" % (USAGE, a))
        else:
            args.append(a)
    if len(args) != 2 or mode is None:
        raise Bad(USAGE)
    proof_path, pub_path = args
    pk = load_pubkey(pub_path)                                         # 1
    index, hashes, note = parse_proof(                                 # 2
        read_file(proof_path, PROOF_MAX, "a tlog proof"))
    if mode == "--body":                                               # 3
        data = read_file(path, ve.BODY_MAX + 1, "a record body")
        body_bytes = data[:-1] if data.endswith(b"\n") else data
        body, members = check_body(body_bytes, path), None
    else:
        line = one_line(read_file(path, RECORD_MAX + 1, "a record line"), path)
        members, body_bytes = record_span(line, path)
        body = check_body(body_bytes, path + ": body")
    origin, size, root = open_checkpoint(note, pk)                     # 4-6
    if members is not None:
        check_record(members, body_bytes, body)                        # 7
    if body["seq"] != index:                                           # 8
        raise Failed("the record's seq %d is not the proof's index %d" % (body["seq"], index))
    if not verify_inclusion(leaf_hash(body_bytes), index, size, hashes, root):   # 9
        raise Failed("the inclusion proof of record %d does not verify against "
                     "the checkpoint's root at size %d" % (index, size))
    return "verified: record %d is in %s at size %d, root %s" % (
        index, origin, size, base64.b64encode(root).decode())


def run(argv):
    """(exit status, stdout line or None, stderr line or None)."""
    try:
        return 0, verify(argv), None
    except Failed as e:
        return 1, None, "verify-proof.py: %s" % e
    except Bad as e:
        return 2, None, "verify-proof.py: %s" % e
    except MemoryError:
        return 2, None, "verify-proof.py: out of memory"


def main(argv):
    rc, out, err = run(argv)
    if out is not None:
        print(out)
    if err is not None:
        sys.stderr.write(err + "\n")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
