#!/bin/sh
# badinput.sh: every refused input exits 2 with one "claimledger: " line
# on stderr and leaves the ledger's data file byte-identical.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
# An archived article: its claims cite it as their `document`.
art="$FIX/articles/venezuela-election-2021-11-22.txt"
"$BIN" import "$art" --source https://example.org/venezuela >/dev/null ||
	not_ok "article import"
doc=$(sha256sum "$art" | cut -d' ' -f1)
before=$(ledger_sum)

# refused WHAT ARGS...: exit 2, one error line, data.mdb unchanged.
refused() {
	what=$1; shift
	fails 2 "$what" "$@"
	if [ "$(ledger_sum)" = "$before" ]; then
		ok "$what: ledger byte-identical"
	else
		not_ok "$what: ledger changed"
	fi
}

good="--speaker Someone --source https://example.org/a --date 2021-11-22"
refused "add: invalid UTF-8 text" add "$(printf 'caf\351 au lait')" $good
check "the message names the text member" grep -q 'text' "$T/.err"
refused "add: a control character in the speaker" add "a claim" \
	--speaker "$(printf 'Jane\001Doe')" --source https://example.org/s --date 2021-11-22
check "the message names the speaker member" grep -q 'speaker' "$T/.err"
refused "add: empty text" add "" $good
refused "add: text of 64 KiB + 1 bytes" \
	add "$(head -c 65537 /dev/zero | tr '\0' a)" $good
refused "add: date not YYYY-MM-DD" add "a claim" --speaker S --source https://example.org/s --date 22/11/2021
refused "add: impossible date" add "a claim" --speaker S --source https://example.org/s --date 2021-02-29
refused "add: missing --date" add "a claim" --speaker S --source https://example.org/s
refused "add: two TEXT arguments" add "a claim" extra $good

# A jsonl file whose line 3 is malformed: named, and nothing appended.
head -n 2 "$FIX/seed-claims.jsonl" >c.jsonl
printf '{"text": "broken", "speaker": \n' >>c.jsonl
tail -n 1 "$FIX/seed-claims.jsonl" >>c.jsonl
refused "import: a malformed line 3" import --jsonl c.jsonl
check "the message names c.jsonl line 3" grep -q '^claimledger: import: c.jsonl line 3: ' "$T/.err"

printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","colour":"red"}\n' >u.jsonl
refused "import: an unknown member" import --jsonl u.jsonl
check "the unknown member is named" grep -q "colour" "$T/.err"
printf '{"text":"t","speaker":"s","source":"https://example.org/u"}\n' >m.jsonl
refused "import: a missing date" import --jsonl m.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22"}\n\n{"text":"t2","speaker":"s","source":"https://example.org/u","date":"2021-11-31"}\n' >d.jsonl
refused "import: a bad date on line 3 after a good line 1" import --jsonl d.jsonl
check "the bad date is named with its line" grep -q 'd.jsonl line 3: .*date' "$T/.err"
printf '[1,2]\n' >a.jsonl
refused "import: a line that is not an object" import --jsonl a.jsonl
printf '{"text":"t","text":"u","speaker":"s","source":"https://example.org/u","date":"2021-11-22"}\n' >dup.jsonl
refused "import: a duplicate member" import --jsonl dup.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","offset":1.5}\n' >f.jsonl
refused "import: a float" import --jsonl f.jsonl
refused "import: a missing file" import --jsonl nosuch.jsonl
# (run takes the binary's arguments, so stdin comes from a file here.)
printf '{"text":1}\n' >bad-stdin.jsonl
"$BIN" import --jsonl - <bad-stdin.jsonl >"$T/.out" 2>"$T/.err"
rc=$?
if [ "$rc" -eq 2 ] && one_error_line && grep -q 'stdin line 1' "$T/.err"; then
	ok "import: stdin with a bad line (exit 2, names stdin line 1)"
else
	not_ok "import: stdin with a bad line: exit $rc: $(err)"
fi
check "import: stdin with a bad line: ledger byte-identical" [ "$(ledger_sum)" = "$before" ]
refused "show: an unknown id" show 0123456789abcdef
refused "add: a wrong key (not an editor)" add "a claim" $good \
	--key "$(cd "$T" && "$BIN" keygen --name eve --out eve.key >/dev/null && echo "$T/eve.key")"

# Pinned provenance: a direct quote citing an archived article must say
# where in it the words are, or it could put any words in its mouth.
burn='"text":"We will burn the hospital down","speaker":"Jane Roe","source":"https://example.org/h","date":"2021-11-22"'
printf '{%s,"kind":"direct","document":"%s"}\n' "$burn" "$doc" >burn.jsonl
refused "import: a direct quote citing a document without offset and length" \
	import --jsonl burn.jsonl
check "the message names the rule" grep -q \
	'^claimledger: import: burn.jsonl line 1: claim.offset: a direct quote citing a document needs offset and length$' "$T/.err"
refused "add --kind direct --document D (no span)" add "We will burn the hospital down" \
	--speaker "Jane Roe" --source https://example.org/h --date 2021-11-22 \
	--kind direct --document "$doc"
check "add names the rule" grep -q 'claim.offset: a direct quote citing a document needs offset and length' "$T/.err"
printf '{%s,"kind":"direct","document":"%s","offset":0}\n' "$burn" "$doc" >half.jsonl
refused "import: an offset without a length" import --jsonl half.jsonl
check "the missing length is named" grep -q 'claim.length: missing: offset and length go together' "$T/.err"
printf '{%s,"kind":"indirect","offset":0,"length":5}\n' "$burn" >nodoc.jsonl
refused "import: offset and length without a document" import --jsonl nodoc.jsonl
check "the missing document is named" grep -q 'claim.offset: offset and length need the document' "$T/.err"
# The control: the same line as an indirect claim citing the article is
# accepted, so the refusals above are the rule's and not the document's.
printf '{%s,"kind":"indirect","document":"%s"}\n' "$burn" "$doc" >indirect.jsonl
succeeds "import: an indirect claim citing the document without a span" \
	import --jsonl indirect.jsonl
finish
