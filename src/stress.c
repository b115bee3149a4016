/* stress.c - `regionbench stress`: the options (table-driven: parsing,
 * validation and --help), then the typed entry rbs_run() of stress/. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "import.h"
#include "opts.h"
#include "parse.h"
#include "stress.h"

enum { O_OUT, O_BACKEND, O_WRITERS, O_READERS, O_DURATION, O_INITIAL, O_STEP, O_EVERY, O_MAX, O_DETECT,
       O_STRATEGY, O_RECSIZE, O_SEED, O_PIN, O_RATE, O_RESERVE, O_SCENARIO, O_LIST, O_CLEANUP, O_ONDEATH, O_HISTORY,
       O_NOPT };

static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "run folder (new or empty) [default: results/runs/<run-id>]", .type = RB_OPT_STR },
	[O_BACKEND] = { .name = "backend", .arg = "SPEC", .help = "where the region lives: dir:PATH or memfd", .type = RB_OPT_STR, .def = "dir:/dev/shm" },
	[O_WRITERS] = { .name = "writers", .arg = "N", .help = "writer processes", .type = RB_OPT_COUNT, .def = "2", .min = 1, .max = 128 },
	[O_READERS] = { .name = "readers", .arg = "N", .help = "reader processes (each verifies every record while the run goes on)", .type = RB_OPT_COUNT, .def = "2", .min = 1, .max = 128 },
	[O_DURATION] = { .name = "duration", .arg = "S", .help = "how long writers write (longer than --grow-every)", .type = RB_OPT_DURATION, .def = "10s", .min = 10000000ull, .max = 86400000000000ull },
	[O_INITIAL] = { .name = "initial-size", .arg = "SIZE", .help = "region size at start", .type = RB_OPT_SIZE, .def = "1M", .min = 8192, .max = 1ull << 40 },
	[O_STEP] = { .name = "grow-step", .arg = "SIZE", .help = "bytes added per growth", .type = RB_OPT_SIZE, .def = "4M", .min = 4096, .max = 1ull << 40 },
	[O_EVERY] = { .name = "grow-every", .arg = "DURATION", .help = "time between growths", .type = RB_OPT_DURATION, .def = "50ms", .min = 100000ull, .max = 3600000000000ull },
	[O_MAX] = { .name = "max-size", .arg = "SIZE", .help = "the region grows no further (larger than --initial-size)", .type = RB_OPT_SIZE, .def = "1G", .min = 8192, .max = 1ull << 44 },
	[O_DETECT] = { .name = "detect", .arg = "MODE", .help = "how guests learn of growth: doorbell (block on the host's ring), poll (read the header's size), fstat (ask the file)", .type = RB_OPT_STR, .def = "doorbell", .choices = "doorbell|poll|fstat" },
	[O_STRATEGY] = { .name = "strategy", .arg = "S", .help = "how mappings grow", .type = RB_OPT_STR, .def = "remap", .choices = "remap|mremap" },
	[O_RECSIZE] = { .name = "record-size", .arg = "BYTES", .help = "record size, a multiple of 8", .type = RB_OPT_COUNT, .def = "64", .min = 48, .max = 4096 },
	[O_SEED] = { .name = "seed", .arg = "N", .help = "payload seed (the same seed replays the same payloads) [default: random]", .type = RB_OPT_COUNT, .max = UINT64_MAX },
	[O_PIN] = { .name = "pin", .arg = NULL, .help = "pin guest k to CPU k mod ncpu (then waiting guests spin)", .type = RB_OPT_FLAG },
	[O_RATE] = { .name = "rate", .arg = "RATE", .help = "records per second per writer: auto (together 1.25x the growth rate, so readers keep up), 0 (as fast as possible) or a number", .type = RB_OPT_STR, .def = "auto" },
	[O_RESERVE] = { .name = "reserve", .arg = NULL, .help = "reserve backing store (posix_fallocate) at create and each growth", .type = RB_OPT_FLAG },
	[O_SCENARIO] = { .name = "scenario", .arg = "NAME", .help = "stress scenario (see --list)", .type = RB_OPT_STR, .def = "growth" },
	[O_LIST] = { .name = "list", .arg = NULL, .help = "list the stress scenarios and exit", .type = RB_OPT_FLAG },
	[O_HISTORY] = RBH_HISTORY_OPT,
	[O_CLEANUP] = { .name = "cleanup", .arg = "MODE", .help = "region file cleanup: manual (file kept until the host closes it; guests attach by path) or auto (unlinked at once; guests get the fd)", .type = RB_OPT_STR, .def = "manual", .choices = "manual|auto" },
	[O_ONDEATH] = { .name = "on-death", .arg = "WHAT", .help = "when a guest dies: the others go on, or the run stops at once (either way the run fails)", .type = RB_OPT_STR, .def = "continue", .choices = "continue|stop" },
};

int cmd_stress(int argc, char **argv)
{
	static struct rbs_config cfg;
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("stress",
			      "stress [--out DIR] [--backend SPEC] [--writers N] [--readers N] [--duration S] "
			      "[--initial-size SIZE] [--grow-step SIZE] [--grow-every DURATION] [--max-size SIZE] "
			      "[--detect doorbell|poll|fstat] [--strategy remap|mremap] [--record-size BYTES] "
			      "[--seed N] [--pin] [--rate auto|0|N] [--reserve] [--cleanup manual|auto] [--on-death continue|stop] "
			      "[--scenario NAME] [--list] [--history DB]",
			      opts, O_NOPT, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (v[O_LIST].u) {
		for (int i = 0; rbs_scenarios[i]; i++)
			printf("%-14s %s\n", rbs_scenarios[i]->name, rbs_scenarios[i]->desc);
		return 0;
	}
	char err[1024];
	memset(&cfg, 0, sizeof(cfg));
	if (rb_backend_parse(v[O_BACKEND].s, &cfg.backend, err, sizeof(err)))
		return rb_usage_error("stress", "--backend: %s", err);
	cfg.scn = rbs_scenario_find(v[O_SCENARIO].s);
	if (!cfg.scn)
		return rb_usage_error("stress", "--scenario: unknown scenario '%s' (see --list)", v[O_SCENARIO].s);
	cfg.writers = (int)v[O_WRITERS].u;
	cfg.readers = (int)v[O_READERS].u;
	cfg.duration_ns = v[O_DURATION].u;
	cfg.initial_size = v[O_INITIAL].u;
	cfg.grow_step = v[O_STEP].u;
	cfg.grow_every_ns = v[O_EVERY].u;
	cfg.max_size = v[O_MAX].u;
	cfg.detect = !strcmp(v[O_DETECT].s, "doorbell") ? RBS_DOORBELL : !strcmp(v[O_DETECT].s, "poll") ? RBS_POLL : RBS_FSTAT;
	cfg.strategy = !strcmp(v[O_STRATEGY].s, "mremap") ? MMAP_REGION_MREMAP : MMAP_REGION_REMAP;
	cfg.record_size = (uint32_t)v[O_RECSIZE].u;
	cfg.pin = (int)v[O_PIN].u;
	if (!strcmp(v[O_RATE].s, "auto"))
		cfg.rate = RBS_RATE_AUTO;
	else if (rb_parse_count(v[O_RATE].s, 0, 100000000, &cfg.rate))
		return rb_usage_error("stress", "--rate: '%s' (expected auto, 0 or a whole number up to 100000000)", v[O_RATE].s);
	cfg.reserve = (int)v[O_RESERVE].u;
	cfg.auto_cleanup = !strcmp(v[O_CLEANUP].s, "auto");
	cfg.stop_on_death = !strcmp(v[O_ONDEATH].s, "stop");
	cfg.out = v[O_OUT].set ? v[O_OUT].s : NULL;
	cfg.seed = v[O_SEED].set ? v[O_SEED].u : rbs_random_seed();
	if (rbs_config_check(&cfg, err, sizeof(err)))
		return rb_usage_error("stress", "%s", err);
	size_t off = (size_t)snprintf(cfg.cmdline, sizeof(cfg.cmdline), "regionbench");
	for (int i = 0; i < argc && off < sizeof(cfg.cmdline); i++)
		off += (size_t)snprintf(cfg.cmdline + off, sizeof(cfg.cmdline) - off, " %s", argv[i]);
	if ((r = rbh_history_option("stress", v[O_HISTORY].set ? v[O_HISTORY].s : NULL)))
		return r;
	int code = rbs_run(&cfg);
	const char *made[1] = { cfg.run_dir };
	return rbh_import_after("stress", v[O_HISTORY].set ? v[O_HISTORY].s : NULL, made, 1, code);
}
