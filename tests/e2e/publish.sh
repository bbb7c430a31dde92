#!/bin/sh
# publish.sh: `publish DIR` writes the ledger as C2SP tlog-tiles (SPEC.md,
# "Publishing as tlog-tiles"): the files are there, each entry bundle's
# bodies hash to the leaf hashes of its level-0 tile and the tiles to the
# checkpoint's root; a re-run after appends writes only the new files and
# leaves the old full tiles alone; a ledger with another history, another
# log, a body too large for a bundle and a --cosigned file of another
# checkpoint are refused with DIR (and the ledger) unchanged; witness
# lines of --cosigned are carried, once.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"

# n claims as import --jsonl lines, texts numbered from $2.
claims() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
n, start = int(sys.argv[1]), int(sys.argv[2])
for i in range(start, start + n):
    print(json.dumps({"text": "Claim number %d was made." % i, "speaker": "A. Speaker",
                      "source": "https://news.example/a", "date": "2021-11-22"}))
EOF
}

# DIR's every file with its checksum, and every file's mode: the evidence
# that a refused publish changed nothing.
dir_sum() { (cd "$1" && find . -printf '%p %m %s %i %T@\n' | sort && find . -type f | sort | xargs sha256sum); }

fails 2 "no checkpoint and no --key" publish pub
check "it says to give --key" grep -q "no checkpoint yet: give --key OWNER" "$T/.err"
check "nothing was made" test ! -e pub

"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" import "$FIX/articles/chile-copper-strike-2024-03-14.txt" >/dev/null 2>&1 ||
	not_ok "import an article"
