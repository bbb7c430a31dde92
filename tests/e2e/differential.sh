#!/bin/sh
# differential.sh: the C verifier (verify-export) and the reference
# scripts/verify-export.py, written from SPEC.md alone, must accept and
# refuse the same exports, with the same exit status and the same line.
# tests/e2e/hostile_exports.py writes a few hundred hostile exports (fixed
# seed) from fixtures/export/known-good.jsonl and from an export of a ledger
# made here with every record type and an archived article; the records it
# forges are signed with the fixture keys (and the keys made here), so each
# case has one fault.  tests/e2e/differential.py runs both verifiers on
# each and prints the counts.
. "$(dirname "$0")/lib.inc"

ROOT=$(cd "$FIX/.." && pwd)
PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! "$PY" -c 'import nacl.signing' 2>/dev/null; then
	not_ok "python3 with PyNaCl (Debian python3-nacl) is needed"
	finish
fi

# ---- a ledger with every record type, owned by the fixture key -----------
cp "$FIX/vectors/owner.key" owner.key
cp "$FIX/vectors/owner.key.pub" owner.key.pub
cp "$FIX/export/editor.key" alice.key
chmod 600 owner.key alice.key
"$BIN" keygen --name bob --out bob.key >/dev/null &&
"$BIN" keygen --name mallory --out mallory.key >/dev/null || not_ok "keygen"
export CLAIMLEDGER_DIR="$T/led"
art="$FIX/articles/venezuela-election-2021-11-22.txt"
claim="--speaker S --source https://example.org/s --date 2021-11-22"
"$BIN" init --key owner.key --origin example.org/differential \
	--newsroom "The Desk" --newsroom-url https://desk.example.org >/dev/null &&
"$BIN" editor add test-editor "$FIX/export/editor.key.pub" --key owner.key >/dev/null &&
"$BIN" editor add bob bob.key.pub --key owner.key >/dev/null &&
"$BIN" import "$art" --source https://example.org/venezuela --key alice.key >/dev/null &&
"$BIN" add "Bob's claim" $claim --key bob.key >/dev/null &&
"$BIN" rate 4 --verdict false --note "No such figure
in the minutes" --evidence https://example.org/minutes --key alice.key >/dev/null &&
"$BIN" correct 5 --speaker "Antony Blinken" --reason "the statement is his" --key alice.key >/dev/null &&
"$BIN" alias add "Casa Rosada" "Argentine government" --key alice.key >/dev/null &&
"$BIN" alias remove "Casa Rosada" --key bob.key >/dev/null &&
"$BIN" editor revoke bob --key owner.key >/dev/null &&
"$BIN" add "The owner's claim" $claim --key owner.key >/dev/null &&
"$BIN" export --format jsonl --key owner.key --no-documents --out made.jsonl >/dev/null ||
	not_ok "build the ledger and its export"
check "the ledger's export holds every record type" sh -c \
	'for t in genesis config editor claim verdict correction alias; do grep -q "\"type\":\"$t\"" made.jsonl || exit 1; done'
check "it holds direct quotes pinned to the archived article" \
	grep -Eq '"kind":"direct",("lang":"[a-z]{2}",)?"length":[0-9]*,"offset":[0-9]*' made.jsonl
succeeds "verify-export passes on it" verify-export made.jsonl --pubkey owner.key.pub

# ---- the cases and both verifiers ----------------------------------------
doc=$(sha256sum "$art" | cut -d' ' -f1)
if $PY "$ROOT/tests/e2e/hostile_exports.py" cases "$doc" owner.key alice.key \
	bob.key mallory.key -- "$FIX/export/known-good.jsonl" made.jsonl >gen.out 2>&1; then
	ok "hostile exports generated: $(cat gen.out)"
else
	not_ok "hostile_exports.py: $(tail -c 600 gen.out)"
	finish
fi
$PY "$ROOT/tests/e2e/differential.py" "$BIN" "$ROOT/scripts/verify-export.py" cases
rc=$?
check "differential.py found no disagreement" [ "$rc" -eq 0 ]

# ---- the Python verifier streams ------------------------------------------
# 64 MiB arrive through a pipe while the verifier's address space is capped
# at 48 MiB above what it uses before reading: a line too long, or lines
# after the checkpoint, are refused at their line without the rest read.
cat >stream.py <<'EOF'
import importlib.util, resource, subprocess, sys
spec = importlib.util.spec_from_file_location("ve", sys.argv[1])
ve = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ve)
good = open(sys.argv[2], "rb").read()
pk = ve.load_pubkey(sys.argv[3])
head, chunk = {"long-line": (good.split(b"\n")[0] + b"\n", b"x" * (1 << 20)),
               "after-checkpoint": (good, b"{}\n" * (1 << 18))}[sys.argv[4]]
writer = ("import sys\n"
          "o = sys.stdout.buffer\n"
          "try:\n"
          "    o.write(%r)\n"
          "    for _ in range(64): o.write(%r * %d)\n"
          "except BrokenPipeError: pass\n" % (head, chunk[:16], len(chunk) // 16))
w = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
vm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmSize:"))
resource.setrlimit(resource.RLIMIT_AS, (vm * 1024 + (48 << 20), resource.RLIM_INFINITY))
try:
    ve.verify(w.stdout, pk)
    print("accepted")
except ve.Invalid as e:
    print(e)
w.stdout.close()
w.wait()
EOF
stream() {
	$PY stream.py "$ROOT/scripts/verify-export.py" "$FIX/export/known-good.jsonl" \
		"$FIX/vectors/owner.key.pub" "$1" 2>&1
}
got=$(stream long-line)
check "a 64 MiB line through a pipe, memory capped: refused at line 2 ($got)" \
	[ "$got" = "line 2: longer than 2097152 bytes" ]
got=$(stream after-checkpoint)
check "64 MiB after the checkpoint, memory capped: refused at line 8 ($got)" \
	[ "$got" = "line 8: data after the checkpoint line" ]
finish
