/*
 * replay_setschema.c - `alter table [if exists] t set schema s` (plain SQL,
 * pgsql_seq.c describes it) in the model.
 *
 * PostgreSQL moves the table with its columns, constraints, indexes,
 * policies and the sequences its serial and identity columns own; what
 * refers to the table keeps referring to it (by oid): foreign keys of
 * other tables, partitions of a moved parent.  The model does the same.
 * What the model cannot follow yet is an error at the statement, so that
 * the model never holds a table where the database does not: views that
 * read the table, triggers on it, standalone sequences owned by its
 * columns, and a partitioned table or partition (the partition tree's
 * cloned objects).  Guarantees: on success the table is found under its
 * new schema only, every relation name it brings is free there, and the
 * foreign keys that named it name its new schema.  `alter table` of a
 * standalone sequence moves the sequence (replay_seq.c); of a view (and
 * `alter view | materialized view ... set schema`) the view
 * (replay_setschema_view.c).
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"
#include "model_seq.h"

static struct loc at_stmt(void)
{
	return (struct loc){ 0 };
}

static void fk_set_schema(struct rp *r, struct m_constraint *fk, void *ctx)
{
	(void)r;
	fk->ref_schema = ctx;
}

/* A relation name the table brings along, taken in the new schema. */
static bool taken(struct rp *r, const char *schema, const char *name)
{
	if (!name || !model_rel(r->m, schema, name))
		return false;
	rp_error(r, at_stmt(), "relation \"%s\" already exists in schema \"%s\"", name, schema);
	return true;
}

/* What the model cannot move along: an error (and false) if there is. */
static bool movable(struct rp *r, const struct m_table *t, const char *to)
{
	const char *why = NULL;
	size_t n = 0;
	if (t->part_by || t->part_parent)
		why = t->part_by ? "it is partitioned" : "it is a partition";
	if (!why && model_plain_objects(r->m)) {
		model_view_dependents(r->m, r->a, t->schema, t->name, NULL, &n);
		if (n)
			why = "views read it";
		struct m_trigger **ts = model_triggers_sorted(r->m, r->a, &n);
		for (size_t i = 0; !why && i < n; i++)
			if (strcmp(ts[i]->schema, t->schema) == 0 && strcmp(ts[i]->table, t->name) == 0)
				why = "it has triggers";
		struct m_seq **qs = model_seqs_sorted(r->m, r->a, &n);
		for (size_t i = 0; !why && i < n; i++)
			if (qs[i]->owner_table && strcmp(qs[i]->schema, t->schema) == 0 &&
			    strcmp(qs[i]->owner_table, t->name) == 0)
				why = "a standalone sequence is owned by one of its columns";
	}
	if (why) {
		rp_error(r, at_stmt(), "not supported yet: moving table \"%s\" to schema \"%s\" "
			 "when %s (migc cannot follow that move yet)", rp_table_label(r, t), to, why);
		rp_note(r, t->loc, "table \"%s\" is defined here", t->name);
		return false;
	}
	if (taken(r, to, t->name))
		return false;
	for (size_t i = 0; i < t->n_idx; i++)
		if (taken(r, to, t->idx[i].name))
			return false;
	for (size_t i = 0; i < t->n_cols; i++)
		if (taken(r, to, t->cols[i].seq))
			return false;
	return true;
}

bool rp_table_set_schema(struct rp *r, const struct pgsql_stmt *p)
{
	const char *from = model_schema_name(r->m, p->names[0].schema);
	const char *to = p->new_name;
	struct m_schema *sch = model_schema(r->m, from);
	const struct m_rel *rel = sch ? pmap_get(&sch->rels, p->names[0].name) : NULL;
	if (rel && rel->kind == REL_SEQUENCE && model_seq(r->m, from, p->names[0].name)) {
		struct pgsql_stmt q = *p;	/* alter table SEQ set schema: the sequence's */
		q.kind = PGSQL_SETSCHEMA_SEQUENCE;
		return rp_seq_stmt(r, &q);
	}
	if (rel && rel->kind == REL_VIEW && model_view(r->m, from, p->names[0].name))
		return rp_view_set_schema(r, p, model_view(r->m, from, p->names[0].name));
	if (rel && rel->kind != REL_TABLE) {
		rp_error(r, at_stmt(), rel->kind == REL_INDEX
			 ? "cannot change schema of index \"%s\" (change the schema of its table)"
			 : "not supported yet: moving sequence \"%s\" to another schema with its table's",
			 p->names[0].name);
		return false;
	}
	if (rel && p->obj_word && strcmp(p->obj_word, "table") != 0) {
		rp_error(r, at_stmt(), "\"%s\" is not a %s", p->names[0].name, p->obj_word);
		return false;
	}
	struct m_table *t = sch ? pmap_get(&sch->tables, p->names[0].name) : NULL;
	if (!t) {
		if (p->if_exists)
			return true;
		rp_error(r, at_stmt(), "relation \"%s\" does not exist", p->names[0].name);
		return false;
	}
	if (!model_schema(r->m, to)) {
		rp_error(r, at_stmt(), "schema \"%s\" does not exist", to);
		return false;
	}
	if (strcmp(to, from) == 0)
		return true;	/* already there */
	if (!movable(r, t, to))
		return false;
	const char *name = t->name;
	rp_each_fk_to(r, t, fk_set_schema, (void *)to);
	t = model_table_mut(r->m, r->a, model_table(r->m, from, name));
	/* the tables t references list it under its old schema */
	for (size_t i = 0; i < t->n_cons; i++) {
		struct m_constraint *c = &t->cons[i];
		if (c->kind != MC_FKEY)
			continue;
		if (strcmp(c->ref_schema, from) == 0 && strcmp(c->ref_table, name) == 0) {
			c->ref_schema = to;	/* itself */
			continue;
		}
		struct m_table *rt = model_table(r->m, c->ref_schema, c->ref_table);
		if (!rt)
			continue;
		rt = model_table_mut(r->m, r->a, rt);
		table_ref_del(rt, r->a, from, name);
		table_ref_add(rt, r->a, to, name);
	}
	/* its own list: self references now come from the new schema */
	size_t self = 0;
	for (size_t i = 0; i < t->n_refs; i++)
		self += strcmp(t->refs[i].schema, from) == 0 && strcmp(t->refs[i].table, name) == 0;
	for (; self > 0; self--) {
		table_ref_del(t, r->a, from, name);
		table_ref_add(t, r->a, to, name);
	}
	struct m_schema *old = model_schema_mut(r->m, r->a, from);
	pmap_del(&old->tables, r->a, model_stamp(r->m), name);
	schema_rel_del(r->m, r->a, old, name);
	for (size_t i = 0; i < t->n_idx; i++)
		schema_rel_del(r->m, r->a, old, t->idx[i].name);
	for (size_t i = 0; i < t->n_cols; i++)
		if (t->cols[i].seq)
			schema_rel_del(r->m, r->a, old, t->cols[i].seq);
	for (size_t i = 0; i < t->n_cons; i++)
		if (t->cons[i].name)
			schema_conname_del(r->m, r->a, old, t->cons[i].name);
	t->schema = to;
	struct m_schema *sn = model_schema_mut(r->m, r->a, to);
	pmap_set(&sn->tables, r->a, model_stamp(r->m), name, t);
	rp_table_rels_set(r, sn, t);
	for (size_t i = 0; i < t->n_cons; i++)
		if (t->cons[i].name)
			schema_conname_add(r->m, r->a, sn, t->cons[i].name);
	return true;
}
