/*
 * import_flyway.c - the reader for Flyway's SQL migrations:
 * V<version>__<description>.sql (versioned), U<version>__<description>.sql
 * (its undo script), R__<description>.sql (repeatable).
 *
 * Guarantees: versioned scripts come in Flyway's order (the version's
 * parts as numbers, "1.1" = "1_1"); each U script becomes its V script's
 * downgrade; repeatable scripts follow the last versioned one, ordered by
 * description as Flyway applies them on a fresh database, each with
 * "R__<description>:<Flyway's checksum>" as its version, so that its
 * (hashed) id changes with the script and adopt can compare the checksum
 * Flyway recorded; a
 * <script>.sql.conf with executeInTransaction=false, or a statement
 * PostgreSQL refuses in a transaction, makes a no_transaction revision.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "import_int.h"

/* Flyway's checksum of a script: CRC-32 (the zlib polynomial) over its
 * lines without their terminators (\n, \r\n, \r), a UTF-8 BOM left out,
 * as a signed 32-bit number.  Feeding the lines one after another into one
 * CRC is the CRC of the text with every CR and LF removed. */
static int32_t flyway_checksum(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t crc = 0xFFFFFFFFu;
	if (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		s += 3;
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			continue;
		crc ^= *s;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	crc ^= 0xFFFFFFFFu;
	return crc > INT32_MAX ? (int32_t)(crc - 0x80000000u) + INT32_MIN : (int32_t)crc;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* executeInTransaction=false in the script's .conf file. */
static bool conf_says_no_tx(struct imp_history *h, const char *path)
{
	const char *conf = arena_printf(h->a, "%s.conf", path);
	FILE *f = fopen(conf, "r");
	if (!f)
		return false;
	fclose(f);
	const char *text = imp_read(h, conf);
	if (!text)
		return false;
	const char *s = strstr(text, "executeInTransaction");
	if (!s)
		return false;
	s += strlen("executeInTransaction");
	s += strspn(s, " \t");
	if (*s != '=')
		return false;
	s++;
	s += strspn(s, " \t");
	return strncmp(s, "false", 5) == 0;
}

void imp_read_flyway(struct imp_history *h)
{
	size_t n;
	const char **names = imp_list_dir(h, h->src, &n);
	struct imp_history undo = { .a = h->a, .format = h->format, .src = h->src };
	struct imp_history rep = { .a = h->a, .format = h->format, .src = h->src };
	for (size_t i = 0; names && i < n; i++) {
		const char *f = names[i];
		if (!ends_with(f, ".sql"))
			continue;
		const char *path = arena_printf(h->a, "%s/%s", h->src, f);
		const char *sep = strstr(f, "__");
		char kind = f[0];
		if (!sep || (kind != 'V' && kind != 'U' && kind != 'R') ||
		    (kind == 'R' ? sep != f + 1 : sep == f + 1)) {
			imp_error(h, path, 1, "a Flyway script is named V<version>__<description>.sql, "
				  "U<version>__<description>.sql or R__<description>.sql");
			continue;
		}
		const char *desc = sep + 2;
		size_t desc_n = strlen(desc) - 4;
		const char *text = imp_read(h, path);
		if (!text)
			continue;
		struct imp_mig *m = imp_add(kind == 'V' ? h : kind == 'U' ? &undo : &rep);
		int32_t sum = kind == 'R' ? flyway_checksum(text) : 0;
		m->version = kind == 'R' ? arena_printf(h->a, "R__%.*s:%ld", (int)desc_n, desc, (long)sum)
					 : arena_strndup(h->a, f + 1, (size_t)(sep - f - 1));
		m->message = imp_slug_message(h->a, desc, desc_n);
		m->up = text;
		m->up_path = path;
		m->no_tx = conf_says_no_tx(h, path) || imp_sql_needs_no_tx(text);
		if (kind == 'R')
			m->note = arena_printf(h->a, "a Flyway repeatable script (flyway checksum %ld): "
					       "imported once, at the end; an edit needs a new revision",
					       (long)sum);
	}
	if (undo.status > h->status)
		h->status = undo.status;
	if (rep.status > h->status)
		h->status = rep.status;
	imp_sort_by_version(h);
	for (size_t i = 0; i < undo.n; i++) {
		struct imp_mig *u = &undo.v[i], *m = NULL;
		for (size_t k = 0; k < h->n; k++)
			if (strcmp(h->v[k].version, u->version) == 0)
				m = &h->v[k];
		if (!m) {
			imp_error(h, u->up_path, 1, "an undo script for version %s, which has no "
				  "V script", u->version);
			continue;
		}
		m->down = u->up;
		m->down_path = u->up_path;
		m->no_tx = m->no_tx || u->no_tx;
	}
	for (size_t i = 0; i < rep.n; i++)
		*imp_add(h) = rep.v[i];
}
