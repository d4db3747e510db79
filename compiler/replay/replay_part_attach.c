/*
 * replay_part_attach.c - what attaching and detaching a partition does to
 * its own columns, check constraints and indexes, and alter index P
 * attach partition C (plain SQL, pgsql_attach.c).
 *
 * PostgreSQL 15's rules kept here (checked against a server):
 *  - alter table P attach partition C: C keeps its own not null and
 *    defaults (a not null of P must already be on C: "column ... in child
 *    table must be marked NOT NULL"; the collations must be P's); each
 *    check constraint of P must be on C with the same name and expression
 *    (not no inherit), and becomes P's (inherited: no longer C's own);
 *    for each index of P, C's first matching index (model_index_same_def,
 *    neither backing a constraint) is attached to it, else PostgreSQL
 *    creates one: either way it is PostgreSQL's per-partition index, not
 *    in the model.  An index of P made "on only" stays invalid.
 *  - detach partition: C keeps what it has, and P's check constraints
 *    become C's own again; an index that was attached by name goes back
 *    to C (the ones PostgreSQL made are not modelled).
 *  - alter index P attach partition C: P an index of a partitioned table,
 *    C an index of one of its partitions with the same definition, no
 *    other index attached for that partition; C leaves the model (it is
 *    PostgreSQL's per-partition index from then on, as the catalog reader
 *    sees it) and is recorded on P (m_index.parts); once every partition
 *    has an index attached, an "on only" P becomes valid (PostgreSQL's
 *    indisvalid), a plain index.  Attaching C again is nothing.
 * Not modelled (refused with a located error): attaching an index that
 * backs a constraint, or an "on only" index not yet valid; attaching a
 * table with an identity or generated column, or a column that owns a
 * sequence (serial), which PostgreSQL 15 allows.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_tree.h"
#include "replay_int.h"

static const struct m_idx_part *part_entry(const struct m_index *ix, const char *schema,
					   const char *table)
{
	for (size_t i = 0; i < ix->n_parts; i++)
		if (strcmp(ix->parts[i].schema, schema) == 0 &&
		    strcmp(ix->parts[i].table, table) == 0)
			return &ix->parts[i];
	return NULL;
}

static void add_entry(struct arena *a, struct m_index *ix, const struct m_table *p,
		      const struct m_index *child)
{
	struct m_idx_part *v = arena_calloc(a, ix->n_parts + 1, sizeof *v);
	if (ix->n_parts)
		memcpy(v, ix->parts, ix->n_parts * sizeof *v);
	v[ix->n_parts].schema = p->schema;
	v[ix->n_parts].table = p->name;
	if (child) {
		struct m_index *c = arena_alloc(a, sizeof *c);
		*c = *child;
		v[ix->n_parts].index = c;
	}
	ix->parts = v;
	ix->n_parts++;
}

/* Each index of `parent` takes an index on partition `p` (just created
 * or attached): with `attach`, p's first matching index, which leaves the
 * model; else the one PostgreSQL makes.  Recorded on an invalid ("on
 * only") index, where it counts towards its validity, and wherever an
 * index of p was taken (detach gives it back). */
static void cover(struct rp *r, const struct m_table *parent, struct m_table *p, bool attach)
{
	struct m_table *pt = model_table_mut(r->m, r->a, (struct m_table *)parent);
	for (size_t i = 0; i < pt->n_idx; i++) {
		struct m_index *ix = &pt->idx[i];
		const struct m_index *used = NULL;
		for (size_t k = 0; attach && !ix->constraint && k < p->n_idx; k++) {
			if (p->idx[k].constraint || !model_index_same_def(r->a, ix, &p->idx[k]))
				continue;
			struct m_index *c = arena_alloc(r->a, sizeof *c);
			*c = p->idx[k];
			used = c;
			rp_drop_index_at(r, p, k);
			break;
		}
		if (ix->only || used)
			add_entry(r->a, ix, p, used);
	}
}

/* The checks of alter table P attach partition C that are about C's own
 * columns and constraints. */
