/* afile.h - files written atomically: a temporary name in the same folder,
 * fsync, then rename into place. Readers never see half a file. */
#ifndef REGIONBENCH_RESULTS_AFILE_H
#define REGIONBENCH_RESULTS_AFILE_H

#include <limits.h>
#include <stdio.h>

struct rb_afile {
	FILE *f;
	char tmp[PATH_MAX];
	char path[PATH_MAX];
};

int rb_afile_open(struct rb_afile *a, const char *dir, const char *name);
/* Flush, fsync, close and rename; on any error the temporary is removed. */
int rb_afile_commit(struct rb_afile *a);
void rb_afile_abort(struct rb_afile *a);

#endif
