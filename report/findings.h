/* findings.h - the headline findings at the top of a report: a few sentences
 * computed from the data (the cheaper resize strategy at the largest size,
 * the backends' page-fault costs, create/attach ranked, stress verdicts,
 * configurations not measured cleanly). A sentence says only what the data
 * supports: a difference is stated as one only when the 95 % interval of the
 * ratio over runs excludes 1; with one run a side, values are given without a
 * claim. Each finding names the chart or table that shows it. */
#ifndef REGIONBENCH_REPORT_FINDINGS_H
#define REGIONBENCH_REPORT_FINDINGS_H

#include <stddef.h>

struct rb_finding {
	char text[2048];
	char anchor[64]; /* "chart-NAME", "stress" or "configurations" */
	char what[64];	 /* the link's words: "resize chart" */
};

/* Findings of the combined data folder dir. drawn: space-separated names of the
 * charts that were drawn (links go to a drawn chart, else to a table).
 * Returns how many were written to out (at most max), or -errno with err. */
int rb_findings(const char *dir, const char *drawn, struct rb_finding *out, int max, char *err, size_t errlen);

#endif
