/*
 * emit.c - the generated C: constant tables, never logic.
 *
 * Like protobuf-c's descriptors, the output is a set of `static const`
 * arrays (statements, parents, revisions, heads) and one exported plan that
 * starts with the runtime's magic and ABI number, so that a mismatched
 * runtime is caught at compile time (#error) and at run time (magic/ABI).
 */
#include "emit.h"

#include "migrt.h"

/* Writes `s` as a C string literal.  '?' is escaped against trigraphs;
 * bytes outside printable ASCII become three-digit octal escapes; a newline
 * also ends the literal so long SQL stays readable. */
static void emit_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		switch (*c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '?': fputs("\\?", out); break;
		case '\t': fputs("\\t", out); break;
		case '\n':
			fputs("\\n\"", out);
			if (!c[1])
				return;
			fputs("\n\t\t\"", out);
			break;
		default:
			if (*c < 0x20 || *c >= 0x7f)
				fprintf(out, "\\%03o", *c);
			else
				fputc(*c, out);
		}
	}
	fputc('"', out);
}

static void emit_stmts(FILE *out, const char *kind, uint32_t idx,
		       const struct migrt_stmt *st, uint32_t n)
{
	uint32_t n_slots = 0, at = 0;

	if (n == 0)
		return;
	/* every statement's slots in one array; each points into it */
	for (uint32_t i = 0; i < n; i++)
		n_slots += st[i].n_slots;
	if (n_slots) {
		fprintf(out, "static const uint32_t %s_%u_slots[] = {", kind, (unsigned)idx);
		for (uint32_t i = 0; i < n; i++)
			for (uint32_t k = 0; k < 2 * st[i].n_slots; k++)
				fprintf(out, "%s%u", at++ ? ", " : " ", (unsigned)st[i].slots[k]);
		fputs(" };\n", out);
	}
	fprintf(out, "static const struct migrt_stmt %s_%u[] = {\n", kind, (unsigned)idx);
	at = 0;
	for (uint32_t i = 0; i < n; i++) {
		fputs("\t{ ", out);
		emit_string(out, st[i].sql);
		if (st[i].n_slots)
			fprintf(out, ", %u, %s_%u_slots + %u, %u },\n", (unsigned)st[i].line,
				kind, (unsigned)idx, (unsigned)at, (unsigned)st[i].n_slots);
		else
			fprintf(out, ", %u, 0, 0 },\n", (unsigned)st[i].line);
		at += 2 * st[i].n_slots;
	}
	fputs("};\n", out);
}

static const char *const emit_locks[] = {
	"MIGRT_LOCK_NONE", "MIGRT_LOCK_ACCESS_SHARE", "MIGRT_LOCK_ROW_SHARE",
	"MIGRT_LOCK_ROW_EXCLUSIVE", "MIGRT_LOCK_SHARE_UPDATE_EXCLUSIVE",
	"MIGRT_LOCK_SHARE", "MIGRT_LOCK_SHARE_ROW_EXCLUSIVE", "MIGRT_LOCK_EXCLUSIVE",
	"MIGRT_LOCK_ACCESS_EXCLUSIVE",
};
static const char *const emit_effects[] = {
	"MIGRT_EFFECT_NONE", "MIGRT_EFFECT_CATALOG", "MIGRT_EFFECT_SCAN",
	"MIGRT_EFFECT_REWRITE", "MIGRT_EFFECT_UNKNOWN",
};

static void emit_string_or_null(FILE *out, const char *s)
{
	if (s)
		emit_string(out, s);
	else
		fputs("0", out);
}

/* The statements' facts for `plan` (ABI 5): their locks and findings
 * first, then the array parallel to the statements. */
