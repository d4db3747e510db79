/*
 * compile.c - the checking pass over a whole project.
 *
 * Revisions are replayed in topological order into one schema model.  For
 * each revision the upgrade is first applied to a trial clone of the model
 * in a scratch arena (deriving the downgrade statement by statement when
 * the file has no downgrade block, reporting what it finds), the downgrade
 * is replayed on a clone of the trial, and that must equal the model before
 * the revision: a downgrade returns the schema exactly to its parent's
 * state.  Then the upgrade is replayed once more, silently, on the model
 * itself, which is never cloned for keeps and so is written in place: the
 * history leaves no dead copies of its tables behind.  The scratch arena is
 * reset per revision so memory stays proportional to one model, not to the
 * history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "exec_check.h"
#include "invert.h"
#include "lint.h"
#include "model.h"
#include "naming.h"
#include "conf.h"
#include "project.h"
#include "replay.h"
#include "sha256.h"
#include "sql.h"

/* Statements derived for one revision's downgrade, grouped per upgrade
 * statement so the groups can be run in reverse. */
struct derived {
	struct ast_stmt **groups;
	size_t *group_len;
	size_t n_groups;
};

static unsigned compile_line_of(const struct loc *l)
{
	unsigned line = 0, col;
	if (l->file)
		src_line_col(l->file, l->start, &line, &col);
	return line;
}

/* The statement's text and where it names the default schema (the
 * migrator's --schema qualifies those places; the text is unchanged).
 * Rendered in `scratch`, whose growing buffers are dropped, and kept in
 * `a` at its final size. */
static void compile_render(struct arena *a, struct arena *scratch, const struct ast_stmt *s,
			   const char *default_schema, struct rendered_stmt *out)
{
	struct sql_slots slots;
	const char *sql = sql_render_stmt_slots(scratch, s, default_schema, &slots);
	out->sql = arena_strdup(a, sql);
	out->sum_sql = checksum_text(a, s, default_schema);
	unsigned *v = NULL;
	if (slots.n) {
		v = arena_calloc(a, 2 * slots.n, sizeof *v);
		memcpy(v, slots.v, 2 * slots.n * sizeof *v);
	}
	out->slots = v;
	out->n_slots = slots.n;
	out->line = compile_line_of(&s->loc);
}

/*
 * Checksums.  A checksum recorded in a user's version table must verify
 * against every later migc: what goes into a checksum version is frozen
 * once released (tests/golden/checksums holds them).  A change to its
 * input (the renderer included) is a new version; the plan carries the
 * old one too, and the migrator accepts a row that holds either.
 *
 * v1 (before framing): the fields are concatenated, so an execute body
 * holding ";\ndowngrade\n" moves text between upgrade and downgrade
 * without changing it.  Kept only to verify rows recorded with it: the
 * migrator's plan carries it; `migc check` and `lint` (no plan facts)
 * compute it only for a revision whose released checksum is not v2
 * (released.c).
 */
/* The text a checksum covers (checksum_text.c). */
static const char *sum_of(const struct rendered_stmt *st)
{
	return st->sum_sql ? st->sum_sql : st->sql;
}

void compile_checksum_v1(struct arena *scratch, struct revision *r)
{
	/* sb_puts, not sb_printf: this runs for every revision, and each
	 * printf formats twice */
	struct strbuf sb;
	sb_init(&sb, scratch);
	sb_puts(&sb, "migc revision v1\nid ");
	sb_puts(&sb, r->id);
	sb_puts(&sb, "\nparents");
	if (r->n_parents == 0)
		sb_puts(&sb, " base");
	for (size_t i = 0; i < r->n_parents; i++) {
		sb_putc(&sb, ' ');
		sb_puts(&sb, r->parents[i]->id);
	}
	if (r->ast->no_transaction)
		sb_puts(&sb, "\nno_transaction");
	sb_puts(&sb, "\nupgrade\n");
	for (size_t i = 0; i < r->n_up; i++) {
		sb_puts(&sb, sum_of(&r->up[i]));
		sb_puts(&sb, ";\n");
	}
	sb_puts(&sb, "downgrade\n");
	for (size_t i = 0; i < r->n_down; i++) {
		sb_puts(&sb, sum_of(&r->down[i]));
		sb_puts(&sb, ";\n");
	}
	sha256_hex(sb.data, sb.len, r->checksum_v1);
}

