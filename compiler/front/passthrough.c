/*
 * passthrough.c - tells native statements from plain SQL (passthrough.h).
 *
 * The decision looks only at the statement's leading words, so that a
 * native statement with a mistake in it stays a native syntax error with
 * migc's precise wording.  Native leading words:
 *
 *   create [unique] index, create table, create schema,
 *   create type NAME as enum,
 *   drop table | index | type | schema,
 *   alter table NAME add | drop | alter | validate | rename ...,
 *   alter index NAME rename, alter type NAME add | rename,
 *   comment on table | column | index | constraint | type,
 *   create | drop extension,
 *   execute.
 *
 * A statement is plain SQL when its leading words are those of a statement
 * PostgreSQL has and migc's grammar does not: insert, update, set, do,
 * grant, create view | function | sequence ..., drop view ..., create type
 * NAME as (...) | as range, create type NAME (a shell type), comment on view ..., and the forms of alter
 * table that leave the model alone (owner to, enable row level security,
 * set (storage parameters) ...).  Attach and detach partition are native
 * (ast_part.c), and so is "alter table only" with a native command.  A word PostgreSQL does
 * not know there (a typo: "creat table", "create tabel") stays a native
 * syntax error, with migc's list of what was expected.
 *
 * A few forms of native leading words are plain SQL by their shape (found
 * by a scan of the whole statement, shape_raw()): `create table` with
 * `as`, `of TYPE`, `like` in its element list, or `inherits`, `with`,
 * `without`, `tablespace`, `on commit`, `using` or `as` (a column name
 * list before `as select | values`) after it; `alter type
 * NAME add | rename attribute`; and an `alter table` whose one command
 * (no top-level comma) sets a column's storage, statistics, compression or
 * options.  None of them is in migc's grammar; the model does not know
 * what they make, as of any plain SQL.
 */
#include <string.h>
#include <strings.h>

#include "passthrough.h"
#include "sqltext.h"

#define MAX_TOKS 12

struct tok {
	size_t start, len;
	enum sqlt_kind kind;
};

/* The first letters compare before anything else: this runs for every
 * statement against the word lists below (words are lower case ASCII). */
static bool is(const struct tok *k, const char *t, const char *word)
{
	return k->kind == SQLT_WORD && ((unsigned char)t[k->start] | 0x20) == word[0] &&
	       strlen(word) == k->len && strncasecmp(t + k->start, word, k->len) == 0;
}

static bool is_punct(const struct tok *k, const char *t, char c)
{
	return k->kind == SQLT_PUNCT && k->len == 1 && t[k->start] == c;
}

static bool is_name(const struct tok *k)
{
	return k->kind == SQLT_WORD || k->kind == SQLT_QIDENT;
}

/* The index of the token after a possibly qualified name at i (name or
 * name.name), or n when there is none. */
static size_t after_name(const struct tok *k, size_t n, const char *t, size_t i)
{
	if (i >= n || !is_name(&k[i]))
		return n;
	if (i + 2 < n && is_punct(&k[i + 1], t, '.') && is_name(&k[i + 2]))
		return i + 3;
	return i + 1;
}

/* Statements PostgreSQL has that migc's grammar does not start with
 * (gram.y's stmt rule), and the object kinds of create, alter, drop and
 * comment on that are not native. */
static const char *const first_words[] = {
	"abort", "analyse", "analyze", "begin", "call", "checkpoint", "close",
	"cluster", "commit", "copy", "deallocate", "declare", "delete",
	"discard", "do", "end", "explain", "fetch", "grant", "import",
	"insert", "listen", "load", "lock", "merge", "move", "notify",
	"prepare", "reassign", "refresh", "reindex", "release", "reset",
	"revoke", "rollback", "savepoint", "security", "select", "set",
	"show", "start", "table", "truncate", "unlisten", "update", "vacuum",
	"values", "with", NULL,
};
static const char *const object_words[] = {
	"access", "aggregate", "cast", "collation", "constraint", "conversion",
	"database", "default", "domain", "event", "extension", "foreign",
	"function", "global", "group", "language", "large", "local",
	"materialized", "operator", "or", "owned", "policy", "procedural",
	"procedure", "publication", "recursive", "role", "routine", "rule",
	"sequence", "server", "statistics", "subscription", "system",
	"tablespace", "temp", "temporary", "text", "transform", "trigger",
	"trusted", "unlogged", "user", "view", NULL,
};
/* alter table | index | type NAME <word>: the commands that do not change
 * what the model knows */
