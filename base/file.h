/*
 * file.h: replacing a file whole or not at all, the one way claimledger
 * writes a file in place (published tiles and checkpoints, the witness's
 * state and --out, the monitor's state).
 *
 * cl_file_replace writes the new bytes to a temporary file beside the
 * target, "<dir>/.<name>.XXXXXX" (six random letters or digits), so the
 * rename stays inside one file system; fsyncs it; renames it over the
 * target; then fsyncs the directory, since a rename is durable only once
 * the directory holding the new entry is.  A reader therefore sees the
 * old bytes or the new ones, never a mix, even after a crash.
 *
 * The temporary name is not guessable (getentropy) and is created with
 * O_CREAT | O_EXCL | O_NOFOLLOW: a symbolic link or any other file an
 * attacker put at a would-be name is never opened, never written and
 * never removed; another name is drawn instead.
 *
 * Uses only libc (POSIX), like all of base/.
 */
#ifndef CL_FILE_H
#define CL_FILE_H

#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"

/* Flags for cl_file_replace. */
enum {
	/*
	 * Do not fsync the directory after the rename: the caller syncs it
	 * later with cl_file_sync_dir, once for many files (publish writes
	 * hundreds of tiles, then syncs each directory once before it
	 * writes the checkpoint that needs them).  Until then the new file
	 * may be lost in a crash (the old one comes back).
	 */
	CL_FILE_NO_DIRSYNC = 1 << 0,
};

/*
 * Replace `path` with the `len` bytes at `data` (only read; the caller
 * keeps it), mode `mode` whatever the umask.  `path` need not exist; its
 * directory must.  When `path` is a symbolic link, the link itself is
 * replaced, never its target.
 *
 * When it returns CL_OK, `path` holds exactly those bytes, and they and
 * the directory entry are on disk (with CL_FILE_NO_DIRSYNC: the bytes
 * are, the entry once the caller's cl_file_sync_dir returns CL_OK).
 *
 * Errors:
 *   CL_ENOMEM  "out of memory";
 *   CL_EIO     "cannot create a file beside 'PATH': why" (the directory
 *              is missing or not writable, the name too long, ...),
 *              "cannot write 'PATH': why" (mode, write, fsync or close:
 *              a full disk),
 *              "cannot rename a file to 'PATH': why" (PATH is a
 *              directory, ...).
 *   In all of these the temporary file is removed and `path` is exactly
 *   as it was (or still absent).
 *   CL_EIO     "cannot sync 'DIR': why" (not with CL_FILE_NO_DIRSYNC):
 *              the one failure after the rename: `path` already holds
 *              the new bytes, but the entry may not survive a crash.
 */
int cl_file_replace(const char *path, const void *data, size_t len,
		    mode_t mode, unsigned flags, cl_error *err);

/*
 * fsync the directory `dir` (".": the current one), so that the entries
 * renamed or made in it so far survive a crash.  CL_EIO "cannot sync
 * 'DIR': why" when it cannot be opened (it must be readable) or synced.
 */
int cl_file_sync_dir(const char *dir, cl_error *err);

#endif
