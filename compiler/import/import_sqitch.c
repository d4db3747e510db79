/*
 * import_sqitch.c - the reader for sqitch: sqitch.plan, with each change's
 * deploy/NAME.sql and revert/NAME.sql (verify/ is not imported).
 *
 * Guarantees: changes come in the plan's order, which is the order sqitch
 * deploys them, so each revision's parent is the previous change (every
 * requirement is then an ancestor; a requirement that is not earlier in
 * the plan is an error), and the requirements are named in the revision's
 * header comment (docs/import.md); a reworked change (the same name again after a tag)
 * reads its earlier scripts from NAME@TAG.sql as sqitch does; tags,
 * pragmas and conflicts (!name) are read and need nothing in migc.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "import_int.h"

struct plan_line {
	const char *name;
	const char *tag;	/* the first tag after it, for a reworked change */
	const char **deps;
	size_t n_deps;
	const char *note;
	int line;
};

/* The plan's changes in *out (tags fill in plan_line.tag). */
static size_t read_plan(struct imp_history *h, const char *path, struct plan_line **out)
{
	const char *text = imp_read(h, path);
	if (!text)
		return 0;
	size_t cap = 64, n = 0;
	struct plan_line *v = arena_alloc(h->a, cap * sizeof *v);
	int line = 0;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *ln = arena_strndup(h->a, p, len);
		p += len + (eol ? 1 : 0);
		line++;
		char *s = ln + strspn(ln, " \t");
		s[strcspn(s, "\r")] = '\0';
		if (!*s || *s == '#' || *s == '%')
			continue;
		if (*s == '@') {
			const char *tag = arena_strndup(h->a, s + 1, strcspn(s + 1, " \t"));
			for (size_t i = n; i-- > 0 && !v[i].tag;)
				v[i].tag = tag;
			continue;
		}
		if (n == cap) {
			struct plan_line *nv = arena_alloc(h->a, 2 * cap * sizeof *nv);
			memcpy(nv, v, n * sizeof *v);
			v = nv;
			cap *= 2;
		}
		struct plan_line *c = &v[n];
		memset(c, 0, sizeof *c);
		c->line = line;
		size_t nl = strcspn(s, " \t[");
		c->name = arena_strndup(h->a, s, nl);
		s += nl;
		s += strspn(s, " \t");
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close) {
				imp_error(h, path, line, "\"[\" without \"]\" in the change's dependencies");
				continue;
			}
			*close = '\0';
			c->deps = arena_alloc(h->a, (strlen(s) / 2 + 1) * sizeof *c->deps);
			for (char *d = s + 1; *d;) {
				d += strspn(d, " \t");
				size_t dn = strcspn(d, " \t");
				if (!dn)
					break;
				if (*d == '!') {
					/* a conflict: sqitch refuses both deployed; nothing to keep */
				} else if (memchr(d, ':', dn)) {
					imp_error(h, path, line, "\"%.*s\" requires another project's change; "
						  "migc imports one project", (int)dn, d);
				} else {
					c->deps[c->n_deps++] = arena_strndup(h->a, d, dn);
				}
				d += dn;
			}
			s = close + 1;
		}
		char *hash = strchr(s, '#');
		if (hash) {
			hash++;
			hash += strspn(hash, " \t");
			if (*hash)
				c->note = hash;
		}
		if (!*c->name || !*s || *s == '#') {
			imp_error(h, path, line, "a plan line is NAME [DEPS] DATE PLANNER <EMAIL> # NOTE");
			continue;
		}
		n++;
	}
	*out = v;
	return n;
}

void imp_read_sqitch(struct imp_history *h)
{
	const char *plan_path = arena_printf(h->a, "%s/sqitch.plan", h->src);
	struct plan_line *v = NULL;
	size_t n = read_plan(h, plan_path, &v);
	for (size_t i = 0; i < n; i++) {
		struct plan_line *c = &v[i];
		bool reworked = false;
		for (size_t k = i + 1; k < n; k++)
			if (strcmp(v[k].name, c->name) == 0)
				reworked = true;
		const char *file = reworked && c->tag ? arena_printf(h->a, "%s@%s", c->name, c->tag)
						      : c->name;
		struct imp_mig *m = imp_add(h);
		/* a reworked change appears twice: its version names the tag */
		m->version = reworked ? file : c->name;
		m->message = c->note ? c->note : c->name;
		m->up_path = arena_printf(h->a, "%s/deploy/%s.sql", h->src, file);
		m->up = imp_read(h, m->up_path);
		const char *rp = arena_printf(h->a, "%s/revert/%s.sql", h->src, file);
		FILE *f = fopen(rp, "r");
		if (f) {
			fclose(f);
			m->down = imp_read(h, rp);
			m->down_path = rp;
		}
		if (!m->up)
			m->up = "";
		m->no_tx = imp_sql_needs_no_tx(m->up) || (m->down && imp_sql_needs_no_tx(m->down));
		if (c->n_deps) {
			struct strbuf sb;
			sb_init(&sb, h->a);
			sb_puts(&sb, "sqitch requires:");
			for (size_t k = 0; k < c->n_deps; k++) {
				bool found = false;
				for (size_t j = 0; j < i; j++)
					if (strcmp(v[j].name, c->deps[k]) == 0 ||
					    (strncmp(c->deps[k], v[j].name, strlen(v[j].name)) == 0 &&
					     c->deps[k][strlen(v[j].name)] == '@'))
						found = true;
				if (!found)
					imp_error(h, plan_path, c->line, "\"%s\" requires \"%s\", which comes "
						  "later in the plan or not at all", c->name, c->deps[k]);
				sb_printf(&sb, " %s", c->deps[k]);
			}
			m->note = sb_str(&sb);
		}
	}
}
