/*
 * catalog_query.h - the catalog queries of catalog.c, private to it.
 *
 * Each query takes the schema's oid as $1 (CATQ_SCHEMA: the schema's name
 * and its shown name) and reads the whole schema at once: never a query
 * per table.  Identifiers that end up in the printed statements are
 * double-quoted here (QI), always, so that a name that is a keyword in
 * migc's grammar but not in PostgreSQL's still reads back.  Works on
 * PostgreSQL 12 and later; the _15 variants also read the options that
 * PostgreSQL 15 added (NULLS NOT DISTINCT, ON DELETE SET NULL (columns)).
 */
#ifndef MIGC_CATALOG_QUERY_H
#define MIGC_CATALOG_QUERY_H

#define QI(x) "('\"' || replace(" x ", '\"', '\"\"') || '\"')"
#define LIT(x) "('''' || replace(" x ", '''', '''''') || '''')"
#define NOT_EXTENSION(catalog, oid) \
	" NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" catalog \
	"'::regclass AND x.objid = " oid " AND x.deptype = 'e') "
#define DESCRIPTION(catalog, oid, sub) \
	"(SELECT d.description FROM pg_description d WHERE d.classoid = '" \
	catalog "'::regclass AND d.objoid = " oid " AND d.objsubid = " sub ")"
#define IN_SCHEMA_TABLES(oid) \
	oid " IN (SELECT t.oid FROM pg_class t WHERE t.relnamespace = $1 " \
	"AND t.relkind IN ('r', 'p'))"

/* $1 name, $2 shown name: oid, quote_ident(name), quote_ident(shown),
 * comment */
#define CATQ_SCHEMA \
	"SELECT n.oid, quote_ident(n.nspname), quote_ident($2::text), " \
	DESCRIPTION("pg_namespace", "n.oid", "0") \
	" FROM pg_namespace n WHERE n.nspname = $1"

/* An empty search_path: PostgreSQL then qualifies every name outside
 * pg_catalog that it prints (types, functions, regclass literals), and
 * migc reads a qualified name unambiguously. */
#define CATQ_SEARCH_PATH "SELECT set_config('search_path', '', true)"

/* name, typtype ('c': a free-standing composite type; 'p' not defined: a
 * shell type), enum labels as a
 * literal list, comment; for catalog_utype.c: a domain's base type,
 * default, not null and validated check constraints, a composite type's
 * attributes, a range type's subtype, a domain's not valid checks
 * (separated by chr(1)), the domain's constraints that have a comment */
#define CATQ_TYPES \
	"SELECT t.typname, t.typtype, " \
	"(SELECT string_agg(" LIT("e.enumlabel") ", ', ' ORDER BY e.enumsortorder) " \
	"FROM pg_enum e WHERE e.enumtypid = t.oid), " \
	DESCRIPTION("pg_type", "t.oid", "0") ", " \
	"CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, " \
	"t.typdefault, t.typnotnull, " \
	"(SELECT string_agg('CONSTRAINT ' || " QI("k.conname") " || ' ' || " \
	"pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname) " \
	"FROM pg_constraint k WHERE k.contypid = t.oid AND k.convalidated), " \
	"(SELECT string_agg(" QI("a.attname") " || ' ' || format_type(a.atttypid, a.atttypmod), " \
	"', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid " \
	"AND t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped), " \
	"(SELECT format_type(g.rngsubtype, NULL) FROM pg_range g WHERE g.rngtypid = t.oid), " \
	"(SELECT string_agg('CONSTRAINT ' || " QI("k.conname") " || ' ' || " \
	"pg_get_constraintdef(k.oid), chr(1) ORDER BY k.conname) " \
	"FROM pg_constraint k WHERE k.contypid = t.oid AND NOT k.convalidated), " \
	"(SELECT string_agg(k.conname, ', ' ORDER BY k.conname) FROM pg_constraint k " \
	"WHERE k.contypid = t.oid AND " DESCRIPTION("pg_constraint", "k.oid", "0") \
	" IS NOT NULL)" \
	" FROM pg_type t LEFT JOIN pg_class c ON c.oid = t.typrelid " \
	"WHERE t.typnamespace = $1 AND (t.typtype IN ('e', 'd', 'r') " \
	"OR (t.typtype = 'c' AND c.relkind = 'c') OR (t.typtype = 'p' AND NOT t.typisdefined) " \
	"OR (t.typtype = 'b' AND t.typcategory <> 'A')) AND " \
	NOT_EXTENSION("pg_type", "t.oid") "ORDER BY t.typname"

