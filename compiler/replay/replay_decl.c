/*
 * replay_decl.c - schema.mig is declarative: its statements in any order.
 *
 * A description of the desired state may mention a table before writing
 * it, and foreign keys may form cycles.  So the file is replayed in an
 * order of its own, a stable reordering of what was written:
 *   1. create schema
 *   2. enum types and their values, create extension (its types), plain
 *      SQL create domain|type and create sequence (without owned by)
 *   3. create table, without its foreign keys (partitions after their
 *      parents)
 *   4. every other statement (indexes, alter table, ...), in file order
 *   5. the foreign keys of step 3, as alter table ... add constraint, in
 *      file order (within a table: PostgreSQL's own order)
 *   6. comments, grants, revokes and alter ... owner to
 * PostgreSQL names a table's foreign keys last anyway, so the model is the
 * one the same statements give in a good order.  A failed create table
 * takes its dependents along silently: its one error is the report.
 */
#include <string.h>

#include "arena.h"
#include "replay.h"
#include "replay_int.h"

enum { PH_SCHEMA, PH_TYPE, PH_TABLE, PH_REST, PH_FKEY, PH_COMMENT, PH_N };

static int decl_phase(const struct ast_stmt *s)
{
	switch (s->kind) {
	case STMT_CREATE_SCHEMA:
		return PH_SCHEMA;
	case STMT_CREATE_ENUM:
	case STMT_ADD_ENUM_VALUE:
	case STMT_RENAME_ENUM_VALUE:
	case STMT_CREATE_EXTENSION:	/* its types, before the tables */
		return PH_TYPE;
	case STMT_CREATE_TABLE:
		return PH_TABLE;
	case STMT_COMMENT:
		return PH_COMMENT;
	default: {
		/* plain SQL create domain|type: with the enums (replay_utype.c);
		 * create sequence too, unless owned by a table (replay_seq.c);
		 * grants and owners after their objects (replay_acl.c) */
		if (s->kind != STMT_EXECUTE || !s->u.exec.passthrough || !s->u.exec.sql)
			return PH_REST;
		bool owned;
		if (rp_acl_sql(s->u.exec.sql))
			return PH_COMMENT;
		if (rp_seq_create_sql(s->u.exec.sql, &owned))
			return owned ? PH_REST : PH_TYPE;
		return rp_utype_sql(s->u.exec.sql) ? PH_TYPE : PH_REST;
	}
	}
}

static size_t decl_count_fk(const struct ast_constraint *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += v[i].kind == CON_FOREIGN_KEY;
	return k;
}

/* `c` (a foreign key) as the statement alter table T add constraint. */
static struct ast_stmt decl_fk_stmt(struct arena *a, const struct ast_stmt *table,
				    const struct ast_constraint *c,
				    const struct ast_ident *column)
{
	struct ast_constraint *k = arena_alloc(a, sizeof *k);
	*k = *c;
	if (column) {		/* column form: name its column */
		struct ast_ident *id = arena_calloc(a, 1, sizeof *id);
		id->name = column->name;
		id->loc = c->loc;
		k->columns = id;
		k->n_columns = 1;
	}
	struct ast_alter *al = arena_calloc(a, 1, sizeof *al);
	al->kind = ALT_ADD_CONSTRAINT;
	al->constraint = k;
	al->loc = c->loc;
	struct ast_stmt s;
	memset(&s, 0, sizeof s);
	s.kind = STMT_ALTER_TABLE;
	s.loc = c->loc;
	s.target = table->target;
	s.u.alter.alters = al;
	s.u.alter.n_alters = 1;
	return s;
}

/* Appends the create table without its foreign keys to `tables`, and the
 * foreign keys to `fks`. */
static void decl_split_table(struct arena *a, const struct ast_stmt *s,
			     struct ast_stmt *tables, size_t *nt,
			     struct ast_stmt *fks, size_t *nf)
{
	struct ast_stmt t = *s;
	struct ast_column *cols = arena_calloc(a, s->u.table.n_columns + 1, sizeof *cols);
	for (size_t i = 0; i < s->u.table.n_columns; i++) {
		const struct ast_column *c = &s->u.table.columns[i];
		cols[i] = *c;
		if (!decl_count_fk(c->constraints, c->n_constraints))
			continue;
		struct ast_constraint *keep = arena_calloc(a, c->n_constraints + 1, sizeof *keep);
		size_t nk = 0;
		for (size_t j = 0; j < c->n_constraints; j++) {
			if (c->constraints[j].kind != CON_FOREIGN_KEY) {
				keep[nk++] = c->constraints[j];
				continue;
			}
			fks[(*nf)++] = decl_fk_stmt(a, s, &c->constraints[j], &c->name);
		}
		cols[i].constraints = keep;
		cols[i].n_constraints = nk;
	}
	t.u.table.columns = cols;
	struct ast_constraint *keep = arena_calloc(a, s->u.table.n_constraints + 1, sizeof *keep);
	size_t nk = 0;
	for (size_t j = 0; j < s->u.table.n_constraints; j++) {
		if (s->u.table.constraints[j].kind != CON_FOREIGN_KEY) {
			keep[nk++] = s->u.table.constraints[j];
			continue;
		}
		fks[(*nf)++] = decl_fk_stmt(a, s, &s->u.table.constraints[j], NULL);
	}
	t.u.table.constraints = keep;
	t.u.table.n_constraints = nk;
	tables[(*nt)++] = t;
}

