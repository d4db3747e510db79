/*
 * pgsql_tree.h - what a plain SQL statement does, read from PostgreSQL's
 * own parse tree (libpg_query).
 *
 * For one statement: its kind, the objects it creates, alters or drops
 * (schema, name; for functions the argument types), and for views the
 * relations and columns its query reads.  No library type crosses this
 * header; everything lives in the caller's arena.  Names are as
 * PostgreSQL's parser folds them (bare words lower case, quoted kept).
 * A statement of a kind the model does not know is PGSQL_OTHER.
 */
#ifndef MIGC_PGSQL_TREE_H
#define MIGC_PGSQL_TREE_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;
struct parse_ctx;

enum pgsql_kind {
	PGSQL_OTHER,
	PGSQL_CREATE_VIEW,	/* create [or replace] [materialized] view */
	PGSQL_DROP_VIEW,	/* drop [materialized] view a, b */
	PGSQL_RENAME_VIEW,	/* alter [materialized] view a rename to b */
	PGSQL_CREATE_FUNCTION,	/* create [or replace] function|procedure, create aggregate */
	PGSQL_DROP_FUNCTION,	/* drop function|procedure|aggregate|routine */
	PGSQL_RENAME_FUNCTION,	/* alter function|procedure|aggregate f(args) rename to g */
	PGSQL_CREATE_TRIGGER,	/* create [or replace] trigger t ... on tab ... function f() */
	PGSQL_DROP_TRIGGER,	/* drop trigger t on tab */
	PGSQL_CREATE_TYPE,	/* create domain, create type t as (...) | as range (pgsql_types.c) */
	PGSQL_DROP_TYPE,	/* drop domain|type a, b (pgsql_types.c) */
	PGSQL_RENAME_TYPE,	/* alter domain|type a rename to b (pgsql_types.c) */
	PGSQL_ALTER_DOMAIN,	/* alter domain d add|drop|validate|rename constraint,
				 * set|drop default, set|drop not null (pgsql_domain.c) */
	/* event triggers (pgsql_evtrig.c): database-wide, never replayed
	 * into the scratch schemas */
	PGSQL_CREATE_EVTRIG,	/* create event trigger e on EVENT ... execute function f() */
	PGSQL_ALTER_EVTRIG,	/* alter event trigger e enable|disable */
	PGSQL_RENAME_EVTRIG,	/* alter event trigger e rename to f */
	PGSQL_DROP_EVTRIG,	/* drop event trigger [if exists] e [cascade] */
	PGSQL_GRANT,		/* grant|revoke privileges on objects (pgsql_acl.c) */
	PGSQL_OWNER,		/* alter ... owner to, create schema ... authorization (pgsql_acl.c) */
	PGSQL_CREATE_SEQUENCE,	/* create sequence [if not exists] s ... (pgsql_seq.c) */
	PGSQL_ALTER_SEQUENCE,	/* alter sequence [if exists] s ... (pgsql_seq.c) */
	PGSQL_DROP_SEQUENCE,	/* drop sequence [if exists] a, b [cascade] (pgsql_seq.c) */
	PGSQL_RENAME_SEQUENCE,	/* alter sequence a rename to b (pgsql_seq.c) */
	PGSQL_SETSCHEMA_SEQUENCE, /* alter sequence [if exists] s set schema t: new_name t */
	PGSQL_COMMENT_SEQUENCE,	/* comment on sequence s is 'text' | null: comment */
	PGSQL_SETSCHEMA_TABLE,	/* alter table | view | materialized view [if exists]
				 * r set schema s: new_name s (pgsql_seq.c,
				 * replay_setschema.c) */
	PGSQL_SETSCHEMA_OBJECT,	/* alter function|procedure|routine|aggregate|type|
				 * domain [if exists] x set schema s: names[0] x
				 * (routines: with args), new_name s, obj_word */
	PGSQL_COMMENT,		/* comment on view|materialized view|function|procedure|
				 * aggregate|routine|trigger|domain|type (pgsql_comment.c) */
	PGSQL_CREATE_COLL,	/* create collation [if not exists] c (...) | from x (pgsql_coll.c);
				 * if_exists holds "if not exists" */
	PGSQL_DROP_COLL,	/* drop collation [if exists] a, b [cascade] (pgsql_coll.c) */
	PGSQL_ATTACH_INDEX,	/* alter index names[0] attach partition names[1] (pgsql_attach.c) */
	PGSQL_RENAME_COLL,	/* alter collation a rename to b (pgsql_coll.c) */
	PGSQL_REFRESH_COLL,	/* alter collation a refresh version (pgsql_coll.c) */
};

