/*
 * lock_table.c - what each statement kind does to a live database: the
 * lock it takes and on which relations, and whether it rewrites the table,
 * scans it, or changes only the catalog.  The migrator's `plan` prints
 * these facts (the compiler hands them over as data; the runtime cannot
 * parse SQL).
 *
 * The table follows PostgreSQL 15's documentation (chapter 13.3 "Explicit
 * Locking" and the ALTER TABLE page), statement kind by statement kind:
 *
 *   create table                 none on existing tables; SHARE ROW EXCLUSIVE
 *                                on each table a foreign key references
 *   drop table                   ACCESS EXCLUSIVE on it and on the tables its
 *                                foreign keys link it with (their triggers go)
 *   alter table ... rename       ACCESS EXCLUSIVE, catalog only
 *   alter table (most actions)   ACCESS EXCLUSIVE
 *     add foreign key            SHARE ROW EXCLUSIVE on both tables, scan
 *                                (catalog only when NOT VALID)
 *     add check                  scan (catalog only when NOT VALID)
 *     add primary key / unique   scan (builds the index)
 *     validate constraint        SHARE UPDATE EXCLUSIVE, scan (a foreign
 *                                key's also ROW SHARE on the referenced table)
 *     set not null               scan, catalog only with a valid
 *                                CHECK (col IS NOT NULL)
 *     alter column type          rewrite, catalog only when binary coercible
 *                                (varchar widening, varchar to text, ...)
 *     add column                 catalog only; a volatile default, serial or
 *                                identity rewrites
 *     add generated ... as identity, set generated / set sequence option /
 *     restart, drop identity, drop expression: catalog only (the column
 *                                keeps its values; PostgreSQL 15's
 *                                AlterTableGetLockLevel: ACCESS EXCLUSIVE)
 *     drop column, defaults, drop not null, drop constraint: catalog only
 *                                (dropping a foreign key also takes ACCESS
 *                                EXCLUSIVE on the referenced table)
 *   create index                 SHARE on the table, scan
 *   create index concurrently    SHARE UPDATE EXCLUSIVE on the table, scan
 *   drop index                   ACCESS EXCLUSIVE on the index's table
 *   drop index concurrently      SHARE UPDATE EXCLUSIVE on the index's table
 *   alter index ... rename       SHARE UPDATE EXCLUSIVE on the index
 *   comment on                   SHARE UPDATE EXCLUSIVE on the relation
 *   types, enums, schemas        no table lock, catalog only
 *   execute, plain SQL           not known: ACCESS EXCLUSIVE is assumed,
 *                                unless PostgreSQL's grammar (pgsql.h) says
 *                                it is create index (as above), insert,
 *                                update or delete (ROW EXCLUSIVE on the
 *                                target), or creates a sequence, function,
 *                                domain or type, or sets a setting (none)
 */
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "lint_int.h"
#include "model.h"
#include "pgsql.h"
#include "sql.h"

struct facts_ctx {
	struct arena *a;
	const struct model *m;
	struct lint_facts *f;
};

/* The relation's SQL name, schema-qualified when the schema is known. */
static const char *rel_name(struct facts_ctx *c, const char *schema, const char *name)
{
	const char *sch = schema;
	if (c->m)
		sch = model_schema_name(c->m, schema);
	if (!sch)
		sch = schema;
	if (!sch)
		return sql_ident(c->a, name);
	return arena_printf(c->a, "%s.%s", sql_ident(c->a, sch), sql_ident(c->a, name));
}

static void add_lock(struct facts_ctx *c, const char *rel, enum lint_lock mode)
{
	struct lint_facts *f = c->f;
	if (mode > f->lock)
		f->lock = mode;
	for (size_t i = 0; i < f->n_locks; i++)
		if (f->locks[i].rel && rel && strcmp(f->locks[i].rel, rel) == 0) {
			if (mode > f->locks[i].mode)
				f->locks[i].mode = mode;
			return;
		}
	if (f->n_locks < LINT_MAX_LOCKS) {
		f->locks[f->n_locks].rel = rel;
		f->locks[f->n_locks].mode = mode;
		f->n_locks++;
	}
}

static void effect(struct facts_ctx *c, enum lint_effect e, const char *note)
{
	if (e > c->f->effect || (e == c->f->effect && !*c->f->note)) {
		c->f->effect = e;
		c->f->note = note;
	}
}

static const struct m_table *table_of(struct facts_ctx *c, const struct ast_name *n)
{
	return c->m ? model_table(c->m, n->schema, n->name) : NULL;
}

