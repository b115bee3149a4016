/* scenarios.c - the table of stress scenarios. Adding one: write
 * stress/scenarios/NAME.c ending in `const struct rbs_scenario rbs_NAME`, then
 * add one line here. */
#include "stress.h"

#define STRESS_SCENARIOS(X) X(growth) X(kill_guest) X(truncate) X(fs_full) X(map_fail)

#define DECLARE(n) extern const struct rbs_scenario rbs_##n;
#define ENTRY(n) &rbs_##n,
STRESS_SCENARIOS(DECLARE)
const struct rbs_scenario *const rbs_scenarios[] = { STRESS_SCENARIOS(ENTRY) NULL };
