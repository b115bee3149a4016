/* kill_guest: halfway through, writer 0 is killed with SIGKILL wherever it is
 * (between records, or between claiming a slot and committing it). The host
 * notices which guest and when; the others go on (or stop, with --on-death
 * stop); the readers resolve its last claimed slot as abandoned (named in the
 * verdict) and verify every record it committed; the verdict says "verified"
 * only about records every reader did verify; the run fails (exit 1). */
#include <signal.h>

#include "../stress.h"

static int tick(const struct rbs_config *cfg, struct rbs_arena *a, struct mmap_region *r, double frac)
{
	(void)cfg, (void)r;
	static int done;
	if (!done && frac >= 0.5 && a->g[0].pid > 0) {
		done = 1;
		kill(a->g[0].pid, SIGKILL);
	}
	return 0;
}

const struct rbs_scenario rbs_kill_guest = {
	.name = "kill_guest",
	.desc = "writer 0 is SIGKILLed halfway; survivors go on; its abandoned slot is named, its records verified",
	.tick = tick,
};
