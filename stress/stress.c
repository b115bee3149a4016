/* stress.c - `regionbench stress`: options, validation, the supervised host. */
#include "stress.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "leftover.h"
#include "import.h"
#include "meta.h"
#include "opts.h"
#include "parse.h"
#include "supervise.h"

enum { O_OUT, O_BACKEND, O_WRITERS, O_READERS, O_DURATION, O_INITIAL, O_STEP, O_EVERY, O_MAX, O_DETECT,
       O_STRATEGY, O_RECSIZE, O_SEED, O_PIN, O_RATE, O_RESERVE, O_SCENARIO, O_LIST, O_CLEANUP, O_ONDEATH, O_HISTORY,
       O_NOPT };

static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "run folder (new or empty) [default: results/runs/<run-id>]", .type = RB_OPT_STR },
	[O_BACKEND] = { .name = "backend", .arg = "SPEC", .help = "where the region lives: dir:PATH or memfd", .type = RB_OPT_STR, .def = "dir:/dev/shm" },
	[O_WRITERS] = { .name = "writers", .arg = "N", .help = "writer processes", .type = RB_OPT_COUNT, .def = "2", .min = 1, .max = 128 },
	[O_READERS] = { .name = "readers", .arg = "N", .help = "reader processes (each verifies every record)", .type = RB_OPT_COUNT, .def = "2", .min = 1, .max = 128 },
	[O_DURATION] = { .name = "duration", .arg = "S", .help = "how long writers write", .type = RB_OPT_DURATION, .def = "10s", .min = 10000000ull, .max = 86400000000000ull },
	[O_INITIAL] = { .name = "initial-size", .arg = "SIZE", .help = "region size at start", .type = RB_OPT_SIZE, .def = "1M", .min = 8192, .max = 1ull << 40 },
	[O_STEP] = { .name = "grow-step", .arg = "SIZE", .help = "bytes added per growth", .type = RB_OPT_SIZE, .def = "4M", .min = 4096, .max = 1ull << 40 },
	[O_EVERY] = { .name = "grow-every", .arg = "DURATION", .help = "time between growths", .type = RB_OPT_DURATION, .def = "50ms", .min = 100000ull, .max = 3600000000000ull },
	[O_MAX] = { .name = "max-size", .arg = "SIZE", .help = "the region grows no further", .type = RB_OPT_SIZE, .def = "1G", .min = 8192, .max = 1ull << 44 },
	[O_DETECT] = { .name = "detect", .arg = "MODE", .help = "how guests learn of growth", .type = RB_OPT_STR, .def = "doorbell", .choices = "doorbell|poll|fstat" },
	[O_STRATEGY] = { .name = "strategy", .arg = "S", .help = "how mappings grow", .type = RB_OPT_STR, .def = "remap", .choices = "remap|mremap" },
	[O_RECSIZE] = { .name = "record-size", .arg = "BYTES", .help = "record size, a multiple of 8", .type = RB_OPT_COUNT, .def = "64", .min = 48, .max = 4096 },
	[O_SEED] = { .name = "seed", .arg = "N", .help = "payload seed (the same seed replays the same payloads) [default: random]", .type = RB_OPT_COUNT, .max = UINT64_MAX },
	[O_PIN] = { .name = "pin", .arg = NULL, .help = "pin guest k to CPU k mod ncpu", .type = RB_OPT_FLAG },
	[O_RATE] = { .name = "rate", .arg = "N", .help = "records per second per writer, 0 = as fast as possible", .type = RB_OPT_COUNT, .def = "0", .max = 100000000 },
	[O_RESERVE] = { .name = "reserve", .arg = NULL, .help = "reserve backing store (posix_fallocate) at create and each growth", .type = RB_OPT_FLAG },
	[O_SCENARIO] = { .name = "scenario", .arg = "NAME", .help = "stress scenario (see --list)", .type = RB_OPT_STR, .def = "growth" },
	[O_LIST] = { .name = "list", .arg = NULL, .help = "list the stress scenarios and exit", .type = RB_OPT_FLAG },
	[O_CLEANUP] = { .name = "cleanup", .arg = "MODE", .help = "region file cleanup: manual (file kept until the host closes it; guests attach by path) or auto (unlinked at once; guests get the fd)", .type = RB_OPT_STR, .def = "manual", .choices = "manual|auto" },
	[O_HISTORY] = RBH_HISTORY_OPT,
	[O_ONDEATH] = { .name = "on-death", .arg = "WHAT", .help = "when a guest dies: the others go on, or the run stops at once (either way the run fails)", .type = RB_OPT_STR, .def = "continue", .choices = "continue|stop" },
};

