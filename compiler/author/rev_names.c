/*
 * rev_names.c - the words of a new revision's header and file name: a
 * random id, the slug of its message, the message quoted (rev_names.h).
 */
#include "rev_names.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

const char *rev_random_id(struct arena *a)
{
	unsigned char b[6];
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, b, sizeof b) != (ssize_t)sizeof b) {
		fprintf(stderr, "migc: cannot read /dev/urandom: %s\n", strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);
	return arena_printf(a, "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
}

/* "Add published to posts!" -> "add_published_to_posts" (at most 40). */
const char *rev_slug(struct arena *a, const char *msg)
{
	char *s = arena_calloc(a, strlen(msg) + 1, 1);
	size_t n = 0;
	for (const char *p = msg; *p && n < 40; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) && c < 0x80)
			s[n++] = (char)tolower(c);
		else if (n && s[n - 1] != '_')
			s[n++] = '_';
	}
	while (n && s[n - 1] == '_')
		n--;
	s[n] = '\0';
	return n ? s : "revision";
}

/* The message as a header item: "..." when it fits a quoted identifier,
 * else a string literal. */
const char *rev_message(struct arena *a, const char *msg)
{
	if (strlen(msg) <= 63 && !strchr(msg, '"') && !strchr(msg, '\n'))
		return arena_printf(a, "\"%s\"", msg);
	struct strbuf sb;
	sb_init(&sb, a);
	sb_putc(&sb, '\'');
	for (const char *p = msg; *p; p++) {
		if (*p == '\'')
			sb_putc(&sb, '\'');
		sb_putc(&sb, *p == '\n' ? ' ' : *p);
	}
	sb_putc(&sb, '\'');
	return sb_str(&sb);
}
