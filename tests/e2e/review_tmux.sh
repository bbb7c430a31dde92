#!/bin/sh
# review_tmux.sh: issue 13, `review` on a real terminal (tmux): the editor
# gets the terminal (it asks for a speaker and reads the answer), a
# mistake is shown with its line and "edit the sheet again?", the summary
# appears on screen and "sign N claims? [y/N]" waits for an answer; "y"
# signs exactly what the sheet kept, "n" (the default) signs nothing.
# tmux is required (scripts/deps.sh installs it): without it this fails.
. "$(dirname "$0")/lib.inc"

if ! command -v tmux >/dev/null 2>&1; then
	not_ok "tmux is not installed (scripts/deps.sh lists it)"
	finish
fi
sock="$T/tmux.sock"
tm() { tmux -S "$sock" "$@"; }
# Our own server on our own socket, stopped whatever happens.
trap 'tmux -S "$sock" kill-server 2>/dev/null; chmod -R u+rwX "$T" 2>/dev/null; rm -rf "$T"' EXIT

cp "$FIX/vectors/owner.key" owner.key && chmod 600 owner.key
export CLAIMLEDGER_DIR="$T/led"
mkdir "$T/tmp"
succeeds "init" init --key owner.key --origin example.org/review-tmux
cp "$FIX/articles/nurses-strike-2023-10-04.txt" article.txt
cp "$FIX/articles/chile-copper-strike-2024-03-14.txt" other.txt

# The editor: round 1 asks on the terminal who said claim 2 and writes a
# mistake into claim 3's kind; round 2 mends the kind.
cat >editor.sh <<'EOF'
#!/bin/sh
dir=$(dirname "$0")
r=$(cat "$dir/rounds" 2>/dev/null || echo 0); r=$((r + 1)); echo "$r" >"$dir/rounds"
case $r in
1) printf 'who said claim 2? '
   read -r who
   sed -i -e "s/^keep 2 direct .*/keep 2 direct $who/" -e 's/^keep 3 direct /keep 3 quoted /' "$1" ;;
2) sed -i 's/^keep 3 quoted /keep 3 direct /' "$1" ;;
esac
EOF
chmod +x editor.sh

# screen: the pane's text now.
screen() { tm capture-pane -p -t rv -S -50; }
# wait_for PATTERN: until the pane shows it (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# start ARTICLE: review ARTICLE in a new detached session "rv", 100x40;
# the pane shows EXIT=<status> when it is done.
start() {
	tm new-session -d -s rv -x 100 -y 40 \
		"cd '$T' && env CLAIMLEDGER_DIR='$T/led' CLAIMLEDGER_TIME=$CLAIMLEDGER_TIME \
		LC_ALL=C.UTF-8 TMPDIR='$T/tmp' VISUAL= EDITOR='$T/editor.sh' \
		'$BIN' review '$1' --key owner.key; echo EXIT=\$?; sleep 60"
}

before=$(ledger_sum)
start article.txt
check "the editor has the terminal: its question is on screen" wait_for "who said claim 2?"
tm send-keys -t rv "Ana Ruiz" Enter
check "the mistake is on screen with its line" \
	wait_for "claimledger: review: sheet line [0-9]*: 'quoted' is not a kind"
check "... and the sheet is offered again" wait_for "edit the sheet again? \[Y/n\]"
check "nothing is signed while the sheet is wrong" [ "$(ledger_sum)" = "$before" ]
tm send-keys -t rv Enter
check "the summary line appears on screen" wait_for "^9 claims: 9 kept, 0 dropped, 1 speaker changed$"
check "... then the question, waiting" wait_for "sign 9 claims? \[y/N\]"
check "nothing is signed before the answer" [ "$(ledger_sum)" = "$before" ]
tm send-keys -t rv y Enter
check "yes: the claims are signed" wait_for "^imported 9 claims from 'article.txt': seq 1\.\.9$"
check "... exit 0" wait_for "^EXIT=0$"
check "the editor ran twice" [ "$(cat rounds)" = 2 ]
"$BIN" list --type claim --json >signed.jsonl
check "the ledger holds the 9 claims, claim 2 by the speaker typed in the editor" python3 - signed.jsonl <<'EOF'
import json, sys
bodies = sorted((json.loads(l)["body"] for l in open(sys.argv[1])), key=lambda b: b["seq"])
assert len(bodies) == 9, len(bodies)
assert bodies[1]["speaker"] == "Ana Ruiz" and bodies[1]["kind"] == "direct", bodies[1]
assert bodies[2]["kind"] == "direct", bodies[2]
EOF
check "the private directory is gone" [ -z "$(ls -A "$T/tmp")" ]
tm kill-session -t rv

# No (the default, an empty answer): nothing signed.
rm -f rounds
printf '#!/bin/sh\nexit 0\n' >editor.sh
before=$(ledger_sum)
start other.txt
check "the second article's question" wait_for "sign [0-9]* claims? \[y/N\]"
tm send-keys -t rv Enter
check "an empty answer is no: nothing signed, exit 2" \
	wait_for "claimledger: review: not confirmed: nothing signed"
check "... exit 2" wait_for "^EXIT=2$"
check "... data.mdb unchanged" [ "$(ledger_sum)" = "$before" ]
check "... the private directory is gone" [ -z "$(ls -A "$T/tmp")" ]
tm kill-session -t rv

finish