static void fk_ref_lock(struct facts_ctx *c, const struct ast_constraint *k,
			enum lint_lock mode)
{
	if (k && k->kind == CON_FOREIGN_KEY)
		add_lock(c, rel_name(c, k->ref_table.schema, k->ref_table.name), mode);
}

static const struct ast_constraint *col_con(const struct ast_column *col,
					    enum ast_constraint_kind kind)
{
	for (size_t i = 0; i < col->n_constraints; i++)
		if (col->constraints[i].kind == kind)
			return &col->constraints[i];
	return NULL;
}

static void facts_add_column(struct facts_ctx *c, const struct ast_column *col)
{
	const struct ast_constraint *def = col_con(col, CON_DEFAULT);
	bool serial = col->type.array_dims == 0 &&
		(col->type.kind == TY_SMALLSERIAL || col->type.kind == TY_SERIAL ||
		 col->type.kind == TY_BIGSERIAL);
	for (size_t i = 0; i < col->n_constraints; i++)
		fk_ref_lock(c, &col->constraints[i], LK_SHARE_ROW_EXCLUSIVE);
	if (serial || col_con(col, CON_IDENTITY))
		effect(c, LE_REWRITE, "new column filled from a sequence");
	else if (def && def->expr && lint_expr_volatile(def->expr->text))
		effect(c, LE_REWRITE, "volatile default on a new column");
	else if (col_con(col, CON_PRIMARY_KEY) || col_con(col, CON_UNIQUE))
		effect(c, LE_SCAN, "builds a unique index");
	else if ((col_con(col, CON_NOT_NULL)) && !def)
		effect(c, LE_SCAN, "not null without a default: checks every row");
	else
		effect(c, LE_CATALOG, def ? "constant default on a new column" : "new column");
}

static void facts_alter(struct facts_ctx *c, const struct ast_stmt *s,
			const struct ast_alter *al, struct strbuf *kind)
{
	static const char *const names[] = {
		[ALT_ADD_COLUMN] = "add column", [ALT_DROP_COLUMN] = "drop column",
		[ALT_ALTER_TYPE] = "alter column type", [ALT_SET_NOT_NULL] = "set not null",
		[ALT_DROP_NOT_NULL] = "drop not null", [ALT_SET_DEFAULT] = "set default",
		[ALT_DROP_DEFAULT] = "drop default", [ALT_ADD_CONSTRAINT] = "add constraint",
		[ALT_DROP_CONSTRAINT] = "drop constraint",
		[ALT_VALIDATE_CONSTRAINT] = "validate constraint",
		[ALT_ROW_SECURITY] = "row level security",
		[ALT_ADD_IDENTITY] = "add identity", [ALT_SET_IDENTITY] = "set identity",
		[ALT_DROP_IDENTITY] = "drop identity", [ALT_DROP_EXPRESSION] = "drop expression",
		[ALT_ALTER_CONSTRAINT] = "alter constraint",
	};
	const char *self = rel_name(c, s->target.schema, s->target.name);
	const struct m_table *t = table_of(c, &s->target);
	enum lint_lock mode = LK_ACCESS_EXCLUSIVE;
	const char *name = names[al->kind] ? names[al->kind] : "alter";

	switch (al->kind) {
	case ALT_ADD_COLUMN:
		facts_add_column(c, al->column);
		break;
	case ALT_ALTER_TYPE: {
		const struct m_column *col = t ? table_column(t, al->name.name) : NULL;
		struct ast_type to = model_type_normalize(&al->type);
		if (col && !al->expr && lint_type_change_in_place(&col->type, &to))
			effect(c, LE_CATALOG, "binary-coercible type change");
		else
			effect(c, LE_REWRITE, "type change rewrites the table and its indexes");
		break;
	}
	case ALT_SET_NOT_NULL:
		if (t && lint_has_not_null_check(c->a, t, al->name.name))
			effect(c, LE_CATALOG, "a valid check proves not null");
		else
			effect(c, LE_SCAN, "checks every row for nulls");
		break;
	case ALT_ADD_CONSTRAINT: {
		const struct ast_constraint *k = al->constraint;
		if (k->kind == CON_FOREIGN_KEY) {
			mode = LK_SHARE_ROW_EXCLUSIVE;
			fk_ref_lock(c, k, LK_SHARE_ROW_EXCLUSIVE);
			name = "add foreign key";
		} else if (k->kind == CON_CHECK) {
			name = "add check";
		} else if (k->kind == CON_EXCLUDE) {
			name = "add exclusion";
		} else {
			name = k->kind == CON_PRIMARY_KEY ? "add primary key" : "add unique";
		}
		if (k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE)
			effect(c, LE_SCAN, "builds a unique index");
		else if (k->kind == CON_EXCLUDE)
			effect(c, LE_SCAN, "builds its index, checking every row");
		else if (k->not_valid)
			effect(c, LE_CATALOG, "not valid: existing rows are not checked");
		else
			effect(c, LE_SCAN, "checks every row");
		break;
	}
	case ALT_ALTER_CONSTRAINT:	/* AlterTableGetLockLevel: AT_AlterConstraint */
		mode = LK_SHARE_ROW_EXCLUSIVE;
		effect(c, LE_CATALOG, "");
		break;
	case ALT_VALIDATE_CONSTRAINT: {
		const struct m_constraint *k = t ? table_constraint(t, al->name.name) : NULL;
		mode = LK_SHARE_UPDATE_EXCLUSIVE;
		if (k && k->kind == MC_FKEY)
			add_lock(c, rel_name(c, k->ref_schema, k->ref_table), LK_ROW_SHARE);
		effect(c, LE_SCAN, "checks every row, writes go on");
		break;
	}
	case ALT_ADD_IDENTITY:
		effect(c, LE_CATALOG, "existing values stay; new rows take the sequence");
		break;
	case ALT_DROP_EXPRESSION:
		effect(c, LE_CATALOG, "the stored values stay");
		break;
	case ALT_DROP_CONSTRAINT: {
		const struct m_constraint *k = t ? table_constraint(t, al->name.name) : NULL;
		if (k && k->kind == MC_FKEY)
			add_lock(c, rel_name(c, k->ref_schema, k->ref_table),
				 LK_ACCESS_EXCLUSIVE);
		effect(c, LE_CATALOG, "");
		break;
	}
	default:
		effect(c, LE_CATALOG, "");
		break;
	}
	add_lock(c, self, mode);
	if (!c->f->table)
		c->f->table = self;
	sb_puts(kind, kind->len ? ", " : ": ");
	sb_puts(kind, name);
}

