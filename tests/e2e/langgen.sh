#!/bin/sh
# langgen.sh: scripts/lang-gen.sh, which compiles the extractor's word
# lists (extract/lang/en/*.txt) into C.  The real lists generate, one
# array each; an entry comes out of the C compiler byte for byte whatever
# it holds (quotes, backslashes, "??=", UTF-8); and a list the rules could
# not use is refused naming its file and line, writing nothing.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/e2e/lib.inc"
GEN="$ROOT/scripts/lang-gen.sh"
mkdir -p gen/extract

n=$(ls "$ROOT"/extract/lang/en/*.txt | wc -l)
if sh "$GEN" h gen/extract/lang_en.h "$ROOT"/extract/lang/en/*.txt &&
   sh "$GEN" c gen/extract/lang_en.c "$ROOT"/extract/lang/en/*.txt &&
   [ "$(grep -c '^extern ' gen/extract/lang_en.h)" -eq "$n" ]; then
	ok "the $n word lists generate, one declaration each"
else
	not_ok "the word lists do not generate ($n files)"
fi

# An entry with every character C makes special, and one not ASCII.
{
	printf '# odd.txt: entries C escapes\n\n'
	printf 'q"x\nb\\s\nw??=\ncommuniqu\303\251\nx#y\n'
	printf 'last # a comment\n'
} >odd.txt
printf '#@ groups\n\na b\nc\n' >grp.txt
cat >show.c <<'C'
#include <stdio.h>
#include "extract/lang_en.h"
int main(void)
{
	const char *const *p;
	const char *const *const *g;
	for (p = cl_en_odd; *p; p++)
		printf("%s\n", *p);
	for (g = cl_en_grp; *g; g++)
		for (p = *g; *p; p++)
			printf("g %s\n", *p);
	return 0;
}
C
printf 'q"x\nb\\s\nw??=\ncommuniqu\303\251\nx#y\nlast\ng a\ng b\ng c\n' >want.txt
if sh "$GEN" h gen/extract/lang_en.h odd.txt grp.txt &&
   sh "$GEN" c gen/lang_en.c odd.txt grp.txt &&
   ${CC:-cc} -std=c11 -Wall -Wextra -pedantic -Werror -Igen -o show show.c gen/lang_en.c &&
   ./show >got.txt && cmp -s got.txt want.txt; then
	ok "entries compile back byte for byte (quote, backslash, ??=, UTF-8, groups)"
else
	not_ok "entries do not compile back: $(cat got.txt 2>/dev/null | head -c 200)"
fi

# refused NAME CONTENT WHY: the generator refuses NAME.txt holding
# CONTENT (printf format) with a line naming it, and leaves OUT alone.
refused() {
	r_name=$1 r_content=$2 r_why=$3
	printf "$r_content" >"$r_name.txt"
	echo keep >out.c
	if sh "$GEN" c out.c "$r_name.txt" 2>err.txt; then
		not_ok "$r_why: accepted"
	elif grep -q "^lang-gen: $r_name.txt" err.txt && [ "$(cat out.c)" = keep ] &&
	     [ -z "$(ls out.c.tmp.* 2>/dev/null)" ]; then
		ok "$r_why: refused ($(head -c 80 err.txt))"
	else
		not_ok "$r_why: $(cat err.txt) / $(cat out.c)"
	fi
}
refused upper 'Said\n' "a capital"
refused dup 'said\nsays\nsaid\n' "a duplicate"
refused two 'said it\n' "two words in a plain list"
refused fields '#@ fields 3\na b c\nd e\n' "a short line of fields"
refused badutf 'caf\303\n' "bytes that are not UTF-8"
refused ctrl 'a\001b\n' "a control character"
refused empty '# nothing\n' "an empty list"
refused late 'a\n#@ groups\n' "a directive after the entries"
refused Bad-name 'a\n' "a file name that is no C name"

finish