/* oid, name, relkind, relispartition, relpersistence, inherits, row level
 * security, has reloptions, comment, partition key, a partition's parent
 * schema and name, its bound, force row level security */
#define CATQ_RELATIONS \
	"SELECT c.oid, c.relname, c.relkind, c.relispartition, c.relpersistence, " \
	"EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid), " \
	"c.relrowsecurity, c.reloptions IS NOT NULL, " \
	DESCRIPTION("pg_class", "c.oid", "0") ", " \
	"CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, " \
	"pn.nspname, pc.relname, pg_get_expr(c.relpartbound, c.oid), " \
	"c.relforcerowsecurity " \
	"FROM pg_class c LEFT JOIN pg_inherits pi ON c.relispartition " \
	"AND pi.inhrelid = c.oid LEFT JOIN pg_class pc ON pc.oid = pi.inhparent " \
	"LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE c.relnamespace = $1 " \
	"AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND " \
	NOT_EXTENSION("pg_class", "c.oid") "ORDER BY c.relname"

/* The types of migc's language (docs/language.md), by their catalog names. */
#define KNOWN_TYPES \
	"'int2', 'int4', 'int8', 'bool', 'numeric', 'float4', 'float8', " \
	"'text', 'varchar', 'bpchar', 'date', 'time', 'timetz', 'timestamp', " \
	"'timestamptz', 'interval', 'uuid', 'json', 'jsonb', 'bytea', 'inet', " \
	KNOWN_TYPES_BUILTIN
/* The other built-in types (compiler/front/ast_types.c). */
#define KNOWN_TYPES_BUILTIN \
	"'aclitem', 'gtsvector', 'pg_brin_bloom_summary', " \
	"'pg_brin_minmax_multi_summary', 'pg_dependencies', 'pg_mcv_list', " \
	"'pg_ndistinct', 'pg_node_tree', " \
	"'bit', 'varbit', 'box', 'char', 'cid', 'cidr', 'circle', " \
	"'datemultirange', 'daterange', 'int2vector', 'int4multirange', " \
	"'int4range', 'int8multirange', 'int8range', 'jsonpath', 'line', " \
	"'lseg', 'macaddr', 'macaddr8', 'money', 'name', 'nummultirange', " \
	"'numrange', 'oid', 'oidvector', 'path', 'pg_lsn', 'pg_snapshot', " \
	"'point', 'polygon', 'refcursor', 'regclass', 'regcollation', " \
	"'regconfig', 'regdictionary', 'regnamespace', 'regoper', " \
	"'regoperator', 'regproc', 'regprocedure', 'regrole', 'regtype', " \
	"'tid', 'tsmultirange', 'tsquery', 'tsrange', 'tstzmultirange', " \
	"'tstzrange', 'tsvector', 'txid_snapshot', 'xid', 'xid8', 'xml'"

/* the sequence column a.attnum of a.attrelid owns (serial, owned by,
 * identity), or NULL */
#define OWNED_SEQ \
	"(SELECT d.objid FROM pg_depend d JOIN pg_class s ON s.oid = d.objid " \
	"AND s.relkind = 'S' WHERE d.classid = 'pg_class'::regclass " \
	"AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid " \
	"AND d.refobjsubid = a.attnum AND d.deptype IN ('a', 'i') LIMIT 1)"
/* the options of an identity column's sequence that differ from
 * PostgreSQL's defaults for its type, each given the ones before it, as
 * migc writes them ("INCREMENT BY 5 START WITH 10"; "" when none) */
#define IDENTITY_OPTS \
	"(SELECT concat_ws(' ', CASE WHEN q.seqincrement <> 1 THEN 'INCREMENT BY ' || " \
	"q.seqincrement END, CASE WHEN q.seqmin <> CASE WHEN q.seqincrement > 0 THEN 1 " \
	"ELSE CASE q.seqtypid WHEN 21 THEN -32768 WHEN 23 THEN -2147483648 " \
	"ELSE -9223372036854775807 - 1 END END THEN 'MINVALUE ' || q.seqmin END, " \
	"CASE WHEN q.seqmax <> CASE WHEN q.seqincrement < 0 THEN -1 ELSE CASE q.seqtypid " \
	"WHEN 21 THEN 32767 WHEN 23 THEN 2147483647 ELSE 9223372036854775807 END END " \
	"THEN 'MAXVALUE ' || q.seqmax END, CASE WHEN q.seqstart <> CASE WHEN " \
	"q.seqincrement > 0 THEN q.seqmin ELSE q.seqmax END THEN 'START WITH ' || " \
	"q.seqstart END, CASE WHEN q.seqcache <> 1 THEN 'CACHE ' || q.seqcache END, " \
	"CASE WHEN q.seqcycle THEN 'CYCLE' END) FROM pg_sequence q " \
	"WHERE a.attidentity <> '' AND q.seqrelid = " OWNED_SEQ ")"
