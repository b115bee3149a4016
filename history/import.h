/* import.h - run folders into the history database. A folder is read and
 * checked completely first (only through the schema tables: runs.csv,
 * summary.csv, metrics.csv, stress.csv, meta.csv); then it goes in as one
 * transaction, so a killed import leaves the database as it was, and an import
 * of a run id already there changes nothing. */
#ifndef REGIONBENCH_HISTORY_IMPORT_H
#define REGIONBENCH_HISTORY_IMPORT_H

#include <limits.h>
#include <stddef.h>
#include <stdio.h>

#include "csv.h"
#include "db.h"
#include "meta.h"
#include "schema.h"

/* Labels for runs made outside a git checkout (NULL: from meta.csv). */
struct rbh_label {
	const char *commit; /* a commit id or label, as given */
	const char *time;   /* normalised ISO 8601 UTC (rbh_parse_time) */
};

struct rbh_folder {
	char dir[PATH_MAX];
	struct rb_meta *meta;
	struct rb_csv runs, summary, metrics, stress;
	int has_stress;
	int ri[RB_RUN__N], si[RB_SUM__N], mi[RB_MET__N], ti[RB_STR__N];
	char run_id[128], kind[32], time[32], commit[128], branch[128], host[256], kernel[256];
};

/* Read and check a run folder. 0, or -EINVAL (or -errno) with the reason it
 * cannot be imported in why. Free with rbh_folder_free either way. */
int rbh_folder_load(struct rbh_folder *f, const char *dir, const struct rbh_label *lab, char *why, size_t n);
void rbh_folder_free(struct rbh_folder *f);

struct rbh_import_stats {
	size_t points, series, stress;
};
/* Import a loaded folder in one transaction: 1 imported, 0 its run id was
 * already there (nothing changed), -errno on error (err says why; the
 * database is unchanged). */
int rbh_import(struct rbh_db *db, const struct rbh_folder *f, struct rbh_import_stats *st, char *err, size_t errlen);

/* Parse an ISO 8601 time: YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS[.frac]] with
 * Z, +HH:MM, -HH:MM, +HHMM or no zone (UTC). out gets YYYY-MM-DDTHH:MM:SSZ
 * (UTC). 0 or -EINVAL. */
int rbh_parse_time(const char *s, char *out, size_t n);
/* The series backend of a backend spec: a filesystem the matrix mounted for
 * the run (dir:/tmp/regionbench.<pid>.<name>.<random>) is named by the
 * matrix's name (ext4, tmpfs-huge, ...), so runs of different days meet in
 * one series; any other spec stays as it is. */
void rbh_backend_label(const char *spec, char *out, size_t n);
/* Find the run folders under each path (a path that holds meta.csv of a bench
 * or stress run is one; otherwise its subfolders are searched, 4 levels deep)
 * and call fn for each, or for a path that holds none (with why set). */
typedef void (*rbh_found_fn)(void *arg, const char *dir, const char *why);
void rbh_find_runs(const char *path, rbh_found_fn fn, void *arg);

/* Import run folders (what `history import` and the --history options of
 * other commands do): every folder found under paths[], each in its own
 * transaction; progress and reasons, one line each, to `log`. Returns 0
 * when every folder was imported or was already there, 1 when some were
 * skipped (the rest are in), 2 when the database cannot be used (err). */
int rbh_import_paths(const char *db_path, const char *const *paths, int npaths, const struct rbh_label *lab, FILE *log,
		     char *err, size_t errlen);

/* The --history DB option of the commands that make run folders (bench,
 * stress, report, matrix, ab): import them into the history when done. */
#define RBH_HISTORY_OPT                                                                                              \
	{ .name = "history", .arg = "DB", .help = "when done, import the run folder(s) into this history database (regionbench history)", .type = RB_OPT_STR }
/* Validate --history DB before anything runs: 0, or 2 after a one-line usage error. */
int rbh_history_option(const char *cmd, const char *db_path);
/* After a command: import its complete run folders (each in its own
 * transaction; one line each on stderr) when code is 0 or 1 (a failed run's
 * folder is history too). Returns code, or 1 when code was 0 and a folder
 * could not be imported. db_path NULL: nothing to do. */
int rbh_import_after(const char *cmd, const char *db_path, const char *const *dirs, int n, int code);

#endif
