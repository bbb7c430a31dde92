#!/bin/sh
# monitor.sh: `monitor URL|DIR` follows a ledger published with `publish`
# (SPEC.md, "Monitoring a published ledger"), served by a real HTTP server
# on 127.0.0.1 (python3 -m http.server): a first run checks every record,
# a run after appends fetches only the new tiles and bundles (the server's
# access log shows which), and a host that rewrites history (a changed
# entry, a changed tile, a forked checkpoint of the same size signed by
# the owner, a checkpoint of a smaller size) makes it exit 1 naming the
# problem, its state file untouched.  Plain DIR and file:// work too.
. "$(dirname "$0")/lib.inc"

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
export XDG_STATE_HOME="$T/xdg"
PUB="$T/owner.key.pub"

# n claims as import --jsonl lines, texts numbered from $2, prefix $3.
claims() {
	python3 - "$1" "$2" "${3:-Claim}" <<'EOF'
import json, sys
n, start, word = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for i in range(start, start + n):
    print(json.dumps({"text": "%s number %d was made." % (word, i), "speaker": "A. Speaker",
                      "source": "https://news.example/a", "date": "2021-11-22"}))
EOF
}
size() { "$BIN" stats --json "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])'; }
sum() { sha256sum <"$1"; }
# flip FILE OFFSET: change one bit of the byte at OFFSET (a write of a
# fixed byte would change nothing when the byte is that already).
flip() { python3 -c 'import sys; p, i = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[i] ^= 1; open(p, "wb").write(b)' "$1" "$2"; }

"$BIN" import --jsonl "$FIX/seed-claims.jsonl" >/dev/null || not_ok "seed import"
"$BIN" import "$FIX/articles/chile-copper-strike-2024-03-14.txt" >/dev/null 2>&1 ||
	not_ok "import an article"
claims 280 0 >c1.jsonl
"$BIN" import --jsonl c1.jsonl >/dev/null || not_ok "import 280 claims"
n1=$(size)
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish"
cp pub/checkpoint cp.first

# A real HTTP server on 127.0.0.1, on a free port, logging every request.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$T/pub" >"$T/http.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT
i=0
until python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/checkpoint')" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 100 ] || { not_ok "the HTTP server starts"; finish; }
	sleep 0.1
done
URL="http://127.0.0.1:$port/"
reqs() { wc -l <"$T/http.log"; }
# The paths requested after line $1 of the access log.
paths_since() { tail -n +"$(($1 + 1))" "$T/http.log" | sed -n 's/.*"GET \/\([^ ]*\) HTTP.*/\1/p'; }

# ---- the first run checks everything --------------------------------------
succeeds "first run over HTTP" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.out")"
check "it says what it checked" grep -qx "monitor: test/e2e size 0 -> $n1: $n1 new records verified" "$T/.out"
check "and the quotes" grep -Eq "^checked [1-9][0-9]* quotes? against 1 document; 0 cited documents not published$" "$T/.out"
hex=$(printf '%s' "$URL" | sha256sum | cut -d' ' -f1)
state="$T/xdg/claimledger/monitor/$hex"
check "the state file is under XDG_STATE_HOME, named by the URL's SHA-256" test -f "$state"
check "the state file is 0600" test "$(stat -c %a "$state")" = 600
check "no temporary state left" test "$(ls -A "$T/xdg/claimledger/monitor")" = "$hex"

mark=$(reqs)
succeeds "second run, nothing new" monitor "$URL" --pubkey "$PUB"
check "no new records" grep -qx "monitor: test/e2e size $n1: no new records" "$T/.out"
check "only the log and the checkpoint fetched" test "$(paths_since "$mark" | sort | tr '\n' ' ')" = "checkpoint claimledger/log "

# ---- appends: only what is new is fetched ---------------------------------
claims 300 1000 >c2.jsonl
"$BIN" import --jsonl c2.jsonl >/dev/null || not_ok "import 300 more"
n2=$(size)
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish again"
mark=$(reqs)
succeeds "third run after 300 appends" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.out")"
check "300 new records" grep -qx "monitor: test/e2e size $n1 -> $n2: $((n2 - n1)) new records verified" "$T/.out"
paths_since "$mark" >fetched2
b1=$((n1 / 256)) b2=$(((n2 - 1) / 256))
check "no old full tile or bundle fetched" sh -c "! grep -Eq '^(tile/0/000|tile/entries/000|claimledger/sig/000)\$' fetched2"
check "the new bundles fetched, once each" sh -c \
	"[ \$(grep -c '^tile/entries/' fetched2) -eq $((b2 - b1 + 1)) ] && [ \$(grep -c '^claimledger/sig/' fetched2) -eq $((b2 - b1 + 1)) ]"
check "nothing fetched twice" sh -c "[ -z \"\$(sort fetched2 | uniq -d)\" ]"
check "the checkpoint fetched" grep -qx checkpoint fetched2
echo "# second incremental run fetched: $(tr '\n' ' ' <fetched2)"

# Records of the next run point at records of earlier runs (a verdict, a
# correction) and an editor comes and goes: the chain goes on from the
# state (ids, editors) without refetching the old bundles.
"$BIN" keygen --name ed --out ed.key >/dev/null
"$BIN" editor add ed ed.key.pub --key "$T/owner.key" >/dev/null || not_ok "editor add"
"$BIN" rate 2 --verdict false --key ed.key >/dev/null || not_ok "rate an old claim"
"$BIN" correct 3 --speaker "B. Speaker" --reason "a typo" --key ed.key >/dev/null ||
	not_ok "correct an old claim"
"$BIN" editor revoke ed --key "$T/owner.key" >/dev/null || not_ok "editor revoke"
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish the verdict"
succeeds "a run over records pointing at earlier runs'" monitor "$URL" --pubkey "$PUB"
check "4 new records" grep -qx "monitor: test/e2e size $n2 -> $((n2 + 4)): 4 new records verified" "$T/.out"
n2=$((n2 + 4))
"$BIN" rate 4 --verdict true --key ed.key >/dev/null 2>&1 && not_ok "a revoked editor cannot rate"

# A direct quote of the article, from the first run, corrected in two
# later runs: the second correction's quote holds only with the first
# applied, so the run must replay the claim and the first correction (the
# state lists them) to check it.
"$BIN" list --type claim --json >claims.json
set -- $(python3 - <<'EOF2'
import json
for line in open("claims.json"):
    b = json.loads(line)["body"]
    if b.get("kind") == "direct" and "offset" in b and b["text"].isascii() and len(b["text"].split()) > 3:
        w2 = " ".join(b["text"].split()[:3])
        if b["text"].startswith(w2):
            print(b["seq"], b["offset"], len(w2.encode()), w2.replace(" ", "_"))
            break
EOF2
)
q=$1 qoff=$2 qlen=$3 w2=$(printf '%s' "$4" | tr _ ' ')
check "a direct quote from the first run ($q)" [ -n "$q" ] && [ "$q" -lt "$n1" ]
"$BIN" correct "$q" --text "$w2" --kind indirect --reason "a paraphrase" --key "$T/owner.key" >/dev/null ||
	not_ok "correct the quote to a paraphrase"
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish the paraphrase"
succeeds "a correction of an earlier run's quote" monitor "$URL" --pubkey "$PUB"
"$BIN" correct "$q" --kind direct --offset "$qoff" --length "$qlen" --reason "her words after all" \
	--key "$T/owner.key" >/dev/null || not_ok "correct it back to a quote of fewer words"
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish the quote"
succeeds "a second correction of it, in a third run" monitor "$URL" --pubkey "$PUB"
check "its quote was checked against the article" grep -Eq "^checked [1-9][0-9]* quotes? against 1 document; 0 cited" "$T/.out"
echo "# $(cat "$T/.out")"
n2=$((n2 + 2))

# ---- a host that rewrites history ------------------------------------------
# More records published, the state still at n2: each tampering below
# is in what the next run fetches.
claims 20 5000 >c3.jsonl
"$BIN" import --jsonl c3.jsonl >/dev/null || not_ok "import 20 more"
n3=$(size)
"$BIN" publish pub --key "$T/owner.key" >/dev/null || not_ok "publish a third time"
cp -a pub pub.good
s0=$(sum "$state")
restore() { rm -rf pub && cp -a pub.good pub; }

# a changed entry in the last (partial) bundle
bundle=$(cd pub && ls tile/entries/$(printf '%03d' $((n3 / 256))).p/* | head -1)
python3 - "pub/$bundle" <<'EOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
i = b.rindex(b"number")   # in the last entry's text
b[i] ^= 0x20
open(p, "wb").write(bytes(b))
EOF
fails 1 "a changed entry" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.err")"
check "it names the bundle and the seq" grep -Eq "monitor: $bundle: entry [0-9]+ \\(seq $((n3 - 1))\\) is not the leaf tile/0/" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# a byte after the last entry of a bundle, and a bundle cut short
printf 'x' >>"pub/$bundle"
fails 1 "a byte after a bundle's entries" monitor "$URL" --pubkey "$PUB"
check "it names the bundle" grep -q "monitor: $bundle: bytes after its $((n3 % 256)) entries" "$T/.err"
restore
head -c -5 "pub.good/$bundle" >"pub/$bundle"
fails 1 "a bundle cut short" monitor "$URL" --pubkey "$PUB"
check "it names the bundle" grep -q "monitor: $bundle: entry $((n3 % 256 - 1)) of $((n3 % 256)) is cut short" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# a changed signature
sigs=$(cd pub && ls claimledger/sig/$(printf '%03d' $((n3 / 256))).p/* | head -1)
flip "pub/$sigs" $(((n3 % 256 - 1) * 64 + 3))
fails 1 "a changed signature" monitor "$URL" --pubkey "$PUB"
check "it names the bundle and the seq" grep -q "monitor: tile/entries/.*: seq $((n3 - 1)): signature does not verify" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# a changed level-0 tile (the partial one of the new size)
tile=$(cd pub && ls tile/0/$(printf '%03d' $((n3 / 256))).p/* | head -1)
flip "pub/$tile" 40
fails 1 "a changed tile" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.err")"
check "it names the tiles" grep -q "partial tiles of size $n3 ($tile and those above it) do not hash to the checkpoint's root" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# a changed full tile under a fresh state: checked against its parent
flip pub/tile/0/000 40
fails 1 "a changed full tile, first run" monitor "$URL" --pubkey "$PUB" --state fresh.state
echo "# $(cat "$T/.err")"
check "it names the tile and its parent" grep -q "tile/0/000 does not hash to entry 0 of tile/1/000.p/" "$T/.err"
check "no state written" test ! -e fresh.state
restore

# a forked checkpoint of the state's size, signed by the owner: a second
# ledger with the same key and origin, another history
"$BIN" init --ledger "$T/led2" --key "$T/owner.key" --origin test/e2e >/dev/null
claims $((n2 - 1)) 0 Fork >f.jsonl
CLAIMLEDGER_DIR="$T/led2" "$BIN" import --jsonl f.jsonl >/dev/null || not_ok "import the fork"
check "the fork has the state's size" test "$(size --ledger "$T/led2")" = "$n2"
"$BIN" publish pub2 --ledger "$T/led2" --key "$T/owner.key" >/dev/null || not_ok "publish the fork"
cp pub2/checkpoint pub/checkpoint
fails 1 "a forked checkpoint of the same size" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.err")"
check "it says split view" grep -q "monitor: split view: the checkpoint of size $n2 has root" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
# ... and the fork's whole directory, grown past the state
rm -rf pub && cp -a pub2 pub
CLAIMLEDGER_DIR="$T/led2" "$BIN" import --jsonl c3.jsonl >/dev/null
"$BIN" publish pub --ledger "$T/led2" --key "$T/owner.key" >/dev/null || not_ok "publish the grown fork"
fails 1 "a forked log grown past the state" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.err")"
check "it says the tree does not extend" grep -q "does not extend the tree of size $n2" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# truncated: a checkpoint of a smaller size
cp cp.first pub/checkpoint
fails 1 "a truncated log" monitor "$URL" --pubkey "$PUB"
echo "# $(cat "$T/.err")"
check "it says the log shrank" grep -q "monitor: log shrank: the checkpoint's size is $n1, below the $n2 this monitor accepted" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# a file bigger than any publisher writes: refused while read, over
# HTTP and from a directory
head -c 9000 /dev/zero >"pub/$(cd pub && ls tile/0/$(printf '%03d' $((n3 / 256))).p/* | head -1)"
fails 1 "an oversized tile over HTTP" monitor "$URL" --pubkey "$PUB"
check "it says so" grep -q "tile/0/.*: more than 8192 bytes" "$T/.err"
fails 1 "an oversized tile in a directory" monitor pub --pubkey "$PUB" --state big.state
check "it says so" grep -q "tile/0/.*: more than 8192 bytes" "$T/.err"
check "the state is unchanged" test "$(sum "$state")" = "$s0"
restore

# another key
"$BIN" keygen --name other --out other.key >/dev/null
fails 1 "another key" monitor "$URL" --pubkey other.key.pub --state other.state
check "it names the key" grep -q "the owner key is not the --pubkey key" "$T/.err"
fails 2 "the state of another key" monitor "$URL" --pubkey other.key.pub
check "the state is unchanged" test "$(sum "$state")" = "$s0"

succeeds "the honest host again" monitor "$URL" --pubkey "$PUB"
check "20 new records" grep -qx "monitor: test/e2e size $n2 -> $n3: 20 new records verified" "$T/.out"

# ---- plain DIR and file:// ------------------------------------------------
succeeds "a plain DIR" monitor pub --pubkey "$PUB" --state dir.state
check "all records" grep -qx "monitor: test/e2e size 0 -> $n3: $n3 new records verified" "$T/.out"
check "the state file is 0600" test "$(stat -c %a dir.state)" = 600
succeeds "file://" monitor "file://$T/pub" --pubkey "$PUB"
check "all records" grep -qx "monitor: test/e2e size 0 -> $n3: $n3 new records verified" "$T/.out"
check "file:// and DIR share the real path's state" test -f "$T/xdg/claimledger/monitor/$(printf '%s' "$(realpath pub)" | sha256sum | cut -d' ' -f1)"
mkdir lnk && cp -a pub/. lnk/ && rm lnk/checkpoint && ln -s "$T/pub/checkpoint" lnk/checkpoint
fails 1 "a symlinked checkpoint is not followed" monitor lnk --pubkey "$PUB" --state lnk.state
check "it says why" grep -q "checkpoint: a symbolic link, not followed" "$T/.err"

# ---- usage ------------------------------------------------------------------
fails 2 "no --pubkey" monitor "$URL"
fails 2 "no source" monitor --pubkey "$PUB"
fails 2 "another scheme" monitor "ftp://127.0.0.1/x" --pubkey "$PUB"
fails 2 "nothing published" monitor "${URL}nothing/" --pubkey "$PUB" --state x.state
fails 2 "a missing DIR" monitor "$T/none" --pubkey "$PUB" --state x.state
printf 'junk\n' >bad.state
fails 2 "a damaged state file" monitor "$URL" --pubkey "$PUB" --state bad.state
head -c -1 "$state" >cut.state
fails 2 "a state file cut short" monitor "$URL" --pubkey "$PUB" --state cut.state
check "it says where it ends" grep -q "state file 'cut.state': it ends after $((n3 - 1)) of its $n3 records" "$T/.err"
python3 - "$state" <<'EOF2'
import sys
b = open(sys.argv[1], "rb").read()
i = b.index(b'"frontier":["') + 13
open("peak.state", "wb").write(b[:i] + (b"0" if b[i:i+1] != b"0" else b"1") + b[i+1:])
EOF2
fails 2 "a state file whose frontier is not its checkpoint's" monitor "$URL" --pubkey "$PUB" --state peak.state
check "it says so" grep -q "its frontier is not its checkpoint's tree" "$T/.err"
kill $srv 2>/dev/null
fails 3 "the server is gone" monitor "$URL" --pubkey "$PUB"

finish
