#!/usr/bin/python3
"""hostile_exports.py: write a few hundred hostile jsonl exports, the same
every run (fixed seed, deterministic Ed25519), for tests/e2e/differential.sh.

Usage: hostile_exports.py OUTDIR DOCUMENT KEYFILE... -- BASE.jsonl...

  OUTDIR    where the cases go, with manifest.tsv ("file<TAB>pubfile<TAB>
            expect", expect: accept, refuse, or any when only the two
            verifiers' agreement is known) and the PUBFILEs it names
  DOCUMENT  the SHA-256 (hex) of an article archived in a base's ledger
  KEYFILE   plain secret key files (PRIVATE+KEY+...) of every key that
            signed a base record, plus strangers to forge with
  BASE      exports to start from; each must be re-buildable byte for byte
            from its parsed records (checked), so that every case differs
            from a valid export by its own fault only

Python 3 and PyNaCl only.  The cases:
  - tamper: the tamper suite of export.sh (edited text, seq, prev, time,
    signer, id, sig; dropped, reordered, duplicated records; cut files;
    forged records; checkpoint and header edits; trailing data);
  - bytes: CR, CRLF, BOM, empty file, no final newline, blank lines, bad
    UTF-8 (overlong, surrogates, past U+10FFFF, cut sequences), lines of
    LINE_MAX and LINE_MAX + 1 bytes;
  - nul: "\\u0000" in every string of the header, the record line and the
    body, and in member names;
  - types: every member of the header, the record line, the checkpoint
    line and each body type set to each JSON type, huge and float numbers,
    null, duplicates and non-canonical spellings;
  - depth: containers 31, 32, 33, 1000 and 3000 deep in bodies, header and
    record lines (32 and a scalar inside is fine, 33 is not);
  - digits: non-ASCII digits in dates, times, checkpoint sizes;
  - rules: re-signed records that break (or keep) member, chain, editor,
    reference and provenance rules, key names, sizes at their limits;
  - notes: checkpoint notes with extension lines, witness and malformed
    signature lines, bad sizes and roots, too many signatures;
  - random: byte flips in the file and random member edits re-signed down
    the chain (expect: any).
"""

import base64
import hashlib
import json
import os
import random
import re
import sys

import nacl.signing

CTX = b"claimledger/record/v1\n"
LINE_MAX = 2 * 1024 * 1024
T_NEW = "2026-06-01T12:00:00Z"


# ---- canonical JSON, with ways to break it -----------------------------

class Raw:
    """JSON text written as it is (a non-canonical spelling, a float)."""

    def __init__(self, text):
        self.text = text