/* "NAME N\n": a count or a flag. */
static void frame_count(struct strbuf *sb, const char *name, size_t n)
{
	char num[24];
	snprintf(num, sizeof num, " %zu\n", n);
	sb_puts(sb, name);
	sb_puts(sb, num);
}

/* "NAME LEN:BYTES\n": a field whose length is stated before it, so that
 * no content can be read as the start of the next field. */
static void frame_text(struct strbuf *sb, const char *name, const char *text)
{
	size_t len = strlen(text);
	char num[24];
	snprintf(num, sizeof num, " %zu:", len);
	sb_puts(sb, name);
	sb_puts(sb, num);
	sb_put(sb, text, len);
	sb_putc(sb, '\n');
}

/* v2: every field framed with its length, every list with its count.
 * Recorded as "v2:" + hex, so a row says which version it holds. */
static void compile_checksum_v2(struct arena *scratch, struct revision *r)
{
	struct strbuf sb;
	sb_init(&sb, scratch);
	sb_puts(&sb, "migc revision v2\n");
	frame_text(&sb, "id", r->id);
	frame_count(&sb, "parents", r->n_parents);
	for (size_t i = 0; i < r->n_parents; i++)
		frame_text(&sb, "parent", r->parents[i]->id);
	frame_count(&sb, "no_transaction", r->ast->no_transaction ? 1 : 0);
	frame_count(&sb, "upgrade", r->n_up);
	for (size_t i = 0; i < r->n_up; i++)
		frame_text(&sb, "stmt", sum_of(&r->up[i]));
	frame_count(&sb, "downgrade", r->n_down);
	for (size_t i = 0; i < r->n_down; i++)
		frame_text(&sb, "stmt", sum_of(&r->down[i]));
	memcpy(r->checksum, "v2:", 3);
	sha256_hex(sb.data, sb.len, r->checksum + 3);
}

static void compile_checksum(struct arena *scratch, struct revision *r, bool plan_facts)
{
	if (plan_facts)
		compile_checksum_v1(scratch, r);
	compile_checksum_v2(scratch, r);
}

/* Reports the differences between the parent's schema and the schema the
 * downgrade leaves, as an error or (inexact_downgrade) a warning. */
static void compile_report_downgrade_diff(struct diag *d, const struct revision *r,
					  const char **lines, size_t n)
{
	const struct ast_revision *ar = r->ast;
	struct loc where = ar->has_downgrade ? ar->downgrade_loc : ar->id.loc;
	enum diag_level level = ar->inexact_downgrade ? DIAG_WARNING : DIAG_ERROR;
	char buf[2048];
	size_t used = 0;
	buf[0] = '\0';
	size_t shown = n < 4 ? n : 3;
	for (size_t i = 0; i < shown && used < sizeof buf; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s",
					 i ? "; " : "", lines[i]);
	if (shown < n && used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, "; and %zu more", n - shown);
	diag_at(d, level, where,
		"%s of revision \"%s\" does not return the schema to its parent's state: %s",
		ar->has_downgrade ? "downgrade" : "derived downgrade", r->id, buf);
	if (level == DIAG_ERROR)
		diag_note(d, ar->id.loc,
			  "if this is intended, mark the revision \"inexact_downgrade\" in its header");
}

/* `sequence name x` written as a clause of its own has no SQL: it belongs
 * to schema.mig, where a serial's sequence can be named; a revision names
 * an identity's sequence in the identity clause. */
static void compile_check_seq_clause(struct diag *d, const struct ast_stmt *s)
{
	bool create = s->kind == STMT_CREATE_TABLE;
	const struct ast_column *cols = create ? s->u.table.columns : NULL;
	size_t n = create ? s->u.table.n_columns : 0;
	for (size_t i = 0; s->kind == STMT_ALTER_TABLE && i < s->u.alter.n_alters; i++)
		if (s->u.alter.alters[i].kind == ALT_ADD_COLUMN) {
			cols = s->u.alter.alters[i].column;
			n = 1;
			break;
		}
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < cols[i].n_constraints; k++)
			if (cols[i].constraints[k].kind == CON_SEQUENCE)
				diag_error(d, cols[i].constraints[k].loc,
					   "\"sequence name\" is for schema.mig; in a revision, name an identity column's sequence with \"generated ... as identity (sequence name %s)\" (a serial's sequence keeps PostgreSQL's name)",
					   cols[i].constraints[k].seq_name);
}

