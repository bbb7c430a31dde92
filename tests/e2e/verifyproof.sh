#!/bin/sh
# verifyproof.sh: scripts/verify-proof.py against `claimledger prove` on a
# real ledger (--record lines from list/show --json, --body bytes from the
# export), tampered and malformed proofs, records and keys (exit 1 for a
# failed check, 2 for malformed input, one stderr line), and the SPEC
# vectors: the CT test tree's inclusion proofs and the signed tlog proof
# of leaf 5 (data 40414243), whose leaves are not record bodies, through
# the script's inclusion functions.  When the binary has `verify-proof`
# (the C command with the same semantics), both must agree on every case.
. "$(dirname "$0")/lib.inc"

ROOT=$(cd "$FIX/.." && pwd)
PY=/usr/bin/python3
VP="$ROOT/scripts/verify-proof.py"
if [ ! -x "$PY" ] || ! "$PY" -c 'import nacl.signing' 2>/dev/null; then
	not_ok "python3 with PyNaCl (Debian python3-nacl) is needed"
	finish
fi

# vp RC WHAT PROOF PUBFILE ARGS...: the script exits RC with one line on
# the right stream; the case is also kept for the C comparison below.
vp() {
	vp_rc=$1 what=$2; shift 2
	printf '%s\t%s\n' "$vp_rc" "$*" >>cases.txt
	$PY "$VP" "$@" >vp.out 2>vp.err
	got=$?
	if [ "$vp_rc" -eq 0 ]; then
		lines=$(wc -l <vp.out) elines=$(wc -l <vp.err)
	else
		lines=$(wc -l <vp.err) elines=$(wc -l <vp.out)
	fi
	if [ "$got" -eq "$vp_rc" ] && [ "$lines" -eq 1 ] && [ "$elines" -eq 0 ] &&
	   { [ "$vp_rc" -eq 0 ] || grep -q '^verify-proof.py: ' vp.err; }; then
		ok "$what (exit $vp_rc)"
	else
		not_ok "$what: exit $got, want $vp_rc: $(head -c 300 vp.err)"
	fi
}

# ---- a ledger owned by the fixture key -----------------------------------
cp "$FIX/vectors/owner.key" owner.key
cp "$FIX/vectors/owner.key.pub" owner.key.pub
cp "$FIX/export/editor.key" alice.key
chmod 600 owner.key alice.key
export CLAIMLEDGER_DIR="$T/led"
"$BIN" init --key owner.key --origin example.org/proofs >/dev/null &&
"$BIN" editor add test-editor "$FIX/export/editor.key.pub" --key owner.key >/dev/null &&
"$BIN" import "$FIX/articles/venezuela-election-2021-11-22.txt" \
	--source https://example.org/venezuela --key alice.key >/dev/null &&
"$BIN" rate 3 --verdict false --key alice.key >/dev/null &&
"$BIN" checkpoint --key owner.key >cp.txt &&
"$BIN" export --out ex.jsonl >/dev/null || not_ok "build the ledger"
size=$(sed -n 2p cp.txt) root=$(sed -n 3p cp.txt)
check "a checkpoint of 15 records" [ "$size" -eq 15 ]

for seq in 0 1 5 14; do
	"$BIN" prove $seq >p$seq.txt
	"$BIN" show $seq --json >show$seq.json
	"$BIN" list --json | grep "\"seq\":$seq," >list$seq.json
	sed -n "$((seq + 2))p" ex.jsonl | sed 's/^{"body":\(.*\),"id":"[0-9a-f]*","sig":"[^"]*"}$/\1/' >body$seq.json
	printf '%s' "$(cat body$seq.json)" >body$seq.nonl
	want="verified: record $seq is in example.org/proofs at size $size, root $root"
	vp 0 "record $seq by its show --json line" p$seq.txt owner.key.pub --record show$seq.json
	check "... prints '$want'" [ "$(cat vp.out)" = "$want" ]
	vp 0 "record $seq by its list --json line" p$seq.txt owner.key.pub --record list$seq.json
	vp 0 "record $seq by its body bytes" p$seq.txt owner.key.pub --body body$seq.json
	vp 0 "record $seq by its body bytes without the newline" p$seq.txt owner.key.pub --body body$seq.nonl
