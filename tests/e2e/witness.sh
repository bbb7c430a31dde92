#!/bin/sh
# witness.sh: other newsrooms witness a ledger's checkpoints
# (c2sp.org/tlog-cosignature).  Two ledgers with the same owner key and
# origin but different histories are a fork: A is what the public sees, B
# what an auditor is shown.  A witness that cosigned A's checkpoints
# refuses B's, whatever proof comes with them, and leaves its state as it
# was; an auditor requiring two witnesses' cosignatures refuses a
# checkpoint with one, and a forged one.
. "$(dirname "$0")/lib.inc"

add() { # LEDGER TEXT: one claim signed by the owner
	"$BIN" add "$2" --speaker "Ana Ruiz" --source https://news.example/a \
		--date 2024-09-02 --key owner.key --ledger "$1" >/dev/null
}
grow() { # LEDGER FROM TO WORD: claims until the ledger holds TO records
	i=$2
	while [ "$i" -lt "$3" ]; do add "$1" "The $4 figure $i was announced"; i=$((i + 1)); done
}
state_sum() { cat w1state/* 2>/dev/null | cksum; }

"$BIN" keygen --name owner --out owner.key >/dev/null || not_ok "owner key"
for l in A B; do
	"$BIN" init --ledger $l --key owner.key --origin test/e2e >/dev/null || not_ok "init $l"
done
grow A 1 5 public && "$BIN" checkpoint --ledger A --key owner.key >a5 || not_ok "A at 5"
grow A 5 8 public && "$BIN" checkpoint --ledger A --key owner.key >a8 || not_ok "A at 8"
"$BIN" consistency 5 8 --ledger A >a5to8 || not_ok "A's proof 5 to 8"
grow B 1 5 private && "$BIN" checkpoint --ledger B --key owner.key >b5 || not_ok "B at 5"
grow B 5 9 private && "$BIN" checkpoint --ledger B --key owner.key >b9 || not_ok "B at 9"
"$BIN" consistency 5 9 --ledger B >b5to9 || not_ok "B's proof 5 to 9"
"$BIN" consistency 8 9 --ledger B >b8to9 || not_ok "B's proof 8 to 9"
check "A and B have different roots at size 5" sh -c '! cmp -s a5 b5'

# ---- witness keys -------------------------------------------------------------
succeeds "keygen --witness" keygen --name w1.example/witness --out w1.key --witness
check "it names the witness verifier key" grep -q '^witness verifier key: w1.key.pub$' "$T/.out"
check "FILE.pub is a type 0x04 vkey" sh -c \
	'cut -d+ -f3- w1.key.pub | base64 -d | head -c 1 | od -An -tx1 | grep -q 04'
"$BIN" keygen --name w2.example/witness --out w2.key --witness >/dev/null || not_ok "w2 key"
"$BIN" keygen --name w3.example/witness --out w3.key --witness >/dev/null || not_ok "w3 key"
fails 2 "a witness key is not a log key" witness cosign a5 --log-key w1.key.pub --key w1.key --state w1state

W1="witness cosign --key w1.key --log-key owner.key.pub --state w1state"

# ---- the rule -------------------------------------------------------------------
succeeds "A at 5: first sight, cosigned (trust on first use)" $W1 a5 --out a5w1
check "with --out it says what it cosigned" grep -qx "cosigned 'test/e2e' at size 5: a5w1" "$T/.out"
check "the --out file is mode 0644, no temporary file beside it" sh -c \
	'[ "$(stat -c %a a5w1)" = 644 ] && [ -z "$(ls -A | grep "^\.a5w1\.")" ]'
check "the output is a5 and one more line" sh -c \
	'[ "$(head -n 5 a5w1)" = "$(cat a5)" ] && [ "$(wc -l <a5w1)" -eq 6 ] &&
	 tail -n 1 a5w1 | grep -q "^— w1.example/witness "'
check "the state file is mode 0600 and holds the output" sh -c \
	'f=$(ls w1state | grep -v lock) && [ "$(stat -c %a "w1state/$f")" = 600 ] &&
	 cmp -s "w1state/$f" a5w1 &&
	 [ "$f" = "$(printf %s test/e2e | sha256sum | cut -c1-64)" ]'
succeeds "A at 5 again: same size, same root" $W1 a5
fails 2 "A at 8 without a proof" $W1 a8
check "it names the sizes and the command that prints the proof" \
	grep -q "grew from size 5 to 8 .*claimledger consistency 5 8" "$T/.err"
succeeds "A at 8 with A's proof from 5" $W1 a8 --proof a5to8
out >a8w1
check "stdout is a8 with the cosignature" sh -c '[ "$(head -n 5 a8w1)" = "$(cat a8)" ]'
before=$(state_sum)

fails 1 "B at 5 (smaller, and another root)" $W1 b5
check "it says why" grep -q "^claimledger: witness: checkpoint 'test/e2e' size 5 is not consistent with the one this witness cosigned at size 8: it is smaller$" "$T/.err"
check "state unchanged" [ "$(state_sum)" = "$before" ]
fails 1 "B at 9 with B's proof from 5 (the witness is at A's 8)" $W1 b9 --proof b5to9
check "it names both sizes" grep -q "size 9 is not consistent with the one this witness cosigned at size 8: the consistency proof does not verify" "$T/.err"
check "state unchanged" [ "$(state_sum)" = "$before" ]
fails 1 "B at 9 with B's own proof from 8" $W1 b9 --proof b8to9
check "state unchanged" [ "$(state_sum)" = "$before" ]
printf '' >empty
fails 1 "B at 9 with an empty proof" $W1 b9 --proof empty
"$BIN" init --ledger B8 --key owner.key --origin test/e2e >/dev/null
grow B8 1 8 private && "$BIN" checkpoint --ledger B8 --key owner.key >b8 || not_ok "B at 8"
fails 1 "B at 8: the same size, another root (a fork)" $W1 b8
check "it says fork" grep -q "size 8 is not consistent with the one this witness cosigned at size 8: another root at the same size (a fork)" "$T/.err"
check "state unchanged after every refusal" [ "$(state_sum)" = "$before" ]
check "no temporary file left" sh -c '[ "$(ls -A w1state | wc -l)" -eq 2 ]'
succeeds "A at 8 is still cosigned" $W1 a8

# A second witness that first saw B: it refuses A for the same reasons.
succeeds "w3 cosigns B at 9 first" witness cosign b9 --key w3.key --log-key owner.key.pub --state w3state
fails 1 "w3 refuses A at 8" witness cosign a8 --key w3.key --log-key owner.key.pub --state w3state --proof a5to8

# ---- bad input ------------------------------------------------------------------
before=$(state_sum)
sed 's/^8$/9/' a8 >a8x
fails 1 "a checkpoint whose owner signature fails" $W1 a8x --proof a5to8
"$BIN" keygen --name owner --out other.key >/dev/null
fails 1 "another log key" witness cosign a8 --key w1.key --log-key other.key.pub --state w1state
sed '1s/^/x/' a5to8 >badproof
printf '\n8\nAAAA\n\n' >noorigin
fails 2 "a checkpoint without an origin line" $W1 noorigin
fails 2 "a checkpoint that is not a signed note" $W1 a5to8
fails 2 "a proof that is not base64 hashes" $W1 a8 --proof badproof
fails 2 "no --key" witness cosign a8 --log-key owner.key.pub --state w1state
fails 2 "no --log-key" witness cosign a8 --key w1.key --state w1state
fails 2 "an unknown subcommand" witness sign a8
fails 2 "an empty --state" witness cosign a8 --key w1.key --log-key owner.key.pub --state ""
check "state unchanged after bad input" [ "$(state_sum)" = "$before" ]
mkdir w4state && cp w1state/* w4state/
f=$(ls w4state | grep -v lock)
sed -i 's/^8$/7/' "w4state/$f"
fails 3 "a damaged state file" witness cosign a8 --key w1.key --log-key owner.key.pub --state w4state
XDG_STATE_HOME="$T/xdg" "$BIN" witness cosign a5 --key w2.key --log-key owner.key.pub >/dev/null 2>&1
XDG_STATE_HOME="$T/xdg" "$BIN" witness cosign a8 --key w3.key --log-key owner.key.pub >/dev/null 2>&1
id2=$(cut -d+ -f2 w2.key.pub) id3=$(cut -d+ -f2 w3.key.pub)
check "the state goes to \$XDG_STATE_HOME/claimledger/witness/<key id>, one per witness key" \
	sh -c "ls xdg/claimledger/witness/$id2 | grep -q '^[0-9a-f]\{64\}\$' &&
	       ls xdg/claimledger/witness/$id3 | grep -q '^[0-9a-f]\{64\}\$'"
HOME="$T/home" XDG_STATE_HOME= "$BIN" witness cosign a5 --key w2.key --log-key owner.key.pub >/dev/null 2>&1
check "else under ~/.local/state" sh -c "ls home/.local/state/claimledger/witness/$id2 | grep -q '^[0-9a-f]\{64\}\$'"

# ---- the auditor ------------------------------------------------------------------
"$BIN" witness cosign a8 --key w2.key --log-key owner.key.pub --state w2state >/dev/null || not_ok "w2 at 8"
"$BIN" witness cosign a8w1 --key w2.key --log-key owner.key.pub --state w2state --out a8w12 ||
	not_ok "w2 cosigns the copy w1 cosigned"
check "both cosignatures on one note, w2's last" sh -c \
	'[ "$(wc -l <a8w12)" -eq 7 ] && tail -n 1 a8w12 | grep -q "^— w2.example/witness "'
V="verify --ledger A --checkpoint"
fails 1 "quorum 2 with one cosignature" $V a8w1 --witness w1.key.pub --witness w2.key.pub --quorum 2
check "it counts them" grep -q "^claimledger: verify: checkpoint has 1 valid witness cosignature, quorum is 2$" "$T/.err"
fails 1 "every witness by default" $V a8w1 --witness w1.key.pub --witness w2.key.pub
succeeds "quorum 1 with one cosignature" $V a8w1 --witness w1.key.pub --witness w2.key.pub --quorum 1
succeeds "quorum 2 with two" $V a8w12 --witness w1.key.pub --witness w2.key.pub --quorum 2
check "it says so" grep -q "^cosigned by 2 of the 2 witnesses given (quorum 2)$" "$T/.out"
fails 1 "the same witness twice counts once" $V a8w1 --witness w1.key.pub --witness w1.key.pub
# A forged line: w2's cosignature with one signature character changed.
awk 'NR == 7 { n = length($0); c = substr($0, n - 10, 1); $0 = substr($0, 1, n - 11) (c == "A" ? "B" : "A") substr($0, n - 9) } { print }' a8w12 >forged
check "the forgery differs" sh -c '! cmp -s a8w12 forged'
fails 1 "a forged cosignature line" $V forged --witness w1.key.pub --witness w2.key.pub --quorum 1
check "it names the witness" grep -q "cosignature by witness w2.example/witness does not verify" "$T/.err"
succeeds "without --witness the owner's checkpoint is all that counts" $V forged
fails 1 "w3 did not cosign A" $V a8w12 --witness w3.key.pub
fails 2 "--quorum without --witness" $V a8w12 --quorum 1
fails 2 "--quorum over the witnesses given" $V a8w12 --witness w1.key.pub --quorum 2
fails 2 "--witness without --checkpoint" verify --ledger A --witness w1.key.pub
fails 2 "a signing key as a witness key" $V a8w12 --witness owner.key.pub
fails 2 "--quorum not a count" $V a8w12 --witness w1.key.pub --quorum two

# ---- a monitor requiring witnesses ---------------------------------------------
# The owner publishes A with the cosignatures of w1 and w2; a monitor that
# requires them checks them on the checkpoint it fetches, before anything
# else, and leaves its state alone when they are short.
M="monitor pub --pubkey owner.key.pub --state mstate"
succeeds "publish A (its checkpoint at 8)" publish pub --ledger A
succeeds "publish A again with w1's and w2's cosignatures" publish pub --ledger A --cosigned a8w12
check "DIR's checkpoint carries both cosignatures" sh -c \
	'grep -q "^— w1.example/witness " pub/checkpoint && grep -q "^— w2.example/witness " pub/checkpoint'
fails 1 "monitor requiring w3, who did not cosign" $M --witness w3.key.pub
check "it names the quorum" grep -q "checkpoint: .*quorum is 1" "$T/.err"
check "no state was written" test ! -e mstate
fails 2 "monitor --quorum over the witnesses given" $M --witness w1.key.pub --quorum 2
succeeds "monitor requiring w1 and w2" $M --witness w1.key.pub --witness w2.key.pub
check "it says who cosigned" grep -q "^cosigned by 2 of the 2 witnesses given (quorum 2)$" "$T/.out"
check "and checked the records" grep -q "size 0 -> 8: 8 new records verified" "$T/.out"
cp forged pub/checkpoint
fails 1 "monitor over a forged cosignature" $M --witness w1.key.pub --witness w2.key.pub --quorum 1
check "it names the witness" grep -q "cosignature by witness w2.example/witness does not verify" "$T/.err"
finish
