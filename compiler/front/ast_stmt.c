/*
 * ast_stmt.c - AST constructors for statements, files and revision headers
 * (and the identity and sequence name column clauses).
 *
 * Grammar actions call these, one per action; lists built by the grammar
 * become the arrays of ast.h here.  Revision header items may come in any
 * order, each at most once; a repeated item is an error that points at the
 * first one.
 */
#include <ctype.h>
#include <string.h>

#include "arena.h"
#include "ast_build.h"
#include "diag.h"

static struct ast_stmt *stmt_new(struct parse_ctx *c, enum ast_stmt_kind k,
				 struct loc loc)
{
	struct ast_stmt *s = arena_alloc(c->arena, sizeof *s);
	s->kind = k;
	s->loc = loc;
	return s;
}

struct ast_stmt *ast_create_table(struct parse_ctx *c, struct ast_name name,
				  bool if_not_exists, struct ast_list *elems,
				  struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_CREATE_TABLE, loc);
	s->target = name;
	s->if_not_exists = if_not_exists;
	size_t n = elems ? elems->n : 0;
	if (!n)
		return s;
	s->u.table.columns = arena_calloc(c->arena, n, sizeof *s->u.table.columns);
	s->u.table.constraints = arena_calloc(c->arena, n, sizeof *s->u.table.constraints);
	for (size_t i = 0; i < n; i++) {
		struct ast_table_elem *e = elems->items[i];
		if (e->column)
			s->u.table.columns[s->u.table.n_columns++] = *e->column;
		else
			s->u.table.constraints[s->u.table.n_constraints++] = *e->con;
	}
	return s;
}

struct ast_stmt *ast_drop(struct parse_ctx *c, enum ast_stmt_kind kind,
			  struct ast_name name, bool if_exists, int behavior,
			  bool concurrently, struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, kind, loc);
	s->target = name;
	s->if_exists = if_exists;
	s->cascade = behavior == 1;
	if (kind == STMT_DROP_INDEX)
		s->u.drop.concurrently = concurrently;
	return s;
}

struct ast_stmt *ast_drop_list(struct parse_ctx *c, enum ast_stmt_kind kind,
			       struct ast_list *names, bool if_exists, int behavior,
			       bool concurrently, struct loc loc)
{
	struct ast_stmt *s = ast_drop(c, kind, *(struct ast_name *)names->items[0],
				      if_exists, behavior, concurrently, loc);
	if (names->n > 1 && concurrently)
		diag_error(c->diag, ((struct ast_name *)names->items[1])->loc,
			   "drop index concurrently does not support dropping multiple objects");
	if (names->n > 1) {
		s->u.drop.n_more = names->n - 1;
		s->u.drop.more = arena_calloc(c->arena, names->n - 1, sizeof *s->u.drop.more);
		for (size_t i = 1; i < names->n; i++)
			s->u.drop.more[i - 1] = *(struct ast_name *)names->items[i];
	}
	return s;
}

struct ast_name *ast_name_box(struct parse_ctx *c, struct ast_name n)
{
	struct ast_name *p = arena_alloc(c->arena, sizeof *p);
	*p = n;
	return p;
}

struct ast_stmt *ast_rename(struct parse_ctx *c, enum ast_stmt_kind kind,
			    struct ast_name name, bool if_exists,
			    struct ast_ident new_name, struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, kind, loc);
	s->target = name;
	s->if_exists = if_exists;
	s->u.rename.new_name = new_name;
	return s;
}

struct ast_stmt *ast_rename_member(struct parse_ctx *c,
				   enum ast_stmt_kind kind,
				   struct ast_name table, bool if_exists,
				   struct ast_ident old_name,
				   struct ast_ident new_name, struct loc loc)
{
	struct ast_stmt *s = ast_rename(c, kind, table, if_exists, new_name, loc);
	s->u.rename.member = old_name;
	return s;
}

struct ast_stmt *ast_alter_table(struct parse_ctx *c, struct ast_name name,
				 bool if_exists, struct ast_list *alters,
				 struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_ALTER_TABLE, loc);
	s->target = name;
	s->if_exists = if_exists;
	s->u.alter.n_alters = alters ? alters->n : 0;
	s->u.alter.alters = arena_calloc(c->arena, s->u.alter.n_alters ? s->u.alter.n_alters : 1,
				 sizeof *s->u.alter.alters);
	for (size_t i = 0; i < s->u.alter.n_alters; i++)
		s->u.alter.alters[i] = *(struct ast_alter *)alters->items[i];
	return s;
}