done
check "show --json puts derived members around the body (the span is found, not guessed)" \
	grep -q '"history":\[' show5.json

# ---- tampered: exit 1 -------------------------------------------------------
"$BIN" keygen --name stranger --out stranger.key >/dev/null
$PY - <<'EOF' || not_ok "making the tampered files"
import base64, hashlib, json, re
p = open("p5.txt").read()
lines = p.split("\n")
def w(name, text):
    open(name, "w").write(text)
def flip(s):
    return ("B" if s[0] == "A" else "A") + s[1:]
w("hash-changed.txt", p.replace(lines[2], flip(lines[2]), 1))
w("hash-dropped.txt", p.replace(lines[2] + "\n", "", 1))
w("hash-added.txt", p.replace(lines[2] + "\n", lines[2] + "\n" + lines[2] + "\n", 1))
w("hashes-swapped.txt", p.replace(lines[2] + "\n" + lines[3], lines[3] + "\n" + lines[2], 1))
w("index-6.txt", p.replace("index 5\n", "index 6\n", 1))
w("index-past-size.txt", p.replace("index 5\n", "index 99\n", 1))
w("extra-line.txt", p.replace("index 5\n", "extra AAEC\nindex 5\n", 1))
cp = p[p.index("\n\n") + 2:]
size = cp.split("\n")[1]
w("cp-size.txt", p.replace("\n" + size + "\n", "\n%d\n" % (int(size) + 1), 1))
root = cp.split("\n")[2]
w("cp-root.txt", p.replace(root, flip(root), 1))
sig = cp.split(" ")[-1]
w("cp-sig.txt", p.replace(sig, sig[:10] + flip(sig[10:]), 1))
w("cp-origin.txt", p.replace("\nexample.org/proofs\n", "\nexample.org/other\n", 1))
w("cp-witness.txt", p + "\u2014 witness.example " + base64.b64encode(b"\0" * 68).decode() + "\n")
w("cp-no-owner-line.txt", p[:p.rindex("\u2014")] + "\u2014 witness.example " + base64.b64encode(b"\0" * 68).decode() + "\n")
# the checkpoint re-signed by the owner key under another name
import nacl.signing
seed = base64.b64decode(open("owner.key").read().strip().split("+", 4)[4])[1:]
k = nacl.signing.SigningKey(seed)
text = cp[:cp.index("\n\n") + 1]
def signed(name, key):
    kid = hashlib.sha256(name.encode() + b"\n\x01" + bytes(key.verify_key)).digest()[:4]
    return text + "\n\u2014 %s %s\n" % (name, base64.b64encode(kid + key.sign(text.encode()).signature).decode())
