/* rundir.h - find and check a run folder given on a command line. */
#ifndef REGIONBENCH_RESULTS_RUNDIR_H
#define REGIONBENCH_RESULTS_RUNDIR_H

#include <stddef.h>

/* The one run-folder validator: `dir` is a directory, not marked INCOMPLETE,
 * holding every file named in `need` (NULL-terminated). Errors name `what` (the
 * option or argument) and `arg` (as the user gave it). 0, or -errno with a
 * one-line reason. */
int rb_check_run(const char *what, const char *arg, const char *dir, const char *const *need, char *err,
		 size_t errlen);

/* Resolve `arg` (a run folder, or the name of a saved baseline under
 * <root>/results/baselines) into dir and check it is a complete run folder
 * holding every file named in `need` (NULL-terminated). `what` names the
 * argument in errors ("BASELINE"). Returns 0, or -errno with a one-line reason. */
int rb_resolve_run(const char *what, const char *arg, const char *const *need, char *dir, size_t n, char *err,
		   size_t errlen);

#endif
