#!/bin/sh
# stats.sh: issue 13, `stats` as an overview.  On a known ledger (seven
# claims, four speakers, three articles, three months, verdicts and
# corrections of claims and of a verdict) the counts by type stay, and
# the claims by speaker (top N), by verdict, rated and unrated, by article
# and by month are exact, each claim counted as it reads after its
# corrections; --json keeps its members and adds the new ones.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
succeeds "init" init --key owner.key --origin example.org/stats
add() { # TEXT SPEAKER SOURCE DATE
	"$BIN" add "$1" --speaker "$2" --source "$3" --date "$4" --key owner.key >/dev/null ||
		not_ok "add '$1'"
}
A=https://news.example/a B=https://news.example/b C=https://other.example/c
add "One."   "Helena Matos" $A 2024-03-01   # 1
add "Two."   "HELENA MÁTOS" $A 2024-03-15   # 2: the same speaker, folded
add "Three." "Ana Ruiz"     $A 2024-04-02   # 3
add "Four."  "Ana Ruiz"     $B 2024-04-03   # 4
add "Five."  "Ana Ruiz"     $B 2024-05-09   # 5
add "Six."   "Bo Chen"      $C 2024-05-10   # 6
add "Seven." "Wrong Name"   $C 2024-05-11   # 7
"$BIN" rate 1 --verdict false --key owner.key >/dev/null          # 8
"$BIN" rate 3 --verdict true --key owner.key >/dev/null           # 9
"$BIN" rate 3 --verdict mixed --key owner.key >/dev/null          # 10: the latest wins
"$BIN" rate 6 --verdict false --key owner.key >/dev/null          # 11
succeeds "correct verdict 11 to mostly-false" correct 11 --verdict mostly-false \
	--reason "misread" --key owner.key                             # 12
succeeds "correct claim 7's speaker to Bo Chen, its date and source" correct 7 \
	--speaker "Bo Chen" --date 2024-06-01 --source $B --reason "misattributed" --key owner.key # 13

succeeds "stats --json" stats --json
check "stats --json is one line" [ "$(wc -l <"$T/.out")" -eq 1 ]
check "the counts: exact" /usr/bin/python3 - "$T/.out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
def want(k, v):
    if s.get(k) != v:
        sys.exit("%s: %r, want %r" % (k, s.get(k), v))
# The members that were there before stay.
for k, v in {"size": 14, "genesis": 1, "editors": 0, "claims": 7, "verdicts": 4,
             "corrections": 2, "aliases": 0, "configs": 0}.items():
    want(k, v)
for k in ("head", "root", "origin", "owner", "bytes"):
    assert k in s, k
want("rated", 3)
want("unrated", 4)
want("by_verdict", {"true": 0, "mostly-true": 0, "mixed": 1, "mostly-false": 1,
                    "false": 1, "misleading": 0, "unproven": 0, "none": 4})
want("speakers", 3)
want("by_speaker", [{"speaker": "Ana Ruiz", "claims": 3},
                    {"speaker": "Bo Chen", "claims": 2},
                    {"speaker": "Helena Matos", "claims": 2}])
want("sources", 3)
want("by_source", [{"source": "https://news.example/a", "claims": 3},
                   {"source": "https://news.example/b", "claims": 3},
                   {"source": "https://other.example/c", "claims": 1}])
want("by_month", [{"month": "2024-03", "claims": 2}, {"month": "2024-04", "claims": 2},
                  {"month": "2024-05", "claims": 2}, {"month": "2024-06", "claims": 1}])
PY
succeeds "stats --json --top 1" stats --json --top 1
check "--top 1: one speaker and one source, the distinct counts whole" /usr/bin/python3 -c '
import json, sys; s = json.load(open(sys.argv[1]))
assert s["by_speaker"] == [{"speaker": "Ana Ruiz", "claims": 3}], s["by_speaker"]
assert len(s["by_source"]) == 1 and s["speakers"] == 3 and s["sources"] == 3, s' "$T/.out"
succeeds "stats (human)" stats --top 2
check "human: the claims line" grep -qx 'claims: 7, rated 3, unrated 4 (as corrected)' "$T/.out"
check "human: the top 2 of 3 speakers" grep -qx 'by speaker (top 2 of 3):' "$T/.out"
check "human: Ana Ruiz first" sh -c "grep -A1 '^by speaker' '$T/.out' | grep -q ' 3  Ana Ruiz$'"
check "human: Helena Matos is past the top 2" sh -c "! grep -q 'Helena' '$T/.out'"
check "human: a verdict row" grep -q '^ *1  mostly-false$' "$T/.out"
check "human: by month" grep -q '^ *1  2024-06$' "$T/.out"
check "human: the counts by type stay" grep -qx 'claims: 7' "$T/.out"
fails 2 "--top must be a count" stats --top x
# Hostile names are escaped in the human output.
add "Eight." "$(printf 'Evil\342\200\256Name')" $A 2024-05-01
succeeds "stats with a bidi override in a speaker" stats --top 0
check "the override is shown as an escape" grep -q 'Evil<U+202E>Name' "$T/.out"
finish
