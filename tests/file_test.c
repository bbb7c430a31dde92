/*
 * file_test.c: replacing a file whole or not at all (base/file.h).
 *
 * Each case works in a fresh directory and checks, after a success, the
 * bytes and the mode, and after a failure, the old file byte for byte
 * and that no temporary file is left.  The temporary name is random, so
 * the test makes it known: getentropy and rename are wrapped at link
 * time (-Wl,--wrap, see the Makefile) to hand out fixed bytes on demand
 * and to record the name each rename moves.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "base/file.h"

/* ---- the wrapped calls ---------------------------------------------------- */

int __real_getentropy(void *buf, size_t len);
int __wrap_getentropy(void *buf, size_t len);
int __real_rename(const char *from, const char *to);
int __wrap_rename(const char *from, const char *to);

/* Draws still to answer with zero bytes (the same temporary name each
 * time); -1: every draw. */
static int fixed_draws;
/* What the last rename moved: the temporary file's name. */
static char renamed_from[4096];

int __wrap_getentropy(void *buf, size_t len)
{
	if (fixed_draws == 0)
		return __real_getentropy(buf, len);
	if (fixed_draws > 0)
		fixed_draws--;
	memset(buf, 0, len);
	return 0;
}

int __wrap_rename(const char *from, const char *to)
{
	snprintf(renamed_from, sizeof renamed_from, "%s", from);
	return __real_rename(from, to);
}

/* ---- helpers -------------------------------------------------------------- */

struct fixture {
	char *dir;
	char path[4200];   /* dir/target */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	if (f == NULL || (f->dir = tu_tmpdir()) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/target", f->dir);
	fixed_draws = 0;
	renamed_from[0] = '\0';
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fixed_draws = 0;
	tu_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void write_plain(const char *path, const char *text, mode_t mode)
{
	FILE *out = fopen(path, "wb");

	assert_non_null(out);
	assert_int_equal(fputs(text, out) >= 0, 1);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* The file at `path` holds exactly `text`. */
static void assert_holds(const char *path, const char *text)
{
	size_t len = 0;
	char *got = tu_slurp(path, &len);

	if (got == NULL)
		fail_msg("cannot read '%s'", path);
	assert_int_equal(len, strlen(text));
	assert_memory_equal(got, text, len);
	free(got);
}

static void assert_mode(const char *path, mode_t mode)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
}

/* The names in `dir` but "." and "..", one string "a,b,", sorted. */
static void assert_entries(const char *dir, const char *want)
{
	struct dirent **names;
	char got[1024] = "";
	int n = scandir(dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0) {
			strncat(got, names[i]->d_name, sizeof got - strlen(got) - 2);
			strcat(got, ",");
		}
		free(names[i]);
	}
	free(names);
	assert_string_equal(got, want);
}

/* ---- cases ---------------------------------------------------------------- */

/* A new file, then a replaced one: the bytes and the mode asked for,
 * whatever the umask, and nothing else left in the directory. */
static void test_write_and_replace(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	mode_t old_mask = umask(077);

	assert_cl_ok(cl_file_replace(f->path, "first\n", 6, 0644, 0, &err), &err);
	assert_holds(f->path, "first\n");
	assert_mode(f->path, 0644);
	assert_entries(f->dir, "target,");

	umask(0);
	assert_cl_ok(cl_file_replace(f->path, "second, longer\n", 15, 0600, 0, &err),
		     &err);
	assert_holds(f->path, "second, longer\n");
	assert_mode(f->path, 0600);
	assert_entries(f->dir, "target,");

	/* Empty is a content too; and the batched form writes the same. */
	assert_cl_ok(cl_file_replace(f->path, "", 0, 0644, CL_FILE_NO_DIRSYNC, &err),
		     &err);
	assert_holds(f->path, "");
	assert_mode(f->path, 0644);
	assert_cl_ok(cl_file_sync_dir(f->dir, &err), &err);
	assert_entries(f->dir, "target,");
	umask(old_mask);
}

/* The temporary file was beside the target, named ".target.XXXXXX". */
static void test_temp_name(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char prefix[4300];
	size_t n;

	assert_cl_ok(cl_file_replace(f->path, "x", 1, 0644, 0, &err), &err);
	n = (size_t)snprintf(prefix, sizeof prefix, "%s/.target.", f->dir);
	assert_int_equal(strncmp(renamed_from, prefix, n), 0);
	assert_int_equal(strlen(renamed_from), n + 6);
	for (size_t i = n; i < n + 6; i++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz0123456789",
				       renamed_from[i]));
}

/* A name without a directory is written in the current one. */
static void test_relative(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	assert_cl_ok(cl_file_replace("here", "rel\n", 4, 0600, 0, &err), &err);
	assert_int_equal(chdir(cwd), 0);
	assert_entries(f->dir, "here,");
	/* ".here." and six characters, no directory part */
	assert_int_equal(strlen(renamed_from), 12);
	assert_int_equal(strncmp(renamed_from, ".here.", 6), 0);
}