struct ast_index_head *ast_index_head(struct parse_ctx *c, bool unique,
				      bool concurrently, bool if_not_exists,
				      struct ast_ident *name, bool only,
				      struct ast_name table,
				      const struct ast_ident *method)
{
	struct ast_index_head *h = arena_alloc(c->arena, sizeof *h);
	h->unique = unique;
	h->concurrently = concurrently;
	h->if_not_exists = if_not_exists;
	h->name = name;
	h->only = only;
	h->table = table;
	h->method = method ? method->name : NULL;
	return h;
}

/* The index lives in its table's schema: target.schema is the table's. */
struct ast_stmt *ast_create_index(struct parse_ctx *c,
				  struct ast_index_head *h,
				  struct ast_list *elems,
				  struct ast_list *include,
				  struct ast_expr *where, bool nulls_not_distinct,
				  const char *with, struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_CREATE_INDEX, loc);
	s->u.index.nulls_not_distinct = nulls_not_distinct;
	s->u.index.with = with;
	s->u.index.only = h->only;
	s->target.schema = h->table.schema;
	s->target.name = h->name ? h->name->name : NULL;
	s->target.loc = h->name ? h->name->loc : h->table.loc;
	s->u.index.table = h->table;
	s->u.index.unique = h->unique;
	s->u.index.concurrently = h->concurrently;
	s->if_not_exists = h->if_not_exists;
	s->u.index.method = h->method;
	s->u.index.n_elems = elems ? elems->n : 0;
	s->u.index.elems = arena_calloc(c->arena, s->u.index.n_elems ? s->u.index.n_elems : 1,
				sizeof *s->u.index.elems);
	for (size_t i = 0; i < s->u.index.n_elems; i++)
		s->u.index.elems[i] = *(struct ast_index_elem *)elems->items[i];
	s->u.index.include = idents_of(c, include, &s->u.index.n_include);
	s->u.index.where = where;
	return s;
}

/* PostgreSQL's limit on enum labels (NAMEDATALEN - 1). */
static void check_label(struct parse_ctx *c, struct ast_ident label)
{
	if (strlen(label.name) > 63)
		diag_error(c->diag, label.loc,
			   "enum label \"%s\" is longer than 63 bytes", label.name);
}

static void set_labels(struct parse_ctx *c, struct ast_stmt *s,
		       const struct ast_ident *labels, size_t n)
{
	s->u.enum_.n_labels = n;
	s->u.enum_.labels = arena_calloc(c->arena, n ? n : 1, sizeof *s->u.enum_.labels);
	s->u.enum_.label_locs = arena_calloc(c->arena, n ? n : 1, sizeof *s->u.enum_.label_locs);
	for (size_t i = 0; i < n; i++) {
		check_label(c, labels[i]);
		s->u.enum_.labels[i] = labels[i].name;
		s->u.enum_.label_locs[i] = labels[i].loc;
	}
}

struct ast_stmt *ast_create_enum(struct parse_ctx *c, struct ast_name name,
				 struct ast_list *labels, struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_CREATE_ENUM, loc);
	s->target = name;
	size_t n;
	struct ast_ident *l = idents_of(c, labels, &n);
	set_labels(c, s, l, n);
	return s;
}

struct ast_stmt *ast_add_enum_value(struct parse_ctx *c, struct ast_name name,
				    bool if_not_exists, struct ast_ident label,
				    int where, const struct ast_ident *neighbor,
				    struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_ADD_ENUM_VALUE, loc);
	s->target = name;
	s->if_not_exists = if_not_exists;
	set_labels(c, s, &label, 1);
	if (where && neighbor) {
		s->u.enum_.neighbor = neighbor->name;
		s->u.enum_.before = where == 1;
	}
	return s;
}

struct ast_stmt *ast_rename_enum_value(struct parse_ctx *c,
				       struct ast_name name,
				       struct ast_ident old_label,
				       struct ast_ident new_label,
				       struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_RENAME_ENUM_VALUE, loc);
	s->target = name;
	struct ast_ident l[2] = { old_label, new_label };
	set_labels(c, s, l, 2);
	return s;
}

struct ast_stmt *ast_create_schema(struct parse_ctx *c, struct ast_ident name,
				   bool if_not_exists, const struct ast_ident *owner,
				   struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_CREATE_SCHEMA, loc);
	s->target = ast_name1(c, name);
	s->if_not_exists = if_not_exists;
	if (owner)
		s->u.schema.owner = *owner;
	return s;
}

