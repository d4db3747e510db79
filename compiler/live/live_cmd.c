/*
 * live_cmd.c - `migc diff --url`, `migc revision --autogenerate --url` and
 * `migc init --from-url`: the live database against schema.mig.
 *
 * Each connects as the migrator does (common/connparams.h): the URL given,
 * else DATABASE_URL, the DATABASE_* variables, libpq's defaults, each
 * variable from --env-file FILE when the environment lacks it.  diff
 * needs no option; revision and init take --env-file instead of the URL.
 *
 * diff compares the two catalog reads of live.c by key (catalog.h): an
 * object only in schema.mig is missing from the database, one only in the
 * database is not in schema.mig, one in both with another statement
 * differs; tables compare by presence and partitioning (parent, bound,
 * key), their columns one by one; what
 * is on a missing or extra table is not repeated.  Exit 0:
 * no difference, 1: differences (or a schema.mig statement PostgreSQL
 * rejects), 2: usage, connection or database errors.
 *
 * revision and init build models from the catalog text with migc's own
 * parser and replay, so autogenerate (autogen.c) writes the statements.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "autogen.h"
#include "autogen_text.h"
#include "catalog.h"
#include "cliopt.h"
#include "authoring.h"
#include "diag.h"
#include "live.h"
#include "migc.h"
#include "model.h"
#include "project.h"
#include "sql.h"

/* "--url", "--url=X" or an abbreviation ("--ur X"), as getopt_long
 * reads them, before any "--". */
bool live_has_option(int argc, char **argv, const char *opt)
{
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (strcmp(s, "--") == 0)
			return false;
		size_t n = strcspn(s, "=");
		if (n > 2 && n <= strlen(opt) && strncmp(s, opt, n) == 0)
			return true;
	}
	return false;
}

static int live_usage(const char *cmd, const char *what)
{
	return cli_usage_error(cmd, "%s", what);
}

struct live_opts {
	const char *url, *env_file;
	bool grants, owners;	/* init: --compare-grants, --compare-owners */
};

static int live_opt(void *ctx, int opt, const char *arg)
{
	struct live_opts *o = ctx;
	if (opt == 'U')
		o->url = arg;
	else if (opt == 'G')
		o->grants = true;
	else if (opt == 'O')
		o->owners = true;
	else
		o->env_file = arg;
	return 0;
}

/* --url (or --from-url: `url_name`) and --env-file, and the operands. */
static int live_parse(struct arena *a, const char *cmd, const char *url_name, int argc,
		      char **argv, struct live_opts *o, char ***pos, int *npos)
{
	struct option longs[] = {
		{ url_name, required_argument, NULL, 'U' },
		{ "env-file", required_argument, NULL, 'E' },
		{ "compare-grants", no_argument, NULL, 'G' },
		{ "compare-owners", no_argument, NULL, 'O' },
		{ 0 },
	};
	if (strcmp(cmd, "init") != 0)
		longs[2] = longs[4];	/* only init takes them */
	memset(o, 0, sizeof *o);
	return cli_parse(a, cmd, argc, argv, "", longs, live_opt, o, pos, npos);
}

/* The project, checked; NULL with *status set. */
static struct project *live_project(struct arena *a, struct diag *d, const char *root,
				    int *status)
{
	struct project *p = migc_load(a, d, root, MIGC_CHECKED_ANY_HEADS, status);
	if (!p)
		return NULL;
	if (!p->schema_model) {
		fprintf(stderr, "migc: the project has no schema.mig to compare the database with\n");
		*status = 2;
		return NULL;
	}
	return p;
}

/* ---- diff -------------------------------------------------------------------- */

static void print_sql(const char *label, const char *sql)
{
	printf("      %s%s\n", label, sql);
}

/* Prints the differences of the two reads; returns how many.  A table
 * missing or extra as a whole stands for its columns, constraints,
 * indexes and comments. */
static size_t live_compare(const struct catalog *db, const struct catalog *want)
{
	unsigned fold = 1u << CATALOG_COLUMN | 1u << CATALOG_CONSTRAINT |
			1u << CATALOG_INDEX | 1u << CATALOG_COMMENT | 1u << CATALOG_ROW_SECURITY |
			1u << CATALOG_POLICY | 1u << CATALOG_GRANT | 1u << CATALOG_OWNER;
	size_t n;
	struct catalog_diff *d = catalog_compare(want, db, fold, &n);
	for (size_t i = 0; i < n; i++) {
		const char *key = catalog_diff_key(&d[i]);
		switch (d[i].kind) {
		case CATALOG_UNEXPECTED:
			printf("  not in schema.mig: %s\n", key);
			print_sql("", d[i].actual->sql);
			break;
		case CATALOG_MISSING:
			printf("  missing from the database: %s\n", key);
			print_sql("", d[i].expected->sql);
			break;
		case CATALOG_DIFFERS:
			printf("  differs: %s\n", key);
			print_sql("database:   ", d[i].actual->sql);
			print_sql("schema.mig: ", d[i].expected->sql);
			break;
		}
	}
	free(d);
	return n;
}

