/* testhooks.c - test-only faults for the stress harness, compiled only into
 * regionbench-testhooks (RB_STRESS_TEST_HOOKS), never into regionbench.
 * RB_TEST_FAULT=drop|noremap|early_commit selects one. */
#include <stdlib.h>
#include <string.h>

#include "stress.h"

enum rbs_hook rbs_test_hook(void)
{
	static int cached = -1;
	if (cached < 0) {
		const char *f = getenv("RB_TEST_FAULT");
		cached = !f ? RBS_HOOK_NONE
		       : !strcmp(f, "drop") ? RBS_HOOK_DROP
		       : !strcmp(f, "noremap") ? RBS_HOOK_NOREMAP
		       : !strcmp(f, "early_commit") ? RBS_HOOK_EARLY_COMMIT
					      : RBS_HOOK_NONE;
	}
	return (enum rbs_hook)cached;
}
