#!/bin/sh
# export.sh: `export --format jsonl` with and without --key, `verify-export`
# and the reference scripts/verify-export.py on the same files, the
# known-good fixture reproduced byte for byte, and a tamper suite: every
# altered export is refused by both verifiers (verify-export: exit 1 and
# one error line; the Python script: exit 1).
. "$(dirname "$0")/lib.inc"

ROOT=$(cd "$FIX/.." && pwd)
PY=/usr/bin/python3
PYV="$ROOT/scripts/verify-export.py"
pyok() { $PY "$PYV" "$@" >/dev/null 2>&1; }
if [ ! -x "$PY" ] || ! "$PY" -c 'import nacl.signing' 2>/dev/null; then
	not_ok "python3 with PyNaCl (Debian python3-nacl) is needed"
	finish
fi

# ---- a ledger: owner, editors alice and bob (bob later revoked) ---------
make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led"
for k in alice bob mallory; do "$BIN" keygen --name $k --out $k.key >/dev/null; done
claim="--speaker S --source https://example.org/s --date 2021-11-22"

fails 2 "export before any checkpoint, without --key" export --format jsonl
check "it says how to get a checkpoint" \
	grep -q "no checkpoint yet: give --key OWNER or run 'claimledger checkpoint --key OWNER'" "$T/.err"

"$BIN" editor add alice alice.key.pub --key owner.key >/dev/null &&
"$BIN" editor add bob bob.key.pub --key owner.key >/dev/null &&
"$BIN" add "Alice's first claim" $claim --key alice.key >/dev/null &&
"$BIN" add "Bob's claim" --speaker "Jane Doe" --source https://example.org/b \
	--date 2021-11-22 --key bob.key >/dev/null &&
"$BIN" editor revoke bob --key owner.key >/dev/null &&
"$BIN" add "Alice's second claim" $claim --key alice.key >/dev/null &&
"$BIN" add "The owner's claim" $claim --key owner.key >/dev/null ||
	not_ok "build the ledger"

# ---- export and verify ---------------------------------------------------
succeeds "export --key writes a fresh checkpoint's export" \
	export --format jsonl --key owner.key --out good.jsonl
check "export --out reports 8 records" grep -q "^exported 8 records to 'good.jsonl', root " "$T/.out"
check "the export has a header, 8 records and a checkpoint" [ "$(wc -l <good.jsonl)" -eq 10 ]
check "no temporary file is left beside it" [ "$(ls -a | grep -c '^\.good\.jsonl\.')" -eq 0 ]
succeeds "verify-export passes" verify-export good.jsonl --pubkey owner.key.pub
check "verify-export prints the size and root" \
	grep -Eq '^verified export: 8 records, root [A-Za-z0-9+/]{43}=$' "$T/.out"
if $PY "$PYV" good.jsonl owner.key.pub >py.out 2>py.err; then
	ok "verify-export.py passes"
else
	not_ok "verify-export.py: $(cat py.err)"
fi
check "both verifiers print the same line" cmp -s "$T/.out" py.out
run verify-export - --pubkey owner.key.pub <good.jsonl
check "verify-export reads stdin" [ "$rc" -eq 0 ]

run export --format jsonl
check "export without --key uses the latest checkpoint (stdout)" [ "$rc" -eq 0 ]
check "... which is the one just made: same bytes" cmp -s "$T/.out" good.jsonl

if "$BIN" checkpoint --help >/dev/null 2>&1; then
	"$BIN" add "A claim after the checkpoint" $claim --key alice.key >/dev/null
	succeeds "checkpoint --key owner" checkpoint --key owner.key
	"$BIN" add "A claim the checkpoint does not cover" $claim --key alice.key >/dev/null
	succeeds "export without --key after 'checkpoint'" export --out latest.jsonl
	check "it holds the 9 records the checkpoint covers, not 10" \
		grep -q "^exported 9 records to 'latest.jsonl'" "$T/.out"
	succeeds "verify-export passes on it" verify-export latest.jsonl --pubkey owner.key.pub
	check "verify-export.py passes on it" pyok latest.jsonl owner.key.pub
