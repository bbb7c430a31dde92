#!/bin/sh
# bench/ab/run.sh icu|linkgrammar: the A/B measurements behind README's
# "Parser or rules": the extractor with a library's answer in place of
# (or beside) its own rules, scored on the four evaluation sets.
#
# The experiment is a patch (bench/ab/*.patch), applied to a throwaway
# worktree of HEAD and never part of the build: the figures can be made
# again on a later HEAD as long as the patch applies.  Needs the
# library's Debian package (libicu-dev, or liblink-grammar-dev with
# link-grammar-dictionaries-en); installs it when run as root.
set -eu
what=${1:?usage: bench/ab/run.sh icu|linkgrammar}
case "$what" in
icu) pkg=icu-uc; debs=libicu-dev; flag=CL_AB_ICU; var=CL_ICU; variants="0 1" ;;
linkgrammar) pkg=link-grammar; debs="liblink-grammar-dev link-grammar-dictionaries-en"
	flag=CL_AB_LG; var=CL_LG; variants="0 1 2 3" ;;
*) echo "usage: bench/ab/run.sh icu|linkgrammar" >&2; exit 2 ;;
esac
top=$(git rev-parse --show-toplevel)
cd "$top"
if ! pkg-config --exists "$pkg"; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $debs >&2
	else
		echo "bench/ab: run as root: apt-get install -y $debs" >&2
		exit 1
	fi
fi
wt=$(mktemp -d /tmp/claimledger-ab.XXXXXX)
trap 'git worktree remove --force "$wt" >/dev/null 2>&1 || true; rm -rf "$wt"' EXIT
git worktree add --detach -q "$wt" HEAD
cp bench/ab/$what.patch "$wt/"
cd "$wt"
git apply "$what.patch"
make -s BUILD=build-ab PKGS="lmdb libsodium nettle jansson $pkg" EXTRA_CFLAGS="-D$flag" \
	build-ab/tests/extract_test >/dev/null
T=build-ab/tests/extract_test
echo "HEAD $(git rev-parse --short HEAD); $what; $var=0 is the rules alone"
for v in $variants; do
	for set in tuning fixtures/heldout fixtures/realnews/dev fixtures/realnews/blind; do
		if [ "$set" = tuning ]; then held=; else held=$set; fi
		line=$(env CL_EVAL_ONLY=1 "$var=$v" CLAIMLEDGER_HELDOUT="$held" \
			/usr/bin/time -f 'TIME %e s %M KB' "$T" 2>&1 |
			grep -E 'TUNING set overall|HELD-OUT set overall|^TIME' |
			{ if [ -z "$held" ]; then grep -E 'TUNING|TIME'; else grep -E 'HELD-OUT|TIME'; fi; } |
			sed 's/.*gold/gold/; s/TIME //' | tr '\n' ' ')
		printf '%s=%s %-24s %s\n' "$var" "$v" "$set" "$line"
	done
done
