/*
 * pmap.c - persistent string-keyed maps (see pmap.h).
 *
 * 64-bit FNV-1a hashes, 4 bits per level; below level 16 the hash is used
 * up and a node becomes a plain list (collisions are astronomically rare
 * but handled).  A slot with a NULL key holds a child node in `val`.
 */
#include "pmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define PMAP_BITS 4		/* 16-way: path copies stay small */
#define PMAP_WIDTH (1u << PMAP_BITS)
#define PMAP_MAX_DEPTH (64 / PMAP_BITS)

struct pslot {
	const char *key;	/* NULL: val is a child node */
	void *val;
};

struct pnode {
	struct cow_stamp stamp;
	uint32_t bitmap;
	uint32_t n, cap;
	bool list;		/* hash exhausted: linear entries */
	struct pslot slots[];
};

static uint64_t pmap_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static unsigned pmap_bit(uint64_t h, int depth)
{
	return (unsigned)(h >> (PMAP_BITS * depth)) & (PMAP_WIDTH - 1);
}

/* Bits set in a 16-bit bitmap.  Inline arithmetic: without -mpopcnt,
 * __builtin_popcount is a call into libgcc, and this runs for every slot
 * of every node visited (1.5 million times in a check of 10,000
 * revisions). */
static unsigned pmap_popcount16(uint32_t x)
{
	x = x - ((x >> 1) & 0x5555u);
	x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
	x = (x + (x >> 4)) & 0x0f0fu;
	return (x + (x >> 8)) & 0x1fu;
}

static unsigned pmap_pos(const struct pnode *n, unsigned bit)
{
	return pmap_popcount16(n->bitmap & ((1u << bit) - 1u));
}

static bool pmap_mine(const struct pnode *n, struct cow_stamp owner)
{
	return n->stamp.tag == owner.tag && n->stamp.gen == owner.gen;
}

static struct pnode *pmap_node_new(struct arena *a, struct cow_stamp owner,
				   uint32_t cap)
{
	struct pnode *n = arena_alloc(a, sizeof *n + cap * sizeof(struct pslot));
	n->stamp = owner;
	n->cap = cap;
	return n;
}

/* A writable copy of `n` with room for `extra` more slots. */
static struct pnode *pmap_writable(struct pnode *n, struct arena *a,
				   struct cow_stamp owner, uint32_t extra)
{
	if (pmap_mine(n, owner) && n->n + extra <= n->cap)
		return n;
	uint32_t cap = n->n + extra;
	if (extra)
		cap += cap / 2 + 1;
	struct pnode *c = pmap_node_new(a, owner, cap);
	c->bitmap = n->bitmap;
	c->n = n->n;
	c->list = n->list;
	memcpy(c->slots, n->slots, n->n * sizeof(struct pslot));
	return c;
}

static void pmap_insert_slot(struct pnode *n, unsigned pos, const char *key, void *val)
{
	memmove(&n->slots[pos + 1], &n->slots[pos], (n->n - pos) * sizeof(struct pslot));
	n->slots[pos].key = key;
	n->slots[pos].val = val;
	n->n++;
}

static void pmap_remove_slot(struct pnode *n, unsigned pos)
{
	memmove(&n->slots[pos], &n->slots[pos + 1], (n->n - pos - 1) * sizeof(struct pslot));
	n->n--;
}

void *pmap_get(const struct pmap *m, const char *key)
{
	const struct pnode *n = m->root;
	uint64_t h = pmap_hash(key);
	for (int depth = 0; n; depth++) {
		if (n->list) {
			for (uint32_t i = 0; i < n->n; i++)
				if (strcmp(n->slots[i].key, key) == 0)
					return n->slots[i].val;
			return NULL;
		}
		unsigned bit = pmap_bit(h, depth);
		if (!(n->bitmap & (1u << bit)))
			return NULL;
		const struct pslot *s = &n->slots[pmap_pos(n, bit)];
		if (!s->key) {
			n = s->val;
			continue;
		}
		return strcmp(s->key, key) == 0 ? s->val : NULL;
	}
	return NULL;
}

struct pmap_op {
	struct arena *a;
	struct cow_stamp owner;
	const char *key;
	uint64_t hash;
	void *val;
	void *old;
};

static struct pnode *pmap_set_rec(struct pmap_op *op, struct pnode *n, int depth,
				  const char *key, uint64_t h, void *val);

