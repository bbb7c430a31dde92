/*
 * util.c: the helpers every command shares (cli.h): errors and exit codes,
 * options, the ledger and key, files, and the small text utilities of the
 * human output.
 */
#define _XOPEN_SOURCE 700 /* wcwidth */
#include "cli/cli.h"
#include "cli/help.h"
#include "base/format.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#define PASSPHRASE_MAX 1024

const struct cli_cmd *cli_current;

static const char *cmd_name(void)
{
	return cli_current ? cli_current->name : "claimledger";
}

/* ---- errors ------------------------------------------------------------- */

int cli_exit_code(int cl_code)
{
	switch (cl_code) {
	case CL_OK:
		return EXIT_OK;
	case CL_EINTEGRITY:
		return EXIT_INTEGRITY;
	case CL_EINPUT:
	case CL_ENOTFOUND:
	case CL_EKEY:
	case CL_EEXIST:
		return EXIT_USAGE;
	default:
		return EXIT_IO;
	}
}

/*
 * Print one error line on stderr: "claimledger: " and the formatted text
 * with every character that must not reach a terminal escaped (it quotes
 * file names, arguments and ledger text: cli_print_safe), then the
 * newline.  Flushes stdout first.
 */
static void error_line(const char *fmt, ...)
{
	va_list ap;
	char *line;

	fflush(stdout);
	va_start(ap, fmt);
	line = cl_vformat(fmt, ap);
	va_end(ap);
	fputs("claimledger: ", stderr);
	cli_print_safe(stderr, line ? line : "out of memory formatting an error");
	fputc('\n', stderr);
	free(line);
}

_Noreturn void cli_fail(const char *what, const cl_error *err)
{
	const char *msg = err->msg[0] ? err->msg : cl_strerror(err->code);

	error_line("%s: %s", what, msg);
	exit(cli_exit_code(err->code ? err->code : CL_EIO));
}

_Noreturn void cli_die(int status, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = cl_vformat(fmt, ap);
	va_end(ap);
	error_line("%s", why ? why : fmt);
	free(why);
	exit(status);
}

_Noreturn void cli_usage(const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = cl_vformat(fmt, ap);
	va_end(ap);
	if (cli_current)
		error_line("%s: %s; see 'claimledger %s --help'", cmd_name(),
			   why ? why : fmt, cli_current->name);
	else
		error_line("%s: %s; see 'claimledger --help'", cmd_name(),
			   why ? why : fmt);
	free(why);
	exit(EXIT_USAGE);
}

int cli_finish_stdout(int status)
{
	int bad = 0;

	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		bad = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !bad)
		bad = errno ? errno : EIO;
	if (!bad)
		return status;
	fprintf(stderr, "claimledger: %s: cannot write to standard output: %s\n",
		cmd_name(), strerror(bad));
	return status ? status : EXIT_IO;
}

/* ---- options ------------------------------------------------------------ */

/* Options that may be given more than once, as "COMMAND --OPTION". */
static const char *const repeatable[] = {
	"rate --evidence",
	"verify --witness",
	"publish --cosigned",
	"monitor --witness",
};

#define OPTIONS_MAX 64

/* The parse under way: the command's table with the common options it
 * does not list, and which of them were seen. */
static struct {
	const struct option *from; /* the command's table; NULL: none yet */
	struct option all[OPTIONS_MAX + 2];
	unsigned char seen[OPTIONS_MAX + 2];
} parse;

static int shared_ledger; /* --shared-ledger was given */

void cli_getopt_reset(void)
{
	optind = 1;
	opterr = 0;
	parse.from = NULL;
}

static int may_repeat(const char *name)
{
	const char *cmd = cmd_name();
	size_t i, n = strlen(cmd);

	for (i = 0; i < sizeof repeatable / sizeof repeatable[0]; i++)
		if (strncmp(repeatable[i], cmd, n) == 0 &&
		    strncmp(repeatable[i] + n, " --", 3) == 0 &&
		    strcmp(repeatable[i] + n + 3, name) == 0)
			return 1;
	return 0;
}

