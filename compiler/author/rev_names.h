/*
 * rev_names.h - the words of a new revision's header and file name
 * (rev_names.c), shared by cmd_revision.c's writers.
 */
#ifndef MIGC_REV_NAMES_H
#define MIGC_REV_NAMES_H

struct arena;

/* 12 random lower-case hex digits from /dev/urandom; NULL after a
 * message when it cannot be read. */
const char *rev_random_id(struct arena *a);
/* "Add published to posts!" -> "add_published_to_posts" (at most 40). */
const char *rev_slug(struct arena *a, const char *msg);
/* The message as a header item: "..." when it fits a quoted identifier,
 * else a string literal. */
const char *rev_message(struct arena *a, const char *msg);

#endif
