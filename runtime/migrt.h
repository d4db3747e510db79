/*
 * migrt.h - the migc runtime's one public header.
 *
 * migc compiles a project into C that holds nothing but constant data: one
 * `struct migrt_plan` named `migrt_project_plan`.  The runtime archive
 * (libmigrt.a) provides main(), which checks the plan's magic and ABI and
 * runs the migrator command line against it.  Everything the migrator does
 * lives in the runtime; generated code never contains logic.
 *
 * The archive exports exactly what this header declares with MIGRT_API
 * (and main()): the runtime is compiled with hidden visibility and linked
 * into one object whose hidden symbols are made local, so nothing else in
 * it can clash with, or be called by, the code it is linked with.
 *
 * Bump MIGRT_ABI whenever these structures change.
 */
#ifndef MIGRT_H
#define MIGRT_H

#include <stdint.h>

#define MIGRT_API __attribute__((visibility("default")))

#define MIGRT_MAGIC 0x4347494du	/* "MIGC" little-endian */
#define MIGRT_ABI 9u

/* One SQL statement, rendered by the compiler, with its source line. */
struct migrt_stmt {
	const char *sql;	/* complete statement without trailing ';' */
	uint32_t line;		/* 1-based line in the revision's file */
	/* ABI 5: where `sql` names the project's default schema, for
	 * `--schema NAME`: n_slots pairs (offset, length) in increasing
	 * offset order.  Length 0: an unqualified name starts at the offset,
	 * and "NAME". is inserted there; length > 0: those bytes spell the
	 * quoted default schema and are replaced by "NAME".  Names inside
	 * expressions and execute bodies have no slots (they resolve through
	 * search_path). */
	const uint32_t *slots;
	uint32_t n_slots;
};

/* ABI 7: one object of a predicted catalog read: common/catalog.h's
 * struct catalog_object, `kind` an enum catalog_kind; table and name may
 * be NULL as there. */
struct migrt_catrow {
	uint32_t kind;
	const char *key, *sql, *schema, *table, *name;
};

/* ABI 5: what the compiler knows about one statement, for `plan`: the
 * runtime cannot parse SQL, so the compiler states each statement's locks,
 * its effect on the table's data and its lint findings as data
 * (docs/migrator.md, "plan").  Lock modes, weakest first, as PostgreSQL 15
 * names them: */
#define MIGRT_LOCK_NONE			0u	/* no lock on an existing table */
#define MIGRT_LOCK_ACCESS_SHARE		1u
#define MIGRT_LOCK_ROW_SHARE		2u
#define MIGRT_LOCK_ROW_EXCLUSIVE	3u
#define MIGRT_LOCK_SHARE_UPDATE_EXCLUSIVE 4u
#define MIGRT_LOCK_SHARE		5u
#define MIGRT_LOCK_SHARE_ROW_EXCLUSIVE	6u
#define MIGRT_LOCK_EXCLUSIVE		7u
#define MIGRT_LOCK_ACCESS_EXCLUSIVE	8u
/* What a statement does to a table's rows, least costly first. */
#define MIGRT_EFFECT_NONE	0u	/* touches no existing table's data */
#define MIGRT_EFFECT_CATALOG	1u	/* changes the catalog only */
#define MIGRT_EFFECT_SCAN	2u	/* reads every row (a check, an index build) */
#define MIGRT_EFFECT_REWRITE	3u	/* writes a new copy of the table */
#define MIGRT_EFFECT_UNKNOWN	4u	/* plain SQL or execute: not known */

/* One relation a statement locks: its SQL name, schema-qualified. */
struct migrt_lock {
	const char *relation;
	uint32_t mode;			/* MIGRT_LOCK_* */
};

/* One lint finding of a statement: the rule, its level in migc.conf
 * (1 warning, 2 error), and whether the size of the table decides how
 * much it matters (an index built on an empty table blocks nobody). */
