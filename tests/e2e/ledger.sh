#!/bin/sh
# ledger.sh: init, import of the seed claims, list, show, stats, verify.
. "$(dirname "$0")/lib.inc"

seed="$FIX/seed-claims.jsonl"
n=$(grep -c . "$seed")
make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led"

succeeds "import the seed claims" import --jsonl "$seed" --key owner.key
check "import says how many" grep -q "^imported $n claims: seq 1\\.\\.$n\$" "$T/.out"
succeeds "verify" verify
check "verify prints 'verified N records'" [ "$(out)" = "verified $((n + 1)) records" ]

succeeds "list" list
check "list shows a header and every claim (not the genesis)" [ "$(out | wc -l)" -eq $((n + 1)) ]
check "list rows are at most 80 columns" sh -c '
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le 80 ] || exit 1
	done <"$1"' sh "$T/.out"
check "long texts are cut with an ellipsis" grep -q '…$' "$T/.out"
check "list shows the speaker" grep -q 'US State Department' "$T/.out"
succeeds "list --all" list --all
check "list --all shows the genesis too" [ "$(out | wc -l)" -eq $((n + 2)) ]

succeeds "list --json" list --json
check "list --json gives one line per record" [ "$(out | wc -l)" -eq $((n + 1)) ]
bad=$(grep -Evc '^\{"id":"[0-9a-f]{64}","body":\{.*\},"sig":"[A-Za-z0-9+/]{86}=="\}$' "$T/.out")
check "every list --json line has the export shape" [ "$bad" -eq 0 ]
if command -v python3 >/dev/null 2>&1; then
	check "list --json lines parse as JSON with the claim inside body" \
		python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    assert r["body"]["seq"] >= 0 and "type" in r["body"]' "$T/.out"
fi

succeeds "list --speaker (case-insensitive)" list --speaker 'antony BLINKEN' --json
check "--speaker finds exactly the Blinken claim" [ "$(out | wc -l)" -eq 1 ]
succeeds "list --type claim --grep" list --type claim --grep 'GUAIDÓ' --json
check "--grep is case-insensitive beyond ASCII" [ "$(out | wc -l)" -eq 1 ]
succeeds "list --limit 3" list --limit 3 --json
check "--limit 3 gives 3 lines" [ "$(out | wc -l)" -eq 3 ]
succeeds "list --type genesis" list --type genesis --json
check "--type genesis gives record 0" grep -q '"seq":0,' "$T/.out"

"$BIN" add "An older claim" --speaker Someone --source https://example.org/s --date 2020-01-02 \
	--key owner.key >/dev/null
succeeds "list --until" list --until 2020-12-31 --type claim --json
only_older() { [ "$(out | wc -l)" -eq 1 ] && grep -q 'An older claim' "$T/.out"; }
check "--until keeps only the older claim" only_older
succeeds "list --since" list --since 2021-11-22 --type claim --json
check "--since leaves the older claim out" [ "$(out | wc -l)" -eq "$n" ]
fails 2 "list --since with a bad date" list --since 2021-02-30
fails 2 "list --type with an unknown type" list --type rumour
fails 2 "list --limit with a non-number" list --limit ten

succeeds "show by seq" show 3
check "show prints field: value lines" grep -q '^speaker: US State Department$' "$T/.out"
id=$(sed -n 's/^id: //p' "$T/.out")
check "show prints the 64-hex id" [ "${#id}" -eq 64 ]
prefix=$(printf %s "$id" | cut -c1-8)
succeeds "show by an 8-digit id prefix" show "$prefix" --json
check "show --json by prefix is the same record" grep -q "^{\"id\":\"$id\"" "$T/.out"
fails 2 "show an unknown id" show ffffffffffff
fails 2 "show a seq past the end" show 9999
fails 2 "show a too-short prefix" show abc

succeeds "stats --json" stats --json
sizes() { grep -q "\"size\":$((n + 2))," "$T/.out" && grep -q "\"claims\":$((n + 1))," "$T/.out"; }
check "stats --json has size and claims" sizes
succeeds "stats" stats
check "stats names the origin" grep -q '^origin: test/e2e$' "$T/.out"

if [ -w /dev/full ]; then
	"$BIN" list >/dev/full 2>"$T/.err"; rc=$?
	check "a full disk on stdout is exit 3" [ "$rc" -eq 3 ]
fi
succeeds "claimledger --help" --help
check "--help lists the commands" grep -q '^  verify ' "$T/.out"
succeeds "claimledger add --help" add --help
check "add --help prints its usage" grep -q '^usage: claimledger add TEXT' "$T/.out"
fails 2 "an unknown command" frobnicate
fails 2 "an unknown option" list --frob
run
bare() { [ "$rc" -eq 2 ] && grep -q '^usage:' "$T/.err"; }
check "no command: usage on stderr, exit 2" bare
fails 2 "no ledger there" verify --ledger "$T/none"
finish
