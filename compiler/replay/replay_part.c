/*
 * replay_part.c - partitioned tables and partitions in the model:
 * CREATE TABLE ... PARTITION BY, CREATE TABLE ... PARTITION OF, ALTER
 * TABLE ... ATTACH | DETACH PARTITION, and what PostgreSQL does to
 * partitions when their parent changes.
 *
 * PostgreSQL's rules kept here: the strategy is range, list or hash; a
 * bound has the strategy's form (from/to, in, with (modulus, remainder);
 * default except for hash); the parent of a partition is partitioned; a
 * partition's columns are its parent's (copied when it is created or
 * attached, and again after every change to the parent's columns; a
 * table attached keeps its own not null and defaults); a table attached
 * must have exactly the parent's column names and types;
 * dropping a partitioned table drops its partitions; detach ...
 * concurrently is refused while the parent has a default partition, and
 * detach ... finalize always (the model has no half-detached partition: a
 * concurrent detach completes within its revision); a primary key or
 * unique constraint includes the partition key (replay_partkey.c).  What
 * attach and detach do to a partition's own columns, checks and indexes:
 * replay_part_attach.c.  Not modelled: the indexes and constraints
 * PostgreSQL clones onto partitions (model.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "naming.h"
#include "replay_int.h"
#include "sql.h"
#include "sqltext.h"

/* The first word of s, lower case, and where it ends. */
static const char *word_at(struct arena *a, const char *s, size_t *end)
{
	size_t i = *end;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	size_t b = i;
	while (isalnum((unsigned char)s[i]) || s[i] == '_')
		i++;
	*end = i;
	char *w = arena_strndup(a, s + b, i - b);
	for (char *p = w; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return w;
}

static const char *strategy(struct arena *a, const char *by)
{
	size_t e = 0;
	return by ? word_at(a, by, &e) : NULL;
}

/* Checks that `bound` suits the parent's strategy; reports at `at`. */
static bool bound_ok(struct rp *r, const struct m_table *parent, const char *bound,
		     struct loc at)
{
	const char *st = strategy(r->a, parent->part_by);
	size_t e = 0;
	const char *w = word_at(r->a, bound, &e);
	if (strcmp(w, "default") == 0) {
		if (strcmp(st, "hash") == 0) {
			rp_error(r, at, "a hash-partitioned table may not have a default partition");
			return false;
		}
		return true;
	}
	word_at(r->a, bound, &e);	/* values */
	w = word_at(r->a, bound, &e);
	const char *want = strcmp(st, "range") == 0 ? "from" : strcmp(st, "list") == 0 ? "in" : "with";
	if (strcmp(w, want) != 0) {
		rp_error(r, at, "invalid bound specification for a %s partition", st);
		return false;
	}
	return true;
}

/* Does statement s (on the parent) set or drop column col's default
 * (what 'd') or drop its not null ('n')?  PostgreSQL does it on the
 * partitions too, their own or not. */
static bool stmt_changes(const struct ast_stmt *s, const char *col, char what)
{
	if (!s || s->kind != STMT_ALTER_TABLE)
		return false;
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		const struct ast_alter *a = &s->u.alter.alters[i];
		bool hit = what == 'd' ? a->kind == ALT_SET_DEFAULT || a->kind == ALT_DROP_DEFAULT
				       : a->kind == ALT_DROP_NOT_NULL;
		if (hit && a->name.name && strcmp(a->name.name, col) == 0)
			return true;
	}
	return false;
}

/* The column of the old columns `old` that parent column `name` was
 * before statement s (a rename of it: its old name). */
static const struct m_column *old_column(const struct m_column *old, size_t n,
					 const char *name, const struct ast_stmt *s)
{
	if (s && s->kind == STMT_RENAME_COLUMN && s->u.rename.new_name.name &&
	    strcmp(s->u.rename.new_name.name, name) == 0)
		name = s->u.rename.member.name;
	for (size_t i = 0; i < n; i++)
		if (strcmp(old[i].name, name) == 0)
			return &old[i];
	return NULL;
}

/* p's columns become copies of parent's, with p's own not null and
 * defaults kept (but where the statement replayed changed them). */