else
	not_ok "the 'checkpoint' command is missing"
fi

fails 2 "an unknown format" export --format xml
check "it names the formats" grep -q "jsonl" "$T/.err"
fails 2 "--key that is not the owner's" export --key alice.key --out x.jsonl
check "no export file after a refusal" [ ! -e x.jsonl ]
fails 3 "--out in a missing directory" export --key owner.key --out nosuch/x.jsonl
if [ -w /dev/full ]; then
	"$BIN" export >/dev/full 2>"$T/.err"
	rc=$?
	check "a full disk on stdout: exit 3, one error line" \
		sh -c '[ "$0" -eq 3 ] && [ "$(wc -l <"$1")" -eq 1 ]' "$rc" "$T/.err"
fi
fails 2 "verify-export without --pubkey" verify-export good.jsonl
fails 2 "verify-export with a missing pubkey file" verify-export good.jsonl --pubkey nosuch.pub
fails 2 "verify-export with a missing export" verify-export nosuch.jsonl --pubkey owner.key.pub

# ---- the known-good fixture ----------------------------------------------
if sh "$FIX/export/make.sh" "$BIN" "$T/fixture.jsonl" >/dev/null 2>"$T/.err"; then
	check "the CLI reproduces fixtures/export/known-good.jsonl byte for byte" \
		cmp -s "$T/fixture.jsonl" "$FIX/export/known-good.jsonl"
else
	not_ok "fixtures/export/make.sh: $(cat "$T/.err")"
fi
succeeds "verify-export passes on the fixture" \
	verify-export "$FIX/export/known-good.jsonl" --pubkey "$FIX/vectors/owner.key.pub"
check "verify-export.py passes on the fixture" \
	pyok "$FIX/export/known-good.jsonl" "$FIX/vectors/owner.key.pub"

# ---- the tamper suite ----------------------------------------------------
# Each case is good.jsonl edited as raw text (nothing else re-encoded); the
# cases that forge a well-formed record also re-sign the checkpoint with
# the owner key, so that the forgery is the only fault.
mkdir cases
cat >tamper.py <<'EOF'
import base64, hashlib, json, sys
import nacl.signing

good = open("good.jsonl", "rb").read()
L = good.split(b"\n")[:-1]              # header, records 0..7, checkpoint
hdr = json.loads(L[0])
origin = hdr["origin"]

def seed(path):
    f = open(path).read().strip().split("+")
    return base64.b64decode("+".join(f[4:]))[1:]

def b64(b):
    return base64.b64encode(b).decode()

keys = {n: nacl.signing.SigningKey(seed(n + ".key")) for n in ("owner", "alice", "bob", "mallory")}
pub = {n: bytes(k.verify_key) for n, k in keys.items()}

def canon(obj):                         # JCS for this ASCII-only data
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def record_line(body, signer):
    body = dict(body, signer=b64(pub[signer]))
    b = canon(body)
    sig = keys[signer].sign(b"claimledger/record/v1\n" + b).signature
    return b'{"body":' + b + b',"id":"' + hashlib.sha256(b).hexdigest().encode() + b'","sig":"' + b64(sig).encode() + b'"}'

