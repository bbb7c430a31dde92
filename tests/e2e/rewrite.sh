#!/bin/sh
# rewrite.sh: a claim's text rewritten inside data.mdb after a verify left
# its mark (the hostile review's "is balanced" -> "is a fraud!", same
# length, so LMDB's pages stay well formed).  Nothing may show or vouch for
# the forged text: every verify mode, and every command that reads
# records (show, list, export, prove, stats), exits 1 naming the seq.
# Then a forger who also rewrites the stored id, and random bytes flipped
# inside an old claim's text after a verify passed.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" add "The budget is balanced" --speaker "Ana Ruiz" \
	--source https://news.example/a --date 2021-11-22 >/dev/null &&
"$BIN" add "Taxes will not rise" --speaker "Ana Ruiz" \
	--source https://news.example/a --date 2021-11-22 >/dev/null ||
	not_ok "two claims"
"$BIN" checkpoint >"$T/auditor-cp.txt" || not_ok "a checkpoint for the auditor"
succeeds "verify passes and leaves its mark" verify
succeeds "a second verify uses the mark" verify
check "it says which signatures it took from the mark" \
	grep -q "signatures of the first 3 were checked by an earlier verify" "$T/.out"
succeeds "verify --checkpoint passes" verify --checkpoint "$T/auditor-cp.txt"
"$BIN" prove 1 >"$T/good.proof" || not_ok "prove before the rewrite"

# Every copy (LMDB is copy-on-write) of the text, rewritten in place.
replace() {
	python3 - "$T/led/data.mdb" "$1" "$2" <<'EOF'
import sys
path, old, new = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
data = open(path, "rb").read()
assert len(old) == len(new) and old in data
open(path, "wb").write(data.replace(old, new))
EOF
}
replace "is balanced" "is a fraud!" || not_ok "rewrite the text in data.mdb"
sum=$(ledger_sum)

for cmd in "verify" "verify --full" "verify --checkpoint $T/auditor-cp.txt" \
	"show 1" "show 1 --json" "list" "list --json" "list --type claim" \
	"export --format jsonl" "export --format csv" "prove 1" "stats"; do
	# shellcheck disable=SC2086
	fails 1 "$cmd refuses the rewritten record" $cmd
	check "$cmd names seq 1" grep -q "seq 1: stored id does not match the body" "$T/.err"
	check "$cmd prints nothing of it" sh -c '! grep -q "fraud" "$0"' "$T/.out"
done
check "no command changed the ledger" [ "$(ledger_sum)" = "$sum" ]

# A forger who also writes the body's new SHA-256 as its stored id: the
# ids index and the next record's prev link give it away, whatever the
# mark says.
python3 - "$T/led/data.mdb" <<'EOF' || not_ok "rewrite the stored id too"
import hashlib, sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
start = 0
while True:
    at = data.find(b"is a fraud!", start)
    if at < 0:
        break
    body_start = data.rfind(b'{"date"', 0, at)
    body_end = data.find(b"}", at) + 1
    body = bytes(data[body_start:body_end])
    data[body_start - 96:body_start - 64] = hashlib.sha256(body).digest()
    start = at + 1
open(path, "wb").write(data)
EOF
fails 1 "plain verify refuses the re-hashed forgery" verify
check "it names the forged record or the next" grep -q "seq [12]: " "$T/.err"
fails 1 "verify --checkpoint refuses it" verify --checkpoint "$T/auditor-cp.txt"

# The hostile review's 20 trials: after a verify passed, one byte flipped
# inside an old claim's text; the next plain verify must fail each time.
rm -rf "$T/led" "$T/owner.key" "$T/owner.key.pub"
make_ledger || not_ok "a fresh ledger"
i=0
while [ $i -lt 8 ]; do
	"$BIN" add "Old claim number $i has a long enough text" \
		--speaker "Ana Ruiz" --source https://news.example/a --date 2021-11-22 \
		>/dev/null || not_ok "claim $i"
	i=$((i + 1))
done
"$BIN" verify >/dev/null || not_ok "verify of the fresh ledger"
cp "$T/led/data.mdb" "$T/clean.mdb"
missed=0 trial=0
while [ $trial -lt 20 ]; do
	cp "$T/clean.mdb" "$T/led/data.mdb"
	python3 - "$T/led/data.mdb" "$trial" <<'EOF'
import random, sys
path, seed = sys.argv[1], int(sys.argv[2])
rng = random.Random(seed)
data = bytearray(open(path, "rb").read())
# One byte of one claim's text, flipped in every copy of that text (stale
# pages of LMDB's copy-on-write hold old copies; one of them is live).
text = b"Old claim number %d " % rng.randrange(0, 8)
pos = rng.randrange(0, len(text) + 20)
bit = 1 << rng.randrange(0, 7)   # stays ASCII, so stays valid text
at = data.find(text)
while at >= 0:
    data[at + pos] ^= bit
    at = data.find(text, at + 1)
open(path, "wb").write(data)
EOF
	"$BIN" verify >/dev/null 2>&1
	[ $? -eq 1 ] || missed=$((missed + 1))
	trial=$((trial + 1))
done
check "20 of 20 flips in old claims fail the next plain verify (missed $missed)" [ $missed -eq 0 ]
finish