def jstr(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}[ch])
        elif o < 0x20 or 0xD800 <= o <= 0xDFFF:   # a lone surrogate: as an escape
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(v):
    """RFC 8785 for our subset; floats and None as Python spells them (so
    they can be signed and shown to the verifiers), Raw as given."""
    if isinstance(v, Raw):
        return v.text
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return jstr(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        names = sorted(v, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(jstr(k) + ":" + jcs(v[k]) for k in names) + "}"
    raise TypeError(v)


def enc(v):
    return jcs(v).encode("utf-8", "surrogatepass")


def b64(b):
    return base64.b64encode(b).decode()


def nest(depth, inner=1, kind="array"):
    """`depth` containers around `inner` (depth 0: inner itself)."""
    v = inner
    for _ in range(depth):
        v = [v] if kind == "array" else {"a": v}
    return v


# ---- keys, notes, trees ----------------------------------------------------

def load_key(path):
    f = open(path).read().strip().split("+")
    assert f[:2] == ["PRIVATE", "KEY"], path
    return f[2], nacl.signing.SigningKey(base64.b64decode("+".join(f[4:]))[1:])


def pk(k):
    return bytes(k.verify_key)


def key_id(name, pub):
    return hashlib.sha256(name.encode() + b"\n\x01" + pub).digest()[:4]


def vkey(name, pub):
    return "%s+%s+%s" % (name, key_id(name, pub).hex(), b64(b"\x01" + pub))


def sig_line(name, k, text, blob=None):
    if blob is None:
        blob = key_id(name, pk(k)) + k.sign(text.encode()).signature
    return "\u2014 %s %s\n" % (name, b64(blob))


def mth(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\0" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\1" + mth(leaves[:k]) + mth(leaves[k:])).digest()


# ---- an export, parsed and rebuilt --------------------------------------

class Rec:
    """One record: its body (a value; normally a dict) and the key that
    signs it.  build() sets seq and prev unless named in `keep`; `raw`
    replaces the body's bytes, `rid` and `sig` the line's id and sig."""

    def __init__(self, body, key, keep=(), raw=None, rid=None, sig=None):
        self.body, self.key, self.keep = body, key, set(keep)
        self.raw, self.rid, self.sig = raw, rid, sig

    def copy(self, **kw):
        r = Rec(json.loads(json.dumps(self.body)), self.key, self.keep,
                self.raw, self.rid, self.sig)
        for k, v in kw.items():
            setattr(r, k, v)
        return r


class Export:
    def __init__(self, path, keyring):
        self.data = open(path, "rb").read()
        lines = self.data.split(b"\n")[:-1]
        self.header = json.loads(lines[0])
        self.origin = self.header["origin"]
        self.recs = []
        for line in lines[1:-1]:
            body = json.loads(line)["body"]
            self.recs.append(Rec(body, keyring[base64.b64decode(body["signer"])]))
        self.owner = self.recs[0].key
        # who is who, replaying the editor records
        active, revoked = {self.recs[0].body["name"]: pk(self.owner)}, []
        self.claims, self.others = [], []
        for i, r in enumerate(self.recs):
            b = r.body
            if b["type"] == "editor" and b["action"] == "add":
                active[b["name"]] = base64.b64decode(b["pubkey"])
            elif b["type"] == "editor":
                revoked.append(active.pop(b["name"]))
            rid = hashlib.sha256(enc(b)).hexdigest()
            (self.claims if b["type"] == "claim" else self.others).append((rid, b["type"]))
        self.editors = [keyring[p] for n, p in active.items() if p != pk(self.owner)]
        self.revoked = [keyring[p] for p in revoked if p not in active.values()]
        self.strangers = [k for p, k in keyring.items()
                          if p not in active.values() and p not in revoked]
        assert self.build() == self.data, "%s does not rebuild byte for byte" % path

    def lines(self, recs=None, header=None, checkpoint=None, note=None):
        """The export's lines (bytes, no newlines): the header (this
        export's, updated by `header`: a dict of members, None deleting
        one; or Raw/bytes for the whole line), the records re-chained and
        re-signed, and a checkpoint freshly signed by the owner (or `note`,
        or `checkpoint` as the whole line)."""
        recs = self.recs if recs is None else recs
        prev, out, leaves = "0" * 64, [], []
        renamed = {}                  # old id -> new id, for verdicts and corrections
        for i, r in enumerate(recs):
            body = r.body
            if isinstance(body, dict) and r.raw is None:
                old = hashlib.sha256(enc(body)).hexdigest()
                body = dict(body)
                if "seq" not in r.keep:
                    body["seq"] = i
                if "prev" not in r.keep:
                    body["prev"] = prev
                for m in ("claim", "target"):
                    if isinstance(body.get(m), str) and body[m] in renamed:
                        body[m] = renamed[body[m]]
            data = r.raw if r.raw is not None else enc(body)
            rid = hashlib.sha256(data).hexdigest()
            if isinstance(r.body, dict) and r.raw is None:
                renamed[old] = rid
            sig = r.sig if r.sig is not None else b64(r.key.sign(CTX + data).signature)
            out.append(b'{"body":' + data + b',"id":"' + (r.rid or rid).encode() +
                       b'","sig":"' + sig.encode() + b'"}')
            prev = rid
            leaves.append(data)
        if isinstance(header, (bytes, Raw)):
            hline = header if isinstance(header, bytes) else header.text.encode()
        else:
            h = dict(self.header, size=len(recs))
            for k, v in (header or {}).items():
                if v is None:
                    h.pop(k, None)
                else:
                    h[k] = v
            hline = enc(h)
        if checkpoint is None:
            if note is None:
                note = self.note(len(recs), mth(leaves))
            checkpoint = enc({"checkpoint": note})
        return [hline] + out + [checkpoint]

    def note(self, size, root, origin=None, extra="", sigs=None, key=None, name=None):
        """A checkpoint note of (origin, size, root) and extension lines
        `extra`, signed by `key` (the owner) under `name` (the origin),
        with `sigs` (a function of the text giving signature lines) instead
        when given."""
        origin = self.origin if origin is None else origin
        text = "%s\n%s\n%s\n%s" % (origin, size, b64(root) if isinstance(root, bytes) else root,
                                   extra)
        if sigs is None:
            sigs = lambda t: sig_line(self.origin if name is None else name,
                                      key or self.owner, t)
        return text + "\n" + sigs(text)

    def build(self, **kw):
        return b"\n".join(self.lines(**kw)) + b"\n"

    def root(self, recs=None):
        return mth([enc(dict(r.body)) for r in (recs or self.recs)])

    def new(self, key, fields, keep=(), **kw):
        """A new record: the common members (time T_NEW, signer `key`)
        and `fields`, which may override them."""
        body = {"v": 1, "time": T_NEW, "signer": b64(pk(key))}
        body.update(fields)
        return Rec(body, key, keep=keep, **kw)


# ---- the cases -------------------------------------------------------------

class Cases:
    def __init__(self, out):
        self.out, self.n, self.manifest = out, 0, []

    def add(self, name, data, expect, pub="owner.pub"):
        self.n += 1
        fname = "%04d-%s.jsonl" % (self.n, re.sub(r"[^A-Za-z0-9.^_-]", "_", name)[:80])
        with open(os.path.join(self.out, fname), "wb") as f:
            f.write(data)
        self.manifest.append("%s\t%s\t%s" % (fname, pub, expect))

    def write_manifest(self):
        with open(os.path.join(self.out, "manifest.tsv"), "w") as f:
            f.write("\n".join(self.manifest) + "\n")


def sub_line(data, i, old, new):
    """data with the first `old` in line i (0-based) replaced by `new`."""
    lines = data.split(b"\n")
    assert old in lines[i], (i, old)
    lines[i] = lines[i].replace(old, new, 1)
    return b"\n".join(lines)


def flip(s):
    """Change one character of a hex or base64 text, keeping its alphabet."""
    c = s[:1]
    if c.isalpha():
        return (b"B" if c == b"A" else b"A") + s[1:]
    return (b"1" if c == b"0" else b"0") + s[1:]


def tamper_cases(C, ex, tag):
    """export.sh's tamper suite, on any base."""
    good = ex.data
    L = good.split(b"\n")[:-1]
    n = len(ex.recs)
    last = n                          # line index of the last record
    ed = ex.editors[0]
    claim_i = next(i for i, r in enumerate(ex.recs) if r.body["type"] == "claim") + 1

    def raw_field(i, name):
        rec = json.loads(L[i])
        v = rec["body"][name] if name in rec["body"] else rec[name]
        return json.dumps(v, ensure_ascii=False).encode()

    t = json.loads(L[claim_i])["body"]["text"].encode()
    C.add(tag + "record-text", sub_line(good, claim_i, t, t + b"!"), "refuse")
    C.add(tag + "record-seq", sub_line(good, claim_i, b'"seq":%d,' % (claim_i - 1),
                                        b'"seq":%d,' % claim_i), "refuse")
    p = raw_field(claim_i, "prev")
    C.add(tag + "record-prev", sub_line(good, claim_i, p, p[:1] + flip(p[1:])), "refuse")
    tm = raw_field(claim_i, "time")
    C.add(tag + "record-time", sub_line(good, claim_i, tm, b'"2030-01-01T00:00:00Z"'), "refuse")
    s = raw_field(claim_i, "signer")
    C.add(tag + "record-signer", sub_line(good, claim_i, s, b'"' + b64(pk(ex.strangers[0])).encode() + b'"'), "refuse")
    rid = raw_field(claim_i, "id")
    C.add(tag + "record-id", sub_line(good, claim_i, rid, rid[:1] + flip(rid[1:])), "refuse")
    sg = raw_field(claim_i, "sig")
    C.add(tag + "record-sig", sub_line(good, claim_i, sg, sg[:1] + flip(sg[1:])), "refuse")
    C.add(tag + "record-whitespace", sub_line(good, claim_i, b'"date":"', b'"date": "'), "refuse")
    C.add(tag + "record-null", sub_line(good, claim_i, b'"v":1}', b'"v":1,"x":null}'), "refuse")
    # the body edited and its id recomputed: only the signature is wrong
    for what, old, new in (("text", t, t + b"!"), ("time", tm, b'"2026-01-01T00:00:59Z"')):
        line = L[claim_i].replace(old, new, 1)
        body = line[8:line.index(b',"id":"')]
        cut = line.index(b',"id":"') + 7
        line = line[:cut] + hashlib.sha256(body).hexdigest().encode() + line[cut + 64:]
        C.add(tag + "record-%s-rehashed" % what, b"\n".join(L[:claim_i] + [line] + L[claim_i + 1:]) + b"\n", "refuse")
    j = lambda ls, tail=b"\n": b"\n".join(ls) + tail
    C.add(tag + "drop-record", j(L[:2] + L[3:]), "refuse")
    C.add(tag + "drop-last-record", j(L[:last] + L[last + 1:]), "refuse")
    C.add(tag + "reorder-records", j(L[:2] + [L[3], L[2]] + L[4:]), "refuse")
    C.add(tag + "duplicate-record", j(L[:3] + [L[2]] + L[3:]), "refuse")
    C.add(tag + "truncate-mid-record", good[:len(j(L[:3])) + len(L[3]) // 2], "refuse")
    C.add(tag + "truncate-mid-checkpoint", good[:-20], "refuse")
    C.add(tag + "truncate-line-boundary", j(L[:3]), "refuse")
    C.add(tag + "truncate-before-checkpoint", j(L[:-1]), "refuse")
    C.add(tag + "truncate-header-only", j(L[:1]), "refuse")
    C.add(tag + "no-final-newline", good[:-1], "refuse")
    C.add(tag + "only-header-no-newline", L[0], "refuse")
    # forged, well-formed records: the last one replaced, checkpoint re-signed
    lastb = ex.recs[-1]
    C.add(tag + "signer-not-an-editor", ex.build(recs=ex.recs[:-1] + [lastb.copy(key=ex.strangers[0], body=dict(lastb.body, signer=b64(pk(ex.strangers[0]))))]), "refuse")
    if ex.revoked:
        k = ex.revoked[0]
        C.add(tag + "signer-revoked-editor", ex.build(recs=ex.recs[:-1] + [lastb.copy(key=k, body=dict(lastb.body, signer=b64(pk(k))))]), "refuse")
    C.add(tag + "editor-record-by-an-editor", ex.build(recs=ex.recs[:-1] + [ex.new(ed, {"type": "editor", "name": "carol", "pubkey": b64(pk(ex.strangers[0])), "action": "add"})]), "refuse")
    C.add(tag + "verdict-on-unknown-claim", ex.build(recs=ex.recs[:-1] + [ex.new(ex.owner, {"type": "verdict", "claim": "ab" * 32, "rating": "false"})]), "refuse")
    C.add(tag + "control-resigned-by-owner", ex.build(recs=ex.recs[:-1] + [lastb.copy(key=ex.owner, body=dict(lastb.body, signer=b64(pk(ex.owner))))]), "accept")
    # the checkpoint
    cp = json.loads(L[-1])["checkpoint"]
    cpl = lambda note: j(L[:-1] + [enc({"checkpoint": note})])
    C.add(tag + "checkpoint-size", cpl(cp.replace("\n%d\n" % n, "\n%d\n" % (n - 1), 1)), "refuse")
    r = cp.split("\n")[2]
    C.add(tag + "checkpoint-root", cpl(cp.replace(r, b64(hashlib.sha256(b"x").digest()), 1)), "refuse")
    sgn = cp.split(" ")[-1]
    C.add(tag + "checkpoint-signature", cpl(cp.replace(sgn, flip(sgn.encode()).decode(), 1)), "refuse")
    C.add(tag + "checkpoint-signature-bytes", cpl(cp.replace(sgn, sgn[:20] + flip(sgn[20:].encode()).decode(), 1)), "refuse")
    C.add(tag + "checkpoint-origin", cpl(cp.replace(ex.origin + "\n", "other/origin\n", 1)), "refuse")
    C.add(tag + "checkpoint-size-resigned", ex.build(note=ex.note(n - 1, ex.root())), "refuse")
    C.add(tag + "checkpoint-root-resigned", ex.build(note=ex.note(n, hashlib.sha256(b"x").digest())), "refuse")
    C.add(tag + "checkpoint-origin-resigned", ex.build(note=ex.note(n, ex.root(), origin="other/origin", name="other/origin")), "refuse")
    C.add(tag + "checkpoint-missing-signature", cpl(cp.split("\n\n")[0] + "\n"), "refuse")
    # the header
    C.add(tag + "header-size-larger", sub_line(good, 0, b'"size":%d' % n, b'"size":%d' % (n + 1)), "refuse")
    C.add(tag + "header-size-smaller", sub_line(good, 0, b'"size":%d' % n, b'"size":%d' % (n - 1)), "refuse")
    owner = ex.header["owner"].encode()
    kid = owner.split(b"+")[1]
    C.add(tag + "header-owner-keyid", sub_line(good, 0, owner, owner.replace(kid, flip(kid), 1)), "refuse")
    C.add(tag + "header-owner-other-key", sub_line(good, 0, owner, vkey(ex.origin, pk(ed)).encode()), "refuse")
    C.add(tag + "header-origin", sub_line(good, 0, b'"origin":"', b'"origin":"x'), "refuse")
    C.add(tag + "header-format", sub_line(good, 0, b'"export/1"', b'"export/2"'), "refuse")
    C.add(tag + "trailing-line", j(L + [b"{}"]), "refuse")
    C.add(tag + "trailing-checkpoint-copy", j(L + [L[-1]]), "refuse")
    C.add(tag + "trailing-blank-line", j(L + [b""]), "refuse")
    C.add(tag + "wrong-pubkey", good, "refuse", pub="editor.pub")


def byte_cases(C, ex, tag):
    good = ex.data
    L = good.split(b"\n")[:-1]
    j = lambda ls: b"\n".join(ls) + b"\n"
    C.add(tag + "empty-file", b"", "refuse")
    C.add(tag + "just-a-newline", b"\n", "refuse")
    C.add(tag + "crlf", good.replace(b"\n", b"\r\n"), "refuse")
    C.add(tag + "cr-end-of-line-3", j(L[:2] + [L[2] + b"\r"] + L[3:]), "refuse")
    C.add(tag + "cr-between-lines", j(L[:2] + [b"\r"] + L[2:]), "refuse")
    C.add(tag + "bom", b"\xef\xbb\xbf" + good, "refuse")
    C.add(tag + "bom-line-2", j(L[:1] + [b"\xef\xbb\xbf" + L[1]] + L[2:]), "refuse")
    C.add(tag + "blank-line-2", j(L[:1] + [b""] + L[1:]), "refuse")
    C.add(tag + "space-line-end", j(L[:2] + [L[2] + b" "] + L[3:]), "refuse")
    C.add(tag + "tab-line-start", j(L[:2] + [b"\t" + L[2]] + L[3:]), "refuse")
    C.add(tag + "two-objects-one-line", j(L[:2] + [L[2] + L[3]] + L[4:]), "refuse")
    C.add(tag + "nul-byte-in-line", j(L[:2] + [L[2][:20] + b"\0" + L[2][20:]] + L[3:]), "refuse")
    C.add(tag + "nul-byte-end", good + b"\0", "refuse")
    C.add(tag + "array-line", j(L[:2] + [b"[" + L[2] + b"]"] + L[3:]), "refuse")
    C.add(tag + "string-line", j(L[:2] + [b'"x"'] + L[3:]), "refuse")
    C.add(tag + "number-header", j([b"5"] + L[1:]), "refuse")
    # bad UTF-8 inside a string of the last claim's text (the id goes stale too,
    # but the line is refused before: not UTF-8)
    claim_i = max(i for i, r in enumerate(ex.recs) if r.body["type"] == "claim") + 1
    text = json.loads(L[claim_i])["body"]["text"].encode()
    for name, bad in (("latin1", b"caf\xe9"), ("overlong-slash", b"\xc0\xaf"),
                      ("overlong-3", b"\xe0\x80\xaf"), ("surrogate-utf8", b"\xed\xa0\x80"),
                      ("past-10ffff", b"\xf4\x90\x80\x80"), ("f5", b"\xf5\x80\x80\x80"),
                      ("lone-continuation", b"\x80"), ("cut-sequence", b"\xe2\x80"),
                      ("five-byte", b"\xf8\x88\x80\x80\x80"), ("ff", b"\xff")):
        C.add(tag + "utf8-" + name, sub_line(good, claim_i, text, text + bad), "refuse")
    C.add(tag + "utf8-cut-at-line-end", j(L[:claim_i] + [L[claim_i] + b"\xe2\x80"] + L[claim_i + 1:]), "refuse")
    # bad UTF-8 in the header origin and in the checkpoint
    C.add(tag + "utf8-header", sub_line(good, 0, b'"origin":"', b'"origin":"\xff'), "refuse")
    C.add(tag + "utf8-checkpoint", sub_line(good, len(L) - 1, b'\\n\\n', b'\\n\xc0\xaf\\n'), "refuse")
    # lines at the length limit (the header padded with white space: the
    # only fault a verifier can see first is the length or the form)
    pad = lambda line, n: line[:-1] + b" " * (n - len(line)) + b"}"
    C.add(tag + "line-max-header", j([pad(L[0], LINE_MAX)] + L[1:]), "refuse")
    C.add(tag + "line-max-plus-1-header", j([pad(L[0], LINE_MAX + 1)] + L[1:]), "refuse")
    C.add(tag + "line-max-plus-1-cut", L[0] + b"\n" + b"x" * (LINE_MAX + 1), "refuse")
    C.add(tag + "line-max-cut", L[0] + b"\n" + b"x" * LINE_MAX, "refuse")
    C.add(tag + "line-3mib-last", j(L[:-1] + [b'{"checkpoint":"' + b"a" * (3 * 1024 * 1024) + b'"}']), "refuse")
    C.add(tag + "line-max-plus-1-after-checkpoint", j(L + [b"x" * (LINE_MAX + 1)]), "refuse")


def nul_cases(C, ex, tag):
    good = ex.data
    L = good.split(b"\n")[:-1]
    last = len(L) - 1
    N = b"\\u0000"
    for name, old in (("claimledger", b'"export/1"'), ("origin", b'"origin":"' + ex.origin.encode() + b'"'),
                      ("owner", ex.header["owner"].encode() + b'"')):
        C.add(tag + "nul-header-%s-end" % name, sub_line(good, 0, old, old[:-1] + N + b'"'), "refuse")
        C.add(tag + "nul-header-%s-x" % name, sub_line(good, 0, old, old[:-1] + N + b'x"'), "refuse")
    C.add(tag + "nul-header-claimledger-start", sub_line(good, 0, b'"export/1"', b'"' + N + b'export/1"'), "refuse")
    C.add(tag + "nul-header-member-name", sub_line(good, 0, b'"size"', b'"size' + N + b'"'), "refuse")
    C.add(tag + "nul-header-extra-member", sub_line(good, 0, b'"size"', b'"siz' + N + b'":1,"size"'), "refuse")
    rec = L[2]
    rid = json.loads(rec)["id"].encode()
    sig = json.loads(rec)["sig"].encode()
    C.add(tag + "nul-record-id-end", sub_line(good, 2, rid, rid + N), "refuse")
    C.add(tag + "nul-record-id-mid", sub_line(good, 2, rid, rid[:32] + N + rid[32:]), "refuse")
    C.add(tag + "nul-record-sig-end", sub_line(good, 2, sig, sig + N), "refuse")
    C.add(tag + "nul-record-sig-after-pad", sub_line(good, 2, sig, sig + N + b"AAAA"), "refuse")
    C.add(tag + "nul-record-member-name", sub_line(good, 2, b'"sig":', b'"sig' + N + b'":'), "refuse")
    C.add(tag + "nul-checkpoint-member-name", sub_line(good, last, b'"checkpoint"', b'"checkpoint' + N + b'"'), "refuse")
    C.add(tag + "nul-checkpoint-text", sub_line(good, last, b"\\n\\n", b"\\n" + N + b"\\n"), "refuse")
    C.add(tag + "nul-checkpoint-end", sub_line(good, last, b'"}', N + b'"}'), "refuse")
    # re-signed bodies with a NUL in each string member (and a name)
    ed = ex.editors[0]
    claim = {"type": "claim", "text": "A claim", "speaker": "S", "source": "https://example.org/s",
             "date": "2021-11-22", "kind": "indirect", "context": "ctx",
             "document": "ab" * 32}
    for m in ("text", "speaker", "source", "date", "kind", "context", "document", "type", "time", "signer", "prev"):
        b = dict(claim)
        keep = ()
        if m == "time":
            b[m] = T_NEW + "\0"
        elif m == "signer":
            b[m] = b64(pk(ed)) + "\0"
        elif m == "prev":
            b[m] = "\0"
            keep = ("prev",)
        else:
            b[m] = b[m] + "\0" + "x"
        C.add(tag + "nul-body-" + m, ex.build(recs=ex.recs + [ex.new(ed, b, keep=keep)]), "refuse")
    b = dict(claim)
    b["x\0"] = 1
    C.add(tag + "nul-body-member-name", ex.build(recs=ex.recs + [ex.new(ed, b)]), "refuse")
    b = dict(claim, future={"tags": ["ok", "a\0"]})
    C.add(tag + "nul-body-nested", ex.build(recs=ex.recs + [ex.new(ed, b)]), "refuse")
    C.add(tag + "nul-genesis-origin", ex.build(recs=[ex.recs[0].copy(body=dict(ex.recs[0].body, origin=ex.origin + "\0"))] + ex.recs[1:]), "refuse")
    C.add(tag + "nul-editor-name", ex.build(recs=ex.recs + [ex.new(ex.owner, {"type": "editor", "name": "carol\0x", "pubkey": b64(pk(ex.strangers[0])), "action": "add"})]), "refuse")


TYPE_VALUES = (("int", 7), ("neg", -1), ("zero", 0), ("str", "x"), ("empty", ""), ("list", ["x"]),
               ("emptylist", []), ("obj", {"a": "x"}), ("true", True), ("false", False),
               ("null", None), ("float", Raw("1.5")), ("exp", Raw("1e2")), ("big", 2 ** 53),
               ("huge", Raw("1" * 30)), ("negzero", Raw("-0")))


def type_cases(C, ex, tag, rng):
    ed = ex.editors[0]
    cid = ex.claims[-1][0]
    bodies = {
        "claim": (ed, {"type": "claim", "text": "t", "speaker": "S", "source": "s", "date": "2021-11-22",
                       "kind": "direct", "document": "ab" * 32, "offset": 0, "length": 1, "context": "c"}),
        "verdict": (ed, {"type": "verdict", "claim": cid, "rating": "false", "note": "n", "evidence": ["e"]}),
        "correction": (ed, {"type": "correction", "target": cid, "reason": "r", "text": "t2",
                            "speaker": "S2", "source": "s2", "date": "2021-11-23",
                            "kind": "indirect"}),
        "editor": (ex.owner, {"type": "editor", "name": "carol", "pubkey": b64(pk(ex.strangers[0])), "action": "add"}),
        "alias": (ed, {"type": "alias", "alias": "Washington", "action": "add", "speaker": "US"}),
        "config": (ex.owner, {"type": "config", "newsroom": "Desk", "url": "https://example.org"}),
    }
    for t, (key, fields) in bodies.items():
        C.add(tag + "ok-%s" % t, ex.build(recs=ex.recs + [ex.new(key, fields)]), "accept")
        for m in ["v", "seq", "type", "time", "prev", "signer"] + list(fields):
            if m == "type" and t != "claim":
                continue
            for vname, v in rng.sample(TYPE_VALUES, 2 if t != "claim" else 4):
                b = dict(fields)
                b[m] = v
                keep = (m,) if m in ("seq", "prev") else ()
                # which values are still valid: expect "any" and let the
                # two verifiers agree (e.g. offset 7, seq as itself)
                C.add(tag + "type-%s-%s-%s" % (t, m, vname),
                      ex.build(recs=ex.recs + [ex.new(key, b, keep=keep)]), "any")
            b = dict(fields)
            if m not in ("v", "seq", "type", "time", "prev", "signer"):
                del b[m]
                C.add(tag + "missing-%s-%s" % (t, m), ex.build(recs=ex.recs + [ex.new(key, b)]), "any")
    # the record line's members
    good = ex.data
    L = good.split(b"\n")[:-1]
    rec = json.loads(L[2])
    body_raw = L[2][8:L[2].index(b',"id":"')]
    for m in ("id", "sig", "body"):
        for vname, v in TYPE_VALUES:
            r = dict(rec)
            r[m] = v
            line = enc(r) if m != "body" else None
            if m != "body":
                C.add(tag + "line-%s-%s" % (m, vname), b"\n".join(L[:2] + [line] + L[3:]) + b"\n", "refuse")
            else:
                r2 = {"body": v, "id": rec["id"], "sig": rec["sig"]}
                C.add(tag + "line-body-%s" % vname, b"\n".join(L[:2] + [enc(r2)] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-extra-member", b"\n".join(L[:2] + [L[2][:-1] + b',"x":1}'] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-missing-sig", b"\n".join(L[:2] + [enc({"body": rec["body"], "id": rec["id"]})] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-duplicate-id", b"\n".join(L[:2] + [L[2][:-1] + b',"id":"' + rec["id"].encode() + b'"}'] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-duplicate-body", b"\n".join(L[:2] + [b'{"body":' + body_raw + b',"body":' + body_raw + L[2][8 + len(body_raw):]] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-unsorted", b"\n".join(L[:2] + [b'{"id":"' + rec["id"].encode() + b'","body":' + body_raw + b',"sig":"' + rec["sig"].encode() + b'"}'] + L[3:]) + b"\n", "refuse")
    C.add(tag + "line-checkpoint-and-body", b"\n".join(L[:2] + [L[2][:-1] + b',"checkpoint":"x"}'] + L[3:]) + b"\n", "refuse")
    # header members
    for m in ("claimledger", "origin", "owner", "size"):
        for vname, v in TYPE_VALUES:
            C.add(tag + "header-%s-%s" % (m, vname), ex.build(header={m: v}), "refuse")
        C.add(tag + "header-missing-%s" % m, ex.build(header={m: None}), "refuse")
    C.add(tag + "header-extra-member", ex.build(header={"x": 1}), "refuse")
    C.add(tag + "header-duplicate-size", sub_line(good, 0, b'"size":', b'"size":%d,"size":' % len(ex.recs)), "refuse")
    C.add(tag + "header-unsorted", sub_line(good, 0, b'{"claimledger":"export/1",', b'{') .replace(b'"size":%d}' % len(ex.recs), b'"size":%d,"claimledger":"export/1"}' % len(ex.recs), 1), "refuse")
    C.add(tag + "header-size-2^53-1", ex.build(header={"size": 2 ** 53 - 1}), "refuse")
    C.add(tag + "header-size-2^64", ex.build(header={"size": 2 ** 64}), "refuse")
    C.add(tag + "header-size-leading-zero", sub_line(good, 0, b'"size":', b'"size":0'), "refuse")
    C.add(tag + "header-size-plus", sub_line(good, 0, b'"size":', b'"size":+'), "refuse")
    C.add(tag + "header-size-float", sub_line(good, 0, b'"size":%d' % len(ex.recs), b'"size":%d.0' % len(ex.recs)), "refuse")
    C.add(tag + "header-escaped-slash", sub_line(good, 0, b'"export/1"', b'"export\\/1"'), "refuse")
    C.add(tag + "header-escaped-e", sub_line(good, 0, b'"export/1"', b'"\\u0065xport/1"'), "refuse")
    C.add(tag + "header-space", sub_line(good, 0, b'","origin"', b'", "origin"'), "refuse")
    # the checkpoint line
    for vname, v in TYPE_VALUES:
        C.add(tag + "checkpoint-%s" % vname, ex.build(checkpoint=enc({"checkpoint": v})), "refuse")
    cp = json.loads(L[-1])["checkpoint"]
    C.add(tag + "checkpoint-extra-member", ex.build(checkpoint=enc({"checkpoint": cp, "x": 1})), "refuse")
    C.add(tag + "checkpoint-duplicate", ex.build(checkpoint=b'{"checkpoint":' + enc(cp) + b',"checkpoint":' + enc(cp) + b"}"), "refuse")
    C.add(tag + "checkpoint-escaped-newline-u", ex.build(checkpoint=enc({"checkpoint": cp}).replace(b"\\n", b"\\u000a", 1)), "refuse")
    C.add(tag + "checkpoint-escaped-emdash", ex.build(checkpoint=enc({"checkpoint": cp}).replace("\u2014".encode(), b"\\u2014", 1)), "refuse")


def depth_cases(C, ex, tag):
    ed = ex.editors[0]
    claim = {"type": "claim", "text": "t", "speaker": "S", "source": "s", "date": "2021-11-22"}
    add = lambda name, x, expect: C.add(tag + name, ex.build(recs=ex.recs + [ex.new(ed, dict(claim, x=x))]), expect)
    # the body is level 1; x's containers are levels 2 ..
    for kind in ("array", "object"):
        add("depth-31-%s" % kind, nest(30, 1, kind), "accept")
        add("depth-32-%s-scalar-inside" % kind, nest(31, 1, kind), "accept")
        add("depth-32-%s-string-inside" % kind, nest(31, "s", kind), "accept")
        add("depth-32-%s-empty" % kind, nest(30, [] if kind == "array" else {}, kind), "accept")
        add("depth-33-%s" % kind, nest(32, 1, kind), "refuse")
        add("depth-33-%s-empty" % kind, nest(31, [] if kind == "array" else {}, kind), "refuse")
        add("depth-1000-%s" % kind, nest(999, 1, kind), "refuse")
        add("depth-1100-%s" % kind, nest(1100, 1, kind), "refuse")
        add("depth-3000-%s" % kind, nest(3000, 1, kind), "refuse")
    add("depth-32-mixed", nest(15, nest(16, True, "object"), "array"), "accept")
    add("depth-33-mixed", nest(16, nest(16, True, "object"), "array"), "refuse")
    add("depth-32-wide", [nest(30, i) for i in range(5)], "accept")
    good = ex.data
    L = good.split(b"\n")[:-1]
    for d in (31, 32, 33, 1000, 5000):
        C.add(tag + "depth-header-origin-%d" % d, ex.build(header={"origin": nest(d, ex.origin)}), "refuse")
        C.add(tag + "depth-header-extra-%d" % d, ex.build(header={"x": nest(d)}), "refuse")
        C.add(tag + "depth-record-extra-%d" % d, b"\n".join(L[:2] + [L[2][:-1] + b',"x":' + enc(nest(d)) + b"}"] + L[3:]) + b"\n", "refuse")
        C.add(tag + "depth-checkpoint-%d" % d, ex.build(checkpoint=enc({"checkpoint": nest(d, "x")})), "refuse")
        C.add(tag + "depth-unbalanced-%d" % d, b"\n".join(L[:2] + [b"[" * d] + L[3:]) + b"\n", "refuse")


def digit_cases(C, ex, tag):
    ed = ex.editors[0]
    claim = {"type": "claim", "text": "t", "speaker": "S", "source": "s", "date": "2021-11-22"}
    for name, date in (("fullwidth", "２０２１-１１-２２"), ("arabic-indic", "٢٠٢١-١١-٢٢"),
                       ("devanagari", "२०२१-११-२२"), ("mixed", "2021-1１-22"),
                       ("superscript", "2021-11-2²"), ("ascii", "2021-11-22")):
        C.add(tag + "digits-date-" + name, ex.build(recs=ex.recs + [ex.new(ed, dict(claim, date=date))]),
              "accept" if name == "ascii" else "refuse")
    for name, t in (("fullwidth", "２０２６-06-01T12:00:00Z"), ("arabic-indic", "2026-06-01T1٢:00:00Z"),
                    ("seconds", "2026-06-01T12:00:0٠Z")):
        C.add(tag + "digits-time-" + name, ex.build(recs=ex.recs + [ex.new(ed, dict(claim, time=t))]), "refuse")
    C.add(tag + "digits-correction-date", ex.build(recs=ex.recs + [ex.new(ed, {"type": "correction", "target": ex.claims[-1][0], "reason": "r", "date": "２０２１-１１-２２"})]), "refuse")
    n = len(ex.recs)
    C.add(tag + "digits-checkpoint-size", ex.build(note=ex.note("".join(chr(0xFF10 + int(c)) for c in str(n)), ex.root())), "refuse")
    C.add(tag + "digits-checkpoint-size-arabic", ex.build(note=ex.note("".join(chr(0x660 + int(c)) for c in str(n)), ex.root())), "refuse")


def rule_cases(C, ex, tag, document, full):
    ed, own = ex.editors[0], ex.owner
    st = ex.strangers[0]
    cid, other = ex.claims[-1][0], ex.others[0][0]
    vrec = ex.new(ed, {"type": "verdict", "claim": cid, "rating": "mixed"})
    vid = hashlib.sha256(enc(dict(vrec.body, seq=len(ex.recs), prev=hashlib.sha256(enc(ex.recs[-1].body)).hexdigest()))).hexdigest()
    claim = {"type": "claim", "text": "t", "speaker": "S", "source": "s", "date": "2021-11-22"}

    def one(name, key, fields, expect, keep=(), more=()):
        C.add(tag + name, ex.build(recs=ex.recs + [ex.new(key, fields, keep=keep)] + list(more)), expect)

    def two(name, first, second, expect):
        C.add(tag + name, ex.build(recs=ex.recs + [first, second]), expect)

    # pinned provenance (the document is an article archived in the ledger)
    burn = dict(claim, text="We will burn the hospital down", speaker="Jane Roe")
    one("provenance-direct-document-no-span", ed, dict(burn, kind="direct", document=document), "refuse")
    one("provenance-direct-document-span", ed, dict(burn, kind="direct", document=document, offset=0, length=30), "accept")
    one("provenance-offset-only", ed, dict(burn, kind="direct", document=document, offset=0), "refuse")
    one("provenance-length-only", ed, dict(burn, kind="indirect", document=document, length=3), "refuse")
    one("provenance-span-no-document", ed, dict(burn, kind="direct", offset=0, length=30), "refuse")
    one("provenance-span-no-document-no-kind", ed, dict(burn, offset=0, length=30), "refuse")
    one("provenance-indirect-document", ed, dict(burn, kind="indirect", document=document), "accept")
    one("provenance-manual-document", ed, dict(burn, kind="manual", document=document), "accept")
    one("provenance-no-kind-document", ed, dict(burn, document=document), "accept")
    one("provenance-direct-no-document", ed, dict(burn, kind="direct"), "accept")
    one("provenance-direct-by-owner", own, dict(burn, kind="direct", document=document), "refuse")
    # common members
    one("seq-gap", ed, dict(claim, seq=len(ex.recs) + 1), "refuse", keep=("seq",))
    one("seq-repeat", ed, dict(claim, seq=len(ex.recs) - 1), "refuse", keep=("seq",))
    one("seq-2^53", ed, dict(claim, seq=2 ** 53), "refuse", keep=("seq",))
    one("prev-zeros", ed, dict(claim, prev="0" * 64), "refuse", keep=("prev",))
    one("prev-uppercase", ed, dict(claim, prev=hashlib.sha256(enc(ex.recs[-1].body)).hexdigest().upper()), "refuse", keep=("prev",))
    one("v-2", ed, dict(claim, v=2), "refuse")
    one("type-unknown", ed, dict(claim, type="rumour"), "refuse")
    one("type-genesis-later", ed, {"type": "genesis", "origin": ex.origin, "name": "x"}, "refuse")
    one("type-claim-uppercase", ed, dict(claim, type="Claim"), "refuse")
    for vname, v in TYPE_VALUES:      # body.type of every JSON type
        if not isinstance(v, str):
            one("type-as-" + vname, ed, dict(claim, type=v), "refuse")
    g = ex.recs[0]
    for m in ("origin", "name"):      # the genesis members, the chain re-signed
        for vname, v in (("int", 5), ("list", [ex.origin]), ("obj", {"a": 1}), ("true", True)):
            C.add(tag + "genesis-%s-%s" % (m, vname), ex.build(recs=[g.copy(body=dict(g.body, **{m: v}))] + ex.recs[1:]), "refuse")
    if full:                      # the value rules: on one base is enough
        for t, expect in (("0000-01-01T00:00:00Z", "accept"), ("9999-12-31T23:59:59Z", "accept"),
                          ("2024-02-29T00:00:00Z", "accept"), ("2000-02-29T00:00:00Z", "accept"),
                          ("2023-02-29T00:00:00Z", "refuse"), ("1900-02-29T00:00:00Z", "refuse"),
                          ("2026-06-01T23:59:60Z", "refuse"), ("2026-06-01T24:00:00Z", "refuse"),
                          ("2026-06-01t12:00:00z", "refuse"), ("2026-06-01T12:00:00.5Z", "refuse"),
                          ("2026-06-01T12:00:00+00:00", "refuse"), ("2026-06-01 12:00:00Z", "refuse"),
                          ("2026-6-01T12:00:00Z", "refuse"), ("2026-06-01T12:60:00Z", "refuse"),
                          ("-001-06-01T12:00:00Z", "refuse"), ("12026-06-01T12:00:00Z", "refuse")):
            one("time-" + t, ed, dict(claim, time=t), expect)
        for d, expect in (("2024-02-29", "accept"), ("2021-02-29", "refuse"), ("2021-13-01", "refuse"),
                          ("21-11-22", "refuse"), ("2021-11-31", "refuse"), ("2021-00-10", "refuse"),
                          ("2021-11-00", "refuse"), ("0000-02-29", "accept"), ("2021-11-22 ", "refuse"),
                          ("2021/11/22", "refuse"), ("+2021-11-22", "refuse")):
            one("date-" + d, ed, dict(claim, date=d), expect)
        # strings
        for name, text, expect in (("ideographic-space", "\u3000", "refuse"), ("zero-width-space", "\u200b", "accept"),
                                   ("newline-only", "\n", "refuse"), ("two-lines", "a\nb", "accept"),
                                   ("nel-only", "\u0085", "refuse"), ("nel-and-a", "a\u0085", "accept"),
                                   ("del", "a\u007fb", "refuse"), ("tab", "a\tb", "refuse"), ("cr", "a\rb", "refuse"),
                                   ("u2028", "a\u2028b", "accept"), ("bom", "\ufeffa", "accept"),
                                   ("fffe-ffff", "a\ufffe\uffff", "accept"), ("max-code-point", "a\U0010ffff", "accept"),
                                   ("emoji", "a \U0001F600", "accept"), ("c1-control", "a\u0080\u009f", "accept"),
                                   ("nbsp-only", "\u00a0\u2007", "refuse"), ("lone-surrogate", "a\ud800", "refuse")):
            one("text-" + name, ed, dict(claim, text=text), expect)
        one("speaker-newline", ed, dict(claim, speaker="A\nB"), "refuse")
        one("speaker-blank-ok", ed, dict(claim, speaker=" "), "accept")
        one("source-empty", ed, dict(claim, source=""), "refuse")
        one("context-newline", ed, dict(claim, context="a\nb"), "accept")
        one("context-empty", ed, dict(claim, context=""), "accept")
        one("unknown-member-text-newline", ed, dict(claim, future={"text": "a\nb"}), "refuse")
        one("unknown-top-member-newline", ed, dict(claim, remark="a\nb"), "refuse")
        one("member-name-newline", ed, dict(claim, **{"a\nb": 1}), "refuse")
        one("member-names-utf16-order", ed, dict(claim, **{"\U0001F600": 1, "\ufb33": 2, "\u20ac": 3, "é": 4, "z": 5}), "accept")
        one("member-names-code-point-order", ed, dict(claim, x=Raw('{"\ufb33":1,"\U0001F600":2}')), "refuse")
        one("member-name-empty", ed, dict(claim, **{"": 1}), "accept")
        one("string-65536", ed, dict(claim, context="a" * 65536), "accept")
        one("string-65537", ed, dict(claim, context="a" * 65537), "refuse")
        one("string-65536-multibyte", ed, dict(claim, context="a" * 65534 + "é"), "accept")
        one("string-65537-multibyte", ed, dict(claim, context="a" * 65535 + "é"), "refuse")
        one("member-name-65537", ed, dict(claim, **{"n" * 65537: 1}), "refuse")
        one("int-2^53-1", ed, dict(claim, n=2 ** 53 - 1, m=-(2 ** 53 - 1)), "accept")
        one("int-2^53", ed, dict(claim, n=2 ** 53), "refuse")
        one("int-minus-2^53", ed, dict(claim, n=-(2 ** 53)), "refuse")
        one("int-2^63", ed, dict(claim, n=2 ** 63), "refuse")
        one("int-2^64", ed, dict(claim, n=2 ** 64), "refuse")
        one("int-4400-digits", ed, dict(claim, n=Raw("9" * 4400)), "refuse")
        one("offset-2^53-1", ed, dict(claim, document=document, offset=2 ** 53 - 1, length=0), "accept")
        one("float-offset", ed, dict(claim, document=document, offset=Raw("1.0"), length=1), "refuse")
        one("null-member", ed, dict(claim, note=None), "refuse")
        one("escaped-A", ed, dict(claim, text=Raw('"\\u0041"')), "refuse")
        one("escaped-slash", ed, dict(claim, source=Raw('"a\\/b"')), "refuse")
        one("uppercase-escape", ed, dict(claim, context=Raw('"\\u001F"')), "refuse")
        one("lowercase-escape-control", ed, dict(claim, context=Raw('"\\u001f"')), "refuse")
        one("surrogate-pair-escape", ed, dict(claim, text=Raw('"\\ud83d\\ude00"')), "refuse")
        one("lone-surrogate-escape", ed, dict(claim, text=Raw('"\\udc00"')), "refuse")
        one("duplicate-member", ed, dict(claim, text=Raw('"t","text":"t"')), "refuse")
        one("non-canonical-space", ed, dict(claim, text=Raw(' "t"')), "refuse")
    # keys
    k = b64(pk(st))
    nc = k[:-2] + ("B" if k[-2] != "B" else "C") + "="
    one("signer-non-canonical", ed, dict(claim, signer=nc), "refuse")
    one("pubkey-non-canonical", own, {"type": "editor", "name": "carol", "pubkey": nc, "action": "add"}, "any")
    one("pubkey-no-padding", own, {"type": "editor", "name": "carol", "pubkey": k[:-1], "action": "add"}, "refuse")
    one("pubkey-31-bytes", own, {"type": "editor", "name": "carol", "pubkey": b64(pk(st)[:31]), "action": "add"}, "refuse")
    # editors
    add_st = ex.new(own, {"type": "editor", "name": "carol", "pubkey": k, "action": "add"})
    two("editor-add-then-sign", add_st, ex.new(st, claim), "accept")
    two("editor-add-same-name-twice", add_st, ex.new(own, {"type": "editor", "name": "carol", "pubkey": b64(hashlib.sha256(b"k").digest()), "action": "add"}), "refuse")
    one("editor-add-active-key", own, {"type": "editor", "name": "dave", "pubkey": b64(pk(ed)), "action": "add"}, "refuse")
    one("editor-add-owner-key", own, {"type": "editor", "name": "dave", "pubkey": b64(pk(own)), "action": "add"}, "refuse")
    one("editor-add-owner-name", own, {"type": "editor", "name": ex.recs[0].body["name"], "pubkey": k, "action": "add"}, "refuse")
    one("editor-revoke-owner", own, {"type": "editor", "name": ex.recs[0].body["name"], "pubkey": b64(pk(own)), "action": "revoke"}, "refuse")
    one("editor-revoke-unknown", own, {"type": "editor", "name": "nobody", "pubkey": k, "action": "revoke"}, "refuse")
    edname = next(r.body["name"] for r in ex.recs if r.body["type"] == "editor" and r.body["pubkey"] == b64(pk(ed)))
    one("editor-revoke-wrong-key", own, {"type": "editor", "name": edname, "pubkey": k, "action": "revoke"}, "refuse")
    rev = ex.new(own, {"type": "editor", "name": edname, "pubkey": b64(pk(ed)), "action": "revoke"})
    two("editor-revoke-then-sign", rev, ex.new(ed, claim), "refuse")
    two("editor-revoke-then-readd-name", rev, ex.new(own, {"type": "editor", "name": edname, "pubkey": k, "action": "add"}), "accept")
    two("editor-revoke-then-readd-key", rev, ex.new(own, {"type": "editor", "name": "other-name", "pubkey": b64(pk(ed)), "action": "add"}), "accept")
    one("editor-revoke-self", ed, {"type": "editor", "name": edname, "pubkey": b64(pk(ed)), "action": "revoke"}, "refuse")
    one("editor-action-remove", own, {"type": "editor", "name": "carol", "pubkey": k, "action": "remove"}, "refuse")
    for name, expect in (("a+b", "refuse"), ("a b", "refuse"), ("a\u00a0b", "refuse"), ("a\u0085b", "refuse"),
                         ("a\u007fb", "refuse"), ("a\u009fb", "refuse"), ("a\u3000b", "refuse"),
                         ("é" * 64, "accept"), ("é" * 64 + "a", "refuse"), ("x" * 128, "accept"),
                         ("x" * 129, "refuse"), ("", "refuse"), ("\u200b", "accept"), ("a/b.c-d_e", "accept")):
        one("editor-name-" + repr(name)[:24].strip("'"), own, {"type": "editor", "name": name, "pubkey": k, "action": "add"}, expect)
    one("claim-by-stranger", st, claim, "refuse")
    one("config-by-editor", ed, {"type": "config", "newsroom": "Desk"}, "refuse")
    one("config-by-owner-url-only", own, {"type": "config", "url": "https://x"}, "accept")
    one("config-empty", own, {"type": "config"}, "refuse")
    one("config-empty-newsroom", own, {"type": "config", "newsroom": ""}, "refuse")
    one("alias-add-no-speaker", ed, {"type": "alias", "alias": "W", "action": "add"}, "refuse")
    one("alias-remove", ed, {"type": "alias", "alias": "W", "action": "remove"}, "accept")
    one("alias-remove-with-speaker", ed, {"type": "alias", "alias": "W", "action": "remove", "speaker": "X"}, "accept")
    one("alias-blank", ed, {"type": "alias", "alias": "\u3000", "action": "remove"}, "refuse")
    one("alias-by-stranger", st, {"type": "alias", "alias": "W", "action": "remove"}, "refuse")
    # references
    for r in ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven"):
        one("rating-" + r, ed, {"type": "verdict", "claim": cid, "rating": r}, "accept")
    one("rating-TRUE", ed, {"type": "verdict", "claim": cid, "rating": "TRUE"}, "refuse")
    one("verdict-evidence-empty", ed, {"type": "verdict", "claim": cid, "rating": "false", "evidence": []}, "accept")
    one("verdict-evidence-empty-string", ed, {"type": "verdict", "claim": cid, "rating": "false", "evidence": [""]}, "refuse")
    one("verdict-evidence-number", ed, {"type": "verdict", "claim": cid, "rating": "false", "evidence": ["a", 1]}, "refuse")
    one("verdict-note-newline", ed, {"type": "verdict", "claim": cid, "rating": "false", "note": "a\nb"}, "accept")
    # verdict.url is a record rule (an absolute http(s) URL), speaker_type an enum
    V = {"type": "verdict", "claim": cid, "rating": "false"}
    for name, u, want in (("ok", "https://fc.example/a?b=1#c", "accept"),
                          ("ipv6-port", "HTTP://[::1]:8080/x", "accept"),
                          ("no-scheme", "fc.example/a", "refuse"),
                          ("javascript", "javascript:alert(1)", "refuse"),
                          ("userinfo", "https://a@b.example/", "refuse"),
                          ("space", "https://b.example/a b", "refuse"),
                          ("brace", "https://b.example/{x}", "refuse"),
                          ("port", "https://b.example:65536/", "refuse"),
                          ("non-ascii", "https://b.example/\u00e9", "refuse"),
                          ("empty", "", "refuse")):
        one("verdict-url-" + name, ed, dict(V, url=u), want)
    one("verdict-url-number", ed, dict(V, url=7), "refuse")
    one("verdict-url-long", ed, dict(V, url="https://b.example/" + "a" * 2030), "accept")
    one("verdict-url-too-long", ed, dict(V, url="https://b.example/" + "a" * 2031), "refuse")
    for t, want in (("person", "accept"), ("organization", "accept"), ("Person", "refuse"), ("", "refuse")):
        one("verdict-speaker-type-" + (t or "empty"), ed, dict(V, speaker_type=t), want)
    one("verdict-on-non-claim", ed, {"type": "verdict", "claim": other, "rating": "false"}, "refuse")
    two("verdict-on-verdict", vrec, ex.new(ed, {"type": "verdict", "claim": vid, "rating": "false"}), "refuse")
    two("correction-of-verdict", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r"}), "accept")
    two("correction-of-verdict-with-text", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "text": "t"}), "refuse")
    # A correction of a verdict's rating and note (issue 13): only on a
    # verdict, the rating on the scale, never with a claim's values.
    two("correction-of-verdict-rating", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "rating": "mostly-true", "note": "n\nm"}), "accept")
    two("correction-of-verdict-note-only", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "note": ""}), "accept")
    two("correction-of-verdict-rating-off-scale", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "rating": "False"}), "refuse")
    two("correction-of-verdict-rating-and-speaker", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "rating": "true", "speaker": "X"}), "refuse")
    two("correction-of-verdict-note-not-string", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "note": 1}), "refuse")
    one("correction-of-claim-with-rating", ed, {"type": "correction", "target": cid, "reason": "r", "rating": "true"}, "refuse")
    one("correction-of-claim-with-note", ed, {"type": "correction", "target": cid, "reason": "r", "note": "n"}, "refuse")
    one("correction-of-non-claim-with-date", ed, {"type": "correction", "target": other, "reason": "r", "date": "2021-11-22"}, "refuse")
    one("correction-unknown-target", ed, {"type": "correction", "target": "cd" * 32, "reason": "r"}, "refuse")
    one("correction-of-claim-values", ed, {"type": "correction", "target": cid, "reason": "r\nwhy", "speaker": "X"}, "accept")
    one("correction-blank-text", ed, {"type": "correction", "target": cid, "reason": "r", "text": " "}, "refuse")
    one("correction-empty-reason", ed, {"type": "correction", "target": cid, "reason": ""}, "refuse")
    # kind, offset and length: member rules and a claim as target.  The
    # claim here cites no archived article, so its view can have no span
    # (SPEC "Documents": decided without the article, as `verify` does);
    # whether a span holds a direct quote's words takes the article, which
    # these exports do not carry (exportdocs.sh checks exports that do).
    corr = {"type": "correction", "target": cid, "reason": "r"}
    one("correction-kind-indirect", ed, dict(corr, kind="indirect"), "accept")
    one("correction-kind-manual-text", ed, dict(corr, kind="manual", text="Other words"), "accept")
    one("correction-kind-unknown", ed, dict(corr, kind="quoted"), "refuse")
    one("correction-kind-number", ed, dict(corr, kind=1), "refuse")
    one("correction-span", ed, dict(corr, offset=12, length=30), "refuse")
    one("correction-span-zero", ed, dict(corr, kind="direct", offset=0, length=0), "refuse")
    one("correction-span-text-unchecked", ed, dict(corr, kind="direct", text="Words never said", offset=0, length=16), "refuse")
    one("correction-offset-only", ed, dict(corr, offset=12), "refuse")
    one("correction-length-only", ed, dict(corr, length=30, kind="direct"), "refuse")
    one("correction-offset-negative", ed, dict(corr, offset=-1, length=30), "refuse")
    one("correction-length-string", ed, dict(corr, offset=1, length="30"), "refuse")
    one("correction-offset-float", ed, dict(corr, offset=Raw("1.0"), length=30), "refuse")
    two("correction-of-verdict-with-kind", vrec, ex.new(ed, {"type": "correction", "target": vid, "reason": "r", "kind": "indirect"}), "refuse")
    one("correction-of-non-claim-with-span", ed, {"type": "correction", "target": other, "reason": "r", "offset": 0, "length": 1}, "refuse")
    # the genesis and the whole chain re-signed
    g = ex.recs[0]
    C.add(tag + "genesis-by-editor", ex.build(recs=[g.copy(key=ed, body=dict(g.body, signer=b64(pk(ed))))] + ex.recs[1:]), "refuse")
    C.add(tag + "genesis-other-origin", ex.build(recs=[g.copy(body=dict(g.body, origin="other/origin"))] + ex.recs[1:]), "refuse")
    C.add(tag + "genesis-seq-1", ex.build(recs=[g.copy(body=dict(g.body, seq=1), keep=("seq",))] + ex.recs[1:]), "refuse")
    C.add(tag + "genesis-prev-nonzero", ex.build(recs=[g.copy(body=dict(g.body, prev="11" * 32), keep=("prev",))] + ex.recs[1:]), "refuse")
    C.add(tag + "genesis-twice", ex.build(recs=[ex.recs[0], ex.recs[0]] + ex.recs[1:]), "refuse")
    C.add(tag + "genesis-missing", ex.build(recs=ex.recs[1:]), "refuse")
    C.add(tag + "genesis-only", ex.build(recs=ex.recs[:1]), "accept")
    C.add(tag + "zero-records", ex.build(recs=[]), "accept")
    C.add(tag + "zero-records-size-1", ex.build(recs=[], header={"size": 1}), "refuse")
    # another origin everywhere (genesis, header, checkpoint): a new valid export
    for name, origin, expect in (("utf8-origin", "exämple.org/ledger-ü", "accept"), ("origin-128", "o" * 128, "accept"),
                                 ("origin-nbsp", "a\u00a0b", "refuse"), ("origin-plus", "a+b", "refuse")):
        ex2 = Export.__new__(Export)
        ex2.__dict__.update(ex.__dict__)
        ex2.origin = origin
        ex2.header = dict(ex.header, origin=origin, owner=vkey(origin, pk(ex.owner)))
        C.add(tag + "rebuilt-" + name, ex2.build(recs=[g.copy(body=dict(g.body, origin=origin))] + ex.recs[1:]), expect)
    # bodies at the size limit: exactly 1 MiB is fine, one byte more is not
    for extra, expect in ((0, "accept"), (1, "refuse")):
        rec = ex.new(ed, dict(claim, pad=["a" * 52000] * 20))
        body = dict(rec.body, seq=len(ex.recs), prev=hashlib.sha256(enc(ex.recs[-1].body)).hexdigest())
        short = 1024 * 1024 - len(enc(body))
        assert 0 <= short < 13000
        rec.body["pad"] = ["a" * 52000] * 19 + ["a" * (52000 + short + extra)]
        C.add(tag + "body-1mib-plus-%d" % extra, ex.build(recs=ex.recs + [rec]), expect)


