#!/bin/sh
# concurrent.sh: two processes importing into one ledger at the same time
# both succeed, and the ledger verifies with the summed count.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
n=300
for who in a b; do
	i=0
	while [ "$i" -lt "$n" ]; do
		printf '{"text":"claim %s %d","speaker":"Speaker %s","source":"https://example.org/s","date":"2021-11-22"}\n' \
			"$who" "$i" "$who"
		i=$((i + 1))
	done >"$who.jsonl"
done
"$BIN" import --jsonl a.jsonl >a.out 2>a.err & pa=$!
"$BIN" import --jsonl b.jsonl >b.out 2>b.err & pb=$!
wait "$pa"; ra=$?
wait "$pb"; rb=$?
check "the first import succeeds" [ "$ra" -eq 0 ]
check "the second import succeeds" [ "$rb" -eq 0 ]
succeeds "verify" verify
check "verify counts both imports and the genesis" \
	[ "$(out)" = "verified $((2 * n + 1)) records" ]
run list --speaker "speaker a" --json
check "every claim of the first import is there" [ "$(out | wc -l)" -eq "$n" ]
run list --json
# Each import is one transaction: its claims are contiguous seqs.
contiguous() {
	grep -o '"seq":[0-9]*,"signer":"[^"]*","source":"https://example.org/s","speaker":"Speaker [ab]"' "$T/.out" |
		sed 's/.*Speaker //; s/"//' | uniq | wc -l
}
check "each import landed as one contiguous run" [ "$(contiguous)" -eq 2 ]
finish