struct migrt_finding {
	const char *rule;
	uint32_t level;
	uint32_t sized;
};

struct migrt_stmt_info {
	const char *kind;		/* "create index", "alter table: add column" */
	uint32_t lock;			/* the strongest of locks[] */
	const struct migrt_lock *locks;
	uint32_t n_locks;
	uint32_t effect;		/* MIGRT_EFFECT_* */
	const char *table;		/* the relation `effect` concerns, or NULL */
	const char *note;		/* why, in a few words, or "" */
	const struct migrt_finding *findings;
	uint32_t n_findings;
};

/* revision flags */
#define MIGRT_REV_DOWNGRADE_DERIVED	0x1u	/* downgrade derived by migc */
#define MIGRT_REV_INEXACT_DOWNGRADE	0x2u	/* header says inexact */
#define MIGRT_REV_NO_TRANSACTION	0x4u	/* runs outside a transaction (ABI 2) */

struct migrt_revision {
	const char *id;
	const char *message;		/* "" when none */
	const char *path;		/* source file, relative to the project */
	uint32_t line;			/* line of the `revision` header */
	const uint32_t *parents;	/* indexes into plan->revisions */
	uint32_t n_parents;		/* 0: parent is base */
	/* What a new version-table row records: "v2:" and 64 lower-case hex
	 * digits (SHA-256 of the length-framed content, ABI 4; before ABI 4
	 * the 64 digits of checksum_v1). */
	const char *checksum;
	const struct migrt_stmt *upgrade;
	uint32_t n_upgrade;
	const struct migrt_stmt *downgrade;	/* in execution order */
	uint32_t n_downgrade;
	uint32_t flags;
	/* ABI 3: the upgrade rendered into scratch schemas for `check`: every
	 * name qualified, schema S spelled "migc_expected_S" (MIGRT_CHECK_PREFIX),
	 * execute blocks left out, CONCURRENTLY dropped so that it runs inside
	 * the one transaction that check rolls back. */
	const struct migrt_stmt *check_upgrade;
	uint32_t n_check_upgrade;
	/* ABI 4: the unframed checksum migc recorded before v2 (64 hex
	 * digits), or NULL: a row that holds it verifies too, so rows written
	 * by an older migrator stay valid (the runtime accepts either). */
	const char *checksum_v1;
	/* ABI 5: pre-flight data checks (docs/migrator.md, "Pre-flight
	 * checks"): `upgrade` runs preflight[k] right before the statement
	 * upgrade[preflight_before[k]], in the same transaction and pipeline;
	 * preflight_before is non-decreasing.  A check that finds offending
	 * rows raises the SQLSTATE its statement would.  Not part of the
	 * checksum; none for a no_transaction revision. */
	const struct migrt_stmt *preflight;
	const uint32_t *preflight_before;
	uint32_t n_preflight;
	/* ABI 5: parallel to upgrade[] and downgrade[] (NULL: not known). */
	const struct migrt_stmt_info *upgrade_info;
	const struct migrt_stmt_info *downgrade_info;
	/* ABI 6: for a head revision, the model at this revision as one
	 * statement per object (autogenerate from an empty schema), mapped
	 * like check_upgrade.  When check_model_exact is 1 and the database's
	 * applied revisions are exactly this one and its ancestors, `check`
	 * runs these instead of every applied check_upgrade.  0: not a head,
	 * or the history has what the model cannot restate exactly (execute,
	 * plain SQL, ...): check replays the history. */
	const struct migrt_stmt *check_model;
	uint32_t n_check_model;
	uint32_t check_model_exact;
	/* ABI 7: for a head whose check_model is exact, the catalog read
	 * (common/catalog.h) that building check_model and reading it back
	 * gives, predicted by the compiler, sorted by key (strcmp); set only
	 * when check_catalog_exact is 1, which the compiler sets only when it
	 * could print every object of the head's model as the reader does.
	 * `check` compares the live read with these rows first and builds
	 * the scratch schemas only when they differ (docs/migrator.md). */
	const struct migrt_catrow *check_catalog;
	uint32_t n_check_catalog;
	uint32_t check_catalog_exact;
	/* ABI 8: when n_check_partial > 0, check_catalog predicts only part
	 * of that read: `check` builds check_model[check_partial[k]] (indexes
	 * in increasing order: the tables and types the compiler could not
	 * print, and what they need to exist) in the scratch schemas, reads
	 * them back, and for every key takes that read's row, else the
	 * predicted one.  0: check_catalog is the whole read. */
	const uint32_t *check_partial;
	uint32_t n_check_partial;
	/* ABI 9: when the history has what the model cannot restate (plain
	 * SQL, partition statements), the head's check_model_exact is 0, but
	 * check_catalog_exact may still be 1: check_catalog then predicts the
	 * objects the history closure does not build.  `check` runs, in the
	 * scratch schemas, check_hist (the model's create schemas, then every
	 * check_upgrade statement of the history that names an object of the
	 * closure, in plan order, with its revision's line), then
	 * check_model[check_partial[k]], reads them back and merges as for ABI
	 * 8.  n_check_hist 0: no history closure.  check_catalog_exact alone
	 * says whether the prediction (with check_partial and check_hist) can
	 * be used; check_model_exact whether check_model alone rebuilds the
	 * head. */
	const struct migrt_stmt *check_hist;
	uint32_t n_check_hist;
};

