/*
 * extract_fuzz.c: libFuzzer target for cl_extract().
 *
 *   make fuzz FUZZ_TIME=60 FUZZERS=extract   (scripts/fuzz.sh builds it
 *   with clang into build-fuzz/extract_fuzz, seeded from fuzz/corpus/extract)
 *
 * Any input must either be refused with CL_EINPUT or give claims whose
 * spans lie inside the input and whose strings are valid UTF-8 JSON; the
 * text of every direct claim is cl_quote_text() of its span (the rule
 * `verify` re-checks), and cl_quote_text() on the raw input never fails
 * except with CL_EINPUT.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/quote.h"
#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cl_aliases *aliases(void)
{
	static cl_aliases *a;
	static const char tsv[] = "Washington\tUnited States government\n"
				  "the State Department\tUnited States government\n"
				  "Moscow\tRussian government\n";

	if (a == NULL && cl_aliases_new(&a, NULL) == CL_OK)
		cl_aliases_load(a, tsv, sizeof tsv - 1, "fuzz", NULL);
	return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cl_extraction *x = NULL;
	cl_error err;
	size_t i;
	int rc;

	rc = cl_extract((const char *)data, size, aliases(), &x, &err);
	if (rc != CL_OK) {
		if (rc != CL_EINPUT || x != NULL)
			abort();
		return 0;
	}
	for (i = 0; i < x->nclaims; i++) {
		const cl_claim *c = &x->claims[i];
		json_t *o;
		if (c->offset > size || c->length > size - c->offset)
			abort();
		if (c->speaker == NULL || c->speaker[0] == '\0' || c->text == NULL)
			abort();
		/* The review aids are always there, from their fixed sets. */
		if (c->cue == NULL || c->confidence == NULL ||
		    (strcmp(c->confidence, "high") != 0 && strcmp(c->confidence, "medium") != 0 &&
		     strcmp(c->confidence, "low") != 0) ||
		    (c->polarity != NULL && (strcmp(c->polarity, "denial") != 0 ||
					     strcmp(c->kind, "indirect") != 0)))
			abort();
		o = cl_claim_to_json(x, c, NULL, NULL);
		if (o == NULL)
			abort();   /* a string was not valid UTF-8 */
		json_decref(o);
		if (strcmp(c->kind, "direct") == 0) {
			char *q = NULL;
			if (cl_quote_text((const char *)data + c->offset, c->length, &q,
					  NULL) != CL_OK || strcmp(q, c->text) != 0)
				abort();
			free(q);
		}
	}
	cl_extraction_free(x);
	{
		char *q = NULL;
		if (cl_quote_text((const char *)data, size, &q, NULL) != CL_OK ||
		    strlen(q) > size)
			abort();
		free(q);
	}
	return 0;
}
