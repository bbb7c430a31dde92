/*
 * bench.c: `make bench [N=1000000]`: the raw Ed25519 and SHA-256 rates of
 * this machine, then the real claimledger binary, as whole processes, on
 * a generated ledger of N claims: import --jsonl, full verify, plain
 * verify (every body re-hashed, no signature: the mark vouches for them),
 * plain verify after 100 more appends, prove, list --speaker --limit 50
 * and export; then a second ledger of N direct quotes citing archived
 * articles (bench_documents), exported with its articles and verified;
 * verify-export of the first ledger's export and a first monitor run of
 * its published directory (both on every core, against the raw verify
 * rate of 2 cores); the peak RSS of an import of 3N claims into
 * a new ledger, against the import of N (removed afterwards); each figure with its ratio to the raw limit, peak RSS of each command
 * (wait4) and the ledger's size on disk against the export's.  It checks
 * its own results (counts, verify passes) and exits 1 when one is wrong.
 *
 *   usage: bench BIN N WORKDIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "ledger/record.h"

static const char *bin, *dir;
static int failures;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- raw limits ---------------------------------------------------------- */

static unsigned char msg[sizeof CL_SIG_CONTEXT - 1 + 330];
static unsigned char sig[CL_SIG_BYTES];
static unsigned char pk[CL_PUBKEY_BYTES]; /* kept: raw rates are taken again later */

static void *verify_n(void *arg)
{
	long n = *(long *)arg, ok = 0;

	for (long i = 0; i < n; i++)
		ok += cl_verify(pk, sig, msg, sizeof msg);
	*(long *)arg = ok;
	return NULL;
}

/* Verifications per second on `threads` threads, `n` each. */
static double verify_rate(int threads, long n)
{
	pthread_t th[8];
	long counts[8];
	double t = now();

	for (int i = 0; i < threads; i++) {
		counts[i] = n;
		pthread_create(&th[i], NULL, verify_n, &counts[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		if (counts[i] != n)
			failures++;
	}
	return (double)(n * threads) / (now() - t);
}

/* ---- running the binary ---------------------------------------------------- */

struct run {
	double secs;
	long rss_kb;
	int status;
};

/* Run BIN with args, stdout to `out` (NULL: /dev/null), stdin from `in`. */
static struct run run(const char *out, const char *in, const char *const *args)
{
	struct run r = { 0, 0, -1 };
	struct rusage ru;
	const char *argv[32];
	int n = 0, st = 0;
	double t = now();
	pid_t pid;

	argv[n++] = bin;
	for (; *args && n < 30; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	if ((pid = fork()) == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		if (in) {
			int fi = open(in, O_RDONLY);
			dup2(fi, 0);
		}
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		return r;
	r.secs = now() - t;
	r.rss_kb = ru.ru_maxrss;
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	return r;
}

static char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

static void expect(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "bench: check failed: %s\n", what);
		failures++;
	}
}

static const char *speakers[] = { "Jane Doe", "John Smith", "Maria Garcia", "Wei Chen",
				  "Ahmed Khan", "Ana Souza", "Olu Adeyemi", "Priya Nair" };

/* N claims, one a line, deterministic. */
static void gen(const char *path, long n, long salt)
{
	FILE *f = fopen(path, "w");
	uint64_t x = 88172645463325252ull + (uint64_t)salt;

	for (long i = 0; i < n; i++) {
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		fprintf(f, "{\"text\":\"The unemployment rate fell to %d.%d percent in quarter %ld, "
			"the lowest since %d.\",\"speaker\":\"%s %d\",\"source\":"
			"\"https://news.example.com/2024/%06ld\",\"date\":\"2024-%02d-%02d\","
			"\"kind\":\"indirect\"}\n",
			(int)(x % 9) + 1, (int)(x >> 8) % 10, i, 1990 + (int)((x >> 16) % 30),
			speakers[(x >> 24) % 8], (int)((x >> 32) % 500), i / 10,
			(int)((x >> 40) % 12) + 1, (int)((x >> 48) % 28) + 1);
	}
	fclose(f);
}

static long file_blocks_kb(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)(st.st_blocks / 2) : 0;
}

/*
 * A long article for the extractor: a date header, then the bodies of
 * the fixture articles (after their header lines) again and again until
 * at least `bytes`.  Returns the bytes written, 0 when no article could
 * be read.
 */
static long make_article(const char *path, long bytes)
{
	const char *fix = getenv("CLAIMLEDGER_FIXTURES");
	char adir[4096], file[8192], line[65536];
	long written = 0;
	DIR *d;
	struct dirent *de;
	FILE *out = fopen(path, "w");

	if (out == NULL)
		return 0;
	snprintf(adir, sizeof adir, "%s/articles", fix && *fix ? fix : "fixtures");
	fputs("date 2024-01-15\n\n", out);
	while (written < bytes) {
		long before = written;
		if ((d = opendir(adir)) == NULL)
			break;
		while ((de = readdir(d)) != NULL && written < bytes) {
			FILE *in;
			int body = 0;
			if (strstr(de->d_name, ".txt") == NULL)
				continue;
			snprintf(file, sizeof file, "%s/%s", adir, de->d_name);
			if ((in = fopen(file, "r")) == NULL)
				continue;
			/* The body starts after the first blank line. */
			while (fgets(line, sizeof line, in) != NULL) {
				if (body)
					written += (long)fwrite(line, 1, strlen(line), out);
				else if (line[0] == '\n')
					body = 1;
			}
			fputs("\n\n", out);
			fclose(in);
		}
		closedir(d);
		if (written == before)
			break;
	}
	fclose(out);
	return written;
}

static long count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	long lines = 0;
	int c;

	while (f && (c = getc(f)) != EOF)
		lines += c == '\n';
	if (f)
		fclose(f);
	return lines;
}

