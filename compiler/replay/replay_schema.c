/*
 * replay_schema.c - CREATE/DROP SCHEMA (with the owner `authorization`
 * gives, when migc.conf compares owners) and COMMENT ON.
 */
#include <string.h>

#include "arena.h"
#include "model_acl.h"
#include "pgsql_tree.h"
#include "replay_int.h"

bool rp_schema_stmt(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	const char *name = s->target.name;
	struct m_schema *sch = model_schema(r->m, name);
	struct cow_stamp st = model_stamp(r->m);
	if (s->kind == STMT_CREATE_SCHEMA) {
		if (sch) {
			if (s->if_not_exists)
				return true;
			rp_error(r, s->target.loc, "schema \"%s\" already exists", name);
			rp_note(r, sch->loc, "previously defined here");
			return false;
		}
		sch = arena_alloc(r->a, sizeof *sch);
		sch->stamp = st;
		sch->name = name;
		sch->loc = s->target.loc;
		pmap_set(&r->m->schemas, r->a, st, name, sch);
		const char *own = s->u.schema.owner.name;
		if (own && strcmp(own, "current_user") != 0 && strcmp(own, "session_user") != 0 &&
		    (r->m->acl & MODEL_ACL_OWNERS)) {
			/* create schema ... authorization ROLE: its owner (not
			 * current_user: whoever runs it, unknown as without one) */
			struct m_owner *o = arena_calloc(r->a, 1, sizeof *o);
			o->objkind = PGSQL_ACL_SCHEMA;
			o->word = 'n';
			o->name = name;
			o->owner = s->u.schema.owner.name;
			model_owner_set(r->m, r->a, o);
		}
		return true;
	}
	if (!sch) {
		if (s->if_exists)
			return true;
		rp_error(r, s->target.loc, "schema \"%s\" does not exist", name);
		return false;
	}
	size_t nt, ne;
	struct m_table **tabs = schema_tables_sorted(sch, r->a, &nt);
	struct m_enum **enums = schema_enums_sorted(sch, r->a, &ne);
	if ((nt || ne || sch->seqs.count) && !s->cascade) {
		rp_error(r, s->target.loc, "cannot drop schema \"%s\" because other objects depend on it",
			 name);
		for (size_t i = 0; i < nt; i++)
			rp_note(r, tabs[i]->loc, "table \"%s\" depends on schema \"%s\"",
				tabs[i]->name, name);
		for (size_t i = 0; i < ne; i++)
			rp_note(r, enums[i]->loc, "type \"%s\" depends on schema \"%s\"",
				enums[i]->name, name);
		rp_seq_schema_notes(r, sch);
		rp_note(r, s->loc, "use \"cascade\" to drop the dependent objects too");
		return false;
	}
	for (size_t i = 0; i < nt; i++) {
		struct m_table *t = model_table(r->m, name, tabs[i]->name);
		size_t nd;
		struct rp_dep *deps = rp_fk_dependents(r, t, DEP_TABLE, NULL, &nd);
		rp_handle_dependents(r, deps, nd, true, "");
		t = model_table_mut(r->m, r->a, model_table(r->m, name, tabs[i]->name));
		rp_drop_table_objects(r, t);
	}
	/* columns elsewhere typed with this schema's enums go too (cascade) */
	for (size_t i = 0; i < ne; i++) {
		size_t na;
		struct m_table **all = rp_all_tables(r, &na);
		for (size_t k = 0; k < na; k++) {
			for (size_t c = all[k]->n_cols; c-- > 0;) {
				const struct ast_type *ty = &all[k]->cols[c].type;
				if (ty->kind != TY_NAMED || strcmp(ty->named.schema, name) != 0 ||
				    strcmp(ty->named.name, enums[i]->name) != 0)
					continue;
				struct m_table *t = model_table_mut(r->m, r->a,
					model_table(r->m, all[k]->schema, all[k]->name));
				if (!rp_drop_column(r, &t, t->cols[c].name, true, s->loc))
					return false;
				all[k] = t;
			}
		}
	}
	pmap_del(&r->m->schemas, r->a, st, name);
	return true;
}

bool rp_comment(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	const char *text = s->u.comment.comment && *s->u.comment.comment ? s->u.comment.comment : NULL;
	if (s->u.comment.comment_target == COMMENT_TYPE) {
		struct m_schema *sch = rp_schema(r, &s->target, false);
		if (!sch)
			return false;
		struct m_enum *e = pmap_get(&sch->enums, s->target.name);
		if (!e)	/* a domain, composite or range type (replay_comment.c) */
			return rp_utype_comment(r, &s->target, text);
		model_enum_mut(r->m, r->a, e)->comment = text;
		return true;
	}
	if (s->u.comment.comment_target == COMMENT_INDEX) {
		struct m_schema *sch = rp_schema(r, &s->target, false);
		if (!sch)
			return false;
		struct m_rel *rel = pmap_get(&sch->rels, s->target.name);
		if (!rel || rel->kind != REL_INDEX) {
			rp_error(r, s->target.loc, rel ? "\"%s\" is not an index"
				 : "index \"%s\" does not exist", s->target.name);
			return false;
		}
		struct m_table *t = pmap_get(&sch->tables, rel->table);
		if (!t)
			return rp_view_comment_index(r, sch, rel, s->target.name, text);
		t = model_table_mut(r->m, r->a, t);
		table_index(t, s->target.name)->comment = text;
		return true;
	}
	struct m_table *t = rp_table(r, &s->target, false);
	if (!t)
		return false;
	if (s->u.comment.comment_target == COMMENT_COLUMN) {
		if (!table_column(t, s->u.comment.member.name)) {
			rp_error(r, s->u.comment.member.loc, "column \"%s\" does not exist in table \"%s\"",
				 s->u.comment.member.name, rp_table_label(r, t));
			return false;
		}
		t = model_table_mut(r->m, r->a, t);
		table_column(t, s->u.comment.member.name)->comment = text;
	} else if (s->u.comment.comment_target == COMMENT_CONSTRAINT) {
		if (!table_constraint(t, s->u.comment.member.name)) {
			rp_error(r, s->u.comment.member.loc, "constraint \"%s\" for table \"%s\" does not exist",
				 s->u.comment.member.name, rp_table_label(r, t));
			return false;
		}
		t = model_table_mut(r->m, r->a, t);
		table_constraint(t, s->u.comment.member.name)->comment = text;
	} else {
		model_table_mut(r->m, r->a, t)->comment = text;
	}
	return true;
}
