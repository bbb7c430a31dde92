#!/bin/sh
# crossledger.sh: a record signed for one ledger does not verify in another,
# even with the same owner key and the same claim: the genesis names the
# origin and every record chains to it through prev.
. "$(dirname "$0")/lib.inc"

"$BIN" keygen --name owner --out owner.key >/dev/null
for o in a b; do
	"$BIN" init --ledger "led-$o" --key owner.key --origin "example.org/$o" >/dev/null
	"$BIN" add "The same words in both ledgers." --speaker "Jane Doe" --source https://example.org/s \
		--date 2021-11-22 --ledger "led-$o" --key owner.key >/dev/null
	"$BIN" export --ledger "led-$o" --key owner.key --out "$o.jsonl" >/dev/null
done
succeeds "ledger a's export verifies" verify-export a.jsonl --pubkey owner.key.pub
succeeds "ledger b's export verifies" verify-export b.jsonl --pubkey owner.key.pub
check "the claim's record differs between the ledgers" \
	sh -c '[ "$(sed -n 3p a.jsonl)" != "$(sed -n 3p b.jsonl)" ]'
# Ledger b's claim record (line 3) spliced into ledger a's export.
{ sed -n 1,2p a.jsonl; sed -n 3p b.jsonl; sed -n '4,$p' a.jsonl; } >spliced.jsonl
fails 1 "a record from ledger b does not verify in ledger a" verify-export spliced.jsonl --pubkey owner.key.pub
check "the failure names line 3" grep -q "line 3" "$T/.err"
# The genesis itself names the origin: b's genesis cannot start a's export.
{ sed -n 1p a.jsonl; sed -n '2p' b.jsonl; sed -n '3,$p' a.jsonl; } >genesis.jsonl
fails 1 "ledger b's genesis does not verify in ledger a's export" verify-export genesis.jsonl --pubkey owner.key.pub
finish
