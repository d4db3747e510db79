/*
 * tap.h - the smallest TAP producer for C unit tests.
 *
 *   ok(cond, "name")          one test
 *   is_str(got, want, "name") string equality, printing both on failure
 *   return tap_done();        prints the plan; exit status 1 if any failed
 */
#ifndef MIGC_TAP_H
#define MIGC_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	if (cond) {
		printf("ok %d - %s\n", tap_n, name);
	} else {
		tap_failed++;
		printf("not ok %d - %s\n#   at %s:%d\n", tap_n, name, file, line);
	}
	return cond;
}

static inline int tap_is_str(const char *got, const char *want, const char *name,
			     const char *file, int line)
{
	int same = got && want ? strcmp(got, want) == 0 : got == want;
	tap_ok(same, name, file, line);
	if (!same)
		printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)",
		       want ? want : "(null)");
	return same;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#define ok(cond, name) tap_ok(!!(cond), (name), __FILE__, __LINE__)
#define is_str(got, want, name) tap_is_str((got), (want), (name), __FILE__, __LINE__)

#endif
