#!/bin/sh
# review.sh: issue 13, `review ARTICLE` driven by a scripted $EDITOR, and
# `import --jsonl --dry-run`.  The editor changes a speaker, drops a
# claim, adds two missed ones, makes two mistakes and mends each when the
# sheet comes back marked; then exactly what was signed is checked.  Also:
# no terminal and no --yes refuses; an empty sheet, every claim dropped, a
# failing editor and a sheet left wrong abort with data.mdb byte-identical;
# hostile text survives the sheet; the private directory goes every time.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
export TMPDIR="$T/tmp"
mkdir "$TMPDIR"
unset VISUAL EDITOR
succeeds "init" init --key owner.key --origin example.org/review

# The seed article, and a quote of four words the extractor leaves out
# (too short to stand alone: its cue is not right after it, as in
# "“We lost everything,” Quill said."), hard-wrapped across a line.
cp "$FIX/articles/nurses-strike-2023-10-04.txt" article.txt
printf '\n"Not one more\nshift," a defiant Helena Matos said on Wednesday night.\n' >>article.txt
"$BIN" extract article.txt --json >extracted.jsonl
n=$(wc -l <extracted.jsonl)
check "the article has 9 claims for the sheet" [ "$n" -eq 9 ]
# The words of claim N (1-based) as extract --json gives them.
text_of() { sed -n "${1}p" extracted.jsonl | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["text"])'; }

# Nothing left in the private temporary directory's parent.
tmp_clean() { [ -z "$(ls -A "$TMPDIR")" ]; }

# ---- the scripted reviewer -------------------------------------------------
# Round 1: claim 6's speaker becomes Helena Matos, claim 1 is dropped, two
# missed claims are added (one direct, its words as the sheet's reader
# would type them on one line, but first with a word wrong; one
# indirect), and claim 4's kind is mistyped.  Round 2: the kind's error is
# marked above its line: fix it.  Round 3: the wrong words' error is
# marked above their text line: fix them.
cat >editor.sh <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
r=$(cat "$dir/rounds" 2>/dev/null || echo 0); r=$((r + 1)); echo "$r" >"$dir/rounds"
cp "$1" "$dir/sheet.$r"
stat -c %a "$1" >"$dir/mode.$r"; stat -c %a "$(dirname "$1")" >"$dir/dirmode.$r"
case $r in
1) sed -i -e 's/^keep 6 indirect FNE$/keep 6 indirect Helena Matos/' \
	-e 's/^keep 1 /drop 1 /' -e 's/^keep 4 indirect /keep 4 sideways /' "$1"
   printf '\nkeep new direct Helena Matos\ntext: Not one more week\n' >>"$1"
   printf '\nkeep new indirect Alvalade patients\ntext: they had waited more than six hours to be seen\n' >>"$1" ;;
2) sed -i 's/^keep 4 sideways /keep 4 indirect /' "$1" ;;
3) sed -i 's/^text: Not one more week$/text: Not one more shift/' "$1" ;;
esac
EOF
chmod +x editor.sh

before=$(ledger_sum)
# No terminal, no --yes: refused before any editor runs.
EDITOR="$T/editor.sh" "$BIN" review article.txt --key owner.key </dev/null >"$T/.out" 2>"$T/.err"
rc=$?
check "no terminal and no --yes: refused (exit 2)" [ "$rc" -eq 2 ]
check "... with one error line" one_error_line
check "... that says why and what to do" grep -q "review: stdin is not a terminal: .*--yes" "$T/.err"
check "... no editor ran" [ ! -e rounds ]
check "... the ledger is unchanged" [ "$(ledger_sum)" = "$before" ]

# An editor command with arguments works (sh -c 'EDITOR "$@"').
EDITOR="sh $T/editor.sh" "$BIN" review article.txt --key owner.key --yes </dev/null >"$T/.out" 2>"$T/.err"
rc=$?
check "review with the scripted editor: exit 0 ($(head -c 300 "$T/.err"))" [ "$rc" -eq 0 ]
check "the sheet was opened three times" [ "$(cat rounds)" = 3 ]
check "the sheet is 0600 in a 0700 directory" \
	[ "$(cat mode.1) $(cat dirmode.1)" = "600 700" ]
