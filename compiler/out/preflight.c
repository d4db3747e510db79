/*
 * preflight.c - generating the pre-flight data checks (see preflight.h).
 *
 * Every check is the same PL/pgSQL block (PREFLIGHT_BODY) with its own
 * parameters: the table, a predicate that is true for an offending row
 * (written here from the statement, or read from the catalog for
 * `validate constraint` and for a foreign key's referenced columns), the
 * SQLSTATE the statement itself would raise, and the words of the
 * message.  The block looks the table's primary key up in the catalog when
 * it runs (the key the rows have now, whatever an `execute` did), so the
 * sample is primary-key values, or ctid for a table without one; it never
 * selects any other column.  A table that does not exist, a constraint the
 * catalog lacks, a column whose type is not text-like (a cast check), a
 * count that fails (a column the same ALTER TABLE adds, an expression the
 * server rejects): the block does nothing, and the statement reports its
 * own error; only a lock timeout in the count is raised as it is.
 *
 * Guarantees: the statements' checksums are untouched (preflights are
 * not revision content); a check goes at the revision's start when no
 * earlier statement of the revision can change the tables it reads, else
 * right before the statement it guards, so it sees earlier updates.
 */
#include "preflight.h"

#include <stdbool.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "migrt.h"
#include "project.h"
#include "sql.h"

#define PF_QUOTE "$migc_preflight$"

