/* scenarios.c - the table of benchmark scenarios. Adding one: write
 * bench/scenarios/NAME.c ending in `const struct rbb_scenario rbb_NAME`, then add
 * one line here. */
#include "shim.h"

#define SCENARIOS(X)                                                                               \
	X(create) X(close) X(attach) X(attach_fd) X(resize) X(check_and_remap) X(first_touch)   \
	X(concurrent_attach) X(pingpong) X(raw_create) X(raw_attach) X(raw_resize)

#define DECLARE(n) extern const struct rbb_scenario rbb_##n;
#define ENTRY(n) &rbb_##n,
SCENARIOS(DECLARE)
const struct rbb_scenario *const rbb_scenarios[] = { SCENARIOS(ENTRY) NULL };
