#!/bin/sh
# extract.sh: extract (table, --json, overrides, stdin, bad and odd input,
# a 20 MB article), import ARTICLE, the review workflow (extract --json,
# edit, import --jsonl --article) and alias records.
. "$(dirname "$0")/lib.inc"

art="$FIX/articles/venezuela-election-2021-11-22.txt"
chile="$FIX/articles/chile-copper-strike-2024-03-14.txt"
export CLAIMLEDGER_SPEAKERS="$FIX/speakers.tsv"
export CLAIMLEDGER_DIR="$T/led"
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1

# The ledger's checksum, or "none" before there is one.
sum_now() { if [ -f "$T/led/data.mdb" ]; then ledger_sum; else echo none; fi; }

# ---- extract: the table -----------------------------------------------------
succeeds "extract the seed article" extract "$art"
check "the table says how many claims, and the article's date" \
	grep -q "^12 claims in '.*venezuela-election-2021-11-22.txt', date 2021-11-22\$" "$T/.out"
check "the table has a header row" grep -q '^ *N  KIND  *CONF  *SPEAKER  *TEXT$' "$T/.out"
check "the table has one row per claim" [ "$(grep -Ec '^ *[0-9]+  (direct|indirect) ' "$T/.out")" -eq 12 ]
check "the table names Antony Blinken" grep -Eq ' direct    (high|medium|low) +Antony Blinken ' "$T/.out"
check "aliases map Washington to the canonical name" grep -q 'United States government' "$T/.out"
check "table rows are at most 80 columns" sh -c '
	grep -E "^ *([0-9]+|N)  " "$1" | while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le 80 ] || exit 1
	done' sh "$T/.out"
check "extract wrote no ledger" [ ! -e "$T/led" ]

# ---- extract --json ---------------------------------------------------------
succeeds "extract --json" extract "$art" --json
cp "$T/.out" "$T/seed.jsonl"
check "extract --json gives one line per claim" [ "$(out | wc -l)" -eq 12 ]
doc=$(sha256sum "$art" | cut -c1-64)
check "every line carries the article's SHA-256 as document" \
	[ "$(grep -c "\"document\":\"$doc\"" "$T/.out")" -eq 12 ]
if [ "$have_py" -eq 1 ]; then
	check "every line is JSON with the required members, no pronoun speakers" \
		python3 -c 'import json,sys
for l in open(sys.argv[1]):
    c = json.loads(l)
    for m in ("text", "speaker", "kind", "offset", "length", "context", "date", "document"):
        assert m in c, m
    assert c["kind"] in ("direct", "indirect")
    assert c["date"] == "2021-11-22"
    assert "source" not in c
    assert c["speaker"].lower() not in ("he", "she", "they", "it", "him", "her", "them"), c["speaker"]
    assert type(c["offset"]) is int and type(c["length"]) is int' "$T/.out"
	check "every direct quote is the article's text at offset/length" \
		python3 -c 'import json,re,sys
art = open(sys.argv[2], "rb").read()
norm = lambda s: re.sub("[\\s\u201c\u201d\"\u201e\u00ab\u00bb]", "", s).rstrip(",;:")
direct = 0
for l in open(sys.argv[1]):
    c = json.loads(l)
    span = art[c["offset"]:c["offset"] + c["length"]].decode()
    assert c["offset"] + c["length"] <= len(art)
    if c["kind"] != "direct":
        continue
    direct += 1
    assert span == span.strip(), span
    assert norm(span) == norm(c["text"]), (span, c["text"])
assert direct >= 2, direct' "$T/.out" "$art"
fi

succeeds "--source and --date override the headers" \
	extract "$art" --json --source https://example.org/v --date 2021-11-30
