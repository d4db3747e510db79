/*
 * live_test.h - the database side of `migc test` (compiler/cli/test_cmd.c):
 * the scratch database's emptiness and its reset, rows generated into every
 * table, and the snapshots that tell whether rows survived a downgrade and
 * upgrade.
 *
 * test_cmd.c sees only the function table `live_test_ops` (handed to it by
 * main.c), so that the compiler library the unit tests link never pulls in
 * libpq.  live_test_ops.c: that table.  live_test.c: connecting, emptiness, reset.  live_fill.c: the
 * generated rows.  live_snap.c: snapshots and their comparison.
 *
 * Guarantees: nothing here touches a schema named pg_* or
 * information_schema; the version table is never filled or compared;
 * messages never hold the connection's password.
 */
#ifndef MIGC_LIVE_TEST_H
#define MIGC_LIVE_TEST_H

#include <stddef.h>

struct arena;
struct live_db;
struct live_snap;

/* What one fill did: rows inserted, and one line per table that got no
 * row ("could not generate": the server's last refusal, SQLSTATE
 * included) - not a failure. */
struct live_fill_result {
	size_t rows;
	size_t tables;
	const char **skipped;	/* "schema.table: why" */
	size_t n_skipped;
};

struct live_test_ops {
	/* Connects as the migrator would (common/connparams.h); NULL after a
	 * message on stderr. */
	struct live_db *(*open)(struct arena *a, const char *url, const char *env_file);
	void (*close)(struct live_db *db);
	/* The number of objects outside the system schemas (relations, types,
	 * routines, schemas other than an empty public, extensions other
	 * than plpgsql), -1 on a database error; *example names one. */
	long (*objects)(struct live_db *db, struct arena *a, const char **example);
	/* Drops every schema but the system ones, every extension but
	 * plpgsql, and creates an empty public schema: 0, or -1 with *err. */
	int (*reset)(struct live_db *db, struct arena *a, const char **err);
	/* Inserts `rows` generated rows into every table (foreign keys'
	 * targets first), leaving out `version_table` (its quoted, possibly
	 * qualified SQL name). 0, or -1 with *err on a database error that is
	 * not a refused row. */
	int (*fill)(struct live_db *db, struct arena *a, const char *version_table,
		    int rows, struct live_fill_result *out, const char **err);
	/* Every table's columns (name and type), key and rows as text; NULL
	 * with *err on a database error. */
	struct live_snap *(*snapshot)(struct live_db *db, struct arena *a,
				      const char *version_table, const char **err);
	/* NULL when every row of `before` survived in `after` in the columns
	 * that `parent` has too with the same type (the columns the revision
	 * did not touch), compared by primary key where the table has one;
	 * else the first difference.  Tables named (last name part) in
	 * skip[0..n_skip) are not compared. */
	const char *(*compare)(struct arena *a, const struct live_snap *before,
			       const struct live_snap *parent, const struct live_snap *after,
			       const char *const *skip, size_t n_skip);
};

extern const struct live_test_ops live_test_ops;

/* The functions of the table (live_test_ops.c holds it). */
struct live_db *live_test_open(struct arena *a, const char *url, const char *env_file);
void live_test_close(struct live_db *db);
long live_test_objects(struct live_db *db, struct arena *a, const char **example);
int live_test_reset(struct live_db *db, struct arena *a, const char **err);
int live_fill(struct live_db *db, struct arena *a, const char *version_table,
	      int rows, struct live_fill_result *out, const char **err);
struct live_snap *live_snapshot(struct live_db *db, struct arena *a,
				const char *version_table, const char **err);
const char *live_snap_compare(struct arena *a, const struct live_snap *before,
			      const struct live_snap *parent, const struct live_snap *after,
			      const char *const *skip, size_t n_skip);

/* live_test.c: the connection of `db`, and the tables to fill or compare
 * (relations of kind r or p, not partitions, outside the system schemas
 * and not `version_table`): oid, "schema.table" quoted as needed and the
 * bare name, in name order. */
struct pg_conn *live_db_conn(struct live_db *db);
const char *live_tables_sql(struct arena *a, const char *version_table);

#endif
