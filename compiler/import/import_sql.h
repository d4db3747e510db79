/*
 * import_sql.h - another tool's SQL script as the statements of a migc
 * upgrade or downgrade block (import_sql.c).
 */
#ifndef MIGC_IMPORT_SQL_H
#define MIGC_IMPORT_SQL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct import_sql_result {
	const char *text;	/* the block's body, each line indented */
	size_t n_stmts;		/* statements kept */
	size_t n_native;	/* of them: written as migc statements */
	size_t n_execute;	/* of them: written as execute or plain SQL (not invertible) */
	size_t n_wrapped;	/* of those: wrapped in execute (not read by any grammar) */
	size_t n_tx_dropped;	/* BEGIN/COMMIT left out */
};

/* `sql` split and converted; `no_tx`: the block is a no_transaction
 * revision's (create index concurrently is native there). */
void import_sql_block(struct arena *a, const char *sql, bool no_tx,
		      struct import_sql_result *r);

#endif
