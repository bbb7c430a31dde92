#!/bin/sh
# disk.sh: disk trouble.  A full disk (a small tmpfs) and a read-only ledger
# give one clear error line, exit 3, and an intact ledger.
#
# Mounting needs root (CI runs as root) or an unprivileged user namespace;
# without either the checks cannot run and are reported as failures, so a
# missing capability is never mistaken for a pass.
. "$(dirname "$0")/lib.inc"

if [ "$(id -u)" -ne 0 ]; then
	if command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
		# Re-run this script as root of a private user and mount namespace.
		exec unshare -rm sh "$0"
	fi
	not_ok "disk tests need root or unshare -rm (mounting a small tmpfs)"
	finish
fi

small="$T/small"
mkdir -p "$small"
if ! mount -t tmpfs -o size=256k tmpfs "$small" 2>/dev/null; then
	not_ok "mount a 256 KiB tmpfs (needs CAP_SYS_ADMIN)"
	finish
fi
trap 'umount "$small" 2>/dev/null; chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT

"$BIN" keygen --name owner --out owner.key >/dev/null
succeeds "init a ledger on a 256 KiB tmpfs" init --ledger "$small/led" --key owner.key --origin test/disk
succeeds "import the seed claims there" import --ledger "$small/led" --jsonl "$FIX/seed-claims.jsonl" --key owner.key
# A first full verify leaves its mark now, so that the dumps below compare
# the ledger's content and not the mark.
"$BIN" verify --full --ledger "$small/led" >/dev/null
mdb_dump -a "$small/led" >before.dump

# About 2 MB of claims cannot fit in 256 KiB.
python3 - >big.jsonl <<'EOF'
import json
for i in range(4000):
    print(json.dumps({"text": "Claim number %d, padded so that the disk fills up quickly. " % i + "x" * 400,
                      "speaker": "Speaker %d" % (i % 50), "source": "https://example.org/%d" % i,
                      "date": "2021-11-22"}))
EOF
fails 3 "import onto a full disk" import --ledger "$small/led" --jsonl big.jsonl --key owner.key
check "the error says the disk is full" grep -q "no space left on device" "$T/.err"
succeeds "the ledger still verifies after the full disk" verify --full --ledger "$small/led"
check "it still has its 15 records" [ "$(out)" = "verified 15 records" ]
mdb_dump -a "$small/led" >after.dump
check "its content is what it was (mdb_dump)" cmp -s before.dump after.dump
# A read-only ledger: reads work, writes exit 3, nothing changes.
mount -o remount,ro "$small" 2>/dev/null || not_ok "remount the tmpfs read-only"
succeeds "list works on a read-only ledger" list --ledger "$small/led"
succeeds "verify works on a read-only ledger" verify --ledger "$small/led"
fails 3 "add to a read-only ledger" add "x" --speaker s --source https://example.org/s --date 2021-11-22 \
	--ledger "$small/led" --key owner.key
check "the error names the ledger" grep -q "led" "$T/.err"
fails 3 "checkpoint on a read-only ledger" checkpoint --ledger "$small/led" --key owner.key
mdb_dump -a "$small/led" >ro.dump 2>/dev/null
check "the read-only ledger is unchanged" cmp -s before.dump ro.dump
umount "$small"
finish
