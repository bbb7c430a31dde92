#!/bin/sh
# editors.sh: the owner adds and revokes editors; editors sign claims while
# active and are refused once revoked; only the owner changes editors.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led"
"$BIN" keygen --name bob --out bob.key >/dev/null
"$BIN" keygen --name carol --out carol.key >/dev/null
claim="--speaker S --source https://example.org/s --date 2021-11-22"

fails 2 "bob is not an editor yet" add "bob's claim" $claim --key bob.key
succeeds "owner adds bob" editor add bob bob.key.pub --key owner.key
check "editor add prints the seq" grep -q "^editor 'bob' added: seq 1 " "$T/.out"
succeeds "bob adds a claim" add "bob's claim" $claim --key bob.key
succeeds "editor list" editor list
check "editor list shows bob active" grep -Eq '^bob +editor +active +1 +bob\+' "$T/.out"
check "editor list shows the owner" grep -Eq '^owner +owner +active +0 ' "$T/.out"

sum=$(ledger_sum)
fails 2 "bob (not the owner) cannot add an editor" \
	editor add carol carol.key.pub --key bob.key
fails 2 "the owner cannot add bob twice" editor add bob bob.key.pub --key owner.key
fails 2 "revoking an unknown editor" editor revoke dave --key owner.key
fails 2 "editor add with a missing key file" editor add carol nosuch.pub --key owner.key
fails 2 "editor add NAME with another name's key file" editor add dave carol.key.pub --key owner.key
check "the refusal names both names" grep -q "key file 'carol.key.pub' is named 'carol', not 'dave'" "$T/.err"
fails 2 "editor with an unknown subcommand" editor promote bob --key owner.key
check "refused editor changes left the ledger byte-identical" [ "$(ledger_sum)" = "$sum" ]

succeeds "owner revokes bob" editor revoke bob --key owner.key
run editor list
check "editor list shows bob revoked" grep -Eq '^bob +editor +revoked ' "$T/.out"
sum=$(ledger_sum)
fails 2 "a revoked editor's add is refused" add "late claim" $claim --key bob.key
check "the refused add left the ledger byte-identical" [ "$(ledger_sum)" = "$sum" ]
succeeds "editor list --json" editor list --json
check "editor list --json gives owner and bob" [ "$(out | wc -l)" -eq 2 ]
succeeds "verify after editor changes" verify
check "verify counts 4 records" [ "$(out)" = "verified 4 records" ]
run show 2
check "show names the signing editor" grep -q '^signer: .* (bob)$' "$T/.out"
finish