static void copy_columns(struct rp *r, struct m_table *p, const struct m_table *parent)
{
	const struct m_column *old = p->cols;
	size_t n_old = p->n_cols;
	p->cols = NULL;
	p->n_cols = p->cap_cols = 0;
	for (size_t i = 0; i < parent->n_cols; i++) {
		struct m_column *c = table_add_column(p, r->a);
		*c = parent->cols[i];
		c->serial = 0;
		c->identity = ID_NONE;
		c->seq = NULL;
		c->id_opts = NULL;
		c->comment = NULL;
		c->loc = p->loc;
		c->part_own_nn = c->part_own_def = false;
		const struct m_column *o = old_column(old, n_old, c->name, r->s);
		if (o && o->part_own_nn && !stmt_changes(r->s, c->name, 'n'))
			c->not_null = c->part_own_nn = true;
		if (o && o->part_own_def && !stmt_changes(r->s, c->name, 'd')) {
			c->default_text = o->default_text;
			c->part_own_def = true;
		}
	}
}

void rp_part_own(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *t = (struct m_table *)model_table(r->m, model_schema_name(r->m, s->target.schema),
							  s->target.name);
	if (!t || !t->part_parent)
		return;
	t = model_table_mut(r->m, r->a, t);
	for (size_t i = 0; i < s->u.alter.n_alters; i++) {
		const struct ast_alter *a = &s->u.alter.alters[i];
		struct m_column *c = a->name.name ? table_column(t, a->name.name) : NULL;
		if (!c)
			continue;
		if (a->kind == ALT_SET_NOT_NULL || a->kind == ALT_DROP_NOT_NULL)
			c->part_own_nn = a->kind == ALT_SET_NOT_NULL;
		if (a->kind == ALT_SET_DEFAULT || a->kind == ALT_DROP_DEFAULT)
			c->part_own_def = true;
	}
}

/* A partition's own column options and constraints (partition of P
 * (...)): not null and default are its own; collate changes nothing, as
 * in PostgreSQL (the parent's collation stays); identity and generated
 * columns are PostgreSQL 15's errors; constraints are the partition's. */
static bool part_elems(struct rp *r, struct m_table *t)
{
	const struct ast_stmt *s = r->s;
	size_t cap = s->u.table.n_constraints + 1;
	for (size_t i = 0; i < s->u.table.n_columns; i++)
		cap += s->u.table.columns[i].n_constraints;
	const struct ast_constraint **cons = arena_calloc(r->a, cap, sizeof *cons);
	const char **colnames = arena_calloc(r->a, cap, sizeof *colnames);
	size_t n = 0;
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		const struct ast_column *ac = &s->u.table.columns[i];
		struct m_column *c = table_column(t, ac->name.name);
		if (!c) {
			rp_error(r, ac->name.loc, "column \"%s\" does not exist", ac->name.name);
			return false;
		}
		for (size_t k = 0; k < ac->n_constraints; k++) {
			const struct ast_constraint *con = &ac->constraints[k];
			switch (con->kind) {
			case CON_NOT_NULL:
				c->not_null = c->part_own_nn = true;
				break;
			case CON_NULL:
				break;
			case CON_DEFAULT:
				if (con->expr && con->expr->n_columns) {
					rp_error(r, con->expr->columns[0].loc,
						 "cannot use column reference in DEFAULT expression");
					return false;
				}
				/* default null: none, where the parent has one */
				c->default_text = con->expr && strcasecmp(con->expr->text, "null") != 0
						  ? con->expr->text : NULL;
				c->part_own_def = true;
				break;
			case CON_IDENTITY:
			case CON_SEQUENCE:
				rp_error(r, con->loc, "identity columns are not supported on partitions");
				return false;
			case CON_GENERATED:
				rp_error(r, con->loc, "generated columns are not supported on partitions");
				return false;
			default:
				cons[n] = con;
				colnames[n++] = c->name;
				break;
			}
		}
	}
	for (size_t i = 0; i < s->u.table.n_constraints; i++)
		cons[n++] = &s->u.table.constraints[i];
	return rp_add_constraints(r, t, cons, colnames, n, false);
}