/* drop table: the tables linked to it by foreign keys lose triggers too. */
static void facts_drop_table(struct facts_ctx *c, const struct ast_stmt *s)
{
	for (size_t k = 1; k < ast_drop_count(s); k++) {	/* drop table a, b: each */
		struct ast_stmt one = ast_drop_one(s, k);
		facts_drop_table(c, &one);
	}
	const struct m_table *t = table_of(c, &s->target);
	add_lock(c, rel_name(c, s->target.schema, s->target.name), LK_ACCESS_EXCLUSIVE);
	for (size_t i = 0; t && i < t->n_cons; i++)
		if (t->cons[i].kind == MC_FKEY)
			add_lock(c, rel_name(c, t->cons[i].ref_schema, t->cons[i].ref_table),
				 LK_ACCESS_EXCLUSIVE);
	for (size_t i = 0; t && i < t->n_refs; i++)
		add_lock(c, rel_name(c, t->refs[i].schema, t->refs[i].table),
			 LK_ACCESS_EXCLUSIVE);
	effect(c, LE_CATALOG, "the files are removed at commit");
}

/* The table an index (named by `n`) belongs to. */
static const char *index_table(struct facts_ctx *c, const struct ast_name *n)
{
	const struct m_rel *r = c->m ? model_rel(c->m, n->schema, n->name) : NULL;
	if (r && r->kind == REL_INDEX && r->table)
		return rel_name(c, n->schema, r->table);
	return NULL;
}

/* A plain SQL statement whose kind PostgreSQL's grammar tells and whose
 * lock this table knows; false leaves it unknown. */
