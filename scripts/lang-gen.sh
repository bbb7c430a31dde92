#!/bin/sh
# lang-gen.sh: turn the extractor's word lists (extract/lang/LL/*.txt) into
# C arrays compiled into the binary, so an installed claimledger needs no
# data directory at run time.  The Makefile runs it into $(BUILD)/gen/.
#
# Usage: scripts/lang-gen.sh h|c OUT FILE.txt...
#   h  OUT gets the declarations (extern), one per list;
#   c  OUT gets the definitions.
#
# Each FILE becomes cl_LL_<name>, LL being the name of its directory (the
# language: en, es; all FILEs in one directory; en when the directory is
# not named with two lowercase letters) and <name> the file name without
# ".txt" (letters, digits and _ only).  File format (UTF-8):
#   - one entry a line; blank lines are skipped; "#" at the start of a
#     line or after white space starts a comment to the end of the line;
#   - the comment lines before the first entry are the list's header
#     (what it is for, how it is used); its first paragraph is copied
#     into the generated declaration's comment;
#   - a header line "#@ groups": each line is a group of words separated
#     by spaces, and the list is a NULL-terminated array of
#     NULL-terminated arrays;
#   - a header line "#@ fields N": each line is exactly N words, and the
#     list is one flat NULL-terminated array of them, N at a time;
#   - otherwise each line is exactly one word, and the list is a
#     NULL-terminated array.
# Entries keep the order of the file: the lookups are linear scans, and
# for some lists (weekdays, months) the position is the meaning.  An
# entry with an ASCII capital (the rules lowercase the article's word
# before comparing, so it could never match), a control character, bytes
# that are not UTF-8, a duplicate entry, or an empty list is an error
# naming FILE:LINE, and nothing is written.
set -eu
mode=${1:-}; out=${2:-}
[ $# -ge 3 ] && { [ "$mode" = h ] || [ "$mode" = c ]; } || {
	echo "usage: scripts/lang-gen.sh h|c OUT FILE.txt..." >&2; exit 2; }
