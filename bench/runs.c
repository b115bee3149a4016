/* runs.c - worker processes (one per run), the pipe between them and the
 * coordinator, re-measuring under interference, and the result set. */
#include "runs.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "afile.h"
#include "backend.h"
#include "leftover.h"
#include "proc.h"
#include "series.h"
#include "stats.h"

/* ---- the cells ---- */

int rbb_cells_build(const struct rb_bench_plan *p, struct rbb_cell **out)
{
	static const uint64_t page[] = { 4096 };
	regex_t re;
	if (p->filter && regcomp(&re, p->filter, REG_EXTENDED | REG_NOSUB))
		return -EINVAL;
	size_t n = 0, cap = 64;
	struct rbb_cell *c = malloc(cap * sizeof(*c));
	for (int si = 0; c && rbb_scenarios[si]; si++) {
		const struct rbb_scenario *s = rbb_scenarios[si];
		if (p->filter && regexec(&re, s->name, 0, NULL, 0))
			continue;
		const uint64_t *sizes = s->sized ? p->sizes : page;
		size_t ns = s->sized ? p->nsizes : 1;
		int nv = 0;
		while (s->variants && s->variants[nv])
			nv++;
		for (int b = 0; c && b < p->nbackends; b++)
			for (int v = 0; c && v < (nv ? nv : 1); v++)
				for (int k = 0; c && (k == 0 || (s->procs && s->procs[k])); k++)
					for (size_t z = 0; c && z < ns; z++) {
						if (n == cap) {
							struct rbb_cell *nc = realloc(c, (cap *= 2) * sizeof(*c));
							if (!nc)
								free(c);
							c = nc;
							if (!c)
								break;
						}
						struct rbb_cell *x = &c[n++];
						*x = (struct rbb_cell){ .scn = s,
									.backend = b,
									.variant = v,
									.variant_name = nv ? s->variants[v] : "",
									.procs = s->procs ? s->procs[k] : 1,
									.size = sizes[z] };
						struct rbb_ctx ctx = { .backend = &p->backends[b],
								       .size = x->size,
								       .variant = v,
								       .variant_name = x->variant_name,
								       .procs = x->procs,
								       .pin_cpu = p->pin };
						if (rb_backend_is_huge(&p->backends[b]) && !rb_huge_aligned(x->size))
							x->skip = "hugetlbfs maps whole huge pages only (size not a multiple of 2M)";
						else if (s->supported)
							x->skip = s->supported(&ctx);
					}
	}
	if (p->filter)
		regfree(&re);
	*out = c;
	return c ? (int)n : -ENOMEM;
}

/* ---- the pipe ---- */

enum { W_RESULT = 1, W_WARNING };
#define WIRE_MAGIC 0x52424231u

struct wire_head {
	uint32_t magic, kind;
	int32_t cell, nm;
	int64_t iterations;
	struct rb_usage u;
	char text[256]; /* the error (W_RESULT) or the warning */
};

struct wire_metric {
	uint64_t n, nb, nres;
	double p50, p99, mean;
	uint64_t hcount;
	double hmin, hmax, hmean, hm2;
};

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EPIPE;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* 1 on a full read, 0 on EOF before anything, -EPROTO when cut short. */
static int read_all(int fd, void *p, size_t n)
{
	char *c = p;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, c + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return got ? -EPROTO : 0;
		got += (size_t)r;
	}
	return 1;
}

/* ---- in the worker process ---- */

struct worker_args {
	struct rbb_runs *R;
	int run, fd;
	const int *idx;
	int n;
};

static void w_send_text(struct worker_args *a, uint32_t kind, int cell, const char *text)
{
	struct wire_head h = { .magic = WIRE_MAGIC, .kind = kind, .cell = cell };
	snprintf(h.text, sizeof(h.text), "%s", text ? text : "");
	(void)write_all(a->fd, &h, sizeof(h));
}

static void w_warning(void *arg, const char *text)
{
	w_send_text(arg, W_WARNING, -1, text);
}

