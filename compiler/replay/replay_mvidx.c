/*
 * replay_mvidx.c - indexes on materialized views (replay_int.h).
 *
 * A materialized view keeps its indexes in the model (struct m_view,
 * idx), with REL_INDEX namespace entries naming the view, so that create
 * index, drop index, alter index ... rename and comment on index act on
 * them as on a table's.  The columns of a materialized view are not
 * modelled, so the columns an index names are left to the server.  A
 * plain view cannot have an index: that is an error at the name, as in
 * PostgreSQL.
 */
#include <string.h>

#include "arena.h"
#include "replay_int.h"

struct m_view *rp_index_view(struct rp *r, const struct ast_name *n)
{
	struct m_schema *s = model_schema(r->m, n->schema);
	struct m_view *v = s ? pmap_get(&s->views, n->name) : NULL;
	if (v && v->materialized)
		return v;
	if (v) {
		rp_error(r, n->loc, "cannot create an index on view \"%s\"", n->name);
		rp_note(r, v->loc, "view \"%s\" was defined here", n->name);
		rp_note(r, r->s->loc, "only tables and materialized views have indexes");
		return NULL;
	}
	rp_table(r, n, false);	/* reports why */
	return NULL;
}

void rp_view_add_index(struct rp *r, const struct m_view *v, const struct m_index *ix)
{
	struct m_index *idx = arena_calloc(r->a, v->n_idx + 2, sizeof *idx);
	if (v->n_idx)
		memcpy(idx, v->idx, v->n_idx * sizeof *idx);
	idx[v->n_idx] = *ix;
	model_view_indexes(r->m, r->a, v, idx, v->n_idx + 1);
}

/* The view holding index rel (a REL_INDEX entry of schema s). */
static const struct m_view *owner(const struct m_schema *s, const struct m_rel *rel)
{
	return pmap_get(&s->views, rel->table);
}

bool rp_view_drop_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			const char *name)
{
	const struct m_view *v = owner(s, rel);
	if (!v)
		return false;
	struct m_index *idx = arena_calloc(r->a, v->n_idx + 1, sizeof *idx);
	size_t k = 0;
	for (size_t i = 0; i < v->n_idx; i++)
		if (strcmp(v->idx[i].name, name) != 0)
			idx[k++] = v->idx[i];
	model_view_indexes(r->m, r->a, v, idx, k);
	return true;
}

/* A copy of v's indexes with index `name` at *at. */
static struct m_index *copy(struct rp *r, const struct m_view *v, const char *name, size_t *at)
{
	struct m_index *idx = arena_calloc(r->a, v->n_idx + 1, sizeof *idx);
	if (v->n_idx)
		memcpy(idx, v->idx, v->n_idx * sizeof *idx);
	for (*at = 0; *at < v->n_idx && strcmp(idx[*at].name, name) != 0; (*at)++)
		;
	return idx;
}

bool rp_view_rename_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			  const char *from, const char *to)
{
	const struct m_view *v = owner(s, rel);
	if (!v)
		return false;
	if (pmap_get(&s->rels, to)) {
		rp_error(r, r->s->u.rename.new_name.loc, "relation \"%s\" already exists", to);
		return false;
	}
	size_t at;
	struct m_index *idx = copy(r, v, from, &at);
	if (at == v->n_idx)
		return false;
	idx[at].name = arena_strdup(r->a, to);
	model_view_indexes(r->m, r->a, v, idx, v->n_idx);
	return true;
}

bool rp_view_comment_index(struct rp *r, const struct m_schema *s, const struct m_rel *rel,
			   const char *name, const char *text)
{
	const struct m_view *v = owner(s, rel);
	if (!v)
		return false;
	size_t at;
	struct m_index *idx = copy(r, v, name, &at);
	if (at == v->n_idx)
		return false;
	idx[at].comment = text;
	model_view_indexes(r->m, r->a, v, idx, v->n_idx);
	return true;
}