struct ast_stmt *ast_comment(struct parse_ctx *c,
			     enum ast_comment_target target,
			     struct ast_name object,
			     const struct ast_ident *member,
			     const char *text, struct loc loc)
{
	struct ast_stmt *s = stmt_new(c, STMT_COMMENT, loc);
	s->u.comment.comment_target = target;
	s->target = object;
	if (member)
		s->u.comment.member = *member;
	s->u.comment.comment = text;
	return s;
}

struct ast_stmt *ast_comment_column3(struct parse_ctx *c,
				     struct ast_ident schema,
				     struct ast_ident table,
				     struct ast_ident column,
				     const char *text, struct loc loc)
{
	return ast_comment(c, COMMENT_COLUMN, ast_name2(c, schema, table),
			   &column, text, loc);
}

/* ---- files and revision headers ------------------------------------- */

static struct ast_stmt *stmts_of(struct parse_ctx *c, struct ast_list *l,
				 size_t *n)
{
	size_t cap = l ? l->n : 0;
	for (size_t i = 0; l && i < l->n; i++) {
		const struct ast_stmt *s = l->items[i];
		if (s->kind == STMT_CREATE_SCHEMA)
			cap += s->u.schema.n_elts;
	}
	struct ast_stmt *a = arena_calloc(c->arena, cap ? cap : 1, sizeof *a);
	*n = 0;
	for (size_t i = 0; l && i < l->n; i++) {
		/* create schema s <elements>: the elements follow it */
		const struct ast_stmt *s = l->items[i];
		a[(*n)++] = *s;
		for (size_t k = 0; s->kind == STMT_CREATE_SCHEMA && k < s->u.schema.n_elts; k++)
			a[(*n)++] = *s->u.schema.elts[k];
	}
	return a;
}

void ast_file_stmts(struct parse_ctx *c, struct ast_list *stmts)
{
	c->file->stmts = stmts_of(c, stmts, &c->file->n_stmts);
}

static void header_item(struct parse_ctx *c, struct loc loc)
{
	if (!c->rev_header_loc.file)
		c->rev_header_loc = loc;
	else
		c->rev_header_loc = loc_join(c->rev_header_loc, loc);
	c->rev->loc = c->rev_header_loc;
}

/* True (and an error) if the item was already given at `first`. */
static bool duplicate(struct parse_ctx *c, bool seen, struct loc first,
		      struct loc loc, const char *what)
{
	if (!seen)
		return false;
	diag_error(c->diag, loc, "duplicate \"%s\" in revision file", what);
	diag_note(c->diag, first, "first given here");
	return true;
}

/* A control character (below 0x20 but tab, or 0x7f) in a revision id or
 * message would end the "-- id: message" comment of a `sql` script (the
 * rest would run under psql) or reach a terminal as an escape sequence.
 * False (and an error at the character, when the source holds it
 * literally) if `text` has one. */
static bool header_text_ok(struct parse_ctx *c, const char *text,
			   struct loc loc, const char *what)
{
	const unsigned char *p = (const unsigned char *)text;
	while (*p && (*p >= 0x20 || *p == '\t') && *p != 0x7f)
		p++;
	if (!*p)
		return true;
	struct loc at = loc;
	for (uint32_t i = loc.start; i < loc.end; i++) {
		unsigned char ch = (unsigned char)c->src->text[i];
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			at.start = i;
			at.end = i + 1;
			break;
		}
	}
	diag_error(c->diag, at,
		   "control character U+%04X in the %s: ids and messages are printed into SQL "
		   "comments and to terminals, so they must be one line of printable text",
		   (unsigned)*p, what);
	return false;
}

bool ast_rev_id_reserved(const char *id)
{
	static const char *const words[] = { "head", "heads", "base" };
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t k = 0;
		while (words[i][k] && tolower((unsigned char)id[k]) == words[i][k])
			k++;
		if (!words[i][k] && !id[k])
			return true;
	}
	return false;
}

void ast_rev_id(struct parse_ctx *c, struct ast_ident id, struct loc loc)
{
	struct ast_revision *r = c->rev;
	if (duplicate(c, r->id.name != NULL, r->id.loc, loc, "revision"))
		return;
	header_item(c, loc);
	header_text_ok(c, id.name, id.loc, "revision id");
	r->id = id;
	if (id.name && ast_rev_id_reserved(id.name))
		diag_error(c->diag, id.loc,
			   "revision id \"%s\" is reserved: the migrator reads it as a target, not as this revision",
			   id.name);
}

