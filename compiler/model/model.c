/*
 * model.c - the schema model's objects: creation, lookup, copy-on-write.
 *
 * See model.h for the sharing rules.  Every write goes through a *_mut()
 * function that copies a shared object first, so a clone can never observe
 * a change made after it was taken.
 */
#include "model.h"

#include <stdint.h>
#include <string.h>

#include "arena.h"

struct cow_stamp model_stamp(const struct model *m)
{
	struct cow_stamp s = { m->tag, m->tag->gen };
	return s;
}

const char *model_key2(struct arena *a, const char *x, const char *y)
{
	return arena_printf(a, "%s\n%s", x, y);
}

void *model_map_get2(const struct pmap *p, const char *x, const char *y)
{
	char buf[512];
	size_t lx = strlen(x), ly = strlen(y);
	if (!p->count || lx + ly + 2 > sizeof buf)
		return NULL;	/* longer than any identifier PostgreSQL keeps */
	memcpy(buf, x, lx);
	buf[lx] = '\n';
	memcpy(buf + lx + 1, y, ly + 1);
	return pmap_get(p, buf);
}

void model_map_set2(struct model *m, struct arena *a, struct pmap *p, const char *x,
		    const char *y, void *v)
{
	pmap_set(p, a, model_stamp(m), model_key2(a, x, y), v);
}

void model_map_del2(struct model *m, struct arena *a, struct pmap *p, const char *x,
		    const char *y)
{
	pmap_del(p, a, model_stamp(m), model_key2(a, x, y));
}

static bool model_mine(const struct model *m, struct cow_stamp s)
{
	return s.tag == m->tag && s.gen == m->tag->gen;
}

static struct m_schema *model_add_schema(struct model *m, struct arena *a,
					 const char *name)
{
	struct m_schema *s = arena_alloc(a, sizeof *s);
	s->stamp = model_stamp(m);
	s->name = arena_strdup(a, name);
	s->builtin = true;
	pmap_set(&m->schemas, a, model_stamp(m), s->name, s);
	return s;
}

struct model *model_new(struct arena *a, const char *default_schema)
{
	struct model *m = arena_alloc(a, sizeof *m);
	m->tag = arena_alloc(a, sizeof *m->tag);
	m->default_schema = arena_strdup(a, default_schema ? default_schema : "public");
	model_add_schema(m, a, "public");
	if (strcmp(m->default_schema, "public") != 0)
		model_add_schema(m, a, m->default_schema);
	return m;
}

struct model *model_clone(struct arena *a, const struct model *src)
{
	struct model *m = arena_alloc(a, sizeof *m);
	*m = *src;
	m->tag = arena_alloc(a, sizeof *m->tag);
	/* freeze the source: from now on both sides copy before writing */
	src->tag->gen++;
	return m;
}

struct model *model_clone_transient(struct arena *a, const struct model *src)
{
	struct model *m = arena_alloc(a, sizeof *m);
	*m = *src;
	m->tag = arena_alloc(a, sizeof *m->tag);
	return m;
}

const char *model_schema_name(const struct model *m, const char *schema)
{
	return schema ? schema : m->default_schema;
}

struct m_schema *model_schema(const struct model *m, const char *schema)
{
	return pmap_get(&m->schemas, model_schema_name(m, schema));
}

struct m_table *model_table(const struct model *m, const char *schema, const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s ? pmap_get(&s->tables, name) : NULL;
}

struct m_enum *model_enum(const struct model *m, const char *schema, const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s ? pmap_get(&s->enums, name) : NULL;
}

struct m_rel *model_rel(const struct model *m, const char *schema, const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s ? pmap_get(&s->rels, name) : NULL;
}

ptrdiff_t table_column_pos(const struct m_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (ptrdiff_t)i;
	return -1;
}

struct m_column *table_column(const struct m_table *t, const char *name)
{
	ptrdiff_t i = table_column_pos(t, name);
	return i < 0 ? NULL : &t->cols[i];
}

struct m_constraint *table_constraint(const struct m_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_cons; i++)
		if (strcmp(t->cons[i].name, name) == 0)
			return &t->cons[i];
	return NULL;
}

struct m_index *table_index(const struct m_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_idx; i++)
		if (strcmp(t->idx[i].name, name) == 0)
			return &t->idx[i];
	return NULL;
}

struct m_constraint *table_pkey(const struct m_table *t)
{
	for (size_t i = 0; i < t->n_cons; i++)
		if (t->cons[i].kind == MC_PKEY)
			return &t->cons[i];
	return NULL;
}

struct m_schema *model_schema_mut(struct model *m, struct arena *a, const char *schema)
{
	struct m_schema *s = model_schema(m, schema);
	if (!s || model_mine(m, s->stamp))
		return s;
	struct m_schema *c = arena_alloc(a, sizeof *c);
	*c = *s;
	c->stamp = model_stamp(m);
	pmap_set(&m->schemas, a, model_stamp(m), c->name, c);
	return c;
}

