/* report.c - `regionbench report`: the product's main job. Without --from it
 * runs the suite (bench + a short stress run per detection mode) into run
 * folders inside the report folder; then it combines their CSVs, renders every
 * chart and writes report.md and report.html. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
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
#include "import.h"
#include "opts.h"
#include "parse.h"
#include "proc.h"
#include "rundir.h"
#include "stress.h"

enum { O_OUT, O_BACKEND, O_QUICK, O_FULL, O_FROM, O_REFERENCE, O_HISTORY, O_NOPT };
static const struct rb_opt opts[] = {
	[O_OUT] = { .name = "out", .arg = "DIR", .help = "report folder (new or empty) [default: results/reports/<id>]", .type = RB_OPT_STR },
	[O_BACKEND] = { .name = "backend", .arg = "SPEC", .help = "where regions live: dir:PATH or memfd [default: dir:/dev/shm]", .type = RB_OPT_STR, .repeat = 1 },
	[O_QUICK] = { .name = "quick", .help = "the quick suite (the default; about a minute)", .type = RB_OPT_FLAG },
	[O_FULL] = { .name = "full", .help = "the full suite: sizes up to 1 GiB, longer runs (many minutes)", .type = RB_OPT_FLAG },
	[O_FROM] = { .name = "from", .arg = "RUN_DIR", .help = "render from existing run folders; measure nothing", .type = RB_OPT_STR, .repeat = 1 },
	[O_REFERENCE] = { .name = "reference", .arg = "BACKEND", .help = "the backend comparison charts are relative to (= 1.0) [default: the first backend]", .type = RB_OPT_STR },
	[O_HISTORY] = RBH_HISTORY_OPT,
};

struct step {
	const char *label;
	double estimate_s;
	char out[PATH_MAX];
	struct rb_bench_plan *plan; /* a bench step, or */
	struct rbs_config *stress;  /* a stress step: both run from their typed plans */
};

/* Run one measuring step from its plan (this program, not re-executed); its
 * output goes to a log. */
static int run_step(struct step *s, const char *logdir)
{
	char log[PATH_MAX + 64], err[1024];
	snprintf(log, sizeof(log), "%s/%s.log", logdir, s->label);
	if (s->plan) {
		s->plan->log = log;
		if (rb_bench_prepare(s->plan, s->out, err, sizeof(err))) {
			fprintf(stderr, "regionbench report: %s\n", err);
			return 2;
		}
		return rb_bench_run(s->plan);
	}
	s->stress->out = s->out;
	return rbs_run_logged(s->stress, log, NULL);
}

static void tail_log(const char *logdir, const char *label)
{
	char log[PATH_MAX + 64], line[512];
	snprintf(log, sizeof(log), "%s/%s.log", logdir, label);
	FILE *f = fopen(log, "re");
	if (!f)
		return;
	char last[6][512];
	int n = 0;
	while (fgets(line, sizeof(line), f))
		snprintf(last[n++ % 6], sizeof(last[0]), "%s", line);
	fclose(f);
	for (int i = n > 6 ? n - 6 : 0; i < n; i++)
		fprintf(stderr, "    %s", last[i % 6]);
}

