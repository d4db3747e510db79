/*
 * lint_types.c - lint rules on column types, default volatility and the
 * bodies of `execute` statements.
 *
 * The type rules look at every type a revision writes (create table, add
 * column, alter column type): they are about the definition, so an empty
 * new table matters as much as an old one.
 */
#include <ctype.h>
#include <string.h>

#include "ast.h"
#include "lint_int.h"

void lint_check_type(struct lint *l, const struct ast_stmt *s,
		     const struct ast_type *t, const char *column)
{
	switch (t->kind) {
	case TY_VARCHAR:
		if (t->mod1 >= 0)
			lint_emit(l, s, LR_VARCHAR_LENGTH, t->loc,
				  "column \"%s\" is varchar(%d): changing the limit later means an ALTER, and a smaller one rewrites the table; "
				  "use text with a check constraint on length() instead",
				  column, t->mod1);
		break;
	case TY_TIMESTAMP:
		lint_emit(l, s, LR_TIMESTAMP_WITHOUT_TIME_ZONE, t->loc,
			  "column \"%s\" is timestamp without time zone, which stores wall-clock time in no known zone; "
			  "use timestamptz", column);
		break;
	case TY_CHAR:
		lint_emit(l, s, LR_CHAR_TYPE, t->loc,
			  "column \"%s\" is char(n), which pads values with spaces and is no faster; "
			  "use text (with a check constraint on length() if needed)", column);
		break;
	default:
		break;
	}
}

/* Functions whose default makes PostgreSQL fill every existing row one by
 * one (a table rewrite) when a column is added; now() and other stable
 * functions are evaluated once and cost nothing. */
static const char *const lint_volatile_fns[] = {
	"random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
	"uuid_generate_v4", "clock_timestamp", "timeofday", "nextval",
	"txid_current", "setseed",
};

bool lint_expr_volatile(const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\'') {	/* skip string literals */
			for (i++; i < n && text[i] != '\''; i++)
				;
			continue;
		}
		if (!(isalpha((unsigned char)text[i]) || text[i] == '_') ||
		    (i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '_' ||
			       text[i - 1] == '.' || text[i - 1] == '"')))
			continue;
		size_t s = i;
		while (i < n && (isalnum((unsigned char)text[i]) || text[i] == '_'))
			i++;
		size_t k = i;
		while (k < n && isspace((unsigned char)text[k]))
			k++;
		if (k < n && text[k] == '(')
			for (size_t f = 0; f < sizeof lint_volatile_fns / sizeof *lint_volatile_fns; f++)
				if (strlen(lint_volatile_fns[f]) == i - s &&
				    strncasecmp(text + s, lint_volatile_fns[f], i - s) == 0)
					return true;
		i--;
	}
	return false;
}

/* Skips blanks, comments, quoted strings and dollar quotes in an execute
 * body; returns the position of the next word or ';' (or the end). */
static size_t lint_sql_skip(const char *t, size_t i)
{
	for (;;) {
		if (isspace((unsigned char)t[i])) {
			i++;
		} else if (t[i] == '-' && t[i + 1] == '-') {
			while (t[i] && t[i] != '\n')
				i++;
		} else if (t[i] == '/' && t[i + 1] == '*') {
			const char *e = strstr(t + i + 2, "*/");
			i = e ? (size_t)(e - t) + 2 : strlen(t);
		} else {
			return i;
		}
	}
}

/* Savepoints are fine inside the revision's transaction; these are not. */
static const char *const lint_tx_words[] = {
	"begin", "commit", "rollback", "start", "end", "abort",
};

static bool lint_word_in(const char *w, size_t n, const char *const *list,
			 size_t n_list)
{
	for (size_t k = 0; k < n_list; k++)
		if (strlen(list[k]) == n && strncasecmp(w, list[k], n) == 0)
			return true;
	return false;
}

static bool lint_word_is(const char *w, size_t n, const char *word)
{
	return w && strlen(word) == n && strncasecmp(w, word, n) == 0;
}

