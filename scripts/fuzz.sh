#!/bin/sh
# Build and run the libFuzzer targets fuzz/<name>_fuzz.c, each for a bounded
# time, from its committed seed corpus fuzz/corpus/<name>/.
# Usage: scripts/fuzz.sh SECONDS [NAME...]   (default: every target)
# New corpus entries go to build-fuzz/corpus/<name>/, never to the repo;
# crashes are left as build-fuzz/<name>-crash-* and fail the run.
set -u
secs=${1:-600}; shift 2>/dev/null || true
names=${*:-$(for f in fuzz/*_fuzz.c; do basename "$f" _fuzz.c; done)}
cc=${FUZZ_CC:-clang}
command -v "$cc" >/dev/null 2>&1 || {
	echo "claimledger: fuzz: needs clang with libFuzzer: apt-get install -y clang" >&2; exit 2; }
mkdir -p build-fuzz/gen/extract
# The extractor's word lists, generated as the Makefile does.
sh scripts/lang-gen.sh h build-fuzz/gen/extract/lang_en.h extract/lang/en/*.txt || exit 1
sh scripts/lang-gen.sh c build-fuzz/gen/extract/lang_en.c extract/lang/en/*.txt || exit 1
sh scripts/lang-gen.sh h build-fuzz/gen/extract/lang_es.h extract/lang/es/*.txt || exit 1
sh scripts/lang-gen.sh c build-fuzz/gen/extract/lang_es.c extract/lang/es/*.txt || exit 1
srcs="$(ls base/*.c crypto/*.c ledger/*.c extract/*.c) build-fuzz/gen/extract/lang_en.c
      build-fuzz/gen/extract/lang_es.c"
libs="$(pkg-config --cflags --libs lmdb libsodium nettle jansson icu-uc libcurl)"
status=0
for n in $names; do
	bin=build-fuzz/${n}_fuzz
	echo "== $n: building"
	# A target of cli/ code (the review sheet) links the commands too,
	# all but main.c.
	cli=""
	case "$n" in review_sheet) cli=$(ls cli/*.c | grep -v '^cli/main\.c$') ;; esac
	$cc -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -I. -Ibuild-fuzz/gen \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	    "fuzz/${n}_fuzz.c" $srcs $cli $libs -o "$bin" || { status=1; continue; }
	mkdir -p "build-fuzz/corpus/$n"
	echo "== $n: fuzzing for ${secs}s"
	if ! "$bin" -max_total_time="$secs" -max_len=65536 -len_control=0 -timeout=30 \
	    -rss_limit_mb=2048 -artifact_prefix="build-fuzz/$n-" -print_final_stats=1 \
	    "build-fuzz/corpus/$n" "fuzz/corpus/$n" 2>"build-fuzz/$n.log"; then
		echo "claimledger: fuzz: $n found a crash: see build-fuzz/$n.log" >&2
		status=1
	fi
	grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "build-fuzz/$n.log" | sed "s/^/$n /"
done
exit $status
