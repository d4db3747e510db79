/*
 * autogen.h - the statements that take one schema model to another.
 *
 * autogen_diff() compares `from` (the schema at head) with `to` (schema.mig)
 * and lists the statements that turn the first into the second, ordered so
 * that they apply: referenced tables exist before foreign keys are added,
 * foreign keys go before the tables or keys they depend on, columns exist
 * before their constraints and indexes, enum types before the columns that
 * use them.  Called the other way round it gives the downgrade.  Built with
 * model_ast.h, so every object keeps its exact name.
 *
 * What a direction cannot express (removing an enum label, changing a
 * column's identity) is listed in `unsupported`; drops followed by adds that
 * look like renames are listed in `renames` with the statement to use
 * instead.  Objects are visited in sorted order: the same models always
 * give the same statements.
 */
#ifndef MIGC_AUTOGEN_H
#define MIGC_AUTOGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "model_ast.h"

struct arena;
struct model;
struct m_table;
struct m_constraint;
struct m_index;
struct m_column;

struct autogen {
	struct mast_list stmts;
	const char **renames;		/* "table "a" dropped and "b" added ...: alter table a rename to b;" */
	size_t n_renames;
	const char **unsupported;	/* one line per difference left out */
	size_t n_unsupported;
	const char **enum_removals;	/* enum labels this direction would remove */
	size_t n_enum_removals;
};

void autogen_diff(struct arena *a, const struct model *from, const struct model *to,
		  struct autogen *out);

/* autogen_cmp.c: sameness ignoring comments (which are changed in place). */
bool autogen_column_same(struct arena *a, const struct m_column *x, const struct m_column *y);
bool autogen_type_same(const struct m_column *x, const struct m_column *y);
bool autogen_default_same(struct arena *a, const struct m_column *x, const struct m_column *y);
bool autogen_con_same(struct arena *a, const struct m_constraint *x, const struct m_constraint *y);
bool autogen_index_same(struct arena *a, const struct m_index *x, const struct m_index *y);
/* Appends a line to a growing arena array. */
void autogen_push_line(struct arena *a, const char ***v, size_t *n, const char *line);
/* Drops followed by adds that look like renames (tables with the same
 * columns, columns of the same type), as suggestions in out->renames. */
void autogen_renames(struct arena *a, const struct model *from, const struct model *to,
		     struct autogen *out);

/* autogen_ext.c: create extension for those of `t` missing from `f`,
 * drop extension for those of `f` missing from `t` (migc.conf's declared
 * ones never). */
void autogen_ext_create(struct mast_list *l, const struct model *f,
			const struct model *t, struct arena *a, struct loc loc);
void autogen_ext_drop(struct mast_list *l, const struct model *f,
		      const struct model *t, struct arena *a, struct loc loc);

/* autogen_split.c: moves the create index statements of `up` whose index
 * `to` (schema.mig) creates concurrently into `cup`, marked concurrently,
 * with `cdown` dropping them concurrently (and their drops taken out of
 * `down`): the statements of a second, no_transaction revision.  Returns
 * how many moved. */
size_t autogen_split_concurrent(struct arena *a, const struct model *to, struct mast_list *up,
				struct mast_list *down, struct mast_list *cup,
				struct mast_list *cdown);

/* autogen_part.c: partitions (the phases autogen_diff() adds). */
bool autogen_part_dropped_along(const struct model *from, const struct model *to,
				const struct m_table *ft);
bool autogen_part_columns_follow(const struct m_table *ft, const struct m_table *tt);
void autogen_part_detach(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc);
/* autogen_policy.c: policies dropped (after phase 5), created (after 11). */
void autogen_policy_drop(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc);
void autogen_policy_create(struct arena *a, const struct model *f, const struct model *t,
			   struct autogen *out, struct loc loc);
/* autogen_rls.c: row level security flags, after the tables exist. */
void autogen_rls(struct arena *a, const struct model *f, const struct model *t,
		 struct autogen *out, struct loc loc);
void autogen_part_create(struct arena *a, const struct model *f, const struct model *t,
			 struct autogen *out, struct loc loc);

/* autogen_utype.c: domains, composite and range types created (or
 * dropped and created again when their statement changed) before the
 * tables, and dropped after the columns. */
void autogen_utype_create(struct mast_list *l, const struct model *f,
			  const struct model *t, struct arena *a);
void autogen_utype_drop(struct mast_list *l, const struct model *f,
			const struct model *t, struct arena *a);

/* autogen_coll.c: collations new or changed created (before the types),
 * those that go dropped (after the tables); a changed one that columns
 * use is listed in out->unsupported instead. */
void autogen_colls_create(struct arena *a, const struct model *from, const struct model *to,
			  struct autogen *out);
void autogen_colls_drop(struct arena *a, const struct model *from, const struct model *to,
			struct mast_list *l);
/* autogen_evtrig.c: event triggers that change or go dropped (first),
 * new and changed ones created (last, after the routines). */
void autogen_evtrigs_drop(struct arena *a, const struct model *from, const struct model *to,
			  struct mast_list *l);
void autogen_evtrigs_create(struct arena *a, const struct model *from, const struct model *to,
			    struct mast_list *l);
/* autogen_seq.c: standalone sequences created or altered before the
 * tables, given their owners after them, dropped after the columns. */
void autogen_seq_create(struct mast_list *l, const struct model *f, const struct model *t,
			struct arena *a);
void autogen_seq_owners(struct mast_list *l, const struct model *f, const struct model *t,
			struct arena *a);
void autogen_seq_drop(struct mast_list *l, const struct model *f, const struct model *t,
		      struct arena *a);

#endif
