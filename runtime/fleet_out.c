/*
 * fleet_out.c - what `fleet` says about its targets: one line per target
 * as it finishes, the summary table, and the --report JSON file.
 *
 * Each target's child ran with --format json where the command has it, so
 * its stdout is read here for the revisions (upgrade's and downgrade's
 * summary line: "database_was", "database_at"; current: the "id"s), and
 * its stderr for the first error line and the SQLSTATE of the server's
 * error ("ERROR:  XXXXX: ...").  Guarantees: a target is always shown with
 * its password masked (rt_scrub); the child's own messages were masked by
 * the child.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"
#include "rt_fleet.h"

/* The JSON string value after `key` in `text` (first occurrence after
 * `from`), unescaped; NULL when absent or null.  Caller frees. */
static char *json_str(const char *text, const char *key, const char **from)
{
	const char *p = text ? strstr(*from ? *from : text, key) : NULL;
	char *out, *o;

	if (!p)
		return NULL;
	p += strlen(key);
	while (*p == ' ' || *p == ':')
		p++;
	if (*p != '"')
		return NULL;
	o = out = rt_xcalloc(strlen(p) + 1, 1);
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		*o++ = *p;
	}
	*from = p;
	return out;
}

/* From and to revisions of a finished target (caller frees both; NULL
 * when the output does not say). */
static void revisions(const char *cmd, const struct rt_fleet_target *t,
		      char **from, char **to)
{
	const char *at = NULL;

	*from = *to = NULL;
	if (strcmp(cmd, "upgrade") == 0 || strcmp(cmd, "downgrade") == 0) {
		const char *s = t->buf[0] ? strstr(t->buf[0], "\"kind\": \"summary\"") : NULL;

		if (!s)
			return;
		at = s;
		*from = json_str(s, "\"database_was\"", &at);
		at = s;
		*to = json_str(s, "\"database_at\"", &at);
	} else if (strcmp(cmd, "current") == 0 && t->status == 0) {
		char *ids = rt_xstrdup(""), *id, *old;

		while ((id = json_str(t->buf[0], "\"id\"", &at))) {
			old = ids;
			ids = rt_xprintf("%s%s%s", old, *old ? ", " : "", id);
			free(old);
			free(id);
		}
		*to = *ids ? ids : (free(ids), rt_xstrdup("base"));
		*from = rt_xstrdup(*to);
	}
}

/* The first "error:" line of the child's stderr (or its first line),
 * without the program name; caller frees; NULL when it said nothing. */
static char *error_text(const struct rt_fleet_target *t)
{
	const char *s = t->pre_error ? t->pre_error : t->buf[1], *e, *p;

	if (!s || !*s)
		return NULL;
	if (t->pre_error)
		return rt_xstrdup(s);
	p = strstr(s, ": error: ");
	if (p) {
		s = p + 9;
	} else {
		while (*s == '\n')
			s++;
	}
	e = strchr(s, '\n');
	return e ? rt_xprintf("%.*s", (int)(e - s), s) : rt_xstrdup(s);
}

/* The SQLSTATE of the first server error the child printed, in `out`
 * (6 bytes); "" when none. */
