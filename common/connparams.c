/*
 * connparams.c - the connection's libpq parameters from the command line,
 * the environment and an optional dotenv file (connparams.h gives the
 * order).
 *
 * Guarantees: nothing here prints; no message holds a value; a URL with a
 * SQLAlchemy "+DRIVER" part is rewritten without it and nothing else in it
 * changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "connparams.h"

/* The variables, in the order of connparams.h; [0] is the URL. */
static const char *const var_names[] = {
	"DATABASE_URL", "DATABASE_HOSTNAME", "DATABASE_PORT", "DATABASE_NAME",
	"DATABASE_USERNAME", "DATABASE_PASSWORD",
};
static const char *const var_keys[] = {
	NULL, "host", "port", "dbname", "user", "password",
};
#define N_VARS (sizeof var_names / sizeof var_names[0])

static char *own(struct connparams *cp, char *s)
{
	if (s)
		cp->owned[cp->n_owned++] = s;
	return s;
}

static void add(struct connparams *cp, int *n, const char *key, const char *val)
{
	cp->keys[*n] = key;
	cp->vals[*n] = val;
	++*n;
}

/* `url` without the "+DRIVER" of "postgres[ql]+DRIVER://" (malloc'd, with
 * cp->scheme and cp->driver set), or NULL when it has none. */
static char *drop_driver(struct connparams *cp, const char *url)
{
	size_t scheme = strncasecmp(url, "postgresql+", 11) == 0 ? 10 :
			strncasecmp(url, "postgres+", 9) == 0 ? 8 : 0;
	size_t d = 0;
	char *out;

	if (!scheme)
		return NULL;
	while ((url[scheme + 1 + d] >= 'a' && url[scheme + 1 + d] <= 'z') ||
	       (url[scheme + 1 + d] >= '0' && url[scheme + 1 + d] <= '9') ||
	       url[scheme + 1 + d] == '_')
		d++;
	if (!d || d >= sizeof cp->driver || strncmp(url + scheme + 1 + d, "://", 3) != 0)
		return NULL;
	memcpy(cp->scheme, url, scheme);
	cp->scheme[scheme] = '\0';
	memcpy(cp->driver, url + scheme + 1, d);
	cp->driver[d] = '\0';
	out = malloc(strlen(url) + 1);
	if (!out)
		return NULL;
	memcpy(out, url, scheme);
	strcpy(out + scheme, url + scheme + 1 + d);
	return out;
}

int connparams_build(struct connparams *cp, const char *url, const char *env_file,
		     const char *app, char *err, size_t errlen)
{
	char *file_vals[N_VARS] = { 0 };
	const char *vals[N_VARS];
	int from_file[N_VARS];
	int n = 0, any = 0;

	memset(cp, 0, sizeof *cp);
	if (env_file && dotenv_read(env_file, var_names, N_VARS, file_vals, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < N_VARS; i++) {
		const char *e = getenv(var_names[i]);

		own(cp, file_vals[i]);
		from_file[i] = !(e && *e) && file_vals[i] && *file_vals[i];
		vals[i] = e && *e ? e : from_file[i] ? file_vals[i] : NULL;
	}
	cp->source = "--url";
	if (!url && vals[0]) {
		url = vals[0];
		cp->source = from_file[0] ? "DATABASE_URL (from the --env-file)" : "DATABASE_URL";
	}
	if (url) {
		char *plain = own(cp, drop_driver(cp, url));

		add(cp, &n, "dbname", plain ? plain : url);
		cp->expand_dbname = 1;
	} else {
		int files = 0;

		for (size_t i = 1; i < N_VARS; i++)
			if (vals[i]) {
				add(cp, &n, var_keys[i], vals[i]);
				any = 1;
				files |= from_file[i];
			}
		cp->source = !any ? "libpq's defaults" : files ?
			     "the DATABASE_* variables (some from the --env-file)" :
			     "the DATABASE_* variables";
	}
	/* later entries override what an expanded URL said */
	if (app)
		add(cp, &n, "application_name", app);
	cp->keys[n] = NULL;
	cp->vals[n] = NULL;
	return 0;
}

const char *connparams_get(const struct connparams *cp, const char *key)
{
	for (size_t i = 0; cp->keys[i]; i++)
		if (strcmp(cp->keys[i], key) == 0)
			return cp->vals[i];
	return NULL;
}

void connparams_free(struct connparams *cp)
{
	for (size_t i = 0; i < cp->n_owned; i++)
		free(cp->owned[i]);
	cp->n_owned = 0;
}