void rp_part_sync(struct rp *r, const char *schema, const char *name)
{
	const struct m_table *t = model_table(r->m, schema, name);
	size_t n;
	struct m_table **ps = t ? model_partitions(r->m, r->a, t, &n) : NULL;
	if (!ps)
		return;
	for (size_t i = 0; i < n; i++) {
		struct m_table *p = model_table_mut(r->m, r->a, ps[i]);
		copy_columns(r, p, model_table(r->m, schema, name));
		rp_part_sync(r, p->schema, p->name);
	}
}

bool rp_part_key(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	if (!s->u.table.part_by)
		return true;
	const char *st = strategy(r->a, s->u.table.part_by);
	if (strcmp(st, "range") != 0 && strcmp(st, "list") != 0 && strcmp(st, "hash") != 0) {
		rp_error(r, s->loc, "unrecognized partitioning strategy \"%s\"", st);
		return false;
	}
	struct m_table *t = rp_table(r, &s->target, false);
	if (!t)
		return false;
	t = model_table_mut(r->m, r->a, t);
	t->part_by = s->u.table.part_by;
	return rp_part_keys_ok(r, t);
}

static bool partitioned(struct rp *r, const struct m_table *parent, struct loc at)
{
	if (parent->part_by)
		return true;
	rp_error(r, at, "table \"%s\" is not partitioned", rp_table_label(r, parent));
	return false;
}

bool rp_create_partition(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_schema *sch = rp_schema(r, &s->target, false);
	if (!sch)
		return false;
	const char *name = s->target.name;
	if (pmap_get(&sch->rels, name) || pmap_get(&sch->enums, name)) {
		if (s->if_not_exists)
			return true;
		rp_error(r, s->target.loc, "relation \"%s\" already exists", name);
		return false;
	}
	struct m_table *parent = rp_table(r, &s->u.table.part_of, false);
	if (!parent || !partitioned(r, parent, s->u.table.part_of.loc) ||
	    !bound_ok(r, parent, s->u.table.part_bound, s->loc))
		return false;
	sch = model_schema_mut(r->m, r->a, sch->name);
	struct m_table *t = arena_alloc(r->a, sizeof *t);
	t->stamp = model_stamp(r->m);
	t->schema = sch->name;
	t->name = name;
	t->loc = s->target.loc;
	copy_columns(r, t, parent);
	t->part_schema = parent->schema;
	t->part_parent = parent->name;
	t->part_bound = s->u.table.part_bound;
	pmap_set(&sch->tables, r->a, model_stamp(r->m), name, t);
	schema_rel_set(r->m, r->a, sch, REL_TABLE, name, name, NULL);
	rp_part_created(r, parent, t);
	return part_elems(r, t) && rp_part_key(r);
}

/* Same names and types, in any order (PostgreSQL's ATTACH rule). */
static bool columns_match(struct rp *r, const struct m_table *parent,
			  const struct m_table *p, struct loc at)
{
	for (size_t i = 0; i < p->n_cols; i++) {
		const struct m_column *pc = table_column(parent, p->cols[i].name);
		if (!pc) {
			rp_error(r, at, "table \"%s\" contains column \"%s\" not found in parent \"%s\"",
				 p->name, p->cols[i].name, parent->name);
			return false;
		}
		if (!model_type_equal(&pc->type, &p->cols[i].type)) {
			rp_error(r, at, "child table \"%s\" has different type for column \"%s\"",
				 p->name, p->cols[i].name);
			return false;
		}
	}
	for (size_t i = 0; i < parent->n_cols; i++)
		if (!table_column(p, parent->cols[i].name)) {
			rp_error(r, at, "child table is missing column \"%s\"", parent->cols[i].name);
			return false;
		}
	return true;
}

bool rp_attach_partition(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *parent = rp_table(r, &s->target, false);
	if (!parent || !partitioned(r, parent, s->target.loc))
		return false;
	struct m_table *p = rp_table(r, &s->u.part.table, false);
	if (!p)
		return false;
	if (p->part_parent) {
		rp_error(r, s->u.part.table.loc, "\"%s\" is already a partition", p->name);
		return false;
	}
	if (p == parent) {
		rp_error(r, s->u.part.table.loc, "cannot attach a table as a partition of itself");
		return false;
	}
	if (!columns_match(r, parent, p, s->u.part.table.loc) ||
	    !rp_part_attach_ok(r, parent, p, s->u.part.table.loc) ||
	    !bound_ok(r, parent, s->u.part.part_bound, s->loc))
		return false;
	p = model_table_mut(r->m, r->a, p);
	const struct m_column *old = p->cols;
	size_t n_old = p->n_cols;
	copy_columns(r, p, parent);
	p->part_schema = parent->schema;
	p->part_parent = parent->name;
	p->part_bound = s->u.part.part_bound;
	rp_part_attached(r, parent, p, old, n_old);
	return true;
}

