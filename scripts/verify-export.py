#!/usr/bin/python3
"""verify-export.py: check a claimledger jsonl export with only the owner's
public key.  A reference verifier for third parties, written from the
specification (SPEC.md: "Records", "Transparency", "The jsonl export"), not
from claimledger's C code.  It needs Python 3 and PyNaCl (Debian:
python3-nacl) and nothing else.

Usage: verify-export.py EXPORT PUBFILE

  EXPORT   the file written by `claimledger export --format jsonl` ("-":
           standard input)
  PUBFILE  the owner's C2SP verifier key, "<name>+<keyid>+<base64>"; only
           its key bytes matter, not its name

Prints "verified export: N records, root <base64>" and a second line,
"checked Q quotes against D documents" or "quotes not checked: the export
carries no documents", and exits 0, or prints
"verify-export.py: line N: <why>" on stderr and exits 1 at the first
problem: whatever the bytes, a malformed export is a refusal naming its
line, never a crash.  Exit 2: usage, an unreadable PUBFILE or EXPORT; 3:
reading EXPORT failed part way.  The export is streamed: memory is one line
(at most 2 MiB, a document line at most its article's base64) and the
chain state, with the views of the claims citing an article.

As a module (importlib, the file name has a dash), run(export, pubfile)
returns (exit status, stdout lines or None, stderr line or None) without
printing, and verify(binary_file, owner_key) checks an open export.

The checks, in file order:
  1. every line is canonical JSON (RFC 8785) ending in "\\n";
  2. line 1 is the header {"claimledger":"export/1","origin","owner","size"};
  3. the next `size` lines are records {"body","id","sig"}: canonical body,
     id = SHA-256(body), signature, chain and editor rules;
  4. optionally {"documents": K} and K lines {"bytes", "document"}: each
     article's bytes hash to its id, and every direct quote citing it (a
     claim's text, a corrected view's) is the quote text rule of its span
     (SPEC "Documents"); every article a claim cites comes;
  5. the last line is {"checkpoint": note}: a C2SP signed note by the owner
     under key name = origin, whose tree size is `size` and whose root is
     the RFC 6962 Merkle root of the bodies; nothing follows it.
"""

import base64
import binascii
import hashlib
import json
import re
import sys

import nacl.exceptions
import nacl.signing

LINE_MAX = 2 * 1024 * 1024      # bytes in a line, "\n" excluded
BODY_MAX = 1024 * 1024          # bytes in a canonical body
FIELD_MAX = 65536               # bytes in one string of a body
DEPTH_MAX = 32                  # arrays and objects in a body (the body is 1)
LINE_DEPTH_MAX = DEPTH_MAX + 1  # a record line wraps its body in one object
INT_LIMIT = 2 ** 53             # |n| < 2^53
NOTE_MAX = 1024 * 1024          # bytes in a signed note
NOTE_SIGS_MAX = 100             # signature lines in a note
SIG_CONTEXT = b"claimledger/record/v1\n"
ZERO_ID = "0" * 64
RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven")

# Unicode White_Space, as the spec lists it.
WHITE_SPACE = set(chr(c) for c in [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680,
                                   *range(0x2000, 0x200B), 0x2028, 0x2029,
                                   0x202F, 0x205F, 0x3000])
# Top-level members whose value may contain a newline.
FREE_TEXT = {"text", "context", "note", "reason"}


class Invalid(Exception):
    """The export is not valid: the message says why."""


class Malformed(Invalid):
    """A signed note or a checkpoint that is not even well-formed: for a
    verifier of one note (verify-proof.py), bad input (exit 2) rather than
    a failed check.  In an export, any Invalid is a refusal (exit 1)."""


# ---- RFC 8785 (JCS) for claimledger's JSON subset ------------------------