head = p[:p.index("\n\n") + 2]
w("cp-other-name.txt", head + signed("other-name", k))
w("cp-resigned.txt", head + signed("example.org/proofs", k))
# records: another record's body, a changed text, a changed sig or id
show = open("show5.json").read()
rec = json.loads(show)
w("show5-sig.json", show.replace(rec["sig"], flip(rec["sig"]), 1))
w("show5-id.json", show.replace(rec["id"], ("0" if rec["id"][0] != "0" else "1") + rec["id"][1:], 1))
t = rec["body"]["text"]
w("show5-text.json", show.replace(t, t + "!", 1))
w("body5-text.json", open("body5.json").read().replace(t, t + "!", 1))
EOF
vp 1 "a proof hash changed" hash-changed.txt owner.key.pub --record show5.json
vp 1 "a proof hash dropped" hash-dropped.txt owner.key.pub --record show5.json
vp 1 "a proof hash added" hash-added.txt owner.key.pub --record show5.json
vp 1 "two proof hashes swapped" hashes-swapped.txt owner.key.pub --record show5.json
vp 1 "the index changed (seq 5, index 6)" index-6.txt owner.key.pub --record show5.json
check "... refused for the seq, before the inclusion" grep -q "seq 5 is not the proof's index 6" vp.err
vp 1 "another record's body (seq 1 under index 5)" p5.txt owner.key.pub --body body1.json
vp 1 "the checkpoint's size changed" cp-size.txt owner.key.pub --record show5.json
vp 1 "the checkpoint's root changed" cp-root.txt owner.key.pub --record show5.json
vp 1 "the checkpoint's signature changed" cp-sig.txt owner.key.pub --record show5.json
vp 1 "the checkpoint's origin changed" cp-origin.txt owner.key.pub --record show5.json
vp 1 "the checkpoint signed by the owner key under another name" cp-other-name.txt owner.key.pub --record show5.json
vp 1 "only a witness signature" cp-no-owner-line.txt owner.key.pub --record show5.json
vp 1 "a wrong key (the editor's)" p5.txt "$FIX/export/editor.key.pub" --record show5.json
vp 1 "a stranger's key" p5.txt stranger.key.pub --body body5.json
vp 1 "the record's sig changed" p5.txt owner.key.pub --record show5-sig.json
vp 1 "the record's id changed" p5.txt owner.key.pub --record show5-id.json
vp 1 "the record's text changed (id no longer matches)" p5.txt owner.key.pub --record show5-text.json
vp 1 "the body's text changed (inclusion fails)" p5.txt owner.key.pub --body body5-text.json
vp 0 "a witness signature beside the owner's is ignored" cp-witness.txt owner.key.pub --record show5.json
vp 0 "the checkpoint re-signed by the owner (same bytes)" cp-resigned.txt owner.key.pub --record show5.json
vp 0 "an 'extra' line is read and not trusted" extra-line.txt owner.key.pub --body body5.json
vp 0 "a key file under another name: only the key bytes matter" p5.txt "$FIX/vectors/owner-encrypted.key.pub" --body body5.json