/* parse.all: `options`, then --shared-ledger unless it is there. */
static void parse_start(const struct option *options)
{
	static const struct option shared = { "shared-ledger", no_argument, NULL, OPT_SHARED };
	size_t n = 0;
	int has_shared = 0;

	for (; options[n].name != NULL; n++) {
		if (n == OPTIONS_MAX)
			cli_die(EXIT_IO, "%s: too many options", cmd_name());
		parse.all[n] = options[n];
		has_shared |= strcmp(options[n].name, shared.name) == 0;
	}
	if (!has_shared)
		parse.all[n++] = shared;
	memset(&parse.all[n], 0, sizeof parse.all[n]);
	memset(parse.seen, 0, sizeof parse.seen);
	parse.from = options;
}

int cli_getopt(int argc, char **argv, const struct option *options)
{
	const struct option *opt;
	int c, i = -1;

	if (parse.from != options)
		parse_start(options);
	c = getopt_long(argc, argv, ":h", parse.all, &i);
	if (c == -1 || c == ':' || c == '?' || i < 0)
		return c;
	opt = &parse.all[i];
	/* A value in the next argument (not "--name=value") that looks like
	 * an option: the value was forgotten. */
	if (opt->has_arg == required_argument && optarg == argv[optind - 1] &&
	    strncmp(optarg, "--", 2) == 0)
		cli_usage("option '--%s' needs a value, not the option '%s' (write "
			  "--%s=VALUE if a value really begins with '--')", opt->name,
			  optarg, opt->name);
	if (parse.seen[i] && !may_repeat(opt->name))
		cli_usage("option '--%s' is given twice: give it once", opt->name);
	parse.seen[i] = 1;
	return c;
}

_Noreturn void cli_help(void)
{
	cli_help_print(stdout, cli_current);
	/* The table the command parses with and its help must agree: a
	 * difference is a bug, said on stderr (tests/e2e/help.sh). */
	if (parse.from != NULL)
		cli_help_check(cli_current, parse.all, stderr);
	exit(cli_finish_stdout(EXIT_OK));
}

void cli_common_opt(int c, char **argv, struct cli_opts *o)
{
	const char *arg = optind > 0 && argv[optind - 1] ? argv[optind - 1] : "?";

	switch (c) {
	case OPT_HELP:
		cli_help();
	case OPT_LEDGER:
		o->ledger = optarg;
		return;
	case OPT_KEY:
		o->key = optarg;
		return;
	case OPT_PASSFILE:
		o->passfile = optarg;
		return;
	case OPT_JSON:
		o->json = 1;
		return;
	case OPT_SHARED:
		o->shared = shared_ledger = 1;
		return;
	case ':':
		cli_usage("option '%s' needs a value", arg);
	case '?':
		if (optopt && optopt < 0x100 && arg[0] == '-' && arg[1] != '-')
			cli_usage("unknown option '-%c'", optopt);
		cli_usage("unknown option '%s'", arg);
	default:
		cli_usage("option '%s' is not handled", arg);
	}
}

int cli_parse_count(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > (unsigned long long)INT64_MAX)
		return -1;
	*out = v;
	return 0;
}

const char *xdate_arg(const char *flag, const char *d)
{
	if (d != NULL && !cl_date_valid(d))
		cli_usage("%s: not a date YYYY-MM-DD: '%s'", flag, d);
	return d;
}

/* ---- ledger, keys, time ------------------------------------------------- */

const char *cli_ledger_dir(const char *flag)
{
	const char *env = getenv("CLAIMLEDGER_DIR");

	if (flag && *flag)
		return flag;
	if (env && *env)
		return env;
	return "./.claimledger";
}

unsigned cli_ledger_flags(unsigned flags)
{
	const char *env = getenv("CLAIMLEDGER_SHARED_LEDGER");

	if (env && *env && strcmp(env, "0") != 0 && strcmp(env, "1") != 0)
		cli_die(EXIT_USAGE, "%s: CLAIMLEDGER_SHARED_LEDGER: '%s' is not 0 or 1",
			cmd_name(), env);
	if (shared_ledger || (env && strcmp(env, "1") == 0))
		flags |= CL_LEDGER_SHARED;
	return flags;
}

cl_ledger *xledger_open(const char *flag, unsigned flags)
{
	cl_error err = { 0 };
	cl_ledger *l = NULL;
	const char *dir = cli_ledger_dir(flag);
	int rc = cl_ledger_open(dir, cli_ledger_flags(flags), &l, &err);

	if (rc == CL_ENOTFOUND)
		cli_die(EXIT_USAGE, "%s: no ledger in '%s'; create one with "
			"'claimledger init'", cmd_name(), dir);
	if (rc != CL_OK)
		cli_fail(cmd_name(), &err);
	return l;
}

