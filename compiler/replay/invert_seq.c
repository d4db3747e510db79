/*
 * invert_seq.c - derived downgrades of the standalone sequence statements
 * (plain SQL, pgsql_seq.c): create sequence is undone by drop sequence,
 * alter sequence by an alter sequence putting every option and the owner
 * back as the model before it holds them, rename by the rename back, drop
 * sequence by create sequence with the old options (and owned by).  A
 * drop with CASCADE (which may drop column defaults) is not inverted.
 * Also the sequences a drop table / drop schema took along (owned by),
 * put back around the restored tables (invert_seq_restore).
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "invert_view.h"
#include "model.h"
#include "pgsql_tree.h"
#include "sql.h"

static const char *qname(struct arena *a, const struct model *m, const char *schema,
			 const char *name)
{
	if (strcmp(schema, m->default_schema) == 0)
		return sql_ident(a, name);
	return arena_printf(a, "%s.%s", sql_ident(a, schema), sql_ident(a, name));
}

static const char *owner_sql(struct arena *a, const struct model *m, const struct m_seq *q)
{
	if (!q->owner_table)
		return "NONE";
	return arena_printf(a, "%s.%s", qname(a, m, q->schema, q->owner_table),
			    sql_ident(a, q->owner_column));
}

const char *seq_create_sql(struct arena *a, const struct model *m, const struct m_seq *q)
{
	return arena_printf(a, "CREATE SEQUENCE %s %s", qname(a, m, q->schema, q->name),
			    model_seq_options(a, q));
}

const char *seq_comment_sql(struct arena *a, const struct model *m, const struct m_seq *q)
{
	return arena_printf(a, "COMMENT ON SEQUENCE %s IS %s", qname(a, m, q->schema, q->name),
			    q->comment ? sql_literal(a, q->comment) : "NULL");
}

const char *seq_owned_sql(struct arena *a, const struct model *m, const struct m_seq *q)
{
	return arena_printf(a, "ALTER SEQUENCE %s OWNED BY %s", qname(a, m, q->schema, q->name),
			    owner_sql(a, m, q));
}

const char *seq_alter_sql(struct arena *a, const struct model *m, const struct m_seq *q)
{
	return arena_printf(a, "ALTER SEQUENCE %s %s OWNED BY %s",
			    qname(a, m, q->schema, q->name), model_seq_options(a, q),
			    owner_sql(a, m, q));
}

bool invert_seq(struct arena *a, const struct model *before, const struct pgsql_stmt *p,
		struct loc loc, struct mast_list *l, const char **why)
{
	const struct pgsql_name *n = &p->names[0];
	const char *sch = model_schema_name(before, n->schema);
	switch (p->kind) {
	case PGSQL_CREATE_SEQUENCE:
		if (model_rel(before, sch, n->name))
			return true;	/* if not exists on an existing one */
		view_push_sql(l, arena_printf(a, "DROP SEQUENCE %s", qname(a, before, sch, n->name)),
			      loc);
		return true;
	case PGSQL_ALTER_SEQUENCE: {
		const struct m_seq *q = model_seq(before, sch, n->name);
		if (!q) {
			*why = "the sequence altered is not one migc knows (a serial or identity column's, or created by a statement migc does not read)";
			return false;
		}
		view_push_sql(l, seq_alter_sql(a, before, q), loc);
		return true;
	}
	case PGSQL_RENAME_SEQUENCE: {
		const struct m_seq *q = model_seq(before, sch, n->name);
		if (!q) {
			*why = "the sequence renamed is not one migc knows";
			return false;
		}
		view_push_sql(l, arena_printf(a, "ALTER SEQUENCE %s RENAME TO %s",
					      qname(a, before, sch, p->new_name),
					      sql_ident(a, q->name)), loc);
		return true;
	}
	case PGSQL_COMMENT_SEQUENCE: {
		const struct m_seq *q = model_seq(before, sch, n->name);
		if (!q) {
			*why = "the sequence commented on is not one migc knows";
			return false;
		}
		view_push_sql(l, seq_comment_sql(a, before, q), loc);
		return true;
	}
	case PGSQL_SETSCHEMA_SEQUENCE: {
		const struct m_seq *q = model_seq(before, sch, n->name);
		if (!q && p->if_exists && !model_rel(before, sch, n->name))
			return true;	/* if exists: there was nothing to move */
		if (!q) {
			*why = "the sequence moved is not one migc knows";
			return false;
		}
		if (strcmp(p->new_name, q->schema) != 0)
			view_push_sql(l, arena_printf(a, "ALTER SEQUENCE %s SET SCHEMA %s",
						      qname(a, before, p->new_name, q->name),
						      sql_ident(a, q->schema)), loc);
		return true;
	}
	default:
		break;
	}
	if (p->cascade) {
		*why = "\"drop sequence ... cascade\" cannot be inverted: the column defaults it dropped are gone";
		return false;
	}
	for (size_t i = p->n_names; i-- > 0;) {
		const struct m_seq *q = model_seq(before, model_schema_name(before, p->names[i].schema),
						  p->names[i].name);
		if (!q) {
			if (p->if_exists)
				continue;
			*why = "the sequence dropped is not one migc knows";
			return false;
		}
		view_push_sql(l, seq_create_sql(a, before, q), loc);
		if (q->owner_table)
			view_push_sql(l, seq_owned_sql(a, before, q), loc);
		if (q->comment)
			view_push_sql(l, seq_comment_sql(a, before, q), loc);
	}
	return true;
}

void invert_seq_restore(struct arena *a, const struct model *before, const struct model *after,
			bool owners, struct loc loc, struct mast_list *l)
{
	size_t n;
	struct m_seq **v = model_seqs_sorted(before, a, &n);
	for (size_t i = 0; i < n; i++) {
		if (model_seq(after, v[i]->schema, v[i]->name))
			continue;
		if (!owners)
			view_push_sql(l, seq_create_sql(a, before, v[i]), loc);
		else if (v[i]->owner_table)
			view_push_sql(l, seq_owned_sql(a, before, v[i]), loc);
		if (owners && v[i]->comment)
			view_push_sql(l, seq_comment_sql(a, before, v[i]), loc);
	}
}
