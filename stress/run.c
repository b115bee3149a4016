/* run.c - the typed entry of the stress harness: check a configuration, run it
 * (scenario prepare, run folder, the supervised host, scenario finish). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "leftover.h"
#include "meta.h"
#include "parse.h"
#include "proc.h"
#include "supervise.h"

const char *rbs_detect_name(enum rbs_detect d)
{
	return d == RBS_DOORBELL ? "doorbell" : d == RBS_POLL ? "poll" : "fstat";
}

const struct rbs_scenario *rbs_scenario_find(const char *name)
{
	for (int i = 0; rbs_scenarios[i]; i++)
		if (!strcmp(rbs_scenarios[i]->name, name))
			return rbs_scenarios[i];
	return NULL;
}

uint64_t rbs_rate(const struct rbs_config *cfg)
{
	if (cfg->rate != RBS_RATE_AUTO)
		return cfg->rate;
	double per_s = (double)cfg->grow_step / cfg->record_size * 1e9 / (double)cfg->grow_every_ns;
	uint64_t r = (uint64_t)(per_s * RBS_AUTO_RATE_FACTOR / cfg->writers) + 1;
	return r < 1000000000ull ? r : 0; /* faster than a record per ns: unpaced */
}

int rbs_config_check(const struct rbs_config *cfg, char *err, size_t errlen)
{
	char a[32], b[32];
	if (cfg->writers < 1 || cfg->writers > 128 || cfg->readers < 1 || cfg->readers > 128)
		snprintf(err, errlen, "--writers and --readers: %d and %d (expected 1..128 each)", cfg->writers, cfg->readers);
	else if (cfg->record_size % 8 || cfg->record_size < 48 || cfg->record_size > 4096)
		snprintf(err, errlen, "--record-size: %u (expected 48..4096, a multiple of 8)", cfg->record_size);
	else if (cfg->initial_size % 4096 || cfg->grow_step % 4096 || cfg->max_size % 4096 || !cfg->grow_step ||
		 cfg->initial_size < 8192)
		snprintf(err, errlen,
			 "--initial-size, --grow-step and --max-size must be multiples of 4K, the initial size at least 8K (got %llu, %llu, %llu)",
			 (unsigned long long)cfg->initial_size, (unsigned long long)cfg->grow_step,
			 (unsigned long long)cfg->max_size);
	else if (cfg->max_size < cfg->initial_size)
		snprintf(err, errlen, "--max-size: %s is smaller than --initial-size %s", rb_fmt_size(cfg->max_size, a, sizeof(a)),
			 rb_fmt_size(cfg->initial_size, b, sizeof(b)));
	else if (cfg->max_size == cfg->initial_size)
		snprintf(err, errlen, "--max-size %s equals --initial-size: the region could never grow (expected a larger --max-size)",
			 rb_fmt_size(cfg->max_size, a, sizeof(a)));
	else if (!cfg->grow_every_ns || cfg->duration_ns <= cfg->grow_every_ns)
		snprintf(err, errlen,
			 "--duration %.3g s is not longer than --grow-every %.3g ms: the region would not grow before the writers stop (expected a duration longer than one growth interval)",
			 (double)cfg->duration_ns / 1e9, (double)cfg->grow_every_ns / 1e6);
	else if (cfg->rate != RBS_RATE_AUTO && cfg->rate > 100000000)
		snprintf(err, errlen, "--rate: %llu (expected auto, 0 or at most 100000000 records per second)",
			 (unsigned long long)cfg->rate);
	else if (!cfg->scn)
		snprintf(err, errlen, "--scenario: none given (see --list)");
	else if (!cfg->out || !rb_rundir_check(cfg->out, err, errlen))
		return 0; /* (a run folder that cannot be used has filled err) */
	return -EINVAL;
}

