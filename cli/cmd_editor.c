/*
 * cmd_editor.c: who may sign records.
 *
 *   claimledger editor add NAME PUBFILE --key OWNER
 *   claimledger editor revoke NAME --key OWNER
 *   claimledger editor list [--json]
 *
 * add and revoke append an owner-signed editor record; the store refuses
 * them for any other key.
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const struct option options[] = {
	{ "key", required_argument, NULL, OPT_KEY },
	{ "passphrase-file", required_argument, NULL, OPT_PASSFILE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* The active editor called `name` as the open transaction sees it. */
static const cl_editor *active_editor(const cl_txn *t, const char *name)
{
	const cl_chain *ch = cl_txn_chain(t);
	const cl_editor *e;
	size_t i;

	for (i = 0; i < cl_chain_editor_count(ch); i++) {
		e = cl_chain_editor(ch, i);
		if (strcmp(e->name, name) == 0 && e->revoked == UINT64_MAX &&
		    !e->is_owner)
			return e;
	}
	return NULL;
}

/* Append one editor record (action "add" or "revoke") in its own txn. */
static int editor_change(const struct cli_opts *o, const char *action,
			 const char *name, const char *pubfile)
{
	char fname[CL_KEYNAME_MAX + 1], b64[64], id[CL_ID_HEX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	const cl_editor *e;
	cl_error err = { 0 };
	json_t *fields = NULL;
	cl_txn *t = NULL;
	cl_seckey *k;
	cl_ledger *l;
	uint64_t seq;
	int64_t now = cli_now();
	int rc = CL_OK;

	if (!cl_keyname_valid(name))
		cli_usage("bad editor name '%s'", name);
	if (pubfile && (rc = cl_vkey_load(pubfile, fname, pk, &err)) != CL_OK)
		cli_fail("editor", &err);
	/* The record names the key: it must be the name the key file carries
	 * (its key id is computed over that name). */
	if (pubfile && strcmp(fname, name) != 0)
		cli_die(EXIT_USAGE, "editor: key file '%s' is named '%s', not '%s': "
			"add it as '%s'", pubfile, fname, name, fname);
	l = xledger_open(o->ledger, 0);
	k = xkey_load(o->key, o->passfile);
	if ((rc = cl_ledger_begin(l, &t, &err)) != CL_OK)
		goto out;
	if (pubfile == NULL) {
		if ((e = active_editor(t, name)) == NULL) {
			rc = cl_error_set(&err, CL_ENOTFOUND,
					  "no active editor '%s'", name);
			goto out;
		}
		memcpy(pk, e->pk, sizeof pk);
	}
	cl_b64_encode(b64, pk, sizeof pk);
	fields = json_pack("{s:s, s:s, s:s, s:s}", "type", "editor", "name", name,
			   "pubkey", b64, "action", action);
	if (fields == NULL) {
		rc = cl_error_set(&err, CL_ENOMEM, "out of memory");
		goto out;
	}
	/* The txn began above, to check the editors inside it. */
	rc = cli_append_one(l, t, fields, k, now, &seq, id, &err);
	t = NULL;
	if (rc == CL_OK) {
		fputs("editor '", stdout);
		cli_print_safe(stdout, name); /* a key name may hold bidi controls */
		printf("' %s: seq %llu id %s\n",
		       strcmp(action, "add") == 0 ? "added" : "revoked",
		       (unsigned long long)seq, id);
	}
out:
	if (t)
		cl_txn_abort(t);
	json_decref(fields);
	cl_seckey_free(k);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("editor", &err);
	return cli_finish_stdout(EXIT_OK);
}

static void print_editor_json(const cl_editor *e)
{
	char b64[64], vkey[CL_VKEY_MAX];
	json_t *o;

	cl_b64_encode(b64, e->pk, sizeof e->pk);
	cl_vkey_format(vkey, e->name, e->pk);
	o = json_pack("{s:s, s:s, s:s, s:b, s:I, s:s}", "name", e->name,
		      "pubkey", b64, "vkey", vkey, "owner", e->is_owner,
		      "added", (json_int_t)e->added, "status",
		      e->revoked == UINT64_MAX ? "active" : "revoked");
	if (o && e->revoked != UINT64_MAX)
		json_object_set_new(o, "revoked", json_integer((json_int_t)e->revoked));
	if (o == NULL)
		cli_die(EXIT_IO, "editor: out of memory");
	cli_json_dump(stdout, o, JSON_COMPACT);
	putchar('\n');
	json_decref(o);
}

static int editor_list(const struct cli_opts *o)
{
	char vkey[CL_VKEY_MAX];
	cl_error err = { 0 };
	cl_editor *eds = NULL;
	cl_ledger *l = xledger_open(o->ledger, CL_LEDGER_RDONLY);
	size_t n = 0, i;
	int rc = cl_ledger_editors(l, &eds, &n, &err);

	if (rc == CL_OK && !o->json && n > 0)
		printf("%-16s %-7s %-8s %-7s %s\n", "NAME", "ROLE", "STATUS",
		       "ADDED", "VERIFIER KEY");
	for (i = 0; rc == CL_OK && i < n; i++) {
		if (o->json) {
			print_editor_json(&eds[i]);
			continue;
		}
		cl_vkey_format(vkey, eds[i].name, eds[i].pk);
		cli_print_cell(stdout, eds[i].name, 16, 1);
		printf(" %-7s %-8s %-7llu ", eds[i].is_owner ? "owner" : "editor",
		       eds[i].revoked == UINT64_MAX ? "active" : "revoked",
		       (unsigned long long)eds[i].added);
		cli_print_safe(stdout, vkey); /* the name is in it */
		putchar('\n');
	}
	free(eds);
	cl_ledger_close(l);
	if (rc != CL_OK)
		cli_fail("editor", &err);
	return cli_finish_stdout(EXIT_OK);
}

int cmd_editor(int argc, char **argv)
{
	struct cli_opts o = { 0 };
	const char *sub;
	int c, nargs;

	while ((c = cli_getopt(argc, argv, options)) != -1)
		cli_common_opt(c, argv, &o);
	if (optind >= argc)
		cli_usage("missing a subcommand: add, revoke or list");
	sub = argv[optind];
	nargs = argc - optind - 1;
	if (strcmp(sub, "add") == 0) {
		if (nargs != 2)
			cli_usage("add takes NAME PUBFILE");
		return editor_change(&o, "add", argv[optind + 1], argv[optind + 2]);
	}
	if (strcmp(sub, "revoke") == 0) {
		if (nargs != 1)
			cli_usage("revoke takes NAME");
		return editor_change(&o, "revoke", argv[optind + 1], NULL);
	}
	if (strcmp(sub, "list") == 0) {
		if (nargs != 0)
			cli_usage("list takes no argument");
		return editor_list(&o);
	}
	cli_usage("unknown subcommand '%s': add, revoke or list", sub);
}
