/*
 * file.c: replacing a file whole or not at all (see file.h).
 */
#include "base/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_RANDOM 6     /* the XXXXXX of ".<name>.XXXXXX" */
#define TEMP_TRIES 100    /* names drawn before giving up on EEXIST */

static const char temp_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/*
 * Create a new temporary file for `path`: its name, "<dir>/.<name>.",
 * is in tmp[0..prefix-1] with room for TEMP_RANDOM more characters and
 * the NUL.  O_EXCL | O_NOFOLLOW: whatever stands at a drawn name (a
 * symbolic link planted there) is left alone and another name drawn.
 * Returns the descriptor, or -1 with errno set.
 */
static int temp_create(char *tmp, size_t prefix, mode_t mode)
{
	unsigned char r[TEMP_RANDOM];

	for (int i = 0; i < TEMP_TRIES; i++) {
		int fd;

		if (getentropy(r, sizeof r) != 0)
			return -1;
		for (size_t j = 0; j < TEMP_RANDOM; j++)
			tmp[prefix + j] = temp_chars[r[j] % (sizeof temp_chars - 1)];
		tmp[prefix + TEMP_RANDOM] = '\0';
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int cl_file_sync_dir(const char *dir, cl_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = CL_OK;

	if (fd < 0 || fsync(fd) != 0)
		rc = cl_error_set(err, CL_EIO, "cannot sync '%s': %s", dir,
				  strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int cl_file_replace(const char *path, const void *data, size_t len,
		    mode_t mode, unsigned flags, cl_error *err)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t dlen = (size_t)(base - path);   /* "<dir>/", or 0 */
	size_t prefix = dlen + 1 + strlen(base) + 1;
	char *tmp = malloc(prefix + TEMP_RANDOM + 1);
	int fd = -1, made = 0, rc = CL_OK;

	if (tmp == NULL)
		return cl_error_set(err, CL_ENOMEM, "out of memory");
	snprintf(tmp, prefix + 1, "%.*s.%s.", (int)dlen, path, base);
	if ((fd = temp_create(tmp, prefix, mode)) < 0) {
		rc = cl_error_set(err, CL_EIO, "cannot create a file beside '%s': %s",
				  path, strerror(errno));
		goto out;
	}
	made = 1;
	/* open's mode went through the umask; the caller's is the mode. */
	if (fchmod(fd, mode) != 0)
		goto write_failed;
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;
		if (n <= 0)
			goto write_failed;
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto write_failed;
	/* close can report a write the file system deferred (NFS). */
	if (close(fd) != 0) {
		fd = -1;
		goto write_failed;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = cl_error_set(err, CL_EIO, "cannot rename a file to '%s': %s",
				  path, strerror(errno));
		goto out;
	}
	made = 0;
	if (!(flags & CL_FILE_NO_DIRSYNC)) {
		/* The directory is tmp's own "<dir>/" (no allocation can fail
		 * after the rename): "/name" lives in "/", "name" in ".". */
		if (dlen == 0)
			rc = cl_file_sync_dir(".", err);
		else {
			tmp[dlen > 1 ? dlen - 1 : 1] = '\0';
			rc = cl_file_sync_dir(tmp, err);
		}
	}
	goto out;
write_failed:
	rc = cl_error_set(err, CL_EIO, "cannot write '%s': %s", path,
			  strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (made)
		unlink(tmp);
	free(tmp);
	return rc;
}
