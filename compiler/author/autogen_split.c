/*
 * autogen_split.c - the indexes schema.mig creates `concurrently`, moved
 * out of a generated revision into one of their own.
 *
 * `create index concurrently` cannot run in a transaction, and each
 * revision runs in one unless it is marked no_transaction.  So
 * autogenerate writes the other statements as usual and these indexes in
 * a second revision after it, marked no_transaction, whose downgrade drops
 * them concurrently too.  The models keep the word (replay records it in
 * m_index.concurrently); autogen_diff() writes every index bare.
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "autogen.h"
#include "model.h"
#include "model_ast.h"

/* The index `s` creates, as `to` (schema.mig) has it. */
static const struct m_index *split_index(const struct model *to, const struct ast_stmt *s)
{
	const struct m_rel *rel = model_rel(to, s->u.index.table.schema, s->target.name);
	if (!rel || rel->kind != REL_INDEX)
		return NULL;
	const struct m_table *t = model_table(to, s->u.index.table.schema, rel->table);
	if (!t)		/* an index of a materialized view */
		return view_index(model_view(to, s->u.index.table.schema, rel->table), s->target.name);
	return table_index(t, s->target.name);
}

static bool split_same_index(const struct ast_stmt *drop, const struct ast_stmt *create)
{
	const char *ds = drop->target.schema, *cs = create->u.index.table.schema;
	return strcmp(drop->target.name, create->target.name) == 0 &&
	       (!ds || !cs || strcmp(ds, cs) == 0);	/* unwritten: the default schema */
}

size_t autogen_split_concurrent(struct arena *a, const struct model *to, struct mast_list *up,
				struct mast_list *down, struct mast_list *cup,
				struct mast_list *cdown)
{
	mast_init(cup, a);
	mast_init(cdown, a);
	size_t kept = 0;
	for (size_t i = 0; i < up->n; i++) {
		struct ast_stmt s = up->v[i];
		const struct m_index *ix = s.kind == STMT_CREATE_INDEX && s.target.name
			? split_index(to, &s) : NULL;
		if (!ix || !ix->concurrently) {
			up->v[kept++] = s;
			continue;
		}
		s.u.index.concurrently = true;
		*mast_push(cup, STMT_CREATE_INDEX, s.loc) = s;
		struct ast_stmt *dr = mast_push(cdown, STMT_DROP_INDEX, s.loc);
		dr->target = s.target;
		dr->target.schema = s.u.index.table.schema;
		dr->u.drop.concurrently = true;
	}
	up->n = kept;
	if (!cup->n)
		return 0;
	/* the second revision's downgrade drops them first */
	kept = 0;
	for (size_t i = 0; i < down->n; i++) {
		bool moved = false;
		for (size_t k = 0; !moved && down->v[i].kind == STMT_DROP_INDEX && k < cup->n; k++)
			moved = split_same_index(&down->v[i], &cup->v[k]);
		if (!moved)
			down->v[kept++] = down->v[i];
	}
	down->n = kept;
	/* dropped in reverse order of creation */
	for (size_t i = 0, j = cdown->n; i + 1 < j; i++, j--) {
		struct ast_stmt t = cdown->v[i];
		cdown->v[i] = cdown->v[j - 1];
		cdown->v[j - 1] = t;
	}
	return cup->n;
}
