/*
 * cmd_init.c: `claimledger init --key FILE [--origin ORIGIN] [--newsroom
 * NAME] [--newsroom-url URL]`: a new ledger whose genesis (record 0) names
 * the key as owner; with --newsroom or --newsroom-url, also a config
 * record (seq 1, owner-signed) naming the newsroom that authors its
 * fact-checks (ClaimReview exports).
 *
 * And `claimledger config [--newsroom NAME] [--url URL] --key OWNER`:
 * append a config record later (the latest value of each member wins);
 * without --newsroom or --url, print the current values.
 *
 * The genesis is written by cl_ledger_create in its own transaction, so
 * the config record of `init` is a second one: its members are checked
 * (cl_record_build) before the ledger is created, so that only a storage
 * failure can leave a ledger without it (then `config` adds it).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/facts.h"
#include "ledger/url.h"

enum { OPT_ORIGIN = OPT_FIRST_OWN, OPT_NEWSROOM, OPT_NEWSROOM_URL };

static const struct option options[] = {
	{ "origin", required_argument, NULL, OPT_ORIGIN },
	{ "newsroom", required_argument, NULL, OPT_NEWSROOM },
	{ "newsroom-url", required_argument, NULL, OPT_NEWSROOM_URL },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const struct option config_options[] = {
	{ "newsroom", required_argument, NULL, OPT_NEWSROOM },
	{ "url", required_argument, NULL, OPT_NEWSROOM_URL },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* The fields of a config record, checked as a body would be and by the
 * store's URL policy (url.h), before anything is written; exits 2 with the
 * member at fault. */
static json_t *xconfig_fields(const char *cmd, const char *newsroom,
			      const char *url, const cl_seckey *k, int64_t now)
{
	unsigned char prev[CL_HASH_BYTES] = { 0 };
	json_t *f = json_object();
	cl_error err = { 0 };
	char *body = NULL;
	size_t len = 0;

	prev[0] = 1; /* any non-zero prev: the check is of the members */
	if (f == NULL || json_object_set_new(f, "type", json_string("config")) != 0 ||
	    (newsroom && json_object_set_new(f, "newsroom",
		json_stringn_nocheck(newsroom, strlen(newsroom))) != 0) ||
	    (url && json_object_set_new(f, "url",
		json_stringn_nocheck(url, strlen(url))) != 0))
		cli_die(EXIT_IO, "%s: out of memory", cmd);
	if (cl_record_build(f, 1, prev, cl_seckey_pubkey(k), now, &body, &len,
			    &err) != CL_OK || cl_fields_urls_check(f, &err) != CL_OK) {
		err.code = CL_EINPUT;
		cli_fail(cmd, &err);
	}
	free(body);
	return f;
}

