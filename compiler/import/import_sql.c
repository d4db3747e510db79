/*
 * import_sql.c - another tool's SQL script as the body of a migc block.
 *
 * The script is split into statements at the semicolons outside quotes,
 * comments and dollar quotes (common/sqltext.h).  A statement that migc's
 * own grammar reads is written as it is: a native one so that the model,
 * the lint and the derived downgrades see it, plain SQL (passed through
 * and checked by PostgreSQL's grammar) byte for byte; anything else is
 * written as
 * `execute $tag$ … $tag$;` with a tag that does not occur in the body, so
 * the server receives exactly the source's text.  The tool's own
 * transaction statements (BEGIN, COMMIT, START TRANSACTION, END) are left
 * out: the migrator runs each revision in its own transaction, or none
 * with no_transaction.
 *
 * Guarantees: no statement of the source is lost or altered: a native one
 * only gains indentation in its blank runs (never inside a literal or a
 * quoted body), an executed one is sent byte for byte.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "import_int.h"
#include "import_sql.h"
#include "parse.h"
#include "sqltext.h"
#include "srcfile.h"

static bool word_is(const char *t, size_t i, size_t end, const char *w)
{
	size_t n = strlen(w);
	return end - i == n && strncasecmp(t + i, w, n) == 0;
}

/* BEGIN / COMMIT / START TRANSACTION / END [TRANSACTION|WORK] / BEGIN WORK */
static bool is_tx_control(const char *t, size_t len)
{
	enum sqlt_kind k;
	size_t i = sqlt_skip_blank(t, len, 0);
	if (i >= len)
		return false;
	size_t e = sqlt_token(t, len, i, &k);
	if (k != SQLT_WORD)
		return false;
	bool start = word_is(t, i, e, "start");
	if (!start && !word_is(t, i, e, "begin") && !word_is(t, i, e, "commit") &&
	    !word_is(t, i, e, "end"))
		return false;
	size_t j = sqlt_skip_blank(t, len, e);
	if (j >= len)
		return !start;
	size_t e2 = sqlt_token(t, len, j, &k);
	if (k != SQLT_WORD)
		return false;
	if (!word_is(t, j, e2, "transaction") && !word_is(t, j, e2, "work"))
		return false;
	/* isolation levels and the like: keep them, they change the meaning */
	return sqlt_skip_blank(t, len, e2) >= len;
}

/* How migc's grammar reads `stmt`. */
enum stmt_read {
	READ_NONE,		/* not as one statement: it goes into execute */
	READ_NATIVE,		/* a native statement: modelled, invertible */
	READ_PLAIN_SQL,		/* plain SQL, checked by PostgreSQL's grammar
				 * and passed through: not invertible */
};

static enum stmt_read read_stmt(struct arena *a, const char *stmt, bool no_tx)
{
	const char *text = arena_printf(a,
		"revision import_probe\nparent base\n%s"
		"upgrade {\n%s\n;\n}\ndowngrade { }\n",
		no_tx ? "no_transaction\n" : "", stmt);
	struct diag d;
	diag_init_silent(&d);
	struct src_file *src = src_from_text(a, "probe.mig", text, strlen(text));
	struct ast_file *f = parse_file(a, &d, src, PARSE_REVISION);
	if (d.n_errors || !f->revision || f->revision->n_upgrade != 1)
		return READ_NONE;
	return f->revision->upgrade[0].kind == STMT_EXECUTE ? READ_PLAIN_SQL : READ_NATIVE;
}

/* A dollar tag that does not occur in `body`. */
static const char *dollar_tag(struct arena *a, const char *body)
{
	if (!strstr(body, "$$"))
		return "$$";
	for (int n = 0;; n++) {
		const char *tag = n ? arena_printf(a, "$migc%d$", n) : "$migc$";
		if (!strstr(body, tag))
			return tag;
	}
}

/* The statement with "\n" + indent after each line break that is outside a
 * token (in a blank run or ending a line comment). */
static void put_indented(struct strbuf *sb, const char *t, size_t len, const char *indent)
{
	size_t i = 0;
	enum sqlt_kind k;
	while (i < len) {
		size_t e = sqlt_token(t, len, i, &k);
		if (k == SQLT_SPACE) {
			for (size_t j = i; j < e; j++) {
				if (t[j] == '\n') {
					/* no trailing blanks on an empty line */
					while (sb->len && (sb->data[sb->len - 1] == ' ' ||
							   sb->data[sb->len - 1] == '\t'))
						sb->len--;
					sb_putc(sb, '\n');
					sb_puts(sb, indent);
				} else {
					sb_putc(sb, t[j]);
				}
			}
		} else {
			sb_put(sb, t + i, e - i);
		}
		i = e;
	}
}

