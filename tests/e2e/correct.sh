#!/bin/sh
# correct.sh: issue 13, corrections that keep the quote honest.  A direct
# quote's words change only with the span where its archived article says
# them, or with another kind in the same correction; show, list --json,
# the CSV and ClaimReview exports follow the corrected view; verify agrees.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
cp "$FIX/e2e/camps.txt" camps.txt # a short article: a direct quote, an indirect claim by a body
said="Not a single federal truck has reached these camps"
never="Not one federal truck has reached these camps"
asked="We have asked for water, for tents and for doctors, and we have received nothing."

succeeds "init with a newsroom" init --key owner.key --origin example.org/correct \
	--newsroom "Example Fact Check" --newsroom-url https://factcheck.example/checks
succeeds "import the article" import camps.txt --key owner.key
# The seq of the direct claim whose text is $1 (extraction finds both quotes).
seq_of() {
	"$BIN" list --type claim --json | python3 -c '
import json, sys
for line in sys.stdin:
    b = json.loads(line)["body"]
    if b.get("kind") == "direct" and b["text"] == sys.argv[1]:
        print(b["seq"])' "$1"
}
q=$(seq_of "$said")
a=$(seq_of "$asked")
check "the governor's words are a direct claim pinned to the article ($q)" [ -n "$q" ]
check "so are her next ones ($a)" [ -n "$a" ]
# Byte offset of $1 in the article.
off_of() { python3 -c 'import sys; print(open("camps.txt","rb").read().find(sys.argv[1].encode()))' "$1"; }

# The issue's example: words she never said, on the old span.
before=$(ledger_sum)
fails 2 "new words for a direct quote, no span, no kind: refused" \
	correct "$q" --text "$never" --reason test --key owner.key
check "... says why and how to mend it" grep -q "correct: correction: claim $q is a direct quote of its article and 'Not one federal truck has reached these…' is not what the article says at offset $(off_of "$said"): give --offset/--length of the words in the article, or --kind indirect$" "$T/.err"
check "... and left data.mdb byte-identical" [ "$(ledger_sum)" = "$before" ]
fails 2 "the same words with a span elsewhere in the article: refused" \
	correct "$q" --text "$never" --offset "$(off_of "$asked")" --length ${#asked} \
	--reason test --key owner.key
fails 2 "--offset without --length" correct "$q" --offset 3 --reason test --key owner.key
fails 2 "a span past the article's end" correct "$q" --offset 100000 --length 3 \
	--reason test --key owner.key
check "... lies outside its article" grep -q "lies outside claim $q's article" "$T/.err"
fails 2 "an unknown kind" correct "$q" --kind quoted --reason test --key owner.key
check "... names the member" grep -q "correction.kind: not one of direct, indirect, manual" "$T/.err"
check "the refusals left the ledger unchanged" [ "$(ledger_sum)" = "$before" ]
succeeds "show: still the governor's words, direct" show "$q"
check "... kind direct" grep -q '^kind: direct$' "$T/.out"
check "... the recorded text" grep -q "^text: $said\$" "$T/.out"

# The same words as a paraphrase: accepted.
succeeds "new words with --kind indirect: accepted" \
	correct "$q" --text "$never" --kind indirect --reason "a paraphrase" --key owner.key
check "correct prints what it recorded" grep -q '^seq [0-9]* id [0-9a-f]\{64\}$' "$T/.out"
succeeds "show the corrected claim" show "$q"
check "... kind indirect" grep -q '^kind: indirect$' "$T/.out"
check "... recorded as direct" sh -c 'sed -n "/^kind: indirect\$/{n;p;}" "$1" | grep -q "^  recorded: direct\$"' sh "$T/.out"
check "... the new words" grep -q "^text: $never\$" "$T/.out"
check "... the history gives the kind's change" grep -q '^  kind: direct -> indirect$' "$T/.out"
succeeds "list --json" list --type claim --json
check "... the current view says indirect" python3 -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["body"]["seq"] == int(sys.argv[2]):
        c = r["current"]
        assert c["kind"] == "indirect" and c["text"] == sys.argv[3], c
        assert r["body"]["kind"] == "direct"
        break
else:
    raise SystemExit(1)' "$T/.out" "$q" "$never"
succeeds "rate it true" rate "$q" --verdict true --key owner.key
succeeds "export --format csv" export --format csv
check "... its row has the current kind and text" grep -q "^$q,[0-9a-f]*,2024-09-02,Maria Lopez,$never,https://news.example/2024/09/02/camps,indirect,true,5," "$T/.out"
succeeds "export --format claimreview" export --format claimreview
check "... reviews the current text" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert [o["claimReviewed"] for o in a] == [sys.argv[2]], a' "$T/.out" "$never"

# A direct quote moved to other words the article holds: accepted.
succeeds "new words with their span in the article: accepted" \
	correct "$a" --text "$said" --offset "$(off_of "$said")" --length ${#said} \
	--reason "the quote meant" --key owner.key
succeeds "show it" show "$a" --json
check "... direct, at the new span" python3 -c '
import json, sys
c = json.loads(open(sys.argv[1]).read())["current"]
assert c["kind"] == "direct" and c["offset"] == int(sys.argv[2]) and c["length"] == int(sys.argv[3]), c' \
	"$T/.out" "$(off_of "$said")" ${#said}
fails 2 "moving it back alone: refused (the words are not there)" \
	correct "$a" --offset "$(off_of "$asked")" --length ${#asked} --reason test --key owner.key
succeeds "a speaker or date alone on a direct quote: accepted" \
	correct "$a" --speaker "Gov. Maria Lopez" --date 2024-09-01 --reason "full title" --key owner.key
verdict=$("$BIN" list --type verdict --json --limit 1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["body"]["seq"])')
fails 2 "a kind for a verdict" correct "$verdict" --kind indirect --reason test --key owner.key
check "... needs a claim" grep -q 'need a claim' "$T/.err"

succeeds "verify --full" verify --full
succeeds "export --format jsonl" export --format jsonl --key owner.key --out e.jsonl
succeeds "verify-export agrees" verify-export e.jsonl --pubkey "$FIX/vectors/owner.key.pub"
finish
