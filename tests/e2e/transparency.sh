#!/bin/sh
# transparency.sh: checkpoints, inclusion proofs, consistency proofs and
# `verify --checkpoint`, including a rewritten history that must fail.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"

fails 2 "prove before any checkpoint" prove 3
succeeds "checkpoint" checkpoint
cp "$T/.out" cp1
check "checkpoint body: origin, size 15, base64 root" \
	sh -c 'sed -n 1p cp1 | grep -qx test/e2e && sed -n 2p cp1 | grep -qx 15 &&
	       sed -n 3p cp1 | grep -Eqx "[A-Za-z0-9+/]{43}="'
check "checkpoint is signed under the origin's key name" grep -q '^— test/e2e ' cp1
succeeds "checkpoint again at the same size" checkpoint
check "the same size gives the same note (Ed25519 is deterministic)" cmp -s cp1 "$T/.out"

"$BIN" keygen --name other --out other.key >/dev/null
fails 2 "checkpoint with a key that is not the owner's" checkpoint --key other.key

succeeds "prove 3" prove 3
cp "$T/.out" proof3
check "tlog-proof header and index" \
	sh -c 'sed -n 1p proof3 | grep -qx c2sp.org/tlog-proof@v1 && sed -n 2p proof3 | grep -qx "index 3"'
check "the proof carries the checkpoint" sh -c 'tail -n 5 proof3 | cmp -s - cp1'
check "four proof hashes for a tree of 15" \
	[ "$(sed -n '3,/^$/p' proof3 | grep -c '=$')" -eq 4 ]

"$BIN" add "A later claim." --speaker "Someone Else" --source https://example.org/s --date 2021-11-24 >/dev/null
fails 2 "prove a record newer than the latest checkpoint" prove 15
succeeds "prove against an explicit checkpoint file" prove 2 --checkpoint cp1
check "explicit checkpoint proof equals the stored one's" sh -c '"$0" prove 2 --checkpoint cp1 | cmp -s - "$1"' "$BIN" "$T/.out"

succeeds "consistency 5" consistency 5
check "consistency prints base64 hashes only" sh -c '[ -s "$0" ] && ! grep -Evq "^[A-Za-z0-9+/]{43}=$" "$0"' "$T/.out"
succeeds "consistency 16 16 is empty" consistency 16 16
check "empty proof prints nothing" [ ! -s "$T/.out" ]
fails 2 "consistency OLD > NEW" consistency 9 5
fails 2 "consistency beyond the ledger" consistency 5 99
fails 2 "consistency of a non-number" consistency five

succeeds "verify --checkpoint of an older checkpoint" verify --checkpoint cp1
check "verify says the ledger extends it" grep -q "extends checkpoint 'cp1' of 15 records" "$T/.out"

# A checkpoint signed by another key, and one with a changed root.
sed 's/^— test\/e2e .*/— test\/e2e AAAAAAAA/' cp1 > forged
fails 1 "verify --checkpoint with a broken signature" verify --checkpoint forged
awk 'NR==2{print "14"; next} {print}' cp1 > wrongsize
fails 1 "verify --checkpoint with a changed size" verify --checkpoint wrongsize
fails 2 "verify --checkpoint of a file that is not a checkpoint" verify --checkpoint "$FIX/seed-claims.jsonl"

# Rewritten history: a second ledger with the same owner and origin but a
# different record 5 cannot extend the first ledger's checkpoint.
head -n 4 "$FIX/seed-claims.jsonl" > part1
sed -n '6,14p' "$FIX/seed-claims.jsonl" > part2
echo '{"text":"A substituted claim.","speaker":"Nobody","source":"https://example.org/s","date":"2021-11-22"}' > sub
"$BIN" init --ledger led2 --key owner.key --origin test/e2e >/dev/null
for f in part1 sub part2 sub; do "$BIN" import --ledger led2 --jsonl $f >/dev/null; done
fails 1 "a rewritten history fails verify --checkpoint" verify --ledger led2 --checkpoint cp1
check "it says within which size it diverges" grep -q "diverges within the first 15 records" "$T/.err"

# A truncated ledger: fewer records than the checkpoint it signed.
"$BIN" init --ledger led3 --key owner.key --origin test/e2e >/dev/null
"$BIN" import --ledger led3 --jsonl part1 >/dev/null
fails 1 "a truncated history fails verify --checkpoint" verify --ledger led3 --checkpoint cp1
check "it says the history was truncated" grep -q "truncated" "$T/.err"
finish
