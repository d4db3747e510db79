/*
 * catalog_dump.c - prints what runtime/catalog.c reads from a database, for
 * tests/e2e/94-catalog.t.
 *
 *   catalog_dump [-s] [-x SCHEMA.TABLE]... CONNINFO SCHEMA[=SHOWN]...
 *
 * Reads the schemas in one transaction (rolled back) and prints each object
 * as "key" then its statement indented, then "unsupported: ..." lines; -s
 * prints only the statements, each ended by ';', in an order migc can
 * replay (schemas other than public, enums, tables, keys and checks,
 * foreign keys, indexes, comments).  Exits 1 on a database error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "catalog.h"

static int rank(const struct catalog_object *o)
{
	switch (o->kind) {
	case CATALOG_SCHEMA: return 0;
	case CATALOG_ENUM: return 1;
	case CATALOG_EXTENSION: return 1;
	case CATALOG_TABLE: return 2;
	case CATALOG_CONSTRAINT: return strstr(o->sql, " FOREIGN KEY (") ? 4 : 3;
	case CATALOG_INDEX: return 5;
	case CATALOG_COMMENT: return 6;
	case CATALOG_ROW_SECURITY: return 5;
	case CATALOG_POLICY: return 6;
	default: return -1;
	}
}

int main(int argc, char **argv)
{
	const char *schemas[16], *shown[16], *exclude[16];
	size_t n = 0, n_exclude = 0, i;
	int statements = 0, argi = 1, r;
	struct catalog cat;
	PGconn *conn;
	PGresult *res;
	char *err;

	while (argi < argc && argv[argi][0] == '-') {
		if (strcmp(argv[argi], "-s") == 0) {
			statements = 1;
			argi++;
		} else if (strcmp(argv[argi], "-x") == 0 && argi + 1 < argc &&
			   n_exclude < 16) {
			exclude[n_exclude++] = argv[argi + 1];
			argi += 2;
		} else {
			break;
		}
	}
	if (argc - argi < 2) {
		fprintf(stderr, "usage: catalog_dump [-s] [-x S.T]... CONNINFO SCHEMA[=SHOWN]...\n");
		return 2;
	}
	conn = PQconnectdb(argv[argi++]);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "%s", PQerrorMessage(conn));
		return 1;
	}
	for (; argi < argc && n < 16; argi++, n++) {
		char *eq = strchr(argv[argi], '=');

		schemas[n] = argv[argi];
		shown[n] = NULL;
		if (eq) {
			*eq = 0;
			shown[n] = eq + 1;
		}
	}
	PQclear(PQexec(conn, "BEGIN"));
	r = catalog_read(conn, schemas, shown, n, exclude, n_exclude, &cat, &err);
	res = PQexec(conn, "ROLLBACK");
	PQclear(res);
	if (r) {
		fprintf(stderr, "%s\n", err);
		free(err);
		PQfinish(conn);
		return 1;
	}
	if (statements) {
		int k;

		for (k = 0; k <= 6; k++)
			for (i = 0; i < cat.n; i++)
				if (rank(&cat.objects[i]) == k &&
				    !(k == 0 && strcmp(cat.objects[i].name, "public") == 0))
					printf("%s;\n", cat.objects[i].sql);
	} else {
		for (i = 0; i < cat.n; i++)
			printf("%s\n    %s\n", cat.objects[i].key, cat.objects[i].sql);
		for (i = 0; i < cat.n_unsupported; i++)
			printf("unsupported: %s\n", cat.unsupported[i]);
	}
	catalog_free(&cat);
	PQfinish(conn);
	return 0;
}
