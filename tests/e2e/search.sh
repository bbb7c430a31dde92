#!/bin/sh
# search.sh: issue 13, search that finds things.  --speaker matches a
# whole name or a run of its words, in any case and with or without
# accents, and through the alias table (an alias added after the claims
# finds them); --source matches the exact URL or its host (whole, or a
# dot-suffix, never a substring); a query with no match says so on stderr
# only when stdout is a terminal.
. "$(dirname "$0")/lib.inc"

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
succeeds "init" init --key owner.key --origin example.org/search
add() { # TEXT SPEAKER SOURCE
	"$BIN" add "$1" --speaker "$2" --source "$3" --date 2024-05-01 --key owner.key >/dev/null ||
		not_ok "add '$1'"
}
add "Unemployment fell by half." "Helena Matos" https://www.example-herald.com/a/b
add "Nurses are leaving." "FNE" https://news.example.org/nurses
add "Wages rose." "Jiří Dvořák" https://example-herald.com/c
add "Beds are closing." "National Nurses' Federation" https://sub.news.example.org/beds
add "Prices rose." "Ana Matosinhos" https://notexample-herald.com/x

# seqs ARGS...: the seqs `list ARGS` prints, sorted, on one line.
seqs() {
	"$BIN" list "$@" --json | python3 -c '
import json, sys
print(" ".join(str(s) for s in sorted(json.loads(l)["body"]["seq"] for l in sys.stdin)))'
}
expect() { # WHAT FLAG VALUE WANT
	got=$(seqs "$2" "$3")
	if [ "$got" = "$4" ]; then ok "$1"; else not_ok "$1: got '$got', want '$4'"; fi
}
expect "--speaker Matos finds Helena Matos (a word of the name)" --speaker Matos "1"
expect "--speaker matos (lower case)" --speaker matos "1"
expect "--speaker MATOS (upper case)" --speaker MATOS "1"
expect "--speaker Mátos (an accent the name does not have)" --speaker "Mátos" "1"
expect "--speaker 'helena matos' (the whole name)" --speaker "helena matos" "1"
expect "--speaker Mato is no word of any name" --speaker Mato ""
expect "--speaker 'Matos Helena' (words out of order) finds nothing" --speaker "Matos Helena" ""
expect "--speaker dvorak finds Jiří Dvořák (accents dropped on both sides)" --speaker dvorak "3"
expect "--speaker 'JIRI DVOŘÁK'" --speaker "JIRI DVOŘÁK" "3"
expect "before the alias: the federation is found by its own name only" \
	--speaker "National Nurses' Federation" "4"
expect "before the alias: FNE finds only FNE" --speaker FNE "2"

before=$(ledger_sum)
succeeds "alias add FNE" alias add "FNE" "National Nurses' Federation" --key owner.key
expect "after the alias: the federation's name finds the earlier FNE claim too" \
	--speaker "National Nurses' Federation" "2 4"
expect "after the alias: FNE finds the federation's claims too" --speaker FNE "2 4"
expect "after the alias: fne (any case) too" --speaker fne "2 4"
expect "after the alias: a word of the canonical name finds the group" --speaker nurses "2 4"
succeeds "alias remove FNE" alias remove "FNE" --key owner.key
expect "after the remove: FNE finds only FNE again" --speaker FNE "2"

expect "--source with the exact URL" --source https://www.example-herald.com/a/b "1"
expect "--source www.example-herald.com (the whole host)" --source www.example-herald.com "1"
expect "--source example-herald.com (a dot-suffix of the host, and the host of 3)" \
	--source example-herald.com "1 3"
expect "--source EXAMPLE-Herald.COM (hosts compare in any case)" --source EXAMPLE-Herald.COM "1 3"
expect "--source herald.com is not a substring match" --source herald.com ""
expect "--source example.org finds news. and sub.news." --source example.org "2 4"
expect "--source news.example.org" --source news.example.org "2 4"
expect "--source sub.news.example.org" --source sub.news.example.org "4"
expect "--source https://example-herald.com (a URL) matches exactly only" \
	--source https://example-herald.com ""
got=$(seqs --speaker matos --source example-herald.com)
check "--speaker and --source combine" [ "$got" = "1" ]
got=$(seqs --speaker matos --source example.org)
check "--speaker and --source combine (no claim has both)" [ -z "$got" ]

# A correction of the speaker: found by the new name, not the old one.
succeeds "correct claim 5's speaker" correct 5 --speaker "Ana Pereira" --reason "misattributed" --key owner.key
expect "the corrected speaker is found by a word of it" --speaker pereira "5"
expect "and no longer by the recorded one" --speaker matosinhos ""

# No match: a note on stderr on a terminal only; exit 0 both ways.
run list --speaker nobody
check "no match, piped: exit 0, nothing on stderr" [ "$rc" -eq 0 -a ! -s "$T/.err" ]
if command -v script >/dev/null 2>&1; then
	script -qc "'$BIN' list --speaker nobody 2>'$T/tty.err'; echo rc=\$?" /dev/null >"$T/tty.out" 2>&1
	check "no match on a terminal: the note on stderr" \
		grep -qx 'claimledger: list: no records match' "$T/tty.err"
	check "no match on a terminal: exit 0" grep -q 'rc=0' "$T/tty.out"
	script -qc "'$BIN' list --speaker matos 2>'$T/tty2.err'" /dev/null >/dev/null 2>&1
	check "a match on a terminal: no note" [ ! -s "$T/tty2.err" ]
else
	not_ok "script(1) is needed for the terminal checks"
fi
# Hosts that share a prefix: a search skips the URLs of a host that does
# not match all at once, and must not skip the next host with it.
add "A1." "X" https://a.example/1          # 9 (after the aliases and the correction)
add "A2." "X" https://a.example/2
add "A3." "X" http://a.example:8080/3
add "Z1." "X" https://a.examplez.com/x
add "Z2." "X" https://a.example.com/y
expect "--source examplez.com after two URLs of a.example" --source examplez.com "12"
expect "--source a.example: every scheme and port, not a.examplez.com" --source a.example "9 10 11"
expect "--source example.com: a.example.com only" --source example.com "13"
succeeds "verify" verify
finish