bool rp_part_attach_ok(struct rp *r, const struct m_table *parent, const struct m_table *p,
		       struct loc at)
{
	for (size_t i = 0; i < parent->n_cols; i++) {
		const struct m_column *pc = &parent->cols[i];
		const struct m_column *c = table_column(p, pc->name);
		if (c->identity != ID_NONE || c->generated || c->seq) {
			/* PostgreSQL 15 attaches it; a partition's column has
			 * none of these in the model */
			rp_error(r, at, "migc does not model attaching table \"%s\": its column \"%s\" %s",
				 p->name, c->name, c->identity != ID_NONE ? "is an identity column"
				 : c->generated ? "is a generated column"
				 : "owns a sequence (serial)");
			rp_note(r, c->loc, "column \"%s\" was defined here", c->name);
			return false;
		}
		if (pc->not_null && !c->not_null) {
			rp_error(r, at, "column \"%s\" in child table must be marked NOT NULL", c->name);
			return false;
		}
		if (!model_str_equal(pc->coll_schema, c->coll_schema) ||
		    !model_str_equal(pc->collation, c->collation)) {
			rp_error(r, at, "child table \"%s\" has different collation for column \"%s\"",
				 p->name, c->name);
			return false;
		}
	}
	for (size_t i = 0; i < parent->n_cons; i++) {
		const struct m_constraint *k = &parent->cons[i];
		if (k->kind != MC_CHECK || k->no_inherit)
			continue;
		const struct m_constraint *ck = table_constraint(p, k->name);
		if (!ck || ck->kind != MC_CHECK) {
			rp_error(r, at, "child table is missing constraint \"%s\"", k->name);
			rp_note(r, k->loc, "constraint \"%s\" of \"%s\" was defined here", k->name,
				parent->name);
			return false;
		}
		if (ck->no_inherit) {
			rp_error(r, at, "constraint \"%s\" conflicts with non-inherited constraint on child table \"%s\"",
				 k->name, p->name);
			return false;
		}
		if (!model_expr_equal(r->a, k->check_text, ck->check_text)) {
			rp_error(r, at, "child table \"%s\" has different definition for check constraint \"%s\"",
				 p->name, k->name);
			rp_note(r, ck->loc, "constraint \"%s\" of \"%s\" was defined here", k->name,
				p->name);
			return false;
		}
	}
	return true;
}

/* After p (mutable) took its parent's columns: its own not null and
 * defaults as they were (`old`), where they differ from the parent's; the
 * parent's checks merged; the parent's indexes covered. */
void rp_part_attached(struct rp *r, const struct m_table *parent, struct m_table *p,
		      const struct m_column *old, size_t n_old)
{
	for (size_t i = 0; i < p->n_cols; i++) {
		struct m_column *c = &p->cols[i];
		const struct m_column *o = NULL;
		for (size_t k = 0; k < n_old && !o; k++)
			if (strcmp(old[k].name, c->name) == 0)
				o = &old[k];
		if (!o)
			continue;
		c->part_own_nn = o->not_null && !c->not_null;
		c->not_null = o->not_null;
		c->part_own_def = !model_str_equal(o->default_text, c->default_text);
		c->default_text = o->default_text;
	}
	for (size_t i = 0; i < parent->n_cons; i++) {
		const struct m_constraint *k = &parent->cons[i];
		if (k->kind != MC_CHECK || k->no_inherit)
			continue;
		for (size_t j = 0; j < p->n_cons; j++)
			if (strcmp(p->cons[j].name, k->name) == 0) {
				rp_drop_constraint_at(r, p, j);
				break;
			}
	}
	cover(r, parent, p, true);
}

void rp_part_created(struct rp *r, const struct m_table *parent, struct m_table *p)
{
	cover(r, parent, p, false);
}

/* detach partition: p (mutable) takes back its indexes attached by name
 * and its parent's checks, as its own. */
void rp_part_detached(struct rp *r, const struct m_table *parent, struct m_table *p)
{
	struct m_schema *s = model_schema_mut(r->m, r->a, p->schema);
	for (size_t i = 0; i < parent->n_cons; i++) {
		const struct m_constraint *k = &parent->cons[i];
		if (k->kind != MC_CHECK || k->no_inherit || table_constraint(p, k->name))
			continue;
		struct m_constraint *c = table_add_constraint(p, r->a);
		*c = *k;
		c->validated = true;
		c->comment = NULL;
		schema_conname_add(r->m, r->a, s, c->name);
	}
	struct m_table *pt = model_table_mut(r->m, r->a, (struct m_table *)parent);
	for (size_t i = 0; i < pt->n_idx; i++) {
		struct m_index *ix = &pt->idx[i];
		const struct m_idx_part *e = part_entry(ix, p->schema, p->name);
		if (!e)
			continue;
		if (e->index && !pmap_get(&s->rels, e->index->name)) {
			*table_add_index(p, r->a) = *e->index;
			schema_rel_set(r->m, r->a, s, REL_INDEX, e->index->name, p->name, NULL);
		}
		struct m_idx_part *v = arena_calloc(r->a, ix->n_parts, sizeof *v);
		size_t n = 0;
		for (size_t k = 0; k < ix->n_parts; k++)
			if (&ix->parts[k] != e)
				v[n++] = ix->parts[k];
		ix->parts = v;
		ix->n_parts = n;
	}
}

static bool attach_error(struct rp *r, const char *child, const char *parent)
{
	rp_error(r, r->s->loc, "cannot attach index \"%s\" as a partition of index \"%s\"",
		 child, parent);
	return false;
}

