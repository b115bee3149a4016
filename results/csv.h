/* csv.h - a strict CSV reader for result files (summary, samples, meta).
 * RFC 4180 quoting; the first line is the header; every row must have as
 * many fields as the header. Errors name the file, the line and the problem. */
#ifndef REGIONBENCH_RESULTS_CSV_H
#define REGIONBENCH_RESULTS_CSV_H

#include <stddef.h>

struct rb_csv {
	char **cells; /* nrows+1 rows (header first) x ncols */
	size_t ncols, nrows;
	char *buf; /* owns every cell's text */
};

/* Parse a whole buffer (need not be NUL-terminated). name is used in errors. */
int rb_csv_parse(const char *data, size_t len, const char *name, struct rb_csv *t, char *err,
		 size_t errlen);
int rb_csv_load(const char *path, struct rb_csv *t, char *err, size_t errlen);
void rb_csv_free(struct rb_csv *t);
/* Column index by header name, or -1. */
int rb_csv_col(const struct rb_csv *t, const char *name);
/* Cell of data row r (0-based, header excluded). */
const char *rb_csv_get(const struct rb_csv *t, size_t r, int col);
/* Parse a numeric cell strictly (finite double). */
int rb_csv_num(const char *s, double *out);

#endif
