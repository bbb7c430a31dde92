#!/bin/sh
# proof.sh: a reader holding one claim and its tlog proof checks it
# offline with `verify-proof` and the owner's verifier key alone: as a
# record line (show --json, list --json, an export's line), as the line
# itself on the command line, and as the bare body; then every way the
# pair can fail to match.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" checkpoint >/dev/null || not_ok "checkpoint"
"$BIN" prove 3 >p3 && "$BIN" prove 4 >p4 || not_ok "prove 3 and 4"
"$BIN" show 3 --json >r3.json && "$BIN" show 4 --json >r4.json || not_ok "show --json"
"$BIN" export --format jsonl --out export.jsonl >/dev/null || not_ok "export"
sed -n 5p export.jsonl >line3.json
python3 - <<'EOF' || not_ok "cut the body out of the line"
import json
line = open("line3.json").read()
start = line.index('"body":') + 7
_, end = json.JSONDecoder().raw_decode(line, start)
open("body3", "w").write(line[start:end])
rec = json.loads(line)
open("pretty3.json", "w").write(json.dumps(rec, indent=2))
EOF
mkdir pub && cp owner.key.pub pub/ && rm -rf "$T/led" # nothing but the key

succeeds "show --json's line and its proof verify" verify-proof p3 --pubkey pub/owner.key.pub --record r3.json
check "it says which record, origin, size and root" \
	grep -q "^verified: record 3 is in test/e2e at size $(($(wc -l <export.jsonl) - 2)), root " "$T/.out"
succeeds "the export's line verifies" verify-proof p3 --pubkey pub/owner.key.pub --record line3.json
succeeds "the line given on the command line" verify-proof p3 --pubkey pub/owner.key.pub --record "$(cat r3.json)"
succeeds "the bare body" verify-proof p3 --pubkey pub/owner.key.pub --body body3
check "the record from stdin" sh -c '"$0" verify-proof p3 --pubkey pub/owner.key.pub --record - <r3.json >/dev/null' "$BIN"

fails 1 "another record's proof" verify-proof p4 --pubkey pub/owner.key.pub --record r3.json
check "it names the index and the seq" grep -q "the proof is for index 4, the record is seq 3" "$T/.err"
"$BIN" keygen --name owner --out other.key >/dev/null
fails 1 "another key of the same name" verify-proof p3 --pubkey other.key.pub --body body3
sed 's/Venezuela/Venezuelb/' body3 >body3x
if cmp -s body3 body3x; then sed 's/the/thE/' body3 >body3x; fi
fails 1 "a changed byte of the body" verify-proof p3 --pubkey pub/owner.key.pub --body body3x
awk 'NR == 3 { $0 = (substr($0, 1, 1) == "A" ? "B" : "A") substr($0, 2) } { print }' p3 >p3x
check "the proof's first hash is changed" sh -c '! cmp -s p3 p3x'
fails 1 "a changed proof hash" verify-proof p3x --pubkey pub/owner.key.pub --body body3
sed 's/^index 3$/index 4/' p3 >p3i
fails 1 "a changed index" verify-proof p3i --pubkey pub/owner.key.pub --body body3
# The next-to-last character of the signature made different, whatever it
# was: before the "=" only a multiple of 4 (A, E, I, ...) is canonical base64.
awk '{ l[NR] = $0 } END { for (i = 1; i <= NR; i++) { if (i == NR) { n = length(l[i]); c = substr(l[i], n - 1, 1); l[i] = substr(l[i], 1, n - 2) (c == "A" ? "E" : "A") substr(l[i], n) } print l[i] } }' p3 >p3s
check "the checkpoint signature is changed" sh -c '! cmp -s p3 p3s'
fails 1 "a changed checkpoint signature" verify-proof p3s --pubkey pub/owner.key.pub --body body3
fails 2 "a re-indented record line is refused, not re-canonicalised" \
	verify-proof p3 --pubkey pub/owner.key.pub --record pretty3.json
fails 2 "not a proof" verify-proof body3 --pubkey pub/owner.key.pub --body body3
fails 2 "both --record and --body" verify-proof p3 --pubkey pub/owner.key.pub --body body3 --record r3.json
fails 2 "no record" verify-proof p3 --pubkey pub/owner.key.pub
fails 2 "no key" verify-proof p3 --body body3
finish
