/* kill_guest: halfway through, writer 0 is killed with SIGKILL in the middle of
 * writing. The host notices which guest and when; the others go on (or stop, with
 * --on-death stop); the records it committed before the kill are still verified by
 * every reader; the run reports the kill and fails (exit 1). */
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
	.desc = "writer 0 is SIGKILLed halfway; survivors go on; its committed records are still verified",
	.tick = tick,
};