char *xpassphrase_load(const char *flag, size_t *len)
{
	const char *path = flag ? flag : getenv("CLAIMLEDGER_PASSPHRASE_FILE");
	struct stat st;
	char *buf = NULL;
	size_t n = 0;
	ssize_t got;
	int fd;

	*len = 0;
	if (path == NULL || *path == '\0')
		return NULL;
	fd = xopen_regular(path, "passphrase file", &st);
	/* A secret, like a key file (crypto/keyfile.c): its owner's only. */
	if ((st.st_mode & 077) != 0) {
		close(fd);
		cli_die(EXIT_USAGE, "%s: passphrase file '%s' is accessible by group "
			"or others: run chmod 600 '%s'", cmd_name(), path, path);
	}
	if (st.st_size > PASSPHRASE_MAX) {
		close(fd);
		cli_die(EXIT_USAGE, "%s: passphrase file '%s': longer than %d bytes",
			cmd_name(), path, PASSPHRASE_MAX);
	}
	buf = cl_secure_alloc(PASSPHRASE_MAX + 1);
	if (buf == NULL) {
		close(fd);
		cli_die(EXIT_IO, "%s: out of secure memory", cmd_name());
	}
	while (n < PASSPHRASE_MAX + 1 &&
	       (got = read(fd, buf + n, PASSPHRASE_MAX + 1 - n)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cl_secure_free(buf);
			close(fd);
			cli_die(EXIT_IO, "%s: cannot read passphrase file '%s': %s",
				cmd_name(), path, strerror(errno));
		}
		n += (size_t)got;
	}
	close(fd);
	if (n > PASSPHRASE_MAX) {
		cl_secure_free(buf);
		cli_die(EXIT_USAGE, "%s: passphrase file '%s': longer than %d bytes",
			cmd_name(), path, PASSPHRASE_MAX);
	}
	/* One line: its end, "\n" or "\r\n", is not part of the passphrase. */
	if (n > 0 && buf[n - 1] == '\n') {
		n--;
		if (n > 0 && buf[n - 1] == '\r')
			n--;
	}
	if (n == 0) {
		cl_secure_free(buf);
		cli_die(EXIT_USAGE, "%s: passphrase file '%s' is empty",
			cmd_name(), path);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

cl_seckey *xkey_load(const char *key_flag, const char *passfile_flag)
{
	const char *path = key_flag ? key_flag : getenv("CLAIMLEDGER_KEY");
	cl_error err = { 0 };
	cl_seckey *k = NULL;
	size_t plen;
	char *pass;
	int rc;

	if (path == NULL || *path == '\0')
		cli_die(EXIT_USAGE, "%s: no signing key: give --key FILE or set "
			"CLAIMLEDGER_KEY", cmd_name());
	pass = xpassphrase_load(passfile_flag, &plen);
	rc = cl_seckey_load(path, pass, plen, &k, &err);
	cl_secure_free(pass);
	if (rc != CL_OK)
		cli_fail(cmd_name(), &err);
	return k;
}

int64_t cli_now(void)
{
	const char *s = getenv("CLAIMLEDGER_TIME");
	long long v;
	char *end;

	if (s == NULL || *s == '\0')
		return (int64_t)time(NULL);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || end == s)
		cli_die(EXIT_USAGE, "%s: CLAIMLEDGER_TIME: not seconds since the "
			"epoch: '%s'", cmd_name(), s);
	return (int64_t)v;
}

/* ---- files and paths ---------------------------------------------------- */

int xopen_regular(const char *path, const char *what, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), fl;

	if (fd < 0)
		cli_die(EXIT_USAGE, "%s: cannot open %s '%s': %s", cmd_name(), what,
			path, strerror(errno));
	if (fstat(fd, st) != 0)
		cli_die(EXIT_IO, "%s: cannot stat %s '%s': %s", cmd_name(), what, path,
			strerror(errno));
	if (!S_ISREG(st->st_mode))
		cli_die(EXIT_USAGE, "%s: %s '%s' is not a regular file (a FIFO, device "
			"or directory cannot be read here)", cmd_name(), what, path);
	if ((fl = fcntl(fd, F_GETFL)) == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1)
		cli_die(EXIT_IO, "%s: %s '%s': %s", cmd_name(), what, path,
			strerror(errno));
	return fd;
}

