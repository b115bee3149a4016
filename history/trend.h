/* trend.h - `history trend`: gnuplot trend charts (plots/history_trend.gp), one
 * panel per series, a point per run, the median line and the detected steps,
 * plus trend.md and a self-contained trend.html (report/doc.h). */
#ifndef REGIONBENCH_HISTORY_TREND_H
#define REGIONBENCH_HISTORY_TREND_H

#include <stddef.h>

#include "db.h"
#include "detect.h"

enum rbh_by { RBH_BY_COMMIT, RBH_BY_TIME, RBH_BY_KERNEL };

struct rbh_trend_opts {
	const char *metric_re; /* NULL: every series */
	enum rbh_by by;	       /* kernel: one panel per series across kernels, no steps */
	const char *out;       /* the output folder (made; must not exist or be empty) */
	const char *plots_dir; /* where history_trend.gp is */
	const char *db_path;   /* for the page */
	struct rbh_detect_params det;
};

/* Write the charts and the page. 0, or -ENOENT (no series matches: err says
 * so), -errno; *panels gets the number of panels drawn. A chart gnuplot could
 * not draw is named on the page and in err (the rest are drawn: -EIO). */
int rbh_trend(struct rbh_db *db, const struct rbh_trend_opts *o, int *panels, char *err, size_t errlen);

#endif
