/*
 * live.c - reading a live database and schema.mig as PostgreSQL sees them.
 *
 * Both sides come from the catalogs (runtime/catalog.c): schema.mig's
 * statements run in scratch schemas "migc_expected_<schema>" inside a
 * transaction that is always rolled back, so defaults, checks and index
 * predicates compare as PostgreSQL prints them (`now()` and `CURRENT_TIMESTAMP`
 * stay themselves, `'x'` and `'x'::text` are one thing) and nothing is left
 * behind.  A password never reaches the output: the URL is never printed,
 * and the connection is made from parameters (common/connparams.h, shared
 * with the migrator), so libpq's messages do not hold it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "arena.h"
#include "ast.h"
#include "catalog.h"
#include "connparams.h"
#include "diag.h"
#include "live.h"
#include "model.h"
#include "parse.h"
#include "project.h"
#include "replay.h"
#include "sql.h"
#include "sqltext.h"

#define SCRATCH_PREFIX "migc_expected_"

/* `msg` without trailing newlines.  No text is searched for the password:
 * the connection is made from parameters (connparams.h), so libpq's
 * messages name the host, port, user and database, never the password,
 * and a URL libpq cannot parse is reported without quoting it. */
static const char *scrub(struct arena *a, const char *msg)
{
	char *s = arena_strdup(a, msg ? msg : "");
	size_t len = strlen(s);
	while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
		s[--len] = '\0';
	return s;
}

struct pg_conn *live_connect(struct arena *a, const char *url, const char *env_file)
{
	struct connparams cp;
	char err[512];
	if (connparams_build(&cp, url, env_file, "migc", err, sizeof err) < 0) {
		fprintf(stderr, "migc: --env-file %s\n", err);
		return NULL;
	}
	if (cp.driver[0])
		fprintf(stderr, "migc: note: using %s:// without the +%s driver part\n",
			cp.scheme, cp.driver);
	if (cp.expand_dbname) {
		char *perr = NULL;
		PQconninfoOption *opts = PQconninfoParse(cp.vals[0], &perr);
		if (!opts) {
			/* libpq's message may quote the string: say only what is wrong */
			fprintf(stderr, "migc: cannot connect: the connection URL given by %s is malformed\n",
				cp.source);
			PQfreemem(perr);
			connparams_free(&cp);
			return NULL;
		}
		PQconninfoFree(opts);
	}
	PGconn *conn = PQconnectdbParams(cp.keys, cp.vals, cp.expand_dbname);
	connparams_free(&cp);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "migc: cannot connect to the database: %s\n",
			scrub(a, PQerrorMessage(conn)));
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, NULL, NULL);
	return conn;
}

void live_disconnect(struct pg_conn *conn)
{
	if (conn)
		PQfinish(conn);
}

/* Runs one command; NULL or the server's message (SQLSTATE included). */
static const char *live_exec(struct arena *a, PGconn *conn, const char *sql)
{
	PGresult *res = PQexec(conn, sql);
	ExecStatusType st = PQresultStatus(res);
	const char *err = NULL;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		err = arena_printf(a, "%s%s%s%s", scrub(a, PQresultErrorMessage(res)),
				   state ? " (SQLSTATE " : "", state ? state : "",
				   state ? ")" : "");
	}
	PQclear(res);
	return err;
}

static int db_error(struct arena *a, PGconn *conn, const char *what, const char *err)
{
	fprintf(stderr, "migc: %s: %s\n", what, err);
	live_exec(a, conn, "ROLLBACK");
	return LIVE_EXIT_DB;
}

