/* csvcat.h - the one CSV concatenator: the rows of the same result table from
 * several run folders, into one file (report's data/, merge's folder). Every
 * source is bound to the table (rb_csv_bind: its columns by name, its
 * schema_version), so the output has the table's columns in table order. */
#ifndef REGIONBENCH_RESULTS_CSVCAT_H
#define REGIONBENCH_RESULTS_CSVCAT_H

#include <stddef.h>

#include "afile.h"
#include "schema.h"

/* Called per row with its cells in table order (cells[k] for t->cols[k]); it
 * may point cells at other strings (that live until the next call). Returns 0
 * to drop the row. */
typedef int (*rb_csvcat_row_fn)(void *arg, const struct rb_table *t, const char **cells);

struct rb_csvcat {
	const struct rb_table *t;
	const char *dir; /* where t->file is written (atomically) */
	rb_csvcat_row_fn row;
	void *arg;
	struct rb_afile f;
	int open;
	size_t rows; /* rows written */
};

/* row may be NULL (every row kept as it is). Nothing is created until a row source is added. */
void rb_csvcat_init(struct rb_csvcat *k, const struct rb_table *t, const char *dir, rb_csvcat_row_fn row, void *arg);
/* Append the rows of src (a missing file adds nothing). 0, or -errno with one line in err. */
int rb_csvcat_add(struct rb_csvcat *k, const char *src, char *err, size_t errlen);
/* Commit the file (ok) or remove it; 0 or -errno. */
int rb_csvcat_end(struct rb_csvcat *k, int ok);

/* The column of t named `name`, or -1 (for generic tools that handle several tables). */
int rb_table_col(const struct rb_table *t, const char *name);

#endif