/* table oid, name, type, not null, default, attidentity, attgenerated,
 * type oid, the sequence the column owns (serial, identity), collation
 * other than the type's, comment, whether migc knows the (element) type,
 * whether that type is PostgreSQL's own (pg_catalog), whether the owned
 * sequence has the options a serial or identity column's gets by default,
 * an identity column's options (IDENTITY_OPTS) */
/* A collation (or operator class, COLL_NAME's twin) as SQL: quoted,
 * qualified unless in pg_catalog; NULL for none. */
#define COLL_NAME(oid) \
	"(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) " \
	"|| '.' END || quote_ident(co.collname) FROM pg_collation co JOIN pg_namespace cn " \
	"ON cn.oid = co.collnamespace WHERE co.oid = " oid ")"
#define OPC_NAME(oid) \
	"(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) " \
	"|| '.' END || quote_ident(co.opcname) FROM pg_opclass co JOIN pg_namespace cn " \
	"ON cn.oid = co.opcnamespace WHERE co.oid = " oid " AND NOT co.opcdefault)"
#define OPC_ANY_NAME(oid) \
	"(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN '' ELSE quote_ident(cn.nspname) " \
	"|| '.' END || quote_ident(co.opcname) FROM pg_opclass co JOIN pg_namespace cn " \
	"ON cn.oid = co.opcnamespace WHERE co.oid = " oid ")"

#define CATQ_COLUMNS \
	"SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), " \
	"a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, " \
	"a.attgenerated, a.atttypid, " OWNED_SEQ ", " \
	COLL_NAME("a.attcollation") " || CASE WHEN a.attcollation <> ty.typcollation " \
	"THEN '' END, " \
	DESCRIPTION("pg_class", "a.attrelid", "a.attnum") ", " \
	"bt.typtype IN ('e', 'd', 'r') OR (bt.typtype = 'c' AND EXISTS (SELECT 1 " \
	"FROM pg_class x WHERE x.oid = bt.typrelid AND x.relkind = 'c')) " \
	"OR (bt.typnamespace = 'pg_catalog'::regnamespace " \
	"AND bt.typname IN (" KNOWN_TYPES ")) OR EXISTS (SELECT 1 FROM pg_depend x " \
	"WHERE x.classid = 'pg_type'::regclass AND x.objid = bt.oid AND x.deptype = 'e'), " \
	"bt.typnamespace = 'pg_catalog'::regnamespace, " \
	"(SELECT q.seqtypid = a.atttypid AND q.seqincrement = 1 AND q.seqmin = 1 " \
	"AND q.seqstart = 1 AND q.seqcache = 1 AND NOT q.seqcycle AND q.seqmax = " \
	"CASE a.atttypid WHEN 21 THEN 32767 WHEN 23 THEN 2147483647 " \
	"ELSE 9223372036854775807 END FROM pg_sequence q WHERE q.seqrelid = " OWNED_SEQ "), " \
	IDENTITY_OPTS " " \
	"FROM pg_attribute a JOIN pg_type ty ON ty.oid = a.atttypid " \
	"JOIN pg_type bt ON bt.oid = CASE WHEN ty.typcategory = 'A' " \
	"THEN ty.typelem ELSE ty.oid END " \
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum " \
	"WHERE " IN_SCHEMA_TABLES("a.attrelid") \
	" AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum"

#define CON_COLS(arr, rel) \
	"(SELECT string_agg(" QI("a.attname") ", ', ' ORDER BY k.i) " \
	"FROM unnest(" arr ") WITH ORDINALITY k(n, i) JOIN pg_attribute a " \
	"ON a.attrelid = " rel " AND a.attnum = k.n)"

/* table oid, name, contype, deferrable, deferred, validated, no inherit,
 * columns, check expression, referenced schema, table, columns, on update,
 * on delete, match type, options migc cannot express, comment, nulls not
 * distinct, an exclusion constraint's definition (pg_get_constraintdef),
 * the columns of on delete set null | set default (15) */
