/*
 * ci_report.c - `--format sarif` and `--format github` for check and lint
 * (ci_report.h).
 *
 * SARIF: a log every 2.1.0 reader accepts: "version" and "runs", the run's
 * tool.driver with name, version and rules (each lint rule, then
 * "migc/CMD" for the diagnostics that carry no rule), one result per item
 * with ruleId, ruleIndex, level, message.text and, when located, a
 * physicalLocation whose artifactLocation.uri is the path relative to the
 * current directory (percent-encoded as a URI reference) and whose region
 * has startLine and startColumn (1-based, as text prints them).
 * GitHub: the workflow-command syntax, with the data and property values
 * escaped as the runner expects (%, CR, LF; and ':' ',' in properties).
 */
#include <string.h>

#include "arena.h"
#include "ci_report.h"
#include "cliopt.h"
#include "diag.h"
#include "lint.h"

static const char *const level_names[] = { "error", "warning", "note" };

static void ci_sink(void *ctx, struct diag *d, const struct diag_item *it)
{
	struct ci_report *r = ctx;
	if (r->lint_only && (!it->code || lint_rule_find(it->code) < 0 ||
			     it->level == DIAG_NOTE)) {
		diag_print(d, it);
		return;
	}
	if (it->level == DIAG_NOTE && !r->keep_notes)
		return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		r->v = arena_grow(r->a, r->v, r->cap * sizeof *r->v, cap * sizeof *r->v);
		r->cap = cap;
	}
	struct ci_item *c = &r->v[r->n++];
	memset(c, 0, sizeof *c);
	c->level = level_names[it->level];
	const char *prefix = d->path_prefix ? d->path_prefix : "";
	if (it->path) {
		c->file = arena_printf(r->a, "%s%s", prefix, it->path);
	} else if (it->loc.file) {
		c->file = arena_printf(r->a, "%s%s", prefix, it->loc.file->path);
		src_line_col(it->loc.file, it->loc.start, &c->line, &c->col);
	}
	c->code = it->code ? arena_strdup(r->a, it->code) : NULL;
	c->message = arena_strdup(r->a, it->message);
	if (it->level == DIAG_ERROR)
		r->n_errors++;
	else if (it->level == DIAG_WARNING)
		r->n_warnings++;
}

void ci_collect(struct diag *d, struct ci_report *r, struct arena *a)
{
	r->a = a;
	d->sink = ci_sink;
	d->sink_ctx = r;
	d->max_errors = 0;
}

int ci_format_parse(const char *cmd, const char *arg, enum ci_format *f)
{
	static const char *const names[] = { "text", "json", "sarif", "github" };
	for (int i = 0; i < 4; i++)
		if (strcmp(arg, names[i]) == 0) {
			*f = (enum ci_format)i;
			return 0;
		}
	return cli_usage_error(cmd, "--format \"%s\": expected text, json, sarif or github", arg);
}

/* A relative path as a URI reference: unreserved characters and '/' as
 * they are, every other byte %XX. */
static void sarif_uri(FILE *out, const char *path)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			fputc(*p, out);
		else
			fprintf(out, "%%%02X", *p);
	}
	fputc('"', out);
}

void ci_print_sarif(FILE *out, const struct ci_report *r, const char *cmd)
{
	struct lint_conf *defaults = lint_conf_new(r->a);
	fputs("{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\",\n"
	      "  \"version\": \"2.1.0\",\n  \"runs\": [{\n"
	      "    \"tool\": {\"driver\": {\"name\": \"migc\", \"version\": \"" MIGC_VERSION "\",\n"
	      "      \"rules\": [", out);
	for (int i = 0; i <= LINT_N_RULES; i++) {
		fputs(i ? ",\n        " : "\n        ", out);
		if (i == LINT_N_RULES) {
			fprintf(out, "{\"id\": \"migc/%s\", \"shortDescription\": {\"text\": "
				"\"an error or warning in the project (docs/compiler.md)\"}, "
				"\"defaultConfiguration\": {\"level\": \"error\"}}", cmd);
			break;
		}
		const char *name = lint_rule_name((enum lint_rule)i);
		enum lint_level lv = defaults->level[i];
		fprintf(out, "{\"id\": \"%s\", \"shortDescription\": {\"text\": "
			"\"lint rule %s (docs/lint.md)\"}, \"defaultConfiguration\": "
			"{\"level\": \"%s\"}}", name, name,
			lv == LINT_ERROR ? "error" : lv == LINT_WARNING ? "warning" : "none");
	}
	fputs("]}},\n    \"results\": [", out);
	for (size_t i = 0; i < r->n; i++) {
		const struct ci_item *c = &r->v[i];
		int rule = c->code ? lint_rule_find(c->code) : -1;
		fputs(i ? ",\n      {" : "\n      {", out);
		if (rule >= 0)
			fprintf(out, "\"ruleId\": \"%s\", \"ruleIndex\": %d", c->code, rule);
		else
			fprintf(out, "\"ruleId\": \"migc/%s\", \"ruleIndex\": %d", cmd, LINT_N_RULES);
		fprintf(out, ", \"level\": \"%s\", \"message\": {\"text\": ", c->level);
		cli_json_str(out, c->message);
		fputc('}', out);
		if (c->file) {
			fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", out);
			sarif_uri(out, c->file);
			fputc('}', out);
			if (c->line)
				fprintf(out, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}",
					c->line, c->col ? c->col : 1);
			fputs("}}]", out);
		}
		fputc('}', out);
	}
	fputs(r->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n", out);
}

static void gh_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
}

void ci_print_github(FILE *out, const struct ci_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ci_item *c = &r->v[i];
		fprintf(out, "::%s", strcmp(c->level, "note") == 0 ? "notice" : c->level);
		const char *sep = " ";
		if (c->file) {
			fputs(" file=", out);
			gh_escape(out, c->file, true);
			if (c->line)
				fprintf(out, ",line=%u,col=%u", c->line, c->col ? c->col : 1);
			sep = ",";
		}
		if (c->code) {
			fprintf(out, "%stitle=", sep);
			gh_escape(out, c->code, true);
		}
		fputs("::", out);
		gh_escape(out, c->message, false);
		fputc('\n', out);
	}
}