/* alter index P attach partition C */
bool rp_attach_index(struct rp *r, const struct pgsql_stmt *ps)
{
	const char *sn = model_schema_name(r->m, ps->names[0].schema);
	const char *cn = model_schema_name(r->m, ps->names[1].schema);
	const char *pname = ps->names[0].name, *cname = ps->names[1].name;
	struct m_rel *prel = model_rel(r->m, sn, pname);
	if (!prel || prel->kind != REL_INDEX) {
		rp_error(r, r->s->loc, prel ? "\"%s\" is not an index" : "index \"%s\" does not exist",
			 pname);
		return false;
	}
	const struct m_table *t = model_table(r->m, sn, prel->table);
	if (!t || !t->part_by) {
		rp_error(r, r->s->loc, "index \"%s\" is not an index of a partitioned table", pname);
		rp_note(r, r->s->loc, "PostgreSQL: ALTER action ATTACH PARTITION cannot be performed on relation \"%s\"",
			pname);
		return false;
	}
	const struct m_index *pix = table_index(t, pname);
	for (size_t i = 0; i < pix->n_parts; i++)
		if (pix->parts[i].index && strcmp(pix->parts[i].schema, cn) == 0 &&
		    strcmp(pix->parts[i].index->name, cname) == 0)
			return true;	/* attached already: nothing, as in PostgreSQL */
	struct m_rel *crel = model_rel(r->m, cn, cname);
	if (!crel || crel->kind != REL_INDEX) {
		rp_error(r, r->s->loc, crel ? "\"%s\" is not an index" : "index \"%s\" does not exist",
			 cname);
		return false;
	}
	struct m_table *ct = model_table(r->m, cn, crel->table);
	if (!ct || !ct->part_parent || strcmp(ct->part_schema, t->schema) != 0 ||
	    strcmp(ct->part_parent, t->name) != 0) {
		attach_error(r, cname, pname);
		rp_note(r, r->s->loc, "index \"%s\" is not an index on any partition of table \"%s\"",
			cname, t->name);
		return false;
	}
	const struct m_index *cix = table_index(ct, cname);
	if (!pix->only || part_entry(pix, ct->schema, ct->name)) {
		attach_error(r, cname, pname);
		rp_note(r, r->s->loc, "another index is already attached for partition \"%s\"",
			ct->name);
		return false;
	}
	if (!model_index_same_def(r->a, pix, cix)) {
		attach_error(r, cname, pname);
		rp_note(r, r->s->loc, "the index definitions do not match");
		rp_note(r, cix->loc, "index \"%s\" was defined here", cname);
		return false;
	}
	if (cix->constraint || cix->only) {
		rp_error(r, r->s->loc, "migc does not model attaching index \"%s\": %s", cname,
			 cix->constraint ? "it backs a constraint"
			 : "it is not valid yet (attach indexes of its own partitions to it first)");
		return false;
	}
	ct = model_table_mut(r->m, r->a, ct);
	for (size_t i = 0; i < ct->n_idx; i++)
		if (strcmp(ct->idx[i].name, cname) == 0) {
			struct m_index *c = arena_alloc(r->a, sizeof *c);
			*c = ct->idx[i];
			rp_drop_index_at(r, ct, i);
			cix = c;
			break;
		}
	struct m_table *pt = model_table_mut(r->m, r->a, (struct m_table *)t);
	struct m_index *ix = table_index(pt, pname);
	add_entry(r->a, ix, ct, cix);
	size_t np;
	struct m_table **ps_ = model_partitions(r->m, r->a, pt, &np);
	bool all = true;
	for (size_t i = 0; i < np && all; i++)
		all = part_entry(ix, ps_[i]->schema, ps_[i]->name) != NULL;
	if (all)
		ix->only = false;	/* valid: PostgreSQL's validatePartitionedIndex */
	return true;
}

/* Table schema.from was renamed to `to`: its partitions name their parent
 * by the new name, and the indexes that record it as a partition too (a
 * partitioned table's partitions and their indexes follow it in
 * PostgreSQL, which keeps them by oid). */
void rp_part_renamed(struct rp *r, const char *schema, const char *from, const char *to)
{
	size_t ns;
	struct m_schema **ss = model_schemas_sorted(r->m, r->a, &ns);
	for (size_t i = 0; i < ns; i++) {
		size_t nt;
		struct m_table **tt = schema_tables_sorted(ss[i], r->a, &nt);
		for (size_t j = 0; j < nt; j++) {
			struct m_table *mt = tt[j];
			if (mt->part_parent && strcmp(mt->part_schema, schema) == 0 &&
			    strcmp(mt->part_parent, from) == 0) {
				mt = model_table_mut(r->m, r->a, mt);
				mt->part_parent = to;
			}
			bool any = false;
			for (size_t k = 0; mt->part_by && k < mt->n_idx && !any; k++)
				any = part_entry(&mt->idx[k], schema, from) != NULL;
			if (!any)
				continue;
			mt = model_table_mut(r->m, r->a, mt);
			for (size_t k = 0; k < mt->n_idx; k++) {
				struct m_index *ix = &mt->idx[k];
				if (!part_entry(ix, schema, from))
					continue;
				struct m_idx_part *v = arena_calloc(r->a, ix->n_parts, sizeof *v);
				for (size_t e = 0; e < ix->n_parts; e++) {
					v[e] = ix->parts[e];
					if (strcmp(v[e].schema, schema) == 0 && strcmp(v[e].table, from) == 0)
						v[e].table = to;
				}
				ix->parts = v;
			}
		}
	}
}