/* PostgreSQL refuses CONCURRENTLY inside a transaction block, and a
 * revision runs in one unless its header says "no_transaction": say so at
 * compile time instead of failing on the server. */
static void compile_check_transactional(struct diag *d, const struct ast_revision *ar,
					const struct ast_stmt *s)
{
	if ((s->kind == STMT_CREATE_INDEX || s->kind == STMT_DROP_INDEX ||
	     s->kind == STMT_DETACH_PARTITION) &&
	    ast_stmt_concurrently(s) && !ar->no_transaction) {
		diag_error(d, s->loc,
			   "\"%s concurrently\" cannot run inside a transaction block, and this revision runs in one",
			   s->kind == STMT_CREATE_INDEX ? "create index" :
			   s->kind == STMT_DROP_INDEX ? "drop index" : "alter table ... detach partition");
		diag_note(d, ar->id.loc,
			  "add \"no_transaction\" to the header of revision \"%s\" to run it outside a transaction",
			  ar->id.name);
	}
}

static void compile_revision(struct arena *a, struct arena *scratch,
			     struct diag *d, struct lint *lt, struct model *m,
			     struct revision *r, const struct naming_conv *nc, bool facts)
{
	const struct ast_revision *ar = r->ast;
	int errors_before = d->n_errors;
	struct replay_ctx main_ctx = { .arena = a, .diag = d };
	struct replay_ctx scratch_ctx = { .arena = scratch, .diag = d };

