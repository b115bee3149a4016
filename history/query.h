/* query.h - reading the history: series (metric key x backend x kernel x
 * host) and their points (one per run = worker process), the steps in a
 * series, and its variance prior. */
#ifndef REGIONBENCH_HISTORY_QUERY_H
#define REGIONBENCH_HISTORY_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "detect.h"
#include "schema.h"

struct rbh_series {
	long long id;
	char scenario[64], variant[128], metric[64], backend[512], fs_type[64], host[256], kernel[256];
	uint64_t size_bytes;
	int procs;
	char unit[16];		 /* from metrics.csv; "" when no run declared it */
	enum rb_direction dir;	 /* lower, higher, none */
	char key[512];		 /* the metric key: scenario[/variant]/SIZE/pPROCS/metric */
};

/* The series whose metric key matches the POSIX extended regex `re` (NULL:
 * all), ordered by metric key, backend, host, kernel. *out is malloc'd.
 * 0, -EINVAL (bad regex; err says so) or -errno. */
int rbh_series_list(struct rbh_db *db, const char *re, struct rbh_series **out, size_t *n, char *err, size_t errlen);

struct rbh_point {
	long long run;
	char run_id[128], time[32], commit[128], kernel[256];
	unsigned rep;
	size_t n;
	double p50, p99; /* NaN when absent */
	char status[16];
};

/* The measured points (status ok, interference, unstable, with a p50) of a
 * series in time order (then run id, rep). *out is malloc'd. */
int rbh_points(struct rbh_db *db, long long series, struct rbh_point **out, size_t *n, char *err, size_t errlen);

enum rbh_step_kind { RBH_REGRESSION, RBH_IMPROVEMENT, RBH_CHANGE };
const char *rbh_step_kind_name(enum rbh_step_kind k);

struct rbh_step {
	size_t at; /* index of the first point after the step */
	double before, after, ratio, p;
	enum rbh_step_kind kind;
};

/* The steps in a series' points (from rbh_points): steps only between runs of
 * different commits (runs with no commit: between run folders); the RNG seed
 * comes from the series' key, so the same history gives the same steps.
 * *out is malloc'd. Returns the number of steps or -errno. */
int rbh_steps(const struct rbh_series *s, const struct rbh_point *pt, size_t n, const struct rbh_detect_params *p,
	      struct rbh_step **out);

/* A series' recorded between-run spread: the coefficient of variation of
 * the per-run medians since its last step, robust (1.4826 x median absolute
 * deviation / median: a normal distribution's sd/mean, but one outlying
 * process does not set it), and the number of runs behind it. */
struct rbh_prior {
	double cv;
	size_t runs;
	char since[32]; /* time of the first run counted */
};
/* The prior of the series with exactly this key (results/series.h's rb_key
 * fields scenario..metric, the backend spec as a run records it, fs_type or
 * NULL for any, and the host and kernel), of its runs' medians or (p99) of
 * their p99s. 0, -ENOENT (no such series, or fewer than 2 runs) or -errno. */
int rbh_prior(struct rbh_db *db, const char *scenario, const char *variant, uint64_t size_bytes, int procs,
	      const char *metric, const char *backend_spec, const char *fs_type, const char *host, const char *kernel,
	      int p99, struct rbh_prior *out, char *err, size_t errlen);

#endif
