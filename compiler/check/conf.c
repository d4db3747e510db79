/*
 * conf.c - parsing migc.conf (see conf.h).
 */
#include "conf.h"

#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lint.h"
#include "project.h"
#include "srcfile.h"

bool conf_is_plain_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63)
		return false;
	if (!(islower((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '_' || c == '$'))
			return false;
	}
	return true;
}

static struct loc conf_loc(const struct src_file *src, size_t start, size_t end)
{
	struct loc l = { src, (uint32_t)start, (uint32_t)end };
	return l;
}

/* version_table may be "name" or "schema.name", each part a plain name. */
static bool conf_valid_table_name(const char *v)
{
	const char *dot = strchr(v, '.');
	if (!dot)
		return conf_is_plain_name(v);
	char left[64];
	size_t n = (size_t)(dot - v);
	if (n == 0 || n > 63 || strchr(dot + 1, '.'))
		return false;
	memcpy(left, v, n);
	left[n] = '\0';
	return conf_is_plain_name(left) && conf_is_plain_name(dot + 1);
}

/* naming.KEY: the index in project_conf.naming (enum naming_kind), or -1 */
static int conf_naming_index(const char *key)
{
	static const char *const keys[] = { "pk", "uq", "ck", "fk", "ix" };
	for (int i = 0; i < 5; i++)
		if (strcmp(key, keys[i]) == 0)
			return i;
	return -1;
}

bool conf_parse(struct arena *a, struct diag *d, const struct src_file *src,
		struct project_conf *conf)
{
	conf->name = "project";
	conf->version_table = "migc_version";
	conf->default_schema = "public";
	size_t cap_lint = 0;
	int errors = d->n_errors;
	const char *t = src->text;
	size_t len = src->len;
	size_t pos = 0;
	/* a NUL byte would silently cut a value short */
	const char *nul = memchr(t, '\0', len);
	if (nul) {
		size_t at = (size_t)(nul - t);
		diag_error(d, conf_loc(src, at, at + 1), "unexpected NUL byte");
		return false;
	}
	while (pos < len) {
		size_t ls = pos, le = pos;
		while (le < len && t[le] != '\n')
			le++;
		pos = le + 1;
		size_t i = ls;
		while (i < le && isspace((unsigned char)t[i]))
			i++;
		if (i == le || t[i] == '#')
			continue;
		size_t ks = i;
		while (i < le && (isalnum((unsigned char)t[i]) || t[i] == '_' ||
				  t[i] == '.' || t[i] == '-'))
			i++;
		size_t ke = i;
		while (i < le && (t[i] == ' ' || t[i] == '\t'))
			i++;
		if (ke == ks || i >= le || t[i] != '=') {
			diag_error(d, conf_loc(src, ks, ke > ks ? ke : ks + 1),
				   "expected \"key = value\"");
			continue;
		}
		i++;
		while (i < le && isspace((unsigned char)t[i]))
			i++;
		size_t vs = i, ve = le;
		while (ve > vs && isspace((unsigned char)t[ve - 1]))
			ve--;
		if (ve > vs && t[vs] == '"') {
			if (ve - vs < 2 || t[ve - 1] != '"') {
				diag_error(d, conf_loc(src, vs, ve),
					   "unterminated quoted value");
				continue;
			}
			vs++;
			ve--;
		} else {
			/* a trailing comment after an unquoted value */
			for (size_t k = vs; k < ve; k++)
				if (t[k] == '#') {
					ve = k;
					while (ve > vs && isspace((unsigned char)t[ve - 1]))
						ve--;
					break;
				}
		}
		char *key = arena_strndup(a, t + ks, ke - ks);
		char *val = arena_strndup(a, t + vs, ve - vs);
		struct loc vloc = conf_loc(src, vs, ve > vs ? ve : vs + 1);
		if (strcmp(key, "name") == 0) {
			if (!*val)
				diag_error(d, vloc, "project name must not be empty");
			for (const char *c = val; *c; c++)
				if (!(isalnum((unsigned char)*c) || *c == '_' ||
				      *c == '-' || *c == '.')) {
					diag_error(d, vloc,
						   "project name \"%s\" may only contain letters, digits, \"_\", \"-\" and \".\"",
						   val);
					break;
				}
			conf->name = val;
		} else if (strcmp(key, "version_table") == 0) {
			if (!conf_valid_table_name(val))
				diag_error(d, vloc,
					   "version_table \"%s\" must be a lower-case name or schema.name",
					   val);
			conf->version_table = val;
		} else if (strcmp(key, "default_schema") == 0) {
			if (!conf_is_plain_name(val))
				diag_error(d, vloc,
					   "default_schema \"%s\" must be a lower-case name",
					   val);
			conf->default_schema = val;
		} else if (strncmp(key, "naming.", 7) == 0 && conf_naming_index(key + 7) >= 0) {
			/* compile.c checks the template */
			int k = conf_naming_index(key + 7);
			conf->naming[k] = val;
			conf->naming_loc[k] = vloc;
		} else if (strcmp(key, "extensions") == 0) {
			conf_parse_extensions(a, d, val, vloc, conf);
		} else if (strcmp(key, "compare_grants") == 0 ||
			   strcmp(key, "compare_owners") == 0) {
			bool on = strcmp(val, "true") == 0;
			if (!on && strcmp(val, "false") != 0)
				diag_error(d, vloc, "%s \"%s\" must be true or false", key, val);
			if (key[8] == 'g')
				conf->compare_grants = on;
			else
				conf->compare_owners = on;
		} else if (strcmp(key, "naming_since") == 0) {
			conf->naming_since = val;
			conf->naming_since_loc = vloc;
		} else if (strcmp(key, "lint_since") == 0 || strncmp(key, "lint.", 5) == 0) {
			/* lint checks them (lint_conf_read) */
			if (conf->n_lint_settings == cap_lint) {
				size_t cap = cap_lint ? 2 * cap_lint : 8;
				conf->lint_settings = arena_grow(
					a, conf->lint_settings,
					cap_lint * sizeof *conf->lint_settings,
					cap * sizeof *conf->lint_settings);
				cap_lint = cap;
			}
			conf->lint_settings[conf->n_lint_settings++] = (struct lint_setting){
				key, val, conf_loc(src, ks, ke), vloc };
		} else {
			diag_error(d, conf_loc(src, ks, ke),
				   "unknown setting \"%s\" (expected name, version_table, default_schema, lint_since, lint.RULE, naming_since, naming.pk/uq/ck/fk/ix, extensions, compare_grants or compare_owners)",
				   key);
		}
	}
	return d->n_errors == errors;
}