/* One statement (no trailing ';') into the block. */
static void put_stmt(struct arena *a, struct strbuf *sb, struct import_sql_result *r,
		     const char *stmt, bool no_tx)
{
	size_t n = strlen(stmt);
	if (sqlt_skip_blank(stmt, n, 0) >= n) {
		if (n) {
			sb_puts(sb, "    ");
			put_indented(sb, stmt, n, "    ");
			sb_putc(sb, '\n');
		}
		return;
	}
	if (is_tx_control(stmt, n)) {
		r->n_tx_dropped++;
		/* the comments before it stay; the statement becomes a note */
		size_t w = sqlt_skip_blank(stmt, n, 0);
		size_t c = w;
		while (c > 0 && strchr(" \t\r\n", stmt[c - 1]))
			c--;
		if (c) {
			sb_puts(sb, "    ");
			put_indented(sb, stmt, c, "    ");
			sb_putc(sb, '\n');
		}
		char *word = arena_strdup(a, stmt + w);
		for (char *p = word; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		sb_printf(sb, "    -- migc import: left out \"%s\" (migc runs the revision's transaction)\n",
			  word);
		return;
	}
	r->n_stmts++;
	enum stmt_read how = read_stmt(a, stmt, no_tx);
	if (how != READ_NONE) {
		/* plain SQL cannot be inverted: it counts with execute for
		 * whether the downgrade can be derived */
		if (how == READ_NATIVE)
			r->n_native++;
		else
			r->n_execute++;
		sb_puts(sb, "    ");
		put_indented(sb, stmt, n, "    ");
		/* a trailing line comment would swallow the semicolon */
		const char *nl = strrchr(stmt, '\n');
		sb_puts(sb, strstr(nl ? nl : stmt, "--") ? "\n    ;\n" : ";\n");
	} else {
		r->n_execute++;
		r->n_wrapped++;
		const char *tag = dollar_tag(a, stmt);
		sb_printf(sb, "    execute %s\n%s\n%s;\n", tag, stmt, tag);
	}
}

void import_sql_block(struct arena *a, const char *sql, bool no_tx,
		      struct import_sql_result *r)
{
	struct strbuf sb;
	sb_init(&sb, a);
	memset(r, 0, sizeof *r);
	size_t len = strlen(sql), start = 0, i = 0;
	enum sqlt_kind k;
	while (start < len) {
		/* one statement: up to a top-level ';' or the end */
		i = start;
		size_t end = len;
		size_t w = sqlt_skip_blank(sql, len, start);
		if (w < len && sql[w] == IMP_WHOLE) {
			/* one statement as the source delimits it, ';' and all */
			const char *close = strchr(sql + w + 1, IMP_WHOLE);
			end = close ? (size_t)(close - sql) : len;
			start = w + 1;
			size_t t = end;
			while (t > start && strchr(" \t\r\n", sql[t - 1]))
				t--;
			if (t > start && sql[t - 1] == ';')
				t--;
			char *stmt = arena_strndup(a, sql + start, t - start);
			start = end < len ? end + 1 : len;
			put_stmt(a, &sb, r, stmt, no_tx);
			continue;
		}
		while (i < len) {
			size_t e = sqlt_token(sql, len, i, &k);
			if ((k == SQLT_PUNCT && sql[i] == ';') || sql[i] == IMP_WHOLE) {
				end = i;
				break;
			}
			i = e;
		}
		size_t next = end < len && sql[end] == ';' ? end + 1 : end;
		/* trim: leading blanks (not comments), trailing blanks and comments
		 * are kept only when the statement has a body */
		size_t s = start;
		while (s < end && (sql[s] == ' ' || sql[s] == '\t' || sql[s] == '\n' ||
				   sql[s] == '\r'))
			s++;
		size_t t = end;
		while (t > s && (sql[t - 1] == ' ' || sql[t - 1] == '\t' ||
				 sql[t - 1] == '\n' || sql[t - 1] == '\r'))
			t--;
		start = next;
		if (sqlt_skip_blank(sql, t, s) >= t) {
			/* only comments: keep them as comments */
			if (t > s) {
				sb_puts(&sb, "    ");
				put_indented(&sb, sql + s, t - s, "    ");
				sb_putc(&sb, '\n');
			}
			continue;
		}
		put_stmt(a, &sb, r, arena_strndup(a, sql + s, t - s), no_tx);
	}
	r->text = sb_str(&sb);
}
