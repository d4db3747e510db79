/*
 * replay_partkey.c - PostgreSQL's rule for keys of partitioned tables: a
 * primary key or unique constraint on a partitioned table must include
 * every column of the partition key, and none is allowed when the key
 * has an expression.  rp_part_keys_ok checks a table's constraints
 * against its partition key as written ("range (a, b)"; an element is a
 * column when it is a name, maybe followed by collate or an operator
 * class).  Errors at the constraint, with PostgreSQL's wording.
 */
#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "replay_int.h"
#include "sqltext.h"

struct key {
	const char *cols[32];
	size_t n;
	bool expr;
};

/* The token at [s, e) as a name: bare words folded to lower case, quoted
 * ones unquoted (doubled quotes left as they are: rare in keys). */
static const char *name_of(struct arena *a, const char *t, size_t s, size_t e,
			   enum sqlt_kind k)
{
	if (k == SQLT_QIDENT)
		return arena_strndup(a, t + s + 1, e - s >= 2 ? e - s - 2 : 0);
	char *n = arena_strndup(a, t + s, e - s);
	for (char *p = n; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return n;
}

static void parse_key(struct arena *a, const char *by, struct key *out)
{
	size_t n = strlen(by), i = 0;
	enum sqlt_kind k;
	memset(out, 0, sizeof *out);
	i = sqlt_token(by, n, sqlt_skip_blank(by, n, i), &k);	/* the strategy */
	i = sqlt_skip_blank(by, n, i);
	if (i >= n || by[i] != '(') {
		out->expr = true;
		return;
	}
	i++;
	int depth = 0;
	size_t pos = 0;		/* tokens in the element so far */
	const char *first = NULL;
	bool expr = false;
	while (i < n) {
		size_t s = sqlt_skip_blank(by, n, i);
		if (s >= n)
			break;
		size_t e = sqlt_token(by, n, s, &k);
		i = e;
		char c = k == SQLT_PUNCT ? by[s] : 0;
		if (depth == 0 && (c == ',' || c == ')')) {
			if (expr || !first)
				out->expr = true;
			else if (out->n < sizeof out->cols / sizeof *out->cols)
				out->cols[out->n++] = first;
			pos = 0;
			first = NULL;
			expr = false;
			if (c == ')')
				break;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')')
			depth--;
		if (pos == 0 && (k == SQLT_WORD || k == SQLT_QIDENT))
			first = name_of(a, by, s, e, k);
		else if (pos == 0 || (k != SQLT_WORD && k != SQLT_QIDENT) || depth > 0)
			expr = true;
		pos++;
	}
}

bool rp_part_keys_ok(struct rp *r, const struct m_table *t)
{
	if (!t->part_by)
		return true;
	struct key key;
	parse_key(r->a, t->part_by, &key);
	for (size_t i = 0; i < t->n_cons; i++) {
		const struct m_constraint *c = &t->cons[i];
		if (c->kind != MC_PKEY && c->kind != MC_UNIQUE)
			continue;
		const char *what = c->kind == MC_PKEY ? "PRIMARY KEY" : "UNIQUE";
		if (key.expr) {
			rp_error(r, c->loc, "unsupported %s constraint with partition key definition",
				 what);
			rp_note(r, c->loc, "%s constraints cannot be used when partition keys include expressions",
				what);
			return false;
		}
		for (size_t j = 0; j < key.n; j++) {
			bool has = false;
			for (size_t m = 0; m < c->n_cols && !has; m++)
				has = strcmp(c->cols[m], key.cols[j]) == 0;
			if (has)
				continue;
			rp_error(r, c->loc, "unique constraint on partitioned table must include all partitioning columns");
			rp_note(r, c->loc, "%s constraint on table \"%s\" lacks column \"%s\" which is part of the partition key",
				what, rp_table_label(r, t), key.cols[j]);
			return false;
		}
	}
	return true;
}
