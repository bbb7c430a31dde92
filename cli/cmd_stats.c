/*
 * cmd_stats.c: `claimledger stats [--json]`: size, head, origin, owner and
 * the count of records of each type, and the Merkle tree root (base64,
 * as in a checkpoint).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <string.h>

static const struct option options[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* Counts indexed by cl_type; the JSON names are plurals. */
static const char *const plural[] = { "unknown", "genesis", "editors",
				      "claims", "verdicts", "corrections", "aliases", "configs" };
_Static_assert(sizeof plural / sizeof plural[0] == CL_TYPE_MAX + 1, "a plural per type");

struct counts {
	uint64_t n[CL_TYPE_MAX + 1];
	uint64_t bytes;
};

static int count_one(void *ctx, const cl_record *r)
{
	struct counts *c = ctx;
	json_t *body = xrecord_body(r);
	const char *type = json_string_value(json_object_get(body, "type"));

	c->n[type ? cl_type_from_name(type) : CL_TYPE_UNKNOWN]++;
	c->bytes += r->body_len;
	json_decref(body);
	return 0;
}

static void print_json(const cl_ledger_info *info, const struct counts *c,
		       const char *head, const char *root)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "size",
			      (json_int_t)info->size, "head", head, "root", root,
			      "origin", info->origin, "owner", info->owner_name,
			      "bytes", (json_int_t)c->bytes);
	int t;

	for (t = CL_TYPE_GENESIS; o && t <= CL_TYPE_MAX; t++)
		json_object_set_new(o, plural[t], json_integer((json_int_t)c->n[t]));
	if (o == NULL)
		cli_die(EXIT_IO, "stats: out of memory");
	cli_json_dump(stdout, o, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
}

static void print_human(const cl_ledger_info *info, const struct counts *c,
			const char *head, const char *root)
{
	char vkey[CL_VKEY_MAX];
	int t;

	cl_vkey_format(vkey, info->owner_name, info->owner);
	/* Key names refuse controls but not every bidi character. */
	fputs("origin: ", stdout);
	cli_print_safe(stdout, info->origin);
	fputs("\nowner: ", stdout);
	cli_print_safe(stdout, vkey);
	printf("\nsize: %llu records, %llu bytes of bodies\n"
	       "head: %s\ntree root: %s\n",
	       (unsigned long long)info->size, (unsigned long long)c->bytes,
	       head, root);
	for (t = CL_TYPE_GENESIS; t <= CL_TYPE_MAX; t++)
		printf("%s: %llu\n", plural[t], (unsigned long long)c->n[t]);
}

int cmd_stats(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	struct counts counts = { { 0 }, 0 };
	char head[CL_ID_HEX + 1], root[64];
	unsigned char rh[CL_HASH_BYTES];
	cl_ledger_info info;
	cl_error err = { 0 };
	cl_ledger *l;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
	rc = cl_ledger_read_info(l, &info, &err);
	if (rc == CL_OK)
		rc = cl_ledger_scan(l, 0, info.size, count_one, &counts, &err);
	if (rc == CL_OK)
		rc = cl_ledger_root(l, info.size, rh, &err);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("stats", &err);
	cli_id_hex(head, info.last_id);
	cl_b64_encode(root, rh, sizeof rh);
	if (o.json)
		print_json(&info, &counts, head, root);
	else
		print_human(&info, &counts, head, root);
	return cli_finish_stdout(EXIT_OK);
}
