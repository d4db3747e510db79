/*
 * conn.c - where the connection parameters come from, and connecting.
 *
 * Order (docs/migrator.md, common/connparams.h, shared with migc's live
 * commands): --url, else DATABASE_URL, else the DATABASE_* variables (any
 * subset; unset ones fall back to libpq), else libpq's own defaults (PG*
 * variables, .pgpass, service files); with --env-file, a variable not set
 * in the environment is read from that dotenv file.  A SQLAlchemy URL's
 * "+driver" part is dropped, with a note on stderr naming only the scheme
 * and the driver.
 *
 * Guarantees: no message built here contains a password: the URL is never
 * printed (one libpq cannot parse is reported without quoting it, since
 * libpq's parse errors quote pieces of it), DATABASE_PASSWORD and
 * PGPASSWORD never are, and libpq's connection errors name the host, port,
 * user and database, not the password; msg.c masks the password of any
 * connection string that a message quotes all the same.  No text is
 * searched for the password.  Connection failures return status 3 and
 * never abort.
 *
 * On PostgreSQL 14 and later the session sets
 * client_connection_check_interval, so that a backend whose migrator died
 * (kill -9, lost machine) notices within about a second, even while it
 * waits for a lock or runs a long statement, and rolls back.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "connparams.h"
#include "rt.h"
#include "rt_db.h"

/* How often a backend checks that its client is still there. */
#define CHECK_INTERVAL "SET client_connection_check_interval = '1s'"

/* Returns -1 when a URL or key=value string cannot be parsed; libpq's
 * message is not printed because it can quote a piece of the password. */
static int check_url(const char *url)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &err);

	if (!opts) {
		PQfreemem(err);
		return -1;
	}
	PQconninfoFree(opts);
	return 0;
}

/* Copies libpq's message without its trailing newline (caller frees). */
static char *conn_message(PGconn *conn)
{
	char *m = rt_xstrdup(conn ? PQerrorMessage(conn) : "out of memory");
	size_t n = strlen(m);

	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = '\0';
	return m;
}

static void on_notice(void *arg, const PGresult *res)
{
	struct rt_ctx *ctx = arg;

	if (!ctx->quiet_notices)
		rt_errf(ctx, "%s", PQresultErrorMessage(res));
}

int rt_conn_open(struct rt_ctx *ctx)
{
	struct connparams cp;
	char err[512];
	PGconn *conn;

	if (connparams_build(&cp, ctx->url, ctx->env_file, ctx->prog, err, sizeof err) < 0) {
		rt_error(ctx, "--env-file %s", err);
		return RT_EXIT_USAGE;
	}
	if (cp.driver[0])
		rt_errf(ctx, "%s: note: using %s:// without the +%s driver part\n",
			   ctx->prog, cp.scheme, cp.driver);
	if (cp.expand_dbname && check_url(cp.vals[0]) < 0) {
		rt_error(ctx, "cannot parse the connection URL given by %s", cp.source);
		connparams_free(&cp);
		return RT_EXIT_CONNECT;
	}
	conn = PQconnectdbParams(cp.keys, cp.vals, cp.expand_dbname);
	connparams_free(&cp);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char *m = conn_message(conn);

		rt_error(ctx, "cannot connect to the database: %s", m);
		free(m);
		if (conn)
			PQfinish(conn);
		return RT_EXIT_CONNECT;
	}
	ctx->conn = conn;
	PQsetNoticeReceiver(conn, on_notice, ctx);

	/* The compiled SQL writes backslashes in literals as they are.  The
	 * settings go in one simple query: one round trip, not two. */
	{
		int check = PQserverVersion(conn) >= 140000;
		int schema = ctx->plan->default_schema && *ctx->plan->default_schema;
		char *sql = rt_xprintf("SET standard_conforming_strings = on%s%s%s%s",
					  check ? "; " CHECK_INTERVAL : "",
					  schema ? "; SET search_path TO " : "",
					  schema ? ctx->plan->default_schema : "", "");
		int rc = rt_db_command(ctx, schema ? "cannot set standard_conforming_strings "
					  "and search_path" : "cannot set standard_conforming_strings",
					  sql, 0, NULL);

		free(sql);
		if (rc < 0)
			return RT_EXIT_DB;
	}
	return RT_EXIT_OK;
}