static void names_add(struct arena *a, const char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	*v = arena_grow(a, *v, *n * sizeof **v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* The database's own schemas (not PostgreSQL's, not migc's scratch ones). */
static int user_schemas(struct arena *a, PGconn *conn, const char ***v, size_t *n,
			const char **err)
{
	PGresult *res = PQexec(conn,
		"SELECT nspname FROM pg_namespace WHERE nspname !~ '^pg_' "
		"AND nspname <> 'information_schema' "
		"AND nspname NOT LIKE 'migc\\_expected\\_%' ORDER BY 1");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = scrub(a, PQresultErrorMessage(res));
		PQclear(res);
		return -1;
	}
	for (int i = 0; i < PQntuples(res); i++)
		names_add(a, v, n, arena_strdup(a, PQgetvalue(res, i, 0)));
	PQclear(res);
	return 0;
}

static const char *quoted(struct arena *a, const char *name)
{
	return sql_ident(a, name);
}

/* Expressions are source text: sql_remap.c moves their schema qualifiers
 * into the scratch schemas (an extension's objects stay where they are). */

/* Runs schema.mig in the scratch schemas: 0, or 1 after a located error. */
static int run_expected(struct arena *a, struct diag *d, PGconn *conn,
			const struct project *p, const char *const *schemas, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *err = live_exec(a, conn, arena_printf(a, "CREATE SCHEMA %s",
			quoted(a, arena_printf(a, SCRATCH_PREFIX "%s", schemas[i]))));
		if (err) {
			fprintf(stderr, "migc: cannot create the scratch schema for \"%s\": %s\n",
				schemas[i], err);
			return LIVE_EXIT_DB;
		}
	}
	/* unqualified names in expressions find the scratch objects; a
	 * routine's body written as a string is not remapped, so it is not
	 * checked either (it would read, or need, the live schemas) */
	const char *err = live_exec(a, conn, arena_printf(a, "SET LOCAL search_path = %s; "
		"SET LOCAL check_function_bodies = off",
		quoted(a, arena_printf(a, SCRATCH_PREFIX "%s", p->conf.default_schema))));
	if (err) {
		fprintf(stderr, "migc: cannot set search_path: %s\n", err);
		return LIVE_EXIT_DB;
	}
	struct sql_schema_map map = { SCRATCH_PREFIX, p->conf.default_schema, NULL,
				      model_ext_type_keep, p->schema_model, model_ext_func_keep };
	struct sql_remap rm = { schemas, n, &map };
	size_t n_ord;
	const struct ast_stmt *ord = replay_declarative_order(a, p->schema->stmts,
							      p->schema->n_stmts, &n_ord);
	for (size_t i = 0; i < n_ord; i++) {
		struct ast_stmt named = p->schema_model
			? replay_apply_naming(a, p->schema_model, p->naming, &ord[i]) : ord[i];
		struct ast_stmt s = sql_remap_stmt(a, &rm, &named);
		if (s.kind == STMT_CREATE_SCHEMA && s.u.schema.owner.name) {
			/* created above, by whoever runs this: authorization's owner */
			struct strbuf ob;
			sb_init(&ob, a);
			sb_printf(&ob, "ALTER SCHEMA %s OWNER TO ", quoted(a, arena_printf(a,
				  SCRATCH_PREFIX "%s", named.target.name)));
			sql_put_role(&ob, s.u.schema.owner.name);
			err = live_exec(a, conn, sb_str(&ob));
			if (err) {
				diag_error(d, s.loc, "PostgreSQL rejects this statement of schema.mig: %s", err);
				return 1;
			}
			continue;
		}
		if (s.kind == STMT_CREATE_SCHEMA || s.kind == STMT_CREATE_EXTENSION)
			continue;	/* created above; extensions: database-wide */
		if (s.kind == STMT_EXECUTE && live_evtrig_stmt(a, &s) && !live_evtrig_compared(conn))
			continue;	/* not compared on either side (live_evtrig.c) */
		const char *view = sql_passthrough_mapped(a, &s, &map);
		if (view) {
			err = live_exec(a, conn, view);
			if (err) {
				diag_error(d, s.loc, "PostgreSQL rejects this statement of schema.mig: %s", err);
				return 1;
			}
			continue;
		}
		if (s.kind == STMT_EXECUTE) {
			diag_warning(d, s.loc, "execute is not run by a comparison with the database: "
				     "what it creates shows as a difference");
			continue;
		}
		ast_stmt_set_concurrently(&s, false);	/* not allowed in a transaction */
		err = live_exec(a, conn, sql_render_stmt_mapped(a, &s, &map));
		if (err) {
			diag_error(d, s.loc, "PostgreSQL rejects this statement of schema.mig: %s", err);
			return 1;
		}
	}
	return 0;
}

int live_read(struct arena *a, struct diag *d, struct pg_conn *conn,
	      const struct project *p, unsigned acl, struct catalog *live,
	      struct catalog *expected)
{
	memset(live, 0, sizeof *live);
	if (expected)
		memset(expected, 0, sizeof *expected);
	const char *err = live_exec(a, conn, p ? "BEGIN" : "BEGIN READ ONLY");
	if (!err)
		err = live_exec(a, conn, "SET LOCAL standard_conforming_strings = on");
	if (err)
		return db_error(a, conn, "cannot start a transaction", err);

	const char **names = NULL;
	size_t n = 0;
	if (user_schemas(a, conn, &names, &n, &err) != 0)
		return db_error(a, conn, "cannot list the schemas", err);
	const char **mine = NULL;	/* the schemas schema.mig has */
	size_t n_mine = 0;
	if (p && p->schema_model) {
		size_t k = 0;
		void **v = pmap_sorted(&p->schema_model->schemas, a, &k);
		for (size_t i = 0; i < k; i++) {
			const char *s = ((struct m_schema *)v[i])->name;
			if (strlen(s) + strlen(SCRATCH_PREFIX) > 63) {
				fprintf(stderr, "migc: schema \"%s\": the name is too long for a scratch "
					"schema \"" SCRATCH_PREFIX "%s\" (63 bytes at most)\n", s, s);
				live_exec(a, conn, "ROLLBACK");
				return 1;
			}
			names_add(a, &mine, &n_mine, s);
			names_add(a, &names, &n, s);
		}
	}
	const char *vt = p ? p->conf.version_table : "migc_version";
	const char *exclude = strchr(vt, '.') ? vt
		: arena_printf(a, "%s.%s", p ? p->conf.default_schema : "public", vt);

