#!/bin/sh
# help.sh: issue 13, help and install.  Every command's --help fits 80
# columns and lists every flag its option parser takes (the binary checks
# its getopt table against the help and says so on stderr); the committed
# man page and completions are what the binary prints from the same
# table; bash (and zsh, when installed) completion completes commands,
# flags and values; a mistyped command gets the nearest one; `make
# install` puts the binary, the man page and both completions in place.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.inc"

# ---- the command list --------------------------------------------------------
succeeds "claimledger --help" --help
cp "$T/.out" list.txt
cmds=$(sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' list.txt)
check "the list names the commands" [ "$(echo "$cmds" | wc -l)" -ge 20 ]
check "the list fits 80 columns" [ "$(wc -L <list.txt)" -le 80 ]
run help
check "'claimledger help' is the same list" cmp -s "$T/.out" list.txt
run
check "no command: the list on stderr, exit 2" \
	sh -c '[ "$0" -eq 2 ] && cmp -s "$1" "$2"' "$rc" "$T/.err" list.txt

# Every command function in cli/ is in the table.
for fn in $(sed -n 's/^int cmd_\([a-z_]*\)(int argc.*/\1/p' "$SRC"/cli/*.c); do
	name=$(echo "$fn" | tr _ -)
	check "cmd_$fn is in the command list" sh -c 'echo "$1" | grep -qx -- "$2"' x "$cmds" "$name"
done

# ---- each command's --help ------------------------------------------------------
# Exit 0 and nothing on stderr: there the binary reports any flag its
# parser takes that the help lacks, or the reverse (cli_help_check; that
# the check catches both is tests/help_test.c's test_check).
quiet_success() { [ "$rc" -eq 0 ] && [ ! -s "$T/.err" ]; }
for c in $cmds; do
	run "$c" --help
	cp "$T/.out" "help-$c.txt"
	check "$c --help: exit 0, and its flags and help agree (stderr: $(head -c 300 "$T/.err"))" \
		quiet_success
	check "$c --help: first line 'usage: claimledger $c'" \
		sh -c 'head -n 1 "$1" | grep -q "^usage: claimledger $2\( \|\$\)"' x "help-$c.txt" "$c"
	check "$c --help: every line within 80 columns ($(wc -L <"help-$c.txt"))" \
		[ "$(wc -L <"help-$c.txt")" -le 80 ]
	check "$c --help: options and an example of $c" \
		sh -c 'grep -q "^options:" "$1" && grep -q "^  --help " "$1" &&
		       sed -n "/^examples:/,\$p" "$1" | grep -q "^  claimledger $2\( \|\$\)"' \
		x "help-$c.txt" "$c"
	run help "$c"
	check "'help $c' is '$c --help'" cmp -s "$T/.out" "help-$c.txt"
done

# The same from the sources' side: every long option a command file
# gives getopt is in the help of some command.
for f in "$SRC"/cli/cmd_*.c; do
	for o in $(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", [a-z_]*_argument,.*/\1/p' "$f"); do
		[ "$o" = help ] && continue
		check "$(basename "$f") --$o is in a command's help" \
			grep -q -- "^  --$o\( \|\$\)" help-*.txt
	done
done

run list --json --help
check "--help after other flags: the same help, still checked" \
	sh -c '[ "$0" -eq 0 ] && [ ! -s "$1" ] && cmp -s "$2" "$3"' "$rc" "$T/.err" "$T/.out" help-list.txt

# ---- did you mean ------------------------------------------------------------------
fails 2 "a mistyped command" lsit
check "... suggests the nearest" \
	grep -qx "claimledger: unknown command 'lsit'; did you mean 'list'?" "$T/.err"
fails 2 "a transposition in a longer one" verfiy --full
check "... suggests verify" grep -q "did you mean 'verify'?" "$T/.err"
fails 2 "help of a mistyped command" help exprot
check "... suggests export" grep -q "did you mean 'export'?" "$T/.err"
fails 2 "a word far from every command" frobnicate
check "... suggests nothing" \
	grep -qx "claimledger: unknown command 'frobnicate'; see 'claimledger --help'" "$T/.err"
fails 2 "two letters, two edits away" ls
check "... is too far to suggest 'list'" sh -c '! grep -q "did you mean" "$1"' x "$T/.err"

# ---- the man page ------------------------------------------------------------------
run help --man
check "help --man: exit 0" [ "$rc" -eq 0 ]
check "man/claimledger.1 is what the binary prints (make docs)" \
	cmp -s "$T/.out" "$SRC/man/claimledger.1"
for c in $cmds; do
	check "the man page has $c" grep -qx ".SS $c" "$SRC/man/claimledger.1"
done
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww -z "$SRC/man/claimledger.1" 2>groff.err
	st=$?
	check "groff renders the man page without a warning: $(head -c 300 groff.err)" \
		sh -c '[ "$0" -eq 0 ] && [ ! -s groff.err ]' "$st"
	groff -man -Tutf8 "$SRC/man/claimledger.1" 2>/dev/null | sed 's/.\x08//g' >man.txt
	check "the rendered page shows flags as typed" grep -q -- '--verdict V' man.txt
else
	# scripts/deps.sh installs groff-base: its absence is a failure.
	not_ok "groff is missing (scripts/deps.sh installs groff-base)"
fi

# ---- bash completion --------------------------------------------------------------
run help --bash
check "completion/claimledger.bash is what the binary prints (make docs)" \
	cmp -s "$T/.out" "$SRC/completion/claimledger.bash"
run help --zsh
check "completion/_claimledger is what the binary prints (make docs)" \
	cmp -s "$T/.out" "$SRC/completion/_claimledger"

# complete WORD...: what bash completion offers for the command line
# WORD... (the last word being completed), one line, sorted.
complete_bash() {
	bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _claimledger
		 printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " " | sed "s/ \$//"' \
		"$SRC/completion/claimledger.bash" "$@"
}
check "bash: 'li' completes to list" [ "$(complete_bash claimledger li)" = list ]
check "bash: 'verify' offers the three verify commands" \
	[ "$(complete_bash claimledger verify)" = "verify verify-export verify-proof" ]
check "bash: a flag of list completes" \
	[ "$(complete_bash claimledger list --sp)" = --speaker ]
check "bash: a flag's values complete" \
	[ "$(complete_bash claimledger export --format c)" = "claimreview csv" ]
check "bash: --flag=value too" \
	[ "$(complete_bash claimledger rate 3 --verdict = mostly-)" = "mostly-false mostly-true" ]
check "bash: subcommands complete" [ "$(complete_bash claimledger editor r)" = revoke ]
check "bash: help completes command names" \
	[ "$(complete_bash claimledger help ex)" = "export extract" ]
mkdir -p keys.d && : >keys.d/owner.key
check "bash: a key file completes as a file name" \
	[ "$(complete_bash claimledger import --key keys.d/ow)" = keys.d/owner.key ]
check "bash: free text completes nothing" \
	[ -z "$(complete_bash claimledger list --speaker k)" ]
# Every command: its flags complete to exactly the flags its --help lists.
for c in $cmds; do
	want=$(sed -n 's/^  \(--[a-z-]*\).*/\1/p' "help-$c.txt" | sort | tr '\n' ' ' | sed 's/ $//')
	check "bash: $c's flags are its --help's" [ "$(complete_bash claimledger "$c" --)" = "$want" ]
done

# ---- zsh completion (when zsh is installed) ---------------------------------------
if command -v zsh >/dev/null 2>&1; then
	check "zsh: the completion file parses" zsh -n "$SRC/completion/_claimledger"
	# For each LINE, type it and a TAB in a new interactive zsh whose
	# fpath starts with completion/; print "== LINE" and the screen.
	cat >zt.zsh <<'EOF'
setopt extendedglob
zmodload zsh/zpty
dir=$1; shift
for l in "$@"; do
	zpty z zsh -f -i
	zpty -w z "PS1='PR''OMPT> '; fpath=($dir \$fpath); autoload -Uz compinit; compinit -u -D; bindkey -e"
	zpty -r z out '*PROMPT> *'
	# ZLE reads keys in order: the TAB's completion is on the screen
	# before ^U kills the line and the marker's echo runs.
	zpty -n -w z "$l"$'\t'
	zpty -w z $'\x15'"echo EN''D"
	zpty -r z out '*END*'
	zpty -d z
	print -r -- "== $l"
	print -r -- "${out//$'\e'\[[0-9;?]#[a-zA-Z]/}" | tr -d '\r'
done
EOF
	HOME=$T timeout 60 zsh -f zt.zsh "$SRC/completion" "claimledger li" \
		"claimledger list --spe" "claimledger export --format=c" \
		"claimledger editor rev" >zsh.out 2>&1
	check "zsh: 'li' completes to list" grep -q 'claimledger list \( \|$\)' zsh.out
	check "zsh: a flag of list completes" grep -q 'claimledger list --speaker=' zsh.out
	check "zsh: a flag's values complete" grep -q 'claimreview  *csv' zsh.out
	check "zsh: subcommands complete" grep -q 'claimledger editor revoke\( \|$\)' zsh.out
else
	not_ok "zsh is missing (scripts/deps.sh installs zsh)"
fi

# ---- make install ------------------------------------------------------------------
# Against the binary under test: BUILD is its directory, and -o keeps
# make from rebuilding it; not in the outer make's jobserver or variables
# (make test, make sanitize).
bdir=$(dirname "$BIN")
unset MAKEFLAGS MFLAGS MAKELEVEL
make -s -C "$SRC" -o "$BIN" BUILD="$bdir" BIN="$BIN" DESTDIR="$T/inst" PREFIX=/usr \
	install >install.log 2>&1
st=$?
check "make install DESTDIR=... PREFIX=/usr: $(tail -n 3 install.log)" [ "$st" -eq 0 ]
check "the binary in usr/bin" [ -x "$T/inst/usr/bin/claimledger" ]
check "... and it runs" sh -c '"$0" --version >/dev/null' "$T/inst/usr/bin/claimledger"
check "the man page in usr/share/man/man1" \
	cmp -s "$T/inst/usr/share/man/man1/claimledger.1" "$SRC/man/claimledger.1"
check "bash completion in usr/share/bash-completion/completions" \
	cmp -s "$T/inst/usr/share/bash-completion/completions/claimledger" \
	"$SRC/completion/claimledger.bash"
check "zsh completion in usr/share/zsh/site-functions" \
	cmp -s "$T/inst/usr/share/zsh/site-functions/_claimledger" "$SRC/completion/_claimledger"
check "the installed files are not executable, but for the binary" \
	sh -c '[ -z "$(find "$1/usr/share" -type f -perm /111)" ]' x "$T/inst"
MANPATH="$T/inst/usr/share/man" man claimledger 2>/dev/null >man-installed.txt
check "man finds the installed page" grep -q 'claimledger' man-installed.txt
make -s -C "$SRC" -o "$BIN" BUILD="$bdir" BIN="$BIN" DESTDIR="$T/inst" PREFIX=/usr \
	uninstall >>install.log 2>&1
check "make uninstall removes them" \
	sh -c '[ -z "$(find "$1" -type f)" ]' x "$T/inst"

finish