static const char *const table_cmd_words[] = {
	"cluster", "disable", "enable", "force", "inherit",
	"no", "not", "of", "owner", "replica", "reset", "set", NULL,
};
static const char *const index_cmd_words[] = {
	"alter", "attach", "depends", "no", "reset", "set", NULL,
};
static const char *const type_cmd_words[] = {
	"alter", "drop", "owner", "set", NULL,
};

static bool in(const struct tok *k, const char *t, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (is(k, t, words[i]))
			return true;
	return false;
}

enum { SHAPE_NO, SHAPE_RAW, SHAPE_TABLE, SHAPE_ONE_CMD };

static bool is_raw(const struct tok *k, size_t n, const char *t);

/* Whether the leading words k[0..n) are those of a native statement that
 * is plain SQL by its shape: SHAPE_RAW, or SHAPE_TABLE / SHAPE_ONE_CMD when
 * the rest of the statement decides (shape_raw). */
static int shape_of(const struct tok *k, size_t n, const char *t)
{
	if (n < 4)
		return SHAPE_NO;
	size_t i = 2;
	if (is(&k[0], t, "create") && is(&k[1], t, "table")) {
		if (i + 2 < n && is(&k[i], t, "if") && is(&k[i + 1], t, "not") &&
		    is(&k[i + 2], t, "exists"))
			i += 3;
		i = after_name(k, n, t, i);
		if (i < n && (is(&k[i], t, "as") || is(&k[i], t, "of")))
			return SHAPE_RAW;
		return i < n && is_punct(&k[i], t, '(') ? SHAPE_TABLE : SHAPE_NO;
	}
	if (!is(&k[0], t, "alter"))
		return SHAPE_NO;
	if (is(&k[1], t, "type")) {
		i = after_name(k, n, t, i);
		return i + 1 < n && (is(&k[i], t, "add") || is(&k[i], t, "rename")) &&
		       is(&k[i + 1], t, "attribute") ? SHAPE_RAW : SHAPE_NO;
	}
	if (!is(&k[1], t, "table"))
		return SHAPE_NO;
	if (i + 1 < n && is(&k[i], t, "if") && is(&k[i + 1], t, "exists"))
		i += 2;
	if (i < n && is(&k[i], t, "only"))
		i++;
	i = after_name(k, n, t, i);
	if (!(i < n && is(&k[i], t, "alter")))
		return SHAPE_NO;
	i++;
	if (i < n && is(&k[i], t, "column"))
		i++;
	if (!(i < n && is_name(&k[i])))
		return SHAPE_NO;
	i++;
	if (i < n && is(&k[i], t, "reset"))
		return SHAPE_ONE_CMD;
	if (!(i + 1 < n && is(&k[i], t, "set")))
		return SHAPE_NO;
	return is(&k[i + 1], t, "storage") || is(&k[i + 1], t, "statistics") ||
	       is(&k[i + 1], t, "compression") || is_punct(&k[i + 1], t, '(')
		? SHAPE_ONE_CMD : SHAPE_NO;
}

static bool next_tok(const char *t, size_t len, size_t *i, int *depth,
		     struct tok *out);

/* The rest of the decision of shape_of(), over the whole statement at pos:
 * SHAPE_TABLE is plain SQL with `like` starting an element of its list or
 * one of the words above after the list; SHAPE_ONE_CMD when it has no
 * top-level comma. */
