/*
 * model_domain.c - a domain's parts (model.h, struct m_domain): read from
 * its create statement (as written, or as written back here), changed by
 * alter domain (replay_domain.c), written back, and compared part by part
 * so that autogenerate and derived downgrades write alter domain
 * statements instead of drop and create.
 *
 * The create statement is split with SQL's lexical rules (sqltext.h) at
 * the words that start a clause outside parentheses: default, constraint,
 * not null, null, check, collate.  Unnamed checks get the names
 * PostgreSQL gives them (d_check, d_check1, ...), so that a later
 * "drop constraint d_check" finds its constraint.  Expressions are kept
 * as written and compared by model_expr_equal().  A not valid check
 * cannot be written in create domain: it lives in m_utype.nv and is added
 * by its own alter domain.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "model.h"
#include "sql.h"
#include "sqltext.h"

struct tok {
	size_t s, e;
	enum sqlt_kind k;
};

/* The significant tokens of sql (arena array, *n of them). */
static struct tok *tokens(struct arena *a, const char *sql, size_t *n)
{
	size_t len = strlen(sql), cap = 16, i = 0;
	struct tok *v = arena_alloc(a, cap * sizeof *v);
	*n = 0;
	while ((i = sqlt_skip_blank(sql, len, i)) < len) {
		enum sqlt_kind k;
		size_t e = sqlt_token(sql, len, i, &k);
		if (*n == cap) {
			v = arena_grow(a, v, cap * sizeof *v, 2 * cap * sizeof *v);
			cap *= 2;
		}
		v[(*n)++] = (struct tok){ i, e, k };
		i = e;
	}
	return v;
}

static bool is_word(const char *sql, const struct tok *t, const char *w)
{
	return t->k == SQLT_WORD && t->e - t->s == strlen(w) &&
	       strncasecmp(sql + t->s, w, t->e - t->s) == 0;
}

static bool is_punct(const char *sql, const struct tok *t, char c)
{
	return t->k == SQLT_PUNCT && sql[t->s] == c;
}

static void put_sb(void *ctx, const char *s, size_t n)
{
	sb_put(ctx, s, n);
}

static const char *ident_of(struct arena *a, const char *sql, const struct tok *t)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	sqlt_put_token_ident(put_sb, &sb, sql + t->s, t->e - t->s, t->k);
	return sb_str(&sb);
}

/* Does a clause start at token i (outside parentheses)? */
static bool clause_start(const char *sql, const struct tok *v, size_t i, size_t n)
{
	static const char *const words[] = { "default", "constraint", "null", "check", "collate" };
	for (size_t k = 0; k < sizeof words / sizeof *words; k++)
		if (is_word(sql, &v[i], words[k]))
			return true;
	return is_word(sql, &v[i], "not") && i + 1 < n && is_word(sql, &v[i + 1], "null");
}

/* The end of the tokens from i up to the next clause (exclusive index). */
static size_t clause_end(const char *sql, const struct tok *v, size_t i, size_t n)
{
	int depth = 0;
	size_t j = i;
	for (; j < n; j++) {
		if (is_punct(sql, &v[j], '(') || is_punct(sql, &v[j], '['))
			depth++;
		else if (is_punct(sql, &v[j], ')') || is_punct(sql, &v[j], ']'))
			depth--;
		else if (depth == 0 && (is_punct(sql, &v[j], ';') ||
					(j > i && clause_start(sql, v, j, n))))
			break;
	}
	return j;
}

/* The index after the parenthesis that closes the one at i. */
static size_t paren_end(const char *sql, const struct tok *v, size_t i, size_t n)
{
	int depth = 0;
	for (size_t j = i; j < n; j++) {
		if (is_punct(sql, &v[j], '('))
			depth++;
		else if (is_punct(sql, &v[j], ')') && --depth == 0)
			return j + 1;
	}
	return n;
}

static const char *span(struct arena *a, const char *sql, const struct tok *v, size_t i,
			size_t j)
{
	if (j <= i)
		return NULL;
	return arena_strndup(a, sql + v[i].s, v[j - 1].e - v[i].s);
}

static void add_con(struct arena *a, struct m_domain *d, struct m_domcon c)
{
	d->cons = arena_grow(a, d->cons, d->n_cons * sizeof c, (d->n_cons + 1) * sizeof c);
	d->cons[d->n_cons++] = c;
}

