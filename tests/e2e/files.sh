#!/bin/sh
# files.sh: the small files the CLI reads by name (--pubkey, editor add
# PUBFILE, --speakers and $CLAIMLEDGER_SPEAKERS, --passphrase-file,
# --checkpoint, --key) must be regular files: a FIFO is refused at once
# (exit 2, naming the file) instead of hanging the command; a passphrase
# file is its owner's only and one "\n" or "\r\n" ends it; prove reads its
# checkpoint once.  Each FIFO command runs under `timeout 10`: a hang
# shows as exit 124, never as a pass.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" checkpoint >cp.txt || not_ok "checkpoint"
"$BIN" export --out good.jsonl >/dev/null || not_ok "export"
"$BIN" keygen --name bob --out bob.key >/dev/null
before=$(ledger_sum)
mkfifo fifo

# fifo_refused WHAT ARGS...: exit 2 (not 124: no hang), one error line
# naming the FIFO, the ledger byte-identical.
fifo_refused() {
	f_what=$1; shift
	timeout 10 "$BIN" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
	if [ "$rc" -eq 2 ] && one_error_line && grep -q "'fifo'" "$T/.err"; then
		ok "$f_what: a FIFO is refused (exit 2)"
	else
		not_ok "$f_what: a FIFO: exit $rc, want 2 naming 'fifo': $(head -c 300 "$T/.err")"
	fi
	check "$f_what: the ledger is byte-identical" [ "$(ledger_sum)" = "$before" ]
}

fifo_refused "verify-export --pubkey" verify-export good.jsonl --pubkey fifo
fifo_refused "editor add PUBFILE" editor add bob fifo
fifo_refused "extract --speakers" extract "$FIX/articles/nurses-strike-2023-10-04.txt" --speakers fifo
fifo_refused "import --speakers" import "$FIX/articles/nurses-strike-2023-10-04.txt" \
	--source https://news.example/s --date 2021-11-22 --speakers fifo
export CLAIMLEDGER_SPEAKERS=fifo
fifo_refused "\$CLAIMLEDGER_SPEAKERS" extract "$FIX/articles/nurses-strike-2023-10-04.txt"
unset CLAIMLEDGER_SPEAKERS
fifo_refused "add --passphrase-file" add "x" --speaker S --source https://news.example/s --date 2021-11-22 \
	--passphrase-file fifo
fifo_refused "keygen --passphrase-file" keygen --name k --out k.key --passphrase-file fifo
check "keygen made no key" [ ! -e k.key ]
fifo_refused "verify --checkpoint" verify --checkpoint fifo
fifo_refused "prove --checkpoint" prove 3 --checkpoint fifo
fifo_refused "add --key" add "x" --speaker S --source https://news.example/s --date 2021-11-22 --key fifo

# A FIFO that serves a signed checkpoint, then an unsigned one: prove read
# its file twice, checked the first and put the second in the proof (or,
# when the two writes ran together, failed on their concatenation).  Now
# it reads the file once, and refuses a FIFO before reading it.
printf 'test/e2e\n15\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' >unsigned.txt
# The writer's output goes nowhere: a writer left blocked must not hold
# the pipe tests/run.sh reads the test's output from.
timeout 20 sh -c 'cat cp.txt >fifo; cat unsigned.txt >fifo' >/dev/null 2>&1 &
writer=$!
timeout 10 "$BIN" prove 3 --checkpoint fifo >"$T/.out" 2>"$T/.err"
rc=$?
kill "$writer" 2>/dev/null
# Killing timeout does not reach a cat still blocked opening the FIFO:
# a reader that never blocks (read-write) lets it write and end.
exec 3<>fifo
sleep 0.2
exec 3<&-
wait "$writer" 2>/dev/null
check "prove refuses a checkpoint FIFO fed twice (exit 2)" [ "$rc" -eq 2 ]
check "... as not a regular file, before reading it" grep -q "checkpoint 'fifo' is not a regular file" "$T/.err"
check "... and prints no proof" [ ! -s "$T/.out" ]
succeeds "prove --checkpoint with the regular file" prove 3 --checkpoint cp.txt
check "the proof carries the checkpoint file's bytes" sh -c 'tail -n 5 "$0" | cmp -s - cp.txt' "$T/.out"

# Passphrase files: the owner's only, one line ending in "\n" or "\r\n".
printf 'correct horse\n' >pass.txt
chmod 644 pass.txt
fails 2 "a 0644 passphrase file is refused" keygen --name p --out p.key --passphrase-file pass.txt
check "the message says what to run" grep -q "passphrase file 'pass.txt' is accessible by group or others: run chmod 600 'pass.txt'" "$T/.err"
check "no key was made" [ ! -e p.key ]
chmod 600 pass.txt
succeeds "a 0600 passphrase file is accepted" keygen --name p --out p.key --passphrase-file pass.txt
printf 'correct horse\r\n' >crlf.txt && chmod 600 crlf.txt
"$BIN" editor add p p.key.pub >/dev/null || not_ok "add the editor p"
succeeds "a CRLF passphrase file gives the same passphrase" add "crlf" --speaker S \
	--source https://news.example/s --date 2021-11-22 --key p.key --passphrase-file crlf.txt
printf 'correct horse\r' >cr.txt && chmod 600 cr.txt
fails 2 "a lone trailing CR is part of the passphrase" add "cr" --speaker S \
	--source https://news.example/s --date 2021-11-22 --key p.key --passphrase-file cr.txt
finish
