/*
 * model_seq.c - standalone sequences in the model (model.h): each in its
 * schema's `seqs` map and in its relation namespace (REL_SEQUENCE with no
 * table), so a table, index or sequence cannot share its name, as in
 * PostgreSQL.  Sequences are immutable; model_seq_set() replaces one.
 * Also what a column default's nextval('...') names, for the dependency
 * rules (drop, rename) and for autogenerate's order.
 */
#include <string.h>

#include "arena.h"
#include "model.h"
#include "sql.h"
#include "sqltext.h"

struct m_seq *model_seq(const struct model *m, const char *schema, const char *name)
{
	struct m_schema *s = model_schema(m, schema);
	return s && s->seqs.count ? pmap_get(&s->seqs, name) : NULL;
}

void model_seq_set(struct model *m, struct arena *a, struct m_seq *q)
{
	struct m_schema *s = model_schema_mut(m, a, q->schema);
	if (!s)
		return;
	pmap_set(&s->seqs, a, model_stamp(m), q->name, q);
	schema_rel_set(m, a, s, REL_SEQUENCE, q->name, NULL, NULL);
}

void model_seq_del(struct model *m, struct arena *a, const char *schema, const char *name)
{
	struct m_schema *s = model_schema_mut(m, a, schema);
	if (!s)
		return;
	pmap_del(&s->seqs, a, model_stamp(m), name);
	schema_rel_del(m, a, s, name);
}

struct m_seq **model_seqs_sorted(const struct model *m, struct arena *a, size_t *n)
{
	size_t ns, cap = 0;
	struct m_schema **ss = model_schemas_sorted(m, a, &ns);
	struct m_seq **out = arena_calloc(a, 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < ns; i++) {
		if (!ss[i]->seqs.count)
			continue;
		size_t k;
		struct m_seq **v = (struct m_seq **)pmap_sorted(&ss[i]->seqs, a, &k);
		if (*n + k + 1 > cap) {
			size_t nc = (*n + k + 1) * 2;
			out = arena_grow(a, out, cap * sizeof *out, nc * sizeof *out);
			cap = nc;
		}
		memcpy(out + *n, v, k * sizeof *v);
		*n += k;
	}
	return out;
}

void model_seq_type_range(const char *type, long long *lo, long long *hi)
{
	if (strcmp(type, "smallint") == 0) {
		*lo = -32768;
		*hi = 32767;
	} else if (strcmp(type, "integer") == 0) {
		*lo = -2147483648LL;
		*hi = 2147483647LL;
	} else {
		*lo = (-9223372036854775807LL - 1);
		*hi = 9223372036854775807LL;
	}
}

const char *model_seq_options(struct arena *a, const struct m_seq *q)
{
	return arena_printf(a, "AS %s INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld "
			    "START WITH %lld CACHE %lld %sCYCLE", q->type, q->inc, q->min,
			    q->max, q->start, q->cache, q->cycle ? "" : "NO ");
}

const char *model_seq_diff(struct arena *a, const char *label, const struct m_seq *e,
			   const struct m_seq *c)
{
	if (!e || !c)
		return NULL;	/* the relation namespace reports it */
	const char *oe = model_seq_options(a, e), *oc = model_seq_options(a, c);
	if (strcmp(oe, oc) != 0)
		return arena_printf(a, "%s is \"%s\", expected \"%s\"", label, oc, oe);
	if (!model_str_equal(e->owner_table, c->owner_table) ||
	    !model_str_equal(e->owner_column, c->owner_column)) {
		const char *we = e->owner_table ? arena_printf(a, "\"%s\".\"%s\"", e->owner_table,
							       e->owner_column) : "nothing";
		const char *wc = c->owner_table ? arena_printf(a, "\"%s\".\"%s\"", c->owner_table,
							       c->owner_column) : "nothing";
		return arena_printf(a, "%s is owned by %s, expected %s", label, wc, we);
	}
	if (!model_str_equal(e->comment, c->comment))
		return arena_printf(a, "comment on %s is %s, expected %s", label,
				    c->comment ? sql_literal(a, c->comment) : "not set",
				    e->comment ? sql_literal(a, e->comment) : "not set");
	return NULL;
}

/* One part of a name inside a regclass literal at t[*i..n): a quoted
 * part as written, a bare one folded to lower case. */
static const char *name_part(struct arena *a, const char *t, size_t n, size_t *i)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	if (*i < n && t[*i] == '"') {
		for (size_t k = *i + 1; k < n; k++) {
			if (t[k] == '"' && k + 1 < n && t[k + 1] == '"') {
				sb_putc(&sb, '"');
				k++;
			} else if (t[k] == '"') {
				*i = k + 1;
				return sb_str(&sb);
			} else {
				sb_putc(&sb, t[k]);
			}
		}
		*i = n;
		return sb_str(&sb);
	}
	while (*i < n && t[*i] != '.') {
		char ch = t[*i];
		sb_putc(&sb, ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch);
		(*i)++;
	}
	return sb_str(&sb);
}

bool model_default_seq(struct arena *a, const struct model *m, const char *text,
		       const char **schema, const char **name)
{
	if (!text || !strstr(text, "nextval") )
		return false;
	size_t n = strlen(text), i = 0;
	enum sqlt_kind k;
	while (i < n) {
		size_t e = sqlt_token(text, n, i, &k);
		if (k == SQLT_WORD && e - i == 7 && strncmp(text + i, "nextval", 7) == 0) {
			size_t p = sqlt_skip_blank(text, n, e);
			if (p < n && text[p] == '(') {
				size_t s = sqlt_skip_blank(text, n, p + 1);
				size_t se = sqlt_token(text, n, s, &k);
				if (k != SQLT_STRING)
					return false;
				/* the literal's content, '' undoubled */
				struct strbuf lit;
				sb_init(&lit, a);
				sb_puts(&lit, "");
				for (size_t j = s + 1; j + 1 < se; j++) {
					sb_putc(&lit, text[j]);
					if (text[j] == '\'')
						j++;
				}
				const char *l = sb_str(&lit);
				size_t ln = strlen(l), at = 0;
				const char *p1 = name_part(a, l, ln, &at);
				if (at < ln && l[at] == '.') {
					at++;
					*schema = p1;
					*name = name_part(a, l, ln, &at);
				} else {
					*schema = m->default_schema;
					*name = p1;
				}
				return at == ln && **name;
			}
		}
		i = e;
	}
	return false;
}
