#!/bin/sh
# crash.sh: imports killed with SIGKILL at random moments.  After each kill
# the ledger opens, verify passes, and the killed import is there whole or
# not at all.  CRASH_RUNS kills (20 here, 200 in `make stress`).
. "$(dirname "$0")/lib.inc"
runs=${CRASH_RUNS:-20}

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
batch=${CRASH_BATCH:-1000}
python3 - "$batch" >batch.jsonl <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"text": "Crash-test claim %d: the figures were revised upward." % i,
                      "speaker": "Speaker %d" % (i % 97), "source": "https://example.org/c/%d" % i,
                      "date": "2021-11-22"}))
PY
# How long one import takes here, to aim the kills inside it.
start=$(date +%s%N)
"$BIN" import --jsonl batch.jsonl >/dev/null || not_ok "a first whole import"
took_us=$(( ($(date +%s%N) - start) / 1000 ))
size=$(( 1 + batch ))

bad=0 whole=0 none=0
i=0
while [ "$i" -lt "$runs" ]; do
	i=$((i + 1))
	delay_us=$(awk -v s="$i$$" -v t="$took_us" 'BEGIN { srand(s); printf "%d", rand() * t * 1.2 }')
	"$BIN" import --jsonl batch.jsonl >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v u="$delay_us" 'BEGIN { printf "%.6f", u / 1e6 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	out=$("$BIN" verify 2>&1)
	rc=$?
	n=$(printf '%s\n' "$out" | sed -n 's/^verified \([0-9]*\) records.*/\1/p')
	if [ "$rc" -ne 0 ] || [ -z "$n" ]; then
		bad=$((bad + 1))
		echo "# kill $i after ${delay_us}us: verify exit $rc: $out"
	elif [ "$n" -eq $((size + batch)) ]; then
		whole=$((whole + 1)); size=$n
	elif [ "$n" -eq "$size" ]; then
		none=$((none + 1))
	else
		bad=$((bad + 1))
		echo "# kill $i: $n records, want $size or $((size + batch))"
	fi
done
echo "# $runs kills: $none imports absent, $whole whole, $bad damaged"
check "after $runs SIGKILLs every import is whole or absent and verify passes" [ "$bad" -eq 0 ]
check "some kills landed inside an import (absent ones)" [ "$none" -gt 0 ]
finish
