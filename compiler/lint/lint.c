/*
 * lint.c - the lint pass's frame: the rule table, settings, exemption
 * comments, lint_since, and printing findings (as diagnostics or JSON).
 * The rules themselves are in lint_rules.c and lint_types.c.
 */
#include "lint.h"

#include <stdarg.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "lint_int.h"
#include "project.h"

static const struct {
	const char *name;
	enum lint_level level;
} lint_rules[LINT_N_RULES] = {
	[LR_ADD_NOT_NULL_COLUMN] = { "add-not-null-column", LINT_WARNING },
	[LR_DROP_COLUMN] = { "drop-column", LINT_WARNING },
	[LR_DROP_TABLE] = { "drop-table", LINT_WARNING },
	[LR_RENAME_COLUMN] = { "rename-column", LINT_WARNING },
	[LR_RENAME_TABLE] = { "rename-table", LINT_WARNING },
	[LR_ALTER_COLUMN_TYPE] = { "alter-column-type", LINT_WARNING },
	[LR_CREATE_INDEX] = { "create-index-not-concurrently", LINT_WARNING },
	[LR_DROP_INDEX] = { "drop-index-not-concurrently", LINT_WARNING },
	[LR_CONSTRAINT_NOT_VALID] = { "constraint-without-not-valid", LINT_WARNING },
	[LR_ADD_UNIQUE_CONSTRAINT] = { "add-unique-constraint", LINT_WARNING },
	[LR_SET_NOT_NULL] = { "set-not-null", LINT_WARNING },
	[LR_VOLATILE_DEFAULT] = { "volatile-default", LINT_WARNING },
	[LR_CONCURRENTLY_IN_TRANSACTION] = { "concurrently-in-transaction", LINT_ERROR },
	[LR_INTEGER_PRIMARY_KEY] = { "integer-primary-key", LINT_WARNING },
	[LR_VARCHAR_LENGTH] = { "varchar-length", LINT_WARNING },
	[LR_TIMESTAMP_WITHOUT_TIME_ZONE] = { "timestamp-without-time-zone", LINT_WARNING },
	[LR_CHAR_TYPE] = { "char-type", LINT_WARNING },
	[LR_TRANSACTION_IN_EXECUTE] = { "transaction-in-execute", LINT_WARNING },
	[LR_UNUSED_ALLOW] = { "unused-allow", LINT_WARNING },
};

const char *lint_rule_name(enum lint_rule r)
{
	return lint_rules[r].name;
}

int lint_rule_find(const char *name)
{
	for (int i = 0; i < LINT_N_RULES; i++)
		if (strcmp(lint_rules[i].name, name) == 0)
			return i;
	return -1;
}

struct lint_conf *lint_conf_new(struct arena *a)
{
	struct lint_conf *c = arena_alloc(a, sizeof *c);
	for (int i = 0; i < LINT_N_RULES; i++)
		c->level[i] = lint_rules[i].level;
	return c;
}

bool lint_level_parse(const char *s, enum lint_level *out)
{
	if (strcmp(s, "error") == 0)
		*out = LINT_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = LINT_WARNING;
	else if (strcmp(s, "off") == 0)
		*out = LINT_OFF;
	else
		return false;
	return true;
}

/* ---- what the current revision created -------------------------------- */

static const char *lint_key(struct lint *l, const char *a, const char *b,
			    const char *c)
{
	/* \x1f cannot appear in a name, unlike "." in a quoted one */
	return c ? arena_printf(l->a, "%s\x1f%s\x1f%s", a, b, c)
		 : arena_printf(l->a, "%s\x1f%s", a, b);
}

void lint_set_add(struct lint *l, struct lint_set *set, const char *a,
		  const char *b, const char *c)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 8;
		set->items = arena_grow(l->a, set->items, set->cap * sizeof *set->items,
					cap * sizeof *set->items);
		set->cap = cap;
	}
	set->items[set->n++] = lint_key(l, a, b, c);
}

bool lint_set_has(const struct lint_set *set, const char *a, const char *b,
		  const char *c)
{
	size_t la = strlen(a), lb = strlen(b);
	for (size_t i = 0; i < set->n; i++) {
		const char *k = set->items[i];
		if (strncmp(k, a, la) != 0 || k[la] != '\x1f' ||
		    strncmp(k + la + 1, b, lb) != 0)
			continue;
		const char *rest = k + la + 1 + lb;
		if (c ? (rest[0] == '\x1f' && strcmp(rest + 1, c) == 0) : rest[0] == '\0')
			return true;
	}
	return false;
}

