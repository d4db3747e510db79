/*
 * cmd_sql.c - `migc sql`: the SQL a range would run, without a database.
 *
 * It hands the project's plan to the runtime's own printer through its
 * public offline entry point (migrt_sql() in migrt.h; runtime/sqlout.c,
 * linked into migc), so the output is byte for byte what the built
 * migrator's `sql` command prints.
 */
#include <string.h>

#include "commands.h"
#include "migrt.h"
#include "plan_build.h"

int cmd_sql_plan(const struct migrt_plan *plan, int argc, char **argv)
{
	/* the operands may look like options ("-1"): only "--" is taken out
	 * here (-h and --help are answered by main.c before the plan) */
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			for (int k = i; k + 1 < argc; k++)
				argv[k] = argv[k + 1];
			argc--;
			break;
		}
	return migrt_sql(plan, "migc sql", argc, argv);
}

int cmd_sql(struct arena *a, const struct project *p, int argc, char **argv)
{
	return cmd_sql_plan(plan_build(a, p), argc, argv);
}