struct m_domcon *model_domain_con(const struct m_domain *d, const char *name)
{
	for (size_t i = 0; i < d->n_cons; i++)
		if (d->cons[i].name && strcmp(d->cons[i].name, name) == 0)
			return &d->cons[i];
	return NULL;
}

const char *model_domain_auto_name(struct arena *a, const struct m_domain *d,
				   const char *dname)
{
	const char *base = arena_printf(a, "%s_check", dname);
	const char *name = base;
	for (int k = 1; model_domain_con(d, name); k++)
		name = arena_printf(a, "%s%d", base, k);
	return name;
}

/* Reads the clauses of `sql` from token i; false on a shape not known. */
static bool clauses(struct arena *a, const char *sql, const struct tok *v, size_t i, size_t n,
		    struct m_domain *d)
{
	const char *cname = NULL;
	while (i < n && !is_punct(sql, &v[i], ';')) {
		size_t j;
		if (is_word(sql, &v[i], "constraint") && i + 1 < n) {
			cname = ident_of(a, sql, &v[i + 1]);
			i += 2;
			continue;
		}
		if (is_word(sql, &v[i], "default") || is_word(sql, &v[i], "collate")) {
			j = clause_end(sql, v, i + 1, n);
			const char *t = span(a, sql, v, i + 1, j);
			if (!t)
				return false;
			if (is_word(sql, &v[i], "default"))
				d->def = t;
			else
				d->collate = t;
			i = j;
		} else if (is_word(sql, &v[i], "not") && i + 1 < n && is_word(sql, &v[i + 1], "null")) {
			d->notnull = true;
			i += 2;
		} else if (is_word(sql, &v[i], "null")) {
			d->notnull = false;
			i++;
		} else if (is_word(sql, &v[i], "check") && i + 1 < n && is_punct(sql, &v[i + 1], '(')) {
			j = paren_end(sql, v, i + 1, n);
			if (j < i + 3 || !is_punct(sql, &v[j - 1], ')'))
				return false;
			struct m_domcon c = { cname, span(a, sql, v, i + 2, j - 1), false };
			if (!c.check)
				return false;
			if (j + 1 < n && is_word(sql, &v[j], "not") && is_word(sql, &v[j + 1], "valid")) {
				c.not_valid = true;
				j += 2;
			}
			add_con(a, d, c);
			i = j;
		} else {
			return false;
		}
		cname = NULL;
	}
	return true;
}

struct m_domain *model_domain_of(struct arena *a, const struct m_utype *t)
{
	size_t n, i = 0;
	const char *sql = t->sql;
	struct tok *v = tokens(a, sql, &n);
	if (t->kind != 'd' || n < 4 || !is_word(sql, &v[0], "create") ||
	    !is_word(sql, &v[1], "domain"))
		return NULL;
	i = 3;
	if (i + 1 < n && is_punct(sql, &v[i], '.'))
		i += 2;
	struct m_domain *d = arena_calloc(a, 1, sizeof *d);
	d->head = span(a, sql, v, 0, i);
	if (i < n && is_word(sql, &v[i], "as"))
		i++;
	size_t j = clause_end(sql, v, i, n);
	d->base = span(a, sql, v, i, j);
	if (!d->base || !clauses(a, sql, v, j, n, d))
		return NULL;
	for (size_t k = 0; k < d->n_cons; k++)
		if (!d->cons[k].name)
			d->cons[k].name = model_domain_auto_name(a, d, t->name);
	for (size_t k = 0; k < t->n_nv; k++)
		add_con(a, d, t->nv[k]);
	return d;
}

void model_domain_store(struct arena *a, struct m_utype *t, const struct m_domain *d)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_printf(&sb, "%s AS %s", d->head, d->base);
	if (d->collate)
		sb_printf(&sb, " COLLATE %s", d->collate);
	if (d->def)
		sb_printf(&sb, " DEFAULT %s", d->def);
	if (d->notnull)
		sb_puts(&sb, " NOT NULL");
	t->nv = NULL;
	t->n_nv = 0;
	struct m_domcon *nv = arena_calloc(a, d->n_cons + 1, sizeof *nv);
	for (size_t i = 0; i < d->n_cons; i++) {
		if (d->cons[i].not_valid)
			nv[t->n_nv++] = d->cons[i];
		else
			sb_printf(&sb, " CONSTRAINT %s CHECK (%s)", sql_ident(a, d->cons[i].name),
				  d->cons[i].check);
	}
	if (t->n_nv)
		t->nv = nv;
	t->sql = sb_str(&sb);
}

