/* map_fail: halfway through, the host's address space is limited (RLIMIT_AS) so
 * the new mapping of the next resize cannot be made. The resize fails with ENOMEM,
 * the old mapping stays in use and intact, the failure is reported, the run fails
 * (exit 1) with every record still verified. */
#include <stdio.h>
#include <sys/resource.h>

#include "../stress.h"

static int tick(const struct rbs_config *cfg, struct rbs_arena *a, struct mmap_region *r, double frac)
{
	(void)cfg, (void)a;
	static int done;
	if (!done && frac >= 0.5) {
		done = 1;
		/* room for what is mapped now, not for a second copy of the region */
		FILE *f = fopen("/proc/self/statm", "re");
		unsigned long pages = 0;
		if (f) {
			if (fscanf(f, "%lu", &pages) != 1)
				pages = 0;
			fclose(f);
		}
		struct rlimit rl = { (rlim_t)pages * 4096 + mmap_region_len(r) / 2, RLIM_INFINITY };
		setrlimit(RLIMIT_AS, &rl);
	}
	return 0;
}

const struct rbs_scenario rbs_map_fail = {
	.name = "map_fail",
	.desc = "the host's address space is capped halfway (RLIMIT_AS): resizes fail, the old mapping stays usable",
	.tick = tick,
};