const char *rbs_detect_name(enum rbs_detect d)
{
	return d == RBS_DOORBELL ? "doorbell" : d == RBS_POLL ? "poll" : "fstat";
}

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
			      "[--seed N] [--pin] [--rate N] [--reserve] [--cleanup manual|auto] [--on-death continue|stop] "
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
	for (int i = 0; rbs_scenarios[i]; i++)
		if (!strcmp(rbs_scenarios[i]->name, v[O_SCENARIO].s))
			cfg.scn = rbs_scenarios[i];
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
	cfg.rate = v[O_RATE].u;
	cfg.reserve = (int)v[O_RESERVE].u;
	cfg.auto_cleanup = !strcmp(v[O_CLEANUP].s, "auto");
	cfg.stop_on_death = !strcmp(v[O_ONDEATH].s, "stop");
	if (cfg.record_size % 8)
		return rb_usage_error("stress", "--record-size: %u is not a multiple of 8 (expected 48..4096, a multiple of 8)",
				      cfg.record_size);
	if (cfg.initial_size % 4096 || cfg.grow_step % 4096 || cfg.max_size % 4096)
		return rb_usage_error("stress", "--initial-size, --grow-step and --max-size must be multiples of 4K (got %llu, %llu, %llu)",
				      (unsigned long long)cfg.initial_size, (unsigned long long)cfg.grow_step,
				      (unsigned long long)cfg.max_size);
	if (cfg.max_size < cfg.initial_size)
		return rb_usage_error("stress", "--max-size: %s is smaller than --initial-size %s", v[O_MAX].s, v[O_INITIAL].s);
	if (cfg.duration_ns < cfg.grow_every_ns)
		return rb_usage_error("stress", "--duration: %s is shorter than --grow-every %s (expected at least one growth)",
				      v[O_DURATION].s, v[O_EVERY].s);
	if (v[O_SEED].set) {
		cfg.seed = v[O_SEED].u;
	} else if (getrandom(&cfg.seed, sizeof(cfg.seed), 0) != sizeof(cfg.seed)) {
		cfg.seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)time(NULL);
	}
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("stress", "%s", err);
	if ((r = rbh_history_option("stress", v[O_HISTORY].set ? v[O_HISTORY].s : NULL)))
		return r;
	const char *why = cfg.scn->supported ? cfg.scn->supported(&cfg) : NULL;
	if (why) {
		printf("SKIP: stress scenario %s: %s\n", cfg.scn->name, why);
		return 77;
	}
	/* valid: from here on things happen */
	if (cfg.scn->prepare && cfg.scn->prepare(&cfg, err, sizeof(err))) {
		printf("SKIP: stress scenario %s: %s\n", cfg.scn->name, err);
		return 77;
	}
	const char *root = getenv("RB_ROOT");
	snprintf(cfg.root, sizeof(cfg.root), "%s", root ? root : ".");
	size_t off = (size_t)snprintf(cfg.cmdline, sizeof(cfg.cmdline), "regionbench");
	for (int i = 0; i < argc && off < sizeof(cfg.cmdline); i++)
		off += (size_t)snprintf(cfg.cmdline + off, sizeof(cfg.cmdline) - off, " %s", argv[i]);
	char a[32], b[32], c[32];
	printf("stress %s: backend %s (%s), %d writer(s), %d reader(s), %.3g s, region %s growing by %s every %.3g ms up to %s, "
	       "detect %s, strategy %s, %u-byte records, rate %s, seed %llu\n",
	       cfg.scn->name, cfg.backend.spec, cfg.backend.fs_type, cfg.writers, cfg.readers, (double)cfg.duration_ns / 1e9,
	       rb_fmt_size(cfg.initial_size, a, sizeof(a)), rb_fmt_size(cfg.grow_step, b, sizeof(b)),
	       (double)cfg.grow_every_ns / 1e6, rb_fmt_size(cfg.max_size, c, sizeof(c)), rbs_detect_name(cfg.detect),
	       cfg.strategy == MMAP_REGION_MREMAP ? "mremap" : "remap", cfg.record_size,
	       cfg.rate ? v[O_RATE].s : "unlimited", (unsigned long long)cfg.seed);
	if (!cfg.backend.is_memfd)
		rb_leftover_warn(cfg.backend.dir);
	rb_leftover_warn_system();
	rb_run_id(cfg.run_id, sizeof(cfg.run_id));
	if (rb_rundir_create(v[O_OUT].set ? v[O_OUT].s : NULL, cfg.root, cfg.run_id, cfg.run_dir, sizeof(cfg.run_dir), err,
			     sizeof(err))) {
		if (cfg.scn->finish)
			cfg.scn->finish(&cfg);
		return rb_usage_error("stress", "%s", err);
	}
	int code = rb_supervise(rbs_host_main, &cfg, &cfg.backend, 1, cfg.duration_ns + 90000000000ull, "stress");
	if (cfg.scn->finish)
		cfg.scn->finish(&cfg);
	if (code == 124)
		printf("FAIL: the run passed its deadline; every process was killed (run folder marked incomplete)\n");
	const char *made[1] = { cfg.run_dir };
	return rbh_import_after("stress", v[O_HISTORY].set ? v[O_HISTORY].s : NULL, made, 1, code == 124 ? 1 : code);
}
