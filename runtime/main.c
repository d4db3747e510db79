/*
 * main.c - the migrator's entry point, linked from libmigrt.a.
 *
 * The generated C defines only data (migrt_project_plan); main() makes sure
 * that data was compiled for this runtime before anything reads it, then
 * hands over to migrt_main().
 */
#include <stdio.h>

#include "migrt.h"

MIGRT_API int main(int argc, char **argv);

int main(int argc, char **argv)
{
	const struct migrt_plan *plan = &migrt_project_plan;

	if (plan->magic != MIGRT_MAGIC || plan->abi != MIGRT_ABI) {
		fprintf(stderr, "%s: error: this migrator's plan does not match "
			"its runtime (magic %#x, ABI %u; runtime expects ABI %u)\n",
			argc > 0 ? argv[0] : "migrator", (unsigned)plan->magic,
			(unsigned)plan->abi, (unsigned)MIGRT_ABI);
		return 5;
	}
	return migrt_main(plan, argc, argv);
}
