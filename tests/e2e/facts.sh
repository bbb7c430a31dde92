#!/bin/sh
# facts.sh: verdicts, corrections, the current view, list/show, and the
# CSV and ClaimReview exports against golden files (fixtures/facts/).
#
# Deterministic: the committed owner key (Ed25519 is deterministic), the
# fixed CLAIMLEDGER_TIME of lib.inc and a fixed origin, so every id and
# every byte of the exports is the same on every run.  To rebuild the
# golden files after an intended change: FACTS_REGEN=1 tests/run.sh build
# (then review the diff).
. "$(dirname "$0")/lib.inc"

seed="$FIX/seed-claims.jsonl"
gold="$FIX/facts"
cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"

succeeds "init with --newsroom" init --key owner.key --origin example.org/facts \
	--newsroom "Example Fact Check" --newsroom-url "https://factcheck.example/checks"
check "init appends the config record at seq 1" grep -q '^seq 1 id [0-9a-f]\{64\} (config)$' "$T/.out"
succeeds "import the seed claims" import --jsonl "$seed" --key owner.key
succeeds "add a claim with quotes, commas, a newline and non-ASCII" \
	add "He said \"no, never\", then left.
Très bien — 100% sûr" --speaker "Jane Doe" --source "https://news.example/a?b=1,2" \
	--date 2021-11-20 --key owner.key
odd=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")

succeeds "rate a claim false" rate 2 --verdict false --note "The count says otherwise." \
	--evidence https://evidence.example/1 --evidence https://evidence.example/2 --key owner.key
check "rate prints seq and id" grep -q '^seq [0-9]* id [0-9a-f]\{64\}$' "$T/.out"
succeeds "rate a second claim mostly-true" rate 3 --verdict mostly-true --key owner.key
succeeds "rate the odd claim misleading" rate "$odd" --verdict misleading \
	--note "Quoted out of context, \"really\"." --key owner.key
succeeds "rate the first claim again (the latest wins)" rate 2 --verdict false \
	--note "Confirmed by the final count." --key owner.key
succeeds "correct a speaker" correct 3 --reason "Said by the Secretary himself" \
	--speaker "Antony Blinken" --key owner.key
succeeds "correct the same claim's date" correct 3 --reason "Date of the statement" \
	--date 2021-11-21 --key owner.key

# Refusals: exit 2, the ledger unchanged.
before=$(ledger_sum)
verdict_seq=$(grep -o '"seq":[0-9]*' /dev/null; "$BIN" list --type verdict --limit 1 --json | sed 's/.*"body":{[^}]*"seq":\([0-9]*\),.*/\1/')
fails 2 "a verdict on a non-claim" rate "$verdict_seq" --verdict true --key owner.key
check "... names what the record is" grep -q 'is a verdict, not a claim' "$T/.err"
fails 2 "a verdict on an unknown id" rate ffffffffffff --verdict true --key owner.key
fails 2 "a verdict with an unknown rating" rate 2 --verdict pants-on-fire --key owner.key
check "... lists the scale" grep -q 'true, mostly-true, mixed, mostly-false, false, misleading, unproven' "$T/.err"
fails 2 "corrected values on a verdict" correct "$verdict_seq" --reason r --speaker X --key owner.key
fails 2 "a correction without --reason" correct 2 --speaker X --key owner.key
fails 2 "a correction with a bad date" correct 2 --reason r --date 2021-02-30 --key owner.key
check "the refusals left the ledger unchanged" [ "$(ledger_sum)" = "$before" ]

# Golden files (byte for byte).
golden() { # golden NAME: $T/.out against $gold/NAME
	if [ -n "${FACTS_REGEN:-}" ]; then cp "$T/.out" "$gold/$1"; fi
	if cmp -s "$T/.out" "$gold/$1"; then ok "$1 matches the golden file"
	else not_ok "$1 differs from the golden file: $(diff "$gold/$1" "$T/.out" | head -5)"; fi
}
succeeds "show the corrected claim" show 3
golden show-3.txt
check "show gives the current speaker" grep -q '^speaker: Antony Blinken$' "$T/.out"
check "show gives the recorded one" grep -q '^  recorded: US State Department$' "$T/.out"
check "show points at the correcting record by seq and day" grep -q '^corrected: seq 22, 2021-11-23$' "$T/.out"
check "show lists the history" grep -q 'speaker: US State Department -> Antony Blinken' "$T/.out"
check "show fits 80 columns" sh -c '
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le 80 ] || exit 1
	done <"$1"' sh "$T/.out"