char *xread_regular(const char *path, const char *what, size_t max, size_t *len)
{
	struct stat st;
	size_t n = 0, cap;
	ssize_t got;
	char *buf = NULL, *nb;
	int fd = xopen_regular(path, what, &st);

	if ((uintmax_t)st.st_size > max)
		cli_die(EXIT_USAGE, "%s: %s '%s': larger than %zu bytes", cmd_name(),
			what, path, max);
	/* Room for its size and one byte more, to see it grow; it may grow
	 * meanwhile, up to max + 1 bytes. */
	cap = (size_t)st.st_size + 1;
	for (;;) {
		if (buf == NULL || n == cap) {
			if (buf != NULL)
				cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
			if ((nb = realloc(buf, cap + 1)) == NULL)
				cli_die(EXIT_IO, "%s: %s '%s': out of memory", cmd_name(),
					what, path);
			buf = nb;
		}
		if (n > max || (got = read(fd, buf + n, cap - n)) == 0)
			break;
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			cli_die(EXIT_IO, "%s: cannot read %s '%s': %s", cmd_name(), what,
				path, strerror(errno));
		n += (size_t)got;
	}
	close(fd);
	if (n > max)
		cli_die(EXIT_USAGE, "%s: %s '%s': larger than %zu bytes", cmd_name(),
			what, path, max);
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *xread_file(const char *path, size_t max, size_t *len)
{
	int is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	size_t cap = 0, n = 0;
	char *buf = NULL, *nb;
	struct stat st;
	ssize_t got;
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		cli_die(EXIT_USAGE, "%s: cannot open '%s': %s", cmd_name(), name,
			strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
		cli_die(EXIT_USAGE, "%s: '%s' is a directory", cmd_name(), name);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > max)
		cli_die(EXIT_USAGE, "%s: '%s': larger than %zu bytes", cmd_name(),
			name, max);
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64 * 1024;
			if (cap > max + 1)
				cap = max + 1;
			nb = realloc(buf, cap + 1);
			if (nb == NULL)
				cli_die(EXIT_IO, "%s: '%s': out of memory",
					cmd_name(), name);
			buf = nb;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			cli_die(EXIT_IO, "%s: cannot read '%s': %s", cmd_name(),
				name, strerror(errno));
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max)
			cli_die(EXIT_USAGE, "%s: '%s': larger than %zu bytes",
				cmd_name(), name, max);
	}
	if (!is_stdin)
		close(fd);
	if (buf == NULL && (buf = malloc(1)) == NULL)
		cli_die(EXIT_IO, "%s: out of memory", cmd_name());
	buf[n] = '\0';
	*len = n;
	return buf;
}

const char *cli_display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "stdin" : path;
}

/* Append component `c` (`n` bytes) to the absolute path in `p`, resolving
 * "." and "..".  `p` has room for PATH_MAX bytes. */
static int path_push(char *p, const char *c, size_t n)
{
	size_t len = strlen(p);
	char *slash;

	if (n == 0 || (n == 1 && c[0] == '.'))
		return 0;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		slash = strrchr(p, '/');
		if (slash == p)
			p[1] = '\0';
		else if (slash)
			*slash = '\0';
		return 0;
	}
	if (len + n + 2 > PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (len > 1)
		p[len++] = '/';
	memcpy(p + len, c, n);
	p[len + n] = '\0';
	return 0;
}

char *cli_abspath(const char *path)
{
	char *copy = strdup(path), *out = malloc(PATH_MAX), *slash;
	const char *rest = NULL, *c, *e;
	int fail = copy == NULL || out == NULL;

	/* Shorten `copy` until realpath resolves it; the tail is `rest`. */
	while (!fail && realpath(*copy ? copy : ".", out) == NULL) {
		slash = strrchr(copy, '/');
		if (errno != ENOENT || *copy == '\0') {
			fail = 1;
		} else if (slash == NULL) {
			rest = path;
			*copy = '\0';
		} else if (slash == copy) {
			copy[1] = '\0';
			rest = path + 1;
		} else {
			*slash = '\0';
			rest = path + (slash - copy) + 1;
		}
	}
	for (c = rest; !fail && c && *c; c = *e ? e + 1 : e) {
		e = strchr(c, '/');
		if (e == NULL)
			e = c + strlen(c);
		if (path_push(out, c, (size_t)(e - c)) != 0)
			fail = 1;
	}
	free(copy);
	if (fail) {
		free(out);
		return NULL;
	}
	return out;
}

