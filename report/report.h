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
/* Filling a report (commands use these, not the fields): a run folder to
 * combine (the string is kept, not copied; -ENOSPC past RB_MAX_RUNS), a note
 * for the top of the report (printf-style; the first 8 are kept), a backend
 * name to show instead of what the runs recorded, the reference backend of the
 * comparison charts. */
int rb_report_add_run(struct rb_report *r, const char *dir);
void rb_report_note(struct rb_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rb_report_rename(struct rb_report *r, const char *from, const char *to);
void rb_report_set_reference(struct rb_report *r, const char *backend);
/* Draw every chart into r->charts (after rb_report_combine); the number drawn,
 * r->chart[] says why the others were not. */
int rb_report_render(struct rb_report *r);
/* Free what the report holds (the runs' metadata, the renames). */
void rb_report_free(struct rb_report *r);

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