check "the private directory is gone" tmp_clean
check "the sheet has the format's header comment" grep -q '^#   keep N KIND SPEAKER' sheet.1
check "one block a claim: keep N KIND SPEAKER" [ "$(grep -c '^keep [0-9]* \(direct\|indirect\) ' sheet.1)" -eq 9 ]
check "... claim 2 as the extractor gave it" grep -q '^keep 2 direct Helena Matos$' sheet.1
check "... its text on a text: line" grep -qxF "text: $(text_of 2)" sheet.1
check "... confidence and cue as a comment" grep -q '^# confidence high (cue: named)$' sheet.1
check "... the sentence around it as comments" grep -q '^# in: "We have waited four years' sheet.1
check "round 2: the error is a comment right above the line at fault" \
	sh -c 'grep -B1 "^keep 4 sideways " sheet.2 | head -1 | grep -q "^# error: .sideways. is not a kind: write direct or indirect$"'
check "... and, without a terminal, stderr stays empty" [ ! -s "$T/.err" ]
check "round 3: the wrong words are marked above their text line" \
	sh -c 'grep -B1 "^text: Not one more week$" sheet.3 | head -1 | grep -q "^# error: a direct claim.s words must be in the article as written"'
check "... the first round's mark is gone" sh -c '! grep -q "sideways" sheet.3'
check "the summary says what the reviewer did" \
	grep -qx "9 claims: 8 kept, 1 dropped, 1 speaker changed, 2 added" "$T/.out"
check "what was signed is said" grep -q "^imported 10 claims from 'article.txt': seq 1\.\.10$" "$T/.out"

# Exactly what was signed.
"$BIN" list --type claim --json >signed.jsonl
check "signed: the kept claims, the changes, the additions, nothing else" python3 - "$T" <<'EOF'
import json, sys, hashlib
T = sys.argv[1]
art = open(T + "/article.txt", "rb").read()
doc = hashlib.sha256(art).hexdigest()
ext = [json.loads(l) for l in open(T + "/extracted.jsonl")]
claims = sorted((json.loads(l)["body"] for l in open(T + "/signed.jsonl")),
                key=lambda b: b["seq"])
assert len(claims) == 10, len(claims)
got = [(c["text"], c["speaker"], c["kind"]) for c in claims]
want = []
for i, e in enumerate(ext, 1):
    if i == 1:
        continue
    want.append((e["text"], "Helena Matos" if i == 6 else e["speaker"], e["kind"]))
want.append(("Not one more shift", "Helena Matos", "direct"))
want.append(("they had waited more than six hours to be seen", "Alvalade patients", "indirect"))
assert got == want, (got, want)
for c in claims:
    assert c["document"] == doc, c
    assert c["source"] == "https://example-herald.com/health/2023/10/04/nurses-strike-talks", c
    assert "cue" not in c and "confidence" not in c, c
# The extracted claims keep their spans and sentences.
for c, e in zip(claims[:8], ext[1:]):
    assert (c["offset"], c["length"], c["context"]) == (e["offset"], e["length"], e["context"]), c
# The added direct claim points at its words in the article, across the line break.
new = claims[8]
span = art[new["offset"]:new["offset"] + new["length"]]
assert span == b"Not one more\nshift", span
assert "offset" not in claims[9], claims[9]
EOF
succeeds "verify --full passes" verify --full

# The same article again: refused before any sheet.
rm -f rounds
before=$(ledger_sum)
EDITOR="$T/editor.sh" "$BIN" review article.txt --key owner.key --yes </dev/null >"$T/.out" 2>"$T/.err"
rc=$?
check "the same article again: refused (exit 2)" [ "$rc" -eq 2 ]
check "... with one error line" one_error_line
check "... says it was imported before" grep -q "was imported before" "$T/.err"
check "... no editor ran" [ ! -e rounds ]
check "... the ledger is unchanged" [ "$(ledger_sum)" = "$before" ]

# ---- aborts: nothing signed, data.mdb byte-identical ------------------------
cp "$FIX/articles/chile-copper-strike-2024-03-14.txt" other.txt
# aborts WHAT EDITOR-SCRIPT PATTERN: review other.txt with an editor that
# runs the script on the sheet ($1); exit 2, one line matching PATTERN,
# ledger unchanged, directory gone.
aborts() {
	what=$1 script=$2 pattern=$3
	printf '#!/bin/sh\n%s\n' "$script" >ed2.sh
	chmod +x ed2.sh
	before=$(ledger_sum)
	VISUAL="$T/ed2.sh" EDITOR=false "$BIN" review other.txt --key owner.key --yes \
		</dev/null >"$T/.out" 2>"$T/.err"
	rc=$?
	if [ "$rc" -eq 2 ] && one_error_line && grep -q "$pattern" "$T/.err" &&
	   [ "$(ledger_sum)" = "$before" ] && tmp_clean; then
		ok "$what: exit 2, nothing signed"
	else
		not_ok "$what: exit $rc, stderr: $(head -c 300 "$T/.err")"
	fi
}
aborts "an empty sheet" ': >"$1"' "review: the sheet is empty: nothing signed$"
aborts "a sheet of comments only" 'sed -i "/^#/!d" "$1"' "review: the sheet is empty: nothing signed$"
aborts "every claim dropped" 'sed -i "s/^keep /drop /" "$1"' "review: every claim is dropped: nothing signed$"
aborts "every block deleted, one dropped" 'sed -i -e "/^keep [2-9]/,+1d" -e "s/^keep 1 /d 1 /" "$1"' \
	"review: every claim is dropped"
