/*
 * live_test_ops.c - the function table of `migc test`'s database side
 * (live_test.h), which main.c hands to cli/test_cmd.c.
 *
 * Guarantees: each entry is the function live_test.h documents for it;
 * the table is constant.
 */
#include "live_test.h"

const struct live_test_ops live_test_ops = {
	.open = live_test_open,
	.close = live_test_close,
	.objects = live_test_objects,
	.reset = live_test_reset,
	.fill = live_fill,
	.snapshot = live_snapshot,
	.compare = live_snap_compare,
};