/* Privileges (pgsql_acl.stmt's bits, PostgreSQL's order) */
#define PGSQL_PRIV_SELECT	0x001u
#define PGSQL_PRIV_INSERT	0x002u
#define PGSQL_PRIV_UPDATE	0x004u
#define PGSQL_PRIV_DELETE	0x008u
#define PGSQL_PRIV_TRUNCATE	0x010u
#define PGSQL_PRIV_REFERENCES	0x020u
#define PGSQL_PRIV_TRIGGER	0x040u
#define PGSQL_PRIV_USAGE	0x080u
#define PGSQL_PRIV_CREATE	0x100u
#define PGSQL_PRIV_EXECUTE	0x200u
#define PGSQL_PRIV_ALL		0x3ffu	/* "all [privileges]": those of the object's kind */
#define PGSQL_N_PRIVS		10

/* Object kinds of grants and owners (pgsql_acl.objkind) */
#define PGSQL_ACL_TABLE		't'	/* table, view, materialized view (grant ... on table) */
#define PGSQL_ACL_SEQUENCE	's'
#define PGSQL_ACL_SCHEMA	'n'
#define PGSQL_ACL_FUNCTION	'f'	/* function, procedure, routine */
#define PGSQL_ACL_TYPE		'y'	/* owners only: alter type|domain */
#define PGSQL_ACL_COLLATION	'l'	/* owners only: alter collation */

/* grant, revoke, owner to (pgsql_acl.c) */
struct pgsql_acl {
	bool is_grant;		/* grant (false: revoke) */
	bool grant_option;	/* with grant option / revoke grant option for */
	bool all_in_schema;	/* on all tables|sequences|functions in schema: objs are schemas */
	char objkind;		/* PGSQL_ACL_* */
	char owner_word;	/* owners: 't' table, 'v' view, 'm' materialized view,
				 * 's' sequence, 'f' function, 'p' procedure, 'n' schema,
				 * 'y' type, 'd' domain, 'l' collation: how the
				 * statement names it */
	unsigned privs;		/* the relation's privileges (PGSQL_PRIV_*) */
	const char **cols;	/* column privileges: n_cols columns, each with col_privs */
	unsigned *col_privs;
	size_t n_cols;
	const char **grantees;	/* role names, "public" for PUBLIC */
	size_t n_grantees;
	const char *owner;	/* owners: the new owner */
};

/* user-defined type kinds (pgsql_stmt.type_kind) */
#define PGSQL_DOMAIN 'd'
#define PGSQL_COMPOSITE 'c'
#define PGSQL_RANGE 'r'
#define PGSQL_SHELL 's'		/* create type t; (no definition yet) */
#define PGSQL_BASE 'b'		/* create type t (input = ..., ...): not modelled */

/* routine kinds */
#define PGSQL_FUNCTION 'f'
#define PGSQL_PROCEDURE 'p'
#define PGSQL_AGGREGATE 'a'

struct pgsql_name {
	const char *schema;	/* NULL when not written */
	const char *name;
	const char *args;	/* routines: argument types, e.g. "int4,text",
				 * "" for none, NULL when not written (drop f) */
	const char *table;	/* triggers: the table (schema is the table's) */
};

/* A column reference of a view's query: `qual` is the relation or alias
 * written before it (NULL when unqualified); name "*" for a star. */
struct pgsql_colref {
	const char *qual;
	const char *name;
};

struct pgsql_rel {
	struct pgsql_name name;
	const char *alias;	/* NULL when none */
};

