/*
 * conn.c - where the connection parameters come from, and connecting.
 *
 * Order (docs/migrator.md): --url, else DATABASE_URL, else the DATABASE_*
 * variables (any subset; unset ones fall back to libpq), else libpq's own
 * defaults (PG* variables, .pgpass, service files).
 *
 * Guarantees: the URL is never printed, and every password the migrator
 * learns of (in the URL, DATABASE_PASSWORD, PGPASSWORD) is registered as a
 * secret before libpq sees it, so no message can show it.  Connection
 * failures return status 3 and never abort.
 */
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "rt.h"

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* Pulls the password out of a URL or key=value string.  Returns -1 when the
 * string cannot be parsed; libpq's message is not printed because it can
 * quote a piece of the password. */
static int register_url_password(struct migrt_ctx *ctx, const char *url)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &err), *o;

	if (!opts) {
		PQfreemem(err);
		return -1;
	}
	for (o = opts; o->keyword; o++)
		if (strcmp(o->keyword, "password") == 0 && o->val)
			migrt_secret_add(ctx, o->val);
	PQconninfoFree(opts);
	return 0;
}

void migrt_conn_secrets(struct migrt_ctx *ctx)
{
	const char *url = ctx->url ? ctx->url : env_nonempty("DATABASE_URL");

	migrt_secret_add(ctx, getenv("PGPASSWORD"));
	migrt_secret_add(ctx, getenv("DATABASE_PASSWORD"));
	if (url)
		(void)register_url_password(ctx, url);
}

/* Copies libpq's message without its trailing newline (caller frees). */
static char *conn_message(PGconn *conn)
{
	char *m = migrt_xstrdup(conn ? PQerrorMessage(conn) : "out of memory");
	size_t n = strlen(m);

	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = '\0';
	return m;
}

static void on_notice(void *arg, const PGresult *res)
{
	struct migrt_ctx *ctx = arg;

	if (!ctx->quiet_notices)
		migrt_errf(ctx, "%s", PQresultErrorMessage(res));
}

int migrt_conn_open(struct migrt_ctx *ctx)
{
	const char *keys[8], *vals[8];
	int n = 0, expand = 0;
	const char *url = ctx->url, *source = "--url";
	PGconn *conn;

	migrt_secret_add(ctx, getenv("PGPASSWORD"));
	if (!url) {
		url = env_nonempty("DATABASE_URL");
		source = "DATABASE_URL";
	}
	if (url) {
		if (register_url_password(ctx, url) < 0) {
			migrt_error(ctx, "cannot parse the connection URL given by %s",
				    source);
			return MIGRT_EXIT_CONNECT;
		}
		keys[n] = "dbname", vals[n++] = url;
		expand = 1;
	} else {
		static const char *const map[][2] = {
			{ "DATABASE_HOSTNAME", "host" },
			{ "DATABASE_PORT", "port" },
			{ "DATABASE_NAME", "dbname" },
			{ "DATABASE_USERNAME", "user" },
			{ "DATABASE_PASSWORD", "password" },
		};
		size_t i;

		for (i = 0; i < sizeof map / sizeof map[0]; i++) {
			const char *v = env_nonempty(map[i][0]);

			if (!v)
				continue;
			if (strcmp(map[i][1], "password") == 0)
				migrt_secret_add(ctx, v);
			keys[n] = map[i][1], vals[n++] = v;
		}
	}
	/* later entries override what an expanded URL said */
	keys[n] = "application_name", vals[n++] = ctx->prog;
	keys[n] = NULL, vals[n] = NULL;

	conn = PQconnectdbParams(keys, vals, expand);
	if (!conn || PQstatus(conn) != CONNECTION_OK) {
		char *m = conn_message(conn);

		migrt_error(ctx, "cannot connect to the database: %s", m);
		free(m);
		if (conn)
			PQfinish(conn);
		return MIGRT_EXIT_CONNECT;
	}
	ctx->conn = conn;
	PQsetNoticeReceiver(conn, on_notice, ctx);

	/* The compiled SQL writes backslashes in literals as they are.  Both
	 * settings go in one simple query: one round trip, not two. */
	if (ctx->plan->default_schema && *ctx->plan->default_schema) {
		char *sql = migrt_xprintf("SET standard_conforming_strings = on; "
					  "SET search_path TO %s",
					  ctx->plan->default_schema);
		int rc = migrt_db_command(ctx, "cannot set standard_conforming_strings "
					  "and search_path", sql, 0, NULL);

		free(sql);
		if (rc < 0)
			return MIGRT_EXIT_DB;
	} else if (migrt_db_command(ctx, "cannot set standard_conforming_strings",
				    "SET standard_conforming_strings = on", 0, NULL) < 0) {
		return MIGRT_EXIT_DB;
	}
	return MIGRT_EXIT_OK;
}
