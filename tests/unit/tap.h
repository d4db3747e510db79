/*
 * tap.h - the smallest TAP producer for C unit tests.
 *
 *   plan(N);                  first: prints "1..N", the number of checks
 *                             the program will run (as the golden runner)
 *   ok(cond, "name")          one test
 *   is_str(got, want, "name") string equality, printing both on failure
 *   return tap_done();        exit status 1 if any failed, if no plan was
 *                             declared, or if the number run is not N
 *
 * A check skipped by an early return or a loop that ran short is thus a
 * failure, not a smaller plan.  Loops must run a fixed number of checks:
 * test the count once, then index with a guard (i < n && ...).
 */
#ifndef MIGC_TAP_H
#define MIGC_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed, tap_planned = -1;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

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
	if (tap_planned < 0) {
		printf("# no plan declared: call plan(N) first\n");
		return 1;
	}
	if (tap_n != tap_planned) {
		printf("# planned %d checks, ran %d\n", tap_planned, tap_n);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

#define plan(n) tap_plan(n)
#define ok(cond, name) tap_ok(!!(cond), (name), __FILE__, __LINE__)
#define is_str(got, want, name) tap_is_str((got), (want), (name), __FILE__, __LINE__)

#endif