/* Statistics, histogram and reservoir of one metric of a finished cell run. */
static int w_send_metric(struct worker_args *a, int cell, int m, const double *v, size_t n)
{
	struct rb_stats st;
	struct rb_hist h = { 0 };
	size_t k = n < a->R->reservoir ? n : a->R->reservoir;
	double *res = malloc((k ? k : 1) * sizeof(double));
	int ret = !res ? -ENOMEM : rb_stats_compute(v, n, &st);
	if (!ret)
		ret = rb_hist_add(&h, v, n);
	if (!ret) {
		uint64_t seed = (uint64_t)cell * 1000003u + (uint64_t)a->run * 1009u + (uint64_t)m;
		rbb_reservoir(v, n, res, k, seed);
		struct wire_metric w = { .n = n,
					 .nb = h.nb,
					 .nres = k,
					 .p50 = st.p50,
					 .p99 = n >= rb_pct_min_n(0.99) ? st.p99 : NAN,
					 .mean = st.mean,
					 .hcount = h.count,
					 .hmin = h.min,
					 .hmax = h.max,
					 .hmean = h.mean,
					 .hm2 = h.m2 };
		ret = write_all(a->fd, &w, sizeof(w));
		if (!ret && h.nb)
			ret = write_all(a->fd, h.b, h.nb * sizeof(*h.b));
		if (!ret && k)
			ret = write_all(a->fd, res, k * sizeof(double));
	}
	rb_hist_free(&h);
	free(res);
	return ret;
}

static void w_done(void *arg, const struct rbb_cell_result *r)
{
	struct worker_args *a = arg;
	struct wire_head h = { .magic = WIRE_MAGIC,
			       .kind = W_RESULT,
			       .cell = r->cell,
			       .nm = r->nmetrics,
			       .iterations = r->iterations,
			       .u = r->usage };
	snprintf(h.text, sizeof(h.text), "%s", r->error ? r->error : "");
	int ret = write_all(a->fd, &h, sizeof(h));
	for (int m = 0; !ret && m < r->nmetrics; m++)
		ret = w_send_metric(a, r->cell, m, r->v[m], r->n[m]);
	if (ret)
		_exit(3); /* the coordinator is gone or out of memory here: nothing to measure for */
}

static int worker_main(void *p)
{
	struct worker_args *a = p;
	struct rbb_runs *R = a->R;
	const struct rb_bench_plan *pl = R->plan;
	/* one family per (scenario, backend, variant, procs): its cells in size order */
	int *fam = malloc((size_t)a->n * sizeof(int));
	uint64_t *sizes = malloc((size_t)a->n * sizeof(uint64_t));
	if (!fam || !sizes)
		return 1;
	char *used = calloc((size_t)a->n, 1);
	for (int i = 0; used && i < a->n; i++) {
		if (used[i])
			continue;
		const struct rbb_cell *c = &R->cells[a->idx[i]];
		int k = 0;
		for (int j = i; j < a->n; j++) {
			const struct rbb_cell *d = &R->cells[a->idx[j]];
			if (!used[j] && d->scn == c->scn && d->backend == c->backend && d->variant == c->variant &&
			    d->procs == c->procs) {
				used[j] = 1;
				fam[k] = a->idx[j];
				sizes[k++] = d->size;
			}
		}
		struct rbb_ctx t = { .backend = &pl->backends[c->backend],
				     .variant = c->variant,
				     .variant_name = c->variant_name,
				     .procs = c->procs,
				     .pin_cpu = pl->pin };
		if (rbb_register(c->scn, &t, sizes, fam, k))
			return 1;
	}
	free(used);
	char json[sizeof(R->gbench_json) + 16];
	snprintf(json, sizeof(json), R->gbench_json, a->run);
	struct rbb_settings set = { .budget_s = pl->budget_s,
				    .iterations = pl->iterations,
				    .max_iterations = R->max_iterations,
				    .random_interleaving = pl->interleave,
				    .json_out = R->gbench_json[0] ? json : NULL,
				    .arg = a,
				    .done = w_done,
				    .warning = w_warning };
	fflush(NULL);
	rbb_run_all(&set);
	free(fam);
	free(sizes);
	return 0;
}

/* ---- in the coordinator ---- */

static void crun_clear(struct rbb_crun *c)
{
	for (int m = 0; m < c->nm; m++) {
		rb_hist_free(&c->m[m].h);
		free(c->m[m].res);
	}
	free(c->m);
	memset(c, 0, sizeof(*c));
}

