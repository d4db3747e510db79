/*
 * replay_seq.c - standalone sequences (plain SQL, pgsql_seq.c) replayed
 * into the model with PostgreSQL's checks: create sequence (the schema
 * exists, the name is new among its relations unless IF NOT EXISTS, the
 * options are consistent, owned by names a column of a table in the same
 * schema), alter sequence (options, owned by, rename to), drop sequence
 * (not while a column default calls nextval() on it, unless CASCADE,
 * which drops those defaults, as PostgreSQL does).  Dropping the table or
 * column a sequence is owned by drops the sequence (rp_seq_owner_gone).
 *
 * A sequence the model does not hold as standalone (a serial or identity
 * column's, or one made by a statement migc does not describe) is left
 * alone: PostgreSQL checks such statements when the revision runs.
 */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static struct loc at_stmt(void)
{
	struct loc l = { 0 };
	return l;
}

static const char *label(struct rp *r, const char *schema, const char *name)
{
	if (strcmp(schema, r->m->default_schema) == 0)
		return name;
	return arena_printf(r->a, "%s.%s", schema, name);
}

/* PostgreSQL's defaults for what `o` leaves out and its checks
 * (sequence.c's init_params); q holds the old values (alter) or zeros. */
bool rp_seq_apply(struct rp *r, struct m_seq *q, const struct pgsql_seq *o, bool create,
		  struct loc at)
{
	long long lo, hi, old_lo, old_hi;
	if (o->bad) {
		rp_error(r, at, "an option of this sequence statement is not one migc reads");
		return false;
	}
	model_seq_type_range(q->type, &old_lo, &old_hi);
	if (o->as_type)
		q->type = o->as_type;
	model_seq_type_range(q->type, &lo, &hi);
	if (o->has_inc) {
		if (o->inc == 0) {
			rp_error(r, at, "INCREMENT must not be zero");
			return false;
		}
		q->inc = o->inc;
	}
	bool asc = q->inc > 0;
	/* a bound at the old type's limit follows the new type (PostgreSQL) */
	if (o->has_max)
		q->max = o->max;
	else if (create || o->no_max || (o->as_type && q->max == old_hi))
		q->max = asc ? hi : -1;
	if (o->has_min)
		q->min = o->min;
	else if (create || o->no_min || (o->as_type && q->min == old_lo))
		q->min = asc ? 1 : lo;
	if (q->max > hi || q->min < lo) {
		rp_error(r, at, "%s (%lld) is out of range for sequence data type %s",
			 q->max > hi ? "MAXVALUE" : "MINVALUE", q->max > hi ? q->max : q->min,
			 q->type);
		return false;
	}
	if (q->min >= q->max) {
		rp_error(r, at, "MINVALUE (%lld) must be less than MAXVALUE (%lld)",
			 q->min, q->max);
		return false;
	}
	if (o->has_start)
		q->start = o->start;
	else if (create)
		q->start = asc ? q->min : q->max;
	if (q->start < q->min || q->start > q->max) {
		rp_error(r, at, "START value (%lld) cannot be %s than %s (%lld)", q->start,
			 q->start < q->min ? "less" : "greater",
			 q->start < q->min ? "MINVALUE" : "MAXVALUE",
			 q->start < q->min ? q->min : q->max);
		return false;
	}
	if (o->has_cache) {
		if (o->cache < 1) {
			rp_error(r, at, "CACHE (%lld) must be greater than zero", o->cache);
			return false;
		}
		q->cache = o->cache;
	} else if (create) {
		q->cache = 1;
	}
	if (o->has_cycle)
		q->cycle = o->cycle;
	if (o->has_owner && o->owner_none) {
		q->owner_table = q->owner_column = NULL;
	} else if (o->has_owner) {
		const char *ts = model_schema_name(r->m, o->owner_schema);
		struct m_table *t = model_table(r->m, ts, o->owner_table);
		if (!t) {
			rp_error(r, at, "relation \"%s\" does not exist",
				 o->owner_schema ? arena_printf(r->a, "%s.%s", ts, o->owner_table)
						 : o->owner_table);
			return false;
		}
		if (strcmp(ts, q->schema) != 0) {
			rp_error(r, at, "sequence must be in same schema as table it is linked to");
			return false;
		}
		if (!table_column(t, o->owner_column)) {
			rp_error(r, at, "column \"%s\" of relation \"%s\" does not exist",
				 o->owner_column, o->owner_table);
			return false;
		}
		q->owner_table = t->name;
		q->owner_column = table_column(t, o->owner_column)->name;
	}
	return true;
}

