/*
 * cmd_init.c - `migc init DIR`: a new project, and the one helper every
 * authoring command uses to write a file.
 *
 * Guarantees: an existing project is never touched (init refuses when
 * migc.conf, schema.mig or versions/ already exist in DIR), and a file is
 * either written completely or not at all: it is written to a temporary
 * file in the same directory and linked into place, which fails rather
 * than replace a file that appeared in the meantime.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "atomic_file.h"
#include "authoring.h"
#include "cliopt.h"

int authoring_write_new(struct arena *a, const char *path, const char *text)
{
	(void)a;
	if (atomic_write_file(path, text, strlen(text), ATOMIC_CREATE,
			      ATOMIC_DEFAULT_MODE) != 0) {
		if (errno == EEXIST)
			fprintf(stderr, "migc: \"%s\" already exists; not overwriting it\n", path);
		else
			fprintf(stderr, "migc: cannot write \"%s\": %s\n", path, strerror(errno));
		return 2;
	}
	if (!cli_quiet)
		printf("wrote %s\n", path);
	return 0;
}

/* The project name migc.conf accepts, from the directory's last part. */
static const char *init_project_name(struct arena *a, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t start = n;
	while (start > 0 && dir[start - 1] != '/')
		start--;
	char *name = arena_strndup(a, dir + start, n - start);
	size_t k = 0;
	for (char *s = name; *s; s++)
		if (isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.')
			name[k++] = *s;
	name[k] = '\0';
	if (k == 0 || name[0] == '.' || name[0] == '-')
		return "project";
	return name;
}

static const char init_schema[] =
	"-- schema.mig: the schema as it should be at head (the models).\n"
	"--\n"
	"-- Edit this file, then run `migc revision --autogenerate -m \"what changed\"`\n"
	"-- to write the revision that gets the history there.  `migc check --models`\n"
	"-- fails while this file and the replayed history disagree.\n"
	"--\n"
	"-- create table users (\n"
	"--     id    serial primary key,\n"
	"--     email text not null unique\n"
	"-- );\n";

static const char init_versions_readme[] =
	"One file per revision, named <id>_<slug>.mig, each with an upgrade and a\n"
	"downgrade block.  Create them with `migc revision -m MSG` (empty) or\n"
	"`migc revision --autogenerate -m MSG` (from schema.mig).  A revision that was\n"
	"released must never be edited: write a new one.\n";

int cmd_init(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	(void)d;
	char **pos;
	int npos;
	int rc = cli_parse(a, "init", argc, argv, "", NULL, NULL, NULL, &pos, &npos);
	if (rc)
		return rc;
	if (npos > 1)
		return cli_usage_error("init", "unexpected argument \"%s\"", pos[1]);
	/* migc -C DIR init */
	return init_project(a, npos ? pos[0] : root, NULL, NULL);
}

int init_project(struct arena *a, const char *dir, const char *schema_text,
		 const char *conf_extra)
{
	static const char *const parts[] = { "migc.conf", "schema.mig", "versions" };
	struct stat st;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *p = arena_printf(a, "%s/%s", dir, parts[i]);
		if (lstat(p, &st) == 0) {
			fprintf(stderr, "migc: init: \"%s\" already exists; not touching an existing project\n", p);
			return 2;
		}
	}
	if (atomic_mkdirs(dir, 0777) != 0) {
		fprintf(stderr, "migc: init: cannot create \"%s\": %s\n", dir, strerror(errno));
		return 2;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "migc: init: \"%s\" is not a directory\n", dir);
		return 2;
	}
	const char *conf = arena_printf(a,
		"# migc.conf: project settings.  No credentials here: the migrator reads\n"
		"# them from its environment (--url, DATABASE_URL, PG* variables) when it runs.\n"
		"\n"
		"# the project's name: the migrator is called <name>-migrate\n"
		"name           = %s\n"
		"# the table where the migrator records applied revisions\n"
		"version_table  = migc_version\n"
		"# where unqualified names live\n"
		"default_schema = public\n%s",
		init_project_name(a, dir), conf_extra ? conf_extra : "");
	int rc = authoring_write_new(a, arena_printf(a, "%s/migc.conf", dir), conf);
	if (rc == 0)
		rc = authoring_write_new(a, arena_printf(a, "%s/schema.mig", dir),
					 schema_text ? schema_text : init_schema);
	if (rc == 0) {
		const char *v = arena_printf(a, "%s/versions", dir);
		if (mkdir(v, 0777) != 0) {
			fprintf(stderr, "migc: init: cannot create \"%s\": %s\n", v, strerror(errno));
			return 2;
		}
		rc = authoring_write_new(a, arena_printf(a, "%s/README", v), init_versions_readme);
	}
	return rc;
}
