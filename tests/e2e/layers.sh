#!/bin/sh
# layers.sh: the source tree's layers only include downwards.  cli/ over
# ledger/ and extract/ (side by side), over crypto/ and base/:
#   base/     includes base/ only
#   crypto/   base/, crypto/
#   ledger/   base/, crypto/, ledger/      (never extract/)
#   extract/  base/, extract/              (never the ledger or crypto)
# and only crypto/ includes libsodium's or nettle's headers.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/e2e/lib.inc"

# layer DIR ALLOWED...: every #include "x/..." of DIR/*.[ch] names one of
# the ALLOWED directories.
layer() {
	l_dir=$1; shift
	l_bad=""
	for f in "$ROOT/$l_dir"/*.[ch]; do
		[ -f "$f" ] || continue
		for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"/]*\)\/.*/\1/p' "$f"); do
			l_ok=0
			for a in "$@"; do
				[ "$inc" = "$a" ] && l_ok=1
			done
			[ "$l_ok" -eq 1 ] || l_bad="$l_bad $(basename "$f"):$inc/"
		done
	done
	if [ -z "$l_bad" ]; then
		ok "$l_dir/ includes only $*"
	else
		not_ok "$l_dir/ includes from above:$l_bad"
	fi
}

layer base base
layer crypto base crypto
layer ledger base crypto ledger
layer extract base extract
layer cli base crypto ledger extract cli

outside=$(cd "$ROOT" && grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(sodium|nettle/)' \
	base/*.[ch] ledger/*.[ch] extract/*.[ch] cli/*.[ch] 2>/dev/null)
if [ -z "$outside" ]; then
	ok "only crypto/ includes libsodium and nettle"
else
	not_ok "libsodium or nettle included outside crypto/: $outside"
fi

# The store's private header (ledger/store_internal.h) belongs to the
# files of the store: nothing else includes it, cli/ and extract/ least.
private=$(cd "$ROOT" && grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"ledger/store_internal\.h"' \
	base/*.[ch] crypto/*.[ch] ledger/*.[ch] extract/*.[ch] cli/*.[ch] tests/*.c 2>/dev/null |
	grep -vE '^ledger/store(_[a-z]+)?\.c$')
if [ -z "$private" ]; then
	ok "only ledger/store*.c include ledger/store_internal.h"
else
	not_ok "ledger/store_internal.h included outside the store: $private"
fi

finish