int cli_path_inside(const char *path, const char *dir)
{
	char *p = cli_abspath(path), *d = cli_abspath(dir);
	int rc = -1;
	size_t n;

	if (p && d) {
		n = strlen(d);
		if (n == 1) /* "/" holds everything */
			rc = 1;
		else
			rc = strncmp(p, d, n) == 0 && (p[n] == '\0' || p[n] == '/');
	}
	free(p);
	free(d);
	return rc;
}

/* The nearest directory above the absolute path `abs` (not `abs` itself)
 * that holds a ledger (cl_ledger_exists), malloc'd; NULL when none does. */
static char *ledger_above(const char *abs)
{
	char *dir = strdup(abs), *slash;

	while (dir != NULL && (slash = strrchr(dir, '/')) != NULL) {
		slash[slash == dir] = '\0'; /* "/x" -> "/", "/x/y" -> "/x" */
		if (cl_ledger_exists(dir))
			return dir;
		if (slash == dir)
			break;
	}
	free(dir);
	return NULL;
}

void cli_refuse_path_in_ledger(const char *path, const char *ledger_dir,
			       const char *what)
{
	int in = cli_path_inside(path, ledger_dir);
	char *abs, *other;

	if (in < 0)
		cli_die(EXIT_USAGE, "%s: cannot resolve '%s': %s", cmd_name(),
			path, strerror(errno));
	if (in)
		cli_die(EXIT_USAGE, "%s: '%s': %s must not be inside "
			"the ledger directory '%s'", cmd_name(), path, what,
			ledger_dir);
	if ((abs = cli_abspath(path)) == NULL)
		cli_die(EXIT_USAGE, "%s: cannot resolve '%s': %s", cmd_name(),
			path, strerror(errno));
	other = ledger_above(abs);
	free(abs);
	if (other != NULL)
		cli_die(EXIT_USAGE, "%s: '%s': %s must not be inside a ledger "
			"directory ('%s' holds one)", cmd_name(), path, what, other);
}

void cli_refuse_key_in_ledger(const char *key_path, const char *ledger_dir)
{
	cli_refuse_path_in_ledger(key_path, ledger_dir, "a secret key");
}

/* ---- text --------------------------------------------------------------- */

/* Decode one UTF-8 character at `s`; its length in *n (1 for a bad byte,
 * which decodes as U+FFFD). */
static unsigned long utf8_next(const unsigned char *s, size_t *n)
{
	unsigned long c = s[0];
	size_t len, i;

	if (c < 0x80) {
		*n = 1;
		return c;
	}
	len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
	if (len == 0 || c >= 0xf8) {
		*n = 1;
		return 0xfffd;
	}
	c &= 0x3f >> (len - 1);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*n = 1;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*n = len;
	return c;
}

size_t cli_width(const char *s)
{
	char form[CLI_SAFE_MAX];
	size_t w = 0, cw, n;

	while ((n = cli_safe_char(s, form, &cw)) > 0) {
		w += cw;
		s += n;
	}
	return w;
}

/* cli_safe_char for a table cell: a newline or a tab is a space there (a
 * cell is one line), every other unsafe character its escape. */
static size_t cell_char(const char *s, char form[CLI_SAFE_MAX], size_t *width)
{
	size_t n = cli_safe_char(s, form, width);

	if (n == 1 && (*s == '\n' || *s == '\t')) {
		form[0] = ' ';
		form[1] = '\0';
		*width = 1;
	}
	return n;
}

void cli_print_cell(FILE *f, const char *s, size_t width, int pad)
{
	char form[CLI_SAFE_MAX];
	const char *p;
	size_t total = 0, used = 0, room, n, cw;

	for (p = s; (n = cell_char(p, form, &cw)) > 0; p += n)
		total += cw;
	room = total > width && width > 0 ? width - 1 : width;
	for (p = s; (n = cell_char(p, form, &cw)) > 0; p += n) {
		if (used + cw > room)
			break;
		fputs(form, f);
		used += cw;
	}
	if (total > width && width > 0) {
		fputs("\xe2\x80\xa6", f); /* … */
		used++;
	}
	while (pad && used < width) {
		fputc(' ', f);
		used++;
	}
}