static bool seq_create(struct rp *r, const struct pgsql_stmt *p)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(r->m, n->schema);
	struct m_schema *s = model_schema(r->m, sch);
	if (!s) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", sch);
		return false;
	}
	if (pmap_get(&s->rels, n->name)) {
		if (p->if_exists)
			return true;	/* if not exists: a notice */
		rp_error(r, at_stmt(), "relation \"%s\" already exists", n->name);
		struct m_seq *old = model_seq(r->m, s->name, n->name);
		if (old && old->loc.file)
			rp_note(r, old->loc, "created here");
		return false;
	}
	struct m_seq *q = arena_alloc(r->a, sizeof *q);
	q->schema = s->name;
	q->name = n->name;
	q->type = "bigint";
	q->inc = 1;
	q->loc = r->s->loc;
	if (!rp_seq_apply(r, q, p->seq, true, at_stmt()))
		return false;
	model_seq_set(r->m, r->a, q);
	return true;
}

/* The model's standalone sequence n names, NULL when it holds none
 * (*failed after an error when the name is another kind of relation). */
static struct m_seq *seq_find(struct rp *r, const struct pgsql_name *n, bool *failed)
{
	const char *sch = model_schema_name(r->m, n->schema);
	struct m_rel *rel = model_rel(r->m, sch, n->name);
	*failed = false;
	if (rel && rel->kind != REL_SEQUENCE) {
		rp_error(r, at_stmt(), "\"%s\" is not a sequence", n->name);
		*failed = true;
		return NULL;
	}
	return model_seq(r->m, sch, n->name);
}

static bool seq_alter(struct rp *r, const struct pgsql_stmt *p)
{
	bool failed;
	struct m_seq *old = seq_find(r, &p->names[0], &failed);
	if (!old)
		return !failed;
	struct m_seq *q = arena_alloc(r->a, sizeof *q);
	*q = *old;
	if (!rp_seq_apply(r, q, p->seq, false, at_stmt()))
		return false;
	model_seq_set(r->m, r->a, q);
	return true;
}

/* The columns whose default calls nextval() on q: without cascade each
 * is a note under one error, with cascade their defaults go. */
static bool seq_uses(struct rp *r, const struct m_column *col, void *ctx)
{
	const struct m_seq *q = ctx;
	const char *ds, *dn;
	return model_default_seq(r->a, r->m, col->default_text, &ds, &dn) &&
	       strcmp(ds, q->schema) == 0 && strcmp(dn, q->name) == 0;
}

static int seq_drop_default(struct rp *r, struct m_table **tp, size_t c, void *ctx)
{
	(void)ctx;
	*tp = model_table_mut(r->m, r->a, *tp);
	(*tp)->cols[c].default_text = NULL;
	return 0;
}

static bool seq_drop_users(struct rp *r, const struct m_seq *q, bool cascade)
{
	struct rp_col_users u = {
		.what = arena_printf(r->a, "sequence \"%s\"", q->name),
		.at = at_stmt(), .cascade = cascade, .on_default = true,
		.uses = seq_uses, .drop = seq_drop_default, .ctx = (void *)q,
	};
	return rp_col_users(r, &u);
}

static bool seq_drop(struct rp *r, const struct pgsql_stmt *p)
{
	for (size_t i = 0; i < p->n_names; i++) {
		bool failed;
		struct m_seq *q = seq_find(r, &p->names[i], &failed);
		if (failed)
			return false;
		if (!q)
			continue;
		if (!seq_drop_users(r, q, p->cascade))
			return false;
		model_seq_del(r->m, r->a, q->schema, q->name);
	}
	return true;
}

/* alter sequence s rename to n | set schema t (p->new_name); PostgreSQL
 * does not move an owned sequence on its own (it moves with its table) */
static bool seq_rename(struct rp *r, const struct pgsql_stmt *p)
{
	bool failed, move = p->kind == PGSQL_SETSCHEMA_SEQUENCE;
	struct m_seq *old = seq_find(r, &p->names[0], &failed);
	if (!old)
		return !failed;
	const char *sch = move ? p->new_name : old->schema;
	const char *name = move ? old->name : p->new_name;
	if (move && strcmp(sch, old->schema) == 0)
		return true;	/* already there */
	if (move && old->owner_table) {
		rp_error(r, at_stmt(), "cannot move an owned sequence into another schema");
		rp_note(r, old->loc, "sequence \"%s\" is linked to table \"%s\"", old->name,
			old->owner_table);
		return false;
	}
	if (move && !model_schema(r->m, sch)) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", sch);
		return false;
	}
	if (model_rel(r->m, sch, name)) {
		rp_error(r, at_stmt(), "relation \"%s\" already exists%s%s%s", name,
			 move ? " in schema \"" : "", move ? sch : "", move ? "\"" : "");
		return false;
	}
	struct m_seq *q = arena_alloc(r->a, sizeof *q);
	*q = *old;
	q->schema = sch;
	q->name = name;
	model_seq_del(r->m, r->a, old->schema, old->name);
	model_seq_set(r->m, r->a, q);
	/* defaults follow (PostgreSQL stores the sequence's oid) */
	size_t nt;
	struct m_table **all = rp_all_tables(r, &nt);
	const char *to = label(r, q->schema, q->name);
	for (size_t i = 0; i < nt; i++) {
		struct m_table *mt = NULL;
		for (size_t c = 0; c < all[i]->n_cols; c++) {
			const char *ds, *dn;
			const char *d = all[i]->cols[c].default_text;
			if (!model_default_seq(r->a, r->m, d, &ds, &dn) ||
			    strcmp(ds, old->schema) != 0 || strcmp(dn, old->name) != 0)
				continue;
			if (!mt)
				mt = model_table_mut(r->m, r->a, all[i]);
			mt->cols[c].default_text = arena_printf(r->a, "nextval('%s'::regclass)", to);
		}
	}
	return true;
}

