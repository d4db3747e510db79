/*
 * exec_check.c - what an `execute` body must not be, found at compile time.
 *
 * The migrator sends an execute body to the server as it is.  Two kinds of
 * body pass every other check and then fail (or hang) at deploy:
 *
 *   - a body with no statement (empty, whitespace, only comments, only ";"):
 *     the server answers "empty query", which the migrator cannot treat as
 *     success;
 *   - COPY ... TO STDOUT / COPY ... FROM STDIN: the server then waits for
 *     the client to stream rows, which a migrator has none of, holding the
 *     revision's transaction and the migrator lock.
 *
 * Both are errors here, located at the body (at the "copy" word when the
 * body is dollar-quoted, so its source offset is known).
 *
 * The body is read with the shared tokenizer (common/sqltext.h), so
 * quoted text, dollar quotes and comments are skipped as PostgreSQL
 * skips them.
 */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "ast.h"
#include "diag.h"
#include "exec_check.h"
#include "sqltext.h"

enum xtok { XT_END, XT_WORD, XT_OTHER, XT_SEMI, XT_OPEN, XT_CLOSE };

struct xscan {
	const char *s;
	size_t n, i;
	size_t start, len;	/* the last token */
};

/* The next token that is not blank or a comment, classified for the
 * checks below. */
static enum xtok x_next(struct xscan *x)
{
	x->i = sqlt_skip_blank(x->s, x->n, x->i);
	x->start = x->i;
	if (x->i >= x->n)
		return XT_END;
	enum sqlt_kind kind;
	x->i = sqlt_token(x->s, x->n, x->i, &kind);
	x->len = x->i - x->start;
	if (kind == SQLT_WORD)
		return XT_WORD;
	if (kind == SQLT_PUNCT && x->len == 1) {
		char c = x->s[x->start];
		return c == ';' ? XT_SEMI : c == '(' ? XT_OPEN : c == ')' ? XT_CLOSE : XT_OTHER;
	}
	return XT_OTHER;
}

static bool x_is(const struct xscan *x, const char *word)
{
	return strlen(word) == x->len && strncasecmp(x->s + x->start, word, x->len) == 0;
}

/* The source span of body bytes [off, off+len) when the body is written
 * dollar-quoted (the bytes are then the source's), else the statement. */
static struct loc x_where(const struct ast_stmt *s, size_t off, size_t len)
{
	const struct src_file *f = s->loc.file;
	size_t body = strlen(s->u.exec.sql);
	if (!f || s->loc.end > f->len || s->loc.end == 0 || f->text[s->loc.end - 1] != '$')
		return s->loc;
	size_t open = s->loc.end - 1;
	while (open > s->loc.start && f->text[open - 1] != '$')
		open--;
	if (open <= s->loc.start)
		return s->loc;
	size_t tag = s->loc.end - (open - 1);
	if (s->loc.end - s->loc.start < tag + body)
		return s->loc;
	size_t at = s->loc.end - tag - body;
	if (memcmp(f->text + at, s->u.exec.sql, body) != 0)
		return s->loc;
	return (struct loc){ f, (uint32_t)(at + off), (uint32_t)(at + off + len) };
}

void exec_check(struct diag *d, const struct ast_stmt *s)
{
	if (s->kind != STMT_EXECUTE || !s->u.exec.sql)
		return;
	struct xscan x = { .s = s->u.exec.sql, .n = strlen(s->u.exec.sql) };
	bool any = false, is_copy = false;
	size_t first = 0, copy_at = 0;
	int depth = 0;
	enum xtok t, prev = XT_END;
	size_t prev_start = 0, prev_len = 0;
	while ((t = x_next(&x)) != XT_END) {
		if (t == XT_SEMI) {
			first = 0;
			is_copy = false;
			depth = 0;
			prev = XT_END;
			continue;
		}
		any = true;
		if (first++ == 0 && t == XT_WORD && x_is(&x, "copy")) {
			is_copy = true;
			copy_at = x.start;
		}
		if (t == XT_OPEN)
			depth++;
		else if (t == XT_CLOSE && depth > 0)
			depth--;
		if (is_copy && depth == 0 && t == XT_WORD && prev == XT_WORD) {
			struct xscan p = x;
			p.start = prev_start;
			p.len = prev_len;
			bool out = x_is(&p, "to") && x_is(&x, "stdout");
			bool in = x_is(&p, "from") && x_is(&x, "stdin");
			if (out || in) {
				diag_error(d, x_where(s, copy_at, 4),
					   "\"copy ... %s\" cannot run in a revision: the migrator does not "
					   "stream copy data between the client and the server, so the revision "
					   "would hang inside its transaction holding the migrator lock; copy "
					   "%s a server-side file, or use \"insert ... select\"",
					   out ? "to stdout" : "from stdin", out ? "to" : "from");
				is_copy = false;
			}
		}
		prev = t;
		prev_start = x.start;
		prev_len = x.len;
	}
	if (!any)
		diag_error(d, s->loc,
			   "\"execute\" has no SQL statement (only whitespace, comments or \";\"): "
			   "the server would answer with an empty query and the revision would fail; "
			   "write the statement or remove the \"execute\"");
}
