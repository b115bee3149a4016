/* matrix.c - `regionbench matrix`: the same benchmarks and a short stress run on
 * every filesystem backend (made for the run and torn down afterwards, also on
 * error, SIGINT or SIGTERM), combined into one folder with comparison charts. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend.h"
#include "bench.h"
#include "commands.h"
#include "fsback.h"
#include "import.h"
#include "leftover.h"
#include "meta.h"
#include "opts.h"
#include "parse.h"
#include "proc.h"
#include "report.h"
#include "stress.h"

enum { O_FS, O_OUT, O_QUICK, O_FULL, O_IMAGE, O_SIZES, O_DURATION, O_REFERENCE, O_HISTORY, O_NOPT };
static const struct rb_opt opts[] = {
	[O_FS] = { .name = "fs", .arg = "LIST", .help = "backends: tmpfs,tmpfs-huge,ramfs,ext4,xfs,btrfs,hugetlbfs,memfd,dir:PATH [default: all of them that are available]", .type = RB_OPT_STR },
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "matrix folder (new or empty) [default: results/matrix/<id>]", .type = RB_OPT_STR },
	[O_QUICK] = { .name = "quick", .help = "the quick suite per backend (the default)", .type = RB_OPT_FLAG },
	[O_FULL] = { .name = "full", .help = "the full suite per backend", .type = RB_OPT_FLAG },
	[O_IMAGE] = { .name = "image-size", .arg = "SIZE", .help = "size of each filesystem made for the run", .type = RB_OPT_SIZE, .def = "1G", .min = 64ull << 20, .max = 1ull << 40 },
	[O_SIZES] = { .name = "sizes", .arg = "LIST", .help = "region sizes passed to bench (hugetlbfs keeps multiples of 2M)", .type = RB_OPT_STR },
	[O_DURATION] = { .name = "duration", .arg = "S", .help = "stress run per backend", .type = RB_OPT_DURATION, .min = 100000000ull, .max = 3600000000000ull },
	[O_REFERENCE] = { .name = "reference", .arg = "BACKEND", .help = "one of the --fs backends: the comparison charts are relative to it (= 1.0) [default: the first measured]", .type = RB_OPT_STR },
	[O_HISTORY] = RBH_HISTORY_OPT,
};

#define MAXB 16
static struct rbm_backend backends[MAXB];
static int nbackends;
static volatile sig_atomic_t got_signal;
static volatile pid_t child;

static void on_signal(int sig)
{
	got_signal = sig;
	if (child > 0)
		kill(child, sig); /* the child run stops and cleans up; then we tear down */
}

static void teardown_all(void)
{
	for (int i = 0; i < nbackends; i++)
		if (backends[i].ready) {
			backends[i].kind->teardown(&backends[i]);
			backends[i].ready = 0;
		}
}

/* hugetlbfs needs sizes in multiples of the huge page size */
static void huge_sizes(const char *in, char *out, size_t n, int full)
{
	uint64_t s[16];
	size_t ns = 0;
	out[0] = '\0';
	if (in && !rb_parse_size_list(in, s, 16, &ns))
		for (size_t i = 0; i < ns; i++)
			if (rb_huge_aligned(s[i]))
				snprintf(out + strlen(out), n - strlen(out), "%s%llu", out[0] ? "," : "", (unsigned long long)s[i]);
	if (!out[0])
		snprintf(out, n, "%s", full ? "2M,8M,32M,128M" : "2M,8M");
}