#define CATQ_CONSTRAINTS_WITH(odd, nnd, delset) \
	"SELECT c.conrelid, c.conname, c.contype, c.condeferrable, " \
	"c.condeferred, c.convalidated, c.connoinherit, " \
	CON_COLS("c.conkey", "c.conrelid") ", " \
	"pg_get_expr(c.conbin, c.conrelid), fn.nspname, fc.relname, " \
	CON_COLS("c.confkey", "c.confrelid") ", " \
	"c.confupdtype, c.confdeltype, c.confmatchtype, " odd ", " \
	DESCRIPTION("pg_constraint", "c.oid", "0") ", " nnd ", " \
	"CASE WHEN c.contype = 'x' THEN pg_get_constraintdef(c.oid) END, " delset \
	" FROM pg_constraint c LEFT JOIN pg_class fc ON fc.oid = c.confrelid " \
	"LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace " \
	"WHERE " IN_SCHEMA_TABLES("c.conrelid") \
	" AND c.contype IN ('p', 'u', 'f', 'c', 'x', 't') " \
	"AND c.conparentid = 0 AND (c.conislocal OR c.contype <> 'c') " \
	"ORDER BY c.conrelid, c.conname"

#define CON_INDEX_ODD(extra) \
	"COALESCE((SELECT i.indnatts > i.indnkeyatts" extra " FROM pg_index i " \
	"WHERE i.indexrelid = c.conindid AND c.contype IN ('p', 'u')), false)"
#define CATQ_CONSTRAINTS CATQ_CONSTRAINTS_WITH(CON_INDEX_ODD(""), "false", "NULL")
#define CATQ_CONSTRAINTS_15 CATQ_CONSTRAINTS_WITH(CON_INDEX_ODD(""), \
	"COALESCE((SELECT i.indnullsnotdistinct FROM pg_index i " \
	"WHERE i.indexrelid = c.conindid AND c.contype = 'u'), false)", \
	CON_COLS("c.confdelsetcols", "c.conrelid"))

/* Storage parameters or operator class options (a text[] of name=value)
 * as migc prints them (ast_reloption): name='value', ... */
#define RELOPTIONS(arr) \
	"(SELECT string_agg(quote_ident(split_part(o, '=', 1)) || '=' || " \
	"quote_literal(substr(o, strpos(o, '=') + 1)), ', ') FROM unnest(" arr ") o)"
#define INDEX_ATTOPTIONS \
	"(SELECT ia.attoptions FROM pg_attribute ia WHERE ia.attrelid = x.indexrelid " \
	"AND ia.attnum = s)"

/* One index element: a column (quoted) or PostgreSQL's printing of the
 * expression, its collation when not the column's (an expression's: its
 * type's, and only when PostgreSQL prints it: not when it is the
 * expression's own, as in lower(name COLLATE "C"), which would otherwise
 * be adopted with the collation twice), its operator class when not the
 * default or when it has options, its options, then the ordering when it
 * is not the default. */
#define INDEX_EXPR_COLLATE \
	"(x.indkey[s - 1] <> 0 OR strpos(pg_get_indexdef(x.indexrelid), " \
	"pg_get_indexdef(x.indexrelid, s, false) || ' COLLATE ') > 0 OR " \
	"strpos(pg_get_indexdef(x.indexrelid), pg_get_indexdef(x.indexrelid, s, false)) = 0)"
#define INDEX_ELEM \
	"CASE WHEN x.indkey[s - 1] <> 0 THEN " QI("a.attname") \
	" ELSE pg_get_indexdef(x.indexrelid, s, false) END || " \
	"COALESCE(' COLLATE ' || CASE WHEN x.indcollation[s - 1] <> COALESCE(a.attcollation, " \
	"(SELECT t.typcollation FROM pg_attribute ia JOIN pg_type t ON t.oid = ia.atttypid " \
	"WHERE ia.attrelid = x.indexrelid AND ia.attnum = s)) AND " INDEX_EXPR_COLLATE " THEN " \
	COLL_NAME("x.indcollation[s - 1]") " END, '') || " \
	"COALESCE(' ' || CASE WHEN " INDEX_ATTOPTIONS " IS NULL THEN " \
	OPC_NAME("x.indclass[s - 1]") " ELSE " OPC_ANY_NAME("x.indclass[s - 1]") \
	" || ' (' || " RELOPTIONS(INDEX_ATTOPTIONS) " || ')' END, '') || " \
	"CASE WHEN x.indoption[s - 1] & 1 = 1 THEN " \
	"CASE WHEN x.indoption[s - 1] & 2 = 2 THEN ' DESC' ELSE ' DESC NULLS LAST' END " \
	"WHEN x.indoption[s - 1] & 2 = 2 THEN ' NULLS FIRST' ELSE '' END"