	/* The model stays the parent's state until the trial is over.  Were
	 * the upgrade replayed on the model itself, with a frozen clone as
	 * the parent's state and replay's rollback freezing it before every
	 * statement, each write would copy the table and map nodes it
	 * touches into `a`: ten thousand revisions of dead copies (a third
	 * of the memory of a check of 10,000 revisions). */
	struct model *parent_state = m;
	struct model *trial = model_clone_transient(scratch, m);
	lint_revision_begin(lt, r);
	bool derive = !ar->has_downgrade;
	bool derivable = derive;
	struct derived der = { 0 };
	if (derive) {
		der.groups = arena_calloc(scratch, ar->n_upgrade + 1, sizeof *der.groups);
		der.group_len = arena_calloc(scratch, ar->n_upgrade + 1, sizeof *der.group_len);
	}
	/* the statements as named by the conventions in force (nc); what is
	 * kept of them is their text, and the model gets its own (below) */
	struct ast_stmt *up = arena_calloc(scratch, ar->n_upgrade + 1, sizeof *up);
	struct ast_stmt *dn = arena_calloc(scratch, ar->n_downgrade + 1, sizeof *dn);
	bool *up_ok = arena_calloc(scratch, ar->n_upgrade + 1, sizeof *up_ok);
	struct lint_facts *up_facts = !facts ? NULL
		: arena_calloc(a, ar->n_upgrade + 1, sizeof *up_facts);
	for (size_t i = 0; i < ar->n_downgrade; i++)
		dn[i] = replay_apply_naming(a, parent_state, nc, &ar->downgrade[i]);
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		up[i] = replay_apply_naming(a, trial, nc, &ar->upgrade[i]);
		const struct ast_stmt *s = &up[i];
		if (derivable) {
			const char *why = NULL;
			struct ast_stmt *inv = NULL;
			size_t n_inv = 0;
			if (invert_stmt(&main_ctx, trial, s, &inv, &n_inv, &why)) {
				der.groups[der.n_groups] = inv;
				der.group_len[der.n_groups++] = n_inv;
			} else {
				diag_error(d, s->loc,
					   "revision \"%s\" has no downgrade block and this statement cannot be inverted: %s",
					   r->id, why ? why : "not supported");
				diag_note(d, ar->id.loc,
					  "write a \"downgrade { ... }\" block for revision \"%s\"",
					  r->id);
				derivable = false;
			}
		}
		compile_check_transactional(d, ar, s);
		compile_check_seq_clause(d, s);
		exec_check(d, s);
		if (up_facts)
			lint_facts(a, trial, s, &up_facts[i]);
		lint_stmt(lt, trial, &ar->upgrade[i], true);	/* allows are per written statement */
		if (up_facts)
			lint_stmt_findings(lt, &up_facts[i].findings, &up_facts[i].errors);
		up_ok[i] = replay_stmt(&scratch_ctx, trial, s);
	}
	for (size_t i = 0; ar->has_downgrade && i < ar->n_downgrade; i++) {
		compile_check_transactional(d, ar, &dn[i]);
		exec_check(d, &dn[i]);
		lint_stmt(lt, NULL, &ar->downgrade[i], false);
	}
	lint_revision_end(lt);

	r->up_facts = up_facts;
	r->n_up = ar->n_upgrade;
	r->up = arena_calloc(a, r->n_up + 1, sizeof *r->up);
	for (size_t i = 0; i < ar->n_upgrade; i++)
		compile_render(a, scratch, &up[i], m->default_schema, &r->up[i]);

	/* the downgrade, in execution order */
	const struct ast_stmt **down = NULL;
	size_t n_down = 0;
	if (ar->has_downgrade) {
		down = arena_calloc(scratch, ar->n_downgrade + 1, sizeof *down);
		for (size_t i = 0; i < ar->n_downgrade; i++)
			down[n_down++] = &dn[i];
	} else if (derivable) {
		size_t total = 0;
		for (size_t g = 0; g < der.n_groups; g++)
			total += der.group_len[g];
		down = arena_calloc(scratch, total + 1, sizeof *down);
		for (size_t g = der.n_groups; g-- > 0;)
			for (size_t k = 0; k < der.group_len[g]; k++)
				down[n_down++] = &der.groups[g][k];
		r->down_derived = true;
	}
	r->n_down = n_down;
	r->down = arena_calloc(a, n_down + 1, sizeof *r->down);
	for (size_t i = 0; i < n_down; i++)
		compile_render(a, scratch, down[i], m->default_schema, &r->down[i]);

	r->down_facts = !facts ? NULL
		: arena_calloc(a, n_down + 1, sizeof *r->down_facts);
	r->ok = d->n_errors == errors_before;
	if (r->ok && (ar->has_downgrade || derivable)) {
		struct model *after = model_clone(scratch, trial);
		for (size_t i = 0; i < n_down; i++) {
			if (r->down_facts)
				lint_facts(a, after, down[i], &r->down_facts[i]);
			replay_stmt(&scratch_ctx, after, down[i]);
		}
		if (d->n_errors == errors_before) {
			const char **lines = NULL;
			size_t n = model_diff(scratch, parent_state, after, &lines);
			if (n)
				compile_report_downgrade_diff(d, r, lines, n);
		}
	}
	r->ok = d->n_errors == errors_before;
	compile_checksum(scratch, r, facts);

	/* The trial's state, now for keeps: the statements that succeeded on
	 * the trial, on the model itself and in place (a failed one changed
	 * nothing; what they report was reported above).  The naming is
	 * redone against the model so that nothing kept points into the
	 * trial's objects, which live in the scratch arena. */
	struct diag quiet;
	diag_init_silent(&quiet);
	struct replay_ctx keep_ctx = { .arena = a, .diag = &quiet, .in_place = true };
	for (size_t i = 0; i < ar->n_upgrade; i++) {
		if (!up_ok[i])
			continue;
		const struct ast_stmt *s = &ar->upgrade[i];	/* up[i] without nc */
		if (nc) {
			struct ast_stmt *named = arena_alloc(a, sizeof *named);
			*named = replay_apply_naming(a, m, nc, &ar->upgrade[i]);
			s = named;
		}
		replay_stmt(&keep_ctx, m, s);
	}
}

/* The digest (the migrator's --version, `migc build --print-digest`)
 * covers what a built migrator prints and runs: every revision's id, its
 * checksum and its message (which the checksum leaves out, so that a
 * message can be reworded after a release), each framed. */
static void compile_digest(struct arena *scratch, struct project *p)
{
	struct strbuf sb;
	sb_init(&sb, scratch);
	sb_puts(&sb, "migc digest v2\n");
	frame_count(&sb, "revisions", p->n_revs);
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct revision *r = p->revs[i];
		frame_text(&sb, "id", r->id);
		frame_text(&sb, "checksum", r->checksum);
		frame_text(&sb, "message", r->ast->message ? r->ast->message : "");
	}
	sha256_hex(sb.data, sb.len, p->digest);
}