def note_cases(C, ex, tag):
    n, root = len(ex.recs), ex.root()
    own, ed, st = ex.owner, ex.editors[0], ex.strangers[0]
    o = ex.origin
    good = lambda t: sig_line(o, own, t)

    def case(name, expect, **kw):
        C.add(tag + "note-" + name, ex.build(note=ex.note(n, root, **kw)), expect)

    case("extension-line", "accept", extra="ext line\n")
    case("two-extension-lines", "accept", extra="a\nb\n")
    case("extension-line-del", "accept", extra="a\u007fb\n")
    case("extension-line-nonascii", "accept", extra="—é\n")
    case("empty-extension-line", "refuse", extra="\n")
    case("extension-then-empty", "refuse", extra="a\n\n")
    case("witness-other-name", "accept", sigs=lambda t: good(t) + sig_line("witness.example", st, t))
    case("witness-first", "accept", sigs=lambda t: sig_line("witness.example", st, t) + good(t))
    case("same-name-other-keyid", "accept", sigs=lambda t: good(t) + sig_line(o, st, t))
    case("same-name-other-keyid-only", "refuse", sigs=lambda t: sig_line(o, st, t))
    case("owner-twice", "accept", sigs=lambda t: good(t) + good(t))
    case("owner-twice-second-bad", "refuse", sigs=lambda t: good(t) + sig_line(o, own, t, blob=key_id(o, pk(own)) + b"\0" * 64))
    case("owner-69-bytes", "refuse", sigs=lambda t: good(t) + sig_line(o, own, t, blob=key_id(o, pk(own)) + own.sign(t.encode()).signature + b"\0"))
    case("owner-5-bytes", "refuse", sigs=lambda t: good(t) + sig_line(o, own, t, blob=key_id(o, pk(own)) + b"\0"))
    case("witness-5-bytes", "accept", sigs=lambda t: good(t) + sig_line("w", st, t, blob=b"\0" * 5))
    case("witness-4-bytes", "refuse", sigs=lambda t: good(t) + sig_line("w", st, t, blob=b"\0" * 4))
    case("witness-name-plus", "refuse", sigs=lambda t: good(t) + sig_line("w+x", st, t))
    case("witness-empty-name", "refuse", sigs=lambda t: good(t) + "\u2014  " + b64(b"\0" * 68) + "\n")
    case("witness-hyphen", "refuse", sigs=lambda t: good(t) + "- w " + b64(b"\0" * 68) + "\n")
    case("witness-no-space", "refuse", sigs=lambda t: good(t) + "\u2014w " + b64(b"\0" * 68) + "\n")
    case("witness-two-spaces", "refuse", sigs=lambda t: good(t) + "\u2014 w  " + b64(b"\0" * 68) + "\n")
    case("witness-trailing-space", "refuse", sigs=lambda t: good(t) + "\u2014 w " + b64(b"\0" * 68) + " \n")
    case("witness-non-canonical-b64", "refuse", sigs=lambda t: good(t) + "\u2014 w AAAAAAB=\n")
    case("witness-no-padding", "refuse", sigs=lambda t: good(t) + "\u2014 w AAAAAAA\n")
    case("witness-nbsp-name", "accept", sigs=lambda t: good(t) + sig_line("w\u00a0x", st, t))
    case("witness-ideographic-space-in-b64", "refuse", sigs=lambda t: good(t) + "\u2014 w AAAA\u3000AAAA\n")
    case("blank-line-in-signatures", "refuse", sigs=lambda t: good(t) + "\n" + good(t))
    case("no-signatures", "refuse", sigs=lambda t: "")
    case("100-signatures", "accept", sigs=lambda t: good(t) + sig_line("w", st, t) * 99)
    case("101-signatures", "refuse", sigs=lambda t: good(t) + sig_line("w", st, t) * 100)
    case("signed-by-editor-as-origin", "refuse", sigs=lambda t: sig_line(o, ed, t))
    case("tab-in-text", "refuse", extra="a\tb\n")
    case("cr-in-text", "refuse", extra="a\rb\n")
    case("signature-no-final-newline", "refuse", sigs=lambda t: good(t)[:-1])
    for name, size in (("leading-zero", "0%d" % n), ("plus", "+%d" % n), ("space", " %d" % n),
                       ("hex", hex(n)), ("2^64", str(2 ** 64)), ("2^64-1", str(2 ** 64 - 1)),
                       ("21-digits", "0" * 20 + "1"), ("5000-digits", "9" * 5000), ("empty", "")):
        C.add(tag + "note-size-" + name, ex.build(note=ex.note(size, root)), "refuse")
    rb = b64(root)
    for name, r in (("no-padding", rb[:-1]), ("non-canonical", rb[:-2] + ("B" if rb[-2] != "B" else "C") + "="),
                    ("31-bytes", b64(root[:31])), ("33-bytes", b64(root + b"\0")), ("hex", root.hex()),
                    ("empty", "")):
        C.add(tag + "note-root-" + name, ex.build(note=ex.note(n, r)), "refuse")
    C.add(tag + "note-origin-empty", ex.build(note=ex.note(n, root, origin="")), "refuse")
    C.add(tag + "note-two-lines-only", ex.build(note=o + "\n%d\n\n" % n + good(o + "\n%d\n" % n)), "refuse")
    big = "x" * (1024 * 1024)
    C.add(tag + "note-over-1mib", ex.build(note=ex.note(n, root, extra=big + "\n")), "refuse")
    C.add(tag + "note-just-under-1mib", ex.build(note=ex.note(n, root, extra="x" * (1024 * 1024 - 400) + "\n")), "accept")


