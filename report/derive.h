/* derive.h - tables a report computes from its combined data folder, for the
 * charts and the text: models.csv (cost models) and ratios.csv (comparisons
 * with a reference backend). Both are described in results/schema.h. */
#ifndef REGIONBENCH_REPORT_DERIVE_H
#define REGIONBENCH_REPORT_DERIVE_H

#include <stddef.h>

#include "data.h"

/* Which size a comparison takes from each backend; RB_SIZE_RUN: the run's
 * (stress: the final region size), not named in the panel's label. */
enum rb_size_rule { RB_SIZE_SMALLEST, RB_SIZE_LARGEST, RB_SIZE_RUN };

/* One panel of a comparison chart: an operation compared across backends at
 * each backend's smallest or largest measured size. */
struct rb_comparison {
	const char *chart; /* the chart drawing it (plots/<chart>.gp) */
	const char *label;
	const char *scenario, *variant, *metric;
	enum rb_stat stat;
	enum rb_size_rule size;
};
extern const struct rb_comparison rb_comparisons[]; /* ends with chart NULL */

/* Write dir/models.csv and dir/ratios.csv (atomically) from dir's summary,
 * runs and metrics tables. reference: the backend every ratio is relative to
 * (NULL or "": the first backend in summary.csv). 0 or -errno with err. */
int rb_report_derive(const char *dir, const char *reference, char *err, size_t errlen);

#endif
