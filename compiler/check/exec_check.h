/*
 * exec_check.h - compile-time refusals of execute bodies the migrator
 * cannot run (see exec_check.c).
 */
#ifndef MIGC_EXEC_CHECK_H
#define MIGC_EXEC_CHECK_H

struct diag;
struct ast_stmt;

/* Reports an empty execute body and COPY ... TO STDOUT / FROM STDIN;
 * other statements are ignored. */
void exec_check(struct diag *d, const struct ast_stmt *s);

#endif
