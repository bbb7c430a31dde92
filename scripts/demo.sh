#!/bin/sh
# demo.sh: a throwaway key and ledger; one news article's claims extracted,
# signed and listed; verdicts and a correction; a checkpoint, a verified
# export, a verified ledger; last, the HTML report, which outlives the
# throwaway directory: it is written beside BIN (build/demo-report.html),
# or to $CLAIMLEDGER_DEMO_REPORT, and its path printed.
# Usage: scripts/demo.sh [BIN]   (default build/claimledger)
set -eu
bin=${1:-build/claimledger}
case $bin in /*) ;; *) bin="$(pwd)/$bin" ;; esac
fixtures="$(cd "$(dirname "$0")/../fixtures" && pwd)"
[ -x "$bin" ] || { echo "demo: no binary at '$bin'; run make" >&2; exit 2; }
report=${CLAIMLEDGER_DEMO_REPORT:-$(dirname "$bin")/demo-report.html}
case $report in /*) ;; *) report="$(pwd)/$report" ;; esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/claimledger-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' HUP INT TERM
cd "$dir"
export CLAIMLEDGER_DIR="$dir/ledger" CLAIMLEDGER_KEY="$dir/owner.key"
export CLAIMLEDGER_SPEAKERS="$fixtures/speakers.tsv"
export CLAIMLEDGER_TIME=1637625600 # 2021-11-23T00:00:00Z: a reproducible demo

article=venezuela-election-2021-11-22.txt
cp "$fixtures/articles/$article" .

step() { printf '\n$ claimledger %s\n' "$*"; "$bin" "$@"; }
say() { printf '\n# %s\n' "$*"; }

say "A signing key and a new ledger owned by it."
step keygen --name demo-owner --out owner.key
step init --origin demo.claimledger.example/log

say "Import a news article: its claims (who said what) are extracted, the
# article is archived, and each claim becomes one signed record."
step import "$article" --source "https://news.example/2021/11/22/venezuela-election"
step list

say "One direct quote: its offset and length point into the archived article."
seq=$("$bin" list --type claim --json | grep '"kind":"direct"' | tail -n 1 |
	sed 's/.*"seq":\([0-9]*\).*/\1/')
step show "$seq"

say "Fact-checking: verdicts (the latest one is current) and a correction,
# each a new signed record; nothing is rewritten."
step rate 9 --verdict unproven --note "No independent count of the detainees was found" \
	--evidence https://example.org/detainee-counts
step rate 4 --verdict mostly-true --note "Observers reported the same restrictions" \
	--evidence https://example.org/observer-report
step rate 7 --verdict mixed
step correct 5 --speaker "Antony Blinken" --reason "the statement is signed by the Secretary of State"

say "A signed checkpoint, an audit export, and its check with only the public key."
step checkpoint
step export --format jsonl --key owner.key --out export.jsonl
step verify-export export.jsonl --pubkey owner.key.pub
step verify

say "Publish the ledger as C2SP tlog-tiles (any static web host serves the
# directory); another newsroom witnesses the checkpoint; a monitor follows
# it with the owner's public key and that witness's key."
step publish site
step keygen --name witness.example/w1 --out w1.key --witness
step witness cosign site/checkpoint --log-key owner.key.pub --key w1.key \
	--state w1state --out cosigned.txt
step publish site --cosigned cosigned.txt
step monitor site --pubkey owner.key.pub --witness w1.key.pub --state monitor.state

say "A report people can read: one static HTML page (no scripts, prints well)."
step export --format html --out "$report"
printf '\nreport: %s\n' "$report"