/* The tokens of text t that are not blank, in k (at most max); their count. */
static size_t toks(const char *t, size_t *start, size_t *end, enum sqlt_kind *kind, size_t max)
{
	size_t n = 0, len = strlen(t), i = 0;
	while (n < max && (i = sqlt_skip_blank(t, len, i)) < len) {
		start[n] = i;
		i = end[n] = sqlt_token(t, len, i, &kind[n]);
		n++;
	}
	return n;
}

static bool tok_is(const char *t, size_t s, size_t e, const char *w)
{
	return e - s == strlen(w) && strncasecmp(t + s, w, e - s) == 0;
}

/* One value of a bound, as PostgreSQL prints it in a partition
 * constraint: a string literal cast to the key's type, anything else as
 * written. */
static const char *bound_value(struct rp *r, const char *t, size_t s, size_t e,
			       enum sqlt_kind kind, bool one_token, const struct m_column *col)
{
	if (one_token && kind == SQLT_STRING)
		return arena_printf(r->a, "%.*s::%s", (int)(e - s), t + s, sql_type(r->a, &col->type));
	return arena_strndup(r->a, t + s, e - s);
}

#define MAX_BOUND_TOKS 256

/* The check constraint that detach ... concurrently adds to partition p
 * (PostgreSQL's partition constraint, named as an unnamed check on the
 * key column): for a range or list partition on one column; otherwise an
 * error, as migc cannot say the constraint. */
static bool detach_check(struct rp *r, const struct m_table *parent, struct m_table *p)
{
	size_t ks[8], ke[8];
	enum sqlt_kind kk[8];
	size_t nk = toks(parent->part_by, ks, ke, kk, 8);
	const char *by = parent->part_by;
	const struct m_column *col = NULL;
	if (nk == 4 && (kk[2] == SQLT_WORD || kk[2] == SQLT_QIDENT)) {
		/* the key's one column: a bare word folds to lower case, a
		 * quoted one loses its quotes ("" is ") */
		char *w = arena_strndup(r->a, by + ks[2], ke[2] - ks[2]), *o = w;
		for (const char *c = w; *c; c++) {
			if (kk[2] == SQLT_QIDENT && *c == '"' && (c == w || c[1] == '\0'))
				continue;
			if (kk[2] == SQLT_QIDENT && *c == '"')
				c++;
			*o++ = kk[2] == SQLT_WORD ? (char)tolower((unsigned char)*c) : *c;
		}
		*o = '\0';
		col = table_column(p, w);
	}
	const char *st = strategy(r->a, by);
	const char *b = p->part_bound;
	size_t bs[MAX_BOUND_TOKS], be[MAX_BOUND_TOKS];
	enum sqlt_kind bk[MAX_BOUND_TOKS];
	size_t nb = toks(b, bs, be, bk, MAX_BOUND_TOKS);
	const char *k = col ? sql_ident(r->a, col->name) : NULL;
	const char *expr = NULL;
	if (col && strcmp(st, "range") == 0 && nb == 10 && tok_is(b, bs[2], be[2], "from") &&
	    tok_is(b, bs[6], be[6], "to")) {
		const char *lo = bk[4] == SQLT_WORD && tok_is(b, bs[4], be[4], "minvalue") ? NULL
			: bound_value(r, b, bs[4], be[4], bk[4], true, col);
		const char *hi = bk[8] == SQLT_WORD && tok_is(b, bs[8], be[8], "maxvalue") ? NULL
			: bound_value(r, b, bs[8], be[8], bk[8], true, col);
		expr = arena_printf(r->a, "(%s IS NOT NULL)", k);
		if (lo)
			expr = arena_printf(r->a, "%s AND (%s >= %s)", expr, k, lo);
		if (hi)
			expr = arena_printf(r->a, "%s AND (%s < %s)", expr, k, hi);
	} else if (col && strcmp(st, "list") == 0 && nb >= 6 && tok_is(b, bs[2], be[2], "in") &&
		   nb < MAX_BOUND_TOKS) {
		/* in ( v [, v] ... ): one token each, no null */
		const char *vals = "";
		bool ok = true;
		for (size_t i = 4; ok && i < nb - 1; i += 2) {
			ok = (i + 1 < nb) && (tok_is(b, bs[i + 1], be[i + 1], ",") ||
					      i + 1 == nb - 1) &&
			     !tok_is(b, bs[i], be[i], "null");
			if (ok)
				vals = arena_printf(r->a, "%s%s%s", vals, *vals ? ", " : "",
						    bound_value(r, b, bs[i], be[i], bk[i], true, col));
		}
		if (ok)
			expr = arena_printf(r->a, "(%s IS NOT NULL) AND (%s = ANY (ARRAY[%s]))", k, k, vals);
	}
	if (!expr) {
		rp_error(r, r->s->loc, "migc cannot model the check constraint that \"detach partition ... concurrently\" adds to \"%s\" (%s)",
			 p->name, p->part_bound);
		rp_note(r, r->s->loc, "only a range or list partition on one column, with single values, is modelled; detach it without \"concurrently\"");
		return false;
	}
	struct m_schema *s = model_schema_mut(r->m, r->a, p->schema);
	const char *name = naming_constraint(r->a, s, p->name, col->name, "check");
	struct m_constraint *c = table_add_constraint(p, r->a);
	c->name = name;
	c->kind = MC_CHECK;
	c->check_text = expr;
	c->check_cols = arena_calloc(r->a, 2, sizeof *c->check_cols);
	c->check_cols[0] = col->name;
	c->n_check_cols = 1;
	c->validated = true;
	c->on_delete = c->on_update = FK_NO_ACTION;
	c->loc = r->s->loc;
	schema_conname_add(r->m, r->a, s, name);
	return true;
}

