#!/bin/sh
# demo.sh: a throwaway key and ledger; one news article's claims extracted,
# signed and listed; a checkpoint, a verified export, a verified ledger.
# Usage: scripts/demo.sh [BIN]   (default build/claimledger)
set -eu
bin=${1:-build/claimledger}
case $bin in /*) ;; *) bin="$(pwd)/$bin" ;; esac
fixtures="$(cd "$(dirname "$0")/../fixtures" && pwd)"
[ -x "$bin" ] || { echo "demo: no binary at '$bin'; run make" >&2; exit 2; }

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

say "A signed checkpoint, an audit export, and its check with only the public key."
step checkpoint
step export --format jsonl --key owner.key --out export.jsonl
step verify-export export.jsonl --pubkey owner.key.pub
step verify
