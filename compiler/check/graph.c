/*
 * graph.c - the revision graph: ids, parents, cycles, heads, order.
 *
 * Revisions are ordered topologically with Kahn's algorithm; among the
 * revisions ready at a step the one whose file sorts first goes first, so
 * the order depends only on the sources.  O(n log n) in the number of
 * revisions.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "project.h"

static int graph_cmp_id(const void *a, const void *b)
{
	const struct revision *x = *(const struct revision *const *)a;
	const struct revision *y = *(const struct revision *const *)b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static struct revision *graph_lookup(struct revision **by_id, size_t n,
				     const char *id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(by_id[mid]->id, id);
		if (c == 0)
			return by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A binary min-heap of file-order indexes (the ready set). */
struct graph_heap {
	size_t *v;
	size_t n;
};

static void graph_heap_push(struct graph_heap *h, size_t x)
{
	size_t i = h->n++;
	h->v[i] = x;
	while (i > 0 && h->v[(i - 1) / 2] > h->v[i]) {
		size_t up = (i - 1) / 2, t = h->v[up];
		h->v[up] = h->v[i];
		h->v[i] = t;
		i = up;
	}
}

static size_t graph_heap_pop(struct graph_heap *h)
{
	size_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->v[l] < h->v[m])
			m = l;
		if (r < h->n && h->v[r] < h->v[m])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

static bool graph_resolve_parents(struct arena *a, struct diag *d,
				  struct project *p, struct revision **by_id)
{
	bool ok = true;
	for (size_t i = 0; i < p->n_revs; i++) {
		struct revision *r = p->revs[i];
		const struct ast_revision *ar = r->ast;
		if (ar->parent_base && ar->n_parents > 0) {
			diag_error(d, ar->parents[0].loc,
				   "revision \"%s\" names both \"base\" and parent revisions",
				   r->id);
			ok = false;
		}
		r->parents = arena_calloc(a, ar->n_parents ? ar->n_parents : 1,
					  sizeof *r->parents);
		for (size_t k = 0; k < ar->n_parents; k++) {
			const struct ast_ident *pid = &ar->parents[k];
			struct revision *parent = graph_lookup(by_id, p->n_revs, pid->name);
			if (!parent) {
				diag_error(d, pid->loc,
					   "parent revision \"%s\" of \"%s\" does not exist",
					   pid->name, r->id);
				ok = false;
				continue;
			}
			bool dup = false;
			for (size_t j = 0; j < r->n_parents; j++)
				dup |= r->parents[j] == parent;
			if (dup) {
				diag_error(d, pid->loc,
					   "parent revision \"%s\" is listed twice",
					   pid->name);
				ok = false;
				continue;
			}
			r->parents[r->n_parents++] = parent;
			parent->n_children++;
		}
	}
	return ok;
}

/* Reports one cycle among the revisions that Kahn's algorithm left over. */
static void graph_report_cycle(struct arena *a, struct diag *d,
			       struct project *p, const bool *placed)
{
	struct revision *start = NULL;
	for (size_t i = 0; i < p->n_revs && !start; i++)
		if (!placed[i])
			start = p->revs[i];
	/* walk parents that are not placed until a revision repeats */
	unsigned char *seen = arena_calloc(a, p->n_revs, 1);
	struct revision *r = start;
	while (!seen[r->index]) {
		seen[r->index] = 1;
		struct revision *next = NULL;
		for (size_t k = 0; k < r->n_parents && !next; k++)
			if (!placed[r->parents[k]->index])
				next = r->parents[k];
		r = next;
	}
	struct strbuf sb;
	sb_init(&sb, a);
	struct revision *c = r;
	do {
		sb_printf(&sb, "\"%s\" -> ", c->id);
		struct revision *next = NULL;
		for (size_t k = 0; k < c->n_parents && !next; k++)
			if (!placed[c->parents[k]->index] && seen[c->parents[k]->index])
				next = c->parents[k];
		c = next;
	} while (c && c != r);
	sb_printf(&sb, "\"%s\"", r->id);
	diag_error(d, r->ast->id.loc, "revisions form a cycle: %s (each is a parent of the one before)",
		   sb_str(&sb));
}

