#!/bin/sh
# exportsafe.sh: an export never harms the ledger.  export --key stores
# its new checkpoint only once the export is complete, so a failed export
# leaves data.mdb byte-identical; --out inside the ledger directory (or
# any ledger's) is refused before anything is written.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
cp led/data.mdb before.mdb
same() { cmp -s before.mdb led/data.mdb; }

# A failing export --key must not leave its new checkpoint behind.
if [ -w /dev/full ]; then
	"$BIN" export --format jsonl --key owner.key >/dev/full 2>"$T/.err"
	rc=$?
	check "export --key to a full stdout exits 3 (got $rc)" [ "$rc" -eq 3 ]
	check "... with one error line" one_error_line
	check "... and data.mdb is byte-identical (no checkpoint stored)" same
else
	not_ok "/dev/full is not writable here"
fi
fails 3 "export --key --out into a missing directory" export --key owner.key --out nosuch/x.jsonl
check "... leaves data.mdb byte-identical" same
run prove 3
check "no checkpoint was stored by the failed exports" grep -q "no checkpoint yet" "$T/.err"

succeeds "export --key --out a file" export --key owner.key --out good.jsonl
succeeds "the complete export's checkpoint was stored" prove 3
tail -n 5 "$T/.out" >proof.cp
check "it is the export's checkpoint" python3 -c '
import json, sys
note = json.loads(open(sys.argv[1]).read().splitlines()[-1])["checkpoint"]
sys.exit(open(sys.argv[2]).read() != note)' good.jsonl proof.cp
succeeds "verify-export of the complete export" verify-export good.jsonl --pubkey owner.key.pub
succeeds "export --key to stdout" export --key owner.key
cp "$T/.out" stdout.jsonl
succeeds "... which verifies" verify-export stdout.jsonl --pubkey owner.key.pub

# --out inside a ledger directory; there is a checkpoint now, so an
# export would really be written (and renamed over data.mdb).
cp led/data.mdb before.mdb
fails 2 "export --out \$CLAIMLEDGER_DIR/data.mdb is refused" export --out "$T/led/data.mdb"
check "the message names the ledger directory" grep -q "the export must not be inside the ledger directory" "$T/.err"
check "data.mdb is byte-identical" same
fails 2 "export --out into the ledger directory under another name" export --format csv --out led/claims.csv
check "nothing was written in the ledger directory" [ "$(ls -A led | sort | tr '\n' ' ')" = "data.mdb lock.mdb " ]
mkdir sub
fails 2 "export --out through .. into the ledger directory" export --out sub/../led/x.jsonl
check "data.mdb is still byte-identical" same
"$BIN" init --ledger other --key owner.key --origin test/other >/dev/null || not_ok "a second ledger"
cp other/data.mdb other.mdb
fails 2 "export --out into another ledger's directory" export --out other/data.mdb
check "the message names the other ledger" grep -q "inside a ledger directory ('$T/other' holds one)" "$T/.err"
check "the other ledger is byte-identical" cmp -s other.mdb other/data.mdb
finish
