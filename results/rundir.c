/* rundir.c - resolve a run folder or a saved baseline name, and check it. */
#include "rundir.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meta.h"
#include "parse.h"

int rb_check_run(const char *what, const char *arg, const char *dir, const char *const *need, char *err,
		 size_t errlen)
{
	struct stat st;
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s '%s' is not a directory (expected a run folder)", what, arg);
		return -ENOENT;
	}
	if (rb_rundir_incomplete(dir)) {
		snprintf(err, errlen, "%s '%s' is an incomplete run (INCOMPLETE marker)", what, arg);
		return -EINVAL;
	}
	for (int i = 0; need && need[i]; i++) {
		char p[PATH_MAX + 64];
		snprintf(p, sizeof(p), "%s/%s", dir, need[i]);
		if (access(p, R_OK)) {
			snprintf(err, errlen, "%s '%s' has no %s (expected a run folder)", what, arg, need[i]);
			return -ENOENT;
		}
	}
	return 0;
}

int rb_resolve_run(const char *what, const char *arg, const char *const *need, char *dir, size_t n, char *err,
		   size_t errlen)
{
	struct stat st;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(dir, n, "%s", arg);
	} else {
		snprintf(dir, n, "%s/results/baselines/%s", rb_root(), arg);
		if (!*arg || strchr(arg, '/') || stat(dir, &st) || !S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s '%s' is neither a run folder nor a saved baseline (results/baselines/%s)", what,
				 arg, arg);
			return -ENOENT;
		}
	}
	return rb_check_run(what, arg, dir, need, err, errlen);
}