	char *cerr = NULL;
	if (p && expected && live_evtrig_compared(conn))
		acl |= CATALOG_READ_EVTRIGS;	/* both sides (live_evtrig.c) */
	if (catalog_read_with(conn, names, NULL, n, &exclude, 1, acl, live, &cerr) != 0) {
		err = arena_strdup(a, scrub(a, cerr));
		free(cerr);
		return db_error(a, conn, "cannot read the database's catalogs", err);
	}
	if (p && expected) {
		int rc = run_expected(a, d, conn, p, mine, n_mine);
		if (rc) {
			live_exec(a, conn, "ROLLBACK");
			catalog_free(live);
			return rc;
		}
		const char **scratch = arena_calloc(a, n + 1, sizeof *scratch);
		for (size_t i = 0; i < n; i++)
			scratch[i] = arena_printf(a, SCRATCH_PREFIX "%s", names[i]);
		if (catalog_read_with(conn, scratch, names, n, &exclude, 1, acl, expected,
				      &cerr) != 0) {
			err = arena_strdup(a, scrub(a, cerr));
			free(cerr);
			catalog_free(live);
			return db_error(a, conn, "cannot read schema.mig back from the catalogs", err);
		}
	}
	err = live_exec(a, conn, "ROLLBACK");
	if (err) {
		catalog_free(live);
		if (expected)
			catalog_free(expected);
		fprintf(stderr, "migc: cannot roll back: %s\n", err);
		return LIVE_EXIT_DB;
	}
	return 0;
}

/* Replay order of the catalog's objects; -1: not a statement of its own. */
static int live_rank(const struct catalog_object *o, const char *default_schema)
{
	switch (o->kind) {
	case CATALOG_SCHEMA:
		/* public and the default schema exist without "create schema" */
		return strcmp(o->name, "public") == 0 ||
		       strcmp(o->name, default_schema) == 0 ? -1 : 0;
	case CATALOG_ENUM: return 1;
	case CATALOG_EXTENSION: return 1;	/* its types, before the tables */
	case CATALOG_COLLATION: return 1;	/* before the types and tables using it */
	case CATALOG_UTYPE: return 1;		/* domains, composite and range types */
	case CATALOG_TABLE: return 2;
	case CATALOG_CONSTRAINT: return strstr(o->sql, " FOREIGN KEY (") ? 4 : 3;
	case CATALOG_INDEX: return o->order ? 8 : 5;	/* 8: on a materialized view */
	case CATALOG_COMMENT:	/* on a matview's index: 8; a view, routine, trigger: 10 */
		return o->order == CATALOG_AFTER_ALL ? 10 : o->order ? 8 : 6;
	case CATALOG_ROUTINE:	/* aggregates after their support functions */
		return strncmp(o->key, "aggregate ", 10) == 0 ? 9 : 7;
	case CATALOG_TRIGGER: return 8;
	case CATALOG_ROW_SECURITY: return 5;
	case CATALOG_POLICY: return 6;	/* after every table: may name any */
	case CATALOG_SEQUENCE: return 1;	/* before the defaults that use it */
	case CATALOG_SEQUENCE_OWNER: return 5;	/* after its table */
	case CATALOG_EVTRIG: return 11;	/* last: after the functions they execute */
	default: return -1;
	}
}

/* Unsupported entries that make their whole table unusable for migc: a
 * column migc cannot type, or one whose generation it cannot write. */
static const char *const table_spoilers[] = {
	"column of a type migc does not know ", "generated column ",
};

const char **live_left_out(struct arena *a, const struct catalog *c, size_t *n)
{
	const char **v = NULL;
	*n = 0;
	for (size_t i = 0; i < c->n_unsupported; i++)
		for (size_t k = 0; k < sizeof table_spoilers / sizeof *table_spoilers; k++) {
			size_t len = strlen(table_spoilers[k]);
			const char *u = c->unsupported[i];
			if (strncmp(u, table_spoilers[k], len) != 0 || !strrchr(u, '.'))
				continue;
			names_add(a, &v, n, arena_strndup(a, u + len,
							  (size_t)(strrchr(u, '.') - u) - len));
		}
	return v;
}

/* Does the object belong to, or reference, a table left out (or is it the
 * comment of an index in `idx`, the indexes left out). */