bool rp_detach_partition(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *parent = rp_table(r, &s->target, false);
	if (!parent)
		return false;
	struct m_table *p = rp_table(r, &s->u.part.table, false);
	if (!p)
		return false;
	if (!p->part_parent || strcmp(p->part_parent, parent->name) != 0 ||
	    strcmp(p->part_schema, parent->schema) != 0) {
		rp_error(r, s->u.part.table.loc, "relation \"%s\" is not a partition of relation \"%s\"",
			 p->name, parent->name);
		return false;
	}
	if (s->u.part.finalize) {
		/* a detach ... concurrently runs to its end inside its
		 * revision: no partition of the model is ever half detached */
		rp_error(r, s->loc, "cannot complete detaching partition \"%s\": there is no pending concurrent detach",
			 p->name);
		return false;
	}
	if (s->u.part.concurrently) {
		size_t n;
		struct m_table **ps = model_partitions(r->m, r->a, parent, &n);
		for (size_t i = 0; ps && i < n; i++)
			if (ps[i]->part_bound && strcasecmp(ps[i]->part_bound, "default") == 0) {
				rp_error(r, s->loc, "cannot detach partitions concurrently when a default partition exists");
				return false;
			}
	}
	p = model_table_mut(r->m, r->a, p);
	if (s->u.part.concurrently && !detach_check(r, parent, p))
		return false;
	rp_part_detached(r, parent, p);
	p->part_schema = p->part_parent = p->part_bound = NULL;
	return true;
}

bool rp_part_drop_children(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	struct m_table *t = rp_table(r, &s->target, true);
	size_t n;
	struct m_table **ps = t ? model_partitions(r->m, r->a, t, &n) : NULL;
	if (!ps)
		return true;
	for (size_t i = 0; i < n; i++) {
		struct ast_stmt sub = *s;
		sub.target.schema = ps[i]->schema;
		sub.target.name = ps[i]->name;
		sub.if_exists = false;
		const struct ast_stmt *saved = r->s;
		r->s = &sub;
		bool ok = rp_part_drop_children(r) && rp_drop_table(r);
		r->s = saved;
		if (!ok)
			return false;
	}
	return true;
}
