#!/bin/sh
# exportdocs.sh: issue 14, the self-contained audit export.  export
# --format jsonl carries the archived articles its claims cite; both
# verifiers (verify-export and scripts/verify-export.py) re-check every
# direct quote and corrected view against its article, and refuse each
# tampered copy that exportdocs.py writes (a changed article byte, swapped
# documents, a span moved, re-signed or not, a document left out), naming
# the line and the claim; an export without documents still verifies and
# says the quotes were not checked.  Then `article` reads an archived
# article back and `show` points at it.
. "$(dirname "$0")/lib.inc"

ROOT=$(cd "$FIX/.." && pwd)
PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! "$PY" -c 'import nacl.signing' 2>/dev/null; then
	not_ok "python3 with PyNaCl (Debian python3-nacl) is needed"
	finish
fi
VPY="$ROOT/scripts/verify-export.py"
cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
cp "$FIX/vectors/owner.key.pub" owner.key.pub
export CLAIMLEDGER_DIR="$T/led"
cp "$FIX/e2e/camps.txt" camps.txt # a short article: a direct quote, an indirect claim by a body
said="Not a single federal truck has reached these camps"
asked="We have asked for water, for tents and for doctors, and we have received nothing."
art2="$FIX/articles/chile-copper-strike-2024-03-14.txt"