static int read_result(struct rbb_runs *R, int fd, int run, const struct wire_head *h)
{
	if (h->cell < 0 || h->cell >= R->ncells || h->nm < 1 || h->nm > 64)
		return -EPROTO;
	struct rbb_crun *c = &R->cr[(size_t)h->cell * (size_t)R->plan->runs + (size_t)run];
	crun_clear(c);
	c->m = calloc((size_t)h->nm, sizeof(*c->m));
	if (!c->m)
		return -ENOMEM;
	c->nm = h->nm;
	c->iterations = h->iterations;
	c->u = h->u;
	snprintf(c->error, sizeof(c->error), "%s", h->text);
	for (int m = 0; m < h->nm; m++) {
		struct wire_metric w;
		struct rbb_mrun *x = &c->m[m];
		if (read_all(fd, &w, sizeof(w)) != 1 || w.nb > (1u << 24) || w.nres > (1u << 24))
			return -EPROTO;
		*x = (struct rbb_mrun){ .n = w.n, .p50 = w.p50, .p99 = w.p99, .mean = w.mean };
		x->h = (struct rb_hist){ .count = w.hcount, .min = w.hmin, .max = w.hmax, .mean = w.hmean, .m2 = w.hm2 };
		x->h.b = malloc((w.nb ? w.nb : 1) * sizeof(*x->h.b));
		x->res = malloc((w.nres ? w.nres : 1) * sizeof(double));
		if (!x->h.b || !x->res)
			return -ENOMEM;
		x->h.nb = x->h.cap = w.nb;
		x->nres = w.nres;
		if ((w.nb && read_all(fd, x->h.b, w.nb * sizeof(*x->h.b)) != 1) ||
		    (w.nres && read_all(fd, x->res, w.nres * sizeof(double)) != 1))
			return -EPROTO;
	}
	c->have = 1;
	if (R->progress)
		R->progress(R->arg, &R->cells[h->cell], run);
	return 0;
}

int rbb_runs_measure(struct rbb_runs *R, int run, const int *idx, int n)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	for (int i = 0; i < n; i++) /* a cell re-measured starts over (its old result stays until a new one arrives) */
		R->cr[(size_t)idx[i] * (size_t)R->plan->runs + (size_t)run].have = 0;
	struct worker_args a = { .R = R, .run = run, .fd = fds[1], .idx = idx, .n = n };
	rb_backend_set_owner(getpid()); /* the worker's region files carry this process's pid */
	fflush(NULL);
	pid_t pid = rb_fork(worker_main, &a, getpgrp());
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return (int)pid;
	}
	int ret = 0;
	for (;;) {
		struct wire_head h;
		int r = read_all(fds[0], &h, sizeof(h));
		if (r == 0)
			break;
		if (r < 0 || h.magic != WIRE_MAGIC) {
			ret = -EPROTO;
			break;
		}
		if (h.kind == W_WARNING && R->warning) {
			R->warning(R->arg, h.text);
		} else if (h.kind == W_RESULT && (ret = read_result(R, fds[0], run, &h))) {
			break;
		}
	}
	close(fds[0]);
	if (ret)
		kill(pid, SIGKILL);
	int status = 0;
	waitpid(pid, &status, 0);
	rb_backend_set_owner(0);
	/* what a killed or crashed worker (or its helpers) left: the worker is gone, and
	 * this process makes no region of its own while no worker runs */
	for (int i = 0; i < R->plan->nbackends; i++)
		if (!R->plan->backends[i].is_memfd && rb_leftover_remove(R->plan->backends[i].dir, getpid()) > 0 &&
		    R->warning && (WIFSIGNALED(status) || ret))
			R->warning(R->arg, "removed the region files a killed worker left behind");
	char why[160];
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "the worker process of run %d was killed by signal %d", run, WTERMSIG(status));
	else if (ret)
		snprintf(why, sizeof(why), "the worker process of run %d sent a malformed result (%s)", run, strerror(-ret));
	else
		snprintf(why, sizeof(why), "the worker process of run %d exited (%d) before measuring this", run,
			 WEXITSTATUS(status));
	for (int i = 0; i < n; i++) {
		struct rbb_crun *c = &R->cr[(size_t)idx[i] * (size_t)R->plan->runs + (size_t)run];
		if (!c->have && c->nm > 0 && !c->error[0]) {
			c->have = 1; /* a retry that measured nothing keeps the (interfered) result it was to replace */
		} else if (!c->have) {
			crun_clear(c);
			c->have = 1;
			snprintf(c->error, sizeof(c->error), "%s", why);
			if (R->progress)
				R->progress(R->arg, &R->cells[idx[i]], run);
		}
	}
	return 0;
}

/* ---- interference and instability ---- */

static const struct rbb_crun *crun(const struct rbb_runs *R, int c, int run)
{
	return &R->cr[(size_t)c * (size_t)R->plan->runs + (size_t)run];
}

int rbb_run_interfered(const struct rbb_runs *R, int c, int run)
{
	const struct rbb_crun *x = crun(R, c, run);
	return x->have && !x->error[0] && rb_interfered(&x->u, R->plan->interference_bound);
}