static const char *add_sql(struct arena *a, const char *q, const struct m_domcon *c)
{
	return arena_printf(a, "ALTER DOMAIN %s ADD CONSTRAINT %s CHECK (%s)%s", q,
			    sql_ident(a, c->name), c->check, c->not_valid ? " NOT VALID" : "");
}

struct out {
	struct arena *a;
	const char **v;
	size_t n;
};

static void push(struct out *o, const char *s)
{
	o->v = arena_grow(o->a, o->v, o->n * sizeof *o->v, (o->n + 1) * sizeof *o->v);
	o->v[o->n++] = s;
}

const char **model_domain_alter(struct arena *a, const char *q, const struct m_domain *from,
				const struct m_domain *to, size_t *n)
{
	struct out o = { a, NULL, 0 };
	*n = 0;
	if (!model_expr_equal(a, from->base, to->base) ||
	    !model_expr_equal(a, from->collate ? from->collate : "", to->collate ? to->collate : ""))
		return NULL;
	if (!model_expr_equal(a, from->def ? from->def : "", to->def ? to->def : ""))
		push(&o, to->def ? arena_printf(a, "ALTER DOMAIN %s SET DEFAULT %s", q, to->def)
				 : arena_printf(a, "ALTER DOMAIN %s DROP DEFAULT", q));
	for (size_t i = 0; i < from->n_cons; i++) {
		const struct m_domcon *c = &from->cons[i];
		const struct m_domcon *x = model_domain_con(to, c->name);
		if (!x || !model_expr_equal(a, c->check, x->check))
			push(&o, arena_printf(a, "ALTER DOMAIN %s DROP CONSTRAINT %s", q,
					      sql_ident(a, c->name)));
	}
	if (from->notnull != to->notnull)
		push(&o, arena_printf(a, "ALTER DOMAIN %s %s NOT NULL", q,
				      to->notnull ? "SET" : "DROP"));
	for (size_t i = 0; i < to->n_cons; i++) {
		const struct m_domcon *c = &to->cons[i];
		const struct m_domcon *x = model_domain_con(from, c->name);
		if (!x || !model_expr_equal(a, c->check, x->check))
			push(&o, add_sql(a, q, c));
	}
	if (!o.v)
		o.v = arena_calloc(a, 1, sizeof *o.v);
	*n = o.n;
	return o.v;
}

const char **model_utype_create_sql(struct arena *a, const struct m_utype *t, const char *q,
				    size_t *n)
{
	struct out o = { a, NULL, 0 };
	push(&o, t->sql);
	for (size_t i = 0; i < t->n_nv; i++)
		push(&o, add_sql(a, q, &t->nv[i]));
	*n = o.n;
	return o.v;
}

const char *model_domain_clause(struct arena *a, const char *sql, bool check)
{
	size_t n;
	struct tok *v = tokens(a, sql, &n);
	for (size_t i = 3; i + 1 < n; i++) {
		if (check && is_word(sql, &v[i], "check") && is_punct(sql, &v[i + 1], '(')) {
			size_t j = paren_end(sql, v, i + 1, n);
			if (j < i + 3 || !is_punct(sql, &v[j - 1], ')'))
				return NULL;
			return span(a, sql, v, i + 2, j - 1);
		}
		if (!check && is_word(sql, &v[i - 1], "set") && is_word(sql, &v[i], "default")) {
			size_t j = n;
			while (j > i + 1 && is_punct(sql, &v[j - 1], ';'))
				j--;
			return span(a, sql, v, i + 1, j);
		}
	}
	return NULL;
}

bool model_utype_same(struct arena *a, const struct m_utype *x, const struct m_utype *y)
{
	if (x->kind != y->kind)
		return false;
	struct m_domain *dx = x->kind == 'd' ? model_domain_of(a, x) : NULL;
	struct m_domain *dy = dx ? model_domain_of(a, y) : NULL;
	if (!dx || !dy)
		return model_expr_equal(a, x->sql, y->sql);
	size_t n;
	const char **v = model_domain_alter(a, "d", dx, dy, &n);
	const char **w = model_domain_alter(a, "d", dy, dx, &n);
	return v && w && n == 0;
}
