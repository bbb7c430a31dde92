#!/bin/sh
# claimreview.sh: ClaimReview as fact-checkers publish it and CSV for
# spreadsheets (issue 14).
#
# One claim per rating kind, rated with and without rate --url, --note,
# --evidence and --speaker-type; an archived article with a date header.
# A Python check holds every ClaimReview to each property Google's
# fact-check guidance lists as required or recommended (SPEC.md, "ClaimReview
# export": the table), per rating kind: the numbers only for true..false,
# never for misleading and unproven.  The CSV export is read back with
# Python's csv module, with and without --bom.  The jsonl export of these
# verdicts passes both verifiers.
. "$(dirname "$0")/lib.inc"

ROOT=$(cd "$FIX/.." && pwd)
PY=/usr/bin/python3
cp "$FIX/vectors/owner.key" owner.key && cp "$FIX/vectors/owner.key.pub" owner.key.pub &&
	chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
NR=https://factcheck.example/checks

succeeds "init with a newsroom" init --key owner.key --origin example.org/claimreview \
	--newsroom "Example Fact Check" --newsroom-url "$NR"

# seq_of: the seq of the record the last command appended.
seq_of() { sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out" | head -n 1; }
claim() { # TEXT SPEAKER: add a claim, print its seq
	"$BIN" add "$1" --speaker "$2" --source https://news.example/energy \
		--date 2021-11-20 --key owner.key | sed -n 's/^seq \([0-9]*\) .*/\1/p'
}
c_true=$(claim "The price cap is £1,834 a year." "Ofgem")
c_mtrue=$(claim "Most households pay by direct debit." "Citizens Advice")
c_mixed=$(claim "Bills will fall by £300 this winter." "HM Treasury")
c_mfalse=$(claim "Nobody pays more than £2,000." "Jane Smith")
c_false=$(claim "Prices fell 20% last year." "Department for Energy")
c_mislead=$(claim "=HYPERLINK(\"https://evil.example\") </script><script>alert(1)</script> & more" "Tom Jones")
c_unproven=$(claim "Smart meters save £200." "Ana Ruiz")
check "seven claims added" [ -n "$c_unproven" ] && [ "$c_unproven" -gt "$c_true" ]

# An archived article with a date header: its claims' appearance carries it.
cat >article.txt <<'EOF'
url https://news.example/2021/11/19/bills
date 2021-11-19 Posted 19 Nov 2021

"Bills will fall sharply this winter," the minister Rui Campos said on Thursday.
EOF
succeeds "import an article with a date header" import article.txt --key owner.key
c_art=$(sed -n 's/.*seq \([0-9]*\)\.\.[0-9]*$/\1/p' "$T/.out")
check "... one claim archived with its article" [ -n "$c_art" ]

# rate: numeric kinds, with and without the fact-check's own URL.
succeeds "rate true with --url, --note, --evidence" rate "$c_true" --verdict true \
	--url https://factcheck.example/2021/price-cap --note "Matches Ofgem's notice." \
	--evidence https://ofgem.example/cap --evidence https://gov.example/cap \
	--speaker-type organization --key owner.key
check "... no speaker-type line when it was given" [ "$(grep -c '^speaker type:' "$T/.out")" -eq 0 ]
succeeds "rate mostly-true --speaker-type organization" rate "$c_mtrue" --verdict mostly-true \
	--speaker-type organization --key owner.key
succeeds "rate mixed (the type from the name)" rate "$c_mixed" --verdict mixed --key owner.key
check "... says the type came from the name" grep -q '^speaker type: organization (from the name; --speaker-type to state it)$' "$T/.out"
succeeds "rate mostly-false" rate "$c_mfalse" --verdict mostly-false --speaker-type person --key owner.key
succeeds "rate false (no note, no url)" rate "$c_false" --verdict false --key owner.key
succeeds "rate mostly-true again without --speaker-type" rate "$c_mtrue" --verdict mostly-true \
	--key owner.key
check "... keeps the type the current verdict states, and says so" \
	grep -q "^speaker type: organization (from verdict [0-9]*; --speaker-type to change it)$" "$T/.out"
succeeds "rate misleading with a hostile note" rate "$c_mislead" --verdict misleading \
	--url https://factcheck.example/2021/misleading \
	--note "Quoted </script> out of context & \"cut\"" --evidence https://e.example/a?x=1 \
	--key owner.key
succeeds "rate unproven" rate "$c_unproven" --verdict unproven --note "No data yet." --key owner.key
succeeds "rate the archived claim false" rate "$c_art" --verdict false --key owner.key
# Ofgem was rated with --speaker-type; rate a second claim by a body whose
# name says nothing, see the guess, then state it with a new verdict.
c_ofgem=$(claim "The cap will rise in April." "Ofgem")
succeeds "rate an Ofgem claim without --speaker-type" rate "$c_ofgem" --verdict mostly-true --key owner.key
check "... says person, from the name" grep -q '^speaker type: person (from the name' "$T/.out"
succeeds "... then state organization (the latest verdict wins)" rate "$c_ofgem" \
	--verdict mostly-true --speaker-type organization --key owner.key

before=$(ledger_sum)
fails 2 "rate --url that is not an absolute http(s) URL" rate "$c_false" --verdict false \
	--url factcheck.example/x --key owner.key
check "... names verdict.url" grep -q 'verdict.url' "$T/.err"
fails 2 "rate --url javascript:" rate "$c_false" --verdict false --url 'javascript:alert(1)' --key owner.key
fails 2 "rate --speaker-type that is neither" rate "$c_false" --verdict false --speaker-type body --key owner.key
check "... left the ledger unchanged" [ "$(ledger_sum)" = "$before" ]

succeeds "export --format claimreview" export --format claimreview --out cr.json
check "the file has no <, > or & byte (JSON-LD in a <script>)" sh -c '! grep -q "[<>&]" cr.json'
check "every required and recommended property, per rating kind" "$PY" - cr.json "$NR" \
	"$c_true" "$c_mtrue" "$c_mixed" "$c_mfalse" "$c_false" "$c_mislead" "$c_unproven" \
	"$c_art" "$c_ofgem" <<'EOF'
import json, re, sys
path, nr = sys.argv[1], sys.argv[2]
seqs = dict(zip(("true", "mostly-true", "mixed", "mostly-false", "false", "misleading",
                 "unproven", "article", "ofgem"), sys.argv[3:]))
a = json.load(open(path, encoding="utf-8"))
assert len(a) == 9, len(a)
by_text = {o["claimReviewed"]: o for o in a}
url_re = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
day = re.compile(r"\d{4}-\d{2}-\d{2}$")
values = {"true": 5, "mostly-true": 4, "mixed": 3, "mostly-false": 2, "false": 1}
labels = {"true": "True", "mostly-true": "Mostly true", "mixed": "Mixed",
          "mostly-false": "Mostly false", "false": "False", "misleading": "Misleading",
          "unproven": "Unproven"}
kinds = {}
for o in a:
    # JSON-LD
    assert o["@context"] == "https://schema.org" and o["@type"] == "ClaimReview", o
    # required: claimReviewed, reviewRating (alternateName), url
    assert isinstance(o["claimReviewed"], str) and o["claimReviewed"].strip(), o
    assert url_re.fullmatch(o["url"]), o["url"]
    rr = o["reviewRating"]
    assert rr["@type"] == "Rating" and rr["alternateName"] and rr["name"] == rr["alternateName"], rr
    kind = [k for k, l in labels.items() if l == rr["alternateName"]]
    assert len(kind) == 1, rr
    kind = kind[0]
    kinds[kind] = kinds.get(kind, 0) + 1
    # recommended (numeric ratings): ratingValue, bestRating, worstRating
    if kind in values:
        assert rr["ratingValue"] == values[kind], rr
        assert rr["bestRating"] == 5 and rr["worstRating"] == 1, rr
        assert rr["worstRating"] <= rr["ratingValue"] <= rr["bestRating"], rr
    else:
        for m in ("ratingValue", "bestRating", "worstRating"):
            assert m not in rr, (kind, rr)
    # recommended: author with its name and url (the fact-checker), itemReviewed;
    # datePublished: schema.org's, in Google's examples
    assert o["author"] == {"@type": "Organization", "name": "Example Fact Check", "url": nr}, o["author"]
    assert o["datePublished"] == "2021-11-23", o["datePublished"]
    it = o["itemReviewed"]
    assert it["@type"] == "Claim", it
    # recommended on the Claim: author, datePublished, appearance
    assert it["author"]["@type"] in ("Person", "Organization") and it["author"]["name"], it
    assert day.match(it["datePublished"]), it
    ap = it["appearance"]
    assert ap["@type"] == "CreativeWork" and url_re.fullmatch(ap["url"]), ap
    # firstAppearance: not written (SPEC: the ledger does not know it)
    assert "firstAppearance" not in it, it
    assert o["inLanguage"] == "en", o
    for c in o.get("citation", []):
        assert c["@type"] == "CreativeWork" and url_re.fullmatch(c["url"]), c
assert sorted(kinds) == sorted(labels), kinds

def review(text):
    return by_text[text]

t = review("The price cap is £1,834 a year.")
assert t["url"] == "https://factcheck.example/2021/price-cap", t["url"]
assert t["reviewBody"] == "Matches Ofgem's notice.", t
assert [c["url"] for c in t["citation"]] == ["https://ofgem.example/cap", "https://gov.example/cap"], t
assert t["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ofgem"}, t
assert t["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "url": "https://news.example/energy"}, t
f = review("Prices fell 20% last year.")
# no --url: the newsroom's address and the claim's id, as before
assert re.fullmatch(re.escape(nr) + "#claim-[0-9a-f]{64}", f["url"]), f["url"]
assert "reviewBody" not in f and "citation" not in f, f
assert f["itemReviewed"]["author"]["@type"] == "Organization", f   # "Department": from the name
assert review("Most households pay by direct debit.")["itemReviewed"]["author"]["@type"] == "Organization"
assert review("Bills will fall by £300 this winter.")["itemReviewed"]["author"]["@type"] == "Organization"
assert review("Nobody pays more than £2,000.")["itemReviewed"]["author"]["@type"] == "Person"
assert review("Smart meters save £200.")["itemReviewed"]["author"]["@type"] == "Person"
assert review("The cap will rise in April.")["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ofgem"}
m = [o for o in a if o["reviewRating"]["alternateName"] == "Misleading"][0]
assert m["claimReviewed"].startswith("=HYPERLINK(") and "</script><script>" in m["claimReviewed"], m
assert m["reviewBody"] == 'Quoted </script> out of context & "cut"', m
assert m["url"] == "https://factcheck.example/2021/misleading", m
assert [c["url"] for c in m["citation"]] == ["https://e.example/a?x=1"], m
u = review("Smart meters save £200.")
assert u["reviewBody"] == "No data yet." and "ratingValue" not in u["reviewRating"], u
# the archived article's date (its header), beside the claim's own date
art = [o for o in a if o["itemReviewed"]["appearance"]["url"] == "https://news.example/2021/11/19/bills"]
assert len(art) == 1, art
ap = art[0]["itemReviewed"]["appearance"]
assert ap == {"@type": "CreativeWork", "url": "https://news.example/2021/11/19/bills",
              "datePublished": "2021-11-19"}, ap
assert art[0]["itemReviewed"]["datePublished"] == "2021-11-18", art[0]["itemReviewed"]  # "on Thursday"
EOF

# ---- CSV -----------------------------------------------------------------
succeeds "correct a claim's text and speaker" correct "$c_mfalse" --reason "misquoted" \
	--text "Nobody pays more than £2,100." --speaker "Janet Smith" --kind indirect --key owner.key
succeeds "export --format csv --bom" export --format csv --bom --out bom.csv
succeeds "export --format csv" export --format csv --out plain.csv
check "--bom: the file starts with EF BB BF" sh -c '[ "$(head -c 3 bom.csv | od -An -tx1 | tr -d " ")" = efbbbf ]'
check "... and is the plain export after it" sh -c 'tail -c +4 bom.csv | cmp -s - plain.csv'
check "without --bom: no byte-order mark" sh -c '[ "$(head -c 3 plain.csv)" = "seq" ]'
fails 2 "--bom with another format" export --format claimreview --bom
check "the CSV reads back with the new columns" "$PY" - bom.csv plain.csv "$c_true" "$c_mfalse" \
	"$c_mislead" "$c_art" <<'EOF'
import csv, sys
bom, plain, s_true, s_mfalse, s_mislead, s_art = sys.argv[1:]
old = ["seq", "id", "date", "speaker", "text", "source", "kind", "verdict", "rating_value",
       "verdict_id", "corrected"]
new = ["note", "evidence", "rated_by", "rated_at", "corrected_text", "corrected_speaker",
       "lang"]
# utf-8-sig: what Excel and LibreOffice do with the mark
rows = list(csv.reader(open(bom, newline="", encoding="utf-8-sig")))
assert rows[0] == old + new, rows[0]
assert all(len(r) == len(old) + len(new) for r in rows), [len(r) for r in rows]
assert rows == list(csv.reader(open(plain, newline="", encoding="utf-8"))), "bom and plain differ"
d = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
t = d[s_true]
assert t["text"] == "The price cap is £1,834 a year.", t   # £ as UTF-8, read back whole
assert t["verdict"] == "true" and t["rating_value"] == "5", t
assert t["note"] == "Matches Ofgem's notice.", t
assert t["evidence"] == "https://ofgem.example/cap https://gov.example/cap", t
assert t["rated_by"] == "test-owner" and t["rated_at"] == "2021-11-23T00:00:00Z", t
assert t["corrected"] == "no" and t["corrected_text"] == "" and t["corrected_speaker"] == "", t
m = d[s_mfalse]
assert m["text"] == "Nobody pays more than £2,100." and m["speaker"] == "Janet Smith", m
assert m["corrected_text"] == "Nobody pays more than £2,100.", m
assert m["corrected_speaker"] == "Janet Smith", m
assert len(m["corrected"]) == 64, m  # the old id column stays
x = d[s_mislead]
# the formula guard on the old and the new columns alike
assert x["text"].startswith("'=HYPERLINK("), x
assert x["note"] == 'Quoted </script> out of context & "cut"', x
assert x["rating_value"] == "" and x["verdict"] == "misleading", x
a = d[s_art]
assert a["note"] == "" and a["evidence"] == "" and a["rated_by"] == "test-owner", a
unrated = [r for r in d.values() if r["verdict"] == ""]
assert all(r["note"] == r["evidence"] == r["rated_by"] == r["rated_at"] == "" for r in unrated)
EOF

# ---- the audit export carries the new verdict members --------------------
succeeds "verify" verify
succeeds "export --format jsonl" export --key owner.key --out audit.jsonl
check "... holds verdicts with url and speaker_type" sh -c \
	'grep -q "\"speaker_type\":\"organization\"" audit.jsonl && grep -q "\"url\":\"https://factcheck.example/2021/price-cap\"" audit.jsonl'
succeeds "verify-export accepts it" verify-export audit.jsonl --pubkey owner.key.pub
if "$PY" -c 'import nacl.signing' 2>/dev/null; then
	check "scripts/verify-export.py accepts it" sh -c '"$1" "$2" audit.jsonl owner.key.pub >/dev/null' \
		sh "$PY" "$ROOT/scripts/verify-export.py"
else
	not_ok "python3 with PyNaCl (Debian python3-nacl) is needed"
fi
finish