/* The usage of all runs of cell c. */
static struct rb_usage cell_usage(const struct rbb_runs *R, int c)
{
	struct rb_usage sum = { 0 };
	for (int r = 0; r < R->plan->runs; r++)
		if (crun(R, c, r)->have)
			rb_usage_add(&sum, &crun(R, c, r)->u);
	return sum;
}

static int cell_interfered(const struct rbb_runs *R, int c)
{
	struct rb_usage sum = cell_usage(R, c);
	int any = rb_interfered(&sum, R->plan->interference_bound);
	for (int r = 0; !any && r < R->plan->runs; r++)
		any = rbb_run_interfered(R, c, r);
	return any;
}

int rbb_runs_retry(struct rbb_runs *R)
{
	int *idx = malloc((size_t)(R->ncells ? R->ncells : 1) * sizeof(int)), again = 0;
	for (int round = 0; idx && round < R->plan->retry_interfered; round++) {
		int any = 0;
		for (int run = 0; run < R->plan->runs; run++) {
			int n = 0;
			for (int c = 0; c < R->ncells; c++) {
				const struct rbb_crun *x = crun(R, c, run);
				double bound = R->plan->interference_bound;
				/* a flagged configuration: its runs above the bound go again */
				if (!R->cells[c].skip && cell_interfered(R, c) && x->have && !x->error[0] &&
				    x->u.other_cpu_s + x->u.steal_s > bound * x->u.wall_s)
					idx[n++] = c;
			}
			if (n) {
				rbb_runs_measure(R, run, idx, n);
				again += n;
				any = 1;
			}
		}
		if (!any)
			break;
	}
	free(idx);
	return again;
}

/* ---- the result set ---- */

/* Per-iteration counts of the measuring processes, one value per run. */
#define PEROP(axis)                                                                                               \
	{ { "minflt_per_op", RB_UNIT_COUNT, RB_DIR_NONE, axis, 0,                                                 \
	    "minor page faults of the measuring processes per iteration (setup to teardown, warm-up included)" }, \
	  { "majflt_per_op", RB_UNIT_COUNT, RB_DIR_NONE, axis, 0,                                                 \
	    "major page faults of the measuring processes per iteration (setup to teardown, warm-up included)" }, \
	  { "ctxsw_per_op", RB_UNIT_COUNT, RB_DIR_NONE, axis, 0,                                                  \
	    "voluntary and involuntary context switches of the measuring processes per iteration" } }
static const struct rb_metric perop[RB_AXIS__N][3] = { PEROP(RB_AXIS_NONE), PEROP(RB_AXIS_SIZE), PEROP(RB_AXIS_PROCS) };

static void conditions_of(const struct rb_usage *u, struct rb_conditions *c)
{
	*c = (struct rb_conditions){ u->wall_s, u->other_cpu_s, u->steal_s, u->nivcsw };
}

static void cell_key(const struct rbb_runs *R, const struct rbb_cell *c, struct rb_key *k)
{
	const struct rb_backend *b = &R->plan->backends[c->backend];
	rb_key_set(k, c->scn->name, b->spec, b->fs_type, c->size, c->variant_name, c->procs);
}