# ---- malformed: exit 2 ------------------------------------------------------
sed '1s/.*/c2sp.org\/tlog-proof@v2/' p5.txt >bad-header.txt
sed 's/^index 5$/index 05/' p5.txt >bad-index.txt
sed 's/^index 5$/index 18446744073709551616/' p5.txt >bad-index-2-64.txt
sed 's/^index 5$/index ５/' p5.txt >bad-index-digit.txt
sed 's/^extra AAEC$/extra AAF=/' extra-line.txt >bad-extra.txt
awk 'NR == 3 { sub(/=$/, "") } { print }' p5.txt >bad-hash.txt
# N hash lines: line 3 N times in place of all of them
hashes() { awk -v n="$1" 'NR == 3 { for (i = 0; i < n; i++) print; next }
	NR > 3 && !blank && !/^$/ { next } /^$/ { blank = 1 } { print }' p5.txt; }
hashes 65 >bad-65-hashes.txt
hashes 64 >hashes-64.txt
awk 'NR > 1 && /^$/ && !done { done = 1; next } { print }' p5.txt >bad-no-blank.txt
head -c -1 p5.txt >bad-no-final-newline.txt
sed -n '1,/^$/p' p5.txt >bad-no-checkpoint.txt
sed 's/$/\r/' p5.txt >bad-crlf.txt
printf '{"body":%s}\n' "$(cat body5.json)" >rec-no-id.json
printf '{"body":%s,"id":"%s","sig":"x"}\n' "$(cat body5.json)" "$(sha256sum body5.nonl | cut -d' ' -f1)" >rec-bad-sig.json
sed 's/^{"id"/{"id":"x","id"/' show5.json >rec-dup.json
printf '%s\n%s\n' "$(cat show5.json)" "$(cat show5.json)" >rec-two-lines.json
sed 's/,"seq":/, "seq":/' body5.json >body-space.json
printf '%s\n\n' "$(cat body5.json)" >body-two-newlines.json
$PY - <<'EOF' || not_ok "making the malformed bodies"
import json
b = json.loads(open("body5.json").read())
assert b["kind"] in ("direct", "indirect")
b.update(kind="direct")
del b["offset"], b["length"]
# canonical, but a direct quote citing a document without its span
open("body-unpinned.json", "w").write(json.dumps(b, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n")
EOF
vp 2 "another proof header" bad-header.txt owner.key.pub --body body5.json
vp 2 "an index with a leading zero" bad-index.txt owner.key.pub --body body5.json
vp 2 "an index of 2^64" bad-index-2-64.txt owner.key.pub --body body5.json
vp 2 "an index in other digits" bad-index-digit.txt owner.key.pub --body body5.json
vp 2 "non-canonical extra data" bad-extra.txt owner.key.pub --body body5.json
vp 2 "a hash line without its padding" bad-hash.txt owner.key.pub --body body5.json
vp 2 "65 hash lines" bad-65-hashes.txt owner.key.pub --body body5.json
vp 1 "64 hash lines parse (and fail)" hashes-64.txt owner.key.pub --body body5.json
vp 2 "no blank line before the checkpoint" bad-no-blank.txt owner.key.pub --body body5.json
vp 2 "no final newline" bad-no-final-newline.txt owner.key.pub --body body5.json
vp 2 "no checkpoint" bad-no-checkpoint.txt owner.key.pub --body body5.json
vp 2 "CRLF line ends" bad-crlf.txt owner.key.pub --body body5.json
vp 2 "an empty proof" /dev/null owner.key.pub --body body5.json
vp 2 "a record line without id" p5.txt owner.key.pub --record rec-no-id.json
vp 2 "a record line whose sig is not base64" p5.txt owner.key.pub --record rec-bad-sig.json
vp 2 "a record line with a duplicate member" p5.txt owner.key.pub --record rec-dup.json
vp 2 "two record lines" p5.txt owner.key.pub --record rec-two-lines.json
vp 2 "a record line that is a body" p5.txt owner.key.pub --record body5.json
vp 2 "a body that is not canonical" p5.txt owner.key.pub --body body-space.json
vp 2 "a body with two trailing newlines" p5.txt owner.key.pub --body body-two-newlines.json
vp 2 "a body breaking the pinned-provenance rule" p5.txt owner.key.pub --body body-unpinned.json
vp 2 "a record line given as --body" p5.txt owner.key.pub --body show5.json
vp 2 "a missing proof" nosuch.txt owner.key.pub --body body5.json
vp 2 "a missing body" p5.txt owner.key.pub --body nosuch.json
vp 2 "a secret key as PUBFILE" p5.txt owner.key --body body5.json
vp 2 "no --body or --record" p5.txt owner.key.pub
vp 2 "both --body and --record" p5.txt owner.key.pub --body body5.json --record show5.json
vp 2 "an unknown option" p5.txt owner.key.pub --body body5.json --verbose

# ---- the SPEC vectors, through the script's own functions ------------------
if $PY - "$VP" "$ROOT/SPEC.md" <<'EOF' >spec.out 2>&1; then
import base64, importlib.util, re, sys
spec = importlib.util.spec_from_file_location("vp", sys.argv[1])
vp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(vp)
text = open(sys.argv[2], encoding="utf-8").read()
H = bytes.fromhex
leaves = [H(x) for x in ("", "00", "10", "2021", "3031", "40414243",
                         "5051525354555657", "606162636465666768696a6b6c6d6e6f")]
roots = dict((int(n), H(r)) for n, r in re.findall(r"^\| ([1-8]) \| `([0-9a-f]{64})` \|$", text, re.M))
assert len(roots) == 8, roots
for n, r in roots.items():        # the tree itself, by the script's node hash
    def mth(d):
        if len(d) == 1:
            return vp.leaf_hash(d[0])
        k = 1
        while k * 2 < len(d):
            k *= 2
        return vp.node_hash(mth(d[:k]), mth(d[k:]))
    assert mth(leaves[:n]) == r, n
block = text[text.index("Inclusion proofs (index m, size n):"):text.index("Consistency proofs (m to n):")]
proofs = re.findall(r"- m (\d+), n (\d+): ((?:`[0-9a-f]{64}`,?\s*)+)", block)
assert len(proofs) == 4, proofs
for m, n, hs in proofs:
    m, n, hs = int(m), int(n), [H(h) for h in re.findall(r"[0-9a-f]{64}", hs)]
    leaf = vp.leaf_hash(leaves[m])
    assert vp.verify_inclusion(leaf, m, n, hs, roots[n]), (m, n)
    assert not vp.verify_inclusion(leaf, m, n, hs, roots[n - 1] if n > 1 else b"\0" * 32)
    assert not vp.verify_inclusion(leaf, m + 1, n, hs, roots[n])
    assert not vp.verify_inclusion(vp.leaf_hash(b"x"), m, n, hs, roots[n])
    assert not vp.verify_inclusion(leaf, m, n, hs[:-1], roots[n])
    assert not vp.verify_inclusion(leaf, m, n, hs + hs[-1:], roots[n])
    assert not vp.verify_inclusion(leaf, n, n, hs, roots[n])
# the signed tlog proof of leaf 5, cut out of SPEC.md
i = text.index("and the tlog proof of leaf 5")
block = text[text.index("    c2sp.org/tlog-proof@v1", i):text.index("\n## ", i) + 1]
proof = "".join(l[4:] + "\n" if l else "\n" for l in block.rstrip("\n").split("\n")).encode()
vkey = re.search(r"`(example\.com/claimledger\+9546f212\+[A-Za-z0-9+/=]+)`", text).group(1)
pk = base64.b64decode(vkey.split("+", 2)[2])[1:]
index, origin, size, root = vp.check_proof(proof, pk, H("40414243"))
assert (index, origin, size) == (5, "example.com/claimledger", 8)
assert base64.b64encode(root).decode() == "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg="
for bad in (H("40414244"), H("")):
    try:
        vp.check_proof(proof, pk, bad)
        raise SystemExit("leaf %s accepted" % bad.hex())
    except vp.Failed:
        pass
for name, spoilt in (("index", proof.replace(b"index 5\n", b"index 4\n")),
                     ("checkpoint size", proof.replace(b"\n8\n", b"\n7\n"))):
    try:
        vp.check_proof(spoilt, pk, H("40414243"))
        raise SystemExit("a changed %s accepted" % name)
    except vp.Failed:
        pass
try:
    vp.check_proof(proof, bytes(32), H("40414243"))
    raise SystemExit("a wrong key accepted")
except vp.Failed:
    pass
print("spec vectors ok")
EOF
	ok "the SPEC's inclusion vectors and its tlog proof of leaf 5 verify, and spoilt ones do not"
else
	not_ok "SPEC vectors: $(tail -n 5 spec.out)"
fi

# ---- the C command, when this build has it ---------------------------------
# Compared on every --body and --record case (a file means the same to
# both; the C command also takes the line itself).
if "$BIN" verify-proof --help >/dev/null 2>&1; then
	n=0 bad=0
	grep -a '	[^ ]* [^ ]* --\(body\|record\) [^ ]*$' cases.txt >body-cases.txt
	while IFS="$(printf '\t')" read -r want args; do
		# shellcheck disable=SC2086 # the case's arguments, split on purpose
		set -- $args
		"$BIN" verify-proof "$1" --pubkey "$2" "$3" "$4" >/dev/null 2>&1
		crc=$?
		n=$((n + 1))
		if [ "$crc" -ne "$want" ]; then
			bad=$((bad + 1))
			echo "# C verify-proof $args: exit $crc, the script $want"
		fi
	done <body-cases.txt
	check "claimledger verify-proof agrees with verify-proof.py on $n cases" [ "$bad" -eq 0 ]
else
	echo "# no 'verify-proof' command in this build: the C comparison is skipped"
fi
finish