static struct pnode *pmap_leaf_node(struct pmap_op *op, int depth,
				    const char *key, uint64_t h, void *val)
{
	struct pnode *n = pmap_node_new(op->a, op->owner, 2);
	if (depth >= PMAP_MAX_DEPTH) {
		n->list = true;
		pmap_insert_slot(n, 0, key, val);
	} else {
		n->bitmap = 1u << pmap_bit(h, depth);
		pmap_insert_slot(n, 0, key, val);
	}
	return n;
}

static struct pnode *pmap_set_rec(struct pmap_op *op, struct pnode *n, int depth,
				  const char *key, uint64_t h, void *val)
{
	if (!n)
		return pmap_leaf_node(op, depth, key, h, val);
	if (n->list) {
		for (uint32_t i = 0; i < n->n; i++) {
			if (strcmp(n->slots[i].key, key) == 0) {
				op->old = n->slots[i].val;
				n = pmap_writable(n, op->a, op->owner, 0);
				n->slots[i].val = val;
				return n;
			}
		}
		n = pmap_writable(n, op->a, op->owner, 1);
		pmap_insert_slot(n, n->n, key, val);
		return n;
	}
	unsigned bit = pmap_bit(h, depth);
	unsigned pos = pmap_pos(n, bit);
	if (!(n->bitmap & (1u << bit))) {
		n = pmap_writable(n, op->a, op->owner, 1);
		n->bitmap |= 1u << bit;
		pmap_insert_slot(n, pos, key, val);
		return n;
	}
	struct pslot s = n->slots[pos];
	struct pnode *child;
	if (!s.key) {
		child = pmap_set_rec(op, s.val, depth + 1, key, h, val);
		if (child == s.val)
			return n;
	} else if (strcmp(s.key, key) == 0) {
		op->old = s.val;
		n = pmap_writable(n, op->a, op->owner, 0);
		n->slots[pos].val = val;
		return n;
	} else {
		child = pmap_leaf_node(op, depth + 1, s.key, pmap_hash(s.key), s.val);
		child = pmap_set_rec(op, child, depth + 1, key, h, val);
	}
	n = pmap_writable(n, op->a, op->owner, 0);
	n->slots[pos].key = NULL;
	n->slots[pos].val = child;
	return n;
}

void *pmap_set(struct pmap *m, struct arena *a, struct cow_stamp owner,
	       const char *key, void *val)
{
	struct pmap_op op = { .a = a, .owner = owner };
	m->root = pmap_set_rec(&op, m->root, 0, key, pmap_hash(key), val);
	if (!op.old)
		m->count++;
	return op.old;
}

static struct pnode *pmap_del_rec(struct pmap_op *op, struct pnode *n, int depth,
				  const char *key, uint64_t h)
{
	if (!n)
		return NULL;
	if (n->list) {
		for (uint32_t i = 0; i < n->n; i++) {
			if (strcmp(n->slots[i].key, key) == 0) {
				op->old = n->slots[i].val;
				if (n->n == 1)
					return NULL;
				n = pmap_writable(n, op->a, op->owner, 0);
				pmap_remove_slot(n, i);
				return n;
			}
		}
		return n;
	}
	unsigned bit = pmap_bit(h, depth);
	if (!(n->bitmap & (1u << bit)))
		return n;
	unsigned pos = pmap_pos(n, bit);
	struct pslot s = n->slots[pos];
	if (!s.key) {
		struct pnode *child = pmap_del_rec(op, s.val, depth + 1, key, h);
		if (child == s.val)
			return n;
		n = pmap_writable(n, op->a, op->owner, 0);
		if (child) {
			n->slots[pos].val = child;
			return n;
		}
	} else if (strcmp(s.key, key) == 0) {
		op->old = s.val;
		n = pmap_writable(n, op->a, op->owner, 0);
	} else {
		return n;
	}
	if (n->n == 1)
		return NULL;
	n->bitmap &= ~(1u << bit);
	pmap_remove_slot(n, pos);
	return n;
}

void *pmap_del(struct pmap *m, struct arena *a, struct cow_stamp owner,
	       const char *key)
{
	struct pmap_op op = { .a = a, .owner = owner };
	m->root = pmap_del_rec(&op, m->root, 0, key, pmap_hash(key));
	if (op.old)
		m->count--;
	return op.old;
}

static void pmap_each_node(const struct pnode *n, pmap_fn fn, void *ctx)
{
	if (!n)
		return;
	for (uint32_t i = 0; i < n->n; i++) {
		if (n->slots[i].key)
			fn(ctx, n->slots[i].key, n->slots[i].val);
		else
			pmap_each_node(n->slots[i].val, fn, ctx);
	}
}

void pmap_each(const struct pmap *m, pmap_fn fn, void *ctx)
{
	pmap_each_node(m->root, fn, ctx);
}