static unsigned long fold(unsigned long c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	return (unsigned long)towlower((wint_t)c);
}

/* 1 when `a` starts with `b`, compared case-folded; *alen gets the bytes
 * of `a` that matched. */
static int fold_prefix(const unsigned char *a, const unsigned char *b,
		       size_t *alen)
{
	const unsigned char *start = a;
	size_t na, nb;

	while (*b) {
		if (*a == '\0' || fold(utf8_next(a, &na)) != fold(utf8_next(b, &nb)))
			return 0;
		a += na;
		b += nb;
	}
	*alen = (size_t)(a - start);
	return 1;
}

int cli_utf8_caseeq(const char *a, const char *b)
{
	size_t n;

	return fold_prefix((const unsigned char *)a, (const unsigned char *)b,
			   &n) && a[n] == '\0';
}

int cli_utf8_casefind(const char *hay, const char *needle)
{
	const unsigned char *p = (const unsigned char *)hay;
	size_t n, skip;

	for (;;) {
		if (fold_prefix(p, (const unsigned char *)needle, &n))
			return 1;
		if (*p == '\0')
			return 0;
		utf8_next(p, &skip);
		p += skip;
	}
}

/* ---- text safe for a terminal ------------------------------------------- */

/* The strict UTF-8 character at `s` (at most `avail` bytes): its length,
 * or 0 when it is not one (a stray or truncated byte, an overlong form, a
 * surrogate, above U+10FFFF). */
static size_t utf8_strict(const unsigned char *s, size_t avail, unsigned long *c)
{
	size_t n, i;

	if (avail == 0)
		return 0;
	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4 || n > avail)
		return 0;
	*c = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*c = (*c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && *c < 0x800) || (n == 4 && (*c < 0x10000 || *c > 0x10ffff)) ||
	    (*c >= 0xd800 && *c <= 0xdfff))
		return 0;
	return n;
}

int cli_unsafe_char(unsigned long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x61c ||
	       c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

size_t cli_safe_char(const char *s, char form[CLI_SAFE_MAX], size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;
	int w;

	form[0] = '\0';
	*width = 0;
	if (*p == '\0')
		return 0;
	/* A NUL ends the string, so 4 is a safe bound: decoding stops at
	 * the first byte that is not a continuation byte. */
	if ((n = utf8_strict(p, 4, &c)) == 0) {
		*width = (size_t)snprintf(form, CLI_SAFE_MAX, "<0x%02X>", *p);
		return 1;
	}
	if (cli_unsafe_char(c)) {
		*width = (size_t)snprintf(form, CLI_SAFE_MAX, "<U+%04lX>", c);
		return n;
	}
	memcpy(form, s, n);
	form[n] = '\0';
	w = wcwidth((wchar_t)c);
	*width = w < 0 ? 1 : (size_t)w;
	return n;
}

void cli_print_safe(FILE *f, const char *s)
{
	char form[CLI_SAFE_MAX];
	const char *run = s;
	size_t n, w;

	/* Safe characters are copied in runs; only escapes are rewritten. */
	while ((n = cli_safe_char(s, form, &w)) > 0) {
		if (n != strlen(form) || memcmp(form, s, n) != 0) {
			fwrite(run, 1, (size_t)(s - run), f);
			fputs(form, f);
			run = s + n;
		}
		s += n;
	}
	fwrite(run, 1, (size_t)(s - run), f);
}

/* 1 when `f` is a terminal (asked once per file descriptor in a row). */
static int is_terminal(FILE *f)
{
	static int fd = -1, tty;
	int now = fileno(f);

	if (now != fd) {
		fd = now;
		tty = now >= 0 && isatty(now);
	}
	return tty;
}

void cli_json_write(FILE *f, const char *json, size_t len)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t i = 0, run = 0, n;
	unsigned long c;

	if (!is_terminal(f)) {
		fwrite(json, 1, len, f);
		return;
	}
	while (i < len) {
		n = utf8_strict(p + i, len - i, &c);
		if (n == 0)
			c = 0xfffd; /* not in valid JSON: U+FFFD, as a reader would */
		else if (!cli_unsafe_char(c) || c == '\n' || c == '\t' || c == '\r') {
			i += n; /* JSON white space stays: it is outside strings */
			continue;
		}
		fwrite(json + run, 1, i - run, f);
		fprintf(f, "\\u%04lx", c);
		i += n ? n : 1;
		run = i;
	}
	fwrite(json + run, 1, len - run, f);
}

