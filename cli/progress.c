/*
 * progress.c: the progress bar of long commands (progress.h).
 */
#include "cli/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void cli_progress_start(struct cli_progress *p, const char *what, uint64_t total,
			int bytes)
{
	uint64_t min = bytes ? (uint64_t)CLI_PROGRESS_MIN * 256 : CLI_PROGRESS_MIN;

	p->what = what;
	p->total = total;
	p->bytes = bytes;
	p->drawn = 0;
	p->last_ns = 0;
	p->on = isatty(STDERR_FILENO) && (total == 0 || total > min);
}

void cli_progress_update(struct cli_progress *p, uint64_t done)
{
	char bar[BAR_WIDTH + 1];
	uint64_t t;
	unsigned fill = 0, pct = 0;

	if (!p->on)
		return;
	t = now_ns();
	if (p->drawn && t - p->last_ns < 100000000u)
		return;
	p->last_ns = t;
	if (p->total > 0) {
		if (done > p->total)
			done = p->total;
		fill = (unsigned)(done * BAR_WIDTH / p->total);
		pct = (unsigned)(done * 100 / p->total);
	}
	for (unsigned i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	if (p->total > 0 && p->bytes)
		fprintf(stderr, "\r%-7s [%s] %3u%%  %.1f/%.1f MB", p->what, bar, pct,
			(double)done / 1e6, (double)p->total / 1e6);
	else if (p->total > 0)
		fprintf(stderr, "\r%-7s [%s] %3u%%  %llu/%llu", p->what, bar, pct,
			(unsigned long long)done, (unsigned long long)p->total);
	else
		fprintf(stderr, "\r%-7s %llu", p->what, (unsigned long long)done);
	fflush(stderr);
	p->drawn = 1;
}

void cli_progress_end(struct cli_progress *p)
{
	if (p->on && p->drawn) {
		fprintf(stderr, "\r%*s\r", BAR_WIDTH + 40, "");
		fflush(stderr);
	}
	p->drawn = 0;
	p->on = 0;
}

void cli_progress_fn(void *ctx, uint64_t done, uint64_t total)
{
	struct cli_progress *p = ctx;

	if (total > 0 && p->total == 0 && !p->bytes) {
		p->total = total;
		if (total <= CLI_PROGRESS_MIN)
			p->on = 0;
	}
	if (!p->bytes)
		cli_progress_update(p, done);
}

unsigned cli_threads(void)
{
	const char *s = getenv("CLAIMLEDGER_THREADS");
	char *end;
	unsigned long n;

	if (s == NULL || *s == '\0')
		return 0;
	n = strtoul(s, &end, 10);
	return *end == '\0' && n >= 1 && n <= 64 ? (unsigned)n : 0;
}