/* ---- the pass ----------------------------------------------------------- */

struct lint *lint_begin(struct arena *a, struct diag *d, const struct project *p)
{
	struct lint *l = arena_alloc(a, sizeof *l);
	l->a = a;
	l->d = d;
	l->p = p;
	l->conf = p->conf.lint ? p->conf.lint : lint_conf_new(a);
	l->linted = arena_calloc(a, p->n_revs + 1, sizeof *l->linted);
	const struct revision *since = NULL;
	if (l->conf->since) {
		bool ambiguous = false;
		since = project_find_rev(p, l->conf->since, &ambiguous);
		if (!since) {
			diag_error(d, l->conf->since_loc,
				   "lint_since: %s revision \"%s\"",
				   ambiguous ? "ambiguous" : "unknown", l->conf->since);
			return NULL;
		}
	}
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct revision *r = p->revs[i];
		bool on = !since;
		for (size_t k = 0; !on && k < r->n_parents; k++)
			on = r->parents[k] == since || l->linted[r->parents[k]->index];
		l->linted[r->index] = on;
	}
	return l;
}

static bool lint_is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Is there only blank space and `--` comments in text[from, to)? */
static bool lint_only_comments(const char *t, uint32_t from, uint32_t to)
{
	uint32_t i = from;
	while (i < to) {
		if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r') {
			i++;
		} else if (t[i] == '-' && i + 1 < to && t[i + 1] == '-') {
			while (i < to && t[i] != '\n')
				i++;
		} else {
			return false;
		}
	}
	return true;
}

/* The statement an own-line comment applies to: the one it sits in, or
 * the next one when only blanks and comments come in between. */
static const struct ast_stmt *lint_next_stmt(const struct ast_revision *ar,
					     const struct ast_allow *al)
{
	const struct ast_stmt *best = NULL;
	for (int pass = 0; pass < 2; pass++) {
		const struct ast_stmt *v = pass ? ar->downgrade : ar->upgrade;
		size_t n = pass ? ar->n_downgrade : ar->n_upgrade;
		for (size_t i = 0; i < n; i++)
			if (v[i].loc.start <= al->loc.start && al->loc.start < v[i].loc.end)
				return &v[i];	/* a comment line inside the statement */
		for (size_t i = 0; i < n; i++)
			if (v[i].loc.start >= al->loc.end &&
			    (!best || v[i].loc.start < best->loc.start))
				best = &v[i];
	}
	if (best && !lint_only_comments(al->loc.file->text, al->loc.end,
					best->loc.start))
		best = NULL;
	return best;
}

static void lint_add_allow(struct lint *l, size_t *cap, struct lint_allow al)
{
	if (l->n_allows == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		l->allows = arena_grow(l->a, l->allows, *cap * sizeof *l->allows,
				       c * sizeof *l->allows);
		*cap = c;
	}
	l->allows[l->n_allows++] = al;
}

void lint_revision_begin(struct lint *l, const struct revision *r)
{
	if (!l)
		return;
	l->rev = r;
	l->active = l->linted[r->index];
	l->allows = NULL;
	l->n_allows = 0;
	memset(&l->new_tables, 0, sizeof l->new_tables);
	memset(&l->new_columns, 0, sizeof l->new_columns);
	memset(&l->new_indexes, 0, sizeof l->new_indexes);
	if (!l->active)
		return;
	size_t cap = 0;
	const struct ast_file *f = r->file;
	for (size_t i = 0; i < f->n_allows; i++) {
		const struct ast_allow *c = &f->allows[i];
		const struct ast_stmt *target = c->own_line ? lint_next_stmt(r->ast, c) : NULL;
		const char *t = c->text;
		uint32_t base = c->loc.end - (uint32_t)strlen(t);
		size_t k = 0, before = l->n_allows;
		for (;;) {
			while (t[k] == ' ' || t[k] == '\t' || t[k] == ',')
				k++;
			size_t s = k;
			while (lint_is_word_char(t[k]))
				k++;
			if (k == s || t[s] == '-')
				break;
			struct lint_allow al = { 0 };
			al.name = arena_strndup(l->a, t + s, k - s);
			al.rule = lint_rule_find(al.name);
			al.loc = (struct loc){ c->loc.file, base + (uint32_t)s,
					       base + (uint32_t)k };
			al.comment = c;
			al.target = target;
			lint_add_allow(l, &cap, al);
		}
		if (l->n_allows == before) {
			struct lint_allow al = { .rule = -2, .loc = c->loc, .comment = c };
			lint_add_allow(l, &cap, al);
		}
	}
}

