/*
 * parse.h - the parse facade: one .mig file in, its raw AST out.
 *
 * The only module that sees flex's and bison's generated headers.  Syntax
 * errors are reported through `diag` (all of them: the grammar recovers at
 * statement boundaries); the returned AST holds whatever parsed cleanly.
 */
#ifndef MIGC_PARSE_H
#define MIGC_PARSE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct src_file;
struct ast_file;

enum parse_mode {
	PARSE_SCHEMA,		/* schema.mig: statements only */
	PARSE_REVISION,		/* a revision file: header + blocks */
};

/* Never returns NULL.  Reentrant: no global state. */
struct ast_file *parse_file(struct arena *a, struct diag *d,
			    const struct src_file *src, enum parse_mode mode);

/* True when the name (n bytes) may be written without quotes in a .mig
 * file: migc's grammar reads the bare word as that name (it is not one of
 * its keywords) and so does PostgreSQL, which reads the expressions
 * (common/sqltext.h's quote_identifier rule). */
bool parse_name_is_bare(const char *name, size_t n);

#endif
