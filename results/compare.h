/* compare.h - `regionbench compare`, `regionbench baseline` and `regionbench ab`. */
#ifndef REGIONBENCH_RESULTS_COMPARE_H
#define REGIONBENCH_RESULTS_COMPARE_H

#include <stddef.h>

int cmd_compare(int argc, char **argv);
int cmd_baseline(int argc, char **argv);
int cmd_ab(int argc, char **argv);

/* Resolve a run folder or a saved baseline name; 0 or -errno with a one-line reason. */
int rb_resolve_run(const char *what, const char *arg, char *dir, size_t n, char *err, size_t errlen);

#endif
