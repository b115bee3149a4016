/* bench.c - `regionbench bench`: parse and validate the options into a
 * benchmark plan (bench/bench.h), make the run folder, run the plan. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include "bench.h"
#include "commands.h"
#include "import.h"
#include "leftover.h"
#include "meta.h"
#include "opts.h"
#include "parse.h"

enum { O_OUT, O_BACKEND, O_FILTER, O_SIZES, O_REPS, O_MINTIME, O_QUICK, O_PIN, O_INTERLEAVE, O_NOASLR,
       O_NOHF, O_LIST, O_RETRY, O_IBOUND, O_ITERS, O_HISTORY, O_NOPT };

static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "run folder (new or empty) [default: results/runs/<run-id>]", .type = RB_OPT_STR },
	[O_BACKEND] = { .name = "backend", .arg = "SPEC", .help = "where regions live: dir:PATH or memfd [default: dir:/dev/shm]", .type = RB_OPT_STR, .repeat = 1 },
	[O_FILTER] = { .name = "filter", .arg = "REGEX", .help = "run only scenarios whose name matches (POSIX ERE), e.g. '^hf_attach$'", .type = RB_OPT_STR },
	[O_SIZES] = { .name = "sizes", .arg = "LIST", .help = "region sizes, e.g. 4K,64K,1M,1G [default: 4K..1G in powers of 4; --quick: 4K,64K,1M,16M]", .type = RB_OPT_STR },
	[O_REPS] = { .name = "repetitions", .arg = "N", .help = "runs per configuration, each in a fresh worker process [default: 3]", .type = RB_OPT_COUNT, .min = 1, .max = 100 },
	[O_MINTIME] = { .name = "min-time", .arg = "S", .help = "time budget per configuration and run in seconds, untimed setup included [default: 0.4; --quick: 0.05]", .type = RB_OPT_FLOAT },
	[O_QUICK] = { .name = "quick", .arg = NULL, .help = "small sizes and short runs (well under a minute)", .type = RB_OPT_FLAG },
	[O_PIN] = { .name = "pin", .arg = "CPU", .help = "pin the measuring process to CPU (helpers go to the next one)", .type = RB_OPT_COUNT, .max = 4095 },
	[O_INTERLEAVE] = { .name = "random-interleaving", .arg = "on|off", .help = "run the configurations of each run in random order (drift then hits every configuration alike)", .type = RB_OPT_STR, .def = "on", .choices = "on|off" },
	[O_NOASLR] = { .name = "no-aslr", .arg = NULL, .help = "re-run with address-space randomisation off (recorded in meta.csv)", .type = RB_OPT_FLAG },
	[O_NOHF] = { .name = "no-hyperfine", .arg = NULL, .help = "skip the whole-process timings", .type = RB_OPT_FLAG },
	[O_LIST] = { .name = "list", .arg = NULL, .help = "list the scenarios and exit", .type = RB_OPT_FLAG },
	[O_RETRY] = { .name = "retry-interfered", .arg = "N", .help = "measure runs marked interference again, up to N times [default: 0]", .type = RB_OPT_COUNT, .def = "0", .max = 10 },
	[O_IBOUND] = { .name = "interference-bound", .arg = "CPUS", .help = "CPU others and the hypervisor may take, in CPUs on average, before a run counts as interfered [default: 0.25]", .type = RB_OPT_FLOAT },
	[O_HISTORY] = RBH_HISTORY_OPT,
	[O_ITERS] = { .name = "iterations", .arg = "N", .help = "exactly N measured iterations per run instead of the time budget", .type = RB_OPT_COUNT, .min = 1, .max = 100000000 },
};

static const char usage[] = "bench [--out DIR] [--backend SPEC]... [--filter REGEX] [--sizes LIST] [--repetitions N] "
			    "[--min-time S] [--iterations N] [--quick] [--pin CPU] [--random-interleaving on|off] "
			    "[--retry-interfered N] [--interference-bound CPUS] [--no-aslr] [--no-hyperfine] [--list] [--history DB]";

/* Re-execute this command with address-space randomisation off (once: the
 * personality is inherited, so the re-executed process goes on). */
static int no_aslr_reexec(int argc, char **argv)
{
	int p = personality(0xffffffff);
	if (p < 0 || (p & ADDR_NO_RANDOMIZE))
		return 0;
	if (personality((unsigned long)p | ADDR_NO_RANDOMIZE) < 0)
		return -errno;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -errno;
	self[n] = '\0';
	char **av = calloc((size_t)argc + 2, sizeof(*av));
	if (!av)
		return -ENOMEM;
	av[0] = self;
	memcpy(av + 1, argv, (size_t)argc * sizeof(*av)); /* argv[0] is "bench" */
	execv(self, av);
	free(av);
	return -errno;
}

