#!/bin/sh
# options.sh: the option parser every command shares (cli_getopt).  An
# option given twice is refused unless it is meant to repeat (rate
# --evidence); a value given as its own argument that begins with "--" is
# a forgotten value and refused, while --opt=--value passes it on purpose.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
before=$(ledger_sum)

# refused WHAT NEEDLE ARGS...: exit 2, the message holds NEEDLE, no change.
refused() {
	r_what=$1 r_needle=$2; shift 2
	fails 2 "$r_what" "$@"
	check "$r_what: the message says '$r_needle'" grep -qF -- "$r_needle" "$T/.err"
	check "$r_what: the ledger is byte-identical" [ "$(ledger_sum)" = "$before" ]
}

refused "add --speaker --speaker A (a forgotten value)" "write --speaker=VALUE" \
	add "a claim" --speaker --speaker A --source https://news.example/s --date 2021-11-22
refused "add --source given twice" "option '--source' is given twice" \
	add "a claim" --speaker A --source https://news.example/s --source t --date 2021-11-22
refused "add --key given twice" "option '--key' is given twice" \
	add "a claim" --speaker A --source https://news.example/s --date 2021-11-22 --key owner.key --key owner.key
refused "rate --verdict given twice" "option '--verdict' is given twice" \
	rate 1 --verdict false --verdict true
refused "rate --note --evidence x (a forgotten value)" "write --note=VALUE" \
	rate 1 --verdict false --note --evidence x
refused "correct --reason=a --reason b" "option '--reason' is given twice" \
	correct 1 --reason=a --reason b
refused "list --limit twice" "option '--limit' is given twice" list --limit 1 --limit 2
refused "export --out --format jsonl (a forgotten value)" "write --out=VALUE" \
	export --out --format jsonl
refused "--ledger given twice" "option '--ledger' is given twice" \
	stats --ledger "$T/led" --ledger "$T/led"
check "the refused export wrote no file called --format" [ ! -e ./--format ]

succeeds "add --speaker=--speaker passes a value that begins with --" \
	add "a claim" --speaker=--speaker --source https://news.example/s --date 2021-11-22
seq=$(sed -n 's/^seq \([0-9]*\) .*/\1/p' "$T/.out")
run show "$seq"
check "the speaker is '--speaker'" grep -qx 'speaker: --speaker' "$T/.out"
succeeds "rate --evidence twice (meant to repeat)" \
	rate 1 --verdict false --evidence https://a.example --evidence https://b.example
run show 1 --json
check "both pieces of evidence are kept" grep -q '"evidence":\["https://a.example","https://b.example"\]' "$T/.out"
finish