static bool decl_same_name(const struct ast_name *x, const struct ast_name *y)
{
	return strcmp(x->name, y->name) == 0 &&
	       (!x->schema || !y->schema || strcmp(x->schema, y->schema) == 0);
}

/* For each statement, how many "partition of" steps lead from its create
 * table to a table that is not a partition in the file (0: none; capped,
 * so that a cycle, an error replay reports, still ends). */
static int *decl_part_depths(struct arena *a, const struct ast_stmt *stmts, size_t n)
{
	int *depth = arena_calloc(a, n + 1, sizeof *depth);
	for (size_t i = 0; i < n; i++) {
		const struct ast_stmt *s = &stmts[i];
		while (s && s->kind == STMT_CREATE_TABLE && s->u.table.part_of.name && depth[i] < 32) {
			depth[i]++;
			const struct ast_stmt *up = NULL;
			for (size_t j = 0; j < n && !up; j++)
				if (stmts[j].kind == STMT_CREATE_TABLE &&
				    decl_same_name(&stmts[j].target, &s->u.table.part_of))
					up = &stmts[j];
			s = up;
		}
	}
	return depth;
}

struct ast_stmt *replay_declarative_order(struct arena *a, const struct ast_stmt *stmts,
					  size_t n, size_t *n_out)
{
	size_t nfk = 0;
	for (size_t i = 0; i < n; i++) {
		if (stmts[i].kind != STMT_CREATE_TABLE)
			continue;
		nfk += decl_count_fk(stmts[i].u.table.constraints, stmts[i].u.table.n_constraints);
		for (size_t j = 0; j < stmts[i].u.table.n_columns; j++)
			nfk += decl_count_fk(stmts[i].u.table.columns[j].constraints,
					     stmts[i].u.table.columns[j].n_constraints);
	}
	size_t total = n + nfk;
	struct ast_stmt *out = arena_calloc(a, total + 1, sizeof *out);
	struct ast_stmt *fks = arena_calloc(a, nfk + 1, sizeof *fks);
	size_t k = 0, nf = 0;
	for (int ph = 0; ph < PH_N; ph++) {
		if (ph == PH_FKEY) {
			for (size_t i = 0; i < nf; i++)
				out[k++] = fks[i];
			continue;
		}
		if (ph == PH_TABLE) {	/* parents before their partitions */
			int *depth = decl_part_depths(a, stmts, n);
			for (int d = 0, more = 1; more; d++) {
				more = 0;
				for (size_t i = 0; i < n; i++) {
					if (decl_phase(&stmts[i]) != ph)
						continue;
					more |= depth[i] > d;
					if (depth[i] == d)
						decl_split_table(a, &stmts[i], out, &k, fks, &nf);
				}
			}
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if (decl_phase(&stmts[i]) != ph)
				continue;
			out[k++] = stmts[i];
		}
	}
	*n_out = k;
	return out;
}

/* The tables whose create table failed, as written (schema may be NULL). */
struct decl_failed {
	const struct ast_name *v;
	size_t n;
	const char *dflt;
};

static bool decl_is_failed(const struct decl_failed *f, const struct ast_name *nm)
{
	const char *sch = nm->schema ? nm->schema : f->dflt;
	for (size_t i = 0; i < f->n; i++) {
		const char *fs = f->v[i].schema ? f->v[i].schema : f->dflt;
		if (strcmp(f->v[i].name, nm->name) == 0 && strcmp(fs, sch) == 0)
			return true;
	}
	return false;
}

/* True when `s` only concerns tables whose creation already failed. */
static bool decl_follows_failure(const struct decl_failed *f, const struct ast_stmt *s)
{
	if (!f->n)
		return false;
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		return s->u.table.part_of.name && decl_is_failed(f, &s->u.table.part_of);
	case STMT_CREATE_INDEX:
		return decl_is_failed(f, &s->u.index.table);
	case STMT_ALTER_TABLE:
		if (decl_is_failed(f, &s->target))
			return true;
		for (size_t i = 0; i < s->u.alter.n_alters; i++) {
			const struct ast_constraint *c = s->u.alter.alters[i].constraint;
			if (c && c->kind == CON_FOREIGN_KEY && decl_is_failed(f, &c->ref_table))
				return true;
		}
		return false;
	case STMT_COMMENT:
		return s->u.comment.comment_target != COMMENT_TYPE && s->u.comment.comment_target != COMMENT_INDEX &&
		       decl_is_failed(f, &s->target);
	default:
		return false;
	}
}

bool replay_declarative(struct replay_ctx *ctx, struct model *m,
			const struct ast_stmt *stmts, size_t n)
{
	size_t no;
	struct ast_stmt *ord = replay_declarative_order(ctx->arena, stmts, n, &no);
	struct ast_name *failed = arena_calloc(ctx->arena, n + 1, sizeof *failed);
	struct decl_failed f = { failed, 0, m->default_schema };
	bool ok = true;
	for (size_t i = 0; i < no; i++) {
		if (decl_follows_failure(&f, &ord[i]))
			continue;
		struct ast_stmt named = replay_apply_naming(ctx->arena, m, ctx->naming, &ord[i]);
		if (replay_stmt(ctx, m, &named))
			continue;
		ok = false;
		if (ord[i].kind == STMT_CREATE_TABLE)
			failed[f.n++] = ord[i].target;
	}
	return ok;
}
