/*
 * autogen_text.h - statements as .mig source text for generated revisions.
 */
#ifndef MIGC_AUTOGEN_TEXT_H
#define MIGC_AUTOGEN_TEXT_H

struct arena;
struct ast_stmt;

/* SQL rendered by sql.h restyled as hand-written .mig: keywords in lower
 * case, identifiers bare where that reads back the same. */
const char *autogen_restyle(struct arena *a, const char *sql);
/* One statement, each line prefixed with `indent`, ending ";\n". */
const char *autogen_stmt_text(struct arena *a, const struct ast_stmt *s, const char *indent);

#endif
