/* compare.c - `regionbench compare BASELINE CANDIDATE`: the regression gate on
 * two run folders (or saved baselines), unpaired, runs as the unit
 * (results/compare.h, results/gate.h). Exit 0 every gated metric decided and
 * no regression, 1 a regression or a failed stress verification, 2 bad input,
 * 3 inconclusive (see --inconclusive). */
#include <stdio.h>

#include "commands.h"
#include "db.h"
#include "gateprior.h"
#include "rundir.h"

int cmd_compare(int argc, char **argv)
{
	struct rb_optval v[RB_GO__N];
	const char *pos[2];
	int npos;
	int ret = rb_opts_parse("compare",
				"compare BASELINE CANDIDATE [--threshold PCT] [--alpha A] [--min-runs N] [--prior-cv PCT] "
				"[--metric REGEX] [--filter REGEX] [--allow-different] [--inconclusive pass|fail] [--include-disturbed] "
				"[--markdown FILE] [--junit FILE] [--csv FILE] [--history DB]\n\nCompares two run folders (or saved "
				"baselines), unpaired (Welch's t on the runs' log values)." RB_GATE_HELP,
				rb_gate_opts, RB_GO__N, v, argc, argv, pos, 2, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (npos != 2)
		return rb_usage_error("compare", "expected BASELINE and CANDIDATE (run folders or baseline names), got %d argument(s)",
				      npos);
	struct rb_gate_cli g;
	static struct rbh_gate_priors hp;
	int have_hp = 0;
	char err[4600], bdir[4096], cdir[4096];
	if ((ret = rb_gate_cli_read("compare", v, &g)))
		goto out;
	if (rb_resolve_run("BASELINE", pos[0], rb_compare_needs, bdir, sizeof(bdir), err, sizeof(err)) ||
	    rb_resolve_run("CANDIDATE", pos[1], rb_compare_needs, cdir, sizeof(cdir), err, sizeof(err))) {
		ret = rb_usage_error("compare", "%s", err);
		goto out;
	}
	const char *bd[1] = { bdir }, *cd[1] = { cdir };
	struct rb_comparison c;
	if (g.history) { /* the candidate's host and kernel pick the series */
		if (rbh_check(g.history, 1, err, sizeof(err)) ||
		    rbh_gate_priors_open(&hp, g.history, cdir, &g.plan.priors, err, sizeof(err))) {
			ret = rb_usage_error("compare", "--history: %s", err);
			goto out;
		}
		have_hp = 1;
	}
	if (rb_compare(&g.plan, bd, 1, cd, 1, &c, err, sizeof(err))) {
		ret = rb_usage_error("compare", "%s", err);
		goto out;
	}
	if (have_hp)
		printf("history %s: a recorded spread for %zu of %zu gated statistics (the others: --prior-cv)\n", g.history,
		       hp.found, hp.found + hp.missed);
	ret = rb_gate_cli_finish("compare", &g, &c);
	rb_comparison_free(&c);
out:
	if (have_hp)
		rbh_gate_priors_close(&hp);
	rb_gate_cli_free(&g);
	return ret;
}
