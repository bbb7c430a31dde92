#!/bin/sh
# report.sh: export --format html, the report people read: written whole
# to --out or to stdout, well-formed, nothing that loads or runs, and, in
# a real browser (headless Chromium), the claims, verdicts and summary
# the ledger holds, with hostile claim text shown as text.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
check_py() { python3 "$here/report_dom.py" "$@"; }

export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
export CLAIMLEDGER_SPEAKERS="$FIX/speakers.tsv"
make_ledger || not_ok "make a ledger"

# ---- an empty ledger: a page all the same --------------------------------
succeeds "export --format html of a ledger without claims" export --format html
check "... says there is no checkpoint yet" grep -q "no signed checkpoint yet" "$T/.out"

# ---- a ledger with claims, verdicts, a correction, hostile text ---------
article=venezuela-election-2021-11-22.txt
succeeds "import an article" import "$FIX/articles/$article" \
	--source https://news.example/2021/11/22/venezuela-election
xss='<script>alert(1)</script> &amp; &lt; "quoted" it'"'"'s'
succeeds "add a claim whose text holds a script element and entities" \
	add "$xss" --speaker 'Eve <b onmouseover=alert(2)>' \
	--source 'https://news.example/x?a=1&b=2' --date 2021-11-23
xseq=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
succeeds "rate the hostile claim false, with a hostile note" rate "$xseq" --verdict false \
	--note '</li><script>alert(3)</script>' --evidence 'https://evidence.example/a?x=1&y=2'
succeeds "rate claim 3 mostly-true" rate 3 --verdict mostly-true
succeeds "rate claim 3 again: misleading is current" rate 3 --verdict misleading
succeeds "correct claim 5's speaker" correct 5 --speaker "Antony Blinken" --reason "his words"
succeeds "a checkpoint" checkpoint
succeeds "rate claim 4 after it" rate 4 --verdict true
"$BIN" list --type claim --json >claims.jsonl || not_ok "list --json"

succeeds "export --format html --out report.html" export --format html --out report.html
check "... says what it wrote" grep -q "^exported $((xseq)) claims to 'report.html'" "$T/.out"
succeeds "export --format html to stdout" export --format html
check "... the same page as --out wrote" cmp -s "$T/.out" report.html
check_py static report.html || failures=$((failures + 1))
check "the claim text is escaped in the file" \
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &amp;lt; &quot;quoted&quot; it&#39;s' report.html
check "the current verdict of claim 3 is the latest (misleading)" \
	grep -q 'id="c3" data-verdict="misleading"' report.html
check "its history holds both verdicts" sh -c \
	'sed -n "/id=\"c3\"/,/<\/article>/p" report.html | grep -c "verdict <span" | grep -qx 2'
check "the correction is in claim 5's history" sh -c \
	'sed -n "/id=\"c5\"/,/<\/article>/p" report.html | grep -q "correction: .*his words.*Antony Blinken"'
check "the sentence of the archived article is marked" grep -q '<mark>' report.html
check "the checkpoint section gives the commands that check it" sh -c \
	'grep -q "claimledger verify-export ledger.jsonl --pubkey owner.pub" report.html &&
	 grep -q "claimledger verify --checkpoint checkpoint.txt" report.html'
check "a record after the checkpoint is named as not covered" \
	grep -q "1 record appended after this checkpoint is not yet covered" report.html

# The checker catches what it is there to catch.
sed 's|</body>|<script>x()</script><img src="https://t.example/p.gif"></body>|' \
	report.html >bad.html
if check_py static bad.html >bad.out; then
	not_ok "the static check refuses a page with a script and an image"
else
	check "the static check refuses a page with a script and an image" \
		sh -c 'grep -q "^not ok - report: no <script" bad.out &&
		       grep -q "^not ok - report: no element loads" bad.out'
fi

# ---- bad input -------------------------------------------------------------
fails 2 "--raw with html" export --format html --raw
fails 2 "html of a missing ledger" export --format html --ledger "$T/none"

# ---- in a real browser ------------------------------------------------------
# Chromium as root needs --no-sandbox; the page is our own file, offline.
chrome=$(command -v chromium || command -v chromium-browser || true)
browse() {
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$T/chrome" --no-first-run "$@" 2>>chrome.err
}
if [ -z "$chrome" ]; then
	echo "ok # skip headless Chromium checks: no chromium (install the Debian package chromium)"
elif ! browse --dump-dom "file://$T/report.html" >dom.html || ! [ -s dom.html ]; then
	echo "ok # skip headless Chromium checks: chromium cannot run here: $(tail -n 1 chrome.err | cut -c1-200)"
else
	check_py dom dom.html claims.jsonl "$xss" '</li><script>alert(3)</script>' \
		'Eve <b onmouseover=alert(2)>' || failures=$((failures + 1))
	check "the rendered page has the summary and both groupings" sh -c \
		'grep -q "id=\"by-verdict\"" dom.html && grep -q "id=\"by-article\"" dom.html &&
		 grep -q "id=\"by-speaker\"" dom.html'
	browse --screenshot="$T/shot.png" --window-size=1200,1600 "file://$T/report.html" >/dev/null
	check "a screenshot of it is a PNG" sh -c \
		'[ "$(head -c 8 shot.png | od -An -c | tr -d " ")" = "211PNG\r\n032\n" ]'
	browse --print-to-pdf="$T/report.pdf" "file://$T/report.html" >/dev/null
	check "it prints (to PDF, the @media print layout)" sh -c \
		'[ "$(head -c 5 report.pdf)" = "%PDF-" ]'
fi
finish
