/*
 * main.c: claimledger's entry point and dispatch (git's git.c); the
 * command table is in cli/help.c.
 *
 *   claimledger                  the command list on stderr, exit 2
 *   claimledger --help | help    the command list on stdout
 *   claimledger help CMD         CMD's help (same as `claimledger CMD --help`)
 *   claimledger CMD ARGS...      run CMD; its return value is the exit status
 *   claimledger lsit ...         exit 2: "did you mean 'list'?" (cli_unknown_command)
 */
#define _GNU_SOURCE /* dladdr, dl_iterate_phdr, REG_RIP */
#include "cli/cli.h"
#include "cli/help.h"

#include <dlfcn.h>
#include <link.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

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

/* LMDB found its file damaged and is about to abort (store.h): the same
 * line and exit as a fault inside liblmdb, with LMDB's own words. */
static void on_lmdb_damage(const char *lmdb_msg)
{
	cli_die(EXIT_IO, "%s: the ledger's file is damaged: LMDB: %s (restore it from a "
		"verified export, or this is a bug)",
		cli_current ? cli_current->name : "claimledger", lmdb_msg);
}

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
	cl_ledger_on_damage(on_lmdb_damage);
}

int main(int argc, char **argv)
{
	static char help_name[] = "help";
	const char *name = argc > 1 ? argv[1] : NULL;

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "");
	if (name == NULL) {
		cli_help_list(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(name, "--version") == 0) {
		puts("claimledger " CLI_VERSION);
		return cli_finish_stdout(EXIT_OK);
	}
	argv++;
	argc--;
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = argv[0] = help_name;
	cli_current = cli_command_find(name);
	if (cli_current == NULL)
		cli_unknown_command(name);
	if (cl_crypto_init() != CL_OK)
		cli_die(EXIT_IO, "cannot initialise the crypto library");
	catch_faults();
	cli_getopt_reset();
	return cli_current->fn(argc, argv);
}