aborts "the editor fails" 'exit 1' "review: the editor '$T/ed2.sh' exited with status 1: nothing signed$"
aborts "a mistake the editor leaves as it is" \
	'[ -e "$1.done" ] || sed -i "s/^keep 1 [a-z]* /keep 1 quoted /" "$1"; : >"$1.done"' \
	"sheet line [0-9]*: 'quoted' is not a kind.*came back unchanged: nothing signed$"
aborts "a claim listed twice" 'sed -i "s/^keep 2 /keep 1 /" "$1"' "claim 1 is listed twice"
aborts "a claim number not on the sheet" 'sed -i "s/^keep 2 /keep 99 /" "$1"' \
	"'99' is not a claim number of this sheet"
aborts "a text line with no block" 'sed -i "0,/^keep 1 .*/s///" "$1"' "a text line with no keep or drop line above it"
# Hostile sheets: each script runs on the first round only, so the sheet
# comes back unchanged on the second and review gives up.
cat >junk1.sh <<'EOF'
printf 'keep new indirect Ana \377 Ruiz\ntext: words said on the day\n' >>"$1"
EOF
cat >junk2.sh <<'EOF'
printf 'keep new indirect Ana Ruiz\ntext: words \000 said\n' >>"$1"
EOF
cat >junk3.sh <<'EOF'
printf 'keep 1 direct A\\u{D800}\ntext: x\\u{110000}\n' >"$1"
EOF
cat >junk4.sh <<'EOF'
python3 -c 'import random, sys; r = random.Random(7); open(sys.argv[1], "wb").write(bytes(r.randrange(256) for _ in range(20000)))' "$1"
EOF
cat >junk5.sh <<'EOF'
printf 'keep 99999999999999999999999 direct A\ntext: x\nkeep -1 direct A\ntext: x\nkeep 0 direct A\ntext: x\n' >"$1"
head -c 200000 /dev/zero | tr '\0' a >>"$1"
EOF
junk() { echo "[ -e \"\$1.done\" ] || sh \"$T/$1\" \"\$1\"; : >\"\$1.done\""; }
aborts "a speaker that is not UTF-8" "$(junk junk1.sh)" "speaker: not UTF-8 text"
aborts "a NUL in a text" "$(junk junk2.sh)" "text: not UTF-8 text"
aborts "escapes of no character" "$(junk junk3.sh)" "speaker: a backslash that starts no escape"
aborts "20000 bytes of junk" "$(junk junk4.sh)" "nothing signed$"
aborts "numbers out of range, a 200 kB line" "$(junk junk5.sh)" \
	"'99999999999999999999999' is not a claim number"
aborts "a bad escape" 'sed -i "s/^text: \(.*\)/text: \1 \\\\q/" "$1"' "a backslash that starts no escape"