bool graph_build(struct arena *a, struct diag *d, struct project *p)
{
	size_t n = p->n_revs;
	for (size_t i = 0; i < n; i++)
		p->revs[i]->index = i;
	struct revision **by_id = arena_calloc(a, n ? n : 1, sizeof *by_id);
	if (n)	/* memcpy from NULL (no revisions yet) is undefined even for 0 bytes */
		memcpy(by_id, p->revs, n * sizeof *by_id);
	qsort(by_id, n, sizeof *by_id, graph_cmp_id);

	bool ok = true;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && strcmp(by_id[m - 1]->id, by_id[i]->id) == 0) {
			diag_error(d, by_id[i]->ast->id.loc,
				   "duplicate revision id \"%s\"", by_id[i]->id);
			diag_note(d, by_id[m - 1]->ast->id.loc,
				  "revision \"%s\" first defined here", by_id[i]->id);
			ok = false;
			continue;
		}
		by_id[m++] = by_id[i];
	}
	if (!ok)
		return false;
	if (!graph_resolve_parents(a, d, p, by_id))
		return false;

	/* Kahn: a revision is ready when all of its parents are placed. */
	size_t *waiting = arena_calloc(a, n ? n : 1, sizeof *waiting);
	size_t *child_count = arena_calloc(a, n ? n : 1, sizeof *child_count);
	struct revision ***children = arena_calloc(a, n ? n : 1, sizeof *children);
	for (size_t i = 0; i < n; i++) {
		struct revision *r = p->revs[i];
		children[i] = arena_calloc(a, r->n_children ? r->n_children : 1,
					   sizeof **children);
	}
	for (size_t i = 0; i < n; i++) {
		struct revision *r = p->revs[i];
		waiting[i] = r->n_parents;
		for (size_t k = 0; k < r->n_parents; k++) {
			size_t pi = r->parents[k]->index;
			children[pi][child_count[pi]++] = r;
		}
	}
	struct graph_heap heap = { arena_calloc(a, n ? n : 1, sizeof(size_t)), 0 };
	for (size_t i = 0; i < n; i++)
		if (waiting[i] == 0)
			graph_heap_push(&heap, i);
	struct revision **order = arena_calloc(a, n ? n : 1, sizeof *order);
	bool *placed = arena_calloc(a, n ? n : 1, sizeof *placed);
	size_t k = 0;
	while (heap.n) {
		size_t i = graph_heap_pop(&heap);
		placed[i] = true;
		order[k++] = p->revs[i];
		for (size_t c = 0; c < child_count[i]; c++) {
			size_t ci = children[i][c]->index;
			if (--waiting[ci] == 0)
				graph_heap_push(&heap, ci);
		}
	}
	if (k < n) {
		graph_report_cycle(a, d, p, placed);
		return false;
	}
	p->revs = order;
	for (size_t i = 0; i < n; i++)
		p->revs[i]->index = i;

	p->heads = arena_calloc(a, n ? n : 1, sizeof *p->heads);
	p->n_heads = 0;
	for (size_t i = 0; i < n; i++)
		if (p->revs[i]->n_children == 0)
			p->heads[p->n_heads++] = p->revs[i];
	return true;
}

bool graph_require_single_head(struct arena *a, struct diag *d,
			       const struct project *p)
{
	if (p->n_heads > 1) {
		struct strbuf sb;
		sb_init(&sb, a);
		for (size_t i = 0; i < p->n_heads; i++)
			sb_printf(&sb, "%s\"%s\"", i ? ", " : "", p->heads[i]->id);
		struct revision *last = p->heads[p->n_heads - 1];
		diag_error(d, last->ast->id.loc,
			   "the history has %zu heads (%s); join them with a merge revision (\"migc merge\")",
			   p->n_heads, sb_str(&sb));
		for (size_t i = 0; i + 1 < p->n_heads; i++)
			diag_note(d, p->heads[i]->ast->id.loc, "head \"%s\" is here",
				  p->heads[i]->id);
		return false;
	}
	return true;
}