succeeds "init" init --key owner.key --origin example.org/exportdocs
succeeds "import an article" import camps.txt --key owner.key
succeeds "import another" import "$art2" --key owner.key
seq_of() {
	"$BIN" list --type claim --json | $PY -c '
import json, sys
for line in sys.stdin:
    b = json.loads(line)["body"]
    if b.get("kind") == "direct" and b["text"] == sys.argv[1]:
        print(b["seq"])' "$1"
}
off_of() {
	$PY -c 'import sys; print(open("camps.txt","rb").read().index(sys.argv[1].encode()))' "$1"
}
a=$(seq_of "$asked")
check "the second quote is a direct claim ($a)" [ -n "$a" ]
succeeds "a correction gives it other words and their span" \
	correct "$a" --text "$said" --offset "$(off_of "$said")" --length ${#said} \
	--reason "the words were the first sentence" --key owner.key
directs=$("$BIN" list --type claim --json | grep -c '"kind":"direct"')
quotes=$((directs + 1))
doc1=$(sha256sum camps.txt | cut -d' ' -f1)
doc2=$(sha256sum "$art2" | cut -d' ' -f1)

# ---- the export and both verifiers ----------------------------------------
succeeds "export --format jsonl (articles by default)" export --format jsonl --key owner.key --out e.jsonl
check "it has a documents line announcing 2" grep -qx '{"documents":2}' e.jsonl
check "the records come first, then the documents line (line $((2 + $(grep -c '^{"body"' e.jsonl))))" \
	[ "$(grep -n '^{"documents"' e.jsonl | cut -d: -f1)" -eq "$((2 + $(grep -c '^{"body"' e.jsonl)))" ]
check "each article once, first cited first, by its SHA-256" \
	[ "$(grep '^{"bytes"' e.jsonl | sed 's/.*"document":"\([0-9a-f]*\)".*/\1/' | tr '\n' ' ')" = "$doc1 $doc2 " ]
check "a document line decodes to the article's bytes" sh -c \
	"grep '^{\"bytes\".*\"document\":\"$doc1\"' e.jsonl | $PY -c 'import base64,json,sys; sys.stdout.buffer.write(base64.b64decode(json.loads(sys.stdin.read())[\"bytes\"]))' | cmp -s - camps.txt"
check "the checkpoint is still the last line" sh -c 'tail -n 1 e.jsonl | grep -q "^{\"checkpoint\""'
succeeds "verify-export accepts it" verify-export e.jsonl --pubkey owner.key.pub
check "... and says it checked $quotes quotes against 2 documents" \
	grep -qx "checked $quotes quotes against 2 documents" "$T/.out"
check "... after the line it always printed" sed -n 1p "$T/.out" | grep -q '^verified export: '
py_out=$($PY "$VPY" e.jsonl owner.key.pub 2>&1)
check "verify-export.py accepts it with the same two lines" [ "$py_out" = "$(cat "$T/.out")" ]

succeeds "export --no-documents" export --format jsonl --no-documents --out n.jsonl
check "it is the same export without the documents lines" sh -c \
	'grep -v -e "^{\"documents\"" -e "^{\"bytes\"" e.jsonl | cmp -s - n.jsonl'
succeeds "verify-export accepts it" verify-export n.jsonl --pubkey owner.key.pub
check "... and says the quotes were not checked" \
	grep -qx 'quotes not checked: the export carries no documents' "$T/.out"
py_out=$($PY "$VPY" n.jsonl owner.key.pub 2>&1)
check "verify-export.py says the same" [ "$py_out" = "$(cat "$T/.out")" ]
succeeds "an old export (the known-good vector) still verifies" \
	verify-export "$FIX/export/known-good.jsonl" --pubkey owner.key.pub
check "... quotes not checked" grep -qx 'quotes not checked: the export carries no documents' "$T/.out"
fails 2 "--no-documents with --format csv is a usage error" export --format csv --no-documents

# ---- every quote of the fixture articles: the C rule and the Python port ----
"$BIN" init --key owner.key --origin example.org/all --ledger all >/dev/null ||
	not_ok "init a second ledger"
n=0
for f in "$FIX"/articles/*.txt; do
	"$BIN" import "$f" --key owner.key --ledger all >/dev/null 2>&1 && n=$((n + 1))
done
succeeds "export $n fixture articles' claims with their articles" \
	export --ledger all --key owner.key --out all.jsonl
run verify-export all.jsonl --pubkey owner.key.pub
q=$(sed -n 's/^checked \([0-9]*\) quotes against .*/\1/p' "$T/.out")
check "verify-export checks all their direct quotes ($q)" [ "${q:-0}" -gt 50 ]
py_out=$($PY "$VPY" all.jsonl owner.key.pub 2>&1)
check "verify-export.py, with its own port of the quote text rule, agrees" \
	[ "$py_out" = "$(cat "$T/.out")" ]

# ---- the test vector (SPEC.md) ---------------------------------------------
V="$FIX/vectors/export-documents"
if sh "$V.sh" "$BIN" vector.jsonl >/dev/null 2>"$T/.err"; then
	check "the CLI reproduces fixtures/vectors/export-documents.jsonl byte for byte" \
		cmp -s vector.jsonl "$V.jsonl"
else
	not_ok "export-documents.sh: $(cat "$T/.err")"
fi
succeeds "verify-export accepts the vector" verify-export "$V.jsonl" --pubkey owner.key.pub
check "... printing export-documents.expected" cmp -s "$T/.out" "$V.expected"
check "verify-export.py prints the same" sh -c "$PY '$VPY' '$V.jsonl' owner.key.pub | cmp -s - '$V.expected'"

# ---- tampered copies --------------------------------------------------------
if ! $PY "$ROOT/tests/e2e/exportdocs.py" e.jsonl owner.key cases >cases.tsv 2>gen.err; then
	not_ok "exportdocs.py: $(tail -c 400 gen.err)"
	
	finish
fi
# both NAME REGEX: both verifiers refuse cases/NAME.jsonl with exit 1, the C
# message matching REGEX, the Python one naming the same line.
both() {
	f="cases/$1.jsonl"
	run verify-export "$f" --pubkey owner.key.pub
	c_rc=$rc
	c_err=$(cat "$T/.err")
	p_err=$($PY "$VPY" "$f" owner.key.pub 2>&1 >/dev/null)
	p_rc=$?
	desc=$(grep "^$1	" cases.tsv | cut -f2)
	check "$desc: verify-export refuses it (exit $c_rc): $c_err" \
		sh -c '[ "$1" -eq 1 ] && printf "%s\n" "$2" | grep -Eq "$3"' - "$c_rc" "$c_err" "$2"
	c_line=$(printf '%s\n' "$c_err" | sed -n "s/.* line \([0-9]*\): .*/\1/p")
	p_line=$(printf '%s\n' "$p_err" | sed -n "s/^verify-export.py: line \([0-9]*\): .*/\1/p")
	check "$desc: verify-export.py refuses it at the same line (exit $p_rc): $p_err" \
		[ "$p_rc" -eq 1 -a -n "$p_line" -a "$p_line" = "$c_line" ]
}
both byte "line [0-9]+: the document's bytes do not hash to its id$"
both byte-rehashed "line [0-9]+: document [0-9a-f]{16}\.\.\. is cited by no claim$"
both swap "line [0-9]+: the document's bytes do not hash to its id$"
both span "line [0-9]+: id is not the SHA-256 of the body$"
both span-resigned "line [0-9]+: claim [0-9]+: text is not bytes [0-9]+\.\.[0-9]+ of its document \(line [0-9]+\)$"
both correction-resigned "line [0-9]+: correction [0-9]+ of claim $a: corrected text is not bytes [0-9]+\.\.[0-9]+ of its document \(line [0-9]+\)$"
both missing "line [0-9]+: the documents line announces 2 documents, the export carries 1$"
both missing-recounted "line [0-9]+: claim [0-9]+: its document [0-9a-f]{16}\.\.\. is not in the export$"
# The re-signed span names the claim's own line: seq + 2.
s=$(sed -n 's/.*claim \([0-9]*\)'"'"'s offset moved, re-signed.*/\1/p' cases.tsv)
run verify-export cases/span-resigned.jsonl --pubkey owner.key.pub
check "the moved span is reported at its claim's line ($((s + 2)))" \
	grep -q "line $((s + 2)): claim $s: text is not bytes" "$T/.err"
# Leaving every article out is not forgery: the export is an old-style one,
# and both verifiers say its quotes were not checked.
succeeds "every document left out: verify-export accepts what is left" \
	verify-export cases/stripped.jsonl --pubkey owner.key.pub
check "... and says the quotes were not checked" \
	grep -qx 'quotes not checked: the export carries no documents' "$T/.out"
check "verify-export.py says the same" sh -c \
	"$PY '$VPY' cases/stripped.jsonl owner.key.pub | grep -qx 'quotes not checked: the export carries no documents'"

# ---- both verifiers agree on about 300 random edits (fixed seed) ------------
if $PY "$ROOT/tests/e2e/exportdocs.py" e.jsonl owner.key random --random owner.key.pub \
	>rgen.out 2>&1; then
	ok "random cases generated: $(cat rgen.out)"
	$PY "$ROOT/tests/e2e/differential.py" "$BIN" "$VPY" random 250,2,150
	check "differential.py found no disagreement on them" [ $? -eq 0 ]
else
	not_ok "exportdocs.py --random: $(tail -c 400 rgen.out)"
fi

# ---- reading an archived article back ----------------------------------------
p1=$(printf %.8s "$doc1")
succeeds "article PREFIX" article "$p1"
check "into a file it is the archived bytes, exactly" cmp -s "$T/.out" camps.txt
succeeds "article with the full hash" article "$doc1"
check "... the same bytes" cmp -s "$T/.out" camps.txt
succeeds "article --claims" article "$p1" --claims
check "the corrected claim $a is marked at its new span" \
	grep -q "\[\[$a|$said|$a\]\]" "$T/.out"
check "without the marks it is the article" sh -c \
	"sed -e 's/\[\[[0-9]*|//g' -e 's/|[0-9]*\]\]//g' '$T/.out' | cmp -s - camps.txt"
fails 2 "show with an article's hash" show "$p1"
check "... says how to read it" grep -qx "claimledger: show: $p1 is an archived article: use 'claimledger article $p1'" "$T/.err"
fails 2 "an article no one archived" article 00000000
fails 2 "a prefix too short" article 0123456
fails 2 "not hex" article 'zzzzzzzz'
# On a terminal the article is hostile text: an escape sequence shows as
# its escape, newlines stay.
printf 'url https://news.example/esc\ndate 2024-01-01\n\nThe mayor said \033[31mred\033[0m things.\n"The budget is balanced and the city has no debt at all," Mayor Ana Ruiz said.\n' >esc.txt
if "$BIN" import esc.txt --key owner.key >/dev/null 2>&1; then
	pe=$(sha256sum esc.txt | cut -c1-8)
	script -qc "'$BIN' article $pe" /dev/null </dev/null >tty.out 2>&1
	check "on a terminal an ESC byte is shown as <U+001B>" grep -q '<U+001B>\[31mred' tty.out
	check "... and never reaches the terminal" sh -c '! grep -q "$(printf "\033")\[31m" tty.out'
	"$BIN" article "$pe" >raw.out
	check "into a pipe it stays the archived bytes" cmp -s raw.out esc.txt
else
	not_ok "import an article holding an escape sequence"
fi
finish
