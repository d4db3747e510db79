/*
 * lint_types.c - lint rules on column types, default volatility and the
 * bodies of `execute` statements.
 *
 * The type rules look at every type a revision writes (create table, add
 * column, alter column type): they are about the definition, so an empty
 * new table matters as much as an old one.  Default expressions and
 * execute bodies are read as common/sqltext.c's tokens, so a word inside a
 * string, a quoted name, a dollar-quoted body or a comment never counts.
 */
#include <string.h>
#include <strings.h>

#include "ast.h"
#include "lint_int.h"
#include "sqltext.h"

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
	size_t n = strlen(text), i = 0;
	bool after_dot = false;
	while (i < n) {
		enum sqlt_kind k;
		size_t e = sqlt_token(text, n, i, &k);
		if (sqlt_is_blank(k)) {
			i = e;
			continue;
		}
		if (k == SQLT_WORD && !after_dot) {
			size_t after = sqlt_skip_blank(text, n, e);
			if (after < n && text[after] == '(')
				for (size_t f = 0; f < sizeof lint_volatile_fns / sizeof *lint_volatile_fns; f++)
					if (strlen(lint_volatile_fns[f]) == e - i &&
					    strncasecmp(text + i, lint_volatile_fns[f], e - i) == 0)
						return true;
		}
		after_dot = k == SQLT_PUNCT && text[i] == '.';
		i = e;
	}
	return false;
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
			  "\"%.*s\" %s ends or nests the revision's own transaction, so a failure no longer rolls the revision back; "
			  "remove it (a revision already runs in one transaction, or in none with \"no_transaction\")",
			  (int)st->n1, st->w1,
			  s->u.exec.passthrough ? "as a statement" : "inside \"execute\"");
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
	const char *t = s->u.exec.sql ? s->u.exec.sql : "";
	size_t n = strlen(t), i = 0;
	struct lint_sql_stmt st = { 0 };
	while ((i = sqlt_skip_blank(t, n, i)) < n) {
		enum sqlt_kind k;
		size_t e = sqlt_token(t, n, i, &k);
		/* plain SQL is one statement: a ';' in it is inside a
		 * `begin atomic` body (passthrough.c) */
		if (k == SQLT_PUNCT && t[i] == ';' && !s->u.exec.passthrough) {
			if (lint_sql_stmt_end(l, s, &st, transactional))
				return;
		} else if (k == SQLT_WORD) {
			if (!st.w1) {
				st.w1 = t + i;
				st.n1 = e - i;
			} else if (!st.w2) {
				st.w2 = t + i;
				st.n2 = e - i;
			}
			if (lint_word_is(t + i, e - i, "concurrently"))
				st.concurrently = true;
		} else if (k != SQLT_QIDENT && k != SQLT_STRING && k != SQLT_ESTRING) {
			if (!st.w1)
				st.w1 = "", st.n1 = 0;
		}
		i = e;
	}
	lint_sql_stmt_end(l, s, &st, transactional);
}
