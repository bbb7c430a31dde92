#!/bin/sh
# keys.sh: keygen, key files, passphrases, and key refusals.
. "$(dirname "$0")/lib.inc"

succeeds "keygen makes a key" keygen --name alice --out alice.key
check "secret key file is mode 0600" \
	[ "$(ls -l alice.key | cut -c1-10)" = "-rw-------" ]
check "verifier key file alice.key.pub exists" [ -f alice.key.pub ]
check "verifier key is name+8 hex+base64 of 33 bytes" \
	grep -Eq '^alice\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$' alice.key.pub
check "keygen prints the verifier key" grep -qxF "$(cat alice.key.pub)" "$T/.out"

sum=$(cksum <alice.key)
fails 2 "keygen refuses an existing file" keygen --name alice --out alice.key
check "the existing key is untouched" [ "$(cksum <alice.key)" = "$sum" ]
fails 2 "keygen refuses a bad key name" keygen --name 'a+b' --out ab.key
check "no file is left for a bad name" [ ! -e ab.key ]
fails 2 "keygen without --out is a usage error" keygen --name x

mkdir led
fails 2 "keygen refuses a key inside the ledger directory" \
	keygen --name x --out led/x.key --ledger led
export CLAIMLEDGER_DIR="$T/led"
fails 2 "keygen refuses a key inside \$CLAIMLEDGER_DIR via .." \
	keygen --name x --out sub/../led/x.key
check "the refusal names the ledger directory" grep -q "inside the ledger directory '$T/led'" "$T/.err"
unset CLAIMLEDGER_DIR
check "nothing was written in the ledger directory" [ -z "$(ls led)" ]
rmdir led

# init refuses an owner key that sits inside the ledger directory.
mkdir led3 && "$BIN" keygen --name x --out x.key >/dev/null && mv x.key led3/
fails 2 "init refuses a key inside the ledger directory" \
	init --ledger led3 --key led3/x.key
check "no ledger was made around the key" [ ! -e led3/data.mdb ]

# A ledger, then keys that must be refused.
succeeds "init with the key" init --ledger led --key alice.key

# Not in any ledger either, whichever one --ledger names.
fails 2 "keygen refuses a key in another ledger's directory" \
	keygen --name y --out led/y.key --ledger elsewhere
check "the refusal names that ledger" grep -q "a secret key must not be inside a ledger directory ('$T/led' holds one)" "$T/.err"
mkdir led/deeper
fails 2 "keygen refuses a key below another ledger's directory" keygen --name y --out led/deeper/y.key
check "nothing was written there" [ -z "$(ls led/deeper)" ]
rmdir led/deeper
"$BIN" keygen --name z --out z.key >/dev/null && mv z.key led/
fails 2 "init refuses an owner key that lies in another ledger" init --ledger led5 --key led/z.key
check "no ledger was made" [ ! -e led5/data.mdb ]
rm led/z.key
fails 2 "init refuses a second ledger in the same directory" \
	init --ledger led --key alice.key
sum=$(ledger_sum)
claim() { echo "--speaker S --source https://example.org/src --date 2021-11-22 --ledger led"; }
fails 2 "add without a key" add "a claim" $(claim)
cp alice.key loose.key && chmod 640 loose.key
fails 2 "a group-readable (0640) secret key is refused" \
	add "a claim" $(claim) --key loose.key
check "the refusal names the key file" grep -q "loose.key" "$T/.err"
fails 2 "a missing key file is refused" add "a claim" $(claim) --key nosuch.key
"$BIN" keygen --name mallory --out mallory.key >/dev/null
fails 2 "a key that is not an editor is refused" \
	add "a claim" $(claim) --key mallory.key
check "refused commands left the ledger byte-identical" [ "$(ledger_sum)" = "$sum" ]

# $CLAIMLEDGER_KEY and $CLAIMLEDGER_DIR stand in for the flags.
CLAIMLEDGER_KEY=alice.key CLAIMLEDGER_DIR=led "$BIN" add "env claim" \
	--speaker S --source https://example.org/src --date 2021-11-22 >"$T/.out" 2>"$T/.err"
check "\$CLAIMLEDGER_KEY and \$CLAIMLEDGER_DIR are used" \
	grep -Eq '^seq 1 id [0-9a-f]{64}$' "$T/.out"

# Passphrase-protected keys.
printf 'correct horse\n' >pass.txt && chmod 600 pass.txt
printf 'wrong horse\n' >wrong.txt && chmod 600 wrong.txt
succeeds "keygen with a passphrase file" \
	keygen --name bob --out bob.key --passphrase-file pass.txt
check "the encrypted key is mode 0600" [ "$(ls -l bob.key | cut -c1-10)" = "-rw-------" ]
succeeds "init with the passphrase key and the right passphrase" \
	init --ledger led2 --key bob.key --passphrase-file pass.txt
sum=$(ledger_sum "$T/led2")
fails 2 "the wrong passphrase is refused" add "x" --speaker S --source https://example.org/s \
	--date 2021-11-22 --ledger led2 --key bob.key --passphrase-file wrong.txt
fails 2 "no passphrase for an encrypted key is refused" add "x" --speaker S \
	--source https://example.org/s --date 2021-11-22 --ledger led2 --key bob.key
check "the ledger is unchanged after passphrase refusals" \
	[ "$(ledger_sum "$T/led2")" = "$sum" ]
CLAIMLEDGER_PASSPHRASE_FILE=pass.txt "$BIN" add "x" --speaker S --source https://example.org/s \
	--date 2021-11-22 --ledger led2 --key bob.key >"$T/.out" 2>&1
check "\$CLAIMLEDGER_PASSPHRASE_FILE with the right passphrase works" \
	grep -q '^seq 1 ' "$T/.out"
printf 'correct horse' >pass-nonl.txt && chmod 600 pass-nonl.txt
succeeds "a passphrase file without a trailing newline is the same passphrase" \
	add "y" --speaker S --source https://example.org/s --date 2021-11-22 --ledger led2 \
	--key bob.key --passphrase-file pass-nonl.txt
finish
