#!/bin/sh
# views.sh: the human output of list, show, rate and correct (issue 13):
# widths (--columns, $COLUMNS), columns left out when empty, text cut at
# a word with "…", --wide, the housekeeping rows hidden unless --all or
# --type, show in reading order with the article's sentence, colour on a
# terminal only and NO_COLOR; list and show against golden files at 80
# and 160 columns (tests/golden/).
#
# Deterministic: the committed owner key (Ed25519 signs the same bytes
# the same way), lib.inc's fixed CLAIMLEDGER_TIME, a fixed origin and an
# article from fixtures/, so every id, signature and line is the same on
# every run and nothing needs normalising.  After an intended change:
# VIEWS_REGEN=1 tests/run.sh build, then review the diff of tests/golden/.
gold="$(cd "$(dirname "$0")/../golden" && pwd)" || exit 1
. "$(dirname "$0")/lib.inc"

article="$FIX/articles/chile-copper-strike-2024-03-14.txt"
cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
esc=$(printf '\033')

golden() { # golden NAME: $T/.out against $gold/NAME
	if [ -n "${VIEWS_REGEN:-}" ]; then cp "$T/.out" "$gold/$1"; fi
	if cmp -s "$T/.out" "$gold/$1"; then ok "$1 matches the golden file"
	else not_ok "$1 differs from the golden file: $(diff "$gold/$1" "$T/.out" | head -5)"; fi
}
# fits N FILE: no line of FILE is wider than N characters.
fits() {
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -le "$1" ] || return 1
	done <"$2"
}
# wider N FILE: some line of FILE is wider than N characters.
wider() {
	while IFS= read -r line; do
		[ "$(printf %s "$line" | wc -m)" -gt "$1" ] && return 0
	done <"$2"
	return 1
}

succeeds "init" init --key owner.key --origin example.org/views \
	--newsroom "Example Fact Check" --newsroom-url https://factcheck.example/checks
succeeds "import an article" import "$article" --key owner.key
first=$(sed -n 's/.*: seq \([0-9]*\)\.\.\([0-9]*\)$/\1/p' "$T/.out")
last=$(sed -n 's/.*: seq \([0-9]*\)\.\.\([0-9]*\)$/\2/p' "$T/.out")
check "... at seq 2 onwards" [ "${first:-0}" -eq 2 ] && [ "${last:-0}" -gt 6 ]

# Nothing rated yet: no VERDICT column.
succeeds "list (nothing rated)" list
check "an empty VERDICT column is left out" sh -c '! head -n 1 "$1" | grep -q VERDICT' sh "$T/.out"
check "... and SPEAKER, with names, is not" grep -q '^SEQ  DATE        SPEAKER  *TEXT$' "$T/.out"
check "the genesis and config rows are hidden" sh -c '! grep -q "\[genesis\]\|\[config\]" "$1"' sh "$T/.out"
check "... so the table is the claims and a header" [ "$(out | wc -l)" -eq $((last - first + 2)) ]

# A claim with a long speaker, UTF-8, a double-width word and a newline.
succeeds "add a claim with UTF-8" add "Según el ministerio, la producción de cobre cayó un 12% en febrero y 東京 no compró
nada este mes; la cifra es la más baja desde 2019." \
	--speaker "Ministerio de Minería de la República de Chile" \
	--source https://noticias.example/2024/03/14/cobre --date 2024-03-14 --key owner.key
utf=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
long_url="https://evidence.example/reports/2024/chile/copper/production/monthly-statistics-february-2024-final-revised.pdf"
succeeds "rate a claim false with a long evidence URL" rate "$first" --verdict false \
	--note "Wages kept pace with inflation in 2023." --evidence "$long_url" --key owner.key
check "rate prints seq and id first (for scripts)" sh -c 'head -n 1 "$1" | grep -q "^seq [0-9]* id [0-9a-f]\{64\}$"' sh "$T/.out"
check "... then what it recorded" sh -c 'sed -n 2p "$1" | grep -q "^verdict false on claim '"$first"' (.*: \".*\")$"' sh "$T/.out"
verdict=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
succeeds "rate the UTF-8 claim mostly-false" rate "$utf" --verdict mostly-false --key owner.key
succeeds "correct a speaker and a date" correct "$((first + 1))" --speaker "Tomás Briones" \
	--date 2024-03-13 --reason "The spokesman said it the day before" --key owner.key
