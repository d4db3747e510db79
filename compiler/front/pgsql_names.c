/*
 * pgsql_names.c - names in PostgreSQL's parse tree (libpg_query JSON):
 * qualified names, and a routine's identity (name and argument types, as
 * pgsql_tree.h's pgsql_name.args spells them).  Shared by pgsql_tree.c and
 * pgsql_acl.c; calls nothing of theirs.
 */
#include <string.h>

#include "arena.h"
#include "pgsql_json.h"
#include "pgsql_tree.h"

/* A list of {"String":{"sval":...}} nodes as a qualified name. */
bool pgsql_qname(const struct pj *list, struct pgsql_name *out)
{
	memset(out, 0, sizeof *out);
	if (!list || list->kind != PJ_ARR || list->n == 0)
		return false;
	const char *parts[3] = { 0 };
	size_t n = list->n > 3 ? 3 : list->n;
	for (size_t i = 0; i < n; i++) {
		parts[i] = pj_str(pj_get(list->vals[list->n - n + i], "String"), "sval");
		if (!parts[i])
			return false;
	}
	out->name = parts[n - 1];
	out->schema = n >= 2 ? parts[n - 2] : NULL;
	return true;
}

bool pgsql_any_name(const struct pj *list, struct pgsql_name *out)
{
	memset(out, 0, sizeof *out);
	if (!list || list->kind != PJ_ARR || list->n == 0 || list->n > 3)
		return false;
	return pgsql_qname(list, out);
}

/* A TypeName as identity text: its names without pg_catalog, with [] per
 * array bound (typmods are not part of a routine's identity). */
static void put_type(struct strbuf *sb, const struct pj *tn)
{
	const struct pj *names = pj_get(tn, "names");
	bool first = true;
	for (size_t i = 0; names && i < names->n; i++) {
		const char *s = pj_str(pj_get(names->vals[i], "String"), "sval");
		if (!s || (i == 0 && names->n > 1 && strcmp(s, "pg_catalog") == 0))
			continue;
		if (!first)
			sb_putc(sb, '.');
		sb_puts(sb, s);
		first = false;
	}
	const struct pj *ab = pj_get(tn, "arrayBounds");
	for (size_t i = 0; ab && i < ab->n; i++)
		sb_puts(sb, "[]");
}

/* The identity argument types of a FunctionParameter list. */
const char *pgsql_params(struct arena *a, const struct pj *list, bool with_out)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	bool first = true;
	for (size_t i = 0; list && list->kind == PJ_ARR && i < list->n; i++) {
		const struct pj *fp = pj_get(list->vals[i], "FunctionParameter");
		if (!fp)
			continue;
		const char *mode = pj_str(fp, "mode");
		if (mode && (strcmp(mode, "FUNC_PARAM_TABLE") == 0 ||
			     (!with_out && strcmp(mode, "FUNC_PARAM_OUT") == 0)))
			continue;
		if (!first)
			sb_putc(&sb, ',');
		put_type(&sb, pj_get(fp, "argType"));
		first = false;
	}
	return sb_str(&sb);
}

static const char *typelist(struct arena *a, const struct pj *list)
{
	struct strbuf sb;
	sb_init(&sb, a);
	sb_puts(&sb, "");
	for (size_t i = 0; list && list->kind == PJ_ARR && i < list->n; i++) {
		if (i)
			sb_putc(&sb, ',');
		put_type(&sb, pj_get(list->vals[i], "TypeName"));
	}
	return sb_str(&sb);
}

bool pgsql_objwithargs(struct arena *a, const struct pj *owa, bool with_out,
		       struct pgsql_name *out)
{
	if (!owa || !pgsql_qname(pj_get(owa, "objname"), out))
		return false;
	if (pj_bool(owa, "args_unspecified"))
		out->args = NULL;
	else if (pj_get(owa, "objfuncargs"))
		out->args = pgsql_params(a, pj_get(owa, "objfuncargs"), with_out);
	else
		out->args = typelist(a, pj_get(owa, "objargs"));
	return true;
}

