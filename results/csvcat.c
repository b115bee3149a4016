/* csvcat.c - concatenate a result table over run folders. */
#include "csvcat.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "csvw.h"

void rb_csvcat_init(struct rb_csvcat *k, const struct rb_table *t, const char *dir, rb_csvcat_row_fn row, void *arg)
{
	memset(k, 0, sizeof(*k));
	k->t = t;
	k->dir = dir;
	k->row = row;
	k->arg = arg;
}

int rb_table_col(const struct rb_table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c], name))
			return (int)c;
	return -1;
}

int rb_csvcat_add(struct rb_csvcat *k, const char *src, char *err, size_t errlen)
{
	if (access(src, F_OK))
		return 0;
	struct rb_csv c;
	int idx[RB_ROW_MAXCOLS], ret = rb_csv_load(src, &c, err, errlen);
	if (ret)
		return ret;
	if ((ret = rb_csv_bind(&c, k->t, src, idx, err, errlen)))
		goto out;
	if (!k->open) {
		if ((ret = rb_afile_open(&k->f, k->dir, k->t->file))) {
			snprintf(err, errlen, "%s/%s: %s", k->dir, k->t->file, strerror(-ret));
			goto out;
		}
		k->open = 1;
		rb_table_header(k->f.f, k->t);
	}
	const char *cells[RB_ROW_MAXCOLS];
	for (size_t r = 0; r < c.nrows; r++) {
		for (size_t col = 0; col < k->t->ncols; col++)
			cells[col] = rb_csv_get(&c, r, idx[col]);
		if (k->row && !k->row(k->arg, k->t, cells))
			continue;
		for (size_t col = 0; col < k->t->ncols; col++)
			rb_csv_field(k->f.f, cells[col], col + 1 == k->t->ncols);
		k->rows++;
	}
out:
	rb_csv_free(&c);
	return ret;
}

int rb_csvcat_end(struct rb_csvcat *k, int ok)
{
	if (!k->open)
		return 0;
	k->open = 0;
	if (!ok) {
		rb_afile_abort(&k->f);
		return 0;
	}
	return rb_afile_commit(&k->f);
}