def jcs_string(s):
    """A JSON string as RFC 8785 writes it."""
    try:
        s.encode("utf-8")           # refuses lone surrogates ("\\ud800")
    except UnicodeEncodeError:
        raise Invalid("a string is not valid Unicode (lone surrogate)")
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch in "\b\t\n\f\r":
            out.append({"\b": "\\b", "\t": "\\t", "\n": "\\n",
                        "\f": "\\f", "\r": "\\r"}[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)          # everything else as itself, "/" included
    out.append('"')
    return "".join(out)


def jcs(v):
    """The canonical text of v: objects, arrays, strings, booleans and
    integers only (no floats, no null)."""
    if isinstance(v, bool):         # before int: bool is an int in Python
        return "true" if v else "false"
    if isinstance(v, int):
        if abs(v) >= INT_LIMIT:
            raise Invalid("integer %d out of range" % v)
        return str(v)
    if isinstance(v, str):
        return jcs_string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        # Names sorted as arrays of UTF-16 code units: big-endian UTF-16
        # bytes compare the same way.
        names = sorted(v, key=lambda k: k.encode("utf-16-be", "surrogatepass"))
        return "{" + ",".join(jcs_string(k) + ":" + jcs(v[k]) for k in names) + "}"
    if v is None:
        raise Invalid("null is not allowed")
    raise Invalid("floats are not allowed")


def depth(v):
    """How deep arrays and objects nest in v (a scalar: 0; {} or []: 1),
    without recursion."""
    deepest, todo = 0, [(v, 1)]
    while todo:
        x, d = todo.pop()
        if isinstance(x, dict):
            x = list(x.values())
        elif not isinstance(x, list):
            continue
        deepest = max(deepest, d)
        todo.extend((y, d + 1) for y in x)
    return deepest


def parse_line(raw):
    """Parse one line (bytes, no newline) that must be canonical JSON."""
    def no_dups(pairs):
        obj = {}
        for k, x in pairs:
            if k in obj:
                raise Invalid("duplicate member name '%s'" % k)
            obj[k] = x
        return obj

    def no_float(s):
        raise Invalid("floats are not allowed")

    def no_constant(s):
        raise Invalid("not JSON: %s" % s)

    try:
        text = raw.decode("utf-8")
        v = json.loads(text, object_pairs_hook=no_dups, parse_float=no_float,
                       parse_constant=no_constant)
    except UnicodeDecodeError:
        raise Invalid("not UTF-8")
    except RecursionError:          # the json module recurses per level
        raise Invalid("arrays and objects nested deeper than %d levels" % DEPTH_MAX)
    except ValueError as e:         # json.JSONDecodeError is a ValueError,
        raise Invalid("not JSON: %s" % e)   # so is an integer of 4300+ digits
    if not isinstance(v, dict):
        raise Invalid("not a JSON object")
    # No valid line nests deeper than a record line whose body is at the
    # limit; refusing now also keeps jcs() and check_strings() shallow.
    if depth(v) > LINE_DEPTH_MAX:
        raise Invalid("arrays and objects nested deeper than %d levels" % DEPTH_MAX)
    if jcs(v).encode("utf-8") != raw:
        raise Invalid("not canonical JSON")
    return v


# ---- record bodies (SPEC.md "Records": member and generic rules) --------

def is_key_name(s):
    if not isinstance(s, str):
        return False
    b = s.encode("utf-8", "surrogatepass")
    return (1 <= len(b) <= 128 and "+" not in s
            and not any(c in WHITE_SPACE or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F
                        for c in s))


def is_id(s):
    return isinstance(s, str) and re.fullmatch(r"[0-9a-f]{64}", s, re.ASCII) is not None


def b64decode_strict(s):
    """Standard padded base64, canonical (no spaces, zero unused bits)."""
    if not isinstance(s, str) or re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", s, re.ASCII) is None:
        return None
    try:
        b = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
    return b if base64.b64encode(b).decode() == s else None


def is_key(s):
    b = b64decode_strict(s)
    return b is not None and len(b) == 32


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


# Digits are ASCII [0-9] everywhere: Python's \d (and int()) also take
# other scripts' digits, "２０２１" among them.

def is_date(s):
    m = isinstance(s, str) and re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", s, re.ASCII)
    if not m:
        return False
    y, mo, d = (int(x) for x in m.groups())
    return 1 <= mo <= 12 and 1 <= d <= days_in_month(y, mo)


def is_time(s):
    m = isinstance(s, str) and re.fullmatch(
        r"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z", s, re.ASCII)
    return bool(m) and is_date(m.group(1)) and int(m.group(2)) <= 23 \
        and int(m.group(3)) <= 59 and int(m.group(4)) <= 59


def check_strings(v, path, top_name, level):
    """Generic rules for every string and member name, at any depth.  `level`
    is v's own: the body is 1; only arrays and objects count toward
    DEPTH_MAX, so a scalar inside a level-32 array is fine."""
    if isinstance(v, (list, dict)) and level > DEPTH_MAX:
        raise Invalid("%s: nested deeper than %d levels" % (path, DEPTH_MAX))

    def check_str(s, where, newline_ok):
        if len(s.encode("utf-8", "surrogatepass")) > FIELD_MAX:
            raise Invalid("%s: longer than %d bytes" % (where, FIELD_MAX))
        for c in s:
            if (ord(c) < 0x20 or ord(c) == 0x7F) and not (c == "\n" and newline_ok):
                raise Invalid("%s: control character U+%04X not allowed" % (where, ord(c)))

    if isinstance(v, str):
        check_str(v, path, level == 2 and top_name in FREE_TEXT)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            check_strings(x, "%s[%d]" % (path, i), None, level + 1)
    elif isinstance(v, dict):
        for k, x in v.items():
            check_str(k, path + " member name", False)
            check_strings(x, path + "." + k, k if level == 1 else None, level + 1)


def non_blank(s):
    return isinstance(s, str) and any(c not in WHITE_SPACE for c in s)


def non_empty(s):
    return isinstance(s, str) and s != ""


# An absolute http(s) URL (SPEC "Fact-checking", URLs): scheme, a host of
# letters, digits, '-' and '.' (one letter or digit at least) or an IPv6
# literal in brackets, an optional port, then a path, query or fragment of
# printable ASCII but for space and " < > \ ^ ` { | }.
URL_RE = re.compile(r'[hH][tT][tT][pP][sS]?://'
                    r'(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*[A-Za-z0-9][A-Za-z0-9.-]*)'
                    r'(?::([0-9]{1,5}))?'
                    r'(?:[/?#][!#-;=?-\[\]_a-z~]*)?')


def is_url(s):
    if not isinstance(s, str) or len(s.encode("utf-8")) > 2048:
        return False
    m = URL_RE.fullmatch(s)
    return m is not None and (m.group(1) is None or int(m.group(1)) <= 65535)


def is_uint(x):
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


# Per type: member -> (required, test, what it must be).
TYPES = {
    "genesis": {"origin": (True, is_key_name, "a key name"),
                "name": (True, is_key_name, "a key name")},
    "editor": {"name": (True, is_key_name, "a key name"),
               "pubkey": (True, is_key, "base64 of 32 bytes"),
               "action": (True, lambda s: s in ("add", "revoke"), "add or revoke")},
    "claim": {"text": (True, non_blank, "text that is not blank"),
              "speaker": (True, non_empty, "a non-empty string"),
              "source": (True, non_empty, "a non-empty string"),
              "date": (True, is_date, "YYYY-MM-DD"),
              "kind": (False, lambda s: s in ("direct", "indirect", "manual"),
                       "direct, indirect or manual"),
              "document": (False, is_id, "an id"),
              "offset": (False, is_uint, "an integer >= 0"),
              "length": (False, is_uint, "an integer >= 0"),
              "context": (False, lambda s: isinstance(s, str), "a string"),
              "lang": (False, lambda s: isinstance(s, str) and len(s) == 2 and
                       all("a" <= ch <= "z" for ch in s), "two lowercase letters (ISO 639-1)")},
    "verdict": {"claim": (True, is_id, "an id"),
                "rating": (True, lambda s: s in RATINGS, "a rating of the scale"),
                "note": (False, lambda s: isinstance(s, str), "a string"),
                "evidence": (False, lambda a: isinstance(a, list) and
                             all(non_empty(x) for x in a), "an array of non-empty strings"),
                "url": (False, is_url, "an absolute http(s) URL"),
                "speaker_type": (False, lambda s: s in ("person", "organization"),
                                 "person or organization")},
    "correction": {"target": (True, is_id, "an id"),
                   "reason": (True, non_empty, "a non-empty string"),
                   "text": (False, non_blank, "text that is not blank"),
                   "speaker": (False, non_empty, "a non-empty string"),
                   "source": (False, non_empty, "a non-empty string"),
                   "date": (False, is_date, "YYYY-MM-DD"),
                   "kind": (False, lambda s: s in ("direct", "indirect", "manual"),
                            "direct, indirect or manual"),
                   "offset": (False, is_uint, "an integer >= 0"),
                   "length": (False, is_uint, "an integer >= 0"),
                   "rating": (False, lambda s: s in RATINGS, "a rating of the scale"),
                   "note": (False, lambda s: isinstance(s, str), "a string")},
    "config": {"newsroom": (False, non_empty, "a non-empty string"),
               "url": (False, non_empty, "a non-empty string")},
    "alias": {"alias": (True, non_blank, "text that is not blank"),
              "action": (True, lambda s: s in ("add", "remove"), "add or remove"),
              "speaker": (False, non_blank, "text that is not blank")},
}


def check_provenance(claim):
    """Pinned provenance (SPEC "Body members"): offset and length are a
    span of the document, so both or neither, and only with a document; a
    direct quote citing a document says where in it."""
    if ("offset" in claim) != ("length" in claim):
        raise Invalid("claim.%s: missing: offset and length go together"
                      % ("length" if "offset" in claim else "offset"))
    if "offset" in claim and "document" not in claim:
        raise Invalid("claim.offset: offset and length need the document they point into")
    if claim.get("kind") == "direct" and "document" in claim and "offset" not in claim:
        raise Invalid("claim.offset: a direct quote citing a document needs offset and length")


# The claim members a correction may carry a corrected value of.
CORRECTED = ("text", "speaker", "source", "date", "kind", "offset", "length")
# The verdict members a correction may carry a corrected value of.
VERDICT_CORRECTED = ("rating", "note")


def check_span(correction):
    """A correction that moves a claim's span gives it whole (SPEC "Body
    members").  Whether the claim may have that span (its document, the
    words of a direct quote) takes the archived article: `verify` checks
    it, an export verifier cannot."""
    if ("offset" in correction) != ("length" in correction):
        raise Invalid("correction.%s: missing: offset and length go together"
                      % ("length" if "offset" in correction else "offset"))


def check_body(body):
    """The member rules of one body, without looking at other records."""
    common = {"v": lambda x: x == 1 and not isinstance(x, bool),
              "seq": is_uint, "type": lambda t: isinstance(t, str) and t in TYPES,
              "time": is_time,
              "prev": is_id, "signer": is_key}
    for name, test in common.items():
        if name not in body:
            raise Invalid("body.%s: missing" % name)
        if not test(body[name]):
            raise Invalid("body.%s: not valid" % name)
    check_strings(body, "body", None, 1)
    t = body["type"]
    for name, (required, test, what) in TYPES[t].items():
        if name not in body:
            if required:
                raise Invalid("%s.%s: missing" % (t, name))
        elif not test(body[name]):
            raise Invalid("%s.%s: not %s" % (t, name, what))
    if t == "claim":
        check_provenance(body)
    if t == "correction":
        check_span(body)
    if t == "config" and "newsroom" not in body and "url" not in body:
        raise Invalid("config: needs newsroom or url")
    if t == "alias" and body["action"] == "add" and "speaker" not in body:
        raise Invalid("alias.speaker: missing (needed to add)")
    if (t == "genesis") != (body["seq"] == 0):
        raise Invalid("the genesis is record 0 and only record 0 is a genesis")
    if (body["prev"] == ZERO_ID) != (body["seq"] == 0):
        raise Invalid("body.prev: 64 zeros at seq 0 and only there")


# ---- the chain (SPEC.md "Chain rules") -----------------------------------

class Chain:
    def __init__(self):
        self.next_seq = 0
        self.prev = ZERO_ID
        self.owner = None           # 32 bytes
        self.origin = None
        self.active = {}            # name -> key bytes, the owner included
        self.types = {}             # id -> type of every earlier record

    def push(self, body, body_bytes, rid, sig):
        """Accept record `next_seq` or raise Invalid."""
        if len(body_bytes) > BODY_MAX:
            raise Invalid("body larger than %d bytes" % BODY_MAX)
        check_body(body)
        if body["seq"] != self.next_seq:
            raise Invalid("seq is %d, expected %d" % (body["seq"], self.next_seq))
        if body["prev"] != self.prev:
            raise Invalid("prev is not the id of the previous record")
        signer = base64.b64decode(body["signer"])
        try:
            nacl.signing.VerifyKey(signer).verify(SIG_CONTEXT + body_bytes, sig)
        except (nacl.exceptions.CryptoError, ValueError, TypeError):
            raise Invalid("signature does not verify")
        t = body["type"]
        if t == "genesis":
            self.owner, self.origin = signer, body["origin"]
            self.active = {body["name"]: signer}
            self.owner_name = body["name"]
        elif t == "verdict":
            if self.types.get(body["claim"]) != "claim":
                raise Invalid("verdict.claim is not the id of an earlier claim")
        elif t == "correction":
            if body["target"] not in self.types:
                raise Invalid("correction.target is not the id of an earlier record")
            if (any(m in body for m in CORRECTED)
                    and self.types[body["target"]] != "claim"):
                raise Invalid("correction: corrected values need a claim as target")
            if (any(m in body for m in VERDICT_CORRECTED)
                    and self.types[body["target"]] != "verdict"):
                raise Invalid("correction: a corrected rating or note needs a verdict as target")
        elif t == "editor":
            name, key = body["name"], base64.b64decode(body["pubkey"])
            if body["action"] == "add":
                if name in self.active:
                    raise Invalid("editor '%s' is already active" % name)
                if key in self.active.values():
                    raise Invalid("that key is already an active editor's")
            else:
                if name == self.owner_name or self.active.get(name) != key:
                    raise Invalid("no active editor '%s' with that key" % name)
            if signer != self.owner:
                raise Invalid("editor records must be signed by the owner")
        elif t == "config" and signer != self.owner:
            raise Invalid("config records must be signed by the owner")
        if t != "genesis" and signer not in self.active.values():
            raise Invalid("signer is not an active editor")
        # Accepted: an editor change takes effect from the next record.
        if t == "editor":
            if body["action"] == "add":
                self.active[body["name"]] = base64.b64decode(body["pubkey"])
            else:
                del self.active[body["name"]]
        self.types[rid] = t
        self.prev = rid
        self.next_seq += 1


# ---- the Merkle tree (RFC 6962), folded as the leaves arrive -------------

def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class Frontier:
    """The roots of the perfect subtrees on the tree's right edge, largest
    first: one per one bit of the size, never the whole tree."""

    def __init__(self):
        self.peaks, self.size = [], 0

    def append(self, data):
        h = hashlib.sha256(b"\x00" + data).digest()
        s = self.size
        while s & 1:                # merge equal-height subtrees
            h = node_hash(self.peaks.pop(), h)
            s >>= 1
        self.peaks.append(h)
        self.size += 1

    def root(self):
        if not self.peaks:
            return hashlib.sha256(b"").digest()
        h = self.peaks[-1]
        for p in reversed(self.peaks[:-1]):
            h = node_hash(p, h)
        return h


# ---- C2SP signed notes and checkpoints -----------------------------------

def key_id(name, pk):
    return hashlib.sha256(name.encode("utf-8") + b"\n\x01" + pk).digest()[:4]


def parse_vkey(line):
    """'<name>+<8 hex>+<base64(0x01 || pk)>' -> (name, pk)."""
    parts = line.split("+", 2)
    if len(parts) != 3 or not is_key_name(parts[0]) or \
            re.fullmatch(r"[0-9a-f]{8}", parts[1], re.ASCII) is None:
        raise Invalid("not a verifier key")
    raw = b64decode_strict(parts[2])
    if raw is None or len(raw) != 33 or raw[0] != 1:
        raise Invalid("not an Ed25519 verifier key")
    if key_id(parts[0], raw[1:]).hex() != parts[1]:
        raise Invalid("the key id does not match the key")
    return parts[0], raw[1:]


def parse_note(note):
    """Step 1 of signed-note verification (SPEC "Signed notes"): the note
    (a str) -> (text, [(key name, decoded blob)]), or Malformed."""
    if len(note.encode("utf-8", "surrogatepass")) > NOTE_MAX:
        raise Malformed("checkpoint note too large")
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Malformed("checkpoint note has a control character")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise Malformed("checkpoint is not a signed note")
    text, sig_lines = note[:cut + 1], note[cut + 2:-1].split("\n")
    if len(sig_lines) > NOTE_SIGS_MAX:
        raise Malformed("too many signature lines")
    sigs = []
    for line in sig_lines:
        # "— " name " " base64: the name runs to the first space and has
        # no "+"; everything after that space is the base64.
        who, _, b64 = line[2:].partition(" ")
        blob = b64decode_strict(b64)
        if not line.startswith("\u2014 ") or who == "" or "+" in who or \
                blob is None or len(blob) < 5:
            raise Malformed("malformed signature line in the checkpoint")
        sigs.append((who, blob))
    return text, sigs


def check_note(text, sigs, name, pk):
    """Steps 2 to 4: every signature line of the key (name, pk) verifies,
    and there is one; other keys' lines are ignored.  Raises Invalid."""
    want_id, good = key_id(name, pk), False
    for who, blob in sigs:
        if who != name or blob[:4] != want_id:
            continue                # another key (a witness): ignored
        try:
            if len(blob) != 68:
                raise nacl.exceptions.BadSignatureError()
            nacl.signing.VerifyKey(pk).verify(text.encode("utf-8"), blob[4:])
        except (nacl.exceptions.CryptoError, ValueError, TypeError):
            raise Invalid("checkpoint signature does not verify")
        good = True
    if not good:
        raise Invalid("checkpoint is not signed by the owner under '%s'" % name)


def open_checkpoint(note, name, pk):
    """Verify a signed note by (name, pk); return (origin, size, root)."""
    text, sigs = parse_note(note)
    check_note(text, sigs, name, pk)
    return parse_checkpoint(text)


def parse_checkpoint(text):
    """A checkpoint body "<origin>\n<size>\n<base64 root>\n[extensions]"
    -> (origin, size, root), or Malformed."""
    lines = text.split("\n")[:-1]
    if not text.endswith("\n") or len(lines) < 3 or any(x == "" for x in lines[3:]):
        raise Malformed("malformed checkpoint body")
    origin, size, root = lines[0], lines[1], b64decode_strict(lines[2])
    # At most 20 digits before int(): below 2^64, and int() of a long
    # string would be slow (or refused: Python limits it to 4300 digits).
    if origin == "" or len(size) > 20 or \
            re.fullmatch(r"0|[1-9][0-9]*", size, re.ASCII) is None \
            or int(size) >= 2 ** 64 or root is None or len(root) != 32:
        raise Malformed("malformed checkpoint body")
    return origin, int(size), root



# ---- archived articles and their quotes (SPEC "Documents") ---------------

DOC_MAX = 64 * 1024 * 1024                       # bytes in one article
DOC_LINE_MAX = 4 * ((DOC_MAX + 2) // 3) + 100    # bytes in a document line
DOC_PREFIX = b'{"bytes":"'
DOC_LINE = re.compile(rb'\{"bytes":"([A-Za-z0-9+/=]*)","document":"([0-9a-f]{64})"\}\Z')

# The character classes of the quote text rule (SPEC "Documents").
QUOTE_SPACES = {0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, 0xA0, 0x2009, 0x202F,
                0x200B, 0x3000, *range(0x2000, 0x200B)}
QUOTE_MARKS = {0x22, 0x201C, 0x201E, 0x201F, 0x2033, 0x201D, 0xAB, 0xBB}
QUOTE_JOINERS = {ord("'"), 0x2019, ord("-"), ord("."), ord(","), 0x2010, 0x2011}


def is_space(c):
    return c in QUOTE_SPACES


def is_wordch(c):
    if c < 0x80:
        ch = chr(c)
        return ch.isascii() and (ch.isalnum() or ch in "_%$&@#")
    if c == 0xA0 or (0xA1 <= c <= 0xBF and c not in (0xAA, 0xB5, 0xBA)) or c in (0xD7, 0xF7):
        return False
    if 0x2000 <= c <= 0x206F or 0x3000 <= c <= 0x303F:
        return False
    return not is_space(c)


def quote_text(span):
    """The quote text rule: the text of a direct quote whose span is the
    bytes `span`; None when they are not UTF-8 text (or hold a NUL)."""
    try:
        s = span.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\0" in s:
        return None
    cps = [ord(ch) for ch in s]
    out, i, n = [], 0, len(cps)
    have = gap_space = gap_mark = prev_word = False
    while i < n:
        c = cps[i]
        if is_space(c):
            gap_space, i = True, i + 1
            continue
        if c in QUOTE_MARKS:
            gap_mark, i = True, i + 1
            continue
        word = is_wordch(c)
        j = i + 1
        if word:
            while j < n:
                d = cps[j]
                if is_wordch(d):
                    j += 1
                    continue
                if d in QUOTE_JOINERS and j + 1 < n and is_wordch(cps[j + 1]):
                    if d == ord(",") and not (0x30 <= cps[j - 1] <= 0x39 and 0x30 <= cps[j + 1] <= 0x39):
                        break
                    j += 1
                    continue
                break
        stop = not word and chr(c) in ".,;:!?"
        if (stop and chr(c) not in ":;" and have and (gap_space or gap_mark)
                and out[-1] == chr(c)):
            i = j
            continue
        if have and (gap_space or (gap_mark and word and prev_word)):
            out.append(" ")
        out.append("".join(chr(x) for x in cps[i:j]))
        have, prev_word = True, word or stop
        gap_space = gap_mark = False
        i = j
    text = "".join(out)
    return text.rstrip(",;: ")


class Quotes:
    """The claims citing an archived article, their views and the quotes to
    check when each article's line comes (SPEC "Documents")."""

    def __init__(self):
        self.docs = {}      # article id -> [first claim seq, seen]
        self.views = []     # (record seq, claim seq, article, direct, off, len, text)
        self.latest = {}    # claim id -> index of its latest view
        self.by_doc = None  # article id -> view indexes, in seq order
        self.checked = 0

    def record(self, seq, rid, body):
        if body["type"] == "claim" and "document" in body:
            self.docs.setdefault(body["document"], [seq, False])
            self.latest[rid] = len(self.views)
            self.views.append((seq, seq, body["document"], body.get("kind") == "direct",
                               body.get("offset"), body.get("length"), body["text"]))
        elif body["type"] == "correction" and any(
                m in body for m in ("text", "kind", "offset", "length")):
            at = self.latest.get(body["target"])
            if at is None:
                if "offset" in body or "length" in body:
                    raise Invalid("correction %d: its claim cites no archived article, "
                                  "so it can have no offset and length" % seq)
                return
            _, cseq, doc, direct, off, ln, text = self.views[at]
            if "kind" in body:
                direct = body["kind"] == "direct"
            off, ln = body.get("offset", off), body.get("length", ln)
            text = body.get("text", text)
            if direct and (off is None or ln is None):
                raise Invalid("correction %d of claim %d: a direct quote of its article "
                              "without offset and length" % (seq, cseq))
            self.latest[body["target"]] = len(self.views)
            self.views.append((seq, cseq, doc, direct, off, ln, text))

    def document(self, doc_id, data, lineno):
        """Check every quote citing the article `doc_id` (its bytes `data`,
        read at line `lineno`); raise Invalid with the full "line N: ..."."""
        if doc_id not in self.docs:
            raise Invalid("line %d: document %s... is cited by no claim" % (lineno, doc_id[:16]))
        if self.docs[doc_id][1]:
            raise Invalid("line %d: document %s... comes twice" % (lineno, doc_id[:16]))
        self.docs[doc_id][1] = True
        if self.by_doc is None:
            self.by_doc = {}
            for i, v in enumerate(self.views):
                self.by_doc.setdefault(v[2], []).append(i)
        for i in self.by_doc.get(doc_id, []):
            rseq, cseq, _, direct, off, ln, text = self.views[i]
            if not direct or off is None or ln is None:
                continue
            who = ("claim %d" % cseq if rseq == cseq
                   else "correction %d of claim %d" % (rseq, cseq))
            if off > len(data) or ln > len(data) - off:
                raise Invalid("line %d: %s: bytes %d..%d lie outside its document "
                              "(%d bytes, line %d)" % (rseq + 2, who, off, off + ln,
                                                       len(data), lineno))
            got = quote_text(data[off:off + ln])
            if got is None:
                raise Invalid("line %d: %s: bytes %d..%d of its document are not "
                              "UTF-8 text (line %d)" % (rseq + 2, who, off, off + ln, lineno))
            self.checked += 1
            if got != text:
                raise Invalid("line %d: %s: %s is not bytes %d..%d of its document "
                              "(line %d)" % (rseq + 2, who,
                                             "text" if rseq == cseq else "corrected text",
                                             off, off + ln, lineno))

    def finish(self):
        missing = [(first, d) for d, (first, seen) in self.docs.items() if not seen]
        if missing:
            first, d = min(missing)
            raise Invalid("line %d: claim %d: its document %s... is not in the export"
                          % (first + 2, first, d[:16]))


# ---- the export ----------------------------------------------------------

class ReadError(Exception):
    """Reading the export failed part way (exit 3)."""


def read_line(f):
    """The next line of the binary file f, without its "\n": (bytes, True)
    for a whole line, (bytes, False) for bytes left without a final newline,
    (None, True) for one longer than LINE_MAX, (b"", False) at the end.
    Reads at most LINE_MAX + 1 bytes: never more than one line in memory."""
    try:
        raw = f.readline(LINE_MAX + 1)
        # Only a document line may be longer, up to its own limit.
        if (len(raw) > LINE_MAX and not raw.endswith(b"\n")
                and raw.startswith(DOC_PREFIX)):
            raw += f.readline(DOC_LINE_MAX + 1 - len(raw))
            if len(raw) > DOC_LINE_MAX and not raw.endswith(b"\n"):
                return None, True
    except OSError as e:
        raise ReadError(str(e))
    if raw.endswith(b"\n"):
        return raw[:-1], True
    if len(raw) > LINE_MAX and not raw.startswith(DOC_PREFIX):
        return None, True
    return raw, False


def verify(f, owner_pk):
    """Check the export read from the binary file f, one line at a time;
    return (size, root) or raise Invalid with the line number ("line 7:
    ..."), or ReadError."""
    chain, tree, quotes = Chain(), Frontier(), Quotes()
    header = checkpoint = None
    docs = None                 # [announced, read] after the documents line
    n = 0
    while True:
        n += 1
        raw, whole = read_line(f)
        if raw == b"" and not whole:
            break
        try:
            if raw is None:
                raise Invalid("longer than %d bytes" % LINE_MAX)
            if header is not None and (len(raw) > LINE_MAX or raw.startswith(DOC_PREFIX)):
                check_document(raw, n, docs, quotes)
                continue
            if not whole:
                raise Invalid("no newline at the end: the file is cut")
            if checkpoint is not None:
                raise Invalid("data after the checkpoint line")
            v = parse_line(raw)
            if header is None:
                header = check_header(v, owner_pk)
            elif "checkpoint" in v:
                if docs is not None and docs[0] != docs[1]:
                    raise Invalid("the documents line announces %d documents, the "
                                  "export carries %d" % tuple(docs))
                if docs is not None:
                    quotes.finish()
                checkpoint = check_checkpoint(v, header, chain, tree, owner_pk)
            elif "documents" in v:
                if set(v) != {"documents"} or not is_uint(v["documents"]):
                    raise Invalid('the documents line must be exactly {"documents": '
                                  'an integer >= 0}')
                if docs is not None:
                    raise Invalid("a second documents line")
                if tree.size != header["size"]:
                    raise Invalid("fewer records than the header's size")
                docs = [v["documents"], 0]
            elif docs is not None:
                raise Invalid("a record after the documents line")
            else:
                check_record(v, header, chain, tree, owner_pk, quotes)
        except Invalid as e:
            if str(e).startswith("line "):
                raise
            raise Invalid("line %d: %s" % (n, e))
    if n == 1:
        raise Invalid("line 1: empty file")
    if checkpoint is None:
        raise Invalid("line %d: missing checkpoint line: the file is cut" % n)
    return checkpoint + (docs, quotes.checked)


def check_document(raw, n, docs, quotes):
    """A document line {"bytes":B64,"document":HEX} (line n)."""
    m = DOC_LINE.match(raw)
    if not m:
        raise Invalid('a document line must be exactly {"bytes":BASE64,"document":HEX}')
    if docs is None:
        raise Invalid("a document line before the documents line")
    if docs[1] == docs[0]:
        raise Invalid("more documents than the %d announced" % docs[0])
    data = b64decode_strict(m.group(1).decode("ascii"))
    if data is None:
        raise Invalid("bytes is not canonical base64")
    doc_id = m.group(2).decode("ascii")
    if hashlib.sha256(data).hexdigest() != doc_id:
        raise Invalid("the document's bytes do not hash to its id")
    docs[1] += 1
    quotes.document(doc_id, data, n)


def check_header(v, owner_pk):
    if set(v) != {"claimledger", "origin", "owner", "size"}:
        raise Invalid("header must have exactly claimledger, origin, owner, size")
    if v["claimledger"] != "export/1":
        raise Invalid("not a claimledger export/1 file")
    if not is_key_name(v["origin"]):
        raise Invalid("header: origin is not a key name")
    if not is_uint(v["size"]):
        raise Invalid("header: size is not an integer >= 0")
    if not isinstance(v["owner"], str):
        raise Invalid("header: owner is not a verifier key")
    name, pk = parse_vkey(v["owner"])
    if name != v["origin"]:
        raise Invalid("header: the owner key is not named after the origin")
    if pk != owner_pk:
        raise Invalid("header: the owner key is not PUBFILE's key")
    return v


def check_record(v, header, chain, tree, owner_pk, quotes):
    if set(v) != {"body", "id", "sig"} or not isinstance(v["body"], dict):
        raise Invalid("a record line has exactly body (an object), id and sig")
    if chain.next_seq >= header["size"]:
        raise Invalid("more records than the header's size")
    if not is_id(v["id"]):
        raise Invalid("id is not 64 lowercase hex digits")
    sig = b64decode_strict(v["sig"])
    if sig is None or len(sig) != 64:
        raise Invalid("sig is not base64 of 64 bytes")
    # The line is canonical, so the body's bytes are its canonical form:
    # the very bytes that were hashed and signed.
    body_bytes = jcs(v["body"]).encode("utf-8")
    if hashlib.sha256(body_bytes).hexdigest() != v["id"]:
        raise Invalid("id is not the SHA-256 of the body")
    chain.push(v["body"], body_bytes, v["id"], sig)
    quotes.record(chain.next_seq - 1, v["id"], v["body"])
    if chain.next_seq == 1:
        if chain.owner != owner_pk:
            raise Invalid("the genesis is not signed by the owner key")
        if chain.origin != header["origin"]:
            raise Invalid("the genesis origin is not the header's origin")
    tree.append(body_bytes)


def check_checkpoint(v, header, chain, tree, owner_pk):
    if set(v) != {"checkpoint"} or not isinstance(v["checkpoint"], str):
        raise Invalid('the last line must be exactly {"checkpoint": a string}')
    origin, size, root = open_checkpoint(v["checkpoint"], header["origin"], owner_pk)
    if origin != header["origin"]:
        raise Invalid("the checkpoint's origin is not the header's")
    if size != header["size"]:
        raise Invalid("the checkpoint's size is not the header's")
    if tree.size != size:
        raise Invalid("fewer records than the header's size")
    if tree.root() != root:
        raise Invalid("the checkpoint's root is not the root of the records")
    return size, root


def load_pubkey(path):
    """The 32 key bytes of a verifier key file: one line, with or without
    its newline, at most 1 KiB.  Raises OSError or Invalid."""
    with open(path, "rb") as f:
        data = f.read(1025)
    if len(data) > 1024:
        raise Invalid("larger than 1 KiB: not a verifier key")
    if data.endswith(b"\n"):
        data = data[:-1]
    try:
        line = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("not a verifier key: not UTF-8")
    return parse_vkey(line)[1]


def run(export, pubfile):
    """Verify the export at path `export` ("-": standard input) with the key
    file `pubfile`, printing nothing: (exit status, stdout line or None,
    stderr line or None), the lines without their newline."""
    try:
        owner_pk = load_pubkey(pubfile)
    except (OSError, Invalid) as e:
        return 2, None, "verify-export.py: %s: %s" % (pubfile, e)
    try:
        f = sys.stdin.buffer if export == "-" else open(export, "rb")
    except OSError as e:
        return 2, None, "verify-export.py: %s: %s" % (export, e)
    try:
        size, root, docs, checked = verify(f, owner_pk)
    except Invalid as e:
        return 1, None, "verify-export.py: %s" % e
    except ReadError as e:
        return 3, None, "verify-export.py: %s: read failed: %s" % (export, e)
    except MemoryError:
        return 3, None, "verify-export.py: %s: out of memory" % export
    finally:
        if f is not sys.stdin.buffer:
            f.close()
    if docs is None:
        quotes = "quotes not checked: the export carries no documents"
    else:
        quotes = "checked %d quote%s against %d document%s" % (
            checked, "" if checked == 1 else "s", docs[1], "" if docs[1] == 1 else "s")
    return 0, "verified export: %d record%s, root %s\n%s" % (
        size, "" if size == 1 else "s", base64.b64encode(root).decode(), quotes), None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: verify-export.py EXPORT PUBFILE\n")
        return 2
    rc, out, err = run(argv[1], argv[2])
    if out is not None:
        print(out)
    if err is not None:
        sys.stderr.write(err + "\n")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv))