# Killed while the sheet is open: the private directory goes with it.
cat >ed4.sh <<'EOF2'
#!/bin/sh
echo $$ >"$(dirname "$0")/ed4.pid"
sleep 30
EOF2
chmod +x ed4.sh
before=$(ledger_sum)
EDITOR="exec $T/ed4.sh" "$BIN" review other.txt --key owner.key --yes </dev/null >"$T/.out" 2>"$T/.err" &
pid=$!
i=0
while [ ! -s ed4.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the editor is open on a sheet" [ -n "$(ls -A "$TMPDIR")" ]
kill -TERM "$pid"
wait "$pid"
rc=$?
kill "$(cat ed4.pid)" 2>/dev/null
check "review killed (SIGTERM) while editing: killed by it ($rc)" [ "$rc" -eq 143 ]
check "... the private directory is gone" tmp_clean
check "... the ledger is unchanged" [ "$(ledger_sum)" = "$before" ]

# ---- hostile text: escaped in the sheet, byte for byte when signed ------------
# A quote with backslashes and a bidi override, and one with an escape
# sequence (a control character the store refuses: its error comes back
# at its line, and the reviewer drops it).
printf 'url https://news.example/hostile\ndate 2024-01-02\n\n"We paid C:\\new\\taxes and \342\200\256 more than anyone else did," said Ana Ruiz.\n\n"The \033[31m ledger is red and we know it," said Bo Li.\n' >hostile.txt
cat >ed3.sh <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
r=$(cat "$dir/rounds3" 2>/dev/null || echo 0); r=$((r + 1)); echo "$r" >"$dir/rounds3"
cp "$1" "$dir/hsheet.$r"
case $r in
1) printf '\nkeep new indirect Ana\\u{202E}Ruiz\\\\\ntext: line one\\nline two\n' >>"$1" ;;
2) sed -i 's/^keep 2 /drop 2 /' "$1" ;;
esac
EOF
chmod +x ed3.sh
EDITOR="$T/ed3.sh" "$BIN" review hostile.txt --key owner.key --yes </dev/null >"$T/.out" 2>"$T/.err"
rc=$?
check "hostile article reviewed: exit 0 ($(head -c 300 "$T/.err"))" [ "$rc" -eq 0 ]
check "the sheet holds no raw control or bidi character" \
	python3 -c 'import sys; s=open(sys.argv[1],encoding="utf-8").read(); sys.exit(any(c in s for c in "\x1b\u202e\r"))' hsheet.1
check "... backslashes doubled, the override escaped" \
	grep -qF 'text: We paid C:\\new\\taxes and \u{202E} more than anyone else did' hsheet.1
check "... the escape character escaped" grep -qF 'text: The \u{001B}[31m ledger' hsheet.1
check "the store's refusal came back at the claim's line" \
	sh -c 'grep -B1 "^keep 2 direct Bo Li$" hsheet.2 | head -1 | grep -q "^# error: .*control character"'
check "the escapes were undone when signing" python3 - "$T" <<'EOF'
import json, subprocess, sys, os
T = sys.argv[1]
out = subprocess.run([os.environ["CLAIMLEDGER_BIN"], "list", "--type", "claim", "--json"],
                     capture_output=True, check=True, text=True).stdout
bodies = {json.loads(l)["body"]["speaker"]: json.loads(l)["body"] for l in out.splitlines()}
assert bodies["Ana Ruiz"]["text"] == "We paid C:\\new\\taxes and \u202e more than anyone else did", bodies["Ana Ruiz"]
assert bodies["Ana\u202eRuiz\\"]["text"] == "line one\nline two", bodies
assert "Bo Li" not in bodies
EOF
check "the private directory is gone" tmp_clean

# ---- import --jsonl --dry-run -----------------------------------------------
cp "$FIX/articles/ashford-mills-pool-vote-heldout3-2024-10-09.txt" dengue.txt
"$BIN" extract dengue.txt --json >dengue.jsonl
nd=$(wc -l <dengue.jsonl)
before=$(ledger_sum)
succeeds "import --jsonl --dry-run" import --jsonl dengue.jsonl --article dengue.txt --key owner.key --dry-run
check "... says what it would append" grep -q "^would append $nd claims: seq [0-9]*\.\.[0-9]*$" "$T/.out"
check "... and wrote nothing" [ "$(ledger_sum)" = "$before" ]
succeeds "... the article is still not archived: a real import takes it" \
	import --jsonl dengue.jsonl --article dengue.txt --key owner.key --dry-run
python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
for i, l in enumerate(lines):
    o = json.loads(l)
    if o["kind"] == "direct":
        o["text"] = "Words nobody said at all"
        lines[i] = json.dumps(o)
        break
open(sys.argv[2], "w").write("\n".join(lines) + "\n")' dengue.jsonl forged.jsonl
fails 2 "--dry-run of an edited direct quote: refused" \
	import --jsonl forged.jsonl --article dengue.txt --key owner.key --dry-run
check "... naming the line and the span check" grep -q "forged.jsonl line [0-9]*: direct quote does not match the article" "$T/.err"
check "... and wrote nothing" [ "$(ledger_sum)" = "$before" ]
fails 2 "--dry-run with an ARTICLE: a usage error" import dengue.txt --key owner.key --dry-run
succeeds "the real import of what the dry run passed" import --jsonl dengue.jsonl --article dengue.txt --key owner.key
check "... appends exactly that" grep -q "^imported $nd claims: seq" "$T/.out"

finish