void ast_rev_parents(struct parse_ctx *c, struct ast_list *parents,
		     struct loc loc)
{
	struct ast_revision *r = c->rev;
	if (duplicate(c, c->parent_loc.file != NULL, c->parent_loc, loc,
		      "parent"))
		return;
	header_item(c, loc);
	c->parent_loc = loc;
	r->parent_base = parents == NULL;
	r->parents = idents_of(c, parents, &r->n_parents);
	for (size_t i = 0; i < r->n_parents; i++)
		header_text_ok(c, r->parents[i].name, r->parents[i].loc, "parent id");
}

void ast_rev_message(struct parse_ctx *c, const char *text, bool ident,
		     struct loc tok_loc, struct loc loc)
{
	struct ast_revision *r = c->rev;
	if (ident && c->src->text[tok_loc.start] != '"') {
		diag_error(c->diag, tok_loc,
			   "the message must be quoted: message \"...\"");
		return;
	}
	if (duplicate(c, r->message != NULL, r->message_loc, loc, "message"))
		return;
	header_item(c, loc);
	header_text_ok(c, text, tok_loc, "revision message");
	r->message = text;
	r->message_loc = loc;
}

void ast_rev_inexact(struct parse_ctx *c, struct loc loc)
{
	struct ast_revision *r = c->rev;
	if (duplicate(c, r->inexact_downgrade, r->inexact_loc, loc,
		      "inexact_downgrade"))
		return;
	header_item(c, loc);
	r->inexact_downgrade = true;
	r->inexact_loc = loc;
}

void ast_rev_no_transaction(struct parse_ctx *c, struct loc loc)
{
	struct ast_revision *r = c->rev;
	if (duplicate(c, r->no_transaction, r->no_transaction_loc, loc,
		      "no_transaction"))
		return;
	header_item(c, loc);
	r->no_transaction = true;
	r->no_transaction_loc = loc;
}

void ast_rev_block(struct parse_ctx *c, bool upgrade, struct ast_list *stmts,
		   struct loc kw_loc)
{
	struct ast_revision *r = c->rev;
	if (upgrade) {
		if (duplicate(c, r->has_upgrade, r->upgrade_loc, kw_loc,
			      "upgrade"))
			return;
		r->has_upgrade = true;
		r->upgrade_loc = kw_loc;
		r->upgrade = stmts_of(c, stmts, &r->n_upgrade);
	} else {
		if (duplicate(c, r->has_downgrade, r->downgrade_loc, kw_loc,
			      "downgrade"))
			return;
		r->has_downgrade = true;
		r->downgrade_loc = kw_loc;
		r->downgrade = stmts_of(c, stmts, &r->n_downgrade);
	}
}

void ast_rev_finish(struct parse_ctx *c)
{
	struct ast_revision *r = c->rev;
	struct loc at = c->rev_header_loc.file ? c->rev_header_loc
					       : (struct loc){ c->src, 0, 0 };
	at.end = at.start;
	/* after a syntax error the line may be there, just unparsed */
	if (c->diag->n_errors > c->errors_before)
		return;
	if (!r->id.name)
		diag_error(c->diag, at,
			   "revision file has no \"revision\" line");
	if (!c->parent_loc.file)
		diag_error(c->diag, at,
			   "revision file has no \"parent\" line "
			   "(the first revision says \"parent base\")");
}

/* ---- identity and sequence name (column clauses; here for ast.c's size) */

struct ast_constraint *ast_con_identity(struct parse_ctx *c, bool always,
					const struct ast_ident *seq, struct loc loc)
{
	struct ast_constraint *con = ast_con_simple(c, CON_IDENTITY, loc);
	con->identity_always = always;
	if (seq) {
		con->seq_name = seq->name;
		con->seq_loc = seq->loc;
	}
	return con;
}

const struct ast_ident *ast_seq_words(struct parse_ctx *c, const char *w, struct loc l,
				      const struct ast_ident *seq)
{
	if (strcmp(w, "name") != 0) {
		diag_error(c->diag, l, "syntax error at or near \"%s\" (expected \"sequence name NAME\")", w);
		return NULL;
	}
	return seq;
}

struct ast_constraint *ast_con_sequence(struct parse_ctx *c, const struct ast_ident *seq,
					struct loc loc)
{
	struct ast_constraint *con = ast_con_simple(c, seq ? CON_SEQUENCE : CON_NULL, loc);
	if (seq) {
		con->seq_name = seq->name;
		con->seq_loc = seq->loc;
	}
	return con;
}
