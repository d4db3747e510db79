/*
 * test_dml.h - the tables a revision's statements write rows to
 * (test_dml.c), which `migc test --data` leaves out of its comparison.
 */
#ifndef MIGC_TEST_DML_H
#define MIGC_TEST_DML_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct migrt_revision;

struct test_dml {
	const char **tables;	/* last name parts, as PostgreSQL names them */
	size_t n;
	bool anywhere;		/* a DO block or CALL: any table */
};

void test_dml_scan(struct arena *a, const struct migrt_revision *r, struct test_dml *out);

#endif
