/* afile.c - temp file + rename. */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

int rb_afile_open(struct rb_afile *a, const char *dir, const char *name)
{
	a->f = NULL;
	if (snprintf(a->path, sizeof(a->path), "%s/%s", dir, name) >= (int)sizeof(a->path) ||
	    snprintf(a->tmp, sizeof(a->tmp), "%s/.%s.tmp.XXXXXX", dir, name) >= (int)sizeof(a->tmp))
		return -ENAMETOOLONG;
	int fd = mkostemp(a->tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fchmod(fd, 0644);
	a->f = fdopen(fd, "w");
	if (!a->f) {
		int e = errno;
		close(fd);
		unlink(a->tmp);
		return -e;
	}
	return 0;
}

int rb_afile_commit(struct rb_afile *a)
{
	int ret = 0;
	if (fflush(a->f) || ferror(a->f) || fsync(fileno(a->f)))
		ret = -errno ? -errno : -EIO;
	if (fclose(a->f) && !ret)
		ret = -errno;
	a->f = NULL;
	if (!ret && rename(a->tmp, a->path))
		ret = -errno;
	if (ret)
		unlink(a->tmp);
	return ret;
}

void rb_afile_abort(struct rb_afile *a)
{
	if (a->f)
		fclose(a->f);
	a->f = NULL;
	unlink(a->tmp);
}
