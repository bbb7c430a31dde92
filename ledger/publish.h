/*
 * publish.h: the ledger written to a directory as a C2SP tlog-tiles log
 * (SPEC.md, "Publishing as tlog-tiles"; the names and bytes of each file
 * are ledger/tiles.h's), for any static web server, object store or CDN
 * to serve, and `claimledger monitor` (ledger/monitor.h) to follow.
 */
#ifndef CL_PUBLISH_H
#define CL_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "ledger/note.h"
#include "ledger/store.h"

/* A witness's cosigned copy of the checkpoint being published: its bytes
 * (`len`, borrowed) and a name for messages (a file name). */
typedef struct cl_cosigned {
	const char *note;
	size_t len;
	const char *name;
} cl_cosigned;

/* What a run did: DIR's size before and after, and the files and bytes
 * written (files found already there with the same bytes not counted). */
typedef struct cl_publish_result {
	uint64_t old_size, size;
	uint64_t files, bytes;
} cl_publish_result;

/*
 * Publish the records the signed checkpoint `note` (`note_len` bytes,
 * parsed into `cp`) covers to `dir`: everything is checked before any
 * write (the note is the owner's and the ledger's root at its size; DIR's
 * checkpoint, if any, is this ledger's and the ledger extends it; DIR's
 * claimledger/log is this log's; every new body fits an entry bundle; each
 * cosigned copy is the same checkpoint text), then the articles the new
 * records cite, the bundles, the new hash tiles and the log file are
 * written, the checkpoint is stored in the ledger when `store` (a newly
 * signed one), and DIR/checkpoint, with the witnesses' lines of the
 * cosigned copies and of DIR's own copy of the same checkpoint, is written
 * last.  Every file by temporary name, fsync and rename; directories
 * 0755, files 0644 (public data).
 * Errors: CL_EINTEGRITY (DIR holds another history or another log, or a
 * full tile there differs: nothing after the failing file is written, and
 * no checkpoint), CL_EINPUT (a body over 65,535 bytes, naming its seq; a
 * cosigned copy of another checkpoint; DIR newer than `cp`; a path that is
 * not a directory or regular file), CL_EIO, CL_ESTORE, CL_ENOMEM.
 * `res` may be NULL.
 */
int cl_publish(cl_ledger *l, const char *dir, const char *note, size_t note_len,
	       const cl_checkpoint *cp, int store, const cl_cosigned *cosigned,
	       size_t ncosigned, cl_publish_result *res, cl_error *err);

#endif
