/*
 * pgsql.h - PostgreSQL's own grammar (version 15), as a syntax check.
 *
 * The one door to libpg_query: only pgsql.c includes its header, and no
 * type of the library crosses this interface.  A text is either accepted
 * by PostgreSQL's raw parser or refused with the parser's message and the
 * byte offset in the text where the parser stopped.  Compiler-side only:
 * the migrator never links this.
 */
#ifndef MIGC_PGSQL_H
#define MIGC_PGSQL_H

#include <stdbool.h>
#include <stddef.h>

struct pgsql_error {
	char message[256];	/* PostgreSQL's message, e.g. syntax error at or near "x" */
	size_t offset;		/* byte offset into the text (<= its length) */
};

/* True when PostgreSQL's grammar accepts the n bytes at sql (any number of
 * statements).  Otherwise fills *err and returns false. */
bool pgsql_check(const char *sql, size_t n, struct pgsql_error *err);

/* What PostgreSQL's grammar says one plain SQL statement is, for the
 * migrator's plan (compiler/lint/lock_table.c). */
struct pgsql_node {
	char tag[48];		/* the parse node, e.g. "IndexStmt", "UpdateStmt" */
	bool concurrent;	/* IndexStmt: CONCURRENTLY */
	char schema[128];	/* the statement's first relation, "" when none */
	char relname[128];
};

/* True when the n bytes at sql are exactly one statement PostgreSQL's
 * grammar accepts; *out then says which. */
bool pgsql_node(const char *sql, size_t n, struct pgsql_node *out);

#endif
