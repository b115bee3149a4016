/* gateprior.c - priors for the gate from the history (see gateprior.h). */
#include "gateprior.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "query.h"

static int lookup(void *ctx, const struct rb_cmp_key *k, enum rb_run_stat stat, struct rb_gate_prior *out)
{
	struct rbh_gate_priors *g = ctx;
	struct rbh_prior p;
	char err[512];
	int ret = rbh_prior(&g->db, k->scenario, k->variant, strtoull(k->size_bytes, NULL, 10), atoi(k->procs), k->metric,
			    k->backend, NULL, g->host, g->kernel, stat == RB_RSTAT_P99, &p, err, sizeof(err));
	if (ret || !(p.cv > 0)) {
		g->missed++;
		return -ENOENT; /* the plan's prior */
	}
	g->found++;
	*out = (struct rb_gate_prior){ p.cv, (int)p.runs, "history" };
	return 0;
}

int rbh_gate_priors_open(struct rbh_gate_priors *g, const char *db_path, const char *run_dir,
			 struct rb_prior_provider *out, char *err, size_t errlen)
{
	memset(g, 0, sizeof(*g));
	struct rb_meta *m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	int ret = rb_meta_read(run_dir, m, err, errlen);
	const char *host = ret ? NULL : rb_meta_get(m, "host"), *kernel = ret ? NULL : rb_meta_get(m, "kernel_release");
	if (!ret && (!host || !kernel)) {
		snprintf(err, errlen, "%s/meta.csv has no host or kernel_release (the history's series need them)", run_dir);
		ret = -EINVAL;
	}
	if (!ret) {
		snprintf(g->host, sizeof(g->host), "%s", host);
		snprintf(g->kernel, sizeof(g->kernel), "%s", kernel);
	}
	free(m);
	if (!ret)
		ret = rbh_open(&g->db, db_path, RBH_READ, err, errlen);
	if (ret)
		return ret;
	*out = (struct rb_prior_provider){ lookup, g };
	return 0;
}

void rbh_gate_priors_close(struct rbh_gate_priors *g)
{
	rbh_close(&g->db);
}