def mth(leaves):
    if len(leaves) == 1:
        return hashlib.sha256(b"\0" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\1" + mth(leaves[:k]) + mth(leaves[k:])).digest()

def checkpoint_line(lines, size=None, root=None, name=origin, org=origin):
    bodies = [json.loads(l)["body"] for l in lines[1:]]
    size = len(bodies) if size is None else size
    root = mth([canon(b) for b in bodies]) if root is None else root
    text = ("%s\n%d\n%s\n" % (org, size, b64(root))).encode()
    kid = hashlib.sha256(name.encode() + b"\n\x01" + pub["owner"]).digest()[:4]
    sig = keys["owner"].sign(text).signature
    note = text.decode() + "\n\u2014 %s %s\n" % (name, b64(kid + sig))
    return canon({"checkpoint": note})

def write(name, lines, tail=b"\n"):
    open("cases/" + name + ".jsonl", "wb").write(b"\n".join(lines) + tail)

def sub(i, old, new, name):
    assert old in L[i], (name, old)
    lines = list(L)
    lines[i] = L[i].replace(old, new, 1)
    write(name, lines)

def flip(s):                            # change one character, keep the alphabet
    c = s[:1]
    return (b"B" if c == b"A" else b"A") + s[1:] if c.isalpha() else (b"1" if c == b"0" else b"0") + s[1:]

def field(i, name):                     # the raw bytes of a string member of line i
    body = json.loads(L[i])
    v = body["body"].get(name) if name in body["body"] else body[name]
    return json.dumps(v, ensure_ascii=False).encode()

# line 5 is record 3: Alice's first claim (editor alice); line 6: Bob's claim.
sub(4, b"Alice's first claim", b"Alice's first claim!", "record-text")
sub(5, b'"speaker":"Jane Doe"', b'"speaker":"John Doe"', "record-speaker")
sub(5, b'"seq":4,', b'"seq":5,', "record-seq")
prev = field(5, "prev")
sub(5, prev, prev[:1] + flip(prev[1:]), "record-prev")
sub(5, b'"time":"2021-11-23T00:00:00Z"', b'"time":"2021-11-23T00:00:01Z"', "record-time")
sub(5, b'"signer":"' + b64(pub["bob"]).encode(), b'"signer":"' + b64(pub["alice"]).encode(), "record-signer")
rid = field(5, "id")
sub(5, rid, rid[:1] + flip(rid[1:]), "record-id")
sig = field(5, "sig")
sub(5, sig, sig[:1] + flip(sig[1:]), "record-sig")
sub(5, b'"date":"2021-11-22"', b'"date": "2021-11-22"', "record-whitespace")
sub(5, b'"v":1}', b'"v":1,"x":null}', "record-null")

def rehash(i, old, new, name):        # edit the body and recompute its id: only the sig is wrong
    line = L[i].replace(old, new, 1)
    body = line[len(b'{"body":'):line.index(b',"id":"')]
    lines = list(L)
    lines[i] = line[:line.index(b',"id":"') + 7] + hashlib.sha256(body).hexdigest().encode() + line[line.index(b'","sig":"'):]
    write(name, lines)
rehash(4, b"Alice's first claim", b"Alice's first claim!", "record-text-rehashed")
rehash(5, b'"time":"2021-11-23T00:00:00Z"', b'"time":"2021-11-23T00:00:01Z"', "record-time-rehashed")

write("drop-record", L[:4] + L[5:])
write("drop-last-record", L[:8] + L[9:])
write("reorder-records", L[:4] + [L[5], L[4]] + L[6:])
write("duplicate-record", L[:5] + [L[4]] + L[5:])
write("truncate-mid-record", [], tail=b"\n".join(L[:5]) + b"\n" + L[5][:len(L[5]) // 2])
write("truncate-mid-checkpoint", [], tail=good[:-20])
write("truncate-line-boundary", L[:6])
write("truncate-before-checkpoint", L[:9])
write("no-final-newline", L, tail=b"")

# Forged, well-formed records (last record replaced, checkpoint re-signed).
last = json.loads(L[8])["body"]
def forge(name, body, signer):
    lines = L[:8] + [record_line(body, signer)]
    write(name, lines + [checkpoint_line(lines)])
forge("signer-not-an-editor", last, "mallory")
forge("signer-revoked-editor", last, "bob")
common = {k: last[k] for k in ("v", "seq", "time", "prev")}
forge("editor-record-by-an-editor", dict(common, type="editor", name="carol",
      pubkey=b64(pub["mallory"]), action="add"), "alice")
forge("verdict-on-unknown-claim", dict(common, type="verdict", claim="ab" * 32,
      rating="false"), "owner")
forge("control", last, "owner")       # must verify: proves forge() is sound

cp = json.loads(L[9])["checkpoint"]
def cp_case(name, text):
    write(name, L[:9] + [canon({"checkpoint": text})])
cp_case("checkpoint-size", cp.replace("\n8\n", "\n7\n", 1))
r = cp.split("\n")[2]
cp_case("checkpoint-root", cp.replace(r, b64(hashlib.sha256(b"x").digest()), 1))
s = cp.split(" ")[-1]
cp_case("checkpoint-signature", cp.replace(s, flip(s.encode()).decode(), 1))
cp_case("checkpoint-signature-bytes", cp.replace(s, s[:20] + flip(s[20:].encode()).decode(), 1))
cp_case("checkpoint-origin", cp.replace(origin + "\n", "other/origin\n", 1))
write("checkpoint-size-resigned", L[:9] + [checkpoint_line(L[:9], size=7)])
write("checkpoint-root-resigned", L[:9] + [checkpoint_line(L[:9], root=hashlib.sha256(b"x").digest())])
write("checkpoint-origin-resigned", L[:9] + [checkpoint_line(L[:9], name="other/origin", org="other/origin")])
write("checkpoint-missing-signature", L[:9] + [canon({"checkpoint": cp.split("\n\n")[0] + "\n"})])

sub(0, b'"size":8', b'"size":9', "header-size-larger")
sub(0, b'"size":8', b'"size":7', "header-size-smaller")
owner = hdr["owner"].encode()
sub(0, owner, owner.replace(owner.split(b"+")[1], flip(owner.split(b"+")[1]), 1), "header-owner-keyid")
akid = hashlib.sha256(origin.encode() + b"\n\x01" + pub["alice"]).digest()[:4].hex()
sub(0, owner, ("%s+%s+%s" % (origin, akid, b64(b"\x01" + pub["alice"]))).encode(), "header-owner-other-key")
sub(0, b'"origin":"' + origin.encode(), b'"origin":"x' + origin.encode(), "header-origin")
sub(0, b'"export/1"', b'"export/2"', "header-format")

write("trailing-line", L + [b"{}"])
write("trailing-checkpoint-copy", L + [L[9]])
write("trailing-blank-line", L + [b""])
write("empty-file", [], tail=b"")
EOF
if $PY tamper.py 2>"$T/.err"; then ok "tamper cases generated"; else not_ok "tamper.py: $(cat "$T/.err")"; fi

# The control case is a forgery of nothing: both verifiers must accept it.
run verify-export cases/control.jsonl --pubkey owner.key.pub
check "control (re-signed by the owner, no fault) passes verify-export" [ "$rc" -eq 0 ]
check "control passes verify-export.py" pyok cases/control.jsonl owner.key.pub
rm -f cases/control.jsonl

n=0
for f in cases/*.jsonl; do
	name=$(basename "$f" .jsonl)
	n=$((n + 1))
	if cmp -s "$f" good.jsonl; then not_ok "$name: the case is the good export"; continue; fi
	fails 1 "verify-export refuses $name" verify-export "$f" --pubkey owner.key.pub
	$PY "$PYV" "$f" owner.key.pub >/dev/null 2>py.err
	prc=$?
	if [ "$prc" -eq 1 ] && grep -q '^verify-export.py: line [0-9]*: ' py.err; then
		ok "verify-export.py refuses $name"
	else
		not_ok "verify-export.py accepts or crashes on $name: exit $prc: $(head -c 300 py.err)"
	fi
done
check "at least 40 tamper cases ran ($n)" [ "$n" -ge 40 ]

fails 1 "verify-export refuses a wrong --pubkey" verify-export good.jsonl --pubkey alice.key.pub
if $PY "$PYV" good.jsonl alice.key.pub >/dev/null 2>&1; then
	not_ok "verify-export.py accepts a wrong PUBFILE"
else
	ok "verify-export.py refuses a wrong PUBFILE"
fi
# (owner.key.pub is named "owner", the export's owner key "test/e2e": the
# passing checks above match the key file by its key bytes alone.)
finish
