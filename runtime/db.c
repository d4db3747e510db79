/*
 * db.c - running one statement and reporting what the server said.
 *
 * Guarantees: every PGresult made here is cleared here unless it is handed
 * to the caller on success; a database error is printed (scrubbed, via
 * msg.c) and returned, never fatal.  The error report format is the one
 * docs/migrator.md shows: indented statement with a caret at the server's
 * error position, then SQLSTATE and message, DETAIL, HINT, CONTEXT.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"
#include "rt_db.h"

#define STMT_PREFIX "  statement: "
#define STMT_INDENT "             "

/* Prints `label` then `text`, continuation lines indented under the text. */
static void print_field(struct rt_ctx *ctx, const char *label, const char *text)
{
	const char *p = text, *nl;
	size_t pad = strlen(label);

	rt_errf(ctx, "%s", label);
	for (;;) {
		nl = strchr(p, '\n');
		if (!nl) {
			rt_errf(ctx, "%s\n", p);
			break;
		}
		rt_errf(ctx, "%.*s\n", (int)(nl - p), p);
		p = nl + 1;
		if (!*p)
			break;
		rt_errf(ctx, "%*s", (int)pad, "");
	}
}

/* Prints the statement; `pos` is the server's 1-based character position
 * (0: none).  The caret line copies tabs from the statement so that it
 * lines up in a terminal. */
static void print_statement(struct rt_ctx *ctx, const char *stmt, long pos)
{
	const char *line = stmt;
	long chars = 0;		/* characters before `line` */

	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		long here = 0;	/* characters in this line */
		size_t i;

		for (i = 0; i < len; i++)
			if (((unsigned char)line[i] & 0xC0) != 0x80)
				here++;
		rt_errf(ctx, "%s%.*s\n", line == stmt ? STMT_PREFIX : STMT_INDENT,
			   (int)len, line);
		if (pos > chars && pos <= chars + here + 1) {
			long col = pos - chars - 1, c = 0;

			rt_errf(ctx, "%s", STMT_INDENT);
			for (i = 0; i < len && c < col; i++) {
				unsigned char b = (unsigned char)line[i];

				if ((b & 0xC0) == 0x80)
					continue;
				rt_errf(ctx, "%c", b == '\t' ? '\t' : ' ');
				c++;
			}
			rt_errf(ctx, "^\n");
		}
		chars += here + 1;
		if (!nl)
			break;
		line = nl + 1;
	}
}

/* Why a result of status `st` (not an error) ends a revision. */
static const char *unexpected_text(ExecStatusType st)
{
	switch (st) {
	case PGRES_COPY_OUT:
		return "the statement is a COPY ... TO STDOUT: a migrator has no client "
		       "to send the rows to (it was cancelled)";
	case PGRES_COPY_IN:
		return "the statement is a COPY ... FROM STDIN: a migrator has no data "
		       "to send (it was ended as failed)";
	case PGRES_COPY_BOTH:
		return "the statement started a replication stream (COPY BOTH), which "
		       "a migrator cannot serve (the connection was closed)";
	case PGRES_EMPTY_QUERY:
		return "the statement is empty";
	default:
		return "the server's answer is not one a migration statement may give";
	}
}

int rt_db_end_copy(struct rt_ctx *ctx, const struct pg_result *res)
{
	ExecStatusType st = res ? PQresultStatus((const PGresult *)res) : PGRES_FATAL_ERROR;
	PGresult *r;
	char *buf = NULL;
	int again = 0;

	if (st != PGRES_COPY_IN && st != PGRES_COPY_OUT && st != PGRES_COPY_BOTH)
		return 0;
	if (st == PGRES_COPY_IN) {
		PQputCopyEnd(ctx->conn, "COPY FROM STDIN cannot run in a revision");
	} else if (st == PGRES_COPY_OUT) {
		/* stop the server sending, then read what is still on its way */
		PGcancel *c = PQgetCancel(ctx->conn);
		char err[256];

		if (c) {
			PQcancel(c, err, sizeof err);
			PQfreeCancel(c);
		}
		while (PQgetCopyData(ctx->conn, &buf, 0) > 0) {
			PQfreemem(buf);
			buf = NULL;
		}
	}
	/* the COPY's own end (an error: the transaction is aborted), then
	 * NULL; a COPY state that does not end means a stream this code
	 * cannot drive, and the connection is closed instead of spinning */
	while (st != PGRES_COPY_BOTH && (r = PQgetResult(ctx->conn))) {
		ExecStatusType rs = PQresultStatus(r);

		PQclear(r);
		if ((rs == PGRES_COPY_IN || rs == PGRES_COPY_OUT || rs == PGRES_COPY_BOTH) &&
		    ++again > 2)
			break;
	}
	if (st == PGRES_COPY_BOTH || again > 2) {
		/* the server rolls back and releases the lock */
		PQfinish(ctx->conn);
		ctx->conn = NULL;
		ctx->locked = 0;
		return -1;
	}
	return 0;
}

void rt_db_report(struct rt_ctx *ctx, const struct pg_result *res,
		     const char *stmt)
{
	rt_db_report_ex(ctx, res, stmt, 1);
}

void rt_db_report_ex(struct rt_ctx *ctx, const struct pg_result *res,
		     const char *stmt, int context)
{
	const PGresult *r = (const PGresult *)res;
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (stmt) {
		const char *ps = r ? PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION) : NULL;

		print_statement(ctx, stmt, ps ? atol(ps) : 0);
	}
	if (primary) {
		const char *sev = PQresultErrorField(r, PG_DIAG_SEVERITY);
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		const char *f;
		char *label = rt_xprintf("  %s:  %s%s", sev ? sev : "ERROR",
					    state ? state : "", state ? ": " : "");

		print_field(ctx, label, primary);
		free(label);
		if ((f = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL)))
			print_field(ctx, "  DETAIL:  ", f);
		if ((f = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT)))
			print_field(ctx, "  HINT:  ", f);
		if (context && (f = PQresultErrorField(r, PG_DIAG_CONTEXT)))
			print_field(ctx, "  CONTEXT:  ", f);
	} else if (r && PQresultStatus(r) != PGRES_FATAL_ERROR &&
		   PQresultStatus(r) != PGRES_BAD_RESPONSE) {
		/* the statement "succeeded" with a result a migrator cannot use */
		print_field(ctx, "  ", unexpected_text(PQresultStatus(r)));
	} else {
		/* no server error: libpq's own (connection lost, out of memory) */
		const char *m = ctx->conn ? PQerrorMessage(ctx->conn) : "";

		print_field(ctx, "  ", *m ? m : "unknown error\n");
	}
}

struct pg_result *rt_db_query(struct rt_ctx *ctx, const char *what,
				 const char *sql, int nparams,
				 const char *const *params)
{
	PGresult *res;
	ExecStatusType st;

	if (nparams > 0)
		res = PQexecParams(ctx->conn, sql, nparams, NULL, params, NULL,
				   NULL, 0);
	else
		res = PQexec(ctx->conn, sql);
	st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return res;
	rt_error(ctx, "%s", what);
	rt_db_report(ctx, res, NULL);
	PQclear(res);
	return NULL;
}

int rt_db_command(struct rt_ctx *ctx, const char *what, const char *sql,
		     int nparams, const char *const *params)
{
	PGresult *res = rt_db_query(ctx, what, sql, nparams, params);

	if (!res)
		return -1;
	PQclear(res);
	return 0;
}