/* Extensions are database-wide (catalog_compare() leaves them out): those
 * of the database's read schemas against schema.mig's; returns how many
 * differ. */
static size_t live_compare_exts(struct arena *a, const struct catalog *db,
				const struct model *m)
{
	size_t n = 0, n_ext;
	for (size_t i = 0; i < db->n; i++) {
		const struct catalog_object *o = &db->objects[i];
		const struct m_ext *e = o->kind == CATALOG_EXTENSION ? model_ext(m, o->name) : NULL;
		if (o->kind != CATALOG_EXTENSION || (e && strcmp(e->schema, o->schema) == 0))
			continue;
		printf("  not in schema.mig: %s\n", o->key);
		print_sql("", o->sql);
		n++;
	}
	struct m_ext **v = model_exts_sorted(m, a, &n_ext);
	for (size_t i = 0; i < n_ext; i++) {
		const char *key = arena_printf(a, "extension %s.%s", v[i]->schema, v[i]->name);
		if (catalog_find(db, key))
			continue;
		printf("  missing from the database: %s\n", key);
		print_sql("", arena_printf(a, "CREATE EXTENSION IF NOT EXISTS %s WITH SCHEMA %s",
					   sql_ident(a, v[i]->name), sql_ident(a, v[i]->schema)));
		n++;
	}
	return n;
}

int live_cmd_diff(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	struct live_opts lo;
	char **pos;
	int npos;
	int status = live_parse(a, "diff", "url", argc, argv, &lo, &pos, &npos);
	if (status)
		return status;
	if (npos)
		return live_usage("diff", "unexpected argument; use: migc diff [--url URL] [--env-file FILE]");
	const char *url = lo.url, *env_file = lo.env_file;
	struct project *p = live_project(a, d, root, &status);
	if (!p)
		return status;
	struct pg_conn *conn = live_connect(a, url, env_file);
	if (!conn)
		return LIVE_EXIT_DB;
	struct catalog db, want;
	status = live_read(a, d, conn, p, live_acl_what(p->conf.compare_grants,
							 p->conf.compare_owners), &db, &want);
	live_disconnect(conn);
	diag_finish(d);
	if (status)
		return status;
	live_warn_unsupported(&db, "the database");
	size_t n = live_compare(&db, &want) + live_compare_exts(a, &db, p->schema_model);
	if (n == 0)
		printf("no differences: the database matches schema.mig\n");
	else
		printf("%zu difference%s between the database and schema.mig\n", n,
		       n == 1 ? "" : "s");
	catalog_free(&db);
	catalog_free(&want);
	return n ? 1 : 0;
}

/* ---- revision --autogenerate --url ------------------------------------------- */

/* The statements that take the database to schema.mig, both sides read
 * from the catalogs and replayed as models. */
static int live_upgrade(struct arena *a, struct diag *d, struct project *p, const char *url,
			const char *env_file, struct mast_list *up)
{
	struct pg_conn *conn = live_connect(a, url, env_file);
	if (!conn)
		return LIVE_EXIT_DB;
	struct catalog db, want;
	int status = live_read(a, d, conn, p, live_acl_what(p->conf.compare_grants,
							     p->conf.compare_owners), &db, &want);
	if (!status && !live_evtrig_compared(conn) && live_evtrig_any(conn, p->schema_model))
		fprintf(stderr, "migc: note: event triggers are not written: creating the "
			"expected ones takes a superuser, and this role is not one\n");
	live_disconnect(conn);
	diag_finish(d);
	if (status)
		return status;
	live_warn_unsupported(&db, "the database");
	struct model *from = live_model(a, d, &db, p->conf.default_schema, "<the database>");
	struct model *to = from ? live_model(a, d, &want, p->conf.default_schema,
					     "<schema.mig as created>") : NULL;
	if (!from || !to) {
		catalog_free(&db);
		catalog_free(&want);
		return 1;
	}
	struct autogen g;
	autogen_diff(a, from, to, &g);
	live_acl_stmts(a, &db, &want, &g.stmts);
	catalog_free(&db);
	catalog_free(&want);
	for (size_t i = 0; i < g.n_unsupported; i++)
		fprintf(stderr, "migc: warning: not generated, edit the revision by hand: %s\n",
			g.unsupported[i]);
	*up = g.stmts;
	return 0;
}