static long file_bytes(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

/*
 * The articles case: `n` direct quotes spread over `ndocs` generated
 * articles, each imported with its article (import --jsonl --article),
 * then export --format jsonl with the articles and without, and
 * verify-export of the first (every quote checked).  What it shows: the
 * export's memory stays that of one article and the ids cited, whatever N.
 */
struct docs_result {
	struct run exp, exp_nodocs, vexp;
	long ndocs, exp_bytes;
};

static void bench_documents(long n, const char *p_key, struct docs_result *res)
{
	char p_led[512], p_art[512], p_claims[512], p_exp[512], p_exp2[512], p_pub[600],
	     p_out[512], hex[CL_ID_HEX + 1], want[128];
	long ndocs = n / 10000 < 2 ? 2 : n / 10000 > 100 ? 100 : n / 10000;
	struct run r;

	snprintf(p_led, sizeof p_led, "%s/led-docs", dir);
	snprintf(p_art, sizeof p_art, "%s/doc-article.txt", dir);
	snprintf(p_claims, sizeof p_claims, "%s/doc-claims.jsonl", dir);
	snprintf(p_exp, sizeof p_exp, "%s/export-docs.jsonl", dir);
	snprintf(p_exp2, sizeof p_exp2, "%s/export-nodocs.jsonl", dir);
	snprintf(p_pub, sizeof p_pub, "%s.pub", p_key);
	snprintf(p_out, sizeof p_out, "%s/out-docs.txt", dir);
	res->ndocs = ndocs;
	r = run(NULL, NULL, (const char *[]){ "init", "--ledger", p_led, "--key", p_key,
					       "--origin", "bench/documents", NULL });
	expect(r.status == 0, "init the articles ledger");
	for (long d = 0; d < ndocs; d++) {
		long from = n * d / ndocs, to = n * (d + 1) / ndocs;
		FILE *fa = fopen(p_art, "w+b"), *fc = fopen(p_claims, "w");
		unsigned char h[CL_HASH_BYTES];
		char *buf;
		long size, off;

		if (fa == NULL || fc == NULL) {
			expect(0, "write an article");
			return;
		}
		fprintf(fa, "date 2024-01-15\n\nArticle %ld.\n\n", d);
		/* First the article, with the offsets of its quotes... */
		for (long i = from; i < to; i++)
			fprintf(fa, "%s said: \"Quote %ld of article %ld says the rate fell "
				"to %ld.%ld percent.\" It was a Monday.\n", speakers[i % 8], i, d,
				i % 9 + 1, i % 10);
		size = ftell(fa);
		rewind(fa);
		buf = malloc((size_t)size + 1);
		if (buf == NULL || fread(buf, 1, (size_t)size, fa) != (size_t)size) {
			expect(0, "read the article back");
			free(buf);
			fclose(fa);
			fclose(fc);
			return;
		}
		buf[size] = '\0';
		cl_sha256(h, buf, (size_t)size);
		cl_hex_encode(hex, h, CL_HASH_BYTES);
		/* ...then one claim per quote: the words between the marks, which
		 * the quote text rule leaves as they are. */
		off = 0;
		for (long i = from; i < to; i++) {
			char *q = strstr(buf + off, ": \"") + 3, *e = strchr(q, '"');
			fprintf(fc, "{\"text\":\"%.*s\",\"speaker\":\"%s\",\"source\":"
				"\"https://news.example.com/articles/%ld\",\"date\":\"2024-01-15\","
				"\"kind\":\"direct\",\"document\":\"%s\",\"offset\":%ld,"
				"\"length\":%ld}\n", (int)(e - q), q, speakers[i % 8], d, hex,
				(long)(q - buf), (long)(e - q));
			off = e - buf;
		}
		free(buf);
		fclose(fa);
		fclose(fc);
		r = run(NULL, NULL, (const char *[]){ "import", "--ledger", p_led, "--jsonl",
						       p_claims, "--article", p_art, "--key",
						       p_key, NULL });
		expect(r.status == 0, "import an article's quotes");
	}
	res->exp = run(NULL, NULL, (const char *[]){ "export", "--format", "jsonl", "--key",
						      p_key, "--out", p_exp, "--ledger", p_led,
						      NULL });
	expect(res->exp.status == 0, "export with the articles");
	expect(count_lines(p_exp) == n + 1 + 2 + 1 + ndocs, "the export has every record "
	       "and article");
	res->exp_bytes = file_bytes(p_exp);
	res->exp_nodocs = run(NULL, NULL, (const char *[]){ "export", "--format", "jsonl",
							     "--no-documents", "--out", p_exp2,
							     "--ledger", p_led, NULL });
	expect(res->exp_nodocs.status == 0, "export --no-documents");
	res->vexp = run(p_out, NULL, (const char *[]){ "verify-export", p_exp, "--pubkey",
							p_pub, NULL });
	snprintf(want, sizeof want, "checked %ld quotes against %ld documents\n", n, ndocs);
	expect(res->vexp.status == 0 && strstr(slurp(p_out), want) != NULL,
	       "verify-export checks every quote");
}

/* A static web server for the published directory: Python's http.server
 * on 127.0.0.1 (the tests use it too), started on the first free port
 * from 18000 + pid % 20000, its access log in `log`.  The port, or 0
 * when none answered within 10 s (*pid then -1). */
static int serve_dir(const char *docroot, const char *log, pid_t *pid)
{
	for (int tries = 0; tries < 5; tries++) {
		int port = 18000 + (int)((getpid() + tries * 977) % 20000);
		char ps[16];

		snprintf(ps, sizeof ps, "%d", port);
		if ((*pid = fork()) == 0) {
			int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			dup2(fd, 1);
			dup2(fd, 2);
			execlp("python3", "python3", "-m", "http.server", "--bind", "127.0.0.1",
			       "--directory", docroot, ps, (char *)NULL);
			_exit(127);
		}
		for (int i = 0; i < 100; i++) {
			struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
			int sk = socket(AF_INET, SOCK_STREAM, 0), ok;

			a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			ok = sk >= 0 && connect(sk, (struct sockaddr *)&a, sizeof a) == 0;
			if (sk >= 0)
				close(sk);
			if (ok)
				return port;
			if (waitpid(*pid, NULL, WNOHANG) == *pid)
				break; /* exited: port taken, or no python3 */
			usleep(100000);
		}
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
	}
	*pid = -1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char p_key[512], p_led[512], p_jsonl[512], p_more[512], p_out[512], p_exp[512],
	     p_data[512], want[1024], id[32];
	cl_seckey *k = NULL;
	long n, sign_n = 20000, ver_n = 6000;
	double sign1, ver1, ver2, ver2_full, ver2_vexp, ver2_mon, sha, t;
	struct run imp, ver, ver_plain, ver_inc, more, exp, r, xs, xb, vexp, imp3, pub1, pub2, mon,
		   monh = { 0, 0, -1 };
	char p_pub[600], p_led3[512], p_jsonl3[512], cmd[1200], p_pubdir[512], p_mstate[512],
	     p_http_log[600], url[64];
	pid_t server = -1;
	int port;
	long pub_files[2] = { 0, 0 }, pub_bytes[2] = { 0, 0 };
	struct docs_result dr = { .ndocs = 0 };
	char p_art[4200];
	long art_bytes[2], art_claims[2];
	double prove[21], list[21];
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);

	if (argc != 4) {
		fprintf(stderr, "usage: bench BIN N WORKDIR\n");
		return 2;
	}
	bin = argv[1];
	n = atol(argv[2]);
	dir = argv[3];
	if (n < 1 || cl_crypto_init() != CL_OK)
		return 2;
	setenv("CLAIMLEDGER_TIME", "1700000000", 1);
	if (n < 20000) {
		sign_n = 2000;
		ver_n = 600;
	}

	/* Raw limits, same run, same message size as a typical body. */
	cl_seckey_generate("bench", &k, NULL);
	memcpy(pk, cl_seckey_pubkey(k), CL_PUBKEY_BYTES);
	memcpy(msg, CL_SIG_CONTEXT, sizeof CL_SIG_CONTEXT - 1);
	cl_random(msg + sizeof CL_SIG_CONTEXT - 1, sizeof msg - (sizeof CL_SIG_CONTEXT - 1));
	t = now();
	for (long i = 0; i < sign_n; i++) {
		msg[sizeof msg - 1] = (unsigned char)i;
		cl_sign(k, sig, msg, sizeof msg);
	}
	sign1 = (double)sign_n / (now() - t);
	ver1 = verify_rate(1, ver_n);
	ver2 = verify_rate(ncpu >= 2 ? 2 : 1, ver_n);
	{
		static unsigned char big[1 << 20];
		unsigned char h[CL_HASH_BYTES];
		t = now();
		for (int i = 0; i < 64; i++)
			cl_sha256(h, big, sizeof big);
		sha = 64.0 / (now() - t);
	}
	cl_seckey_free(k);

	snprintf(p_key, sizeof p_key, "%s/owner.key", dir);
	snprintf(p_led, sizeof p_led, "%s/led", dir);
	snprintf(p_jsonl, sizeof p_jsonl, "%s/claims.jsonl", dir);
	snprintf(p_more, sizeof p_more, "%s/more.jsonl", dir);
	snprintf(p_out, sizeof p_out, "%s/out.txt", dir);
	snprintf(p_exp, sizeof p_exp, "%s/export.jsonl", dir);
	snprintf(p_data, sizeof p_data, "%s/led/data.mdb", dir);
	snprintf(p_pubdir, sizeof p_pubdir, "%s/published", dir);
	gen(p_jsonl, n, 0);
	gen(p_more, 100, 1);

	r = run(NULL, NULL, (const char *[]){ "keygen", "--name", "owner", "--out", p_key, NULL });
	expect(r.status == 0, "keygen");
	r = run(NULL, NULL, (const char *[]){ "init", "--ledger", p_led, "--key", p_key,
					       "--origin", "bench/ledger", NULL });
	expect(r.status == 0, "init");
	imp = run(p_out, NULL, (const char *[]){ "import", "--ledger", p_led, "--jsonl", p_jsonl,
						 "--key", p_key, NULL });
	snprintf(want, sizeof want, "imported %ld claims: seq 1..%ld\n", n, n);
	expect(imp.status == 0 && strcmp(slurp(p_out), want) == 0, "import");
	/* This VM's speed drifts over a run (a shared host), so the raw
	 * 2-core rate is taken again right before each verifier too, and
	 * its ratio printed beside the run's. */
	ver2_full = verify_rate(ncpu >= 2 ? 2 : 1, ver_n);
	ver = run(p_out, NULL, (const char *[]){ "verify", "--full", "--ledger", p_led, NULL });
	snprintf(want, sizeof want, "verified %ld records\n", n + 1);
	expect(ver.status == 0 && strcmp(slurp(p_out), want) == 0, "full verify");
	ver_plain = run(p_out, NULL, (const char *[]){ "verify", "--ledger", p_led, NULL });
	snprintf(want, sizeof want, "verified %ld records (signatures of the first %ld were "
		 "checked", n + 1, n + 1);
	expect(ver_plain.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
	       "plain verify");
	/* publish as tlog-tiles: everything, then (below) the 100 more */
	pub1 = run(p_out, NULL, (const char *[]){ "publish", p_pubdir, "--ledger", p_led,
						  "--key", p_key, NULL });
	snprintf(want, sizeof want, "published %ld records to '%s' (%ld new): ", n + 1,
		 p_pubdir, n + 1);
	expect(pub1.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0, "publish");
	expect(sscanf(slurp(p_out) + strlen(want), "%ld files, %ld bytes", &pub_files[0],
		      &pub_bytes[0]) == 2, "publish's summary");
	more = run(p_out, NULL, (const char *[]){ "import", "--ledger", p_led, "--jsonl", p_more,
						  "--key", p_key, NULL });
	expect(more.status == 0, "100 more appends");
	pub2 = run(p_out, NULL, (const char *[]){ "publish", p_pubdir, "--ledger", p_led,
						  "--key", p_key, NULL });
	snprintf(want, sizeof want, "published %ld records to '%s' (100 new): ", n + 101,
		 p_pubdir);
	expect(pub2.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
	       "publish 100 more");
	expect(sscanf(slurp(p_out) + strlen(want), "%ld files, %ld bytes", &pub_files[1],
		      &pub_bytes[1]) == 2, "publish's second summary");
	ver_inc = run(p_out, NULL, (const char *[]){ "verify", "--ledger", p_led, NULL });
	snprintf(want, sizeof want, "verified %ld records (signatures of the first %ld were "
		 "checked", n + 101, n + 1);
	expect(ver_inc.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
	       "verify after appends");
	r = run(NULL, NULL, (const char *[]){ "checkpoint", "--ledger", p_led, "--key", p_key, NULL });
	expect(r.status == 0, "checkpoint");
	for (int i = 0; i < 21; i++) {
		char who[64];
		snprintf(who, sizeof who, "%s %d", speakers[i % 8], i);
		snprintf(id, sizeof id, "%ld", (long)((uint64_t)(i + 1) * 2654435761u % (uint64_t)(n + 101)));
		r = run(NULL, NULL, (const char *[]){ "prove", id, "--ledger", p_led, NULL });
		expect(r.status == 0, "prove");
		prove[i] = r.secs;
		r = run(p_out, NULL, (const char *[]){ "list", "--speaker", who,
						       "--limit", "50", "--ledger", p_led, NULL });
		expect(r.status == 0, "list");
		list[i] = r.secs;
	}
	qsort(prove, 21, sizeof prove[0], cmp_double);
	qsort(list, 21, sizeof list[0], cmp_double);
	exp = run(NULL, NULL, (const char *[]){ "export", "--format", "jsonl", "--out", p_exp,
						"--ledger", p_led, NULL });
	expect(exp.status == 0, "export");
	expect(count_lines(p_exp) == n + 101 + 2, "export has every record");
	/* The export's pages are written back now, not while verify-export
	 * is timed. */
	sync();
	ver2_vexp = verify_rate(ncpu >= 2 ? 2 : 1, ver_n);
	/* The auditor's path: the same export, checked with the public key
	 * alone, on every core. */
	snprintf(p_pub, sizeof p_pub, "%s.pub", p_key);
	vexp = run(p_out, NULL, (const char *[]){ "verify-export", p_exp, "--pubkey", p_pub,
						  NULL });
	snprintf(want, sizeof want, "verified export: %ld records, root ", n + 101);
	expect(vexp.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
	       "verify-export of the main export");
	/* The other auditor's path: a first monitor run over the directory
	 * published above (the same N+101 records, as tiles and bundles),
	 * on every core, with a fresh state file. */
	snprintf(p_mstate, sizeof p_mstate, "%s/monitor.state", dir);
	unlink(p_mstate);
	ver2_mon = verify_rate(ncpu >= 2 ? 2 : 1, ver_n);
	mon = run(p_out, NULL, (const char *[]){ "monitor", p_pubdir, "--pubkey", p_pub,
						 "--state", p_mstate, NULL });
	snprintf(want, sizeof want, "monitor: bench/ledger size 0 -> %ld: %ld new records "
		 "verified\n", n + 101, n + 101);
	expect(mon.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
	       "monitor of the published directory");
	/* The same from a local web server, as a monitor elsewhere reads it:
	 * every bundle and tile an HTTP request (libcurl, one connection). */
	snprintf(p_http_log, sizeof p_http_log, "%s/http.log", dir);
	if ((port = serve_dir(p_pubdir, p_http_log, &server)) != 0) {
		snprintf(url, sizeof url, "http://127.0.0.1:%d/", port);
		unlink(p_mstate);
		monh = run(p_out, NULL, (const char *[]){ "monitor", url, "--pubkey", p_pub,
							  "--state", p_mstate, NULL });
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
		expect(monh.status == 0 && strncmp(slurp(p_out), want, strlen(want)) == 0,
		       "monitor of the directory served over HTTP");
	}
	/* Import's peak RSS at 3N, beside the import of N above: LMDB's
	 * dirty-page cap should keep it flat.  The ledger and its input go
	 * afterwards (about 3 GB and 1 GB at N=1M). */
	snprintf(p_led3, sizeof p_led3, "%s/led3", dir);
	snprintf(p_jsonl3, sizeof p_jsonl3, "%s/claims3.jsonl", dir);
	gen(p_jsonl3, 3 * n, 2);
	r = run(NULL, NULL, (const char *[]){ "init", "--ledger", p_led3, "--key", p_key,
					       "--origin", "bench/ledger3", NULL });
	expect(r.status == 0, "init the 3N ledger");
	imp3 = run(p_out, NULL, (const char *[]){ "import", "--ledger", p_led3, "--jsonl",
						  p_jsonl3, "--key", p_key, NULL });
	snprintf(want, sizeof want, "imported %ld claims: seq 1..%ld\n", 3 * n, 3 * n);
	expect(imp3.status == 0 && strcmp(slurp(p_out), want) == 0, "import of 3N");
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", p_led3, p_jsonl3);
	expect(system(cmd) == 0, "remove the 3N ledger");
	bench_documents(n, p_key, &dr);
	/* Extraction on a long article, at two sizes: MB/s, and whether
	 * the time grows linearly (the rate stays the same). */
	{
		long small = n < 20000 ? 1L << 20 : 8L << 20, big = 4 * small;
		snprintf(p_art, sizeof p_art, "%s/article.txt", dir);
		art_bytes[0] = make_article(p_art, small);
		xs = run(p_out, NULL, (const char *[]){ "extract", p_art, "--json", NULL });
		expect(art_bytes[0] > 0 && xs.status == 0, "extract the long article");
		art_claims[0] = count_lines(p_out);
		art_bytes[1] = make_article(p_art, big);
		xb = run(p_out, NULL, (const char *[]){ "extract", p_art, "--json", NULL });
		expect(art_bytes[1] > 0 && xb.status == 0, "extract the longer article");
		art_claims[1] = count_lines(p_out);
		expect(art_claims[1] >= 3 * art_claims[0], "the longer article gives its claims");
	}

	printf("claimledger bench: N=%ld claims, %d CPU%s\n", n, ncpu, ncpu == 1 ? "" : "s");
	printf("raw limits (this run): sign %.0f/s (1 core); verify %.0f/s (1 core), %.0f/s (%d cores); "
	       "SHA-256 %.0f MB/s\n", sign1, ver1, ver2, ncpu >= 2 ? 2 : 1, sha);
	printf("%-28s %10s %12s %10s %10s\n", "command", "seconds", "records/s", "ratio", "peak RSS");
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (target >= 1.5x 1-core sign)\n",
	       "import --jsonl", imp.secs, n / imp.secs, n / imp.secs / sign1, imp.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (target >= 0.9x 2-core verify; "
	       "%.2fx of %.0f/s taken just before)\n",
	       "verify --full", ver.secs, (n + 1) / ver.secs, (n + 1) / ver.secs / ver2,
	       ver.rss_kb / 1024, (n + 1) / ver.secs / ver2_full, ver2_full);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (re-hash all, no signature)\n",
	       "verify (plain, after --full)", ver_plain.secs, (n + 1) / ver_plain.secs,
	       (n + 1) / ver_plain.secs / ver2, ver_plain.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (re-hash all, 100 signatures)\n",
	       "verify after 100 appends", ver_inc.secs, (n + 101) / ver_inc.secs,
	       (n + 101) / ver_inc.secs / ver2, ver_inc.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (%ld files, %.1f MB written; "
	       "ratio to 1-core verify)\n",
	       "publish (tlog-tiles)", pub1.secs, (n + 1) / pub1.secs, (n + 1) / pub1.secs / ver1,
	       pub1.rss_kb / 1024, pub_files[0], pub_bytes[0] / 1e6);
	printf("%-28s %10.4f %12.0f %10s %7ld MiB  (%ld files, %ld bytes written)\n",
	       "publish after 100 appends", pub2.secs, 100 / pub2.secs, "",
	       pub2.rss_kb / 1024, pub_files[1], pub_bytes[1]);
	printf("%-28s %10.4f %12s %10s  (median of 21, max %.4f; target < 0.010 s)\n",
	       "prove ID", prove[10], "", "", prove[20]);
	printf("%-28s %10.4f %12s %10s  (median of 21, max %.4f; target < 0.010 s)\n",
	       "list --speaker S --limit 50", list[10], "", "", list[20]);
	printf("%-28s %10.2f %12.0f %10s %7ld MiB  (target >= 200000/s)\n",
	       "export --format jsonl", exp.secs, (n + 101) / exp.secs, "", exp.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (target >= 0.9x 2-core verify; "
	       "%.2fx of %.0f/s taken just before)\n",
	       "verify-export", vexp.secs, (n + 101) / vexp.secs, (n + 101) / vexp.secs / ver2,
	       vexp.rss_kb / 1024, (n + 101) / vexp.secs / ver2_vexp, ver2_vexp);
	printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (target >= 0.8x 2-core verify; "
	       "%.2fx of %.0f/s taken just before)\n",
	       "monitor DIR (first run)", mon.secs, (n + 101) / mon.secs,
	       (n + 101) / mon.secs / ver2, mon.rss_kb / 1024, (n + 101) / mon.secs / ver2_mon,
	       ver2_mon);
	if (monh.status == 0)
		printf("%-28s %10.2f %12.0f %9.2fx %7ld MiB  (python3 http.server on "
		       "127.0.0.1; %.2fx verify-export's time)\n",
		       "monitor URL (first run)", monh.secs, (n + 101) / monh.secs,
		       (n + 101) / monh.secs / ver2, monh.rss_kb / 1024,
		       monh.secs / vexp.secs);
	else
		printf("%-28s  not measured: no python3 to serve the directory\n",
		       "monitor URL (first run)");
	printf("%-28s %10.2f %12.0f %9.2fx %7.0f MB   (peak RSS at N=%ld: %.0f MB; "
	       "3N / N: %.2fx)\n",
	       "import --jsonl, 3N claims", imp3.secs, 3 * n / imp3.secs,
	       3 * n / imp3.secs / sign1, imp3.rss_kb * 1024 / 1e6, n,
	       imp.rss_kb * 1024 / 1e6, (double)imp3.rss_kb / (double)imp.rss_kb);
	printf("%-28s %10.2f %12.0f %10s %7ld MiB  (%ld quotes, %ld articles, %.1f MB; "
	       "--no-documents: %ld MiB)\n",
	       "export, with articles", dr.exp.secs, (n + 1) / dr.exp.secs, "",
	       dr.exp.rss_kb / 1024, n, dr.ndocs, dr.exp_bytes / 1e6,
	       dr.exp_nodocs.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %10s %7ld MiB  (every quote against its article)\n",
	       "verify-export, articles", dr.vexp.secs, (n + 1) / dr.vexp.secs, "",
	       dr.vexp.rss_kb / 1024);
	printf("%-28s %10.2f %12.0f %10s %7ld MiB  (%.1f MB, %ld claims: %.1f MB/s)\n",
	       "extract --json", xs.secs, art_claims[0] / xs.secs, "", xs.rss_kb / 1024,
	       art_bytes[0] / 1e6, art_claims[0], art_bytes[0] / 1e6 / xs.secs);
	printf("%-28s %10.2f %12.0f %10s %7ld MiB  (%.1f MB, %ld claims: %.1f MB/s; "
	       "time x%.2f for x%.2f the text)\n",
	       "extract --json, 4x longer", xb.secs, art_claims[1] / xb.secs, "",
	       xb.rss_kb / 1024, art_bytes[1] / 1e6, art_claims[1],
	       art_bytes[1] / 1e6 / xb.secs, xb.secs / xs.secs,
	       (double)art_bytes[1] / (double)art_bytes[0]);
	printf("ledger on disk %.1f MB (data.mdb, %.1f MB allocated); jsonl export %.1f MB; "
	       "ratio %.2fx (target <= 2x)\n", file_bytes(p_data) / 1e6,
	       file_blocks_kb(p_data) * 1024 / 1e6, file_bytes(p_exp) / 1e6,
	       (double)file_bytes(p_data) / (double)file_bytes(p_exp));
	if (failures) {
		printf("bench: %d check%s FAILED\n", failures, failures == 1 ? "" : "s");
		return 1;
	}
	printf("bench: all checks passed\n");
	return 0;
}
