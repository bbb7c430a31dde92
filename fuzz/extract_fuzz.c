/*
 * extract_fuzz.c: libFuzzer target for cl_extract().
 *
 *   make fuzz FUZZ_TIME=60 FUZZERS=extract   (scripts/fuzz.sh builds it
 *   with clang into build-fuzz/extract_fuzz, seeded from fuzz/corpus/extract)
 *
 * Every input is read twice: in the language it is detected as (or its
 * `lang` header says), and with the Spanish rules (cl_extract_lang "es"),
 * so that « », — dialogue dashes and ¿ ¡ meet es.c whatever the rest is.
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

static int one(const uint8_t *data, size_t size, const char *lang);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc = one(data, size, NULL);

	/* refused (not UTF-8): refused in both languages */
	if (one(data, size, "es") != rc)
		abort();
	if (rc != CL_OK)
		return 0;
	{
		char *q = NULL;
		if (cl_quote_text((const char *)data, size, &q, NULL) != CL_OK ||
		    strlen(q) > size)
			abort();
		free(q);
	}
	return 0;
}

/* Extract in `lang` and check every claim; returns cl_extract_lang's
 * result (CL_OK or CL_EINPUT; anything else aborts). */
static int one(const uint8_t *data, size_t size, const char *lang)
{
	cl_extraction *x = NULL;
	cl_error err;
	size_t i;
	int rc;

	rc = cl_extract_lang((const char *)data, size, aliases(), lang, &x, &err);
	if (rc != CL_OK) {
		if (rc != CL_EINPUT || x != NULL)
			abort();
		return rc;
	}
	if (x->lang == NULL || (strcmp(x->lang, "en") != 0 && strcmp(x->lang, "es") != 0) ||
	    (lang != NULL && strcmp(x->lang, lang) != 0))
		abort();
	for (i = 0; i < x->nclaims; i++) {
		const cl_claim *c = &x->claims[i];
		json_t *o;
		if (c->offset > size || c->length > size - c->offset)
			abort();
		if (c->speaker == NULL || c->speaker[0] == '\0' || c->text == NULL ||
		    c->lang == NULL || strcmp(c->lang, x->lang) != 0)
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
	return CL_OK;
}