succeeds "show --json" show 2 --json
golden show-2.jsonl
check "show --json keeps the export shape" grep -q '^{"id":"[0-9a-f]\{64\}","body":{.*},"sig":"[A-Za-z0-9+/]\{86\}=="}$' "$T/.out"
if command -v python3 >/dev/null 2>&1; then
	check "show --json: current verdict and history beside body" python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert "current" not in r["body"]
assert r["current"]["verdict"] == "false"
assert [h["rating"] for h in r["history"]] == ["false", "false"]
assert r["history"][1]["note"] == "Confirmed by the final count."
assert r["current"]["verdict_id"] == r["history"][1]["id"]' "$T/.out"
fi

succeeds "list --speaker (the corrected speaker)" list --speaker "antony blinken"
golden list-speaker.txt
check "the corrected claim is found by its new speaker" grep -q '^ *3\* ' "$T/.out"
succeeds "list --speaker (the recorded speaker)" list --speaker "US State Department" --json
check "... no longer gives the corrected claim" sh -c '! grep -q "\"seq\":3," "$1"' sh "$T/.out"
head -n 2 "$T/.out" > "$T/first2"
check "... (more than two claims, for the --limit check)" [ "$(out | wc -l)" -gt 2 ]
succeeds "list --speaker with --limit 2" list --speaker "US State Department" --json --limit 2
check "... gives the first two of the whole list" cmp -s "$T/.out" "$T/first2"
# Claim 3 is found through its correction, after newer claims found by
# the index: a limit that ends at it must still merge it in order.
succeeds "list --speaker (the corrected speaker) --json" list --speaker "antony blinken" --json
k=$(grep -n '"seq":3,' "$T/.out" | cut -d: -f1)
head -n "${k:-0}" "$T/.out" > "$T/firstk"
check "... has claim 3 after newer ones" [ "${k:-0}" -gt 1 ]
succeeds "list --speaker with --limit ending at the corrected claim" \
	list --speaker "antony blinken" --limit "${k:-1}" --json
check "... gives the first ones of the whole list" cmp -s "$T/.out" "$T/firstk"
succeeds "list --verdict false" list --verdict false
golden list-verdict-false.txt
check "list --verdict false gives the one claim rated false" [ "$(out | grep -c '  false  ')" -eq 1 ]
succeeds "list --verdict mostly-true --json" list --verdict mostly-true --json
check "... gives claim 3 with its corrected view" grep -q '"current":{"text":"[^"]*","speaker":"Antony Blinken","source":"[^"]*","date":"2021-11-21","kind":"indirect","corrected":true' "$T/.out"
succeeds "list --since (a corrected date)" list --since 2021-11-21 --until 2021-11-21 --json
check "... finds the claim by its corrected date" [ "$(out | wc -l)" -eq 1 ]
succeeds "list is newest first" list --json --limit 2
first=$(head -n 1 "$T/.out" | sed 's/.*"body":{[^}]*"seq":\([0-9]*\),.*/\1/')
check "... the first line is the last record" [ "$first" -eq "$(( $(grep -c . "$seed") + 8 ))" ]
succeeds "list" list
check "list rows fit 80 columns" sh -c '
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le 80 ] || exit 1
	done <"$1"' sh "$T/.out"
if command -v script >/dev/null 2>&1; then
	# On a terminal the table takes its width (here 130 columns).
	# (NO_COLOR: the width check counts characters, not escapes)
	script -qc "stty cols 130; NO_COLOR=1 '$BIN' list" /dev/null | tr -d '\r' >"$T/tty.out"
	check "on a 130-column terminal list rows are wider than 80, none over 130" sh -c '
		wide=0
		while IFS= read -r line; do
			n=$(printf %s "$line" | wc -m)
			[ "$n" -le 130 ] || exit 1
			[ "$n" -le 80 ] || wide=1
		done <"$1"
		[ "$wide" -eq 1 ]' sh "$T/tty.out"
fi
fails 2 "list --verdict with an unknown rating" list --verdict maybe

succeeds "export --format csv" export --format csv
golden claims.csv
check "csv lines end with CRLF" [ "$(grep -c "$(printf '\r')\$" "$T/.out")" -ge "$(grep -c . "$seed")" ]
succeeds "export --format csv --out" export --format csv --out "$T/claims.csv"
check "csv --out writes the same bytes" cmp -s "$T/claims.csv" "$gold/claims.csv"
if command -v python3 >/dev/null 2>&1; then
	"$BIN" list --type claim --json >"$T/claims.jsonl"
	check "the CSV parsed back gives the same texts byte for byte" python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