static void sqlstate(const struct rt_fleet_target *t, char out[6])
{
	const char *p = t->buf[1];

	out[0] = '\0';
	while (p && (p = strstr(p, "ERROR:  "))) {
		p += 8;
		if (strspn(p, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 5 && p[5] == ':') {
			memcpy(out, p, 5);
			out[5] = '\0';
			return;
		}
	}
}

static const char *state_word(const struct rt_fleet_target *t)
{
	if (t->state != RT_FLEET_DONE)
		return "not run";
	if (t->status == 0)
		return "ok";
	if (t->status == RT_EXIT_STOPPED)
		return "stopped";	/* --on-error stop: after its revision */
	if (t->status == RT_EXIT_INTERRUPTED || t->status > 128)
		return "interrupted";	/* status 6, or killed by a signal */
	return "failed";
}

void rt_fleet_line(struct rt_ctx *ctx, const char *cmd,
		      const struct rt_fleet_target *t)
{
	char *from, *to, *err = t->status ? error_text(t) : NULL;
	char st[6];

	revisions(cmd, t, &from, &to);
	sqlstate(t, st);
	rt_out(ctx, "%-11s %s%s%s", state_word(t), t->display,
		  t->schema ? " schema=" : "", t->schema ? t->schema : "");
	if (from && to && strcmp(from, to) != 0)
		rt_out(ctx, ": %s -> %s", from, to);
	else if (to)
		rt_out(ctx, ": at %s", to);
	rt_out(ctx, " (%.2fs)", t->ms / 1000.0);
	if (t->status)
		rt_out(ctx, " status %d%s%s%s%s", t->status, st[0] ? " SQLSTATE " : "", st,
			  err ? ": " : "", err ? err : "");
	rt_out(ctx, "\n");
	fflush(stdout);
	free(from);
	free(to);
	free(err);
}

void rt_fleet_table(struct rt_ctx *ctx, const char *cmd,
		       const struct rt_fleet_target *list, size_t n)
{
	size_t i, ok = 0, failed = 0, stopped = 0, skipped = 0;

	rt_out(ctx, "\n%-11s %-6s %-8s %-30s %s\n", "status", "exit", "seconds",
		  "revision", "target");
	for (i = 0; i < n; i++) {
		const struct rt_fleet_target *t = &list[i];
		char *from, *to, *rev;

		revisions(cmd, t, &from, &to);
		rev = to ? (from && strcmp(from, to) ? rt_xprintf("%s -> %s", from, to)
						     : rt_xstrdup(to)) : rt_xstrdup("-");
		if (t->state != RT_FLEET_DONE)
			rt_out(ctx, "%-11s %-6s %-8s %-30s", "not run", "-", "-", "-");
		else
			rt_out(ctx, "%-11s %-6d %-8.2f %-30s", state_word(t), t->status,
				  t->ms / 1000.0, rev);
		rt_out(ctx, " %s%s%s\n", t->display, t->schema ? " schema=" : "",
			  t->schema ? t->schema : "");
		if (t->state != RT_FLEET_DONE)
			skipped++;
		else if (t->status == 0)
			ok++;
		else if (t->status == RT_EXIT_STOPPED)
			stopped++;
		else
			failed++;
		free(from);
		free(to);
		free(rev);
	}
	rt_out(ctx, "fleet %s: %zu ok, %zu failed, ", cmd, ok, failed);
	if (stopped)
		rt_out(ctx, "%zu stopped, ", stopped);
	rt_out(ctx, "%zu not run, of %zu target%s\n", skipped, n, n == 1 ? "" : "s");
}

static void put_json(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(f, "\\u%04x", *c);
		else
			fputc(*c, f);
	}
	fputc('"', f);
}

int rt_fleet_report(struct rt_ctx *ctx, const char *path, const char *cmd,
		       const struct rt_fleet_target *list, size_t n)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f) {
		rt_error(ctx, "cannot write the report %s", path);
		return -1;
	}
	fprintf(f, "{\"command\": ");
	put_json(f, cmd);
	fprintf(f, ", \"targets\": [");
	for (i = 0; i < n; i++) {
		const struct rt_fleet_target *t = &list[i];
		char *from, *to, *err = (t->status && t->status != RT_EXIT_STOPPED) ||
					t->pre_error ? error_text(t) : NULL;
		char st[6];

		revisions(cmd, t, &from, &to);
		sqlstate(t, st);
		fprintf(f, "%s\n  {\"target\": ", i ? "," : "");
		put_json(f, t->display);
		fprintf(f, ", \"schema\": ");
		put_json(f, t->schema);
		fprintf(f, ", \"status\": ");
		put_json(f, state_word(t));
		if (t->state == RT_FLEET_DONE)
			fprintf(f, ", \"exit_status\": %d, \"duration_ms\": %.0f", t->status, t->ms);
		else
			fprintf(f, ", \"exit_status\": null, \"duration_ms\": null");
		fprintf(f, ", \"from\": ");
		put_json(f, from);
		fprintf(f, ", \"to\": ");
		put_json(f, to);
		fprintf(f, ", \"error\": ");
		if (err) {
			fprintf(f, "{\"message\": ");
			put_json(f, err);
			fprintf(f, ", \"sqlstate\": ");
			put_json(f, st[0] ? st : NULL);
			fprintf(f, ", \"stderr\": ");
			put_json(f, t->pre_error ? t->pre_error : t->buf[1] ? t->buf[1] : "");
			fprintf(f, "}");
		} else {
			fprintf(f, "null");
		}
		fprintf(f, "}");
		free(from);
		free(to);
		free(err);
	}
	fprintf(f, "\n]}\n");
	if (fclose(f) != 0) {
		rt_error(ctx, "cannot write the report %s", path);
		return -1;
	}
	return 0;
}