claims 280 0 >c1.jsonl
"$BIN" import --jsonl c1.jsonl >/dev/null || not_ok "import 280 claims"
n1=$("$BIN" stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')

succeeds "publish --key" publish pub --key "$T/owner.key"
check "summary line" grep -Eq "^published $n1 records to 'pub' \\($n1 new\\): [0-9]+ files, [0-9]+ bytes written, checkpoint size $n1\$" "$T/.out"
p0=$((n1 - 256))
for f in checkpoint claimledger/log tile/0/000 "tile/0/001.p/$p0" tile/1/000.p/1 \
	tile/entries/000 "tile/entries/001.p/$p0" claimledger/sig/000 "claimledger/sig/001.p/$p0"; do
	check "pub/$f is there" test -f "pub/$f"
done
check "at least one archived article" sh -c 'ls pub/claimledger/doc | grep -Eq "^[0-9a-f]{64}$"'
check "files are 0644, directories 0755" sh -c \
	'[ -z "$(find pub -type f ! -perm 0644)" ] && [ -z "$(find pub -type d ! -perm 0755)" ]'
check "no temporary file left" sh -c '[ -z "$(find pub -name ".*")" ]'
succeeds "the checkpoint verifies with the owner key" verify --checkpoint pub/checkpoint
cp pub/checkpoint cp.first

# The bytes: bundles against tiles, tiles against the root, signatures by
# length, articles by name, the log line.
cat >check.py <<'EOF'
import base64, hashlib, json, os, sys
d, pub = sys.argv[1], sys.argv[2]
def path(level, n, w):
    s = "%03d" % (n % 1000); n //= 1000
    while n: s = "x%03d/" % (n % 1000) + s; n //= 1000
    base = {-1: "tile/entries/", -2: "claimledger/sig/"}.get(level, "tile/%d/" % level)
    return os.path.join(d, base + s + ("" if w == 256 else ".p/%d" % w))
def H(b): return hashlib.sha256(b).digest()
text = open(os.path.join(d, "checkpoint"), "rb").read().split(b"\n\n")[0].split(b"\n")
size, root = int(text[1]), base64.b64decode(text[2])
leaves = []
for t in range((size + 255) // 256):
    w = min(256, size - 256 * t)
    b = open(path(-1, t, w), "rb").read()
    tile = open(path(0, t, w), "rb").read()
    sig = open(path(-2, t, w), "rb").read()
    assert len(tile) == 32 * w and len(sig) == 64 * w, t
    off, i = 0, 0
    while off < len(b):
        n = b[off] << 8 | b[off + 1]; body = b[off + 2: off + 2 + n]; off += 2 + n
        lh = H(b"\0" + body)
        assert lh == tile[32 * i: 32 * i + 32], (t, i)
        json.loads(body); leaves.append(lh); i += 1
    assert i == w and off == len(b), (t, i, w)
def mth(h):
    if len(h) == 1: return h[0]
    k = 1
    while k * 2 < len(h): k *= 2
    return H(b"\1" + mth(h[:k]) + mth(h[k:]))
assert mth(leaves) == root, "root"
# level 1: each hash the root of its 256 leaves
c1 = size // 256
for j in range(c1):
    t1 = open(path(1, j // 256, 256 if j // 256 < c1 // 256 else c1 % 256), "rb").read()
    k = j % 256
    assert t1[32 * k: 32 * k + 32] == mth(leaves[256 * j: 256 * j + 256]), j
docs = os.path.join(d, "claimledger/doc")
for name in os.listdir(docs) if os.path.isdir(docs) else []:
    assert hashlib.sha256(open(os.path.join(docs, name), "rb").read()).hexdigest() == name
log = open(os.path.join(d, "claimledger/log"), "rb").read()
o = json.loads(log)
assert log == json.dumps(o, separators=(",", ":"), sort_keys=True).encode() + b"\n"
assert o["claimledger"] == "tiles/1" and o["origin"] == text[0].decode()
# the owner's key under the origin's name, as in the export header
assert o["owner"].split("+")[0] == o["origin"] and o["owner"].split("+")[2] == pub.split("+")[2]
EOF
vkey=$(cat "$T/owner.key.pub")
check "bundles hash to the tiles, tiles to the checkpoint's root" python3 check.py pub "$vkey"

# Appends, then a re-publish: only new files; old full tiles untouched.
stat -c '%i %Y' pub/tile/0/000 pub/tile/entries/000 pub/claimledger/sig/000 >old_full
find pub -type f | sort >files1
claims 300 1000 >c2.jsonl
"$BIN" import --jsonl c2.jsonl >/dev/null || not_ok "import 300 more"
n2=$((n1 + 300))
sleep 1
succeeds "re-publish after appends" publish pub --key "$T/owner.key"
check "its summary counts the new records" grep -q "^published $n2 records to 'pub' (300 new): " "$T/.out"
check "old full tiles are the same files, unmodified" sh -c \
	'stat -c "%i %Y" pub/tile/0/000 pub/tile/entries/000 pub/claimledger/sig/000 | cmp -s - old_full'
find pub -type f | sort >files2
comm -13 files1 files2 | grep -v '^pub/checkpoint$' >new_files
p1=$((n2 - 512)) l1=$((n2 / 256))
printf '%s\n' pub/claimledger/sig/001 "pub/claimledger/sig/002.p/$p1" pub/tile/0/001 \
	"pub/tile/0/002.p/$p1" "pub/tile/1/000.p/$l1" pub/tile/entries/001 \
	"pub/tile/entries/002.p/$p1" | sort >want_files
check "exactly the new tiles were written" cmp -s new_files want_files
nfiles=$(sed -n 's/.*): \([0-9]*\) files, .*/\1/p' "$T/.out")
check "the summary's file count is those and the checkpoint" test "$nfiles" -eq 8
check "old partial tiles are left in place" test -f "pub/tile/0/001.p/$p0"
check "the new files check out" python3 check.py pub "$vkey"
succeeds "publish again: nothing new" publish pub
check "nothing written" grep -q "(0 new): 0 files, 0 bytes written" "$T/.out"

# Refusals leave DIR byte-identical.
dir_sum pub >sum0
"$BIN" init --ledger "$T/led2" --key "$T/owner.key" --origin test/e2e >/dev/null
claims 1000 5000 >c3.jsonl
CLAIMLEDGER_DIR="$T/led2" "$BIN" import --jsonl c3.jsonl >/dev/null
fails 1 "another history under the same key and origin" publish pub --ledger "$T/led2" --key "$T/owner.key"
check "it says the history diverges" grep -q "history diverges from what 'pub' holds" "$T/.err"
check "DIR is unchanged" sh -c 'dir_sum() { (cd "$1" && find . -printf "%p %m %s %i %T@\n" | sort && find . -type f | sort | xargs sha256sum); }; dir_sum pub | cmp -s - sum0'
"$BIN" init --ledger "$T/led4" --key "$T/owner.key" --origin test/e2e >/dev/null
claims 10 0 >c4.jsonl
CLAIMLEDGER_DIR="$T/led4" "$BIN" import --jsonl c4.jsonl >/dev/null
fails 1 "a shorter ledger (a truncated history)" publish pub --ledger "$T/led4" --key "$T/owner.key"
check "it says the history diverges, too" grep -q "history diverges from what 'pub' holds" "$T/.err"
check "DIR is still unchanged" sh -c 'dir_sum() { (cd "$1" && find . -printf "%p %m %s %i %T@\n" | sort && find . -type f | sort | xargs sha256sum); }; dir_sum pub | cmp -s - sum0'
"$BIN" keygen --name other --out other.key >/dev/null
"$BIN" init --ledger "$T/led3" --key other.key --origin test/e2e >/dev/null
fails 1 "another owner's log" publish pub --ledger "$T/led3" --key other.key
check "it says another log" grep -q "holds another log" "$T/.err"
# A checkpoint in DIR that is not this ledger's (another key, same origin).
cp pub/checkpoint cp.keep
"$BIN" checkpoint --ledger "$T/led3" --key other.key >/dev/null
"$BIN" export --ledger "$T/led3" --out led3.jsonl >/dev/null
python3 -c '
import json
for line in open("led3.jsonl"):
    o = json.loads(line)
    if "checkpoint" in o: open("pub/checkpoint", "w").write(o["checkpoint"])
'
fails 1 "a DIR checkpoint signed by another key" publish pub --key "$T/owner.key"
check "it says it is not this ledger's" grep -q "pub/checkpoint' is not this ledger's" "$T/.err"
printf 'garbage\n' >pub/checkpoint
fails 1 "a DIR checkpoint that is not a note" publish pub --key "$T/owner.key"
cp cp.keep pub/checkpoint
# A tampered full tile is never overwritten.
cp pub/tile/0/000 tile0.bak
# (every bit of one byte flipped: writing a fixed byte left the tile as
# it was whenever the hash already held that byte there, 1 run in 256)
python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[5] ^= 0xff
open(sys.argv[1], "wb").write(b)' pub/tile/0/000
check "the tile now differs" sh -c '! cmp -s pub/tile/0/000 tile0.bak'
rm pub/checkpoint
fails 1 "a full tile with other bytes" publish pub --key "$T/owner.key"
check "it names the tile" grep -q "tile/0/000' exists with other bytes" "$T/.err"
check "no checkpoint was written" test ! -e pub/checkpoint
cp tile0.bak pub/tile/0/000
succeeds "with the tile restored, publish completes" publish pub --key "$T/owner.key"
dir_sum pub >sum0

# A body too large for an entry bundle: exit 2, nothing written anywhere.
big=$(python3 -c 'print("word " * 12800)')
"$BIN" add "$big" --speaker "$(python3 -c 'print("S" * 3000)')" --source https://news.example/big \
	--date 2021-11-22 >/dev/null 2>&1 || not_ok "add a claim of 69 kB"
before=$(ledger_sum)
fails 2 "a body over 65,535 bytes" publish pub --key "$T/owner.key"
check "it names the seq" grep -q "seq $n2: its body is [0-9]* bytes, over the 65535" "$T/.err"
check "DIR unchanged after the big body" sh -c 'dir_sum() { (cd "$1" && find . -printf "%p %m %s %i %T@\n" | sort && find . -type f | sort | xargs sha256sum); }; dir_sum pub | cmp -s - sum0'
check "the ledger unchanged (no checkpoint stored)" test "$(ledger_sum)" = "$before"

# --cosigned: witness lines carried once; another checkpoint refused.
python3 - <<'EOF'
import base64
cp = open("pub/checkpoint").read()
line = "\u2014 witness.example/w " + base64.b64encode(bytes(range(4)) + bytes(64)).decode() + "\n"
open("cosigned", "w").write(cp + line)
open("cosigned2", "w").write(cp + line + "\u2014 other.example/w " + base64.b64encode(bytes(68)).decode() + "\n")
EOF
cp pub/checkpoint old.checkpoint
succeeds "publish --cosigned" publish pub --ledger "$T/led" --cosigned cosigned
check "the witness line is in DIR's checkpoint" grep -q "^— witness.example/w " pub/checkpoint
succeeds "publish --cosigned again, with one more" publish pub --cosigned cosigned2 --cosigned cosigned
check "each witness line once, owner line first" python3 -c '
import sys
l = open("pub/checkpoint").read().split("\n\n")[1].splitlines()
assert len(l) == 3 and l[0].startswith("\u2014 test/e2e ") and len(set(l)) == 3, l
'
cp pub/checkpoint cp.before
fails 2 "a --cosigned copy of another checkpoint of this log" publish pub --cosigned cp.first
check "it says so" grep -q "not a copy of the checkpoint being published" "$T/.err"
python3 - <<'EOF2'
cp = open("cp.first").read()
text, sigs = cp.split("\n\n")
lines = text.split("\n")
lines[1] = str(int(lines[1]) + 300)
open("other.cosigned", "w").write("\n".join(lines) + "\n\n" + sigs)
EOF2
fails 1 "a --cosigned copy whose text was changed (its owner signature fails)" publish pub --cosigned other.cosigned
python3 - <<'EOF2'
import base64
cp = open("cp.before").read()
for f, r in (("many1", range(50)), ("many2", range(50, 100))):
    ws = "".join("\u2014 w%d.example/w " % i + base64.b64encode(bytes(68)).decode() + "\n" for i in r)
    open(f, "w").write(cp + ws)
EOF2
fails 2 "two --cosigned files of 50 witness lines each (a note holds 100 signatures)" \
	publish pub --cosigned many1 --cosigned many2
check "it says the checkpoint would be too large" grep -q "would be too large" "$T/.err"
fails 2 "a --cosigned file that is not a note" publish pub --cosigned /dev/null
check "DIR's checkpoint unchanged by the refusals" cmp -s pub/checkpoint cp.before

finish
