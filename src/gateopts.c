/* gateopts.c - the gate's options (compare and ab take the same ones), their
 * validation, and the gate's outputs and exit status. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "import.h"

const struct rb_opt rb_gate_opts[RB_GO__N] = {
	[RB_GO_THRESHOLD] = { .name = "threshold", .arg = "PCT", .help = "smallest change that matters, in percent (0 < PCT < 1000)", .type = RB_OPT_FLOAT, .def = "5" },
	[RB_GO_ALPHA] = { .name = "alpha", .arg = "A", .help = "family-wise rate of false regressions (Holm over all metrics), 0 < A < 0.5", .type = RB_OPT_FLOAT, .def = "0.05" },
	[RB_GO_MIN_RUNS] = { .name = "min-runs", .arg = "N", .help = "fewer runs (ab: rounds) on a side: use the prior spread", .type = RB_OPT_COUNT, .def = "3", .min = 2, .max = 1000000 },
	[RB_GO_PRIOR_CV] = { .name = "prior-cv", .arg = "PCT", .help = "between-run spread of a run's median assumed below --min-runs, in percent (of its p99: 4 times it)", .type = RB_OPT_FLOAT, .def = "5" },
	[RB_GO_METRIC] = { .name = "metric", .arg = "REGEX", .help = "gate only metrics whose name matches", .type = RB_OPT_STR },
	[RB_GO_FILTER] = { .name = "filter", .arg = "REGEX", .help = "gate only scenarios whose name matches", .type = RB_OPT_STR },
	[RB_GO_ALLOW] = { .name = "allow-different", .help = "compare runs from different hosts, kernels, CPUs or filesystems", .type = RB_OPT_FLAG },
	[RB_GO_INCONCLUSIVE] = { .name = "inconclusive", .arg = "pass|fail", .help = "exit 0 (pass) or 1 (fail) instead of 3 when a metric is inconclusive (a metric missing or errored in the candidate fails regardless)", .type = RB_OPT_STR, .choices = "pass|fail" },
	[RB_GO_DISTURBED] = { .name = "include-disturbed", .help = "take runs with status interference or unstable as evidence too (default: left out, counted and listed)", .type = RB_OPT_FLAG },
	[RB_GO_MARKDOWN] = { .name = "markdown", .arg = "FILE", .help = "also write a markdown table (CI job summary)", .type = RB_OPT_STR },
	[RB_GO_JUNIT] = { .name = "junit", .arg = "FILE", .help = "also write JUnit XML, one test case per metric", .type = RB_OPT_STR },
	[RB_GO_CSV] = { .name = "csv", .arg = "FILE", .help = "also write the comparison as CSV (results/SCHEMA.md)", .type = RB_OPT_STR },
	[RB_GO_HISTORY] = { .name = "history", .arg = "DB", .help = "below --min-runs, take a metric's spread from this history database (its series on this host and kernel since its last step) instead of --prior-cv; ab also imports its rounds into it", .type = RB_OPT_STR },
};

static int writable_parent(const char *path)
{
	char d[4096];
	snprintf(d, sizeof(d), "%s", path);
	char *sl = strrchr(d, '/');
	if (!sl)
		strcpy(d, ".");
	else
		*(sl == d ? sl + 1 : sl) = '\0';
	struct stat st;
	return !stat(d, &st) && S_ISDIR(st.st_mode) && !access(d, W_OK);
}

int rb_gate_cli_read(const char *cmd, const struct rb_optval *v, struct rb_gate_cli *g)
{
	memset(g, 0, sizeof(*g));
	double t = v[RB_GO_THRESHOLD].f, a = v[RB_GO_ALPHA].f, cv = v[RB_GO_PRIOR_CV].f;
	if (!(t > 0 && t < 1000))
		return rb_usage_error(cmd, "--threshold: '%s' is out of range (expected a percentage, 0 < PCT < 1000)",
				      v[RB_GO_THRESHOLD].s);
	if (!(a > 0 && a < 0.5))
		return rb_usage_error(cmd, "--alpha: '%s' is out of range (expected 0 < A < 0.5)", v[RB_GO_ALPHA].s);
	if (!(cv > 0 && cv < 1000))
		return rb_usage_error(cmd, "--prior-cv: '%s' is out of range (expected a percentage, 0 < PCT < 1000)",
				      v[RB_GO_PRIOR_CV].s);
	struct rb_gate_prior prior = { cv / 100, 0, v[RB_GO_PRIOR_CV].set ? "--prior-cv" : "default" };
	g->plan.gate = (struct rb_gate_params){ t / 100, a, (size_t)v[RB_GO_MIN_RUNS].u, prior };
	g->plan.allow_different = v[RB_GO_ALLOW].set;
	g->plan.include_disturbed = v[RB_GO_DISTURBED].set;
	if (v[RB_GO_METRIC].set) {
		if (regcomp(&g->re_metric, v[RB_GO_METRIC].s, REG_EXTENDED | REG_NOSUB))
			return rb_usage_error(cmd, "--metric: '%s' is not a valid regular expression", v[RB_GO_METRIC].s);
		g->have_metric = 1;
		g->plan.metric_re = &g->re_metric;
	}
	if (v[RB_GO_FILTER].set) {
		if (regcomp(&g->re_filter, v[RB_GO_FILTER].s, REG_EXTENDED | REG_NOSUB))
			return rb_usage_error(cmd, "--filter: '%s' is not a valid regular expression", v[RB_GO_FILTER].s);
		g->have_filter = 1;
		g->plan.filter_re = &g->re_filter;
	}
	if (v[RB_GO_HISTORY].set) {
		int r = rbh_history_option(cmd, v[RB_GO_HISTORY].s);
		if (r)
			return r;
		g->history = v[RB_GO_HISTORY].s;
	}
	g->inconclusive = !v[RB_GO_INCONCLUSIVE].set ? 3 : !strcmp(v[RB_GO_INCONCLUSIVE].s, "pass") ? 0 : 1;
	static const int outs[3] = { RB_GO_MARKDOWN, RB_GO_JUNIT, RB_GO_CSV };
	for (int k = 0; k < 3; k++) {
		if (!v[outs[k]].set)
			continue;
		const char *path = v[outs[k]].s;
		struct stat st;
		if (path[strlen(path) - 1] == '/' || (!stat(path, &st) && S_ISDIR(st.st_mode)))
			return rb_usage_error(cmd, "--%s: '%s' is a folder (expected a file to write)",
					      rb_gate_opts[outs[k]].name, path);
		if (!writable_parent(path))
			return rb_usage_error(cmd, "--%s: the folder of '%s' does not exist or is not writable",
					      rb_gate_opts[outs[k]].name, path);
		g->out[k] = v[outs[k]].s;
	}
	return 0;
}

void rb_gate_cli_free(struct rb_gate_cli *g)
{
	if (g->have_metric)
		regfree(&g->re_metric);
	if (g->have_filter)
		regfree(&g->re_filter);
	g->have_metric = g->have_filter = 0;
}

int rb_gate_cli_finish(const char *cmd, const struct rb_gate_cli *g, const struct rb_comparison *c)
{
	if (c->meta_diff[0])
		printf("note: comparing runs that differ in %s\n", c->meta_diff);
	rb_compare_print(stdout, c);
	static const enum rb_cmp_format fmt[3] = { RB_CMP_MARKDOWN, RB_CMP_JUNIT, RB_CMP_CSV };
	for (int k = 0; k < 3; k++) {
		int w = g->out[k] ? rb_compare_write(g->out[k], fmt[k], c, g->inconclusive == 1) : 0;
		if (w) {
			fprintf(stderr, "regionbench %s: cannot write '%s': %s\n", cmd, g->out[k], strerror(w < 0 ? -w : w));
			return 2;
		}
	}
	if (c->counts[RB_REGRESSION] || c->counts[RB_FAIL] || c->nstress)
		return 1; /* whatever --inconclusive says: that is for statistical inconclusiveness only */
	return c->counts[RB_INCONCLUSIVE] ? g->inconclusive : 0;
}