void cli_json_dump(FILE *f, const json_t *v, size_t flags)
{
	char *s;

	if (!is_terminal(f)) {
		json_dumpf(v, f, flags);
		return;
	}
	if ((s = json_dumps(v, flags)) == NULL)
		cli_die(EXIT_IO, "%s: out of memory", cmd_name());
	cli_json_write(f, s, strlen(s));
	free(s);
}

/* ---- records ------------------------------------------------------------ */

void cli_id_hex(char out[CL_ID_HEX + 1], const unsigned char id[CL_HASH_BYTES])
{
	cl_hex_encode(out, id, CL_HASH_BYTES);
}

int cli_txn_append(cl_txn *t, const json_t *fields, const cl_seckey *key,
		   int64_t now, uint64_t *seq_out,
		   unsigned char id_out[CL_HASH_BYTES], cl_error *err)
{
	int rc = cl_txn_append(t, fields, key, now, seq_out, id_out, err);

	if (rc == CL_EINTEGRITY && err)
		err->code = CL_EINPUT;
	return rc == CL_EINTEGRITY ? CL_EINPUT : rc;
}

int cli_append_one(cl_ledger *l, cl_txn *t, const json_t *fields, const cl_seckey *key,
		   int64_t now, uint64_t *seq, char id[CL_ID_HEX + 1], cl_error *err)
{
	unsigned char rid[CL_HASH_BYTES];
	int rc;

	if (t == NULL && (rc = cl_ledger_begin(l, &t, err)) != CL_OK)
		return rc;
	rc = cli_txn_append(t, fields, key, now, seq, rid, err);
	if (rc == CL_OK)
		rc = cl_txn_commit(t, err);
	else
		cl_txn_abort(t);
	if (rc == CL_OK)
		cli_id_hex(id, rid);
	return rc;
}

void cli_print_record_json(FILE *f, const cl_record *r)
{
	char id[CL_ID_HEX + 1], sig[128];

	cli_id_hex(id, r->id);
	cl_b64_encode(sig, r->sig, CL_SIG_BYTES);
	fprintf(f, "{\"id\":\"%s\",\"body\":", id);
	cli_json_write(f, r->body, r->body_len);
	fprintf(f, ",\"sig\":\"%s\"}\n", sig);
}

json_t *xrecord_body(const cl_record *r)
{
	json_error_t jerr;
	json_t *body = json_loadb(r->body, r->body_len, 0, &jerr);

	if (body == NULL || !json_is_object(body))
		cli_die(EXIT_INTEGRITY, "%s: seq %llu: stored body is not a JSON "
			"object; run 'claimledger verify'", cmd_name(),
			(unsigned long long)r->seq);
	return body;
}

/* ---- layout and colour of human output ---------------------------------- */

char *cli_format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = cl_vformat(fmt, ap);
	va_end(ap);
	if (s == NULL)
		cli_die(EXIT_IO, "%s: out of memory", cmd_name());
	return s;
}

const char *cli_a_an(const char *word)
{
	return word && word[0] && strchr("aeiouAEIOU", word[0]) ? "an" : "a";
}

/* A width from $COLUMNS: a decimal number 1..CLI_WIDTH_MAX, else 0. */
static size_t columns_env(void)
{
	const char *s = getenv("COLUMNS");
	uint64_t n;

	if (s == NULL || cli_parse_count(s, &n) != 0 || n == 0 || n > CLI_WIDTH_MAX)
		return 0;
	return (size_t)n;
}

size_t cli_term_width(void)
{
	struct winsize ws;
	size_t n;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col < CLI_WIDTH_MAX ? ws.ws_col : CLI_WIDTH_MAX;
	if ((n = columns_env()) > 0)
		return n;
	return CLI_WIDTH_DEFAULT;
}

size_t cli_parse_columns(const char *s)
{
	uint64_t n;

	if (cli_parse_count(s, &n) != 0 || n < CLI_WIDTH_MIN || n > CLI_WIDTH_MAX)
		cli_usage("--columns: not a width from %d to %d: '%s'",
			  CLI_WIDTH_MIN, CLI_WIDTH_MAX, s);
	return (size_t)n;
}