int live_cmd_revision(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	return cmd_revision_with(a, d, root, argc, argv, live_upgrade);
}

/* ---- init --from-url ---------------------------------------------------------- */

int live_cmd_init(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	struct live_opts lo;
	char **pos;
	int npos;
	int status = live_parse(a, "init", "from-url", argc, argv, &lo, &pos, &npos);
	if (status)
		return status;
	if (npos > 1)
		return live_usage("init", "use: migc init --from-url URL DIR "
				  "(or --env-file FILE instead of the URL)");
	const char *url = lo.url, *dir = npos ? pos[0] : NULL, *env_file = lo.env_file;
	if (!url && !env_file)
		return live_usage("init", "--from-url needs a URL");
	if (!dir)
		dir = root;
	static const char *const parts[] = { "migc.conf", "schema.mig", "versions" };
	struct stat st;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *path = arena_printf(a, "%s/%s", dir, parts[i]);
		if (lstat(path, &st) == 0) {
			fprintf(stderr, "migc: init: \"%s\" already exists; not touching an existing project\n",
				path);
			return 2;
		}
	}
	struct pg_conn *conn = live_connect(a, url, env_file);
	if (!conn)
		return LIVE_EXIT_DB;
	struct catalog db;
	status = live_read(a, d, conn, NULL, live_acl_what(lo.grants, lo.owners), &db, NULL);
	const char *evtrigs = status ? NULL : live_evtrig_text(a, conn);
	const char *colls = status ? NULL : live_coll_text(a, conn);
	live_disconnect(conn);
	if (status)
		return status;
	catalog_drop_kind(&db, CATALOG_COLLATION);	/* written as live_coll_text has them */
	struct model *m = live_model(a, d, &db, "public", "<the database>");
	if (!m) {
		catalog_free(&db);
		return 1;
	}
	/* autogenerate from nothing writes the objects in an order that replays */
	struct autogen g;
	autogen_diff(a, model_new(a, "public"), m, &g);
	mast_schema_text(&g.stmts, m);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "-- schema.mig: the schema as it should be at head (the models).\n"
		"-- Adopted from a live database by `migc init --from-url`.\n");
	if (db.n_unsupported) {
		sb_puts(&sb, "--\n-- The database also has objects migc's language cannot express; they\n"
			"-- were not adopted (write them with execute in a revision if they\n"
			"-- belong to the project):\n");
		for (size_t i = 0; i < db.n_unsupported; i++)
			sb_printf(&sb, "--   %s\n", db.unsupported[i]);
		size_t n_out = 0;
		const char **out = live_left_out(a, &db, &n_out);
		for (size_t i = 0; i < n_out; i++)
			sb_printf(&sb, "--   table %s, left out whole because of its column above\n",
				  out[i]);
	}
	for (size_t i = 0; i < g.stmts.n; i++) {
		enum ast_stmt_kind k = g.stmts.v[i].kind;
		if (colls && k != STMT_CREATE_SCHEMA && k != STMT_CREATE_EXTENSION) {
			sb_puts(&sb, colls);	/* after their schemas, before what uses them */
			colls = NULL;
		}
		sb_putc(&sb, '\n');
		sb_puts(&sb, autogen_stmt_text(a, &g.stmts.v[i], ""));
	}
	if (colls)
		sb_puts(&sb, colls);
	if (evtrigs)	/* last: after the functions they execute */
		sb_puts(&sb, evtrigs);
	live_acl_text(a, &sb, &db);
	live_warn_unsupported(&db, "the database");
	catalog_free(&db);
	const char *conf_extra = lo.grants || lo.owners ? arena_printf(a,
		"# grants and owners are part of the schema (compared, autogenerated)\n%s%s",
		lo.grants ? "compare_grants = true\n" : "",
		lo.owners ? "compare_owners = true\n" : "") : NULL;
	status = init_project(a, dir, sb_str(&sb), conf_extra);
	if (status)
		return status;
	printf("\nnext: write the first revision from schema.mig, build the migrator, and\n"
	       "record that the database already has it (docs/autogenerate.md):\n"
	       "  migc -C %s revision --autogenerate -m \"adopt the existing schema\"\n"
	       "  migc -C %s build -o ./migrate\n"
	       "  ./migrate --url URL stamp head\n", dir, dir);
	return 0;
}
