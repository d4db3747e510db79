/*
 * passthrough.h - which statements of a block are plain SQL, passed
 * through to PostgreSQL verbatim instead of parsed by migc's grammar.
 *
 * migc's grammar (grammar/parser.y) parses the native statements, the ones
 * the schema model knows: create/alter/drop table, index, enum type and
 * schema, comment on those, execute.  Any other statement (insert, update,
 * set, do, grant, create view or function, ...) is cut from the source as
 * one span, from its first word up to its last token before the `;` that
 * ends it at the top level (or the `}` that closes the block, or the end of
 * the file), skipping quoted text, dollar quotes and comments as
 * PostgreSQL's scanner does (common/sqltext.h).  PostgreSQL's own grammar
 * then checks it (pgsql.h).
 */
#ifndef MIGC_PASSTHROUGH_H
#define MIGC_PASSTHROUGH_H

#include <stdbool.h>
#include <stddef.h>

/* The statement starting at t[pos] (its first token, a bare word): true
 * when it is plain SQL, with its end (after its last token) in *end. */
bool passthrough_span(const char *t, size_t len, size_t pos, size_t *end);

/* Inside `create schema S <elements>` (ast_schema.c), at an element's
 * first word t[pos] (a top-level create or grant): true when the element
 * is plain SQL (create view, sequence, trigger, grant, a temporary table
 * ...), with its end (after its last token before the next element, a
 * top-level ';' or '}', or the end of the text) in *end.  Create table and
 * create [unique] index are native. */
bool passthrough_schema_elt(const char *t, size_t len, size_t pos, size_t *end);

#endif
