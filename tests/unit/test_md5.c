/*
 * test_md5.c - MD5 (naming conventions' hash suffix) against RFC 1321's
 * test suite and md5sum at the padding boundaries (55, 56, 63, 64, 65
 * bytes), and the SQLAlchemy-style shortening built on it.
 */
#include <string.h>

#include "arena.h"
#include "md5.h"
#include "naming.h"
#include "tap.h"

static void check(const char *data, size_t len, const char *want, const char *name)
{
	char hex[33];
	md5_hex(data, len, hex);
	is_str(hex, want, name);
}

int main(void)
{
	plan(13);
	check("", 0, "d41d8cd98f00b204e9800998ecf8427e", "rfc 1321: empty");
	check("a", 1, "0cc175b9c0f1b6a831c399e269772661", "rfc 1321: a");
	check("abc", 3, "900150983cd24fb0d6963f7d28e17f72", "rfc 1321: abc");
	check("message digest", 14, "f96b697d7cb7938d525a2f31aaf161d0",
	      "rfc 1321: message digest");
	const char *digits = "1234567890123456789012345678901234567890"
			     "1234567890123456789012345678901234567890";
	check(digits, 80, "57edf4a22be3c955ac49da2e2107b67a", "rfc 1321: 80 digits");
	char a[65];
	memset(a, 'a', sizeof a);
	check(a, 55, "ef1772b6dff9a122358552954ad0df65", "55 bytes");
	check(a, 56, "3b0c8ac703f828b04c6c197006d17218", "56 bytes");
	check(a, 63, "b06521f39153d618550606be297466d5", "63 bytes");
	check(a, 64, "014842d480b571495a4a0363793f7367", "64 bytes");
	check(a, 65, "c743a45e0d2e6a95cb859adae0248435", "65 bytes");

	struct arena ar;
	arena_init(&ar);
	static const char *const cols[] = { "a_rather_long_column_name_as_well" };
	struct naming_tokens t = {
		.table = "a_very_long_table_name_that_goes_on_and_on_for_quite_a_while",
		.label_prefix = "x", .cols = cols, .n_cols = 1 };
	const char *err = NULL;
	/* SQLAlchemy 1.4 gives this name for the same table and column */
	is_str(naming_expand(&ar, "uq_%(table_name)s_%(column_0_name)s", &t, &err),
	       "uq_a_very_long_table_name_that_goes_on_and_on_for_quite_22fe",
	       "a name past 63 characters: 55 characters, _, 4 hex digits");
	is_str(naming_expand(&ar, "%(table_name)sxyz", &t, &err),
	       "a_very_long_table_name_that_goes_on_and_on_for_quite_a_whilexyz",
	       "63 characters exactly stay");
	ok(naming_expand(&ar, "%(nope)s", &t, &err) == NULL && strstr(err, "nope"),
	   "an unknown token is an error naming it");
	arena_free(&ar);
	return tap_done();
}