struct pmap_collect {
	struct pslot *v;
	size_t n, cap;
	struct arena *a;
};

static void pmap_collect_fn(void *ctx, const char *key, void *val)
{
	struct pmap_collect *c = ctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		c->v = arena_grow(c->a, c->v, c->n * sizeof *c->v, cap * sizeof *c->v);
		c->cap = cap;
	}
	c->v[c->n].key = key;
	c->v[c->n].val = val;
	c->n++;
}

static int pmap_cmp_slot(const void *x, const void *y)
{
	return strcmp(((const struct pslot *)x)->key, ((const struct pslot *)y)->key);
}

void **pmap_sorted(const struct pmap *m, struct arena *a, size_t *n)
{
	struct pmap_collect c = { .a = a };
	pmap_each(m, pmap_collect_fn, &c);
	if (c.n > 1)
		qsort(c.v, c.n, sizeof *c.v, pmap_cmp_slot);
	void **out = arena_calloc(a, c.n + 1, sizeof *out);
	for (size_t i = 0; i < c.n; i++)
		out[i] = c.v[i].val;
	*n = c.n;
	return out;
}

struct pmap_diff_ctx {
	struct arena *a;
	pmap_diff_fn fn;
	void *ctx;
};

/* Collects a slot's entries: a leaf, or a whole subtree. */
static void pmap_collect_slot(struct pmap_collect *c, const struct pslot *s)
{
	if (!s)
		return;
	if (s->key)
		pmap_collect_fn(c, s->key, s->val);
	else
		pmap_each_node(s->val, pmap_collect_fn, c);
}

/* Compares two small entry sets by key. */
static void pmap_diff_sets(struct pmap_diff_ctx *d, struct pmap_collect *x,
			   struct pmap_collect *y)
{
	bool *seen = arena_calloc(d->a, y->n + 1, sizeof *seen);
	for (size_t i = 0; i < x->n; i++) {
		size_t j = 0;
		while (j < y->n && strcmp(x->v[i].key, y->v[j].key) != 0)
			j++;
		if (j == y->n) {
			d->fn(d->ctx, x->v[i].key, x->v[i].val, NULL);
			continue;
		}
		seen[j] = true;
		if (x->v[i].val != y->v[j].val)
			d->fn(d->ctx, x->v[i].key, x->v[i].val, y->v[j].val);
	}
	for (size_t j = 0; j < y->n; j++)
		if (!seen[j])
			d->fn(d->ctx, y->v[j].key, NULL, y->v[j].val);
}

static void pmap_diff_items(struct pmap_diff_ctx *d, const struct pslot *sa,
			    const struct pslot *sb)
{
	struct pmap_collect x = { .a = d->a }, y = { .a = d->a };
	pmap_collect_slot(&x, sa);
	pmap_collect_slot(&y, sb);
	pmap_diff_sets(d, &x, &y);
}

static void pmap_diff_node(struct pmap_diff_ctx *d, const struct pnode *a,
			   const struct pnode *b)
{
	if (a == b)
		return;
	if (!a || !b || a->list || b->list) {
		struct pslot sa = { NULL, (void *)a }, sb = { NULL, (void *)b };
		pmap_diff_items(d, a ? &sa : NULL, b ? &sb : NULL);
		return;
	}
	for (unsigned bit = 0; bit < PMAP_WIDTH; bit++) {
		bool ina = a->bitmap & (1u << bit), inb = b->bitmap & (1u << bit);
		if (!ina && !inb)
			continue;
		const struct pslot *sa = ina ? &a->slots[pmap_pos(a, bit)] : NULL;
		const struct pslot *sb = inb ? &b->slots[pmap_pos(b, bit)] : NULL;
		if (sa && sb && !sa->key && !sb->key) {
			pmap_diff_node(d, sa->val, sb->val);
			continue;
		}
		if (sa && sb && sa->key && sb->key) {
			if (strcmp(sa->key, sb->key) == 0) {
				if (sa->val != sb->val)
					d->fn(d->ctx, sa->key, sa->val, sb->val);
			} else {
				d->fn(d->ctx, sa->key, sa->val, NULL);
				d->fn(d->ctx, sb->key, NULL, sb->val);
			}
			continue;
		}
		pmap_diff_items(d, sa, sb);
	}
}

void pmap_diff(const struct pmap *a, const struct pmap *b, struct arena *scratch,
	       pmap_diff_fn fn, void *ctx)
{
	struct pmap_diff_ctx d = { scratch, fn, ctx };
	pmap_diff_node(&d, a->root, b->root);
}
