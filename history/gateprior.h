/* gateprior.h - the regression gate's prior spreads from the history: a
 * struct rb_prior_provider (results/compare.h) whose lookup gives, for a
 * gated metric, the recorded between-run spread of its series on this host
 * and kernel (rbh_prior: robust CV of the runs' medians, or p99s, since the
 * series' last step). The gate uses it when a side has too few runs. */
#ifndef REGIONBENCH_HISTORY_GATEPRIOR_H
#define REGIONBENCH_HISTORY_GATEPRIOR_H

#include <stddef.h>

#include "compare.h"
#include "db.h"

struct rbh_gate_priors {
	struct rbh_db db;
	char host[256], kernel[256];
	size_t found, missed; /* lookups answered from the history, and not */
};

/* Open the database (it must exist) and take host and kernel from run_dir's
 * meta.csv; fill *out. 0, or -errno with a one-line reason (-EBADMSG: not a
 * history database). */
int rbh_gate_priors_open(struct rbh_gate_priors *g, const char *db_path, const char *run_dir,
			 struct rb_prior_provider *out, char *err, size_t errlen);
void rbh_gate_priors_close(struct rbh_gate_priors *g);

#endif
