#!/bin/sh
# verdictfix.sh: issue 13, a correction of a verdict.  `correct ID
# --verdict V [--note T] --reason R` on a verdict record changes what
# list, show and the CSV and ClaimReview exports show for it (rating,
# note), while the jsonl export keeps the raw records; verify passes; a
# correction of a verdict that is malformed (a rating off the scale, a
# claim as target) is refused with the ledger unchanged, and one made
# behind the CLI fails verify-export and the reference verifier.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
ROOT=$(dirname "$FIX")
PY=/usr/bin/python3 # the one with Debian's python3-nacl
succeeds "init with a newsroom" init --key owner.key --origin example.org/vfix \
	--newsroom "Example Fact Check" --newsroom-url https://factcheck.example/checks
"$BIN" add "Unemployment fell by half." --speaker "Helena Matos" \
	--source https://news.example/a --date 2024-05-01 --key owner.key >/dev/null  # seq 2
succeeds "rate claim 2 false" rate 2 --verdict false --note "The figures say 5%." \
	--key owner.key                                                           # seq 3
before=$(ledger_sum)
fails 2 "a rating off the scale is refused" correct 3 --verdict wrong --reason r --key owner.key
check "with the ledger unchanged" [ "$(ledger_sum)" = "$before" ]
check "the message lists the scale" grep -q 'mostly-true' "$T/.err"
fails 2 "--verdict on a claim is refused" correct 2 --verdict true --reason r --key owner.key
check "with the ledger unchanged" [ "$(ledger_sum)" = "$before" ]
fails 2 "--verdict with --text is refused" correct 3 --verdict true --text x --reason r --key owner.key
fails 2 "--verdict without --reason is refused" correct 3 --verdict true --key owner.key
check "with the ledger unchanged" [ "$(ledger_sum)" = "$before" ]

succeeds "correct the verdict: mostly-true, with a new note" correct 3 --verdict mostly-true \
	--note "The figures say 48%." --reason "misread the table" --key owner.key  # seq 4
check "correct says what it changed: the verdict by seq, rating and note" \
	sh -c 'sed -n 2p "$0" | grep -qx "correction 4 of verdict 3" &&
	       sed -n 3p "$0" | grep -q "^  rating: .* -> mostly-true$" &&
	       sed -n 4p "$0" | grep -q "^  note: .* -> The figures say 48%.$"' "$T/.out"
succeeds "list --json" list --type claim --json
check "list --json: the current verdict is the corrected one" \
	python3 -c 'import json,sys; c=json.loads(open(sys.argv[1]).readline())["current"]
assert c["verdict"]=="mostly-true" and c["rating_value"]==4, c
assert c["verdict_note"]=="The figures say 48%.", c' "$T/.out"
succeeds "list (table)" list --type claim
check "list: the VERDICT column says mostly-true" grep -q 'mostly-true' "$T/.out"
succeeds "list --type verdict" list --type verdict
check "list: the verdict's own row reads mostly-true (its VERDICT column)" \
	grep -q '^ *3 .*\[verdict\] *mostly-true ' "$T/.out"
succeeds "list --verdict mostly-true finds it" list --verdict mostly-true --json
check "one line" [ "$(wc -l <"$T/.out")" -eq 1 ]
run list --verdict false --json
check "list --verdict false no longer does" [ ! -s "$T/.out" ]
succeeds "show the claim" show 2
check "show: the verdict line is the corrected one" grep -q '^verdict: Mostly true (4 of 5)' "$T/.out"
check "show: the history has the verdict's correction, rating from -> to" \
	grep -q 'rating: false -> mostly-true' "$T/.out"
check "show: and the note" grep -q 'note: The figures say 5%. -> The figures say 48%.' "$T/.out"
succeeds "show the verdict record" show 3
check "show of the verdict: its correction with the new rating" grep -q 'rating: mostly-true' "$T/.out"
succeeds "export csv" export --format csv --out out.csv
check "csv: verdict column mostly-true, rating_value 4" \
	python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], newline="")))