int cmd_bench(int argc, char **argv)
{
	static struct rb_bench_plan p; /* large: keep it off the stack */
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int r = rb_opts_parse("bench", usage, opts, O_NOPT, v, argc, argv, pos, 0, &npos);
	if (r)
		return r == 1 ? 0 : r;
	if (v[O_LIST].u) {
		rb_bench_list();
		return 0;
	}
	char err[1024];
	int quick = (int)v[O_QUICK].u;
	rb_bench_plan_init(&p, quick);
	int nb = v[O_BACKEND].n ? v[O_BACKEND].n : 1;
	if (nb > RB_BENCH_MAXB)
		return rb_usage_error("bench", "--backend: at most %d backends", RB_BENCH_MAXB);
	for (int i = 0; i < nb; i++)
		if (rb_backend_parse(v[O_BACKEND].n ? v[O_BACKEND].list[i] : "dir:/dev/shm", &p.backends[i], err,
				     sizeof(err)))
			return rb_usage_error("bench", "--backend: %s", err);
	p.nbackends = nb;
	if (v[O_SIZES].set) {
		int e = rb_parse_size_list(v[O_SIZES].s, p.sizes, RB_BENCH_MAXS, &p.nsizes);
		if (e)
			return rb_usage_error("bench", "--sizes: '%s' is %s (expected up to %d sizes such as 4K,64K,1M,1G)",
					      v[O_SIZES].s, e == -ERANGE ? "too long or out of range" : "not valid",
					      RB_BENCH_MAXS);
	}
	if (v[O_FILTER].set)
		p.filter = v[O_FILTER].s;
	if (v[O_REPS].set)
		p.runs = (int)v[O_REPS].u;
	if (v[O_MINTIME].set) {
		if (v[O_MINTIME].f <= 0 || v[O_MINTIME].f > 3600)
			return rb_usage_error("bench", "--min-time: '%s' is out of range (expected more than 0, up to 3600 seconds)",
					      v[O_MINTIME].s);
		p.budget_s = v[O_MINTIME].f;
	}
	if (v[O_ITERS].set)
		p.iterations = (int64_t)v[O_ITERS].u;
	p.pin = v[O_PIN].set ? (int)v[O_PIN].u : -1;
	p.interleave = !strcmp(v[O_INTERLEAVE].s, "on");
	p.hyperfine = !v[O_NOHF].u;
	p.retry_interfered = (int)v[O_RETRY].u;
	if (v[O_IBOUND].set) {
		if (v[O_IBOUND].f <= 0 || v[O_IBOUND].f > 4096)
			return rb_usage_error("bench", "--interference-bound: '%s' is out of range (expected CPUs, more than 0, up to 4096)",
					      v[O_IBOUND].s);
		p.interference_bound = v[O_IBOUND].f;
	}
	if (rb_bench_plan_check(&p, err, sizeof(err)))
		return rb_usage_error("bench", "%s", err);
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("bench", "%s", err);
	const char *history = v[O_HISTORY].set ? v[O_HISTORY].s : NULL;
	if ((r = rbh_history_option("bench", history)))
		return r;
	/* everything is valid: from here on things happen */
	int e;
	if (v[O_NOASLR].u && (e = no_aslr_reexec(argc, argv)))
		fprintf(stderr, "regionbench bench: --no-aslr: cannot switch ASLR off (%s); going on with it on\n",
			strerror(-e));
	size_t off = (size_t)snprintf(p.cmdline, sizeof(p.cmdline), "regionbench");
	for (int i = 0; i < argc && off < sizeof(p.cmdline); i++)
		off += (size_t)snprintf(p.cmdline + off, sizeof(p.cmdline) - off, " %s", argv[i]);
	for (int b = 0; b < p.nbackends; b++)
		if (!p.backends[b].is_memfd)
			rb_leftover_warn(p.backends[b].dir);
	rb_leftover_warn_system();
	if (rb_bench_prepare(&p, v[O_OUT].set ? v[O_OUT].s : NULL, err, sizeof(err)))
		return rb_usage_error("bench", "%s", err);
	fprintf(stderr, "regionbench bench: run %s -> %s\n", p.run_id, p.dir);
	int code = rb_bench_run(&p);
	const char *made[1] = { p.dir };
	return rbh_import_after("bench", history, made, 1, code);
}