static bool facts_plain_sql(struct facts_ctx *c, const struct ast_stmt *s)
{
	struct pgsql_node k;
	if (!s->u.exec.sql || !pgsql_node(s->u.exec.sql, strlen(s->u.exec.sql), &k))
		return false;
	const char *rel = k.relname[0]
		? rel_name(c, k.schema[0] ? arena_strdup(c->a, k.schema) : NULL,
			   arena_strdup(c->a, k.relname))
		: NULL;
	if (strcmp(k.tag, "IndexStmt") == 0 && rel) {
		c->f->kind = k.concurrent ? "sql: create index concurrently" : "sql: create index";
		add_lock(c, rel, k.concurrent ? LK_SHARE_UPDATE_EXCLUSIVE : LK_SHARE);
		c->f->table = rel;
		effect(c, LE_SCAN, "builds the index");
		return true;
	}
	if ((strcmp(k.tag, "InsertStmt") == 0 || strcmp(k.tag, "UpdateStmt") == 0 ||
	     strcmp(k.tag, "DeleteStmt") == 0) && rel) {
		c->f->kind = k.tag[0] == 'I' ? "sql: insert" : k.tag[0] == 'U' ? "sql: update"
									  : "sql: delete";
		add_lock(c, rel, LK_ROW_EXCLUSIVE);
		c->f->table = rel;
		effect(c, LE_UNKNOWN, "changes rows; the tables it reads are not listed");
		return true;
	}
	if (strcmp(k.tag, "CreateSeqStmt") == 0 || strcmp(k.tag, "CreateFunctionStmt") == 0 ||
	    strcmp(k.tag, "CreateDomainStmt") == 0 || strcmp(k.tag, "VariableSetStmt") == 0 ||
	    strcmp(k.tag, "CompositeTypeStmt") == 0 || strcmp(k.tag, "CreateRangeStmt") == 0) {
		c->f->kind = "sql";
		effect(c, LE_CATALOG, "no table lock");
		return true;
	}
	return false;
}

