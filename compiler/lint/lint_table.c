/*
 * lint_table.c - the rule table: every rule's stable name and default
 * level, and the project's settings (migc.conf's lint_since and
 * lint.RULE lines, handed over raw by the settings reader) checked against
 * it.  The bottom of lint/: it calls nothing else in the folder.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lint.h"

static const struct {
	const char *name;
	enum lint_level level;
} lint_rules[LINT_N_RULES] = {
	[LR_ADD_NOT_NULL_COLUMN] = { "add-not-null-column", LINT_WARNING },
	[LR_DROP_COLUMN] = { "drop-column", LINT_WARNING },
	[LR_DROP_TABLE] = { "drop-table", LINT_WARNING },
	[LR_RENAME_COLUMN] = { "rename-column", LINT_WARNING },
	[LR_RENAME_TABLE] = { "rename-table", LINT_WARNING },
	[LR_ALTER_COLUMN_TYPE] = { "alter-column-type", LINT_WARNING },
	[LR_CREATE_INDEX] = { "create-index-not-concurrently", LINT_WARNING },
	[LR_DROP_INDEX] = { "drop-index-not-concurrently", LINT_WARNING },
	[LR_CONSTRAINT_NOT_VALID] = { "constraint-without-not-valid", LINT_WARNING },
	[LR_ADD_UNIQUE_CONSTRAINT] = { "add-unique-constraint", LINT_WARNING },
	[LR_SET_NOT_NULL] = { "set-not-null", LINT_WARNING },
	[LR_VOLATILE_DEFAULT] = { "volatile-default", LINT_WARNING },
	[LR_CONCURRENTLY_IN_TRANSACTION] = { "concurrently-in-transaction", LINT_ERROR },
	[LR_INTEGER_PRIMARY_KEY] = { "integer-primary-key", LINT_WARNING },
	[LR_VARCHAR_LENGTH] = { "varchar-length", LINT_WARNING },
	[LR_TIMESTAMP_WITHOUT_TIME_ZONE] = { "timestamp-without-time-zone", LINT_WARNING },
	[LR_CHAR_TYPE] = { "char-type", LINT_WARNING },
	[LR_TRANSACTION_IN_EXECUTE] = { "transaction-in-execute", LINT_WARNING },
	[LR_UNUSED_ALLOW] = { "unused-allow", LINT_WARNING },
	[LR_EXECUTE_IN_MODELS] = { "execute-in-models", LINT_WARNING },
};

const char *lint_rule_name(enum lint_rule r)
{
	return lint_rules[r].name;
}

bool lint_rule_sized(enum lint_rule r)
{
	switch (r) {
	case LR_ADD_NOT_NULL_COLUMN: case LR_ALTER_COLUMN_TYPE: case LR_CREATE_INDEX:
	case LR_DROP_INDEX: case LR_CONSTRAINT_NOT_VALID: case LR_ADD_UNIQUE_CONSTRAINT:
	case LR_SET_NOT_NULL: case LR_VOLATILE_DEFAULT:
		return true;
	default:
		return false;
	}
}

int lint_rule_find(const char *name)
{
	for (int i = 0; i < LINT_N_RULES; i++)
		if (strcmp(lint_rules[i].name, name) == 0)
			return i;
	return -1;
}

struct lint_conf *lint_conf_new(struct arena *a)
{
	struct lint_conf *c = arena_calloc(a, 1, sizeof *c);
	for (int i = 0; i < LINT_N_RULES; i++)
		c->level[i] = lint_rules[i].level;
	return c;
}

bool lint_level_parse(const char *s, enum lint_level *out)
{
	if (strcmp(s, "error") == 0)
		*out = LINT_ERROR;
	else if (strcmp(s, "warning") == 0)
		*out = LINT_WARNING;
	else if (strcmp(s, "off") == 0)
		*out = LINT_OFF;
	else
		return false;
	return true;
}

struct lint_conf *lint_conf_read(struct arena *a, struct diag *d,
				 const struct lint_setting *s, size_t n)
{
	struct lint_conf *c = lint_conf_new(a);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s[i].key, "lint_since") == 0) {
			c->since = s[i].val;
			c->since_loc = s[i].val_loc;
			continue;
		}
		const char *name = s[i].key + strlen("lint.");
		int rule = lint_rule_find(name);
		if (rule < 0)
			diag_error(d, s[i].key_loc,
				   "unknown lint rule \"%s\" (see docs/lint.md)", name);
		else if (!lint_level_parse(s[i].val, &c->level[rule]))
			diag_error(d, s[i].val_loc,
				   "lint level \"%s\" must be error, warning or off",
				   s[i].val);
	}
	return c;
}