static bool shape_raw(const char *t, size_t len, size_t pos, int shape)
{
	struct tok x;
	size_t i = pos;
	int depth = 0, prev_depth = 0;
	bool opened = false, elem_start = false;
	while (next_tok(t, len, &i, &depth, &x)) {
		bool comma = x.kind == SQLT_PUNCT && x.len == 1 && t[x.start] == ',';
		if (shape == SHAPE_ONE_CMD) {
			if (comma && depth == 0)
				return false;
			continue;
		}
		if (!opened) {
			opened = depth == 1;	/* the element list's '(' */
			elem_start = opened;
			prev_depth = depth;
			continue;
		}
		if (depth == 0 && prev_depth == 0) {
			static const char *const after[] = {
				"inherits", "with", "without", "tablespace", "on", "using",
				"as",	/* create table t (cols) as select | values | execute */
				NULL,
			};
			return in(&x, t, after);
		}
		if (elem_start && depth == 1 && is(&x, t, "like"))
			return true;
		elem_start = depth == 1 && comma;
		prev_depth = depth;
	}
	return shape == SHAPE_ONE_CMD;
}

static bool is_raw(const struct tok *k, size_t n, const char *t)
{
	if (n == 0)
		return false;
	if (in(&k[0], t, first_words))
		return true;
	if (n < 2)
		return false;
	/* create / drop extension are native (migc's grammar) */
	if ((is(&k[0], t, "create") || is(&k[0], t, "drop")) && is(&k[1], t, "extension"))
		return false;
	if ((is(&k[0], t, "create") || is(&k[0], t, "drop")) && is(&k[1], t, "policy"))
		return false;	/* native (ast_policy.c) */
	if (is(&k[0], t, "alter") && is(&k[1], t, "policy")) {
		/* native only: alter policy NAME on TABLE rename to NEW */
		size_t i = after_name(k, n, t, 2);
		if (i < n && is(&k[i], t, "on"))
			i = after_name(k, n, t, i + 1);
		return !(i < n && is(&k[i], t, "rename"));
	}
	if (is(&k[0], t, "create")) {
		if (is(&k[1], t, "type")) {
			/* create type NAME; (a shell type) is plain SQL too */
			size_t i = after_name(k, n, t, 2);
			return (i < n || (n > 2 && i == n)) &&
			       !(i + 1 < n && is(&k[i], t, "as") && is(&k[i + 1], t, "enum"));
		}
		return in(&k[1], t, object_words);
	}
	if (is(&k[0], t, "drop"))
		return in(&k[1], t, object_words);
	if (is(&k[0], t, "comment"))	/* a domain's constraint: plain SQL */
		return n >= 3 && is(&k[1], t, "on") && in(&k[2], t, object_words) &&
		       (!is(&k[2], t, "constraint") ||
			(n >= 6 && is(&k[4], t, "on") && is(&k[5], t, "domain")));
	if (!is(&k[0], t, "alter"))
		return false;
	if (in(&k[1], t, object_words) || is(&k[1], t, "schema"))
		return true;
	size_t i = 2;
	if (i + 1 < n && is(&k[i], t, "if") && is(&k[i + 1], t, "exists"))
		i += 2;
	if (is(&k[1], t, "table")) {
		if (i < n && is(&k[i], t, "only"))
			i++;
		i = after_name(k, n, t, i);
		if (i < n && is(&k[i], t, "no"))
			i++;
		if (i + 1 < n && (is(&k[i], t, "enable") || is(&k[i], t, "disable") ||
				  is(&k[i], t, "force")) && is(&k[i + 1], t, "row"))
			return false;	/* row level security: native (ast_rls.c) */
		return i < n && in(&k[i], t, table_cmd_words);
	}
	if (is(&k[1], t, "index")) {
		i = after_name(k, n, t, i);
		return i < n && in(&k[i], t, index_cmd_words);
	}
	if (is(&k[1], t, "type")) {
		i = after_name(k, n, t, i);
		if (i + 1 < n && is(&k[i], t, "rename") && is(&k[i + 1], t, "to"))
			return true;	/* replay_utype.c */
		return i < n && in(&k[i], t, type_cmd_words);
	}
	return false;
}