/* The target is a directory: the rename fails, the directory stays, the
 * temporary file goes. */
static void test_target_is_directory(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	struct stat st;

	assert_int_equal(mkdir(f->path, 0755), 0);
	assert_cl_err(cl_file_replace(f->path, "x", 1, 0644, 0, &err), CL_EIO, &err,
		      "cannot rename a file to '");
	assert_non_null(strstr(err.msg, f->path));
	assert_int_equal(stat(f->path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_entries(f->dir, "target,");
}

/* No directory to put it in: nothing is made. */
static void test_no_directory(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char path[4300];

	snprintf(path, sizeof path, "%s/missing/target", f->dir);
	assert_cl_err(cl_file_replace(path, "x", 1, 0644, 0, &err), CL_EIO, &err,
		      "cannot create a file beside '");
	assert_entries(f->dir, "");
	assert_cl_err(cl_file_sync_dir(path, &err), CL_EIO, &err, "cannot sync '");
}

/* The write into a directory of mode 0500, as the calling user: 0 when
 * it failed as it should, with the old file untouched. */
static int write_refused(struct fixture *f)
{
	cl_error err = { 0 };
	int rc;

	if (chmod(f->dir, 0500) != 0)
		return 10;
	rc = cl_file_replace(f->path, "new\n", 4, 0644, 0, &err);
	if (chmod(f->dir, 0700) != 0)
		return 11;
	if (rc != CL_EIO || strstr(err.msg, "cannot create a file beside '") == NULL)
		return 12;
	return 0;
}

/* A directory the writer may not write to: the old file is untouched.
 * Root writes anywhere, so as root the write is tried by a child that
 * has become an ordinary user (nobody, 65534) and owns the directory. */
static void test_unwritable_directory(void **state)
{
	struct fixture *f = *state;
	int status = 0;
	pid_t pid;

	write_plain(f->path, "old\n", 0644);
	if (geteuid() != 0) {
		assert_int_equal(write_refused(f), 0);
	} else {
		assert_int_equal(chown(f->dir, 65534, 65534), 0);
		assert_int_equal(chown(f->path, 65534, 65534), 0);
		if ((pid = fork()) == 0)
			_exit(setgid(65534) != 0 || setuid(65534) != 0 ? 20 : write_refused(f));
		assert_true(pid > 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
		assert_int_equal(chown(f->dir, 0, 0), 0);
	}
	assert_holds(f->path, "old\n");
	assert_entries(f->dir, "target,");
}

/* A symbolic link planted at the would-be temporary name is neither
 * followed nor removed: another name is drawn, and when every name is
 * taken the write fails with the old file as it was. */
static void test_planted_symlink(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char temp[4096], victim[4300], planted[4300], link[4096];
	ssize_t n;

	/* Learn the name zero bytes give. */
	fixed_draws = -1;
	assert_cl_ok(cl_file_replace(f->path, "one\n", 4, 0644, 0, &err), &err);
	snprintf(temp, sizeof temp, "%s", renamed_from);

	/* It now points to a file someone else owns. */
	snprintf(victim, sizeof victim, "%s/victim", f->dir);
	write_plain(victim, "secret\n", 0600);
	assert_int_equal(symlink(victim, temp), 0);
	fixed_draws = 1;
	assert_cl_ok(cl_file_replace(f->path, "two\n", 4, 0644, 0, &err), &err);
	assert_string_not_equal(renamed_from, temp);
	assert_holds(f->path, "two\n");
	assert_holds(victim, "secret\n");
	assert_mode(victim, 0600);

	/* A dangling link, and no other name to draw: refused, and the link's
	 * target is not created. */
	assert_int_equal(unlink(temp), 0);
	snprintf(planted, sizeof planted, "%s/planted", f->dir);
	assert_int_equal(symlink(planted, temp), 0);
	fixed_draws = -1;
	assert_cl_err(cl_file_replace(f->path, "three\n", 6, 0644, 0, &err), CL_EIO,
		      &err, "cannot create a file beside '");
	assert_holds(f->path, "two\n");
	assert_int_equal(access(planted, F_OK), -1);
	n = readlink(temp, link, sizeof link - 1);
	assert_true(n > 0);
	link[n] = '\0';
	assert_string_equal(link, planted);
}

/* A target that is a symbolic link: the link is replaced, its target is
 * not written. */
static void test_target_symlink(void **state)
{
	struct fixture *f = *state;
	cl_error err = { 0 };
	char victim[4300];

	snprintf(victim, sizeof victim, "%s/victim", f->dir);
	write_plain(victim, "secret\n", 0600);
	assert_int_equal(symlink(victim, f->path), 0);
	assert_cl_ok(cl_file_replace(f->path, "mine\n", 5, 0644, 0, &err), &err);
	assert_holds(victim, "secret\n");
	assert_holds(f->path, "mine\n");
	assert_mode(f->path, 0644);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_temp_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_is_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_planted_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_symlink, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
