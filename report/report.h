/* report.h - the report document behind `regionbench report` and `matrix` (src/):
 * combine their CSVs, render the charts, write report.md and report.html. */
#ifndef REGIONBENCH_REPORT_REPORT_H
#define REGIONBENCH_REPORT_REPORT_H

#include <limits.h>
#include <stddef.h>

#include "meta.h"
#include "render.h"

#define RB_MAX_RUNS 64

struct rb_report {
	char out[PATH_MAX], data[PATH_MAX], charts[PATH_MAX];
	const char *runs[RB_MAX_RUNS];
	int nruns;
	struct rb_meta *meta[RB_MAX_RUNS];
	struct rb_chart_result chart[32];
	int failed_steps;
	char notes[8][256]; /* measuring steps that failed */
	int nnotes;
	char subtitle[512], backends[1024], xrange[64], variants[512];
	/* the backend comparison charts are relative to ("": the first one) */
	char reference[256];
	/* backend names to show instead of what the runs recorded (matrix: the
	 * temporary mount point becomes "ext4") */
	char *rename_from[32], *rename_to[32];
	int nrename;
};

/* Make the output folder `want` (marked INCOMPLETE) with data/, charts/, runs/
 * and logs/; fills r->out, r->data, r->charts. 0 or -errno with the reason. */
int rb_report_folders(struct rb_report *r, const char *want, const char *id, char *err, size_t errlen);
/* Combine the run folders' CSVs into r->data. Returns 0 or -errno with a one-line reason in err. */
int rb_report_combine(struct rb_report *r, char *err, size_t errlen);
/* Write report.md and report.html (atomically). */
int rb_report_write(struct rb_report *r);
/* What a --from folder must hold (for rb_check_run, results/rundir.h). */
extern const char *const rb_report_needs[];

/* Check a --reference for --from runs: the backend of some row of their
 * summary.csv. 0, or -EINVAL with a one-line reason naming the backends. */
int rb_report_check_reference(const char *ref, const char *const *runs, int nruns, char *err, size_t errlen);

#endif
