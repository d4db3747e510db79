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
 * attached, and again after every change to the parent's columns); a
 * table attached must have exactly the parent's column names and types;
 * dropping a partitioned table drops its partitions; detach ...
 * concurrently is refused while the parent has a default partition, and
 * detach ... finalize always (the model has no half-detached partition: a
 * concurrent detach completes within its revision).  Not modelled: the
 * indexes and constraints PostgreSQL clones onto partitions (model.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "replay_int.h"

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

/* p's columns become copies of parent's. */
static void copy_columns(struct rp *r, struct m_table *p, const struct m_table *parent)
{
	p->cols = NULL;
	p->n_cols = p->cap_cols = 0;
	for (size_t i = 0; i < parent->n_cols; i++) {
		struct m_column *c = table_add_column(p, r->a);
		*c = parent->cols[i];
		c->serial = 0;
		c->identity = ID_NONE;
		c->seq = NULL;
		c->comment = NULL;
		c->loc = p->loc;
	}
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
	return true;
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
	return rp_part_key(r);
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
	    !bound_ok(r, parent, s->u.part.part_bound, s->loc))
		return false;
	p = model_table_mut(r->m, r->a, p);
	copy_columns(r, p, parent);
	p->part_schema = parent->schema;
	p->part_parent = parent->name;
	p->part_bound = s->u.part.part_bound;
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
