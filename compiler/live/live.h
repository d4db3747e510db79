/*
 * live.h - migc's commands against a live database (docs/autogenerate.md):
 *
 *   migc diff [--url URL] [--env-file F]         the database against schema.mig
 *   migc revision --autogenerate --url URL -m M  the revision that takes it there
 *   migc init --from-url URL DIR                 a project adopting the database
 *
 * (revision and init also take --env-file F instead of the URL.)
 *
 * The only compiler files that use libpq (with runtime/catalog*.c, which
 * read the catalogs); they are linked into migc alone, not into the unit
 * tests or the fuzzer, and libpq itself is opened only when one of these
 * commands runs (live_pq.c).  Nothing is ever left in the database: everything
 * runs in one transaction that is rolled back.
 *
 * live.c: connecting, the scratch schemas, reading both sides, catalog text
 * to a model.  live_cmd.c: the three commands and the difference printer.
 */
#ifndef MIGC_LIVE_H
#define MIGC_LIVE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct project;
struct catalog;
struct model;
struct pg_conn;

/* Exit status when the database cannot be reached or fails a query. */
#define LIVE_EXIT_DB 2

/* Is option `opt` among the arguments (the command table sends
 * "init --from-url" and "revision --url" here). */
bool live_has_option(int argc, char **argv, const char *opt);

int live_cmd_diff(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
int live_cmd_init(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
int live_cmd_revision(struct arena *a, struct diag *d, const char *root, int argc, char **argv);

/* ---- live.c ---------------------------------------------------------------- */

/* Connects as the migrator does (common/connparams.h): `url` (NULL: the
 * environment's DATABASE_URL, DATABASE_*, libpq's defaults), each variable
 * from `env_file` when the environment lacks it.  NULL after printing why
 * (never the password). */
struct pg_conn *live_connect(struct arena *a, const char *url, const char *env_file);
void live_disconnect(struct pg_conn *conn);

/* Reads the live database and, when `p` is given, schema.mig as PostgreSQL
 * creates it: in one transaction that is rolled back, schema.mig's
 * statements run in scratch schemas "migc_expected_<schema>" and both are
 * read with catalog_read() (the scratch ones shown under their real
 * names).  The schemas read are the database's own (not pg_*,
 * information_schema) and those schema.mig uses; the project's version
 * table is left out (without a project: public.migc_version).  Returns 0,
 * 1 when a schema.mig statement fails in PostgreSQL (reported at the
 * statement), or LIVE_EXIT_DB after a message.  `acl` (live_acl_what())
 * adds the grants and owners to both reads.  `expected` may be NULL
 * when p is. */
int live_read(struct arena *a, struct diag *d, struct pg_conn *conn,
	      const struct project *p, unsigned acl, struct catalog *live,
	      struct catalog *expected);

/* The catalog's objects as statements parsed and replayed into a new
 * model (unqualified names in `default_schema`); `what` names the source
 * in messages ("the database").  NULL after reporting a statement migc
 * cannot parse or replay. */
struct model *live_model(struct arena *a, struct diag *d, const struct catalog *c,
			 const char *default_schema, const char *what);

/* The catalog's objects as migc statements, one per line, ended by ';',
 * in an order that replays (schemas, enums, tables, keys and checks,
 * foreign keys, indexes, comments, event triggers
 * when the read holds them).  A table with a column migc cannot
 * write (its type, a generated column: listed as unsupported) is left
 * out, with everything on it or referencing it. */
const char *live_catalog_text(struct arena *a, const struct catalog *c,
			      const char *default_schema);

/* "S.T" of the tables live_catalog_text() leaves out (arena array, *n). */
const char **live_left_out(struct arena *a, const struct catalog *c, size_t *n);

/* "migc: warning: ..." lines for the objects migc cannot express. */
void live_warn_unsupported(const struct catalog *c, const char *what);

/* live_coll.c: runs `query` and returns what `row` writes for each of its
 * rows, in order ("" for none); NULL when the query fails.  For init
 * --from-url's statements read outside the catalog reader. */
struct pg_result;
struct strbuf;
const char *live_rows_text(struct arena *a, struct pg_conn *conn, const char *query,
			   void (*row)(struct arena *a, struct strbuf *sb,
				       const struct pg_result *res, int i));
/* live_evtrig.c: the database's event triggers as schema.mig statements
 * (init --from-url), "" for none; NULL when they cannot be read. */
const char *live_evtrig_text(struct arena *a, struct pg_conn *conn);
/* The database's collations (outside pg_catalog, not an extension's) as
 * schema.mig create collation statements, "" for none; NULL when they
 * cannot be read. */
const char *live_coll_text(struct arena *a, struct pg_conn *conn);
/* Is `s` (plain SQL) an event trigger statement, which a comparison with
 * the database leaves out? */
struct ast_stmt;
bool live_evtrig_stmt(struct arena *a, const struct ast_stmt *s);
/* Whether comparisons with the database hold event triggers: the session
 * is a superuser's (creating the expected ones takes that). */
bool live_evtrig_compared(struct pg_conn *conn);
/* Does the database or the model `m` (may be NULL) have any event trigger
 * (not an extension's)? */
bool live_evtrig_any(struct pg_conn *conn, const struct model *m);
/* ---- live_acl.c: grants and owners (migc.conf compare_grants, compare_owners) */

struct strbuf;
struct mast_list;
/* catalog_read_with()'s `what` for the two settings */
unsigned live_acl_what(bool grants, bool owners);
/* init --from-url: the read grants, then owners, as statements (none on
 * a table live_catalog_text() leaves out) */
void live_acl_text(struct arena *a, struct strbuf *sb, const struct catalog *c);
/* revision --autogenerate --url: the statements that take the database's
 * grants and owners to schema.mig's, appended to `l` */
void live_acl_stmts(struct arena *a, const struct catalog *db, const struct catalog *want,
		    struct mast_list *l);

#endif
