/*
 * arena.h - one bump allocator per compilation.
 *
 * Everything the compiler builds (source text, AST, schema model, strings)
 * lives in an arena and is released at once with arena_free().  Nothing is
 * freed piecemeal, so error paths cannot leak.  Out of memory prints a
 * message and aborts: the compiler has nothing sensible to do without memory.
 */
#ifndef MIGC_ARENA_H
#define MIGC_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used_total;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Releases everything allocated so far but keeps the largest chunk for
 * reuse, zeroed: for scratch arenas reset in a loop. */
void arena_reset(struct arena *a);

/* Zeroed memory, aligned for any type. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array; aborts on size overflow. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Grows an array allocated from the arena (copies; the old block is dead). */
void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable byte buffer whose storage comes from an arena. */
struct strbuf {
	struct arena *arena;
	char *data;
	size_t len, cap;
};

void sb_init(struct strbuf *sb, struct arena *a);
void sb_putc(struct strbuf *sb, char c);
void sb_put(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* NUL-terminated contents; valid until the next append. */
const char *sb_str(struct strbuf *sb);

#endif