cur = {}
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    cur[str(r["body"]["seq"])] = r["current"]
assert len(rows) == len(cur), (len(rows), len(cur))
odd = 0
for row in rows:
    c = cur[row["seq"]]
    for m in ("text", "speaker", "source", "date"):
        assert row[m] == c[m], (row["seq"], m, row[m], c[m])
    odd += "\n" in row["text"] and "\"" in row["text"] and "," in row["text"] and "è" in row["text"]
assert odd == 1
assert rows[1]["speaker"] == "Antony Blinken" and rows[1]["corrected"] != "no"' "$T/claims.csv" "$T/claims.jsonl"
fi

succeeds "export --format claimreview" export --format claimreview
golden claimreview.json
if command -v python3 >/dev/null 2>&1; then
	check "ClaimReview has Google's required members" python3 -c '
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))
assert len(a) == 3
for o in a:
    assert o["@context"] == "https://schema.org" and o["@type"] == "ClaimReview"
    assert o["claimReviewed"] and o["url"].startswith("https://factcheck.example/checks#claim-")
    rr = o["reviewRating"]
    assert rr["@type"] == "Rating" and rr["alternateName"]
    # the numbers only on the numeric scale (misleading and unproven: none)
    numeric = "ratingValue" in rr
    assert numeric == ("bestRating" in rr) == ("worstRating" in rr), rr
    assert not numeric or (rr["bestRating"] == 5 and rr["worstRating"] == 1)
    it = o["itemReviewed"]
    assert it["@type"] == "Claim" and it["author"]["name"] and it["datePublished"] and it["appearance"]["url"]
    assert o["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example/checks"}
    assert o["datePublished"] == "2021-11-23"
assert a[0]["reviewRating"]["ratingValue"] == 1
assert "ratingValue" not in a[2]["reviewRating"]' "$T/.out"
fi

succeeds "verify still passes" verify

# config: change the newsroom later; without one, claimreview is refused.
succeeds "config --url" config --url https://factcheck.example/new --key owner.key
succeeds "config shows the latest values" config
check "... name kept, url replaced" [ "$(out)" = "newsroom: Example Fact Check
url: https://factcheck.example/new" ]
"$BIN" keygen --name ed --out ed.key >/dev/null
"$BIN" editor add ed ed.key.pub --key owner.key >/dev/null
before=$(ledger_sum)
fails 2 "config signed by an editor" config --newsroom X --key ed.key
check "... left the ledger unchanged" [ "$(ledger_sum)" = "$before" ]
"$BIN" init --ledger "$T/led2" --key owner.key --origin example.org/facts2 >/dev/null
fails 2 "claimreview without a newsroom" export --ledger "$T/led2" --format claimreview
check "... names config and init --newsroom" grep -q "config --newsroom.*init with --newsroom" "$T/.err"
succeeds "verify after config" verify

# The same work on claims extracted from the seed article itself (not
# golden: extraction improves over time), end to end.
art="$FIX/articles/venezuela-election-2021-11-22.txt"
L3="--ledger $T/led3"
"$BIN" init $L3 --key owner.key --origin example.org/facts3 --newsroom "Example Fact Check" \
	--newsroom-url https://factcheck.example/checks >/dev/null
succeeds "import the seed article" import $L3 "$art" --source https://news.example/venezuela --key owner.key
first=$(sed -n 's/.*seq \([0-9]*\)\.\.\([0-9]*\)$/\1/p' "$T/.out")
for n in 0 1 2; do
	succeeds "rate extracted claim $((first + n)) false" rate $L3 $((first + n)) --verdict false --key owner.key
done
succeeds "correct an extracted claim's speaker" correct $L3 $((first + 3)) --reason "misattributed" \
	--speaker "Antony Blinken" --key owner.key
succeeds "show the corrected claim" show $L3 $((first + 3))
check "... shows the corrected speaker" grep -q "^speaker: Antony Blinken" "$T/.out"
succeeds "list --speaker finds it by its corrected speaker" list $L3 --speaker "antony blinken" --json
check "... among the claims listed" grep -q "\"seq\":$((first + 3))," "$T/.out"
succeeds "list --verdict false" list $L3 --verdict false --json
check "... lists the three rated claims" [ "$(wc -l <"$T/.out")" -eq 3 ]
succeeds "csv export of the extracted claims" export $L3 --format csv
check "... parses back with one row per claim" python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 1 + int(sys.argv[2]), len(rows)' "$T/.out" \
	"$("$BIN" list $L3 --type claim --json | wc -l)"
succeeds "claimreview export of the extracted claims" export $L3 --format claimreview
check "... holds the three reviews" python3 -c '
import json, sys
assert len(json.load(open(sys.argv[1]))) == 3' "$T/.out"
succeeds "verify after the fact-checks on extracted claims" verify $L3 --full
finish
