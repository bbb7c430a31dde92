/*
 * cmd_show.c: `claimledger show ID [--json]`: one record as "field: value"
 * lines (or its JSON line), then the verdicts and corrections that point
 * at it.  ID is a seq or at least 8 hex digits of a record id.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const struct option options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Members printed first, in this order; the rest follow in body order. */
static const char *const head[] = { "type", "time", "signer", "prev" };

struct show {
	char id[CL_ID_HEX + 1];
	int json;
	size_t related;
	cl_editor *eds;
	size_t neds;
};

/* The name of the editor whose key is `b64`, or NULL. */
static const char *signer_name(const struct show *s, const char *b64)
{
	char k[64];
	size_t i;

	for (i = 0; b64 && i < s->neds; i++) {
		cl_b64_encode(k, s->eds[i].pk, sizeof s->eds[i].pk);
		if (strcmp(k, b64) == 0)
			return s->eds[i].name;
	}
	return NULL;
}

/* Print a string value; a newline continues on an indented line. */
static void print_text(const char *s)
{
	for (; *s; s++) {
		putchar(*s);
		if (*s == '\n')
			fputs("  ", stdout);
	}
}

static void print_field(const struct show *s, const char *name, const json_t *v)
{
	const char *who;

	printf("%s: ", name);
	if (json_is_string(v))
		print_text(json_string_value(v));
	else
		json_dumpf(v, stdout, JSON_COMPACT | JSON_ENCODE_ANY);
	if (strcmp(name, "signer") == 0 &&
	    (who = signer_name(s, json_string_value(v))) != NULL)
		printf(" (%s)", who);
	putchar('\n');
}

static void print_record(const struct show *s, const cl_record *r,
			 const json_t *body)
{
	char sig[128];
	const char *name;
	json_t *v;
	size_t i;
	int skip;

	cl_b64_encode(sig, r->sig, sizeof r->sig);
	printf("seq: %llu\nid: %s\n", (unsigned long long)r->seq, s->id);
	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		if ((v = json_object_get(body, head[i])) != NULL)
			print_field(s, head[i], v);
	json_object_foreach((json_t *)body, name, v) {
		skip = strcmp(name, "v") == 0 || strcmp(name, "seq") == 0;
		for (i = 0; i < sizeof head / sizeof head[0]; i++)
			skip |= strcmp(name, head[i]) == 0;
		if (!skip)
			print_field(s, name, v);
	}
	printf("sig: %s\n", sig);
}

/* A verdict or correction that points at the shown record. */
static int related_one(void *ctx, const cl_record *r)
{
	struct show *s = ctx;
	json_t *body = xrecord_body(r);
	const char *type = json_string_value(json_object_get(body, "type"));
	const char *ref = NULL, *what = "";

	if (type && strcmp(type, "verdict") == 0) {
		ref = json_string_value(json_object_get(body, "claim"));
		what = json_string_value(json_object_get(body, "rating"));
	} else if (type && strcmp(type, "correction") == 0) {
		ref = json_string_value(json_object_get(body, "target"));
		what = json_string_value(json_object_get(body, "reason"));
	}
	if (ref && strcmp(ref, s->id) == 0) {
		if (s->json) {
			cli_print_record_json(stdout, r);
		} else {
			if (s->related++ == 0)
				putchar('\n');
			printf("%s: seq %llu: ", type, (unsigned long long)r->seq);
			print_text(what ? what : "");
			putchar('\n');
		}
	}
	json_decref(body);
	return 0;
}

int cmd_show(int argc, char **argv)
{
	struct show s = { 0 };
	struct cli_opts o = { 0 };
	cl_record r = { 0 };
	cl_error err = { 0 };
	json_t *body = NULL;
	cl_ledger *l;
	uint64_t seq;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind >= argc)
		cli_usage("missing the record ID");
	if (argc - optind > 1)
		cli_usage("unexpected argument '%s'", argv[optind + 1]);
	s.json = o.json;

	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	if ((rc = cl_ledger_resolve(l, argv[optind], &seq, &err)) != CL_OK)
		goto out;
	if ((rc = cl_ledger_get(l, seq, &r, &err)) != CL_OK)
		goto out;
	if ((rc = cl_ledger_editors(l, &s.eds, &s.neds, &err)) != CL_OK)
		goto out;
	cli_id_hex(s.id, r.id);
	body = xrecord_body(&r);
	if (s.json)
		cli_print_record_json(stdout, &r);
	else
		print_record(&s, &r, body);
	rc = cl_ledger_scan(l, seq + 1, UINT64_MAX, related_one, &s, &err);
out:
	json_decref(body);
	cl_record_release(&r);
	free(s.eds);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("show", &err);
	return cli_finish_stdout(EXIT_OK);
}
