/*
 * tiles_test.c: the published tlog-tiles layout (ledger/tiles.h).
 *
 * Known answers for the path encoding from c2sp.org/tlog-tiles (1234067 ->
 * x001/x234/067) and SPEC.md ("Publishing as tlog-tiles").
 */
#include "tests/testutil.h"

#include "ledger/tiles.h"

/* ---- paths ------------------------------------------------------------ */

static void path_is(int level, uint64_t index, unsigned width,
		    const char *want)
{
	char buf[CL_TILE_PATH_MAX];
	int n = cl_tile_path(buf, sizeof buf, level, index, width);

	assert_int_equal(n, (int)strlen(want));
	assert_string_equal(buf, want);
}

static void test_path_known(void **state)
{
	(void)state;
	path_is(0, 1234067, 256, "tile/0/x001/x234/067");
	path_is(0, 0, 256, "tile/0/000");
	path_is(0, 5, 256, "tile/0/005");
	path_is(0, 999, 256, "tile/0/999");
	path_is(0, 1000, 256, "tile/0/x001/000");
	path_is(1, 1000000, 256, "tile/1/x001/x000/000");
	path_is(2, 42, 256, "tile/2/042");
	path_is(63, 7, 256, "tile/63/007");
	/* partial tiles: ".p/<W>", W undecorated */
	path_is(0, 273, 112, "tile/0/273.p/112");
	path_is(1, 1, 17, "tile/1/001.p/17");
	path_is(2, 0, 1, "tile/2/000.p/1");
	path_is(0, 1234067, 255, "tile/0/x001/x234/067.p/255");
	path_is(0, 0, 44, "tile/0/000.p/44");
	/* entry and signature bundles */
	path_is(CL_TILE_ENTRIES, 1234067, 256, "tile/entries/x001/x234/067");
	path_is(CL_TILE_ENTRIES, 0, 5, "tile/entries/000.p/5");
	path_is(CL_TILE_SIGS, 1000, 256, "claimledger/sig/x001/000");
	path_is(CL_TILE_SIGS, 3, 99, "claimledger/sig/003.p/99");
	/* the longest: every group of UINT64_MAX, a partial signature bundle */
	path_is(CL_TILE_SIGS, UINT64_MAX, 255,
		"claimledger/sig/x018/x446/x744/x073/x709/x551/615.p/255");
}

static void test_path_refused(void **state)
{
	char buf[CL_TILE_PATH_MAX];
	char small[8];

	(void)state;
	/* width 0 and over 256 */
	assert_int_equal(cl_tile_path(buf, sizeof buf, 0, 1, 0), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, sizeof buf, 0, 1, 257), -1);
	/* levels outside -2..63 */
	assert_int_equal(cl_tile_path(buf, sizeof buf, 64, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, sizeof buf, -3, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, sizeof buf, -1000, 1, 256), -1);
	/* no buffer, no room */
	assert_int_equal(cl_tile_path(NULL, 10, 0, 1, 256), -1);
	assert_int_equal(cl_tile_path(buf, 0, 0, 1, 256), -1);
	/* "tile/0/005" is 10 bytes: cap 10 has no room for the NUL, 11 does */
	assert_int_equal(cl_tile_path(buf, 10, 0, 5, 256), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, 11, 0, 5, 256), 10);
	/* cut in the index and in the suffix */
	assert_int_equal(cl_tile_path(small, sizeof small, 0, 1234067, 256), -1);
	assert_string_equal(small, "");
	/* "tile/0/005.p/17" is 15 bytes */
	assert_int_equal(cl_tile_path(buf, 15, 0, 5, 17), -1);
	assert_string_equal(buf, "");
	assert_int_equal(cl_tile_path(buf, 16, 0, 5, 17), 15);
	assert_string_equal(buf, "tile/0/005.p/17");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_known),
		cmocka_unit_test(test_path_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