static void *model_dup_array(struct arena *a, const void *src, size_t n,
			     size_t *cap, size_t elem)
{
	/* room for one more: a copy is often made to append (table_grow
	 * doubles after that) */
	*cap = n + 1;
	void *p = arena_calloc(a, n + 1, elem);
	if (n)
		memcpy(p, src, n * elem);
	return p;
}

struct m_table *model_table_mut(struct model *m, struct arena *a, struct m_table *t)
{
	if (model_mine(m, t->stamp))
		return t;
	struct m_table *c = arena_alloc(a, sizeof *c);
	*c = *t;
	c->stamp = model_stamp(m);
	c->cols = model_dup_array(a, t->cols, t->n_cols, &c->cap_cols, sizeof *c->cols);
	c->cons = model_dup_array(a, t->cons, t->n_cons, &c->cap_cons, sizeof *c->cons);
	c->idx = model_dup_array(a, t->idx, t->n_idx, &c->cap_idx, sizeof *c->idx);
	struct m_schema *s = model_schema_mut(m, a, t->schema);
	pmap_set(&s->tables, a, model_stamp(m), c->name, c);
	return c;
}

struct m_enum *model_enum_mut(struct model *m, struct arena *a, struct m_enum *e)
{
	if (model_mine(m, e->stamp))
		return e;
	struct m_enum *c = arena_alloc(a, sizeof *c);
	*c = *e;
	c->stamp = model_stamp(m);
	struct m_schema *s = model_schema_mut(m, a, e->schema);
	pmap_set(&s->enums, a, model_stamp(m), c->name, c);
	return c;
}

static void *table_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return v;
	size_t nc = *cap ? *cap * 2 : 8;
	v = arena_grow(a, v, n * elem, nc * elem);
	memset((char *)v + n * elem, 0, (nc - n) * elem);
	*cap = nc;
	return v;
}

struct m_column *table_add_column(struct m_table *t, struct arena *a)
{
	t->cols = table_grow(a, t->cols, t->n_cols, &t->cap_cols, sizeof *t->cols);
	struct m_column *c = &t->cols[t->n_cols++];
	memset(c, 0, sizeof *c);
	return c;
}

struct m_constraint *table_add_constraint(struct m_table *t, struct arena *a)
{
	t->cons = table_grow(a, t->cons, t->n_cons, &t->cap_cons, sizeof *t->cons);
	struct m_constraint *c = &t->cons[t->n_cons++];
	memset(c, 0, sizeof *c);
	return c;
}

struct m_index *table_add_index(struct m_table *t, struct arena *a)
{
	t->idx = table_grow(a, t->idx, t->n_idx, &t->cap_idx, sizeof *t->idx);
	struct m_index *c = &t->idx[t->n_idx++];
	memset(c, 0, sizeof *c);
	return c;
}

#define TABLE_REMOVE(arr, n, i) \
	memmove(&(arr)[i], &(arr)[(i) + 1], ((n) - (i) - 1) * sizeof *(arr)), (n)--

void table_remove_column(struct m_table *t, size_t i)
{
	TABLE_REMOVE(t->cols, t->n_cols, i);
}

void table_remove_constraint(struct m_table *t, size_t i)
{
	TABLE_REMOVE(t->cons, t->n_cons, i);
}

void table_remove_index(struct m_table *t, size_t i)
{
	TABLE_REMOVE(t->idx, t->n_idx, i);
}

void table_ref_add(struct m_table *t, struct arena *a, const char *schema, const char *table)
{
	struct m_ref *v = arena_calloc(a, t->n_refs + 1, sizeof *v);
	if (t->n_refs)
		memcpy(v, t->refs, t->n_refs * sizeof *v);
	v[t->n_refs].schema = schema;
	v[t->n_refs].table = table;
	t->refs = v;
	t->n_refs++;
}

static bool ref_is(const struct m_ref *r, const char *schema, const char *table)
{
	return strcmp(r->table, table) == 0 && strcmp(r->schema, schema) == 0;
}

void table_ref_del(struct m_table *t, struct arena *a, const char *schema, const char *table)
{
	for (size_t i = 0; i < t->n_refs; i++) {
		if (!ref_is(&t->refs[i], schema, table))
			continue;
		struct m_ref *v = arena_calloc(a, t->n_refs, sizeof *v);
		memcpy(v, t->refs, i * sizeof *v);
		memcpy(v + i, t->refs + i + 1, (t->n_refs - i - 1) * sizeof *v);
		t->refs = v;
		t->n_refs--;
		return;
	}
}

