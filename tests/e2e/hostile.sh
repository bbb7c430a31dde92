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

finish
