/*
 * arena.c - the compiler's bump allocator (see arena.h).
 *
 * Chunks grow geometrically up to 32 MiB; a request larger than a chunk gets
 * a chunk of its own.  All memory is zeroed so constructors can rely on it.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	size_t map_size;	/* 0: from calloc; else the munmap length */
	max_align_t data[];
};

#define ARENA_MIN_CHUNK 4096u
#define ARENA_MAX_CHUNK ((size_t)32 << 20)
#define ARENA_HUGE ((size_t)2 << 20)	/* a huge page on x86-64 and arm64 */

static void arena_oom(void)
{
	fputs("migc: out of memory\n", stderr);
	abort();
}

/* Chunks of a huge page or more are mapped directly, aligned to a huge page
 * and marked for transparent huge pages where the kernel has them: a
 * compilation of ten thousand revisions touches ~100 MB, and taking that
 * one 4 kB page fault at a time costs more than the compilation itself. */
static struct arena_chunk *chunk_new(size_t want)
{
	size_t total = sizeof(struct arena_chunk) + want;
	if (total < ARENA_HUGE) {
		struct arena_chunk *c = calloc(1, total);
		if (!c)
			arena_oom();
		c->map_size = 0;
		return c;
	}
	total = (total + ARENA_HUGE - 1) & ~(ARENA_HUGE - 1);
	char *p = mmap(NULL, total + ARENA_HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		arena_oom();
	size_t lead = (ARENA_HUGE - ((uintptr_t)p & (ARENA_HUGE - 1))) & (ARENA_HUGE - 1);
	if (lead)
		munmap(p, lead);
	if (ARENA_HUGE - lead)
		munmap(p + lead + total, ARENA_HUGE - lead);
	p += lead;
#ifdef MADV_HUGEPAGE
	madvise(p, total, MADV_HUGEPAGE);
#endif
	struct arena_chunk *c = (struct arena_chunk *)p;
	c->map_size = total;
	return c;
}

static void chunk_free(struct arena_chunk *c)
{
	if (c->map_size)
		munmap(c, c->map_size);
	else
		free(c);
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		chunk_free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

void arena_reset(struct arena *a)
{
	/* Keep the newest (largest) chunk: a scratch arena reset once per
	 * revision would otherwise unmap and fault in the same memory again
	 * and again.  Only its used part needs zeroing. */
	struct arena_chunk *keep = a->head;
	if (!keep)
		return;
	struct arena_chunk *c = keep->next;
	while (c) {
		struct arena_chunk *next = c->next;
		chunk_free(c);
		c = next;
	}
	memset(keep->data, 0, keep->used);
	keep->used = 0;
	keep->next = NULL;
	a->used_total = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < size) {
		size_t want = c ? c->size * 2 : ARENA_MIN_CHUNK;
		if (want > ARENA_MAX_CHUNK)
			want = ARENA_MAX_CHUNK;
		if (want < size)
			want = size;
		c = chunk_new(want);
		c->size = want;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	a->used_total += size;
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		arena_oom();
	return arena_alloc(a, n * size);
}

void *arena_grow(struct arena *a, void *old, size_t old_size, size_t new_size)
{
	void *p = arena_alloc(a, new_size);
	if (old && old_size)
		memcpy(p, old, old_size < new_size ? old_size : new_size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

static char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		arena_oom();
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void sb_init(struct strbuf *sb, struct arena *a)
{
	sb->arena = a;
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap * 2 : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->data = arena_grow(sb->arena, sb->data, sb->len, cap);
	sb->cap = cap;
}

void sb_put(struct strbuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_put(sb, &c, 1);
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_put(sb, s, strlen(s));
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(sb->arena, fmt, ap);
	va_end(ap);
	sb_puts(sb, p);
}

const char *sb_str(struct strbuf *sb)
{
	if (!sb->data)
		sb_reserve(sb, 0);
	sb->data[sb->len] = '\0';
	return sb->data;
}