check "correct prints seq and id first" sh -c 'head -n 1 "$1" | grep -q "^seq [0-9]* id [0-9a-f]\{64\}$"' sh "$T/.out"
check "... then the correction of the claim by seq, speaker and text" \
	sh -c 'sed -n 2p "$1" | grep -q "^correction [0-9]* of claim '"$((first + 1))"' (Tomás Briones: \".*\")$"' sh "$T/.out"
check "... and each value it changed" grep -q '^  date: 2024-03-14 -> 2024-03-13$' "$T/.out"
corr=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
succeeds "correct the verdict's note (no values)" correct "$verdict" --reason "note reworded" --key owner.key
check "... names the verdict by seq" grep -q "^correction [0-9]* of verdict $verdict\$" "$T/.out"

# Golden files at 80 and 160 columns.
succeeds "list --columns 80" list --columns 80
golden list-80.txt
check "... no row wider than 80" fits 80 "$T/.out"
check "... a verdict column now" sh -c 'head -n 1 "$1" | grep -q VERDICT' sh "$T/.out"
check "... a verdict row names its claim by seq" grep -q "\[verdict\] .* on claim $first: " "$T/.out"
cp "$T/.out" list80
succeeds "list --columns 160" list --columns 160
golden list-160.txt
check "... no row wider than 160, some wider than 80" eval 'fits 160 "$T/.out" && wider 80 "$T/.out"'
succeeds "list (piped, no \$COLUMNS)" list
check "... is 80 columns" cmp -s "$T/.out" list80
COLUMNS=120 run list
check "\$COLUMNS=120: list succeeds" [ "$rc" -eq 0 ]
check "... no row wider than 120, some wider than 80" eval 'fits 120 "$T/.out" && wider 80 "$T/.out"'
COLUMNS=120 run list --columns 80
check "--columns wins over \$COLUMNS" cmp -s "$T/.out" list80
fails 2 "--columns below 40" list --columns 39
fails 2 "--columns not a number" list --columns wide
fails 2 "show --columns 0" show 2 --columns 0

# Text cut at the end of a word, with "…"; --wide cuts nothing.
full=$("$BIN" list --json --type claim | grep "\"seq\":$((first + 1))," | sed 's/.*"current":{"text":"\([^"]*\)".*/\1/')
cut=$(grep "^ *$((first + 1))\* " list80 | sed 's/.*  \(.*\)…$/\1/')
check "a long text is cut with …" grep -q "^ *$((first + 1))\* .*…\$" list80
check "... at the end of a word" sh -c 'case "$1" in "$2 "*) exit 0;; esac; exit 1' sh "$full" "$cut"
succeeds "list --wide" list --wide
check "--wide shows the whole text" grep -qF "$full" "$T/.out"
check "--wide: no …" sh -c '! grep -q "…" "$1"' sh "$T/.out"
check "--wide: the newline of a text is a space" grep -qF "東京 no compró nada este mes" "$T/.out"
check "--wide: the whole speaker" grep -qF "Ministerio de Minería de la República de Chile" "$T/.out"

# Housekeeping rows: --all and --type show them.
succeeds "list --all" list --all --columns 80
check "--all shows the genesis and the config" sh -c 'grep -q "^ *0  .*\[genesis\]" "$1" && grep -q "^ *1  .*\[config\]" "$1"' sh "$T/.out"
succeeds "list --type config" list --type config
check "--type config shows it" grep -q '\[config\]' "$T/.out"
succeeds "list --json" list --json
check "list --json still gives every record, the genesis too" \
	[ "$(out | wc -l)" -eq "$((corr + 2))" ]
cp "$T/.out" all.json
succeeds "list --json --all --columns 80 --wide" list --json --all --columns 80 --wide
check "... the same JSON lines" cmp -s "$T/.out" all.json

# show, in reading order, at 80 and 160 columns.
quote=$((first + 1))
succeeds "show the corrected direct quote --columns 80" show "$quote" --columns 80
golden show-claim-80.txt
check "... text, speaker, kind, date, source, article in that order" sh -c '
	grep -o "^[a-z]*:" "$1" | head -n 6 | tr -d "\n" | grep -q "^text:speaker:kind:date:source:article:$"' sh "$T/.out"
check "... the corrected speaker, then the recorded one" sh -c '
	grep -A1 "^speaker: Tomás Briones$" "$1" | grep -q "^  recorded: "' sh "$T/.out"
check "... the sentence from the archived article" grep -q '^  sentence: "We are not going back underground until the company puts a real$' "$T/.out"
check "... the correction by seq and day" grep -q "^corrected: seq $corr, 2021-11-23\$" "$T/.out"
check "... hashes and signature last" sh -c 'tail -n 2 "$1" | head -n 1 | grep -q "^sig: "' sh "$T/.out"
check "... the record section after the history" sh -c '
	h=$(grep -n "^history:$" "$1" | cut -d: -f1); r=$(grep -n "^record:$" "$1" | cut -d: -f1)
	[ -n "$h" ] && [ -n "$r" ] && [ "$h" -lt "$r" ]' sh "$T/.out"
