#!/bin/sh
# refs.sh: record references on the command line (cl_ledger_resolve):
# a seq, seq:N (always the seq), or 8+ hex digits of an id.  store_test.c
# checks the rule for 8+ decimal digits at 10 million records and more.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" checkpoint >/dev/null || not_ok "checkpoint"

run show 3
cp "$T/.out" show3
succeeds "show seq:3" show seq:3
check "show seq:3 is show 3" cmp -s show3 "$T/.out"
id=$(sed -n 's/^id: //p' show3)
succeeds "show by 8 hex digits of the id" show "$(printf %s "$id" | cut -c1-8)"
check "... is the same record" cmp -s show3 "$T/.out"
fails 2 "show seq:99 (beyond the ledger)" show seq:99
check "the message says no record 99" grep -q "no record 99 (the ledger has 15)" "$T/.err"
fails 2 "show seq:x" show seq:x
check "the message explains seq:N" grep -q "seq:N takes a decimal seq" "$T/.err"
fails 2 "show 12345678 (no such seq, no such id)" show 12345678
check "the message names both readings" grep -q "no record '12345678': no id starts with it and there is no seq 12345678" "$T/.err"
succeeds "rate seq:3" rate seq:3 --verdict false
succeeds "prove seq:3" prove seq:3
check "the proof is of index 3" grep -qx "index 3" "$T/.out"
finish