static int add_series(const struct rbb_runs *R, int ci, struct rb_resultset *rs, const struct rb_metric *desc,
		      int m, int *unstable)
{
	const struct rbb_cell *cell = &R->cells[ci];
	int runs = R->plan->runs;
	struct rb_key k;
	cell_key(R, cell, &k);
	const char *error = NULL;
	int have_any = 0;
	for (int r = 0; r < runs; r++) {
		const struct rbb_crun *x = crun(R, ci, r);
		if (x->error[0] && !error)
			error = x->error;
		if (x->have && m >= 0 && m < x->nm && x->m[m].n)
			have_any = 1;
	}
	if (m > 0 && !have_any && !error)
		return 0; /* a secondary metric this variant does not record */
	struct rb_series *s = rb_results_metric(rs, &k, desc);
	if (!s)
		return -ENOMEM;
	s->hist = calloc(1, sizeof(*s->hist));
	s->reps = calloc((size_t)runs, sizeof(*s->reps));
	if (!s->hist || !s->reps)
		return -ENOMEM;
	struct rb_usage sum = cell_usage(R, ci);
	conditions_of(&sum, &s->c);
	double lo = INFINITY, hi = -INFINITY;
	for (int r = 0; r < runs; r++) {
		const struct rbb_crun *x = crun(R, ci, r);
		if (!x->have || x->error[0])
			continue;
		struct rb_rep *rep = &s->reps[s->nreps++];
		*rep = (struct rb_rep){ .rep = (uint32_t)r,
					.status = rbb_run_interfered(R, ci, r) ? RB_INTERFERENCE : RB_OK };
		conditions_of(&x->u, &rep->c);
		if (m < 0) { /* a per-operation count: one value per run */
			const uint64_t cnt[] = { x->u.minflt, x->u.majflt, x->u.nvcsw + x->u.nivcsw };
			double v = x->iterations > 0 ? (double)cnt[-m - 1] / (double)x->iterations : NAN;
			if (isnan(v))
				continue;
			rep->n = 1, rep->p50 = rep->mean = v, rep->p99 = NAN;
			if (rb_hist_add(s->hist, &v, 1) || rb_series_add(s, v))
				return -ENOMEM;
		} else if (m < x->nm) {
			const struct rbb_mrun *mr = &x->m[m];
			rep->n = mr->n, rep->p50 = mr->p50, rep->p99 = mr->p99, rep->mean = mr->mean;
			if (rb_hist_merge(s->hist, &mr->h) || rb_series_reserve(s, mr->nres))
				return -ENOMEM;
			for (size_t i = 0; i < mr->nres; i++)
				s->v[s->n++] = mr->res[i];
		}
		if (rep->n) {
			lo = rep->p50 < lo ? rep->p50 : lo;
			hi = rep->p50 > hi ? rep->p50 : hi;
		}
	}
	/* the run of every kept sample, in the order they were appended */
	s->vrep = malloc((s->n ? s->n : 1) * sizeof(uint32_t));
	if (!s->vrep)
		return -ENOMEM;
	size_t at = 0;
	for (size_t i = 0; i < s->nreps; i++) {
		const struct rbb_crun *x = crun(R, ci, (int)s->reps[i].rep);
		size_t kept = m < 0 ? 1 : x->m[m].nres;
		for (size_t j = 0; j < kept && at < s->n; j++)
			s->vrep[at++] = s->reps[i].rep;
	}
	char why[256];
	if (error) {
		rb_series_fail(s, RB_ERROR, error);
	} else if (cell_interfered(R, ci)) {
		snprintf(why, sizeof(why),
			 "interference: others took %.2f s of CPU and the hypervisor %.2f s in %.2f s measured "
			 "(bound %.2f CPUs)",
			 sum.other_cpu_s, sum.steal_s, sum.wall_s, R->plan->interference_bound);
		rb_series_fail(s, RB_INTERFERENCE, why);
	} else if (desc->dir != RB_DIR_NONE && s->nreps >= 2 && lo > 0 && hi > RB_UNSTABLE_RATIO * lo) {
		snprintf(why, sizeof(why), "unstable: run medians %.6g to %.6g %s (%.2fx > %.2fx)", lo, hi,
			 rb_unit_name(desc->unit), hi / lo, RB_UNSTABLE_RATIO);
		rb_series_fail(s, RB_UNSTABLE, why);
		*unstable = 1;
	}
	return 0;
}

int rbb_runs_results(const struct rbb_runs *R, struct rb_resultset *rs, int *ninterfered, int *nunstable)
{
	*ninterfered = *nunstable = 0;
	for (int ci = 0; ci < R->ncells; ci++) {
		const struct rbb_cell *c = &R->cells[ci];
		const struct rb_metric *const *ms = c->scn->metrics;
		if (c->skip) {
			struct rb_key k;
			cell_key(R, c, &k);
			for (int m = 0; ms[m]; m++) {
				struct rb_series *s = rb_results_metric(rs, &k, ms[m]);
				if (!s)
					return -ENOMEM;
				rb_series_fail(s, RB_SKIPPED, c->skip);
			}
			continue;
		}
		int unstable = 0, ret = 0;
		for (int m = 0; !ret && ms[m]; m++)
			ret = add_series(R, ci, rs, ms[m], m, &unstable);
		for (int m = 0; !ret && m < 3; m++)
			ret = add_series(R, ci, rs, &perop[ms[0]->axis][m], -m - 1, &unstable);
		if (ret)
			return ret;
		*nunstable += unstable;
		*ninterfered += cell_interfered(R, ci);
	}
	return 0;
}

void rbb_runs_free(struct rbb_runs *R)
{
	for (size_t i = 0; R->cr && i < (size_t)R->ncells * (size_t)R->plan->runs; i++)
		crun_clear(&R->cr[i]);
	free(R->cr);
	free(R->cells);
	R->cr = NULL;
	R->cells = NULL;
}
