#!/bin/sh
# tamper.sh: one flipped byte of a stored claim's text makes verify fail
# (exit 1) naming the record's seq.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
marker="Tamper-evident marker claim 7f3a"
run add "$marker" --speaker Someone --source https://example.org/s --date 2021-11-22
seq=$(sed -n 's/^seq \([0-9]*\) id .*/\1/p' "$T/.out")
check "the marker claim is appended" [ -n "$seq" ]
"$BIN" add "A later claim" --speaker Someone --source https://example.org/s --date 2021-11-22 >/dev/null
succeeds "verify passes before tampering" verify

# Flip the first byte of every copy of the text in data.mdb ('T' -> 'X').
offsets=$(grep -boa "$marker" led/data.mdb | cut -d: -f1)
check "the text is found in data.mdb" [ -n "$offsets" ]
for off in $offsets; do
	printf X | dd of=led/data.mdb bs=1 seek="$off" conv=notrunc 2>/dev/null
done
check "the text is gone from data.mdb" sh -c '! grep -qa "$0" led/data.mdb' "$marker"

fails 1 "verify fails after one flipped byte"  verify --full
check "verify names seq $seq" grep -q "^claimledger: verify: seq $seq: " "$T/.err"
check "verify prints no 'verified' line" [ ! -s "$T/.out" ]
finish