/* The block's text after its parameters (see the DECLARE in pf_render). */
static const char PREFLIGHT_BODY[] =
	"\tc record;\n"
	"\tkeycols text[];\n"
	"\tkeyexpr text;\n"
	"\tord text;\n"
	"\tn bigint;\n"
	"\tsample text;\n"
	"\tnk bigint;\n"
	"\textra text := '';\n"
	"BEGIN\n"
	"\tIF tbl IS NULL THEN\n"
	"\t\tRETURN;\n"
	"\tEND IF;\n"
	"\tIF cast_col IS NOT NULL AND NOT EXISTS (SELECT FROM pg_attribute\n"
	"\t\t\tWHERE attrelid = tbl AND attname = cast_col\n"
	"\t\t\tAND atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype)) THEN\n"
	"\t\tRETURN;\n"
	"\tEND IF;\n"
	"\tIF con IS NOT NULL THEN\n"
	"\t\tSELECT * INTO c FROM pg_constraint WHERE conrelid = tbl AND conname = con;\n"
	"\t\tIF NOT FOUND OR c.contype NOT IN ('c', 'f') THEN\n"
	"\t\t\tRETURN;\n"
	"\t\tEND IF;\n"
	"\t\tIF c.contype = 'c' THEN\n"
	"\t\t\tpred := format('NOT (%s)', pg_get_expr(c.conbin, c.conrelid));\n"
	"\t\t\tcode := '23514';\n"
	"\t\t\twhat := format('violate check constraint %I', con);\n"
	"\t\tELSE\n"
	"\t\t\tfk_ref := c.confrelid;\n"
	"\t\t\tfk_cols := ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(num, i)\n"
	"\t\t\t\tJOIN pg_attribute a ON a.attrelid = tbl AND a.attnum = k.num ORDER BY k.i);\n"
	"\t\t\tfk_refcols := ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(num, i)\n"
	"\t\t\t\tJOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.num ORDER BY k.i);\n"
	"\t\t\tcode := '23503';\n"
	"\t\t\twhat := format('reference rows that %s lacks (foreign key %I)', fk_ref, con);\n"
	"\t\tEND IF;\n"
	"\tEND IF;\n"
	"\tIF fk_cols IS NOT NULL THEN\n"
	"\t\tIF fk_ref IS NULL THEN\n"
	"\t\t\tRETURN;\n"
	"\t\tEND IF;\n"
	"\t\tIF cardinality(fk_refcols) = 0 THEN\n"
	"\t\t\tfk_refcols := ARRAY(SELECT a.attname::text FROM pg_index x\n"
	"\t\t\t\tCROSS JOIN unnest(x.indkey::int2[]) WITH ORDINALITY k(num, i)\n"
	"\t\t\t\tJOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num\n"
	"\t\t\t\tWHERE x.indrelid = fk_ref AND x.indisprimary ORDER BY k.i);\n"
	"\t\tEND IF;\n"
	"\t\tIF cardinality(fk_refcols) <> cardinality(fk_cols) THEN\n"
	"\t\t\tRETURN;\n"
	"\t\tEND IF;\n"
	"\t\tpred := (SELECT string_agg(format('m.%I IS NOT NULL', x), ' AND ') FROM unnest(fk_cols) x)\n"
	"\t\t\t|| format(' AND NOT EXISTS (SELECT FROM %s p WHERE %s)', fk_ref,\n"
	"\t\t\t\t(SELECT string_agg(format('p.%I = m.%I', y, x), ' AND ')\n"
	"\t\t\t\t FROM unnest(fk_cols, fk_refcols) u(x, y)));\n"
	"\tEND IF;\n"
	"\tBEGIN\n"
	"\t\tEXECUTE format('SELECT count(*) FROM %s AS m WHERE %s', tbl, pred) INTO n;\n"
	"\tEXCEPTION\n"
	"\t\tWHEN lock_not_available THEN\n"
	"\t\t\tRAISE;\n"
	"\t\tWHEN OTHERS THEN\n"
	"\t\t\tRETURN;\n"
	"\tEND;\n"
	"\tIF n = 0 THEN\n"
	"\t\tRETURN;\n"
	"\tEND IF;\n"
	"\tIF ukey IS NOT NULL THEN\n"
	"\t\tEXECUTE format('SELECT count(*) FROM (SELECT FROM %s AS m WHERE %s GROUP BY %s) s',\n"
	"\t\t\ttbl, pred, ukey) INTO nk;\n"
	"\t\textra := format(': %s key value%s held more than once', nk,\n"
	"\t\t\tCASE WHEN nk = 1 THEN '' ELSE 's' END);\n"
	"\tEND IF;\n"
	"\tkeycols := ARRAY(SELECT a.attname::text FROM pg_index x\n"
	"\t\tCROSS JOIN unnest(x.indkey::int2[]) WITH ORDINALITY k(num, i)\n"
	"\t\tJOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.num\n"
	"\t\tWHERE x.indrelid = tbl AND x.indisprimary ORDER BY k.i);\n"
	"\tIF cardinality(keycols) = 0 THEN\n"
	"\t\tkeyexpr := 'm.ctid::text';\n"
	"\t\tord := 'm.ctid';\n"
	"\tELSE\n"
	"\t\tord := (SELECT string_agg(format('m.%I', x), ', ') FROM unnest(keycols) x);\n"
	"\t\tkeyexpr := CASE WHEN cardinality(keycols) = 1 THEN ord || '::text'\n"
	"\t\t\tELSE 'ROW(' || ord || ')::text' END;\n"
	"\tEND IF;\n"
	"\tEXECUTE format('SELECT string_agg(k, '', '') FROM (SELECT %s AS k FROM %s AS m WHERE %s '\n"
	"\t\t'ORDER BY %s LIMIT 5) s', keyexpr, tbl, pred, ord) INTO sample;\n"
	"\tRAISE EXCEPTION USING ERRCODE = code,\n"
	"\t\tMESSAGE = format('pre-flight check failed: %s row%s of %s %s%s', n,\n"
	"\t\t\tCASE WHEN n = 1 THEN '' ELSE 's' END, tbl, what, extra),\n"
	"\t\tDETAIL = format('first keys (%s): %s', CASE WHEN cardinality(keycols) = 0\n"
	"\t\t\tTHEN 'ctid, no primary key' ELSE array_to_string(keycols, ', ') END, sample),\n"
	"\t\tHINT = 'correct those rows first; --no-preflight runs the statement unchecked';\n"
	"END\n"
	PF_QUOTE;

/* One check's parameters; NULL members are SQL NULL. */
struct pf {
	const struct ast_name *table;
	const char *pred;
	const char *what;
	const char *code;
	const char *con;
	const struct ast_ident *fk_cols;	/* NULL: not a foreign key */
	size_t n_fk_cols;
	const struct ast_name *fk_ref;
	const struct ast_ident *fk_refcols;
	size_t n_fk_refcols;
	const char *cast_col;
	const char *ukey;	/* a unique key's elements, for the count of
				 * duplicated values */
};

static void put_lit(struct strbuf *sb, const char *s)
{
	if (s)
		sql_put_literal(sb, s);
	else
		sb_puts(sb, "NULL");
}

static const char *name_text(struct arena *a, const struct ast_name *n)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sql_put_name(&sb, n);
	return sb_str(&sb);
}

static void put_cols(struct strbuf *sb, const struct ast_ident *cols, size_t n)
{
	sb_puts(sb, "ARRAY[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ", ");
		sql_put_literal(sb, cols[i].name);
	}
	sb_puts(sb, "]::text[]");
}

