#!/bin/sh
# catalogue.sh: the catalogue of bad inputs (fixtures/bad/catalogue.txt).
# Each entry runs one command against a ledger of the seed claims and must
# exit with its status, print exactly one stderr line "claimledger: ..."
# containing its expected text, and leave the ledger byte-identical.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" checkpoint >cp.txt || not_ok "checkpoint"
"$BIN" export --key owner.key --out good.jsonl >/dev/null || not_ok "export"

# The files the catalogue's commands read.
printf 'caf\351 au lait\n' >latin1.txt
head -c 4096 /dev/urandom >random.bin
printf '\0\0\0\0' >nul.txt
: >empty.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22"}\n{"text":\n' >line2.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","seq":4}\n' >seq.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","offset":-1}\n' >neg.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","kind":"rumour"}\n' >kind.jsonl
printf '{"text":"  ","speaker":"s","source":"https://example.org/u","date":"2021-11-22"}\n' >blank.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","offset":9007199254740993}\n' >huge.jsonl
printf '{"text":"t","speaker":"s","source":"https://example.org/u","date":"2021-11-22","document":"abc"}\n' >doc.jsonl
python3 -c 'print("{\"text\":\"" + "a" * (2 * 1024 * 1024) + "\"}")' >longline.jsonl
printf 'url example-herald.com/x\ndate 2021-11-22\n\nJohn Smith said the budget was balanced.\n' >badurl.txt
printf '{"text":"t","speaker":"s","source":"https://news.example/a","date":"2021-11-22"}\n{"text":"t","speaker":"s","source":"news.example/a","date":"2021-11-22"}\n' >badurl.jsonl
"$BIN" keygen --name stranger --out stranger.key >/dev/null
"$BIN" keygen --name loose --out loose.key >/dev/null && chmod 644 loose.key
printf 'not a key\n' >garbage.key && chmod 600 garbage.key
printf 'correct horse\n' >pass.txt && chmod 600 pass.txt
"$BIN" keygen --name locked --out locked.key --passphrase-file pass.txt >/dev/null
printf 'wrong horse\n' >wrong.txt && chmod 600 wrong.txt
ln -s owner.key link.key
sed '3s/"speaker":"[^"]*"/"speaker":"Someone Else"/' good.jsonl >edited.jsonl
head -n 5 good.jsonl >truncated.jsonl
printf 'example.org\n1\nAAAA\n' >notsigned.txt
printf 'claimledger-test+00000000+AAAA\n' >bad.pub

before=$(ledger_sum)
n=0
while IFS='|' read -r want expect cmd; do
	case $want in ''|'#'*) continue ;; esac
	n=$((n + 1))
	eval "set -- $cmd"
	run "$@"
	what="catalogue $n: $cmd"
	if [ "$rc" -ne "$want" ]; then
		not_ok "$what: exit $rc, want $want: $(head -c 200 "$T/.err")"
	elif ! one_error_line; then
		not_ok "$what: stderr is not one 'claimledger: ' line: $(head -c 200 "$T/.err")"
	elif ! grep -qF -- "$expect" "$T/.err"; then
		not_ok "$what: stderr lacks '$expect': $(head -c 200 "$T/.err")"
	elif [ "$(ledger_sum)" != "$before" ]; then
		not_ok "$what: the ledger changed"
	else
		ok "$what (exit $want)"
	fi
done <"$FIX/bad/catalogue.txt"
check "the catalogue has at least 30 entries" [ "$n" -ge 30 ]
finish
