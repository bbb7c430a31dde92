/*
 * main.c: claimledger's entry point and command table (git's git.c).
 *
 *   claimledger                  the command list on stderr, exit 2
 *   claimledger --help | help    the command list on stdout
 *   claimledger help CMD         CMD's usage (same as `claimledger CMD --help`)
 *   claimledger CMD ARGS...      run CMD; its return value is the exit status
 */
#define _GNU_SOURCE /* dladdr, dl_iterate_phdr, REG_RIP */
#include "cli/cli.h"

#include <dlfcn.h>
#include <link.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#define VERSION "0.1"

static const struct cli_cmd commands[] = {
	{ "keygen", cmd_keygen,
	  "usage: claimledger keygen --name NAME --out FILE [--passphrase-file F]",
	  "Make a new Ed25519 key: the secret in FILE (mode 0600), the verifier key in FILE.pub." },
	{ "init", cmd_init,
	  "usage: claimledger init --key FILE [--origin ORIGIN] [--passphrase-file F]\n"
	  "                        [--newsroom NAME] [--newsroom-url URL]",
	  "Make a new ledger, its genesis signed by this owner key." },
	{ "config", cmd_config,
	  "usage: claimledger config [--newsroom NAME] [--url URL] --key OWNER\n"
	  "   or: claimledger config",
	  "Set the newsroom (ClaimReview author), or show it." },
	{ "editor", cmd_editor,
	  "usage: claimledger editor add NAME PUBFILE --key OWNER\n"
	  "   or: claimledger editor revoke NAME --key OWNER\n"
	  "   or: claimledger editor list [--json]",
	  "Manage who may sign records; only the owner changes it." },
	{ "add", cmd_add,
	  "usage: claimledger add TEXT --speaker S --source URL --date YYYY-MM-DD --key FILE\n"
	  "                       [--kind direct|indirect] [--context TEXT] [--document D]",
	  "Append one claim by hand and print its seq and id." },
	{ "extract", cmd_extract,
	  "usage: claimledger extract ARTICLE [--source URL] [--date YYYY-MM-DD] [--json]\n"
	  "                           [--speakers FILE]",
	  "Print the claims found in an article (\"-\" reads stdin); writes nothing." },
	{ "import", cmd_import,
	  "usage: claimledger import ARTICLE --key FILE [--source URL] [--date YYYY-MM-DD]\n"
	  "                          [--speakers FILE]\n"
	  "   or: claimledger import --jsonl FILE --key FILE [--article ARTICLE]",
	  "Extract and append an article's claims, or reviewed JSON lines; all or none." },
	{ "alias", cmd_alias,
	  "usage: claimledger alias add ALIAS SPEAKER --key FILE\n"
	  "   or: claimledger alias remove ALIAS --key FILE\n"
	  "   or: claimledger alias list [--json]",
	  "Map a speaker name as written to a canonical speaker, as signed records." },
	{ "list", cmd_list,
	  "usage: claimledger list [--speaker S] [--source S] [--since D] [--until D] [--type T]\n"
	  "                        [--verdict V] [--grep TEXT] [--limit N] [--json]\n"
	  "                        [--all] [--wide] [--columns N]",
	  "Query records, newest first; claims as corrected, with verdicts." },
	{ "show", cmd_show,
	  "usage: claimledger show ID [--columns N] [--json]",
	  "One record (ID: a seq, seq:N, or 8+ hex digits of its id), corrected, and history." },
	{ "rate", cmd_rate,
	  "usage: claimledger rate ID --verdict V --key FILE [--note TEXT] [--evidence URL]...\n"
	  "       V: true, mostly-true, mixed, mostly-false, false, misleading, unproven",
	  "Append a verdict on claim ID; the latest is the current one." },
	{ "correct", cmd_correct,
	  "usage: claimledger correct ID --reason TEXT --key FILE\n"
	  "                           [--text T] [--speaker S] [--source U] [--date D]\n"
	  "                           [--kind direct|indirect|manual] [--offset N --length N]\n"
	  "       --offset/--length: the bytes of the words in the claim's article; a\n"
	  "       direct quote's new --text needs them, or another --kind",
	  "Append a correction of record ID (new values only for claims)." },
	{ "verify", cmd_verify,
	  "usage: claimledger verify [--full] [--checkpoint FILE]",
	  "Check every record, index and the tree; with a checkpoint, that it only grew." },
	{ "checkpoint", cmd_checkpoint,
	  "usage: claimledger checkpoint --key OWNER [--passphrase-file F]",
	  "Sign and print a C2SP checkpoint (origin, size, root); the ledger keeps it." },
	{ "prove", cmd_prove,
	  "usage: claimledger prove ID [--checkpoint FILE]",
	  "Inclusion proof of one record as a c2sp.org/tlog-proof@v1 text." },
	{ "consistency", cmd_consistency,
	  "usage: claimledger consistency OLD_SIZE [NEW_SIZE]",
	  "RFC 9162 consistency proof between two tree sizes, base64 hashes one a line." },
	{ "export", cmd_export,
	  "usage: claimledger export [--format jsonl|csv|claimreview] [--out FILE] [--key OWNER] [--raw]",
	  "Audit export (jsonl), claims as CSV (--raw: no spreadsheet formula guard), or ClaimReview JSON-LD." },
	{ "verify-export", cmd_verify_export,
	  "usage: claimledger verify-export FILE --pubkey PUBFILE",
	  "Verify a jsonl export with nothing but the owner's verifier key." },
	{ "verify-proof", cmd_verify_proof,
	  "usage: claimledger verify-proof PROOF --pubkey PUBFILE (--record LINE | --body FILE)",
	  "Check one record's tlog proof offline, with only the owner's verifier key." },
	{ "stats", cmd_stats,
	  "usage: claimledger stats [--json]",
	  "Counts by type, size and head of the ledger." },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct cli_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void list_commands(FILE *f)
{
	size_t i;

	fputs("usage: claimledger COMMAND [ARGS] [--ledger DIR]\n\ncommands:\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'claimledger COMMAND --help' shows one command's usage.\n"
	      "exit status: 0 ok, 1 integrity check failed, 2 usage or bad input,\n"
	      "3 ledger or I/O error.\n", f);
}

/*
 * LMDB reads the ledger through a memory map and trusts what it finds there:
 * a damaged file can send it past the end of the file (SIGBUS), to a page
 * number beyond the map or through a node whose flags lie (SIGSEGV).  Say so
 * in the one-line error style and exit 3 rather than dump core.
 *
 * Sanitizer builds keep their own reports of faults in our code, which is
 * what they are for, but a fault inside liblmdb, or a read past the end of
 * the mapped file, is the damaged file's and not a bug of ours: those get
 * the same line and exit 3 in every build, so that the flip tests see the
 * same behaviour under ASan as in a release.  Telling the two apart needs
 * the faulting instruction's address; where this platform's ucontext does
 * not give it, every SIGSEGV goes to the sanitizer.
 */
#if defined(__SANITIZE_ADDRESS__)
static uintptr_t lmdb_text_lo, lmdb_text_hi; /* liblmdb's code, if shared */
#endif
static struct sigaction sanitizer_segv;      /* the handler ours replaced */

static void on_fault(int sig, siginfo_t *info, void *uctx)
{
	static const char msg[] = ": memory fault reading the ledger: its file is damaged "
				  "(restore it from a verified export) or this is a bug\n";
	const char *cmd = cli_current ? cli_current->name : "claimledger";

	(void)info;
#if defined(__SANITIZE_ADDRESS__)
	if (sig == SIGSEGV) {
		uintptr_t pc = 0;
		const ucontext_t *uc = uctx;
# if defined(__x86_64__)
		pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
# elif defined(__aarch64__)
		pc = (uintptr_t)uc->uc_mcontext.pc;
# else
		(void)uc;
# endif
		if (pc < lmdb_text_lo || pc >= lmdb_text_hi) {
			/* Ours: put the sanitizer's handler back and let the
			 * instruction fault again, into its report. */
			sigaction(SIGSEGV, &sanitizer_segv, NULL);
			return;
		}
	}
#else
	(void)sig;
	(void)uctx;
#endif
	if (write(STDERR_FILENO, "claimledger: ", 13) < 0 ||
	    write(STDERR_FILENO, cmd, strlen(cmd)) < 0 ||
	    write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		_exit(EXIT_IO);
	_exit(EXIT_IO);
}

#if defined(__SANITIZE_ADDRESS__)
/* dl_iterate_phdr callback: the executable segments of the object loaded
 * at *base (liblmdb), as one address range. */
static int find_text(struct dl_phdr_info *obj, size_t size, void *base)
{
	ElfW(Half) i;

	(void)size;
	if ((void *)obj->dlpi_addr != base)
		return 0;
	for (i = 0; i < obj->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &obj->dlpi_phdr[i];
		uintptr_t lo = obj->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		if (lmdb_text_lo == 0 || lo < lmdb_text_lo)
			lmdb_text_lo = lo;
		if (hi > lmdb_text_hi)
			lmdb_text_hi = hi;
	}
	return 1;
}

/* Where liblmdb's code is.  Only a shared liblmdb has a range of its own:
 * linked statically, its code is ours and its faults go to the sanitizer. */
static void find_lmdb(void)
{
	Dl_info lib;
	void *fn = dlsym(RTLD_DEFAULT, "mdb_env_create");

	if (fn != NULL && dladdr(fn, &lib) != 0 && lib.dli_fname != NULL &&
	    strstr(lib.dli_fname, "liblmdb") != NULL)
		dl_iterate_phdr(find_text, lib.dli_fbase);
}
#endif

static void catch_faults(void)
{
	struct sigaction sa;

#if defined(__SANITIZE_ADDRESS__)
	find_lmdb();
#endif
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, &sanitizer_segv);
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : NULL;
	char *help_argv[3];

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	if (name == NULL) {
		list_commands(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    (strcmp(name, "help") == 0 && argc == 2)) {
		list_commands(stdout);
		return cli_finish_stdout(EXIT_OK);
	}
	if (strcmp(name, "--version") == 0) {
		puts("claimledger " VERSION);
		return cli_finish_stdout(EXIT_OK);
	}
	if (strcmp(name, "help") == 0) {
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		argv = help_argv;
		argc = 2;
		name = argv[0];
	} else {
		argv++;
		argc--;
	}
	cli_current = find_command(name);
	if (cli_current == NULL)
		cli_die(EXIT_USAGE, "'%s' is not a command; see 'claimledger --help'",
			name);
	if (cl_crypto_init() != CL_OK)
		cli_die(EXIT_IO, "cannot initialise the crypto library");
	catch_faults();
	cli_getopt_reset();
	return cli_current->fn(argc, argv);
}
