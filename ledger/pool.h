/*
 * pool.h: a small thread pool for independent numbered jobs 0, 1, 2, ...
 * (the store signs appends and checks verify --full on it, verify-export
 * checks lines on it).
 *
 * The caller publishes how far jobs may run and waits for a prefix of
 * them, taking jobs itself while it waits, so a pool of one thread has no
 * worker at all and still runs every job.  Each job writes only its own
 * slot of the caller's data, so the result never depends on which thread
 * ran what; the pool's mutex orders a job's writes before the wait that
 * returns for it.
 */
#ifndef CL_POOL_H
#define CL_POOL_H

#include <pthread.h>
#include <stdint.h>

/* ---- types ----------------------------------------------------------- */

#define CL_POOL_RING 16384 /* jobs published and not yet waited for, at most */

typedef struct cl_pool {
	pthread_mutex_t mu;
	pthread_cond_t work, done_cv;
	void (*fn)(void *ctx, uint64_t job);
	void *ctx;
	uint64_t published, next, low; /* jobs < low are done and waited for */
	unsigned char done[CL_POOL_RING];
	int quit;
	pthread_t th[64];
	unsigned nth;
} cl_pool;

/* ---- functions ------------------------------------------------------- */

/* Every online CPU (1..64) when `n` is 0, else `n` capped at 64. */
unsigned cl_pool_threads(unsigned n);

/*
 * Start `threads` threads in all, the caller counting as one (so threads
 * - 1 workers; fewer when pthread_create fails, which only costs speed).
 * fn(ctx, job) runs each job once, on any of them.  Stop with
 * cl_pool_stop.  Cannot fail.
 */
void cl_pool_start(cl_pool *p, unsigned threads,
		   void (*fn)(void *ctx, uint64_t job), void *ctx);

/* Jobs below `upto` may run (upto - the lowest not waited for must stay
 * within CL_POOL_RING). */
void cl_pool_publish(cl_pool *p, uint64_t upto);

/* Return once every job below `upto` (<= published) is done, running
 * published jobs on this thread meanwhile. */
void cl_pool_wait(cl_pool *p, uint64_t upto);

/* Finish every published job, join the workers, free what start made. */
void cl_pool_stop(cl_pool *p);

#endif
