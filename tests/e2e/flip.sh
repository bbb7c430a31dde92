#!/bin/sh
# flip.sh: tampering at rest.  Random single-byte flips of the LMDB file:
# verify and export never crash or hang, and every flip that changes what
# the store holds (mdb_dump of every database differs, or cannot be read)
# is reported with exit 1 (a check failed) or 3 (LMDB found the file
# damaged).
# FLIP_TRIALS flips (60 here, 1000 in `make stress`).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.inc"
trials=${FLIP_TRIALS:-60}

make_ledger || { not_ok "make a ledger"; finish; }
export CLAIMLEDGER_DIR="$T/led" CLAIMLEDGER_KEY="$T/owner.key"
# Something in every database: records, editors, aliases, documents,
# checkpoints, the tree and the indexes.
"$BIN" keygen --name ed --out ed.key >/dev/null
"$BIN" editor add ed ed.key.pub >/dev/null
"$BIN" import "$FIX/articles/venezuela-election-2021-11-22.txt" --source https://example.org/v >/dev/null
"$BIN" import --jsonl "$FIX/seed-claims.jsonl" --key ed.key >/dev/null
"$BIN" alias add "the Palace" "Office of the President" >/dev/null
"$BIN" checkpoint >/dev/null
"$BIN" verify --full >/dev/null 2>&1 || "$BIN" verify >/dev/null || not_ok "the pristine ledger verifies"
cp led/data.mdb pristine.mdb
# The dumps leave out their "mapsize=" header: LMDB derives it from the
# meta page's map size and last page, hints that hold no content (a flip
# of the last page number raised it and was counted as a miss).
dump() { mdb_dump -a led >raw.dump && sed '/^mapsize=/d' raw.dump; }
dump >pristine.dump || not_ok "dump the pristine ledger"
fsize=$(wc -c <pristine.mdb)

# Damage that makes liblmdb itself fault, since it trusts the file: a node
# whose flags lie (SIGSEGV), a file cut short as by an interrupted copy
# (SIGBUS).  One line on stderr and exit 3, in release and sanitizer builds.
# Under valgrind (make valgrind) memcheck reports the bad access inside
# liblmdb first and exits 99: that is the same fault, seen earlier.
lmdb_fault_in_memcheck() {
	[ -n "${VALGRIND:-}" ] && [ "$1" -eq 99 ] &&
		grep -m1 '^==[0-9]*== *at 0x' "$2" | grep -q 'liblmdb'
}
for damage in dupflag truncate; do
	cp pristine.mdb led/data.mdb
	if [ "$damage" = truncate ]; then
		truncate -s $((fsize / 2 / 4096 * 4096)) led/data.mdb
	else
		python3 "$here/lmdb_damage.py" led/data.mdb records "$damage" ||
			not_ok "damage the records database ($damage)"
	fi
	run verify --full
	if lmdb_fault_in_memcheck "$rc" "$T/.err"; then
		ok "verify --full on a damaged ledger file ($damage): memcheck saw liblmdb fault"
	else
		check "verify --full on a damaged ledger file ($damage): exit 3 (got $rc)" [ "$rc" -eq 3 ]
		check "it says so in one line ($damage)" one_error_line
		check "the line says the file is damaged ($damage)" \
			grep -q "^claimledger: verify: memory fault reading the ledger: its file is damaged" "$T/.err"
	fi
done

# A root page number that LMDB's own checks refuse (a flip.sh run hit
# "Assertion 'root > 1' failed" and an abort): the same one line and
# exit 3, with LMDB's words.
cp pristine.mdb led/data.mdb
python3 "$here/lmdb_damage.py" led/data.mdb records root1 || not_ok "damage the records' root"
run verify --full
check "verify --full on a root LMDB refuses: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "it says so in one line (root1)" one_error_line
check "the line says the file is damaged, in LMDB's words (root1)" \
	grep -q "^claimledger: verify: the ledger's file is damaged: LMDB: .*Assertion" "$T/.err"

# Flags of a database flipped in its record (a flip.sh run hit
# dupfixed/integerdup on one): LMDB still reads it, verify must not pass.
cp pristine.mdb led/data.mdb
python3 "$here/lmdb_damage.py" led/data.mdb tree dbflags || not_ok "damage the tree's flags"
run verify --full
check "verify --full refuses a database with flags it was never made with (got $rc)" [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ]
check "it says so in one line (dbflags)" one_error_line

crashed=0 missed=0 caught=0 harmless=0 export_crashed=0
i=0
while [ "$i" -lt "$trials" ]; do
	i=$((i + 1))
	cp pristine.mdb led/data.mdb
	set -- $(awk -v s="$i$$" -v n="$fsize" 'BEGIN { srand(s); printf "%d %d", int(rand() * n), 1 + int(rand() * 255) }')
	off=$1 mask=$2
	python3 -c 'import sys
p, off, mask = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(p, "r+b") as f:
    f.seek(off); b = f.read(1); f.seek(off); f.write(bytes([b[0] ^ mask]))' led/data.mdb "$off" "$mask"
	rc=$(timeout 60 "$BIN" verify --full >/dev/null 2>flip.err; echo $?)
	lmdb_fault_in_memcheck "$rc" flip.err && rc=3
	if dump >flip.dump 2>/dev/null && cmp -s pristine.dump flip.dump; then
		changed=0
	elif [ "$off" -lt 8192 ] && [ $((off % 4096)) -ge 32 ] && [ $((off % 4096)) -lt 40 ]; then
		# A meta page's map size: mdb_dump maps by it and may fail, but
		# it is a hint that holds no content (we set our own map size).
		changed=0
	else
		changed=1
	fi
	# The export reads every record too, through its own code.
	erc=$(timeout 60 "$BIN" export --format jsonl >/dev/null 2>flip.err; echo $?)
	lmdb_fault_in_memcheck "$erc" flip.err && erc=3
	if [ "$erc" -gt 3 ]; then
		export_crashed=$((export_crashed + 1))
		echo "# flip $i at $off ^$mask: export exit $erc (crash or hang)"
	fi
	case $rc in
	0)  if [ "$changed" -eq 1 ]; then
		missed=$((missed + 1))
		echo "# flip $i at $off ^$mask: content changed, verify passed:"
		diff pristine.dump flip.dump 2>&1 | head -n 6 | sed 's/^/#   /'
	    else
		harmless=$((harmless + 1))
	    fi ;;
	1|3) caught=$((caught + 1)) ;;
	*)  crashed=$((crashed + 1)); echo "# flip $i at $off ^$mask: verify exit $rc (crash or hang)" ;;
	esac
done
cp pristine.mdb led/data.mdb
echo "# $trials flips: $caught reported, $harmless in bytes that hold nothing, $missed missed, $crashed crashed or hung"
check "verify never crashed or hung in $trials flips" [ "$crashed" -eq 0 ]
check "export never crashed or hung in $trials flips" [ "$export_crashed" -eq 0 ]
check "every flip that changed the store was reported" [ "$missed" -eq 0 ]
# Most bytes hold nothing (free space): with fewer than 30 flips (valgrind
# runs 5) none reaching stored data is likely, not a fault.
[ "$trials" -lt 30 ] || check "the flips did reach stored data" [ "$caught" -gt 0 ]
finish