/* The next token of the statement that is not blank, at *i; false at its
 * end (a top-level ';' or '}', or the end of the text). */
static bool next_tok(const char *t, size_t len, size_t *i, int *depth,
		     struct tok *out)
{
	enum sqlt_kind kind;
	*i = sqlt_skip_blank(t, len, *i);
	if (*i >= len)
		return false;
	size_t e = sqlt_token(t, len, *i, &kind);
	if (kind == SQLT_PUNCT && e - *i == 1) {
		char c = t[*i];
		if (*depth == 0 && (c == ';' || c == '}'))
			return false;
		if (c == '(' || c == '[')
			(*depth)++;
		else if ((c == ')' || c == ']') && *depth > 0)
			(*depth)--;
	}
	*out = (struct tok){ *i, e - *i, kind };
	*i = e;
	return true;
}

/* In `create [or replace] function | procedure` (routine true), a body
 * `begin atomic ... end` holds statements and their ';': begin, and case
 * inside such a body, open a level that end closes, counted in *depth so
 * that next_tok() does not stop at the inner ';' (as psql does). */
static void track_atomic(const char *t, const struct tok *x, bool routine, int *atomic,
			 int *depth)
{
	if (!routine || x->kind != SQLT_WORD)
		return;
	if (is(x, t, "begin") || (*atomic > 0 && is(x, t, "case"))) {
		(*atomic)++;
		(*depth)++;
	} else if (*atomic > 0 && is(x, t, "end")) {
		(*atomic)--;
		if (*depth > 0)	/* "begin atomic ) end": a stray ')' took it */
			(*depth)--;
	}
}

static bool is_routine(const struct tok *k, size_t n, const char *t)
{
	size_t i = 1;
	if (n > 3 && is(&k[1], t, "or") && is(&k[2], t, "replace"))
		i = 3;
	return n > i && is(&k[0], t, "create") &&
	       (is(&k[i], t, "function") || is(&k[i], t, "procedure"));
}

bool passthrough_span(const char *t, size_t len, size_t pos, size_t *end)
{
	struct tok k[MAX_TOKS], x;
	size_t n = 0, i = pos, last = pos;
	int depth = 0, atomic = 0;
	bool routine = false;
	if (pos >= len || !sqlt_ident_start((unsigned char)t[pos]))
		return false;
	while (n < MAX_TOKS && next_tok(t, len, &i, &depth, &k[n])) {
		last = k[n].start + k[n].len;
		n++;
		if (n == 2 || n == 4)
			routine = routine || is_routine(k, n, t);
		track_atomic(t, &k[n - 1], routine, &atomic, &depth);
	}
	if (!is_raw(k, n, t)) {
		int shape = shape_of(k, n, t);
		if (shape == SHAPE_NO || (shape != SHAPE_RAW && !shape_raw(t, len, pos, shape)))
			return false;
	}
	while (next_tok(t, len, &i, &depth, &x)) {
		last = x.start + x.len;
		track_atomic(t, &x, routine, &atomic, &depth);
	}
	*end = last;
	return true;
}

/* An element of `create schema S ...` at t[pos] (passthrough.h). */
bool passthrough_schema_elt(const char *t, size_t len, size_t pos, size_t *end)
{
	struct tok k[3], x;
	size_t n = 0, i = pos, last = pos;
	int depth = 0;
	while (n < 3 && next_tok(t, len, &i, &depth, &k[n]))
		n++;
	if (n < 2 || !(is(&k[0], t, "create") || is(&k[0], t, "grant")))
		return false;
	if (is(&k[0], t, "create") && (is(&k[1], t, "table") || is(&k[1], t, "index") ||
				       (n > 2 && is(&k[1], t, "unique") && is(&k[2], t, "index"))))
		return false;	/* native: the grammar's */
	i = pos;
	depth = 0;
	for (n = 0; next_tok(t, len, &i, &depth, &x); n++) {
		if (n > 0 && depth == 0 && (is(&x, t, "create") || is(&x, t, "grant")))
			break;
		last = x.start + x.len;
	}
	*end = last;
	return true;
}
