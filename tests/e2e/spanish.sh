#!/bin/sh
# spanish.sh: a mixed desk (issue 16): one ledger holding an English and a
# Spanish article's claims.  extract tells the languages apart (or is
# told, by a `lang` header line or --lang), every claim records its
# language, list --speaker finds a Spanish speaker with or without accents
# and capitals, the CSV's last column and ClaimReview's inLanguage carry
# the language, and verify passes.
. "$(dirname "$0")/lib.inc"

PY=/usr/bin/python3
EN="$FIX/articles/chile-copper-strike-2024-03-14.txt"
ES="$FIX/spanish/tuning/articles/caracas-esequibo-2023-12-04.txt"
cp "$FIX/vectors/owner.key" owner.key && cp "$FIX/vectors/owner.key.pub" owner.key.pub &&
	chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"

# ---- extract: the language, detected or given ----------------------------
succeeds "extract --json of a Spanish article" extract --json "$ES"
check "... every claim has lang es" "$PY" -c '
import json, sys
c = [json.loads(l) for l in open(sys.argv[1])]
assert len(c) >= 6, len(c)
assert all(x["lang"] == "es" for x in c), c
assert any(x["speaker"] == "Nicolás Maduro Moros" and x["kind"] == "direct" for x in c), c
assert any(x["speaker"] == "United States government" for x in c), c
' "$T/.out"
check "... a descriptor is named as such (el mandatario)" "$PY" -c '
import json, sys
c = [json.loads(l) for l in open(sys.argv[1])]
m = [x for x in c if x["text"].startswith("Hoy el pueblo")]
assert m and m[0]["cue"] == "descriptor" and m[0]["speaker"] == "Nicolás Maduro Moros", m
' "$T/.out"
check "... a pro-drop claim is a continuation, not high" "$PY" -c '
import json, sys
c = [json.loads(l) for l in open(sys.argv[1])]
m = [x for x in c if x["text"].startswith("su Gobierno no busca")]
assert m and m[0]["cue"] == "continuation" and m[0]["confidence"] != "high", m
' "$T/.out"
succeeds "extract --json of an English article" extract --json "$EN"
check "... every claim has lang en" "$PY" -c '
import json, sys
c = [json.loads(l) for l in open(sys.argv[1])]
assert c and all(x["lang"] == "en" for x in c), c
' "$T/.out"
{ echo "lang en"; cat "$ES"; } >forced-en.txt
run extract --json forced-en.txt
check "a 'lang en' header line overrides detection (no English cue in Spanish)" \
	[ "$rc" -eq 0 ] && ! grep -q '"lang":"es"' "$T/.out"
succeeds "extract --lang es on the same file" extract --json --lang es forced-en.txt
check "... --lang wins over the header line, as --source and --date do" \
	grep -q '"lang":"es"' "$T/.out"
printf 'date 2024-01-04\n\nEl ministro de Salud, Pedro Gómez, afirmó el pasado lunes que la campaña de vacunación llegó a todo el país.\n' >dated.txt
succeeds "extract a Spanish date (el pasado lunes)" extract --json dated.txt
check "... dates the claim to the Monday before the article" grep -q '"date":"2024-01-01"' "$T/.out"
fails 2 "--lang with a language the extractor does not know" extract --lang fr "$ES"

# ---- one ledger, both languages --------------------------------------------
succeeds "init" init --key owner.key --origin example.org/mixed-desk \
	--newsroom "Mesa de Verificación" --newsroom-url https://verifica.example
succeeds "import the English article" import "$EN" --key owner.key
succeeds "import the Spanish article" import "$ES" --key owner.key
succeeds "list --speaker with accents and capitals as written" list --speaker "Nicolás Maduro Moros"
check "... finds his claims" grep -q 'pueblo habl' "$T/.out"
succeeds "list --speaker without accents, lowercase" list --speaker "nicolas maduro"
check "... finds the same claims" grep -q 'pueblo habl' "$T/.out"
succeeds "list --speaker in capitals with accents" list --speaker "SOLÓRZANO"
check "... finds Delsa Solórzano" grep -q 'centros de votaci' "$T/.out"
succeeds "list --speaker of the English speaker" list --speaker "marcela fuentes"
check "... finds her claim" grep -q 'going back underground' "$T/.out"

succeeds "list --json" list --json
es_seq=$("$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    b = o.get("body", o)
    if b.get("speaker") == "Delsa Solórzano":
        print(o.get("seq", b.get("seq"))); break
' "$T/.out")
en_seq=$("$PY" -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    b = o.get("body", o)
    if b.get("speaker") == "Marcela Fuentes":
        print(o.get("seq", b.get("seq"))); break
' "$T/.out")
check "a Spanish and an English claim found by seq" [ -n "$es_seq" ] && [ -n "$en_seq" ]
succeeds "show the Spanish claim" show "$es_seq" --json
check "... its record carries lang es" grep -q '"lang":"es"' "$T/.out"
succeeds "rate the Spanish claim" rate "$es_seq" --verdict unproven --key owner.key
succeeds "rate the English claim" rate "$en_seq" --verdict mostly-true --key owner.key

succeeds "export --format csv" export --format csv --out mixed.csv
check "... lang is the last column, es and en" "$PY" - mixed.csv <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows[0][-1] == "lang" and rows[0][-2] == "corrected_speaker", rows[0]
langs = {r[3]: r[-1] for r in rows[1:]}
assert langs["Delsa Solórzano"] == "es", langs
assert langs["Marcela Fuentes"] == "en", langs
assert set(langs.values()) == {"es", "en"}, langs
EOF
succeeds "export --format claimreview" export --format claimreview --out mixed.json
check "... inLanguage es and en" "$PY" - mixed.json <<'EOF'
import json, sys
a = json.load(open(sys.argv[1]))
by = {o["itemReviewed"]["author"]["name"]: o["inLanguage"] for o in a}
assert by == {"Delsa Solórzano": "es", "Marcela Fuentes": "en"}, by
EOF
succeeds "verify" verify

exit $((failures > 0))
