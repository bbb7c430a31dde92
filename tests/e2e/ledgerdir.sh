#!/bin/sh
# ledgerdir.sh: the ledger directory.  A symbolic link (or anything but a
# regular file) as data.mdb or lock.mdb is refused by every command before
# LMDB opens it, and the link's target keeps its bytes; a directory or
# files that another user owns or that group or others may write are
# refused unless --shared-ledger or CLAIMLEDGER_SHARED_LEDGER=1; a new
# ledger is 0700 with 0600 files.
. "$(dirname "$0")/lib.inc"

mode() { stat -c %a "$1"; }

make_ledger || { not_ok "make a ledger"; finish; }
check "init makes the ledger directory 0700" [ "$(mode led)" = 700 ]
check "init makes data.mdb 0600" [ "$(mode led/data.mdb)" = 600 ]
check "init makes lock.mdb 0600" [ "$(mode led/lock.mdb)" = 600 ]
export CLAIMLEDGER_DIR="$T/led"
claim="--speaker S --source https://news.example/s --date 2021-11-22 --key owner.key"
"$BIN" add "a claim" $claim >/dev/null || not_ok "add a claim"
before=$(ledger_sum)

# A secret that a planted lock.mdb link points at.
"$BIN" keygen --name victim --out victim.key >/dev/null
cp victim.key victim.orig
rm led/lock.mdb
ln -s "$T/victim.key" led/lock.mdb
for cmd in list verify "add" "export --format csv" stats; do
	if [ "$cmd" = add ]; then set -- add "another claim" $claim; else set -- $cmd; fi
	fails 2 "$cmd refuses a symlinked lock.mdb" "$@"
	check "$cmd: the message names lock.mdb and the ledger" \
		grep -q "^claimledger: $1: ledger '$T/led': lock.mdb is a symbolic link; refusing to open it\$" "$T/.err"
	check "$cmd: the link's target is byte-identical" cmp -s victim.key victim.orig
done
fails 2 "--shared-ledger does not allow a symlinked lock.mdb" list --shared-ledger
check "the target is still byte-identical" cmp -s victim.key victim.orig
rm led/lock.mdb

# data.mdb as a link to the real file.
mv led/data.mdb data.real
ln -s "$T/data.real" led/data.mdb
fails 2 "list refuses a symlinked data.mdb" list
check "the message names data.mdb" grep -q "data.mdb is a symbolic link" "$T/.err"
fails 2 "add refuses a symlinked data.mdb" add "x" $claim
rm led/data.mdb && mv data.real led/data.mdb
check "the ledger was not written through the link" [ "$(ledger_sum)" = "$before" ]
mkfifo led/lock.mdb
fails 2 "a FIFO as lock.mdb is refused" list
check "the message says it is not a regular file" grep -q "lock.mdb is not a regular file" "$T/.err"
rm led/lock.mdb

# The directory path itself may be a link.
ln -s led ledlink
succeeds "a ledger reached through a symlinked directory path opens" list --ledger ledlink

# Owner and mode: refused unless the ledger is shared on purpose.
chmod 770 led
fails 2 "a group-writable ledger directory is refused" list
check "the message says what to run" grep -q "run chmod go-w '$T/led', or pass --shared-ledger" "$T/.err"
succeeds "list --shared-ledger opens it" list --shared-ledger
check "list --shared-ledger lists the claim" grep -q 'a claim' "$T/.out"
succeeds "add --shared-ledger writes to it" add "a shared claim" $claim --shared-ledger
# with_env VAR=VALUE ARGS...: run the binary with VAR set, as `run` does.
with_env() {
	var=$1; shift
	env "$var" "$BIN" "$@" >"$T/.out" 2>"$T/.err"
	rc=$?
}
with_env CLAIMLEDGER_SHARED_LEDGER=1 verify
check "CLAIMLEDGER_SHARED_LEDGER=1 opens it (verify)" [ "$rc:$(out)" = "0:verified 3 records" ]
with_env CLAIMLEDGER_SHARED_LEDGER=yes list
check "CLAIMLEDGER_SHARED_LEDGER=yes is refused (exit 2)" [ "$rc" -eq 2 ]
check "... with one error line naming the variable" grep -q "^claimledger: list: CLAIMLEDGER_SHARED_LEDGER: 'yes'" "$T/.err"
chmod 700 led
chmod 666 led/data.mdb
before=$(ledger_sum)
fails 2 "a world-writable data.mdb is refused" add "x" $claim
check "the message names data.mdb and its mode" grep -q "data.mdb is writable by group or others (mode 0666)" "$T/.err"
check "the refused add left the ledger byte-identical" [ "$(ledger_sum)" = "$before" ]
chmod 600 led/data.mdb
if [ "$(id -u)" -eq 0 ]; then
	chown 65534 led
	fails 2 "a ledger directory owned by another user is refused" list
	check "the message names the owner" grep -q "belongs to uid 65534" "$T/.err"
	succeeds "--shared-ledger opens another user's ledger" list --shared-ledger
	chown 0 led
fi

# Another user's ledger on a read-only mount opens for reading: nobody
# can change its files there, and LMDB writes no lock file.  (Root only:
# it needs a mount; disk.sh covers read-only media for the owner.)
if [ "$(id -u)" -eq 0 ] && mkdir ro && mount -t tmpfs -o size=4m tmpfs ro 2>/dev/null; then
	trap 'umount "$T/ro" 2>/dev/null; chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT
	cp -r led ro/led && rm -f ro/led/lock.mdb && chown -R 65534 ro/led
	mount -o remount,ro ro || not_ok "remount the tmpfs read-only"
	succeeds "another user's ledger on a read-only mount: list" list --ledger ro/led
	succeeds "... verify" verify --ledger ro/led
	fails 2 "... but not add (its owner and mode rule holds for writing)" \
		add "x" $claim --ledger ro/led
	umount ro
fi

# init into an existing directory that others may write.
mkdir open && chmod 777 open
fails 2 "init refuses a world-writable directory" init --ledger open --key owner.key
check "no ledger was made there" [ ! -e open/data.mdb ]
succeeds "init --shared-ledger makes one there" init --ledger open --key owner.key --shared-ledger
check "init keeps the shared directory's mode" [ "$(mode open)" = 777 ]
mkdir planted && ln -s "$T/victim.key" planted/lock.mdb
fails 2 "init refuses a directory with a planted lock.mdb link" init --ledger planted --key owner.key
check "init left the link's target byte-identical" cmp -s victim.key victim.orig
finish
