/*
 * test_canon.c - compiler/front/pgsql_canon.c: two spellings PostgreSQL
 * stores alike have one canonical text, and spellings it keeps apart
 * (now() and current_timestamp, 1.50 and 1.5 on numeric, 0 and '0' on
 * bigint, 1 and 1.0 on double precision) do not; and the model's
 * equalities that use it (compiler/model/model_canon.c, model_equal.c).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "model.h"
#include "pgsql_canon.h"
#include "tap.h"

struct pair {
	const char *type;	/* NULL: a check or index expression */
	const char *x, *y;
	int equal;
};

static const struct pair pairs[] = {
	{ "uuid", "(GEN_RANDOM_UUID())", "gen_random_uuid()", 1 },
	{ "jsonb", "'[]'", "'[]'::jsonb", 1 },
	{ "jsonb", "'[]'", "'[]'::json", 0 },
	{ "integer", "-1", "'-1'", 1 },
	{ "integer", "-1", "'-1'::integer", 1 },
	{ "int4", "- 1", "'-1'::int", 1 },
	{ "bigint", "0", "'0'::bigint", 0 },		/* int8(0) is a cast */
	{ "bigint", "'0'", "'0'::bigint", 1 },
	{ "bigint", "5000000000", "'5000000000'", 1 },
	{ "smallint", "1", "'1'", 0 },
	{ "integer", "1", "2", 0 },
	{ "boolean", "true", "'1'", 1 },
	{ "boolean", "true", "'t'", 1 },
	{ "boolean", "TRUE", "'yes'::boolean", 1 },
	{ "bool", "false", "'off'", 1 },
	{ "boolean", "false", "'of'", 1 },
	{ "boolean", "false", "'o'", 0 },
	{ "boolean", "true", "'no'", 0 },
	{ "numeric(10,2)", "'-1.5'::numeric", "-1.5", 1 },
	{ "numeric", "1.50", "1.5", 0 },
	{ "double precision", "1", "'1'::float8", 0 },
	{ "double precision", "1", "1.0", 0 },
	{ "double precision", "'1'", "'1.0'::float8", 1 },
	{ "numeric", "1", "'1'", 0 },
	{ "numeric", "'1.50'", "1.50", 1 },
	{ "integer", "true", "'true'", 0 },
	{ "timestamptz", "now()", "CURRENT_TIMESTAMP", 0 },
	{ "timestamp with time zone", "current_timestamp", "CURRENT_TIMESTAMP", 1 },
	{ "varchar(20)", "'x'", "'x'::character varying", 1 },
	{ "varchar(20)", "'x'", "'x'::varchar(3) || 'y'", 0 },
	{ "text", "'x'", "'x'::text COLLATE \"C\"", 0 },
	{ "text[]", "'{}'", "'{}'::text[]", 1 },
	{ "text", "'{}'", "'{}'::text[]", 0 },
	{ "app.mood", "'ok'::mood", "'ok'", 1 },
	{ "app.mood", "'ok'::other.mood", "'ok'", 0 },
	{ "bigint", "nextval('s')", "nextval('s'::regclass)", 1 },
	{ "text", "$$a'b$$", "'a''b'", 1 },
	{ "text", "NULL", "null::text", 1 },
	{ "text", "(null)", "'null'", 0 },
	{ NULL, "stock >= -1", "(stock >= '-1'::integer)", 1 },
	{ NULL, "x = 5000000000", "x = '5000000000'::bigint", 1 },
	{ NULL, "x = 5", "x = '5'::bigint", 0 },
	{ NULL, "x = 1.50", "x = '1.50'::numeric", 1 },
	{ NULL, "x = 1", "x = '1'::numeric", 0 },
	{ NULL, "x = true", "x = 'yes'::boolean", 1 },
	{ NULL, "x = -1", "x = '-1'::int4[]", 0 },
	{ NULL, "(price > 0)", "PRICE>0", 1 },
	{ NULL, "((a + b)) * c", "(a+b)*c", 1 },
	{ NULL, "a + b * c", "(a + b) * c", 0 },
	{ NULL, "lower(\"Name\")", "LOWER(\"Name\")", 1 },
	{ NULL, "lower(\"Name\")", "lower(name)", 0 },
	{ NULL, "x IS NOT NULL -- note", "(x is not null)", 1 },
	{ NULL, "'1'", "1", 0 },
};

int main(void)
{
	size_t n = sizeof pairs / sizeof pairs[0];
	plan((int)n + 11);
	for (size_t i = 0; i < n; i++) {
		char *x = pgsql_canon_expr(pairs[i].x, pairs[i].type);
		char *y = pgsql_canon_expr(pairs[i].y, pairs[i].type);
		int eq = x && y && strcmp(x, y) == 0;
		char name[256];
		snprintf(name, sizeof name, "%s: %s %s %s", pairs[i].type ? pairs[i].type : "expr",
			 pairs[i].x, pairs[i].equal ? "==" : "!=", pairs[i].y);
		if (!ok(eq == pairs[i].equal, name))
			printf("#   %s | %s\n", x ? x : "(null)", y ? y : "(null)");
		free(x);
		free(y);
	}
	char *c = pgsql_canon_expr("(GEN_RANDOM_UUID())", NULL);
	is_str(c, "gen_random_uuid()", "the canonical text is the deparser's");
	free(c);
	ok(pgsql_canon_expr("1 +", NULL) == NULL, "a text the grammar refuses has none");
	ok(pgsql_canon_expr("1); drop table t; select (1", NULL) == NULL,
	   "a text that is more than one expression has none");
	char *q1 = pgsql_canon_query("select A, (b) from T where (x = 1)");
	char *q2 = pgsql_canon_query("SELECT a, b\nFROM t WHERE x=1 -- the view");
	ok(q1 && q2 && strcmp(q1, q2) == 0, "a view's query in two spellings has one canonical text");
	free(q1);
	free(q2);
	q1 = pgsql_canon_query("select a from t");
	q2 = pgsql_canon_query("select a from \"T\"");
	ok(q1 && q2 && strcmp(q1, q2) != 0, "a quoted mixed-case table is another table");
	free(q1);
	free(q2);
	ok(pgsql_canon_query("select 1; select 2") == NULL, "two statements are no query");

	struct arena A;
	arena_init(&A);
	ok(model_query_equal(&A, "select A from T", "SELECT a FROM t"), "model_query_equal: canonical");
	ok(!model_query_equal(&A, "select a from t", "select b from t"), "model_query_equal: other column");
	ok(model_query_equal(&A, "select A from T", "SELECT a FROM t"), "model_query_equal: again, cached");
	struct m_column x = { .name = "c", .type = { .kind = TY_INTEGER, .mod1 = -1, .mod2 = -1 },
			      .default_text = "'-1'" };
	struct m_column y = x;
	y.default_text = "(-1)";
	ok(model_default_equal(&A, &x, &y), "model_default_equal: '-1' and (-1) on integer");
	y.default_text = NULL;
	x.default_text = "NULL";
	ok(model_default_equal(&A, &x, &y), "model_default_equal: default null and none");
	arena_free(&A);
	return tap_done();
}