assert r[0]["verdict"]=="mostly-true" and r[0]["rating_value"]=="4", r' out.csv
succeeds "export claimreview" export --format claimreview --out cr.json
check "claimreview: reviewRating is the corrected one" \
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]["reviewRating"]
assert r["ratingValue"]==4 and r["alternateName"]=="Mostly true", r' cr.json
succeeds "export jsonl" export --format jsonl --key owner.key --out raw.jsonl
check "jsonl: the verdict record is raw (false) and the correction a record of its own" \
	python3 -c 'import json,sys; L=[json.loads(l) for l in open(sys.argv[1])]
assert L[4]["body"]["rating"]=="false", L[4]
assert L[5]["body"]["type"]=="correction" and L[5]["body"]["rating"]=="mostly-true", L[5]' raw.jsonl
succeeds "verify-export accepts it" verify-export raw.jsonl --pubkey "$FIX/vectors/owner.key.pub"
check "so does the reference verifier" sh -c "$PY '$ROOT/scripts/verify-export.py' raw.jsonl '$FIX/vectors/owner.key.pub' >/dev/null"

succeeds "a second correction: only the note" correct 3 --note "See table 2." --reason "source" --key owner.key
succeeds "show the claim" show 2 --json
check "the rating stays, the note is the latest" \
	python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["current"]
assert c["verdict"]=="mostly-true" and c["verdict_note"]=="See table 2.", c' "$T/.out"
succeeds "a new verdict replaces the corrected one" rate 2 --verdict mixed --key owner.key
succeeds "list --json" list --type claim --json
check "current verdict mixed, no note" \
	python3 -c 'import json,sys; c=json.loads(open(sys.argv[1]).readline())["current"]
assert c["verdict"]=="mixed" and "verdict_note" not in c and "verdict_corrected_by" not in c, c' "$T/.out"
succeeds "verify --full" verify --full

# Behind the CLI: an export holding a correction whose `rating` targets a
# claim, or whose rating is off the scale, signed by the owner: both
# verifiers refuse it at that record (the chain rules are shared with
# append and verify: record_test checks the C rules directly).
forge() { # OUT TARGET_SEQ RATING
	$PY - raw.jsonl "$@" <<'PY'
import json, sys, base64, hashlib
from nacl.signing import SigningKey
sk = SigningKey(bytes(range(32)))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
recs = [json.loads(l) for l in lines[1:-1]]
def canon(o): return json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
body = {"v": 1, "seq": len(recs), "type": "correction", "time": "2021-11-23T00:00:00Z",
        "prev": recs[-1]["id"], "signer": recs[0]["body"]["signer"],
        "target": recs[int(sys.argv[3])]["id"], "reason": "x", "rating": sys.argv[4]}
b = canon(body).encode()
sig = base64.b64encode(sk.sign(b"claimledger/record/v1\n" + b).signature).decode()
hdr = json.loads(lines[0]); hdr["size"] = len(recs) + 1
out = [canon(hdr)] + lines[1:-1] + [canon({"body": body, "id": hashlib.sha256(b).hexdigest(), "sig": sig})] + [lines[-1]]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
}
forge oncl.jsonl 2 true
fails 1 "verify-export refuses a rating correction that targets a claim" \
	verify-export oncl.jsonl --pubkey "$FIX/vectors/owner.key.pub"
check "naming the rule" grep -q 'needs a verdict as target' "$T/.err"
check "the reference verifier refuses it too" sh -c \
	"! $PY '$ROOT/scripts/verify-export.py' oncl.jsonl '$FIX/vectors/owner.key.pub' >/dev/null 2>&1"
forge offscale.jsonl 3 wrong
fails 1 "verify-export refuses a verdict correction off the scale" \
	verify-export offscale.jsonl --pubkey "$FIX/vectors/owner.key.pub"
check "the reference verifier refuses it too" sh -c \
	"! $PY '$ROOT/scripts/verify-export.py' offscale.jsonl '$FIX/vectors/owner.key.pub' >/dev/null 2>&1"
forge good.jsonl 3 true
fails 1 "the same forgery on the verdict fails only at the checkpoint" \
	verify-export good.jsonl --pubkey "$FIX/vectors/owner.key.pub"
check "(not at the record)" sh -c "! grep -q 'target' '$T/.err'"
finish