def random_cases(C, ex, tag, rng, count_bytes, count_bodies):
    good = ex.data
    for i in range(count_bytes):
        b = bytearray(good)
        for _ in range(rng.choice((1, 1, 2, 3))):
            op, pos = rng.random(), rng.randrange(len(b))
            if op < 0.5:
                b[pos] = rng.randrange(256)
            elif op < 0.6:
                b[pos] ^= 1 << rng.randrange(8)
            elif op < 0.8:
                del b[pos]
            else:
                b.insert(pos, rng.choice(b' \n\r\t\\"{}[],:0-9aAzZ\x00\x7f\xc3\xe2\x80\x94+/='))
        C.add(tag + "random-bytes-%03d" % i, bytes(b), "any")
    weird = [None, True, 0, -1, 2 ** 53, "", " ", "x", "a\nb", "\u3000", [], {}, ["x"], {"a": 1},
             "2021-11-22", "0" * 64, "ab" * 32, "direct", "add", "revoke", "claim", "editor", "false",
             b64(pk(ex.strangers[0])), Raw("1.0")]
    for i in range(count_bodies):
        recs = [r.copy() for r in ex.recs]
        k = rng.randrange(1, len(recs))
        body = recs[k].body
        for _ in range(rng.choice((1, 1, 2))):
            m = rng.choice(sorted(body) + ["kind", "document", "offset", "length", "x", "speaker", "note"])
            op = rng.random()
            if op < 0.2 and m in body:
                del body[m]
            else:
                body[m] = rng.choice(weird)
        if "seq" in body and body.get("seq") != k:
            recs[k].keep.add("seq")
        if "prev" in body and rng.random() < 0.5:
            recs[k].keep.add("prev")
        C.add(tag + "random-body-%03d" % i, ex.build(recs=recs), "any")