struct pgsql_stmt {
	enum pgsql_kind kind;
	bool materialized;	/* views */
	char routine;		/* PGSQL_FUNCTION, _PROCEDURE, _AGGREGATE; 0 for "routine" */
	bool replace, if_exists, cascade;
	struct pgsql_name *names;	/* the targets (drop may list several) */
	size_t n_names;
	const char *new_name;		/* renames */
	/* views: the text after the view's name as written ("(a, b) as
	 * select ..."), and what the query reads */
	const char *def;
	struct pgsql_rel *rels;
	size_t n_rels;
	struct pgsql_colref *cols;
	size_t n_cols;
	/* views: relations and routines */
	const char *language;		/* routines: "plpgsql", "sql", ... */
	bool body_as;			/* routines: the body is an AS string */
	/* triggers: the function it executes */
	struct pgsql_name func;
	/* types: PGSQL_DOMAIN, _COMPOSITE, _RANGE; 0 for "drop type" */
	char type_kind;
	/* alter domain: 'T' set default (has_default) or drop default, 'O'
	 * set not null, 'N' drop not null, 'C' add constraint (con_name NULL
	 * when unnamed; not_valid), 'X' drop constraint, 'V' validate
	 * constraint, 'R' rename constraint con_name to new_name */
	char domain_op;
	const char *con_name;
	bool has_default, not_valid;
	/* event triggers: the event, and the state an alter sets ('O'
	 * enable, 'D' disable, 'R' enable replica, 'A' enable always) */
	const char *evt_event;
	char evt_enabled;
	/* create event trigger: its tags ("when tag in"), upper case, sorted,
	 * joined by ", "; "" for none */
	const char *evt_tags;
	/* grants and owners: the objects are names[] (schemas: name only;
	 * functions: with args) */
	struct pgsql_acl *acl;
	/* sequences: the options written (create and alter), else NULL */
	const struct pgsql_seq *seq;
	/* comments: what is commented on ('v' view, 'm' materialized view,
	 * 'r' routine (routine says which, 0 for "routine"), 't' trigger,
	 * 'd' domain, 'y' type), names[0] the object; the text, NULL for
	 * IS NULL */
	char comment_on;
	const char *comment;
	/* set schema: the object's kind as written ("table", "view",
	 * "materialized view", "sequence", "function", "type", ...) */
	const char *obj_word;
};

/* The options of create|alter sequence as written (pgsql_seq.c).  A
 * has_ flag says the option is there; no_min / no_max stand for "no
 * minvalue" / "no maxvalue".  Numbers are read from the statement's text
 * (the library's JSON drops negative integers). */
struct pgsql_seq {
	const char *as_type;		/* "smallint", "integer", "bigint"; NULL */
	bool has_inc, has_start, has_min, no_min, has_max, no_max, has_cache;
	bool has_cycle, cycle, has_restart, restart_with;
	long long inc, start, min, max, cache, restart;	/* restart: restart_with */
	/* owned by [schema.]table.column, or owned by none (owner_none) */
	bool has_owner, owner_none;
	const char *owner_schema, *owner_table, *owner_column;
	bool bad;			/* an option migc cannot read */
};

/* pgsql_evtrig.c: describes st when it creates, alters, renames or drops
 * an event trigger; false otherwise. */
struct pj;
bool pgsql_describe_evtrig(struct arena *a, const struct pj *st, struct pgsql_stmt *o);
/* pgsql_coll.c: describes st when it creates or drops collations. */
bool pgsql_describe_coll(struct arena *a, const struct pj *st, struct pgsql_stmt *o);

/* pgsql_attach.c: describes st when it is alter index ... attach
 * partition (PGSQL_ATTACH_INDEX); false otherwise. */
bool pgsql_describe_attach(struct arena *a, const struct pj *st, struct pgsql_stmt *o);

/* pgsql_domain.c: describes st when it is an alter domain the model
 * knows (PGSQL_ALTER_DOMAIN); false otherwise. */
struct pj;
bool pgsql_describe_domain(struct arena *a, const struct pj *st, struct pgsql_stmt *o);

/* pgsql_types.c: describes st (a statement's parse node) when it creates
 * drops or renames a domain, composite or range type; false otherwise. */
struct pj;
bool pgsql_describe_type(struct arena *a, const struct pj *st, struct pgsql_stmt *o);

/* pgsql_acl.c: describes st when it grants or revokes privileges, or
 * sets an owner, on objects of the kinds above, with named roles or
 * PUBLIC (current_user and the like stay opaque); false otherwise. */
bool pgsql_describe_acl(struct arena *a, const struct pj *st, struct pgsql_stmt *o);
/* pgsql_names.c: an ObjectWithArgs node as a routine's name and identity
 * arguments; a list of String nodes as [schema.]name; a FunctionParameter
 * list's identity argument types ("int4,text"; OUT ones with with_out). */
