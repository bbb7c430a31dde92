#!/bin/sh
# bench.sh: a small smoke run of the benchmark (N=2000): it builds a
# ledger with the real binary, checks its own results and exits 0.
. "$(dirname "$0")/lib.inc"
ROOT=$(dirname "$FIX") # lib.inc has moved into a temp dir: $0 is no guide
BENCH="$(dirname "$BIN")/bench"
san=0
case $BIN in */build-san/*) san=1 ;; esac
grep -qa __asan_init "$BIN" && san=1
make -s -C "$ROOT" BUILD="$(dirname "$BIN")" SAN=$san "$BENCH" >"$T/make.log" 2>&1 ||
	not_ok "build the bench program: $(tail -n 3 "$T/make.log")"
mkdir -p "$T/run"
if "$BENCH" "$BIN" 2000 "$T/run" >"$T/bench.out" 2>&1; then
	ok "the bench smoke run (N=2000) passes its own checks"
else
	not_ok "the bench smoke run: $(tail -n 5 "$T/bench.out")"
fi
check "it reports the import ratio" grep -q '^import --jsonl' "$T/bench.out"
check "it reports publish, first and after appends" sh -c "grep -q '^publish (tlog-tiles) .* files, ' '$T/bench.out' && grep -q '^publish after 100 appends .*(8 files, ' '$T/bench.out'"
check "it reports the ledger size against the export" grep -q '^ledger on disk' "$T/bench.out"
check "it reports verify-export against the 2-core verify rate" \
	grep -Eq '^verify-export +[0-9.]+ +[0-9]+ +[0-9.]+x .*2-core verify' "$T/bench.out"
check "it reports monitor of the published directory against the 2-core verify rate" \
	grep -Eq '^monitor DIR \(first run\) +[0-9.]+ +[0-9]+ +[0-9.]+x .*2-core verify' "$T/bench.out"
check "it reports each verifier against a 2-core raw rate taken just before it" \
	sh -c "grep -Eq '^verify-export .*; [0-9.]+x of [0-9]+/s taken just before' '$T/bench.out' && grep -Eq '^monitor DIR .*; [0-9.]+x of [0-9]+/s taken just before' '$T/bench.out' && grep -Eq '^verify --full .*; [0-9.]+x of [0-9]+/s taken just before' '$T/bench.out'"
check "it reports monitor over HTTP from a local server, against verify-export" \
	grep -Eq '^monitor URL \(first run\) +[0-9.]+ +[0-9]+ +[0-9.]+x .*python3 http.server on 127.0.0.1; [0-9.]+x verify-export' "$T/bench.out"
check "the server logged the monitor's requests" grep -q '"GET /tile/entries/' "$T/run/http.log"
check "it reports the import's peak RSS at 3N beside N" \
	grep -Eq '^import --jsonl, 3N claims .* MB +\(peak RSS at N=2000: [0-9]+ MB' "$T/bench.out"
check "the 3N ledger is removed" [ ! -e "$T/run/led3" ]
finish