int cmd_matrix(int argc, char **argv)
{
	static struct rb_report r;
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int ret = rb_opts_parse("matrix", "matrix [--fs LIST] [--out DIR] [--quick|--full] [--image-size SIZE] [--sizes LIST] [--duration S] [--reference BACKEND] [--history DB]",
				opts, O_NOPT, v, argc, argv, pos, 0, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (v[O_QUICK].u && v[O_FULL].u)
		return rb_usage_error("matrix", "--quick and --full exclude each other");
	char err[1024], list[4096];
	snprintf(list, sizeof(list), "%s", v[O_FS].set ? v[O_FS].s : "tmpfs,tmpfs-huge,ramfs,ext4,xfs,btrfs,hugetlbfs,memfd");
	char *save = NULL;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const struct rbm_kind *k = rbm_kind_find(t);
		if (!k)
			return rb_usage_error("matrix", "--fs: unknown backend '%s' (expected tmpfs, tmpfs-huge, ramfs, ext4, xfs, btrfs, hugetlbfs, memfd or dir:PATH)", t);
		if (nbackends == MAXB)
			return rb_usage_error("matrix", "--fs: at most %d backends", MAXB);
		for (int i = 0; i < nbackends; i++)
			if (!strcmp(backends[i].name, t))
				return rb_usage_error("matrix", "--fs: '%s' given twice", t);
		struct rbm_backend *b = &backends[nbackends++];
		b->kind = k;
		snprintf(b->name, sizeof(b->name), "%s", t);
		b->image_size = v[O_IMAGE].u;
		b->saved_hugepages = -1;
		if (!strncmp(t, "dir:", 4)) {
			struct stat st;
			if (stat(t + 4, &st) || !S_ISDIR(st.st_mode) || access(t + 4, W_OK))
				return rb_usage_error("matrix", "--fs: '%s' is not a writable directory", t);
		}
	}
	if (v[O_SIZES].set) {
		uint64_t s[16];
		size_t ns;
		if (rb_parse_size_list(v[O_SIZES].s, s, 16, &ns))
			return rb_usage_error("matrix", "--sizes: '%s' is not valid (expected sizes such as 4K,64K,1M)", v[O_SIZES].s);
	}
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("matrix", "%s", err);
	if ((ret = rbh_history_option("matrix", v[O_HISTORY].set ? v[O_HISTORY].s : NULL)))
		return ret;
	int refok = !v[O_REFERENCE].set;
	for (int i = 0; !refok && i < nbackends; i++)
		refok = !strcmp(backends[i].name, v[O_REFERENCE].s);
	if (!refok)
		return rb_usage_error("matrix", "--reference: '%s' is not one of the --fs backends", v[O_REFERENCE].s);

	rb_leftover_warn_system();
	/* the matrix folder */
	const char *root = rb_root();
	char id[128], want[PATH_MAX];
	rb_run_id(id, sizeof(id));
	if (v[O_OUT].set)
		snprintf(want, sizeof(want), "%s", v[O_OUT].s);
	else
		rb_default_dir(root, "matrix", id, want, sizeof(want));
	if (rb_report_folders(&r, want, id, err, sizeof(err)))
		return rb_usage_error("matrix", "%s", err);
	if (v[O_REFERENCE].set)
		rb_report_set_reference(&r, v[O_REFERENCE].s);
	char runs[PATH_MAX + 16], logs[PATH_MAX + 16];
	snprintf(runs, sizeof(runs), "%s/runs", r.out);
	snprintf(logs, sizeof(logs), "%s/logs", r.out);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	int full = (int)v[O_FULL].u, failures = 0, ran = 0;
	static char outs[MAXB * 2][PATH_MAX + 64];
	for (int i = 0; i < nbackends && !got_signal; i++) {
		struct rbm_backend *b = &backends[i];
		const char *why = b->kind->supported ? b->kind->supported(b) : NULL;
		if (!why && b->kind->setup(b, err, sizeof(err)))
			why = err;
		if (why) {
			snprintf(b->skip, sizeof(b->skip), "%s", why);
			fprintf(stderr, "regionbench matrix: %s skipped: %s\n", b->name, why);
			rb_report_note(&r, "Backend %s skipped: %s.", b->name, why);
			continue;
		}
		b->ready = 1;
		if (strcmp(b->kind->name, "dir") && strcmp(b->kind->name, "memfd"))
			rb_report_rename(&r, b->spec, b->name);
		fprintf(stderr, "regionbench matrix: [%d/%d] %s on %s\n", i + 1, nbackends, b->name, b->spec);
		int huge = !strcmp(b->kind->name, "hugetlbfs");
		char sizes[256], log[PATH_MAX + 64];
		if (huge)
			huge_sizes(v[O_SIZES].set ? v[O_SIZES].s : NULL, sizes, sizeof(sizes), full);
		else
			snprintf(sizes, sizeof(sizes), "%s", v[O_SIZES].set ? v[O_SIZES].s : full ? "4K,64K,1M,16M,256M" : "4K,64K,1M,16M");
		/* bench: the quick or default plan on this backend, in this process */
		static struct rb_bench_plan plan;
		rb_bench_plan_init(&plan, !full);
		snprintf(outs[2 * i], sizeof(outs[0]), "%s/%s-bench", runs, b->name[0] == 'd' ? "dir" : b->name);
		snprintf(log, sizeof(log), "%s/%s-bench.log", logs, b->name[0] == 'd' ? "dir" : b->name);
		snprintf(plan.cmdline, sizeof(plan.cmdline), "regionbench matrix (bench step on %s)", b->name);
		plan.log = log;
		int code = rb_backend_parse(b->spec, &plan.backends[0], err, sizeof(err)) ||
					   rb_parse_size_list(sizes, plan.sizes, RB_BENCH_MAXS, &plan.nsizes) ||
					   rb_bench_plan_check(&plan, err, sizeof(err)) ||
					   rb_bench_prepare(&plan, outs[2 * i], err, sizeof(err))
				   ? 2
				   : rb_bench_run(&plan);
		if (code == 2)
			fprintf(stderr, "regionbench matrix: bench on %s: %s\n", b->name, err);
		if (code >= 128)
			got_signal = code - 128; /* the bench worker was stopped by SIGINT/SIGTERM */
		if (code == 0 || code == 1)
			rb_report_add_run(&r, outs[2 * i]);
		if (code) {
			failures++;
			fprintf(stderr, "regionbench matrix: bench on %s exited %d (see %s)\n", b->name, code, log);
		}
		if (got_signal)
			break;
		/* a short stress run: the suite's stress step on this backend (doorbell), in a child of this process */
		static struct rbs_config stress;
		rbs_config_suite(&stress, &plan.backends[0], RBS_DOORBELL, !full);
		stress.duration_ns = v[O_DURATION].set ? v[O_DURATION].u : full ? 10000000000ull : 1500000000ull;
		if (huge) /* whole huge pages */
			stress.initial_size = stress.grow_step = RB_HUGE_PAGE_SIZE;
		stress.max_size = b->image_size / 2 >> 20 << 20;
		snprintf(outs[2 * i + 1], sizeof(outs[0]), "%s/%s-stress", runs, b->name[0] == 'd' ? "dir" : b->name);
		snprintf(log, sizeof(log), "%s/%s-stress.log", logs, b->name[0] == 'd' ? "dir" : b->name);
		stress.out = outs[2 * i + 1];
		snprintf(stress.cmdline, sizeof(stress.cmdline), "regionbench matrix (stress step on %s)", b->name);
		code = rb_backend_parse(b->spec, &stress.backend, err, sizeof(err)) ? 2 : rbs_run_logged(&stress, log, &child);
		if (code == 0 || code == 1)
			rb_report_add_run(&r, outs[2 * i + 1]);
		if (code) {
			failures++;
			fprintf(stderr, "regionbench matrix: stress on %s exited %d (see %s)\n", b->name, code, log);
		}
		ran++;
		/* each backend is torn down as soon as it is measured */
		b->kind->teardown(b);
		b->ready = 0;
	}
	teardown_all();
	if (got_signal) {
		fprintf(stderr, "regionbench matrix: interrupted (signal %d): backends torn down; %s stays incomplete\n",
			(int)got_signal, r.out);
		return 128 + got_signal;
	}
	if (!ran) {
		fprintf(stderr, "regionbench matrix: no backend could be had here\n");
		return 77;
	}
	if (rb_report_combine(&r, err, sizeof(err))) {
		fprintf(stderr, "regionbench matrix: %s\n", err);
		return 1;
	}
	/* the backends' facts, for the report */
	struct rb_meta *m = calloc(1, sizeof(*m)), *bm = calloc(1, sizeof(*bm)); /* 215 KB each: not on the stack */
	for (int i = 0; m && bm && i < nbackends; i++) {
		char k[160];
		snprintf(k, sizeof(k), "matrix.%s", backends[i].name);
		rb_meta_set(m, k, "%s", backends[i].skip[0] ? backends[i].skip : "measured");
		if (backends[i].skip[0])
			continue;
		/* the facts of each backend, as its bench run recorded them */
		if (rb_meta_read(outs[2 * i], bm, err, sizeof(err)))
			continue;
		static const struct {
			const char *key;
			enum rb_backend_field f;
		} facts[] = { { "fs_type", RB_BF_FS_TYPE }, { "mount_options", RB_BF_MOUNT_OPTIONS }, { "block_size", RB_BF_BLOCK_SIZE } };
		for (size_t q = 0; q < sizeof(facts) / sizeof(facts[0]); q++) {
			snprintf(k, sizeof(k), "matrix.%s.%s", backends[i].name, facts[q].key);
			const char *val = rb_meta_backend(bm, 0, facts[q].f);
			rb_meta_set(m, k, "%s", val ? val : "");
		}
		snprintf(k, sizeof(k), "matrix.%s.image_size", backends[i].name);
		rb_meta_set(m, k, "%llu", strcmp(backends[i].kind->name, "memfd") && strcmp(backends[i].kind->name, "dir")
						   ? (unsigned long long)backends[i].image_size : 0ull);
	}
	if (m) {
		rb_meta_set(m, "kind", "matrix");
		rb_meta_set(m, "image_size", "%llu", (unsigned long long)v[O_IMAGE].u);
		rb_meta_write(r.data, m);
	}
	free(m);
	free(bm);
	int drawn = rb_report_render(&r);
	if ((ret = rb_report_write(&r))) {
		fprintf(stderr, "regionbench matrix: writing the report failed: %s\n", strerror(-ret));
		return 1;
	}
	rb_rundir_complete(r.out);
	printf("matrix: %s/report.html (%d backends measured, %d charts); combined CSV in %s\n", r.out, ran, drawn, r.data);
	rb_report_free(&r);
	return rbh_import_after("matrix", v[O_HISTORY].set ? v[O_HISTORY].s : NULL, r.runs, r.nruns, failures ? 1 : 0);
}
