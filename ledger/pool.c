/*
 * pool.c: numbered jobs on a few threads (pool.h is the manual).
 */
#include "ledger/pool.h"

#include <string.h>
#include <unistd.h>

unsigned cl_pool_threads(unsigned n)
{
	long c;

	if (n > 0)
		return n > 64 ? 64 : n;
	c = sysconf(_SC_NPROCESSORS_ONLN);
	return c < 1 ? 1 : c > 64 ? 64 : (unsigned)c;
}

static void pool_run(cl_pool *p, uint64_t job)
{
	p->fn(p->ctx, job);
	pthread_mutex_lock(&p->mu);
	p->done[job % CL_POOL_RING] = 1;
	pthread_cond_broadcast(&p->done_cv);
	pthread_mutex_unlock(&p->mu);
}

static void *pool_worker(void *arg)
{
	cl_pool *p = arg;
	uint64_t job;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->next >= p->published && !p->quit)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->next >= p->published)
			break;
		job = p->next++;
		pthread_mutex_unlock(&p->mu);
		pool_run(p, job);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

void cl_pool_start(cl_pool *p, unsigned threads,
		   void (*fn)(void *ctx, uint64_t job), void *ctx)
{
	memset(p, 0, sizeof *p);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	p->fn = fn;
	p->ctx = ctx;
	for (unsigned i = 1; i < threads && p->nth < 64; i++)
		if (pthread_create(&p->th[p->nth], NULL, pool_worker, p) == 0)
			p->nth++;
}

void cl_pool_publish(cl_pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	if (upto > p->published) {
		p->published = upto;
		pthread_cond_broadcast(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

void cl_pool_wait(cl_pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	while (p->low < upto) {
		if (p->done[p->low % CL_POOL_RING]) {
			p->done[p->low % CL_POOL_RING] = 0;
			p->low++;
		} else if (p->next < p->published) {
			uint64_t job = p->next++;
			pthread_mutex_unlock(&p->mu);
			pool_run(p, job);
			pthread_mutex_lock(&p->mu);
		} else {
			pthread_cond_wait(&p->done_cv, &p->mu);
		}
	}
	pthread_mutex_unlock(&p->mu);
}

void cl_pool_stop(cl_pool *p)
{
	cl_pool_wait(p, p->published);
	pthread_mutex_lock(&p->mu);
	p->quit = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done_cv);
}