static unsigned lint_line(struct loc loc, uint32_t off)
{
	unsigned line, col;
	src_line_col(loc.file, off, &line, &col);
	return line;
}

static bool lint_allow_covers(const struct lint_allow *al, const struct ast_stmt *s)
{
	if (al->comment->own_line)
		return al->target == s;
	unsigned line = lint_line(al->comment->loc, al->comment->loc.start);
	uint32_t last = s->loc.end > s->loc.start ? s->loc.end - 1 : s->loc.start;
	return lint_line(s->loc, s->loc.start) <= line && line <= lint_line(s->loc, last);
}

static void lint_report_add(struct lint *l, struct lint_report *r,
			    struct lint_finding f)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		r->items = arena_grow(l->a, r->items, r->cap * sizeof *r->items,
				      cap * sizeof *r->items);
		r->cap = cap;
	}
	r->items[r->n++] = f;
}

static void lint_output(struct lint *l, enum lint_rule rule, struct loc loc,
			const char *msg)
{
	enum lint_level level = l->conf->level[rule];
	if (level == LINT_OFF)
		return;
	struct lint_report *r = l->conf->report;
	if (r) {
		struct lint_finding f = { rule, level, loc, msg };
		lint_report_add(l, r, f);
		if (level == LINT_ERROR)
			r->n_errors++;
		else
			r->n_warnings++;
		return;
	}
	diag_at(l->d, level == LINT_ERROR ? DIAG_ERROR : DIAG_WARNING, loc,
		"%s [%s]", msg, lint_rules[rule].name);
}

void lint_emit(struct lint *l, const struct ast_stmt *s, enum lint_rule rule,
	       struct loc loc, const char *fmt, ...)
{
	if (!l->active)
		return;
	bool allowed = false;
	for (size_t i = 0; i < l->n_allows; i++) {
		struct lint_allow *al = &l->allows[i];
		if (al->rule == (int)rule && lint_allow_covers(al, s)) {
			al->used = true;
			allowed = true;
		}
	}
	if (allowed)
		return;
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	lint_output(l, rule, loc, arena_strdup(l->a, buf));
}

void lint_stmt(struct lint *l, const struct model *before,
	       const struct ast_stmt *s, bool upgrade)
{
	if (!l || !l->active)
		return;
	/* "create index concurrently" written as a statement is checked by
	 * compile.c (always an error); inside execute only lint can see it */
	if (s->kind == STMT_EXECUTE)
		lint_check_execute(l, s, !l->rev->ast->no_transaction);
	else if (upgrade && before)
		lint_rules_stmt(l, before, s);
}

void lint_revision_end(struct lint *l)
{
	if (!l || !l->active)
		return;
	for (size_t i = 0; i < l->n_allows; i++) {
		const struct lint_allow *al = &l->allows[i];
		char buf[512];
		if (al->rule == -2)
			snprintf(buf, sizeof buf, "\"migc:allow\" names no lint rule; write e.g. \"-- migc:allow drop-column\"");
		else if (al->rule == -1)
			snprintf(buf, sizeof buf, "unknown lint rule \"%s\" in \"migc:allow\" (see docs/lint.md)",
				 al->name);
		else if (!al->used && al->comment->own_line && !al->target)
			snprintf(buf, sizeof buf, "\"migc:allow %s\" is not followed by a statement; put it on the statement's line or the line above",
				 al->name);
		else if (!al->used)
			snprintf(buf, sizeof buf, "\"migc:allow %s\" suppresses nothing; remove it",
				 al->name);
		else
			continue;
		lint_output(l, LR_UNUSED_ALLOW, al->loc, arena_strdup(l->a, buf));
	}
}

/* ---- JSON --------------------------------------------------------------- */

static void lint_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void lint_report_json(FILE *out, const struct lint_report *r)
{
	fputs("[", out);
	for (size_t i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->items[i];
		unsigned line = 0, col = 0;
		if (f->loc.file)
			src_line_col(f->loc.file, f->loc.start, &line, &col);
		fputs(i ? ",\n  {" : "\n  {", out);
		fputs("\"file\": ", out);
		lint_json_str(out, f->loc.file ? f->loc.file->path : "");
		fprintf(out, ", \"line\": %u, \"column\": %u, \"severity\": \"%s\", \"rule\": ",
			line, col, f->level == LINT_ERROR ? "error" : "warning");
		lint_json_str(out, lint_rules[f->rule].name);
		fputs(", \"message\": ", out);
		lint_json_str(out, f->message);
		fputs("}", out);
	}
	fputs(r->n ? "\n]\n" : "]\n", out);
}
