/*
 * test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors and
 * against sha256sum at the padding boundaries (55, 56, 63, 64, 65 bytes),
 * one-shot and fed in uneven pieces.
 */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void hex_of(const unsigned char d[SHA256_DIGEST_LEN], char out[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < SHA256_DIGEST_LEN; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[64] = '\0';
}

/* The same data fed in pieces of 1, 2, 3, ... bytes must give the same
 * digest as one update. */
static void check_pieces(const char *data, size_t len, const char *want,
			 const char *name)
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_LEN];
	char hex[65];
	size_t off = 0, step = 1;

	sha256_init(&ctx);
	while (off < len) {
		size_t n = len - off < step ? len - off : step;
		sha256_update(&ctx, data + off, n);
		off += n;
		step = step % 70 + 1;
	}
	sha256_final(&ctx, d);
	hex_of(d, hex);
	is_str(hex, want, name);
}

static void check(const char *data, size_t len, const char *want,
		  const char *name)
{
	char hex[65];
	sha256_hex(data, len, hex);
	is_str(hex, want, name);
	check_pieces(data, len, want, name);
}

static void check_x(size_t n, const char *want, const char *name)
{
	char buf[256];
	memset(buf, 'x', n);
	check(buf, n, want, name);
}

int main(void)
{
	plan(25);
	static const char abc448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	check("", 0,
	      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	      "empty string");
	check("abc", 3,
	      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	      "abc");
	check(abc448, strlen(abc448),
	      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	      "448-bit message");

	/* Lengths around the padding boundary; expected digests computed
	 * with sha256sum over that many 'x' bytes. */
	check_x(55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072",
		"55 bytes: padding fits in one block");
	check_x(56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e",
		"56 bytes: length spills into a second block");
	check_x(63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2",
		"63 bytes");
	check_x(64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c",
		"64 bytes: exactly one block");
	check_x(65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9",
		"65 bytes");
	check_x(119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c",
		"119 bytes");
	check_x(120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98",
		"120 bytes");
	check_x(128, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464",
		"128 bytes");

	{
		size_t n = 1000000;
		char *m = malloc(n);
		if (!m)
			return 1;
		memset(m, 'a', n);
		check(m, n,
		      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		      "one million 'a'");
		free(m);
	}

	{
		/* A context is reusable after sha256_init. */
		struct sha256_ctx ctx;
		unsigned char d[SHA256_DIGEST_LEN];
		char hex[65];
		sha256_init(&ctx);
		sha256_update(&ctx, "junk", 4);
		sha256_final(&ctx, d);
		sha256_init(&ctx);
		sha256_update(&ctx, "abc", 3);
		sha256_final(&ctx, d);
		hex_of(d, hex);
		is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		       "context reused after init");
	}
	return tap_done();
}