void table_ref_rename(struct m_table *t, struct arena *a, const char *schema,
		      const char *from, const char *to)
{
	struct m_ref *v = arena_calloc(a, t->n_refs + 1, sizeof *v);
	for (size_t i = 0; i < t->n_refs; i++) {
		v[i] = t->refs[i];
		if (ref_is(&v[i], schema, from))
			v[i].table = to;
	}
	t->refs = v;
}

void schema_conname_add(struct model *m, struct arena *a, struct m_schema *s,
			const char *name)
{
	uintptr_t n = (uintptr_t)pmap_get(&s->connames, name);
	pmap_set(&s->connames, a, model_stamp(m), name, (void *)(n + 1));
}

void schema_conname_del(struct model *m, struct arena *a, struct m_schema *s,
			const char *name)
{
	uintptr_t n = (uintptr_t)pmap_get(&s->connames, name);
	if (n > 1)
		pmap_set(&s->connames, a, model_stamp(m), name, (void *)(n - 1));
	else if (n == 1)
		pmap_del(&s->connames, a, model_stamp(m), name);
}

bool schema_conname_used(const struct m_schema *s, const char *name)
{
	return pmap_get(&s->connames, name) != NULL;
}

void schema_rel_set(struct model *m, struct arena *a, struct m_schema *s,
		    enum m_rel_kind kind, const char *name, const char *table,
		    const char *column)
{
	struct m_rel *r = arena_alloc(a, sizeof *r);
	r->kind = kind;
	r->name = name;
	r->table = table;
	r->column = column;
	pmap_set(&s->rels, a, model_stamp(m), name, r);
}

void schema_rel_del(struct model *m, struct arena *a, struct m_schema *s, const char *name)
{
	pmap_del(&s->rels, a, model_stamp(m), name);
}

struct m_schema **model_schemas_sorted(const struct model *m, struct arena *a, size_t *n)
{
	return (struct m_schema **)pmap_sorted(&m->schemas, a, n);
}

struct m_table **schema_tables_sorted(const struct m_schema *s, struct arena *a, size_t *n)
{
	return (struct m_table **)pmap_sorted(&s->tables, a, n);
}

struct m_enum **schema_enums_sorted(const struct m_schema *s, struct arena *a, size_t *n)
{
	return (struct m_enum **)pmap_sorted(&s->enums, a, n);
}

static bool names_have(const char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

bool constraint_uses_column(const struct m_constraint *c, const char *col)
{
	return names_have(c->cols, c->n_cols, col) ||
	       names_have(c->check_cols, c->n_check_cols, col);
}

bool index_uses_column(const struct m_index *ix, const char *col)
{
	for (size_t i = 0; i < ix->n_elems; i++) {
		const struct m_index_elem *e = &ix->elems[i];
		if ((e->column && strcmp(e->column, col) == 0) ||
		    names_have(e->expr_cols, e->n_expr_cols, col))
			return true;
	}
	return names_have(ix->include, ix->n_include, col) ||
	       names_have(ix->where_cols, ix->n_where_cols, col);
}

struct ast_type model_type_normalize(const struct ast_type *t)
{
	struct ast_type n = *t;
	switch (n.kind) {
	case TY_SMALLSERIAL: n.kind = TY_SMALLINT; break;
	case TY_SERIAL: n.kind = TY_INTEGER; break;
	case TY_BIGSERIAL: n.kind = TY_BIGINT; break;
	case TY_CHAR:
		if (n.mod1 < 0)
			n.mod1 = 1;	/* char means char(1) */
		break;
	case TY_NUMERIC:
		if (n.mod1 >= 0 && n.mod2 < 0)
			n.mod2 = 0;	/* numeric(p) means numeric(p,0) */
		break;
	case TY_BUILTIN:
		if (n.mod1 < 0 && strcmp(n.named.name, "bit") == 0)
			n.mod1 = 1;	/* bit means bit(1) */
		break;
	default:
		break;
	}
	if (n.kind != TY_NUMERIC && n.kind != TY_INTERVAL)	/* interval: fields */
		n.mod2 = -1;
	if (n.kind != TY_NAMED && n.kind != TY_BUILTIN)
		memset(&n.named, 0, sizeof n.named);
	else if (n.kind == TY_BUILTIN)
		n.named.schema = NULL;
	return n;
}

bool model_type_equal(const struct ast_type *a, const struct ast_type *b)
{
	if (a->kind != b->kind || a->mod1 != b->mod1 || a->mod2 != b->mod2 ||
	    a->array_dims != b->array_dims)
		return false;
	if (a->kind == TY_BUILTIN)
		return strcmp(a->named.name, b->named.name) == 0;
	if (a->kind != TY_NAMED)
		return true;
	const char *sa = a->named.schema ? a->named.schema : "";
	const char *sb = b->named.schema ? b->named.schema : "";
	return strcmp(sa, sb) == 0 && strcmp(a->named.name, b->named.name) == 0;
}
