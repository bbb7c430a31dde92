/*
 * store_pool.c: the worker pool of the store (store_internal.h says how
 * it is used): cl_txn_append_stream signs on it (store_append.c) and
 * verify checks bodies and signatures on it (store_verify.c), each on
 * store_threads() threads, the caller among them.
 */
#include "ledger/store_internal.h"

#include <pthread.h>
#include <string.h>

static void pool_run(struct pool *p, uint64_t job)
{
	p->fn(p->ctx, job);
	pthread_mutex_lock(&p->mu);
	p->done[job % POOL_RING] = 1;
	pthread_cond_broadcast(&p->done_cv);
	pthread_mutex_unlock(&p->mu);
}

static void *pool_worker(void *arg)
{
	struct pool *p = arg;
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

/* Start with `threads` threads in all (the caller counts as one). */
void store_pool_start(struct pool *p, unsigned threads,
		      void (*fn)(void *, uint64_t), void *ctx)
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

/* Jobs below `upto` may run (upto - low must stay within POOL_RING). */
void store_pool_publish(struct pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	if (upto > p->published) {
		p->published = upto;
		pthread_cond_broadcast(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Return once every job below `upto` (<= published) is done. */
void store_pool_wait(struct pool *p, uint64_t upto)
{
	pthread_mutex_lock(&p->mu);
	while (p->low < upto) {
		if (p->done[p->low % POOL_RING]) {
			p->done[p->low % POOL_RING] = 0;
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

/* Finish what was published and join the workers. */
void store_pool_stop(struct pool *p)
{
	store_pool_wait(p, p->published);
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
