/*
 * parse.h - the parse facade: one .mig file in, its raw AST out.
 *
 * The only module that sees flex's and bison's generated headers.  Syntax
 * errors are reported through `diag` (all of them: the grammar recovers at
 * statement boundaries); the returned AST holds whatever parsed cleanly.
 */
#ifndef MIGC_PARSE_H
#define MIGC_PARSE_H

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

#endif
