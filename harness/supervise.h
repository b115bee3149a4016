/* supervise.h - run the measuring work in a worker process of its own process
 * group. SIGINT/SIGTERM (or the deadline) kill the whole group; region files
 * the worker made are removed in every case; the caller's run folder keeps
 * its INCOMPLETE marker unless the worker completed it. */
#ifndef REGIONBENCH_HARNESS_SUPERVISE_H
#define REGIONBENCH_HARNESS_SUPERVISE_H

#include <stdint.h>

struct rb_backend;

/* Returns the worker's exit code; 130/143 when interrupted by SIGINT/SIGTERM,
 * 124 when the deadline (ns, 0 = none) passed. */
int rb_supervise(int (*fn)(void *), void *arg, const struct rb_backend *b, int nb, uint64_t deadline_ns,
		 const char *what);

#endif