static void emit_infos(FILE *out, const char *kind, uint32_t idx,
		       const struct migrt_stmt_info *in, uint32_t n)
{
	if (n == 0 || !in)
		return;
	for (uint32_t i = 0; i < n; i++) {
		if (in[i].n_locks) {
			fprintf(out, "static const struct migrt_lock %s_locks_%u_%u[] = {\n",
				kind, (unsigned)idx, (unsigned)i);
			for (uint32_t k = 0; k < in[i].n_locks; k++) {
				fputs("\t{ ", out);
				emit_string_or_null(out, in[i].locks[k].relation);
				fprintf(out, ", %s },\n", emit_locks[in[i].locks[k].mode]);
			}
			fputs("};\n", out);
		}
		if (in[i].n_findings) {
			fprintf(out, "static const struct migrt_finding %s_find_%u_%u[] = {\n",
				kind, (unsigned)idx, (unsigned)i);
			for (uint32_t k = 0; k < in[i].n_findings; k++) {
				fputs("\t{ ", out);
				emit_string(out, in[i].findings[k].rule);
				fprintf(out, ", %u, %u },\n", (unsigned)in[i].findings[k].level,
					(unsigned)in[i].findings[k].sized);
			}
			fputs("};\n", out);
		}
	}
	fprintf(out, "static const struct migrt_stmt_info %s_info_%u[] = {\n", kind,
		(unsigned)idx);
	for (uint32_t i = 0; i < n; i++) {
		const struct migrt_stmt_info *f = &in[i];
		fputs("\t{ ", out);
		emit_string(out, f->kind);
		fprintf(out, ", %s, ", emit_locks[f->lock]);
		if (f->n_locks)
			fprintf(out, "%s_locks_%u_%u, %u, ", kind, (unsigned)idx, (unsigned)i,
				(unsigned)f->n_locks);
		else
			fputs("0, 0, ", out);
		fprintf(out, "%s, ", emit_effects[f->effect]);
		emit_string_or_null(out, f->table);
		fputs(", ", out);
		emit_string(out, f->note);
		if (f->n_findings)
			fprintf(out, ", %s_find_%u_%u, %u },\n", kind, (unsigned)idx,
				(unsigned)i, (unsigned)f->n_findings);
		else
			fputs(", 0, 0 },\n", out);
	}
	fputs("};\n", out);
}

static const char *emit_flags(uint32_t flags)
{
	static const char *const names[8] = {
		"0",
		"MIGRT_REV_DOWNGRADE_DERIVED",
		"MIGRT_REV_INEXACT_DOWNGRADE",
		"MIGRT_REV_DOWNGRADE_DERIVED | MIGRT_REV_INEXACT_DOWNGRADE",
		"MIGRT_REV_NO_TRANSACTION",
		"MIGRT_REV_DOWNGRADE_DERIVED | MIGRT_REV_NO_TRANSACTION",
		"MIGRT_REV_INEXACT_DOWNGRADE | MIGRT_REV_NO_TRANSACTION",
		"MIGRT_REV_DOWNGRADE_DERIVED | MIGRT_REV_INEXACT_DOWNGRADE | MIGRT_REV_NO_TRANSACTION",
	};
	return names[flags & 7u];
}

static void emit_opt_string(FILE *out, const char *s)
{
	if (s)
		emit_string(out, s);
	else
		fputs("0", out);	/* the plan includes no <stddef.h> */
}

/* check's predicted catalog rows (ABI 7), one per line. */
static void emit_catalog(FILE *out, uint32_t idx, const struct migrt_catrow *v, uint32_t n)
{
	if (n == 0)
		return;
	fprintf(out, "static const struct migrt_catrow catalog_%u[] = {\n", (unsigned)idx);
	for (uint32_t i = 0; i < n; i++) {
		fprintf(out, "\t{ %u, ", (unsigned)v[i].kind);
		emit_string(out, v[i].key);
		fputs(", ", out);
		emit_string(out, v[i].sql);
		fputs(", ", out);
		emit_string(out, v[i].schema);
		fputs(", ", out);
		emit_opt_string(out, v[i].table);
		fputs(", ", out);
		emit_opt_string(out, v[i].name);
		fputs(" },\n", out);
	}
	fputs("};\n", out);
}