/* One statement of an execute body, by its first two words and whether
 * it says "concurrently". */
struct lint_sql_stmt {
	const char *w1, *w2;
	size_t n1, n2;
	bool concurrently;
};

static bool lint_sql_stmt_end(struct lint *l, const struct ast_stmt *s,
			      struct lint_sql_stmt *st, bool transactional)
{
	bool fired = false;
	if (st->w1 && lint_word_in(st->w1, st->n1, lint_tx_words,
				   sizeof lint_tx_words / sizeof *lint_tx_words) &&
	    !(lint_word_is(st->w1, st->n1, "rollback") && lint_word_is(st->w2, st->n2, "to"))) {
		lint_emit(l, s, LR_TRANSACTION_IN_EXECUTE, s->loc,
			  "\"%.*s\" inside \"execute\" ends or nests the revision's own transaction, so a failure no longer rolls the revision back; "
			  "remove it (a revision already runs in one transaction, or in none with \"no_transaction\")",
			  (int)st->n1, st->w1);
		fired = true;
	}
	bool create_drop = lint_word_is(st->w1, st->n1, "create") ||
			   lint_word_is(st->w1, st->n1, "drop");
	bool refused = (st->concurrently &&
			(create_drop || lint_word_is(st->w1, st->n1, "reindex"))) ||
		       lint_word_is(st->w1, st->n1, "vacuum") ||
		       (create_drop && (lint_word_is(st->w2, st->n2, "database") ||
					lint_word_is(st->w2, st->n2, "tablespace")));
	if (refused && transactional) {
		lint_emit(l, s, LR_CONCURRENTLY_IN_TRANSACTION, s->loc,
			  "PostgreSQL refuses \"%.*s%s%.*s%s\" inside a transaction block, and this revision runs in one; "
			  "move the statement to a revision marked \"no_transaction\"",
			  (int)st->n1, st->w1, st->w2 ? " " : "", (int)st->n2,
			  st->w2 ? st->w2 : "", st->concurrently ? " ... concurrently" : "");
		fired = true;
	}
	memset(st, 0, sizeof *st);
	return fired;
}

void lint_check_execute(struct lint *l, const struct ast_stmt *s,
			bool transactional)
{
	const char *t = s->sql ? s->sql : "";
	size_t i = 0;
	struct lint_sql_stmt st = { 0 };
	while (t[i]) {
		i = lint_sql_skip(t, i);
		if (!t[i])
			break;
		char c = t[i];
		if (c == ';') {
			if (lint_sql_stmt_end(l, s, &st, transactional))
				return;
			i++;
		} else if (c == '\'' || c == '"') {
			for (i++; t[i] && t[i] != c; i++)
				;
			if (t[i])
				i++;
		} else if (c == '$' && (t[i + 1] == '$' || isalpha((unsigned char)t[i + 1]) || t[i + 1] == '_')) {
			size_t k = i + 1;
			while (isalnum((unsigned char)t[k]) || t[k] == '_')
				k++;
			if (t[k] != '$') {
				i = k;
				continue;
			}
			size_t taglen = k - i + 1;
			const char *e = t + k + 1;
			while ((e = strchr(e, '$')) && strncmp(e, t + i, taglen) != 0)
				e++;
			i = e ? (size_t)(e - t) + taglen : strlen(t);
			if (!st.w1)
				st.w1 = "", st.n1 = 0;
		} else if (isalpha((unsigned char)c) || c == '_') {
			size_t w = i;
			while (isalnum((unsigned char)t[i]) || t[i] == '_')
				i++;
			if (!st.w1) {
				st.w1 = t + w;
				st.n1 = i - w;
			} else if (!st.w2) {
				st.w2 = t + w;
				st.n2 = i - w;
			}
			if (lint_word_is(t + w, i - w, "concurrently"))
				st.concurrently = true;
		} else {
			i++;
			if (!st.w1)
				st.w1 = "", st.n1 = 0;
		}
	}
	lint_sql_stmt_end(l, s, &st, transactional);
}