shift 2
tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT HUP INT TERM
# The language is the directory's name when it is two lowercase letters
# (extract/lang/es/), else en (lists made elsewhere, as the tests do).
lang=$(basename "$(dirname "$1")")
case $lang in
[a-z][a-z]) ;;
*) lang=en ;;
esac
LC_ALL=C awk -v mode="$mode" -v lang="$lang" '
function fail(msg) {
	printf "lang-gen: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}
# The entry as a C string literal: printable ASCII as it is (but " \ ?,
# escaped; ? against trigraphs), every other byte as a 3-digit octal
# escape, which never runs into the next character.
function cstr(s,    r, i, c, b) {
	r = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		b = ord[c]
		if (c == "\"" || c == "\\" || c == "?")
			r = r "\\" c
		else if (b >= 32 && b < 127)
			r = r c
		else
			r = r sprintf("\\%03o", b)
	}
	return "\"" r "\""
}
# 1 when s is valid UTF-8 (no overlong forms, surrogates or values past
# U+10FFFF), checked byte by byte.
function utf8ok(s,    i, n, b, need, lo, hi, k) {
	n = length(s)
	for (i = 1; i <= n; i++) {
		b = ord[substr(s, i, 1)]
		if (b < 128)
			continue
		lo = 128; hi = 191
		if (b >= 194 && b <= 223) need = 1
		else if (b >= 224 && b <= 239) {
			need = 2
			if (b == 224) lo = 160
			if (b == 237) hi = 159
		} else if (b >= 240 && b <= 244) {
			need = 3
			if (b == 240) lo = 144
			if (b == 244) hi = 143
		} else
			return 0
		for (k = 1; k <= need; k++) {
			b = ord[substr(s, i + k, 1)]
			if (i + k > n || b < lo || b > hi)
				return 0
			lo = 128; hi = 191
		}
		i += need
	}
	return 1
}
# Text safe inside a C comment.
function comment_text(s) {
	gsub(/\*\//, "* /", s)
	gsub(/\/\*/, "/ *", s)
	return s
}
BEGIN {
	for (i = 1; i < 256; i++)
		ord[sprintf("%c", i)] = i
	nlists = 0
}
FNR == 1 {
	name = FILENAME
	sub(/.*\//, "", name)
	if (name !~ /^[a-z][a-z0-9_]*\.txt$/)
		fail("the file name must be [a-z][a-z0-9_]*.txt: it names a C array")
	sub(/\.txt$/, "", name)
	L = ++nlists
	lname[L] = name
	shape[L] = "words"
	nf[L] = 1
	nent[L] = 0
	title[L] = ""
	inhead = 1
	headpara = 1
	split("", seen)
}
{
	line = $0
	sub(/\r$/, "", line)
	if (!utf8ok(line))
		fail("not UTF-8 text")
	if (line ~ /^#@/ && !inhead)
		fail("a directive (#@) after the first entry")
	if (inhead && line ~ /^#@/) {
		split(line, d, /[ \t]+/)
		if (d[2] == "groups" && d[3] == "")
			shape[L] = "groups"
		else if (d[2] == "fields" && d[3] ~ /^[1-9][0-9]*$/ && d[4] == "") {
			shape[L] = "fields"
			nf[L] = d[3] + 0
		} else
			fail("unknown directive (#@ groups, #@ fields N)")
		next
	}
	if (inhead && line ~ /^#/) {
		t = line
		sub(/^# ?/, "", t)
		if (t == "")
			headpara = 0
		else if (headpara)
			title[L] = title[L] (title[L] == "" ? "" : "\n") t
		next
	}
	sub(/(^|[ \t])#.*$/, "", line)
	gsub(/^[ \t]+|[ \t]+$/, "", line)
	if (line == "")
		next
	inhead = 0
	if (line ~ /[\001-\037\177]/)
		fail("a control character in an entry")
	n = split(line, w, /[ \t]+/)
	if (shape[L] == "words" && n != 1)
		fail("one word a line in this list (\"#@ groups\" or \"#@ fields N\" for more)")
	if (shape[L] == "fields" && n != nf[L])
		fail(sprintf("%d words a line in this list, not %d", nf[L], n))
	key = w[1]
	for (k = 2; k <= n; k++)
		key = key " " w[k]
	if (key in seen)
		fail(sprintf("\"%s\" is listed twice (line %d)", key, seen[key]))
	seen[key] = FNR
	e = ++nent[L]
	nw[L, e] = n
	for (k = 1; k <= n; k++) {
		if (w[k] ~ /[A-Z]/)
			fail(sprintf("\"%s\": entries are lowercase (the rules lowercase the word before comparing)", w[k]))
		if (shape[L] == "groups") {
			for (m = 1; m < k; m++)
				if (w[m] == w[k])
					fail(sprintf("\"%s\" twice in one group", w[k]))
		}
		word[L, e, k] = w[k]
	}
}
END {
	if (failed)
		exit 1
	for (L = 1; L <= nlists; L++)
		if (nent[L] == 0) {
			printf "lang-gen: %s.txt: no entries\n", lname[L] > "/dev/stderr"
			exit 1
		}
	print "/* Generated by scripts/lang-gen.sh from the word lists of extract/lang/" lang "/:"
	print " * edit those, not this. */"
	if (mode == "h") {
		print "#ifndef CL_LANG_" toupper(lang) "_H"
		print "#define CL_LANG_" toupper(lang) "_H"
		for (L = 1; L <= nlists; L++) {
			print ""
			t = title[L]
			sub("^" lname[L] "\\.txt: *", "", t)
			t = comment_text(t)
			gsub(/\n/, "\n * ", t)
			printf "/* %s.txt: %s */\n", lname[L], t
			if (shape[L] == "groups")
				printf "extern const char *const *const cl_%s_%s[];\n", lang, lname[L]
			else
				printf "extern const char *const cl_%s_%s[];\n", lang, lname[L]
		}
		print ""
		print "#endif"
		exit 0
	}
	print "#include <stddef.h>"
	print ""
	print "#include \"extract/lang_" lang ".h\""
	for (L = 1; L <= nlists; L++) {
		print ""
		if (shape[L] == "groups") {
			for (e = 1; e <= nent[L]; e++) {
				printf "static const char *const %s_%d[] = {\n", lname[L], e
				for (k = 1; k <= nw[L, e]; k++)
					printf "\t%s,\n", cstr(word[L, e, k])
				print "\tNULL"
				print "};"
			}
			printf "const char *const *const cl_%s_%s[] = {\n", lang, lname[L]
			for (e = 1; e <= nent[L]; e++)
				printf "\t%s_%d,\n", lname[L], e
		} else {
			printf "const char *const cl_%s_%s[] = {\n", lang, lname[L]
			for (e = 1; e <= nent[L]; e++) {
				printf "\t"
				for (k = 1; k <= nw[L, e]; k++)
					printf "%s%s,", (k > 1 ? " " : ""), cstr(word[L, e, k])
				printf "\n"
			}
		}
		print "\tNULL"
		print "};"
	}
}
' "$@" > "$tmp"
mv "$tmp" "$out"
trap - EXIT HUP INT TERM