bool pgsql_objwithargs(struct arena *a, const struct pj *owa, bool with_out,
		       struct pgsql_name *out);
bool pgsql_qname(const struct pj *list, struct pgsql_name *out);
/* The same for an any_name of at most three parts (more: false), as
 * domain and type statements name their objects. */
bool pgsql_any_name(const struct pj *list, struct pgsql_name *out);
const char *pgsql_params(struct arena *a, const struct pj *list, bool with_out);
/* pgsql_comment.c: describes st when it is a comment on an object kind
 * of PGSQL_COMMENT; false otherwise. */
bool pgsql_describe_comment(struct arena *a, const struct pj *st, struct pgsql_stmt *o);
/* pgsql_seq.c: describes st when it creates, alters, drops or renames a
 * sequence (the text sql[0..n) for the numbers); false otherwise. */
bool pgsql_describe_seq(struct arena *a, const char *sql, size_t n, const struct pj *st,
			struct pgsql_stmt *o);

/* pgsql_seq.c: for a DefElem "owned by SCHEMA.table.column" of text
 * sql[0..n), the character position of SCHEMA (decimal, in a) and *schema;
 * NULL for any other option. */
/* pgsql_seq.c: for a node under `key` that names a relation by a standard
 * string literal "SCHEMA.rel" (a TypeCast to regclass, or the first
 * argument of a FuncCall of nextval, currval or setval), the character
 * position of SCHEMA inside the literal and *schema; else NULL. */
const char *pgsql_seq_literal_ref(struct arena *a, const char *key, const struct pj *node,
				  const char *sql, size_t n, const char **schema);
const char *pgsql_seq_owner_ref(struct arena *a, const struct pj *de, const char *sql,
				size_t n, const char **schema);

/* Describes the single statement in sql[0..n).  Returns false (and kind
 * PGSQL_OTHER) when the text does not parse or holds several statements. */
bool pgsql_describe(struct arena *a, const char *sql, size_t n, struct pgsql_stmt *out);

/* A schema written before a relation, function or type name: the byte
 * span of the schema's token in the text, the schema, and what the parse
 * tree says the qualified name is (with the name, for a type or a
 * function; PGSQL_REF_OTHER: a relation, or a name found in the text). */
enum pgsql_ref_kind { PGSQL_REF_TYPE, PGSQL_REF_FUNC, PGSQL_REF_OTHER };
struct pgsql_schema_ref {
	size_t offset, len;
	const char *schema;
	enum pgsql_ref_kind kind;
	const char *name;		/* PGSQL_REF_TYPE, PGSQL_REF_FUNC */
};
/* The schema qualifiers of the single statement in sql[0..n), in text
 * order (arena array); 0 when it does not parse. */
size_t pgsql_schema_refs(struct arena *a, const char *sql, size_t n,
			 struct pgsql_schema_ref **out);

/* A relation name the single statement in sql[0..n) writes (pgsql_rels.c):
 * its byte offset, schema (NULL when not written) and name; `target`: the
 * relation the statement creates (view, sequence, table) or a trigger's
 * table.  In text order (arena array); 0 when it does not parse. */
struct pgsql_rel_ref {
	size_t offset;
	const char *schema, *name;
	bool target;
	bool literal;	/* named by a string literal ('x'::regclass, nextval('x')) */
	bool opaque;	/* a literal not written as the name (E'', $$): offset at it */
};
size_t pgsql_rel_refs(struct arena *a, const char *sql, size_t n,
		      struct pgsql_rel_ref **out);
/* The same for an expression's text (a default, a check, an index's);
 * 0 when it does not parse. */
size_t pgsql_expr_rels(struct arena *a, const char *expr, struct pgsql_rel_ref **out);

/* PL/pgSQL: checks the body of a create function|procedure statement in
 * language plpgsql.  On error fills msg (size cap) and *line (the body's
 * line PL/pgSQL names, 1-based; 0 when unknown) and returns false. */
bool pgsql_check_plpgsql(const char *sql, size_t n, char *msg, size_t cap, int *line);

/* The front end's check of a plain SQL statement at `loc` (its text sql):
 * a PL/pgSQL body's syntax error is reported inside the body
 * (pgsql_plpgsql.c). */
void pgsql_check_routine(struct parse_ctx *c, const char *sql, struct loc loc);

#endif