/* The prefix of the scratch schemas `check` replays the expected schema in. */
#define MIGRT_CHECK_PREFIX "migc_expected_"

struct migrt_plan {
	uint32_t magic;			/* MIGRT_MAGIC */
	uint32_t abi;			/* MIGRT_ABI */
	const char *migc_version;
	const char *project;		/* project name from migc.conf */
	const char *version_table;	/* quoted, possibly schema-qualified SQL name */
	const char *version_table_display; /* as written in migc.conf */
	const char *default_schema;	/* quoted SQL name: the session's search_path */
	const char *digest;		/* SHA-256 over every revision's id, checksum, message */
	/* Topological order: every revision comes after all its parents. */
	const struct migrt_revision *revisions;
	uint32_t n_revisions;
	const uint32_t *heads;		/* indexes of revisions with no children */
	uint32_t n_heads;
	/* ABI 3: every schema the revisions can touch, unquoted: the default
	 * schema, then "public" (when different), then each schema any
	 * upgrade creates or names, sorted.  The first n_base_schemas exist
	 * before any revision (the compiler's model assumes them). */
	const char *const *schemas;
	uint32_t n_schemas;
	uint32_t n_base_schemas;
	/* ABI 6: MIGRT_PLAN_* (migc.conf settings the runtime needs) */
	uint32_t flags;
};

/* plan flags: `check` compares grants, owners (migc.conf compare_grants,
 * compare_owners) */
#define MIGRT_PLAN_COMPARE_GRANTS	0x1u
#define MIGRT_PLAN_COMPARE_OWNERS	0x2u

/* The plan the generated C defines. */
MIGRT_API extern const struct migrt_plan migrt_project_plan;

/*
 * Runs the migrator command line against `plan`.  Returns the process exit
 * status (see docs/migrator.md).  main() in libmigrt.a calls this with
 * &migrt_project_plan.
 */
MIGRT_API int migrt_main(const struct migrt_plan *plan, int argc, char **argv);

/*
 * The `sql` command alone, offline: prints the SQL that `upgrade` or
 * `downgrade` would run over a range of `plan` (argv as after "sql"; no
 * arguments means "upgrade"), connecting to nothing.  `prog` names the
 * program in messages.  Returns the exit status.  `migc sql` calls this,
 * so its output is byte for byte the migrator's; it is in the part of the
 * runtime that uses no libpq.
 */
MIGRT_API int migrt_sql(const struct migrt_plan *plan, const char *prog, int argc,
			char **argv);

#endif