/* table oid, name, unique, access method, elements, include columns,
 * predicate, valid, options migc cannot express, comment, nulls not
 * distinct, relation name, relation kind, storage parameters; indexes that belong to a
 * constraint are the constraint's.  Of the tables and materialized views
 * of schema $1. */
#define CATQ_INDEXES_WITH(odd, nnd) \
	"SELECT x.indrelid, i.relname, x.indisunique, am.amname, " \
	"(SELECT string_agg(" INDEX_ELEM ", ', ' ORDER BY s) " \
	"FROM generate_series(1, x.indnkeyatts) s LEFT JOIN pg_attribute a " \
	"ON a.attrelid = x.indrelid AND a.attnum = x.indkey[s - 1]), " \
	"(SELECT string_agg(" QI("a.attname") ", ', ' ORDER BY s) " \
	"FROM generate_series(x.indnkeyatts + 1, x.indnatts) s JOIN pg_attribute a " \
	"ON a.attrelid = x.indrelid AND a.attnum = x.indkey[s - 1]), " \
	"pg_get_expr(x.indpred, x.indrelid), x.indisvalid, " \
	"false" odd ", " \
	DESCRIPTION("pg_class", "x.indexrelid", "0") ", " nnd ", t.relname, t.relkind, " \
	RELOPTIONS("i.reloptions") \
	" FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid " \
	"JOIN pg_am am ON am.oid = i.relam JOIN pg_class t ON t.oid = x.indrelid " \
	"WHERE t.relnamespace = $1 AND t.relkind IN ('r', 'p', 'm') AND (t.relkind <> 'm' " \
	"OR NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass " \
	"AND e.objid = t.oid AND e.deptype = 'e'))" \
	" AND NOT i.relispartition AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE " \
	"k.conindid = x.indexrelid AND k.conrelid = x.indrelid " \
	"AND k.contype IN ('p', 'u', 'x')) ORDER BY i.relname"
#define CATQ_INDEXES CATQ_INDEXES_WITH("", "false")
#define CATQ_INDEXES_15 CATQ_INDEXES_WITH("", "x.indnullsnotdistinct")

/* What migc's language cannot express, besides relations and types
 * (extensions are read by catalog_ext.c):
 * (what, table or NULL, name). */
#define CATQ_OTHERS \
	"SELECT 'ordered-set aggregate', NULL::name, " \
	"p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' " \
	"FROM pg_proc p JOIN pg_aggregate a ON a.aggfnoid = p.oid " \
	"WHERE p.pronamespace = $1 AND a.aggkind <> 'n' AND " \
	NOT_EXTENSION("pg_proc", "p.oid") \
	"UNION ALL SELECT 'rule', c.relname, w.rulename FROM pg_rewrite w " \
	"JOIN pg_class c ON c.oid = w.ev_class WHERE c.relnamespace = $1 " \
	"AND w.rulename <> '_RETURN' " \
	"UNION ALL SELECT 'statistics', NULL, s.stxname FROM pg_statistic_ext s " \
	"WHERE s.stxnamespace = $1 " \
	"UNION ALL SELECT 'operator', NULL, o.oprname FROM pg_operator o " \
	"WHERE o.oprnamespace = $1 AND " NOT_EXTENSION("pg_operator", "o.oid") \
	"ORDER BY 1, 2, 3"

/* table oid, name, permissive, command, roles (sorted, public for 0),
 * using, with check */
#define CATQ_POLICIES \
	"SELECT p.polrelid, p.polname, p.polpermissive, p.polcmd, " \
	"(SELECT string_agg(n, ', ' ORDER BY n) FROM (SELECT CASE WHEN r = 0 " \
	"THEN 'public' ELSE quote_ident(pg_get_userbyid(r)) END n " \
	"FROM unnest(p.polroles) r) x), " \
	"pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) " \
	"FROM pg_policy p WHERE " IN_SCHEMA_TABLES("p.polrelid") \
	" ORDER BY p.polrelid, p.polname"

#endif