/* The block, or NULL when a parameter holds its dollar quote. */
static const char *pf_render(struct arena *a, const struct pf *pf)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "DO " PF_QUOTE "\nDECLARE\n\ttbl regclass := to_regclass(");
	put_lit(&sb, name_text(a, pf->table));
	sb_puts(&sb, ");\n\tpred text := ");
	put_lit(&sb, pf->pred);
	sb_puts(&sb, ";\n\twhat text := ");
	put_lit(&sb, pf->what);
	sb_puts(&sb, ";\n\tcode text := ");
	put_lit(&sb, pf->code);
	sb_puts(&sb, ";\n\tcon text := ");
	put_lit(&sb, pf->con);
	sb_puts(&sb, ";\n\tfk_cols text[] := ");
	if (pf->fk_cols)
		put_cols(&sb, pf->fk_cols, pf->n_fk_cols);
	else
		sb_puts(&sb, "NULL");
	sb_puts(&sb, ";\n\tfk_ref regclass := to_regclass(");
	put_lit(&sb, pf->fk_ref ? name_text(a, pf->fk_ref) : NULL);
	sb_puts(&sb, ");\n\tfk_refcols text[] := ");
	put_cols(&sb, pf->fk_refcols, pf->n_fk_refcols);
	sb_puts(&sb, ";\n\tcast_col text := ");
	put_lit(&sb, pf->cast_col);
	sb_puts(&sb, ";\n\tukey text := ");
	put_lit(&sb, pf->ukey);
	sb_puts(&sb, ";\n");
	size_t params_end = sb.len;
	sb_puts(&sb, PREFLIGHT_BODY);
	const char *s = sb_str(&sb);
	const char *q = strstr(s + 3 + strlen(PF_QUOTE), PF_QUOTE);
	if (q && (size_t)(q - s) < params_end)
		return NULL;
	return s;
}

/* "(a, b)" or "(lower(email))": a unique key's elements as SQL. */
static void put_key(struct strbuf *sb, const struct ast_stmt *s,
		    const struct ast_constraint *c, const char *sep, const char *suffix)
{
	size_t n = c ? c->n_columns : s->u.index.n_elems;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, sep);
		if (c)
			sql_put_ident(sb, c->columns[i].name);
		else if (s->u.index.elems[i].expr)
			sb_printf(sb, "(%s)", s->u.index.elems[i].expr->text);
		else
			sql_put_ident(sb, s->u.index.elems[i].column.name);
		sb_puts(sb, suffix);
	}
}

/* "a, lower(b)": the key's elements, for GROUP BY. */
static const char *key_list(struct arena *a, const struct ast_stmt *s,
			    const struct ast_constraint *c)
{
	struct strbuf sb;
	sb_init(&sb, a);
	put_key(&sb, s, c, ", ", "");
	return sb_str(&sb);
}

/* Rows whose key another row holds too (NULLs are distinct, as in a
 * unique index), within a partial index's WHERE. */
static const char *unique_pred(struct arena *a, const struct ast_stmt *s,
			       const struct ast_name *table,
			       const struct ast_constraint *c)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_putc(&sb, '(');
	put_key(&sb, s, c, ", ", "");
	sb_puts(&sb, ") IN (SELECT ");
	put_key(&sb, s, c, ", ", "");
	sb_puts(&sb, " FROM ");
	sql_put_name(&sb, table);
	sb_puts(&sb, " WHERE ");
	put_key(&sb, s, c, " AND ", " IS NOT NULL");
	if (!c && s->u.index.where)
		sb_printf(&sb, " AND (%s)", s->u.index.where->text);
	sb_puts(&sb, " GROUP BY ");
	put_key(&sb, s, c, ", ", "");
	sb_puts(&sb, " HAVING count(*) > 1)");
	if (!c && s->u.index.where)
		sb_printf(&sb, " AND (%s)", s->u.index.where->text);
	return sb_str(&sb);
}

static const char *unique_what(struct arena *a, const struct ast_stmt *s,
			       const struct ast_constraint *c)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "share their key (");
	put_key(&sb, s, c, ", ", "");
	sb_printf(&sb, ") with another row (unique %s", c ? "constraint" : "index");
	const char *name = c ? c->name : s->target.name;
	if (name) {
		sb_putc(&sb, ' ');
		sql_put_ident(&sb, name);
	}
	sb_putc(&sb, ')');
	return sb_str(&sb);
}

