/*
 * import_cmd.c - `migc import FORMAT SRC DEST`: the arguments, the format's
 * reader, then the project writer (import_write.c).  alembic takes
 * --python PATH (else $MIGC_PYTHON, else /usr/bin/python3).
 *
 * Guarantees: nothing is written when the source cannot be read (exit 2)
 * or one of its files is malformed (exit 1, `path:line: error: …` for each).
 */
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "cliopt.h"
#include "import.h"
#include "import_int.h"

static const struct {
	const char *name;
	void (*read)(struct imp_history *h);
} formats[] = {
	{ "golang-migrate", imp_read_golang_migrate },
	{ "goose", imp_read_goose },
	{ "flyway", imp_read_flyway },
	{ "dbmate", imp_read_dbmate },
	{ "sqitch", imp_read_sqitch },
};

static int import_usage(const char *fmt, const char *arg)
{
	char msg[512];
	snprintf(msg, sizeof msg, fmt, arg);
	return cli_usage_error("import", "%s", msg);
}

static int import_opt(void *ctx, int opt, const char *arg)
{
	if (opt == 'p')
		*(const char **)ctx = arg;
	return 0;
}

int cmd_import(struct arena *a, struct diag *d, const char *root, int argc, char **argv)
{
	(void)root;
	const char *python = getenv("MIGC_PYTHON");
	if (!python || !*python)
		python = "/usr/bin/python3";
	static const struct option longs[] = {
		{ "python", required_argument, NULL, 'p' },
		{ 0 },
	};
	char **arg = NULL;
	int n = 0;
	int rc = cli_parse(a, "import", argc, argv, "", longs, import_opt, &python, &arg, &n);
	if (rc)
		return rc;
	if (n > 3)
		return import_usage("unexpected argument \"%s\"", arg[3]);
	if (n < 3)
		return import_usage("%s", "needs FORMAT, SRC and DEST");
	bool alembic = strcmp(arg[0], "alembic") == 0;
	void (*read)(struct imp_history *) = NULL;
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++)
		if (strcmp(formats[k].name, arg[0]) == 0)
			read = formats[k].read;
	if (!read && !alembic)
		return import_usage("unknown format \"%s\"", arg[0]);
	struct stat st;
	if (stat(arg[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "migc: import: \"%s\" is not a readable directory\n", arg[1]);
		return 2;
	}
	struct imp_history h = { .a = a, .format = arg[0], .src = arg[1] };
	if (alembic)
		imp_read_alembic(&h, python);
	else
		read(&h);
	if (h.status)
		return h.status;
	return import_write(&h, d, arg[2]);
}
