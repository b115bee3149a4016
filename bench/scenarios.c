/* scenarios.c - the table of benchmark scenarios. Adding one: write
 * bench/scenarios/NAME.c ending in `const struct rbb_scenario rbb_NAME`, then add
 * one line here. */
#include "shim.h"

/* Each raw_* baseline stands right after its core scenario, so that the two run
 * close together in time (the overhead ratio is then least affected by drift). */
#define SCENARIOS(X)                                                                              \
	X(create) X(raw_create) X(close) X(attach) X(raw_attach) X(attach_fd) X(resize)         \
	X(raw_resize) X(check_and_remap) X(first_touch) X(concurrent_attach) X(pingpong)

#define DECLARE(n) extern const struct rbb_scenario rbb_##n;
#define ENTRY(n) &rbb_##n,
SCENARIOS(DECLARE)
const struct rbb_scenario *const rbb_scenarios[] = { SCENARIOS(ENTRY) NULL };
