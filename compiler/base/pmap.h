/*
 * pmap.h - persistent string-keyed maps for the schema model.
 *
 * A hash array mapped trie (16-way) whose nodes are shared between model
 * clones.  A node is written in place only when its stamp says the current
 * owner made it since the owner's last clone; otherwise the path to the
 * change is copied.  So cloning a map is O(1), an update costs O(log n)
 * small copies, and two maps that descend from one another can be compared
 * by skipping the subtrees they still share (pmap_diff).
 *
 * Keys are NUL-terminated strings that must outlive the map (the model's
 * names live in the arena); values are opaque pointers, never NULL.
 */
#ifndef MIGC_PMAP_H
#define MIGC_PMAP_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct pnode;

/* Who may write a node: made by `tag` while its generation was `gen`. */
struct cow_stamp {
	const void *tag;
	unsigned gen;
};

struct pmap {
	struct pnode *root;
	size_t count;
};

void *pmap_get(const struct pmap *m, const char *key);
/* Inserts or replaces.  Returns the previous value or NULL. */
void *pmap_set(struct pmap *m, struct arena *a, struct cow_stamp owner,
	       const char *key, void *val);
/* Removes; returns the removed value or NULL when absent. */
void *pmap_del(struct pmap *m, struct arena *a, struct cow_stamp owner,
	       const char *key);

/* Calls fn for every entry, in hash order. */
typedef void (*pmap_fn)(void *ctx, const char *key, void *val);
void pmap_each(const struct pmap *m, pmap_fn fn, void *ctx);

/* All values, sorted by key (arena-allocated, *n set). */
void **pmap_sorted(const struct pmap *m, struct arena *a, size_t *n);

/* Calls fn(ctx, key, va, vb) for every key whose values differ by pointer
 * (va or vb NULL when the key is missing on that side).  Shared subtrees
 * are skipped without being visited. */
typedef void (*pmap_diff_fn)(void *ctx, const char *key, void *va, void *vb);
void pmap_diff(const struct pmap *a, const struct pmap *b, struct arena *scratch,
	       pmap_diff_fn fn, void *ctx);

#endif
