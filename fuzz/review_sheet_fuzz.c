/*
 * review_sheet_fuzz.c: libFuzzer target for the reader of `claimledger
 * review`'s sheet (cli/review_sheet.h), the text a reviewer's editor hands
 * back, holding third-party claim text and speakers.
 *
 * Every input must read into blocks and faults without a crash, and what
 * it keeps must be what the rest of review relies on: a kept block has a
 * kind, a speaker and a text, each valid UTF-8 with no NUL, and a claim
 * number in range, each number at most once; faults are at most
 * SHEET_FAULTS_MAX, each at a line of the input.  The sheet marked with
 * its faults must read again without a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/text.h"
#include "cli/review_sheet.h"

#define NCLAIMS 7

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const uint8_t *d, size_t n)
{
	size_t k, lines = 1;

	for (k = 0; k < n; k++)
		lines += d[k] == '\n';
	return lines;
}

static void check(const struct sheet *sh, size_t lines)
{
	int seen[NCLAIMS + 1] = { 0 };
	size_t i;

	if (sh->nf > SHEET_FAULTS_MAX)
		abort();
	for (i = 0; i < sh->nf; i++)
		if (sh->f[i].line == 0 || sh->f[i].line > lines || sh->f[i].msg == NULL)
			abort();
	for (i = 0; i < sh->n; i++) {
		const struct sheet_entry *e = &sh->e[i];
		if (e->id > NCLAIMS || (e->id != 0 && seen[e->id]++))
			abort();
		if (!e->keep)
			continue;
		if (e->kind == NULL || (strcmp(e->kind, "direct") != 0 &&
					strcmp(e->kind, "indirect") != 0))
			abort();
		if (e->speaker == NULL || e->text == NULL || !e->speaker[0] || !e->text[0])
			abort();
		if (cl_text_invalid_at(e->speaker, strlen(e->speaker)) != SIZE_MAX ||
		    cl_text_invalid_at(e->text, strlen(e->text)) != SIZE_MAX)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct sheet sh;
	char *marked = NULL;
	size_t marked_len = 0;

	if (path[0] == '\0') {
		snprintf(path, sizeof path, "/tmp/claimledger-sheet-fuzz.%ld", (long)getpid());
	}
	xsheet_read(&sh, (const char *)data, size, NCLAIMS);
	check(&sh, count_lines(data, size));
	if (sh.nf > 0) {
		unlink(path);
		xsheet_mark(path, &sh, (const char *)data, size, &marked, &marked_len);
		sheet_free(&sh);
		xsheet_read(&sh, marked, marked_len, NCLAIMS);
		check(&sh, count_lines((const uint8_t *)marked, marked_len));
		free(marked);
		unlink(path);
	}
	sheet_free(&sh);
	return 0;
}
