/*
 * keyfile_fuzz.c: libFuzzer target for the key file readers: secret key
 * files (plain and encrypted, through a real file as the CLI reads them)
 * and verifier key lines.  Every input is refused cleanly or gives a key
 * whose verifier key line parses back to the same key.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	char vkey[CL_VKEY_MAX], name[CL_KEYNAME_MAX + 1];
	unsigned char pk[CL_PUBKEY_BYTES];
	cl_seckey *k = NULL;
	cl_error err;
	int fd;

	cl_crypto_init();
	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/keyfile-fuzz.%d", (int)getpid());
	(void)cl_vkey_parse((const char *)data, size, name, pk, &err);

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	close(fd);
	/* Odd-sized inputs get a passphrase, so the encrypted path runs too
	 * (its Argon2 limits are capped by the reader). */
	if (cl_seckey_load(path, size % 2 ? "pass" : NULL, 4, &k, &err) == CL_OK) {
		cl_vkey_format(vkey, cl_seckey_name(k), cl_seckey_pubkey(k));
		if (cl_vkey_parse(vkey, strlen(vkey), name, pk, &err) != CL_OK ||
		    memcmp(pk, cl_seckey_pubkey(k), CL_PUBKEY_BYTES) != 0)
			abort();
		cl_seckey_free(k);
	}
	unlink(path);
	return 0;
}