PUBFILES = {
    # name: (text, expect when the export is otherwise good)
    "owner-nonl.pub": (lambda v: v, "accept"),
    "owner-othername.pub": (lambda v: None, "accept"),
    "owner-crlf.pub": (lambda v: v + "\r\n", "refuse"),
    "owner-two-newlines.pub": (lambda v: v + "\n\n", "refuse"),
    "owner-space.pub": (lambda v: v + " \n", "refuse"),
    "owner-bom.pub": (lambda v: "\ufeff" + v + "\n", "refuse"),
    "owner-badid.pub": (lambda v: "+".join([v.split("+")[0], "00000000", v.split("+", 2)[2]]) + "\n", "refuse"),
    "owner-big.pub": (lambda v: v + "\n" + "x" * 1100, "refuse"),
    "empty.pub": (lambda v: "", "refuse"),
    "owner-secret.pub": (lambda v: "SECRET", "refuse"),
}


def main(argv):
    sep = argv.index("--")
    out, document, keyfiles, bases = argv[1], argv[2], argv[3:sep], argv[sep + 1:]
    sys.setrecursionlimit(50000)    # jcs() of the 3000-deep cases
    keyring = {}
    for path in keyfiles:
        name, k = load_key(path)
        keyring[pk(k)] = k
    os.makedirs(out, exist_ok=True)
    C = Cases(out)
    rng = random.Random(20261128)
    exports = [Export(b, keyring) for b in bases]
    own = exports[0].owner
    assert all(pk(e.owner) == pk(own) for e in exports), "the bases need one owner"
    with open(os.path.join(out, "owner.pub"), "w") as f:
        f.write(vkey("test-owner", pk(own)) + "\n")
    with open(os.path.join(out, "editor.pub"), "w") as f:
        f.write(vkey("test-editor", pk(exports[0].editors[0])) + "\n")
    for name, (make, expect) in PUBFILES.items():
        text = make(vkey("test-owner", pk(own)))
        if text is None:
            text = vkey("some-other-name", pk(own)) + "\n"
        if text == "SECRET":
            text = "PRIVATE+KEY+test-owner+%s+%s\n" % (key_id("test-owner", pk(own)).hex(), b64(b"\x01" + bytes(own)))
        with open(os.path.join(out, name), "w", newline="") as f:
            f.write(text)
        C.add("pubfile-" + name[:-4], exports[0].data, expect, pub=name)
    # The first base gets the value and byte cases, the last (the richer
    # ledger) the type cases; every base the tamper, NUL, chain and random
    # cases.
    for i, ex in enumerate(exports):
        tag = "b%d-" % i
        first = i == 0
        tamper_cases(C, ex, tag)
        nul_cases(C, ex, tag)
        if first:
            depth_cases(C, ex, tag)
            digit_cases(C, ex, tag)
            note_cases(C, ex, tag)
            byte_cases(C, ex, tag)
        rule_cases(C, ex, tag, document, first)
        if i == len(exports) - 1:
            type_cases(C, ex, tag, rng)
        random_cases(C, ex, tag, rng, 20, 20)
    C.write_manifest()
    print("%d cases in %s" % (C.n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