static void emit_revision(FILE *out, const struct migrt_revision *r, uint32_t i)
{
	fputs("\t{\n\t\t.id = ", out);
	emit_string(out, r->id);
	fputs(",\n\t\t.message = ", out);
	emit_string(out, r->message);
	fputs(",\n\t\t.path = ", out);
	emit_string(out, r->path);
	fprintf(out, ",\n\t\t.line = %u,\n", (unsigned)r->line);
	if (r->n_parents)
		fprintf(out, "\t\t.parents = parents_%u, .n_parents = %u,\n",
			(unsigned)i, (unsigned)r->n_parents);
	fputs("\t\t.checksum = ", out);
	emit_string(out, r->checksum);
	fputs(",\n", out);
	if (r->n_upgrade)
		fprintf(out, "\t\t.upgrade = up_%u, .n_upgrade = %u,\n",
			(unsigned)i, (unsigned)r->n_upgrade);
	if (r->n_downgrade)
		fprintf(out, "\t\t.downgrade = down_%u, .n_downgrade = %u,\n",
			(unsigned)i, (unsigned)r->n_downgrade);
	fprintf(out, "\t\t.flags = %s,\n", emit_flags(r->flags));
	if (r->n_check_upgrade)
		fprintf(out, "\t\t.check_upgrade = check_%u, .n_check_upgrade = %u,\n",
			(unsigned)i, (unsigned)r->n_check_upgrade);
	if (r->n_preflight)
		fprintf(out, "\t\t.preflight = preflight_%u, .preflight_before = "
			"preflight_before_%u, .n_preflight = %u,\n",
			(unsigned)i, (unsigned)i, (unsigned)r->n_preflight);
	if (r->upgrade_info && r->n_upgrade)
		fprintf(out, "\t\t.upgrade_info = up_info_%u,\n", (unsigned)i);
	if (r->downgrade_info && r->n_downgrade)
		fprintf(out, "\t\t.downgrade_info = down_info_%u,\n", (unsigned)i);
	if (r->n_check_model)
		fprintf(out, "\t\t.check_model = model_%u, .n_check_model = %u,\n",
			(unsigned)i, (unsigned)r->n_check_model);
	if (r->check_model_exact)
		fputs("\t\t.check_model_exact = 1,\n", out);
	if (r->n_check_catalog)
		fprintf(out, "\t\t.check_catalog = catalog_%u, .n_check_catalog = %u,\n",
			(unsigned)i, (unsigned)r->n_check_catalog);
	if (r->check_catalog_exact)
		fputs("\t\t.check_catalog_exact = 1,\n", out);
	if (r->n_check_partial)
		fprintf(out, "\t\t.check_partial = partial_%u, .n_check_partial = %u,\n",
			(unsigned)i, (unsigned)r->n_check_partial);
	if (r->n_check_hist)
		fprintf(out, "\t\t.check_hist = hist_%u, .n_check_hist = %u,\n",
			(unsigned)i, (unsigned)r->n_check_hist);
	if (r->checksum_v1) {
		fputs("\t\t.checksum_v1 = ", out);
		emit_string(out, r->checksum_v1);
		fputs(",\n", out);
	}
	fputs("\t},\n", out);
}