/* The predicate for values of `col` that do not cast to `t`, or NULL when
 * the cast cannot fail or cannot be decided by a pattern (docs). */
static const char *cast_pred(struct arena *a, const char *col, const struct ast_type *t)
{
	static const char *const lim[][2] = {
		[TY_SMALLINT] = { "-32768", "32767" },
		[TY_INTEGER] = { "-2147483648", "2147483647" },
		[TY_BIGINT] = { "-9223372036854775808", "9223372036854775807" },
	};
	const char *c = sql_ident(a, col);
	if (t->array_dims)
		return NULL;
	switch (t->kind) {
	case TY_SMALLINT:
	case TY_INTEGER:
	case TY_BIGINT:
		return arena_printf(a, "%s IS NOT NULL AND CASE WHEN %s ~ "
				    "'^[[:space:]]*[+-]?[0-9]+[[:space:]]*$' THEN %s::numeric "
				    "NOT BETWEEN %s AND %s ELSE true END", c, c, c,
				    lim[t->kind][0], lim[t->kind][1]);
	case TY_NUMERIC:
		if (t->mod1 >= 0)
			return NULL;
		return arena_printf(a, "%s IS NOT NULL AND %s !~ '^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|"
				    "[.][0-9]+)([eE][+-]?[0-9]+)?[[:space:]]*$' AND lower(btrim(%s)) "
				    "NOT IN ('nan', 'infinity', '+infinity', '-infinity', 'inf', "
				    "'+inf', '-inf')", c, c, c);
	default:
		return NULL;
	}
}

/* Whether a type change converts the column's own values with a plain
 * cast: no USING (an assignment cast), or USING "col::type" exactly. */