int cmd_init(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	char origin[CL_KEYNAME_MAX + 1], id[CL_ID_HEX + 1], hex[17];
	char hex_gid[CL_ID_HEX + 1];
	unsigned char rnd[8], gid[CL_HASH_BYTES];
	const char *dir, *key_path, *flag = NULL, *newsroom = NULL, *url = NULL;
	cl_error err = { 0 };
	json_t *config = NULL, *extra = NULL;
	cl_ledger *l = NULL;
	cl_record r;
	cl_seckey *k;
	uint64_t seq = 0;
	int64_t now;
	int c, rc;

	while ((c = cli_getopt(argc, argv, options)) != -1) {
		switch (c) {
		case OPT_ORIGIN: flag = optarg; break;
		case OPT_NEWSROOM: newsroom = optarg; break;
		case OPT_NEWSROOM_URL: url = optarg; break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if (flag && !cl_keyname_valid(flag))
		cli_usage("bad origin '%s': 1 to %d bytes of UTF-8, no '+', no "
			  "space or control character", flag, CL_KEYNAME_MAX);
	if (flag) {
		snprintf(origin, sizeof origin, "%s", flag);
	} else {
		cl_random(rnd, sizeof rnd);
		cl_hex_encode(hex, rnd, sizeof rnd);
		snprintf(origin, sizeof origin, "claimledger/%s", hex);
	}
	dir = cli_ledger_dir(o.ledger);
	key_path = o.key ? o.key : getenv("CLAIMLEDGER_KEY");
	if (key_path && *key_path)
		cli_refuse_key_in_ledger(key_path, dir);
	k = xkey_load(o.key, o.passfile);
	now = cli_now();
	if (newsroom || url)
		config = xconfig_fields("init", newsroom, url, k, now);
	/* The config record lands with the genesis, in one transaction. */
	if (config != NULL && (extra = json_array()) != NULL)
		json_array_append(extra, config);
	rc = cl_ledger_create_ex(dir, cli_ledger_flags(0), k, origin, now, extra, gid, &err);
	if (rc == CL_OK && config) {
		seq = 1;
		if ((rc = cl_ledger_open(dir, cli_ledger_flags(CL_LEDGER_RDONLY), &l,
					    &err)) == CL_OK &&
		    (rc = cl_ledger_get(l, seq, &r, &err)) == CL_OK) {
			cli_id_hex(id, r.id);
			cl_record_release(&r);
		}
	}
	cl_ledger_close(l);
	cl_seckey_free(k);
	json_decref(config);
	json_decref(extra);
	if (rc != CL_OK)
		cli_fail("init", &err);
	fputs("ledger '", stdout);
	cli_print_safe(stdout, dir);
	fputs("' created, origin ", stdout);
	cli_print_safe(stdout, origin); /* a key name may hold bidi controls */
	putchar('\n');
	cli_id_hex(hex_gid, gid);
	printf("seq 0 id %s\n", hex_gid);
	if (newsroom || url)
		printf("seq %llu id %s (config)\n", (unsigned long long)seq, id);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_config(int argc, char **argv)
{
	const char *newsroom = NULL, *url = NULL;
	struct cli_opts o = { 0 };
	char id[CL_ID_HEX + 1];
	cl_newsroom nr = { NULL, NULL };
	cl_error err = { 0 };
	json_t *f = NULL;
	cl_seckey *k = NULL;
	cl_ledger *l;
	uint64_t seq = 0;
	int64_t now;
	int c, rc;

	while ((c = cli_getopt(argc, argv, config_options)) != -1) {
		switch (c) {
		case OPT_NEWSROOM: newsroom = optarg; break;
		case OPT_NEWSROOM_URL: url = optarg; break;
		default: cli_common_opt(c, argv, &o);
		}
	}
	if (optind < argc)
		cli_usage("unexpected argument '%s'", argv[optind]);
	if (newsroom == NULL && url == NULL) {
		l = xledger_open(o.ledger, CL_LEDGER_RDONLY);
		rc = cl_newsroom_load(l, &nr, &err);
		cl_ledger_close(l);
		if (rc == CL_ENOTFOUND)
			cli_die(EXIT_USAGE, "config: no newsroom configured: run "
				"'claimledger config --newsroom NAME --url URL "
				"--key OWNER'");
		if (rc != CL_OK)
			cli_fail("config", &err);
		if (nr.name) {
			fputs("newsroom: ", stdout);
			cli_print_safe(stdout, nr.name);
			putchar('\n');
		}
		if (nr.url) {
			fputs("url: ", stdout);
			cli_print_safe(stdout, nr.url);
			putchar('\n');
		}
		cl_newsroom_free(&nr);
		return cli_finish_stdout(EXIT_OK);
	}
	now = cli_now();
	l = xledger_open(o.ledger, 0);
	k = xkey_load(o.key, o.passfile);
	f = xconfig_fields("config", newsroom, url, k, now);
	rc = cli_append_one(l, NULL, f, k, now, &seq, id, &err);
	json_decref(f);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("config", &err);
	printf("seq %llu id %s\n", (unsigned long long)seq, id);
	return cli_finish_stdout(EXIT_OK);
}
