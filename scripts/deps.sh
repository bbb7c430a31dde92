#!/bin/sh
# Check the Debian packages claimledger builds and tests with; install the
# missing ones when run as root, otherwise print the exact command and stop.
# The optional ones (chromium: tests/e2e/report.sh renders the HTML report
# in it) are installed the same way, but a system that cannot have them
# still builds and tests: that one check is then skipped with a message.
set -u
debs="pkg-config liblmdb-dev lmdb-utils libsodium-dev nettle-dev libcmocka-dev libjansson-dev libicu-dev libcurl4-openssl-dev python3-nacl zsh groff-base man-db tmux"
optional="chromium"
missing_of() {
	m=""
	for d in "$@"; do
		st=$(dpkg-query -W -f='${Status}' "$d" 2>/dev/null)
		case "$st" in *"install ok installed"*) ;; *) m="$m $d" ;; esac
	done
	echo "$m"
}
install() {
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q "$@" >&2 ||
		{ apt-get update -q >&2 && apt-get install -y -q "$@" >&2; }
}
missing=$(missing_of $debs)
opt_missing=$(missing_of $optional)
[ -z "$missing" ] && [ -z "$opt_missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	if [ -n "$missing" ]; then
		echo "claimledger: installing Debian packages:$missing" >&2
		install $missing || exit 1
	fi
	if [ -n "$opt_missing" ]; then
		echo "claimledger: installing optional Debian packages:$opt_missing" >&2
		install $opt_missing ||
			echo "claimledger: could not install$opt_missing; the checks that need it are skipped" >&2
	fi
	exit 0
fi
if [ -n "$opt_missing" ]; then
	echo "claimledger: optional Debian packages missing (their checks are skipped):$opt_missing" >&2
fi
[ -z "$missing" ] && exit 0
echo "claimledger: missing Debian packages:$missing" >&2
echo "run as root: apt-get update && apt-get install -y$missing$opt_missing" >&2
exit 1
