/* growth: the plain run: the host grows the region on schedule while writers
 * append and readers verify. Nothing is done to it. */
#include "../stress.h"

const struct rbs_scenario rbs_growth = {
	.name = "growth",
	.desc = "writers append and readers verify while the host keeps growing the region",
};