check "... fits 80 columns" fits 80 "$T/.out"
succeeds "show it --columns 160" show "$quote" --columns 160
golden show-claim-160.txt
check "... the sentence in 160 columns" grep -q '^  sentence: "We are not going back underground until the company puts a real offer on the table," said Marcela Fuentes, president of Sindicato Uno, the mine.s$' "$T/.out"
succeeds "show the verdict --columns 80" show "$verdict" --columns 80
golden show-verdict-80.txt
check "... names its claim by seq and text, not hex" grep -q "^on: claim $first (.*: \".*\")\$" "$T/.out"
check "... its evidence URL unbroken" grep -qF "evidence: $long_url" "$T/.out"
grep -v "://" "$T/.out" >nourl.txt
check "... every line but the URL's fits 80" fits 80 nourl.txt
succeeds "show the verdict --columns 160" show "$verdict" --columns 160
golden show-verdict-160.txt
succeeds "show the UTF-8 claim --columns 80" show "$utf" --columns 80
golden show-utf8-80.txt
check "... its newline starts a continuation line" grep -q '^  nada este mes; la cifra' "$T/.out"
check "... no article: no sentence" sh -c '! grep -q "sentence:" "$1"' sh "$T/.out"
succeeds "show --json is one line" show "$quote" --json
check "... in the export shape" grep -q '^{"id":"[0-9a-f]\{64\}","body":{.*},"history":\[.*\],"current":{.*},"signed_by":{.*},"sig":"[A-Za-z0-9+/]\{86\}=="}$' "$T/.out"

# Colour: on a terminal only; NO_COLOR (any non-empty value) turns it off.
if command -v script >/dev/null 2>&1; then
	script -qc "'$BIN' list" /dev/null </dev/null >tty.out 2>&1
	check "list on a terminal is coloured" grep -q "$esc\[" tty.out
	script -qc "NO_COLOR=1 '$BIN' list" /dev/null </dev/null >tty.out 2>&1
	check "NO_COLOR=1: no escape" sh -c '! grep -q "$1" "$2"' sh "$esc" tty.out
	check "... and the table still there" grep -q 'SEQ  DATE' tty.out
	script -qc "NO_COLOR= '$BIN' list" /dev/null </dev/null >tty.out 2>&1
	check "NO_COLOR empty: coloured" grep -q "$esc\[" tty.out
	script -qc "'$BIN' show $quote" /dev/null </dev/null >tty.out 2>&1
	check "show on a terminal is coloured" grep -q "$esc\[" tty.out
	script -qc "NO_COLOR=yes '$BIN' show $quote" /dev/null </dev/null >tty.out 2>&1
	check "show with NO_COLOR: no escape" sh -c '! grep -q "$1" "$2"' sh "$esc" tty.out
	script -qc "'$BIN' list | cat" /dev/null </dev/null >tty.out 2>&1
	check "a pipe on a terminal: no colour" sh -c '! grep -q "$1" "$2"' sh "$esc" tty.out
	script -qc "stty cols 132; NO_COLOR=1 '$BIN' list" /dev/null </dev/null | tr -d '\r' >tty.out
	check "a 132-column terminal: rows up to 132, some over 80" eval 'fits 132 tty.out && wider 80 tty.out'
else
	not_ok "script(1) is needed to test colour on a terminal"
fi
run list
check "piped list: no escape" sh -c '! grep -q "$1" "$2"' sh "$esc" "$T/.out"

# An editor's row, and the grammar of messages about it.
"$BIN" keygen --name bob --out bob.key >/dev/null 2>&1
succeeds "editor add" editor add bob bob.key.pub --key owner.key
ed=$(( corr + 2 ))
succeeds "list" list
check "the editor row is hidden" sh -c '! grep -q "\[editor\]" "$1"' sh "$T/.out"
succeeds "list --type editor" list --type editor
check "--type editor shows it" grep -q '\[editor\] .*add editor bob' "$T/.out"
fails 2 "rate an editor record" rate "$ed" --verdict true --key owner.key
check "... 'is an editor'" grep -q "record $ed is an editor, not a claim" "$T/.err"
fails 2 "correct values of the config record" correct 1 --speaker x --reason r --key owner.key
check "... 'is a config'" grep -q "record 1 is a config:" "$T/.err"

finish
