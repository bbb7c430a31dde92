#!/bin/sh
# concurrent4.sh: 4 processes each append 1,000 records to one ledger at
# once (10 imports of 100, so their transactions interleave), while readers
# run `list` and `verify` in a loop: 4,000 records, a valid chain, and no
# reader failed or hung (LMDB readers never wait for the writer).
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
for w in 1 2 3 4; do
	python3 - "$w" >"w$w.jsonl" <<'PY'
import json, sys
w = int(sys.argv[1])
for i in range(100):
    print(json.dumps({"text": "Writer %d, claim %d." % (w, i), "speaker": "Writer %d" % w,
                      "source": "https://example.org/w%d" % w, "date": "2021-11-22"}))
PY
done
writer() {
	for round in 1 2 3 4 5 6 7 8 9 10; do
		"$BIN" import --jsonl "w$1.jsonl" >/dev/null 2>>"writer$1.err" || echo fail >>"writer$1.err"
	done
}
reader() {
	: >"reader$1.log"
	while [ ! -f done ]; do
		timeout 60 "$BIN" list --limit 5 >/dev/null 2>>"reader$1.log" || echo "list failed" >>"reader$1.log"
		out=$(timeout 60 "$BIN" verify 2>&1) || echo "verify failed: $out" >>"reader$1.log"
		echo ok >>"reader$1.runs"
	done
}
reader 1 & r1=$!
reader 2 & r2=$!
writer 1 & w1=$!
writer 2 & w2=$!
writer 3 & w3=$!
writer 4 & w4=$!
wait "$w1" "$w2" "$w3" "$w4"
touch done
wait "$r1" "$r2"

check "no writer failed" sh -c '! cat writer*.err 2>/dev/null | grep -q .'
check "no reader failed or hung" sh -c '! cat reader*.log | grep -q .'
check "the readers ran while the writers wrote" [ "$(cat reader*.runs | wc -l)" -ge 2 ]
succeeds "verify at the end" verify
check "4,000 records plus the genesis" grep -q "^verified 4001 records" "$T/.out"
for w in 1 2 3 4; do
	n=$("$BIN" list --speaker "Writer $w" --json | wc -l)
	check "writer $w's 1,000 records are all there" [ "$n" -eq 1000 ]
done
finish