void lint_facts(struct arena *a, const struct model *before,
		const struct ast_stmt *s, struct lint_facts *out)
{
	struct facts_ctx c = { a, before, out };
	memset(out, 0, sizeof *out);
	out->note = "";
	switch (s->kind) {
	case STMT_CREATE_TABLE:
		out->kind = "create table";
		for (size_t i = 0; i < s->u.table.n_columns; i++)
			for (size_t k = 0; k < s->u.table.columns[i].n_constraints; k++)
				fk_ref_lock(&c, &s->u.table.columns[i].constraints[k],
					    LK_SHARE_ROW_EXCLUSIVE);
		for (size_t i = 0; i < s->u.table.n_constraints; i++)
			fk_ref_lock(&c, &s->u.table.constraints[i], LK_SHARE_ROW_EXCLUSIVE);
		effect(&c, LE_NONE, "new table");
		break;
	case STMT_DROP_TABLE:
		out->kind = "drop table";
		facts_drop_table(&c, s);
		break;
	case STMT_RENAME_TABLE: case STMT_RENAME_COLUMN: case STMT_RENAME_CONSTRAINT:
		out->kind = s->kind == STMT_RENAME_TABLE ? "rename table" :
			    s->kind == STMT_RENAME_COLUMN ? "rename column" : "rename constraint";
		out->table = rel_name(&c, s->target.schema, s->target.name);
		add_lock(&c, out->table, LK_ACCESS_EXCLUSIVE);
		effect(&c, LE_CATALOG, "");
		break;
	case STMT_ALTER_TABLE: {
		struct strbuf acts;
		sb_init(&acts, a);
		for (size_t i = 0; i < s->u.alter.n_alters; i++)
			facts_alter(&c, s, &s->u.alter.alters[i], &acts);
		out->kind = arena_printf(a, "alter table%s", acts.len ? sb_str(&acts) : "");
		break;
	}
	case STMT_CREATE_INDEX: {
		out->kind = s->u.index.concurrently ? "create index concurrently" : "create index";
		out->table = rel_name(&c, s->u.index.table.schema ? s->u.index.table.schema : s->target.schema,
				      s->u.index.table.name);
		add_lock(&c, out->table, s->u.index.concurrently ? LK_SHARE_UPDATE_EXCLUSIVE : LK_SHARE);
		effect(&c, LE_SCAN, s->u.index.concurrently ? "builds the index, writes go on"
						    : "builds the index, writes wait");
		break;
	}
	case STMT_DROP_INDEX: {
		out->kind = s->u.drop.concurrently ? "drop index concurrently" : "drop index";
		enum lint_lock mode = s->u.drop.concurrently ? LK_SHARE_UPDATE_EXCLUSIVE
						      : LK_ACCESS_EXCLUSIVE;
		for (size_t k = ast_drop_count(s); k-- > 1;) {	/* drop index a, b: each */
			struct ast_stmt one = ast_drop_one(s, k);
			const char *ot = index_table(&c, &one.target);
			add_lock(&c, ot ? ot : rel_name(&c, one.target.schema, one.target.name), mode);
		}
		const char *t = index_table(&c, &s->target);
		add_lock(&c, t ? t : rel_name(&c, s->target.schema, s->target.name), mode);
		out->table = t;
		effect(&c, LE_CATALOG, "");
		break;
	}
	case STMT_RENAME_INDEX:
		out->kind = "rename index";
		add_lock(&c, rel_name(&c, s->target.schema, s->target.name),
			 LK_SHARE_UPDATE_EXCLUSIVE);
		effect(&c, LE_CATALOG, "");
		break;
	case STMT_COMMENT:
		out->kind = "comment";
		if (s->u.comment.comment_target != COMMENT_TYPE)
			add_lock(&c, rel_name(&c, s->target.schema, s->target.name),
				 LK_SHARE_UPDATE_EXCLUSIVE);
		effect(&c, LE_CATALOG, "");
		break;
	case STMT_CREATE_ENUM: case STMT_ADD_ENUM_VALUE: case STMT_RENAME_ENUM_VALUE:
	case STMT_DROP_TYPE:
		out->kind = s->kind == STMT_CREATE_ENUM ? "create type" :
			    s->kind == STMT_ADD_ENUM_VALUE ? "alter type add value" :
			    s->kind == STMT_RENAME_ENUM_VALUE ? "alter type rename value" :
			    "drop type";
		effect(&c, LE_CATALOG, "no table lock");
		break;
	case STMT_CREATE_SCHEMA: case STMT_DROP_SCHEMA:
		out->kind = s->kind == STMT_CREATE_SCHEMA ? "create schema" : "drop schema";
		effect(&c, LE_CATALOG, "no table lock");
		break;
	case STMT_CREATE_EXTENSION: case STMT_DROP_EXTENSION:
		out->kind = s->kind == STMT_CREATE_EXTENSION ? "create extension" : "drop extension";
		effect(&c, LE_CATALOG, s->cascade ? "cascade: what uses it goes too" : "no table lock");
		break;
	case STMT_ATTACH_PARTITION:
		/* PostgreSQL 15: SHARE UPDATE EXCLUSIVE on the parent, ACCESS
		 * EXCLUSIVE on the table attached, whose rows are checked
		 * against the bound unless a constraint already implies it */
		out->kind = "attach partition";
		out->table = rel_name(&c, s->u.part.table.schema ? s->u.part.table.schema : s->target.schema,
				      s->u.part.table.name);
		add_lock(&c, rel_name(&c, s->target.schema, s->target.name),
			 LK_SHARE_UPDATE_EXCLUSIVE);
		add_lock(&c, out->table, LK_ACCESS_EXCLUSIVE);
		effect(&c, LE_SCAN, "checks the partition's rows against the bound");
		break;
	case STMT_DETACH_PARTITION:
		/* CONCURRENTLY: SHARE UPDATE EXCLUSIVE on both, as
		 * PostgreSQL takes them */
		out->kind = "detach partition";
		out->table = rel_name(&c, s->u.part.table.schema ? s->u.part.table.schema : s->target.schema,
				      s->u.part.table.name);
		add_lock(&c, rel_name(&c, s->target.schema, s->target.name),
			 s->u.part.concurrently ? LK_SHARE_UPDATE_EXCLUSIVE : LK_ACCESS_EXCLUSIVE);
		add_lock(&c, out->table, s->u.part.concurrently ? LK_SHARE_UPDATE_EXCLUSIVE
								  : LK_ACCESS_EXCLUSIVE);
		effect(&c, LE_CATALOG, "");
		break;
	case STMT_CREATE_POLICY: case STMT_DROP_POLICY: case STMT_RENAME_POLICY:
		out->kind = s->kind == STMT_CREATE_POLICY ? "create policy" :
			    s->kind == STMT_DROP_POLICY ? "drop policy" : "rename policy";
		out->table = rel_name(&c, s->u.policy.table.schema, s->u.policy.table.name);
		add_lock(&c, out->table, LK_ACCESS_EXCLUSIVE);
		effect(&c, LE_CATALOG, "");
		break;
	case STMT_EXECUTE:
		out->kind = s->u.exec.passthrough ? "sql" : "execute";
		if (!s->u.exec.passthrough || !facts_plain_sql(&c, s)) {
			out->lock = LK_ACCESS_EXCLUSIVE;
			out->effect = LE_UNKNOWN;
			out->note = "unknown lock, assume ACCESS EXCLUSIVE";
		}
		break;
	}
}
