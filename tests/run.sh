#!/bin/sh
# Run every unit test executable and end-to-end script; print a closing
# "N passed, N failed" line.  Usage: tests/run.sh BUILD_DIR
set -u
build=${1:-build}
export CLAIMLEDGER_BIN="$(cd "$build" && pwd)/claimledger"
# With $VALGRIND set (make valgrind), every binary runs under it: the e2e
# scripts call a wrapper in place of the real binary.
if [ -n "${VALGRIND:-}" ]; then
	wrap="$(cd "$build" && pwd)/claimledger-valgrind"
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$VALGRIND" "$CLAIMLEDGER_BIN" >"$wrap"
	chmod +x "$wrap"
	export CLAIMLEDGER_BIN="$wrap"
fi
export CLAIMLEDGER_FIXTURES="$(pwd)/fixtures"
# Articles never used to tune extraction: scored apart, no floor.
export CLAIMLEDGER_HELDOUT="$(pwd)/fixtures/heldout"
pass=0 fail=0 failed=""
for t in "$build"/tests/*_test; do
	[ -x "$t" ] || continue
	out=$(${VALGRIND:-} "$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	p=${p:-0}; f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out"
		failed="$failed $(basename "$t")"
	fi
	echo "unit $(basename "$t"): $p passed, $f failed"
done
for s in tests/e2e/*.sh; do
	[ -f "$s" ] || continue
	out=$(sh "$s" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | grep -ac '^ok ')
	f=$(printf '%s\n' "$out" | grep -ac '^not ok ')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out" | grep -av '^ok '
		failed="$failed $(basename "$s")"
	fi
	echo "e2e $(basename "$s"): $p passed, $f failed"
done
[ -n "$failed" ] && echo "failing:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