overrides() {
	[ "$(grep -c '"source":"https://example.org/v"' "$T/.out")" -eq 12 ] &&
	[ "$(grep -c '"date":"2021-11-30"' "$T/.out")" -eq 12 ]
}
check "every line has the overriding source and date" overrides
fails 2 "extract --date with a bad date" extract "$art" --date 2021-02-30
fails 2 "extract of a missing file" extract "$T/nothing.txt"
fails 2 "extract without an article" extract

"$BIN" extract - --json <"$art" >"$T/stdin.jsonl" 2>"$T/.err"; rc=$?
check "extract - reads stdin (same claims)" \
	sh -c '[ "$1" -eq 0 ] && cmp -s "$2" "$3"' sh "$rc" "$T/stdin.jsonl" "$T/seed.jsonl"

# ---- odd and bad input ------------------------------------------------------
: >"$T/empty.txt"
succeeds "an empty file is not an error" extract empty.txt
check "an empty file: 'no claims found'" [ "$(out)" = "no claims found in 'empty.txt'" ]
succeeds "an empty file with --json" extract "$T/empty.txt" --json
check "an empty file with --json prints nothing" [ ! -s "$T/.out" ]
printf 'url https://example.org/a\ndate 2021-01-02\ntitle Only headers\n\n' >"$T/headers.txt"
succeeds "a headers-only file" extract "$T/headers.txt" --json
check "a headers-only file has no claims" [ ! -s "$T/.out" ]
printf '\n\n   \n\n' >"$T/blank.txt"
succeeds "a blank file" extract "$T/blank.txt" --json
printf 'He said: we are here.\0\1\2binary' >"$T/binary.bin"
fails 2 "a binary file is refused" extract "$T/binary.bin"
check "the binary refusal names the byte" \
	grep -q "^claimledger: extract: '.*binary.bin': not UTF-8 text at byte 21\$" "$T/.err"
printf 'The minister said that prices \303\050 will fall soon enough.\n' >"$T/latin.txt"
fails 2 "invalid UTF-8 is refused" extract "$T/latin.txt"
check "the UTF-8 refusal names the byte" grep -q "not UTF-8 text at byte 30\$" "$T/.err"
printf 'A \355\240\200 surrogate.\n' >"$T/surrogate.txt"
fails 2 "a UTF-8 surrogate is refused" extract "$T/surrogate.txt"

# A 20 MB article: every fixture article again and again.
if [ "$have_py" -eq 1 ]; then
	python3 -c 'import sys
body = b"".join(open(f, "rb").read() + b"\n\n" for f in sys.argv[2:])
with open(sys.argv[1], "wb") as out:
    n = 0
    while n < 20 * 1024 * 1024:
        out.write(body); n += len(body)' "$T/big.txt" "$FIX"/articles/*.txt
	# ASan and TSan reserve terabytes of address space: no ulimit -v
	# under them.
	lim=1048576
	[ -n "${ASAN_OPTIONS:-}${TSAN_OPTIONS:-}" ] && lim=unlimited
	(ulimit -v "$lim" && "$BIN" extract "$T/big.txt" --json) >"$T/big.jsonl" 2>"$T/.err"
	rc=$?
	check "a 20 MB article completes within 1 GiB of memory" [ "$rc" -eq 0 ]
	check "a 20 MB article gives thousands of claims" [ "$(wc -l <"$T/big.jsonl")" -gt 10000 ]
	rm -f "$T/big.txt" "$T/big.jsonl"
fi

# ---- import ARTICLE ---------------------------------------------------------
make_ledger || { not_ok "make a ledger"; finish; }
before=$(sum_now)
fails 2 "import without a source is refused" import "$art" --key owner.key
check "the refusal says how to give a source" \
	grep -q "no source: give --source URL or a 'url' header line" "$T/.err"
check "the refused import left the ledger unchanged" [ "$(sum_now)" = "$before" ]
printf 'url https://example.org/nodate\n\nThe mayor, Ana Ruiz, said that the bridge will reopen next month.\n' >"$T/nodate.txt"
fails 2 "import without a date is refused" import "$T/nodate.txt" --key owner.key

src="https://example.org/fixtures/venezuela-election-2021-11-22"
succeeds "import the seed article" import "$art" --source "$src" --key owner.key
check "import says how many and where" \
	grep -q "^imported 12 claims from '.*venezuela-election-2021-11-22.txt': seq 1\\.\\.12\$" "$T/.out"
succeeds "list --json after import" list --type claim --json
claims_ok() {
	[ "$(grep -c "\"document\":\"$doc\"" "$T/.out")" -eq 12 ] &&
	[ "$(grep -c '"offset":[0-9]' "$T/.out")" -eq 12 ] &&
	[ "$(grep -c '"length":[0-9]' "$T/.out")" -eq 12 ] &&
	[ "$(grep -c '"kind":"direct"' "$T/.out")" -ge 2 ] &&
	[ "$(grep -c "\"source\":\"$src\"" "$T/.out")" -eq 12 ] &&
	[ "$(grep -c '"context":' "$T/.out")" -eq 12 ]
}
check "the claims carry document, offset, length, kind, context, source" claims_ok
succeeds "verify after import" verify
check "verify counts every record" [ "$(out)" = "verified 13 records" ]
before=$(sum_now)
fails 2 "importing the same article again is refused" import "$art" --source "$src" --key owner.key
check "it says the article was imported before" grep -q "was imported before" "$T/.err"
check "the refused second import leaves the ledger unchanged" [ "$(sum_now)" = "$before" ]
succeeds "verify after the refused second import" verify
fails 2 "the same article from stdin is refused too" import - --source "$src" --key owner.key <"$art"
before=$(sum_now)
succeeds "import an article with no claims" import headers.txt --key owner.key
check "no claims: says so" [ "$(out)" = "no claims found in 'headers.txt'" ]
check "no claims: the ledger is unchanged" [ "$(sum_now)" = "$before" ]
fails 2 "import of invalid UTF-8" import "$T/latin.txt" --source https://example.org/s --date 2021-01-01 --key owner.key
check "the refused import left the ledger unchanged" [ "$(sum_now)" = "$before" ]
fails 2 "import ARTICLE with --jsonl too" import "$art" --jsonl "$T/seed.jsonl" --key owner.key
fails 2 "import ARTICLE without a key" import "$art" --source "$src"

# ---- the review workflow ----------------------------------------------------
"$BIN" extract "$chile" --json --source https://example.org/chile >"$T/c.jsonl"
cdoc=$(sha256sum "$chile" | cut -c1-64)
before=$(sum_now)
fails 2 "a line citing an unarchived document is refused" \
	import --jsonl "$T/c.jsonl" --key owner.key
check "the refusal names the line and says to give --article" \
	grep -q "c.jsonl line 1: document $(echo "$cdoc" | cut -c1-12)… is not archived: give --article FILE" "$T/.err"
check "the refused import left the ledger unchanged" [ "$(sum_now)" = "$before" ]
if [ "$have_py" -eq 1 ]; then
	python3 -c 'import json,sys
lines = [json.loads(l) for l in open(sys.argv[1])]
for c in lines:
    if c["speaker"] == "Marcela Fuentes":
        c["speaker"] = "Marcela Fuentes Rojas"
with open(sys.argv[2], "w") as f:
    for c in lines:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")' "$T/c.jsonl" "$T/edited.jsonl"
	python3 -c 'import json,sys
lines = [json.loads(l) for l in open(sys.argv[1])]
for i, c in enumerate(lines):
    if c["kind"] == "direct":
        c["text"] = c["text"].replace(" the ", " a ", 1)
        break
with open(sys.argv[2], "w") as f:
    for c in lines:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")' "$T/c.jsonl" "$T/badquote.jsonl"
	line=$(grep -n '"kind":"direct"' "$T/c.jsonl" | head -n 1 | cut -d: -f1)
	fails 2 "an edited direct quote is refused" \
		import --jsonl "$T/badquote.jsonl" --article "$chile" --key owner.key
	check "the refusal names the line and the offset" \
		grep -q "badquote.jsonl line $line: direct quote does not match the article at offset [0-9]*: fix the text or make it indirect" "$T/.err"
	check "the refused import left the ledger unchanged" [ "$(sum_now)" = "$before" ]
	n=$(wc -l <"$T/edited.jsonl")
	succeeds "import the reviewed file with --article" \
		import --jsonl "$T/edited.jsonl" --article "$chile" --key owner.key
	check "import --jsonl says how many" grep -q "^imported $n claims: seq" "$T/.out"
	succeeds "list the edited speaker" list --speaker "Marcela Fuentes Rojas" --json
	check "the edited speaker is in the ledger" [ "$(out | wc -l)" -ge 1 ]
	check "with its document" grep -q "\"document\":\"$cdoc\"" "$T/.out"
	succeeds "the article is archived: the same file imports without --article" \
		import --jsonl "$T/c.jsonl" --key owner.key
	succeeds "verify after the review import" verify
	printf '{"text":"x y z w v","speaker":"A B","source":"https://example.org/s","date":"2021-01-01","document":"%s","notes":"x"}\n' "$cdoc" >"$T/unknown.jsonl"
	fails 2 "an unknown member is still refused" import --jsonl "$T/unknown.jsonl" --key owner.key
	printf '{"text":"x y z w v","speaker":"A B","source":"https://example.org/s","date":"2021-01-01","document":"ABC"}\n' >"$T/baddoc.jsonl"
	fails 2 "a document that is not a SHA-256 is refused" import --jsonl "$T/baddoc.jsonl" --key owner.key
	printf '{"text":"x y z w v","speaker":"A B","source":"https://example.org/s","date":"2021-01-01","document":"%s","offset":999999,"length":5,"kind":"indirect"}\n' "$cdoc" >"$T/past.jsonl"
	fails 2 "a span past the end of the article is refused" import --jsonl "$T/past.jsonl" --key owner.key
fi

# ---- aliases ----------------------------------------------------------------
succeeds "alias list on a ledger without aliases" alias list
check "no aliases: nothing listed" [ ! -s "$T/.out" ]
succeeds "alias add" alias add Washington "US federal government" --key owner.key
check "alias add prints its seq" grep -q "^alias 'Washington' -> 'US federal government': seq [0-9]* id [0-9a-f]\{64\}\$" "$T/.out"
succeeds "extract after alias add" extract "$art" --json
check "extract uses the ledger's alias" grep -q '"speaker":"US federal government"' "$T/.out"
succeeds "extract with --ledger elsewhere ignores the ledger's aliases" \
	extract "$art" --json --ledger "$T/no-ledger-here"
check "without the ledger: the default table" sh -c '! grep -q "US federal government" "$1"' sh "$T/.out"
succeeds "alias list" alias list
check "alias list shows the alias" grep -q '^Washington  *US federal government$' "$T/.out"
succeeds "alias list --json" alias list --json
check "alias list --json is one object" [ "$(out)" = '{"alias":"Washington","speaker":"US federal government"}' ]
succeeds "alias remove" alias remove washington --key owner.key
succeeds "extract after alias remove" extract "$art" --json
check "back to the default table" sh -c '! grep -q "US federal government" "$1" && grep -q "United States government" "$1"' sh "$T/.out"
fails 2 "alias remove of an unknown alias" alias remove Nowhere --key owner.key
fails 2 "alias add without a speaker" alias add Washington --key owner.key
fails 2 "alias with an unknown subcommand" alias rename a b
succeeds "list shows alias records" list --type alias --json
check "two alias records" [ "$(out | wc -l)" -eq 2 ]
succeeds "verify with alias records" verify

# ---- speakers files ---------------------------------------------------------
printf 'Washington\tThe Americans\n' >"$T/speakers.tsv"
succeeds "extract --speakers FILE" extract "$art" --json --speakers "$T/speakers.tsv" --ledger "$T/none"
check "--speakers replaces the default table" grep -q '"speaker":"The Americans"' "$T/.out"
fails 2 "a missing --speakers file" extract "$art" --speakers "$T/missing.tsv"
printf 'no tab here\n' >"$T/notab.tsv"
fails 2 "a malformed speakers file" extract "$art" --speakers "$T/notab.tsv"
CLAIMLEDGER_SPEAKERS="$T/speakers.tsv" "$BIN" extract "$art" --json --ledger "$T/none" >"$T/.out" 2>"$T/.err"
check "\$CLAIMLEDGER_SPEAKERS names the table" grep -q '"speaker":"The Americans"' "$T/.out"
(unset CLAIMLEDGER_SPEAKERS; "$BIN" extract "$art" --json --ledger "$T/none") >"$T/.out" 2>"$T/.err"
check "without either, the built-in default table" grep -q '"speaker":"United States government"' "$T/.out"
: >"$T/empty.tsv"
succeeds "an empty --speakers table" extract "$art" --json --ledger "$T/none" --speakers "$T/empty.tsv"
check "an empty table: names as written" grep -q '"speaker":"Washington"' "$T/.out"

finish