/* The naming conventions of migc.conf, each template checked; NULL when
 * none is set.  `since`: the naming_since revision, or NULL (all). */
static const struct naming_conv *compile_naming(struct arena *a, struct diag *d,
						const struct project *p,
						const struct revision **since)
{
	*since = NULL;
	struct naming_conv *nc = arena_calloc(a, 1, sizeof *nc);
	bool any = false;
	static const char *const sample[] = { "a", "b" };
	struct naming_tokens t = { .table = "t", .label_prefix = "t", .cols = sample,
				   .n_cols = 2, .ref_table = "r", .ref_cols = sample,
				   .n_ref_cols = 2, .con_name = "c" };
	for (int k = 0; k < NK_N; k++) {
		const char *tmpl = p->conf.naming[k];
		if (!tmpl)
			continue;
		const char *err = NULL;
		if (!*tmpl)
			err = "empty template";
		else
			naming_expand(a, tmpl, &t, &err);
		if (err) {
			diag_error(d, p->conf.naming_loc[k], "naming.%s: %s",
				   naming_kind_key((enum naming_kind)k), err);
			continue;
		}
		nc->tmpl[k] = tmpl;
		any = true;
	}
	if (p->conf.naming_since) {
		bool ambiguous = false;
		*since = project_find_rev(p, p->conf.naming_since, &ambiguous);
		if (!*since)
			diag_error(d, p->conf.naming_since_loc, "naming_since: %s revision \"%s\"",
				   ambiguous ? "ambiguous" : "unknown", p->conf.naming_since);
		else if (!any)
			diag_error(d, p->conf.naming_since_loc,
				   "naming_since without any naming.pk/uq/ck/fk/ix setting");
	}
	return any ? nc : NULL;
}

bool compile_project(struct arena *a, struct diag *d, struct project *p)
{
	int errors_before = d->n_errors;
	struct arena scratch;
	arena_init(&scratch);
	struct model *m = model_new(a, p->conf.default_schema);
	conf_seed_extensions(&p->conf, m, a);
	struct lint *lt = NULL;
	const struct lint_conf *lc = p->conf.lint;
	if (lc && lc->since) {
		bool ambiguous = false;
		const struct revision *since = project_find_rev(p, lc->since, &ambiguous);
		if (since)
			lt = lint_begin(a, d, p, since);
		else
			diag_error(d, lc->since_loc, "lint_since: %s revision \"%s\"",
				   ambiguous ? "ambiguous" : "unknown", lc->since);
	} else {
		lt = lint_begin(a, d, p, NULL);
	}
	const struct revision *since;
	const struct naming_conv *nc = compile_naming(a, d, p, &since);
	p->naming = nc;
	/* conventions name what the naming_since revision and its
	 * descendants create (revisions come parents first) */
	bool *named = arena_calloc(a, p->n_revs + 1, sizeof *named);
	for (size_t i = 0; i < p->n_revs; i++) {
		const struct revision *r = p->revs[i];
		bool on = !since || r == since;
		for (size_t k = 0; !on && k < r->n_parents; k++)
			on = named[r->parents[k]->index];
		named[r->index] = on;
	}
	for (size_t i = 0; i < p->n_revs; i++) {
		arena_reset(&scratch);
		compile_revision(a, &scratch, d, lt, m, p->revs[i],
				 named[p->revs[i]->index] ? nc : NULL, !p->no_plan_facts);
	}
	p->head_model = m;
	arena_reset(&scratch);
	if (!p->no_plan_facts)
		compile_digest(&scratch, p);	/* the migrator's: not for check */

	if (p->schema) {
		struct model *s = model_new(a, p->conf.default_schema);
		conf_seed_extensions(&p->conf, s, a);
		struct replay_ctx ctx = { .arena = a, .diag = d, .naming = nc };
		replay_declarative(&ctx, s, p->schema->stmts, p->schema->n_stmts);
		p->schema_model = s;
		struct model *empty = model_new(a, p->conf.default_schema);
		empty->acl = s->acl;	/* grants and owners are models when conf says so */
		lint_models(lt, p->schema, empty);
	}
	arena_free(&scratch);
	return d->n_errors == errors_before;
}
