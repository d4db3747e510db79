/*
 * invert_part.c - derived downgrades and partitions: PostgreSQL applies a
 * parent's alter column set/drop default and set/drop not null to every
 * partition, over the partition's own value (partition of P (col with
 * options ...)); the inverse sets each partition's own value again, the
 * parent's partitions before theirs (each statement reaches the
 * partitions below it too).
 *
 * alter index P attach partition C has no derived downgrade: PostgreSQL
 * cannot detach an index from its parent index, and C cannot be dropped
 * while attached; the only way back drops P (with every index attached to
 * it) and creates it again, which is the author's decision to write.
 */
#include "invert.h"

#include "arena.h"
#include "model.h"
#include "model_ast.h"

void invert_part_own(struct mast_list *l, const struct model *b, struct arena *a,
		     const struct m_table *bt, const char *col, bool dflt,
		     struct loc loc)
{
	size_t n;
	struct m_table **ps = model_partitions(b, a, bt, &n);
	for (size_t i = 0; i < n; i++) {
		const struct m_column *c = table_column(ps[i], col);
		if (c && (dflt ? c->part_own_def : c->part_own_nn && c->not_null)) {
			enum ast_alter_kind k = !dflt ? ALT_SET_NOT_NULL
					      : c->default_text ? ALT_SET_DEFAULT : ALT_DROP_DEFAULT;
			struct ast_alter *x = mast_alter(l, b, ps[i], k, loc);
			x->name.name = c->name;
			if (k == ALT_SET_DEFAULT) {
				struct ast_expr *e = arena_calloc(a, 1, sizeof *e);
				e->text = c->default_text;
				e->loc = loc;
				x->expr = e;
			}
		}
		if (c)
			invert_part_own(l, b, a, ps[i], col, dflt, loc);
	}
}

const char *invert_attach_index_why(void)
{
	return "PostgreSQL cannot detach an index partition, and the index attached cannot "
	       "be dropped alone; write the downgrade (for instance: drop the parent's index, "
	       "create it again on only the table, and create the partition's index again)";
}