static bool touches(struct arena *a, const struct catalog_object *o,
		    const char *const *out, size_t n, const char *const *idx, size_t n_idx)
{
	if (o->kind == CATALOG_COMMENT && !o->table)
		for (size_t i = 0; i < n_idx; i++)
			if (strcmp(idx[i], arena_printf(a, "%s.%s", o->schema, o->name)) == 0)
				return true;
	for (size_t i = 0; i < n; i++) {
		size_t slen = strcspn(out[i], ".");
		const char *schema = arena_strndup(a, out[i], slen);
		const char *table = out[i] + slen + 1;
		if (o->table && strcmp(o->schema, schema) == 0 && strcmp(o->table, table) == 0)
			return true;
		if (o->kind == CATALOG_TABLE && strcmp(o->schema, schema) == 0 &&
		    strcmp(o->name, table) == 0)
			return true;
		const char *ref = arena_printf(a, " REFERENCES %s.%s (", sql_ident(a, schema),
					       sql_ident(a, table));
		if (strstr(o->sql, ref))
			return true;
		if (o->kind == CATALOG_INDEX || o->kind == CATALOG_COMMENT) {
			const char *on = arena_printf(a, " ON %s.%s", sql_ident(a, schema),
						      sql_ident(a, table));
			const char *hit = strstr(o->sql, on);
			if (hit && (hit[strlen(on)] == ' ' || hit[strlen(on)] == '\0' ||
				    hit[strlen(on)] == '.'))
				return true;
		}
	}
	return false;
}

const char *live_catalog_text(struct arena *a, const struct catalog *c,
			      const char *default_schema)
{
	size_t n_out = 0, n_idx = 0;
	const char **out = live_left_out(a, c, &n_out), **idx = NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->objects[i].kind == CATALOG_INDEX &&
		    touches(a, &c->objects[i], out, n_out, NULL, 0))
			names_add(a, &idx, &n_idx, arena_printf(a, "%s.%s", c->objects[i].schema,
								 c->objects[i].name));
	struct strbuf sb;
	sb_init(&sb, a);
	static const int ranks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9 };	/* 8: after the views */
	for (size_t k = 0; k < sizeof ranks / sizeof *ranks; k++)
		for (size_t i = 0; i < c->n; i++)
			if (live_rank(&c->objects[i], default_schema) == ranks[k] &&
			    !touches(a, &c->objects[i], out, n_out, idx, n_idx))
				sb_printf(&sb, "%s;\n", c->objects[i].sql);
	/* views, each after the views it reads */
	for (int depth = 0, more = 1; more; depth++) {
		more = 0;
		for (size_t i = 0; i < c->n; i++) {
			const struct catalog_object *o = &c->objects[i];
			if (o->kind != CATALOG_VIEW || o->order < depth)
				continue;
			if (o->order > depth)
				more = 1;
			else
				sb_printf(&sb, "%s;\n", o->sql);
		}
	}
	/* 10: comments on the above; 11: event triggers */
	static const int late[] = { 8, 10, 11 };
	for (size_t k = 0; k < sizeof late / sizeof *late; k++)
		for (size_t i = 0; i < c->n; i++)
			if (live_rank(&c->objects[i], default_schema) == late[k] &&
			    !touches(a, &c->objects[i], out, n_out, idx, n_idx))
				sb_printf(&sb, "%s;\n", c->objects[i].sql);
	return sb_str(&sb);
}

struct model *live_model(struct arena *a, struct diag *d, const struct catalog *c,
			 const char *default_schema, const char *what)
{
	const char *text = live_catalog_text(a, c, default_schema);
	const struct src_file *src = src_from_text(a, what, text, strlen(text));
	int errors = d->n_errors;
	struct ast_file *f = parse_file(a, d, src, PARSE_SCHEMA);
	struct model *m = model_new(a, default_schema);
	struct replay_ctx ctx = { .arena = a, .diag = d, .any_collation = true };
	/* in schema.mig's order: partitions after their parents */
	if (d->n_errors == errors)
		replay_declarative(&ctx, m, f->stmts, f->n_stmts);
	diag_finish(d);
	if (d->n_errors != errors) {
		fprintf(stderr, "migc: %s has objects migc cannot model (above)\n", what);
		return NULL;
	}
	return m;
}

void live_warn_unsupported(const struct catalog *c, const char *what)
{
	if (!c->n_unsupported)
		return;
	fprintf(stderr, "migc: warning: %s has %zu object%s migc cannot express, left out:\n",
		what, c->n_unsupported, c->n_unsupported == 1 ? "" : "s");
	for (size_t i = 0; i < c->n_unsupported; i++)
		fprintf(stderr, "  %s\n", c->unsupported[i]);
}