static bool plain_cast(const struct ast_alter *al)
{
	if (!al->expr)
		return true;
	const char *t = al->expr->text, *col = al->name.name;
	size_t n = strlen(col);
	while (*t == ' ')
		t++;
	if (t[0] == '"' && strncmp(t + 1, col, n) == 0 && t[n + 1] == '"')
		t += n + 2;
	else if (strncmp(t, col, n) == 0)
		t += n;
	else
		return false;
	while (*t == ' ')
		t++;
	if (strncmp(t, "::", 2) != 0)
		return false;
	for (t += 2; *t; t++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ()", *t))
			return false;
	return true;
}

/* What the checks of statement `s` are; returns how many (at most 8 are
 * written, one per ALTER TABLE action that needs one). */
static size_t pf_collect(struct arena *a, const struct ast_stmt *s, struct pf *out,
			 size_t max)
{
	size_t n = 0;
	if (s->kind == STMT_CREATE_INDEX && s->u.index.unique && s->u.index.n_elems) {
		out[n++] = (struct pf){ .table = &s->u.index.table,
					.pred = unique_pred(a, s, &s->u.index.table, NULL),
					.what = unique_what(a, s, NULL), .code = "23505",
					.ukey = key_list(a, s, NULL) };
		return n;
	}
	if (s->kind != STMT_ALTER_TABLE)
		return 0;
	for (size_t i = 0; i < s->u.alter.n_alters && n < max; i++) {
		const struct ast_alter *al = &s->u.alter.alters[i];
		const struct ast_constraint *c = al->constraint;
		struct pf pf = { .table = &s->target };
		switch (al->kind) {
		case ALT_SET_NOT_NULL:
			pf.pred = arena_printf(a, "%s IS NULL", sql_ident(a, al->name.name));
			pf.what = arena_printf(a, "have NULL in column %s, which \"set not null\" "
					       "forbids", sql_ident(a, al->name.name));
			pf.code = "23502";
			break;
		case ALT_VALIDATE_CONSTRAINT:
			pf.con = al->name.name;
			break;
		case ALT_ALTER_TYPE:
			if (!plain_cast(al) || !(pf.pred = cast_pred(a, al->name.name, &al->type)))
				continue;
			pf.what = arena_printf(a, "hold values in column %s that do not cast to %s",
					       sql_ident(a, al->name.name), sql_type(a, &al->type));
			pf.code = "22P02";
			pf.cast_col = al->name.name;
			break;
		case ALT_ADD_CONSTRAINT:
			if (!c || c->not_valid)
				continue;
			if (c->kind == CON_UNIQUE && c->n_columns) {
				pf.pred = unique_pred(a, s, &s->target, c);
				pf.what = unique_what(a, s, c);
				pf.code = "23505";
				pf.ukey = key_list(a, s, c);
			} else if (c->kind == CON_CHECK && c->expr) {
				pf.pred = arena_printf(a, "NOT (%s)", c->expr->text);
				pf.what = arena_printf(a, "violate the check (%s)", c->expr->text);
				pf.code = "23514";
			} else if (c->kind == CON_FOREIGN_KEY && c->n_columns) {
				struct strbuf sb;
				sb_init(&sb, a);
				sb_puts(&sb, "reference rows that ");
				sql_put_name(&sb, &c->ref_table);
				sb_puts(&sb, " lacks (foreign key ");
				if (c->name) {
					sql_put_ident(&sb, c->name);
					sb_putc(&sb, ' ');
				}
				sb_putc(&sb, '(');
				for (size_t k = 0; k < c->n_columns; k++) {
					if (k)
						sb_puts(&sb, ", ");
					sql_put_ident(&sb, c->columns[k].name);
				}
				sb_puts(&sb, "))");
				pf.what = sb_str(&sb);
				pf.code = "23503";
				pf.fk_cols = c->columns;
				pf.n_fk_cols = c->n_columns;
				pf.fk_ref = &c->ref_table;
				pf.fk_refcols = c->ref_columns;
				pf.n_fk_refcols = c->n_ref_columns;
			} else {
				continue;
			}
			break;
		default:
			continue;
		}
		out[n++] = pf;
	}
	return n;
}

static bool same_table(const struct ast_name *x, const struct ast_name *y)
{
	return x && y && x->name && y->name && strcmp(x->name, y->name) == 0;
}

/* Whether `s` may change the rows or the names of `t` (conservative:
 * schemas are ignored; an execute or a rename may change anything). */
static bool touches(const struct ast_stmt *s, const struct ast_name *t)
{
	switch (s->kind) {
	case STMT_EXECUTE:
	case STMT_RENAME_TABLE:
	case STMT_RENAME_COLUMN:
	case STMT_RENAME_CONSTRAINT:
	case STMT_DROP_SCHEMA:
	case STMT_DROP_TYPE:
		return true;
	case STMT_DROP_TABLE:
	case STMT_DROP_INDEX:
		for (size_t i = 0; i < ast_drop_count(s); i++) {	/* drop table a, b: each */
			struct ast_stmt one = ast_drop_one(s, i);
			if (same_table(&one.target, t))
				return true;
		}
		return false;
	default:
		return same_table(&s->target, t) || same_table(ast_stmt_table(s), t);
	}
}

void preflight_build(struct arena *a, const struct revision *r,
		     struct migrt_revision *m)
{
	const struct ast_revision *ar = r->ast;
	struct migrt_stmt *out = NULL;
	uint32_t *before = NULL;
	size_t n = 0, cap = 0;

	m->preflight = NULL;
	m->preflight_before = NULL;
	m->n_preflight = 0;
	if (ar->no_transaction || ar->n_upgrade != r->n_up)
		return;
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		struct pf pfs[8];
		size_t k = pf_collect(a, &ar->upgrade[i], pfs, 8);
		for (size_t j = 0; j < k; j++) {
			const char *sql = pf_render(a, &pfs[j]);
			if (!sql)
				continue;
			/* the revision's start unless an earlier statement may
			 * change what the check reads */
			uint32_t at = 0;
			for (size_t e = 0; e < i; e++)
				if (touches(&ar->upgrade[e], pfs[j].table) ||
				    (pfs[j].fk_ref && touches(&ar->upgrade[e], pfs[j].fk_ref)))
					at = (uint32_t)i;
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 4;
				out = arena_grow(a, out, cap * sizeof *out, nc * sizeof *out);
				before = arena_grow(a, before, cap * sizeof *before,
						    nc * sizeof *before);
				cap = nc;
			}
			/* keep the array ordered by `before`: insert after the
			 * last entry whose position is not later */
			size_t pos = n;
			while (pos > 0 && before[pos - 1] > at)
				pos--;
			memmove(out + pos + 1, out + pos, (n - pos) * sizeof *out);
			memmove(before + pos + 1, before + pos, (n - pos) * sizeof *before);
			out[pos] = (struct migrt_stmt){ .sql = sql, .line = (uint32_t)r->up[i].line };
			before[pos] = at;
			n++;
		}
	}
	m->preflight = n ? out : NULL;
	m->preflight_before = n ? before : NULL;
	m->n_preflight = (uint32_t)n;
}