static int is_cell_space(const char *form)
{
	return form[0] == ' ' && form[1] == '\0';
}

size_t cli_cell_cut(const char *s, size_t width, size_t *cols)
{
	char form[CLI_SAFE_MAX];
	size_t total = 0, used = 0, room, n, cw, off = 0, cut = 0, cut_cols = 0;
	size_t word_at = 0, word_cols = 0;
	int in_space = 0;

	for (off = 0; (n = cell_char(s + off, form, &cw)) > 0; off += n)
		total += cw;
	if (total <= width) {
		*cols = total;
		return off;
	}
	room = width > 0 ? width - 1 : 0; /* the room before the "…" */
	for (off = 0; (n = cell_char(s + off, form, &cw)) > 0; off += n) {
		if (is_cell_space(form)) {
			/* The text up to the first space of a run is a whole
			 * word: a place to cut. */
			if (!in_space && used <= room) {
				word_at = off;
				word_cols = used;
			}
			in_space = 1;
		} else {
			in_space = 0;
		}
		if (used + cw > room)
			break;
		used += cw;
		cut = off + n;
		cut_cols = used;
	}
	/* At a word's end, unless that would leave less than half the room
	 * (one long word: cut inside it, at a character). */
	if (word_at > 0 && 2 * word_cols >= room) {
		cut = word_at;
		cut_cols = word_cols;
	} else {
		while (cut > 0 && cut_cols > 0 && s[cut - 1] == ' ') {
			cut--;
			cut_cols--;
		}
	}
	*cols = cut_cols + (width > 0);
	return cut;
}

void cli_print_cell_words(FILE *f, const char *s, size_t width, int pad)
{
	char form[CLI_SAFE_MAX];
	size_t cols, n, cw, off, end = cli_cell_cut(s, width, &cols);

	for (off = 0; off < end && (n = cell_char(s + off, form, &cw)) > 0; off += n)
		fputs(form, f);
	if (s[end] != '\0' && width > 0)
		fputs("\xe2\x80\xa6", f); /* … */
	while (pad && cols < width) {
		fputc(' ', f);
		cols++;
	}
}

int cli_colour(void)
{
	static int decided, on;
	const char *no = getenv("NO_COLOR");

	if (!decided) {
		decided = 1;
		on = isatty(STDOUT_FILENO) && (no == NULL || no[0] == '\0');
	}
	return on;
}

void cli_sgr(FILE *f, const char *code)
{
	if (f == stdout && code != NULL && cli_colour())
		fprintf(f, "\033[%sm", code);
}

const char *cli_rating_sgr(const char *rating)
{
	if (rating == NULL || rating[0] == '\0')
		return NULL;
	if (strcmp(rating, "true") == 0 || strcmp(rating, "mostly-true") == 0)
		return CLI_SGR_GREEN;
	if (strcmp(rating, "mixed") == 0 || strcmp(rating, "unproven") == 0)
		return CLI_SGR_YELLOW;
	return CLI_SGR_RED; /* mostly-false, false, misleading */
}

cl_witness *cli_witness_add(const char *cmd, cl_witness *w, size_t *nw,
			    int argc, const char *path)
{
	cl_error err = { 0 };

	if (w == NULL && (w = calloc((size_t)argc, sizeof *w)) == NULL)
		cli_die(EXIT_IO, "%s: out of memory", cmd);
	if (cl_witness_load(path, &w[*nw], &err) != CL_OK)
		cli_fail(cmd, &err);
	(*nw)++;
	return w;
}

size_t cli_witness_quorum(const char *quorum_arg, size_t nw)
{
	uint64_t quorum = nw;

	if (quorum_arg != NULL && nw == 0)
		cli_usage("--quorum needs the witnesses' keys (--witness PUBFILE)");
	if (quorum_arg != NULL && cli_parse_count(quorum_arg, &quorum) != 0)
		cli_usage("--quorum '%s' is not a count", quorum_arg);
	if (quorum > nw)
		cli_usage("--quorum %" PRIu64 " is more than the %zu witness%s given",
			  quorum, nw, nw == 1 ? "" : "es");
	return (size_t)quorum;
}
