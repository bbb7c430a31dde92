#!/bin/sh
# demo.sh: a throwaway key and ledger from the seed claims, listed and
# verified.  Usage: scripts/demo.sh [BIN]   (default build/claimledger)
set -eu
bin=${1:-build/claimledger}
case $bin in /*) ;; *) bin="$(pwd)/$bin" ;; esac
fixtures="$(cd "$(dirname "$0")/../fixtures" && pwd)"
[ -x "$bin" ] || { echo "demo: no binary at '$bin'; run make" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/claimledger-demo.XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 1' HUP INT TERM
export CLAIMLEDGER_DIR="$dir/ledger" CLAIMLEDGER_KEY="$dir/owner.key"
export CLAIMLEDGER_TIME=1637625600 # 2021-11-23T00:00:00Z: a reproducible demo

step() { printf '\n$ claimledger %s\n' "$*"; "$bin" "$@"; }

step keygen --name demo-owner --out "$dir/owner.key"
step init --origin demo.claimledger.example/log
step import --jsonl "$fixtures/seed-claims.jsonl"
step list
step list --speaker "antony blinken" --json
step show 1
step stats
step verify