int rbs_run(struct rbs_config *cfg)
{
	char err[1024];
	if (rbs_config_check(cfg, err, sizeof(err))) {
		fprintf(stderr, "regionbench stress: %s\n", err);
		return 2;
	}
	const char *why = cfg->scn->supported ? cfg->scn->supported(cfg) : NULL;
	if (why) {
		printf("SKIP: stress scenario %s: %s\n", cfg->scn->name, why);
		return 77;
	}
	/* valid: from here on things happen */
	if (cfg->scn->prepare && cfg->scn->prepare(cfg, err, sizeof(err))) {
		printf("SKIP: stress scenario %s: %s\n", cfg->scn->name, err);
		return 77;
	}
	snprintf(cfg->root, sizeof(cfg->root), "%s", rb_root());
	char a[32], b[32], c[32], rate[32];
	uint64_t r = rbs_rate(cfg);
	snprintf(rate, sizeof(rate), r ? "%llu/s per writer" : "unlimited", (unsigned long long)r);
	printf("stress %s: backend %s (%s), %d writer(s), %d reader(s), %.3g s, region %s growing by %s every %.3g ms up to %s, "
	       "detect %s, strategy %s, %u-byte records, rate %s%s, seed %llu\n",
	       cfg->scn->name, cfg->backend.spec, cfg->backend.fs_type, cfg->writers, cfg->readers,
	       (double)cfg->duration_ns / 1e9, rb_fmt_size(cfg->initial_size, a, sizeof(a)),
	       rb_fmt_size(cfg->grow_step, b, sizeof(b)), (double)cfg->grow_every_ns / 1e6,
	       rb_fmt_size(cfg->max_size, c, sizeof(c)), rbs_detect_name(cfg->detect),
	       cfg->strategy == MMAP_REGION_MREMAP ? "mremap" : "remap", cfg->record_size, rate,
	       cfg->rate == RBS_RATE_AUTO ? " (auto)" : "", (unsigned long long)cfg->seed);
	if (!cfg->backend.is_memfd)
		rb_leftover_warn(cfg->backend.dir);
	rb_leftover_warn_system();
	rb_run_id(cfg->run_id, sizeof(cfg->run_id));
	if (rb_rundir_create(cfg->out, cfg->root, cfg->run_id, cfg->run_dir, sizeof(cfg->run_dir), err, sizeof(err))) {
		if (cfg->scn->finish)
			cfg->scn->finish(cfg);
		fprintf(stderr, "regionbench stress: %s\n", err);
		return 2;
	}
	int code = rb_supervise(rbs_host_main, cfg, &cfg->backend, 1, cfg->duration_ns + 90000000000ull, "stress");
	if (cfg->scn->finish)
		cfg->scn->finish(cfg);
	if (code == 124)
		printf("FAIL: the run passed its deadline; every process was killed (run folder marked incomplete)\n");
	int interrupted = code == 128 + SIGINT || code == 128 + SIGTERM || code == 128 + SIGHUP;
	if (interrupted || code == 0 || code == 1 || code == 2 || code == 77)
		return code; /* an interrupted run keeps 128 + the signal */
	if (code != 124)
		printf("FAIL: the run's host process ended with %s %d before a verdict; every process was killed (run folder marked incomplete)\n",
		       code > 128 ? "signal" : "exit code", code > 128 ? code - 128 : code);
	return 1;
}

uint64_t rbs_random_seed(void)
{
	uint64_t seed;
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed = (uint64_t)getpid() * 0x9e3779b97f4a7c15ull ^ (uint64_t)time(NULL);
	return seed;
}

void rbs_config_suite(struct rbs_config *cfg, const struct rb_backend *b, enum rbs_detect d, int quick)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->backend = *b;
	cfg->writers = 2;
	cfg->readers = 2;
	cfg->duration_ns = quick ? 2000000000ull : 10000000000ull;
	cfg->initial_size = 1ull << 20;
	cfg->grow_step = 1ull << 20;
	cfg->grow_every_ns = 20000000ull;
	cfg->max_size = 1ull << 30;
	cfg->detect = d;
	cfg->strategy = MMAP_REGION_REMAP;
	cfg->record_size = 64;
	cfg->seed = rbs_random_seed();
	cfg->pin = 0;
	cfg->rate = 100000;
	cfg->scn = rbs_scenario_find("growth");
}

static int run_child(void *cfg)
{
	return rbs_run(cfg);
}

int rbs_run_logged(struct rbs_config *cfg, const char *log, volatile pid_t *running)
{
	return rb_call_logged(run_child, cfg, log, running);
}