int emit_c(const struct migrt_plan *plan, FILE *out)
{
	fputs("/*\n * DO NOT EDIT: generated by migc ", out);
	fputs(plan->migc_version, out);
	fputs(" from the project \"", out);
	fputs(plan->project, out);
	fputs("\"\n * (migc.conf and versions/).  Rebuild it with \"migc build\".\n */\n", out);
	fprintf(out, "#include \"migrt.h\"\n\n"
		"#if !defined(MIGRT_ABI) || MIGRT_ABI != %uu\n"
		"#error \"this plan needs the migc runtime with ABI %u: build it with the matching migc\"\n"
		"#endif\n\n", (unsigned)plan->abi, (unsigned)plan->abi);

	for (uint32_t i = 0; i < plan->n_revisions; i++) {
		const struct migrt_revision *r = &plan->revisions[i];
		emit_stmts(out, "up", i, r->upgrade, r->n_upgrade);
		emit_stmts(out, "down", i, r->downgrade, r->n_downgrade);
		emit_stmts(out, "check", i, r->check_upgrade, r->n_check_upgrade);
		emit_stmts(out, "model", i, r->check_model, r->n_check_model);
		emit_catalog(out, i, r->check_catalog, r->n_check_catalog);
		emit_stmts(out, "hist", i, r->check_hist, r->n_check_hist);
		if (r->n_check_partial) {
			fprintf(out, "static const uint32_t partial_%u[] = {", (unsigned)i);
			for (uint32_t k = 0; k < r->n_check_partial; k++)
				fprintf(out, "%s%u", k ? ", " : " ", (unsigned)r->check_partial[k]);
			fputs(" };\n", out);
		}
		emit_stmts(out, "preflight", i, r->preflight, r->n_preflight);
		if (r->n_preflight) {
			fprintf(out, "static const uint32_t preflight_before_%u[] = {", (unsigned)i);
			for (uint32_t k = 0; k < r->n_preflight; k++)
				fprintf(out, "%s%u", k ? ", " : " ", (unsigned)r->preflight_before[k]);
			fputs(" };\n", out);
		}
		emit_infos(out, "up", i, r->upgrade_info, r->n_upgrade);
		emit_infos(out, "down", i, r->downgrade_info, r->n_downgrade);
		if (r->n_parents) {
			fprintf(out, "static const uint32_t parents_%u[] = {", (unsigned)i);
			for (uint32_t k = 0; k < r->n_parents; k++)
				fprintf(out, "%s%u", k ? ", " : " ", (unsigned)r->parents[k]);
			fputs(" };\n", out);
		}
	}
	if (plan->n_revisions) {
		fputs("\nstatic const struct migrt_revision revisions[] = {\n", out);
		for (uint32_t i = 0; i < plan->n_revisions; i++)
			emit_revision(out, &plan->revisions[i], i);
		fputs("};\n\nstatic const uint32_t heads[] = {", out);
		for (uint32_t i = 0; i < plan->n_heads; i++)
			fprintf(out, "%s%u", i ? ", " : " ", (unsigned)plan->heads[i]);
		fputs(" };\n", out);
	}

	fputs("\nstatic const char *const schemas[] = {\n", out);
	for (uint32_t i = 0; i < plan->n_schemas; i++) {
		fputc('\t', out);
		emit_string(out, plan->schemas[i]);
		fputs(",\n", out);
	}
	fputs("};\n", out);

	fputs("\nconst struct migrt_plan migrt_project_plan = {\n"
	      "\t.magic = MIGRT_MAGIC,\n\t.abi = MIGRT_ABI,\n\t.migc_version = ", out);
	emit_string(out, plan->migc_version);
	fputs(",\n\t.project = ", out);
	emit_string(out, plan->project);
	fputs(",\n\t.version_table = ", out);
	emit_string(out, plan->version_table);
	fputs(",\n\t.version_table_display = ", out);
	emit_string(out, plan->version_table_display);
	fputs(",\n\t.default_schema = ", out);
	emit_string(out, plan->default_schema);
	fputs(",\n\t.digest = ", out);
	emit_string(out, plan->digest);
	fprintf(out, ",\n\t.schemas = schemas,\n\t.n_schemas = %u,\n\t.n_base_schemas = %u",
		(unsigned)plan->n_schemas, (unsigned)plan->n_base_schemas);
	if (plan->flags)
		fprintf(out, ",\n\t.flags = 0x%xu", (unsigned)plan->flags);
	if (plan->n_revisions)
		fprintf(out, ",\n\t.revisions = revisions,\n\t.n_revisions = %u,\n"
			"\t.heads = heads,\n\t.n_heads = %u,\n};\n",
			(unsigned)plan->n_revisions, (unsigned)plan->n_heads);
	else
		fputs(",\n};\n", out);
	return ferror(out) ? -1 : 0;
}