static bool seq_comment(struct rp *r, const struct pgsql_stmt *p)
{
	bool failed;
	struct m_seq *old = seq_find(r, &p->names[0], &failed);
	if (!old)
		return !failed;
	struct m_seq *q = arena_alloc(r->a, sizeof *q);
	*q = *old;
	q->comment = p->comment && p->comment[0] ? p->comment : NULL;	/* '' drops it too */
	model_seq_set(r->m, r->a, q);
	return true;
}

void rp_seq_owner_gone(struct rp *r, const char *schema, const char *table, const char *column)
{
	struct m_schema *s = model_schema(r->m, schema);
	if (!s || !s->seqs.count)
		return;
	size_t n;
	struct m_seq **v = (struct m_seq **)pmap_sorted(&s->seqs, r->a, &n);
	for (size_t i = 0; i < n; i++)
		if (v[i]->owner_table && strcmp(v[i]->owner_table, table) == 0 &&
		    (!column || strcmp(v[i]->owner_column, column) == 0))
			model_seq_del(r->m, r->a, schema, v[i]->name);
}

void rp_seq_owner_renamed(struct rp *r, const char *schema, const char *table,
			  const char *column, const char *to)
{
	struct m_schema *s = model_schema(r->m, schema);
	if (!s || !s->seqs.count)
		return;
	size_t n;
	struct m_seq **v = (struct m_seq **)pmap_sorted(&s->seqs, r->a, &n);
	for (size_t i = 0; i < n; i++) {
		if (!v[i]->owner_table || strcmp(v[i]->owner_table, table) != 0 ||
		    (column && strcmp(v[i]->owner_column, column) != 0))
			continue;
		struct m_seq *q = arena_alloc(r->a, sizeof *q);
		*q = *v[i];
		if (column)
			q->owner_column = to;
		else
			q->owner_table = to;
		model_seq_set(r->m, r->a, q);
	}
}

void rp_seq_schema_notes(struct rp *r, const struct m_schema *s)
{
	size_t n;
	struct m_seq **v = (struct m_seq **)pmap_sorted(&s->seqs, r->a, &n);
	for (size_t i = 0; i < n; i++)
		rp_note(r, v[i]->loc, "sequence \"%s\" depends on schema \"%s\"", v[i]->name,
			s->name);
}

bool rp_seq_stmt(struct rp *r, const struct pgsql_stmt *p)
{
	switch (p->kind) {
	case PGSQL_CREATE_SEQUENCE: return seq_create(r, p);
	case PGSQL_ALTER_SEQUENCE: return seq_alter(r, p);
	case PGSQL_DROP_SEQUENCE: return seq_drop(r, p);
	case PGSQL_RENAME_SEQUENCE: return seq_rename(r, p);
	case PGSQL_SETSCHEMA_SEQUENCE: return seq_rename(r, p);
	case PGSQL_COMMENT_SEQUENCE: return seq_comment(r, p);
	default: return true;
	}
}

bool rp_seq_create_sql(const char *sql, bool *owned)
{
	size_t n = strlen(sql);
	const char *w[2] = { "create", "sequence" };
	size_t i = 0;
	*owned = false;
	for (int k = 0; k < 2; k++) {
		enum sqlt_kind kind;
		i = sqlt_skip_blank(sql, n, i);
		size_t e = sqlt_token(sql, n, i, &kind);
		if (kind != SQLT_WORD || e - i != strlen(w[k]) || strncasecmp(sql + i, w[k], e - i))
			return false;
		i = e;
	}
	while (i < n) {
		enum sqlt_kind kind;
		size_t e = sqlt_token(sql, n, i, &kind);
		if (kind == SQLT_WORD && e - i == 5 && strncasecmp(sql + i, "owned", 5) == 0)
			*owned = true;
		i = e;
	}
	return true;
}