int cmd_report(int argc, char **argv)
{
	static struct rb_report r;
	static struct step steps[16];
	struct rb_optval v[O_NOPT];
	const char *pos[1];
	int npos;
	int ret = rb_opts_parse("report", "report [--out DIR] [--backend SPEC]... [--quick|--full] [--from RUN_DIR]... [--reference BACKEND] [--history DB]",
				opts, O_NOPT, v, argc, argv, pos, 0, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	char err[1024];
	if (v[O_QUICK].u && v[O_FULL].u)
		return rb_usage_error("report", "--quick and --full exclude each other");
	if (v[O_FROM].n && (v[O_BACKEND].n || v[O_QUICK].u || v[O_FULL].u))
		return rb_usage_error("report", "--from renders existing runs: it takes no --backend, --quick or --full");
	struct rb_backend b[RB_OPT_MAXREP];
	int nb = v[O_BACKEND].n ? v[O_BACKEND].n : 1;
	if (nb > RB_BENCH_MAXB)
		return rb_usage_error("report", "--backend: at most %d backends", RB_BENCH_MAXB);
	for (int i = 0; i < nb && !v[O_FROM].n; i++)
		if (rb_backend_parse(v[O_BACKEND].n ? v[O_BACKEND].list[i] : "dir:/dev/shm", &b[i], err, sizeof(err)))
			return rb_usage_error("report", "--backend: %s", err);
	for (int i = 0; i < v[O_FROM].n; i++)
		if (rb_check_run("--from", v[O_FROM].list[i], v[O_FROM].list[i], rb_report_needs, err, sizeof(err)))
			return rb_usage_error("report", "%s", err);
	if (v[O_OUT].set && rb_rundir_check(v[O_OUT].s, err, sizeof(err)))
		return rb_usage_error("report", "%s", err);
	if (v[O_HISTORY].set && v[O_FROM].n)
		return rb_usage_error("report", "--history imports the runs report measures; with --from, use: regionbench history import RUN_DIR...");
	if ((ret = rbh_history_option("report", v[O_HISTORY].set ? v[O_HISTORY].s : NULL)))
		return ret;
	if (v[O_REFERENCE].set && v[O_FROM].n &&
	    rb_report_check_reference(v[O_REFERENCE].s, v[O_FROM].list, v[O_FROM].n, err, sizeof(err)))
		return rb_usage_error("report", "%s", err);
	if (v[O_REFERENCE].set && !v[O_FROM].n) {
		int found = 0;
		for (int i = 0; i < nb; i++)
			found |= !strcmp(b[i].spec, v[O_REFERENCE].s);
		if (!found)
			return rb_usage_error("report", "--reference: '%s' is not one of the --backend values", v[O_REFERENCE].s);
	}

	/* the report folder (marked incomplete until report.md/html are written) */
	const char *root = rb_root();
	char id[128];
	rb_run_id(id, sizeof(id));
	if (v[O_OUT].set)
		snprintf(r.out, sizeof(r.out), "%s", v[O_OUT].s);
	else
		rb_default_dir(root, "reports", id, r.out, sizeof(r.out));
	char want[PATH_MAX];
	snprintf(want, sizeof(want), "%s", r.out);
	if (rb_report_folders(&r, want, id, err, sizeof(err)))
		return rb_usage_error("report", "%s", err);
	if (v[O_REFERENCE].set)
		rb_report_set_reference(&r, v[O_REFERENCE].s);
	char logs[PATH_MAX + 16], runs[PATH_MAX + 16];
	snprintf(logs, sizeof(logs), "%s/logs", r.out);
	snprintf(runs, sizeof(runs), "%s/runs", r.out);

	int tty = isatty(2);
	if (v[O_FROM].n) {
		for (int i = 0; i < v[O_FROM].n; i++)
			rb_report_add_run(&r, v[O_FROM].list[i]);
	} else {
		int full = (int)v[O_FULL].u, ns = 0;
		struct step *s = &steps[ns++];
		s->label = "bench";
		s->estimate_s = full ? 600 : 15;
		snprintf(s->out, sizeof(s->out), "%s/bench", runs);
		static struct rb_bench_plan plan;
		rb_bench_plan_init(&plan, !full);
		for (int i = 0; i < nb; i++)
			plan.backends[i] = b[i];
		plan.nbackends = nb;
		snprintf(plan.cmdline, sizeof(plan.cmdline), "regionbench report%s (bench step)", full ? " --full" : "");
		s->plan = &plan;
		static const enum rbs_detect modes[] = { RBS_DOORBELL, RBS_POLL, RBS_FSTAT };
		static char labels[3 * RB_OPT_MAXREP][64];
		static struct rbs_config stress[3 * RB_OPT_MAXREP];
		for (int i = 0; i < nb; i++)
			for (int m = 0; m < 3; m++) {
				s = &steps[ns];
				snprintf(labels[ns], sizeof(labels[ns]), "stress-%s-%d", rbs_detect_name(modes[m]), i);
				s->label = labels[ns];
				s->estimate_s = full ? 14 : 4;
				snprintf(s->out, sizeof(s->out), "%s/%s", runs, s->label);
				s->stress = &stress[ns++];
				rbs_config_suite(s->stress, &b[i], modes[m], !full);
				snprintf(s->stress->cmdline, sizeof(s->stress->cmdline), "regionbench report%s (stress step %s)",
					 full ? " --full" : "", s->label);
			}
		double left = 0;
		for (int i = 0; i < ns; i++)
			left += steps[i].estimate_s;
		for (int i = 0; i < ns; i++) {
			if (tty)
				fprintf(stderr, "regionbench report: [%d/%d] %s (about %.0f s left)\n", i + 1, ns + 1,
					steps[i].label, left);
			uint64_t t0 = rb_now_ns();
			int code = run_step(&steps[i], logs);
			left -= steps[i].estimate_s;
			if (code < 0 || code == 2 || code == 127 || code >= 128) {
				fprintf(stderr, "regionbench report: %s could not run (exit %d):\n", steps[i].label, code);
				tail_log(logs, steps[i].label);
				return code >= 128 ? code : 1;
			}
			if (code != 0 && code != 77) {
				r.failed_steps++;
				rb_report_note(&r, "Attention: %s failed (exit %d); see logs/%s.log and its rows below.",
					       steps[i].label, code, steps[i].label);
				fprintf(stderr, "regionbench report: %s FAILED (exit %d):\n", steps[i].label, code);
				tail_log(logs, steps[i].label);
			}
			if (tty)
				fprintf(stderr, "regionbench report: %s done in %.1f s\n", steps[i].label,
					(double)(rb_now_ns() - t0) / 1e9);
			if (code != 77)
				rb_report_add_run(&r, steps[i].out);
		}
	}
	if (tty)
		fprintf(stderr, "regionbench report: [%d/%d] charts and report\n", r.nruns + 1, r.nruns + 1);
	if (rb_report_combine(&r, err, sizeof(err))) {
		fprintf(stderr, "regionbench report: %s\n", err);
		return v[O_FROM].n ? 2 : 1;
	}
	int drawn = rb_report_render(&r);
	for (size_t i = 0; rb_charts[i].name; i++)
		if (!r.chart[i].ok)
			fprintf(stderr, "regionbench report: chart %s not drawn: %s\n", rb_charts[i].name, r.chart[i].reason);
	if ((ret = rb_report_write(&r))) {
		fprintf(stderr, "regionbench report: writing the report failed: %s\n", strerror(-ret));
		return 1;
	}
	rb_rundir_complete(r.out);
	printf("report: %s/report.html\n        %s/report.md (%d of %zu charts)\n", r.out, r.out, drawn, rb_chart_count());
	rb_report_free(&r);
	return rbh_import_after("report", v[O_HISTORY].set ? v[O_HISTORY].s : NULL, r.runs, r.nruns, r.failed_steps ? 1 : 0);
}
