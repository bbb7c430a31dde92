#!/bin/sh
# Check the Debian packages claimledger builds and tests with; install the
# missing ones when run as root, otherwise print the exact command and stop.
set -u
debs="pkg-config liblmdb-dev lmdb-utils libsodium-dev nettle-dev libcmocka-dev libjansson-dev libicu-dev python3-nacl zsh groff-base man-db tmux"
missing=""
for d in $debs; do
	st=$(dpkg-query -W -f='${Status}' "$d" 2>/dev/null)
	case "$st" in *"install ok installed"*) ;; *) missing="$missing $d" ;; esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "claimledger: installing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y -q $missing >&2; then
		apt-get update -q >&2 && apt-get install -y -q $missing >&2 || exit 1
	fi
	exit 0
fi
echo "claimledger: missing Debian packages:$missing" >&2
echo "run as root: apt-get update && apt-get install -y$missing" >&2
exit 1
