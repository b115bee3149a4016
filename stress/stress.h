/* stress.h - `regionbench stress`: cross-process write visibility while the
 * region keeps growing. The host (the supervised worker) creates and grows
 * the region; writer and reader guests (forked) attach by path or, for memfd,
 * by fd passing; every record is verified by every reader while the run goes
 * on, and every slot is accounted for by every process at the end.
 *
 * Callers (the stress command, report and matrix) fill a struct rbs_config,
 * check it with rbs_config_check() and run it with rbs_run() or
 * rbs_run_logged(). */
#ifndef REGIONBENCH_STRESS_STRESS_H
#define REGIONBENCH_STRESS_STRESS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arena.h"
#include "backend.h"
#include "layout.h"
#include "mmap_region.h"

enum rbs_detect { RBS_DOORBELL, RBS_POLL, RBS_FSTAT };

/* --rate auto: the writers together write this much faster than the region
 * grows, so they keep meeting the end of the region (and wait for growth)
 * without bursting. */
#define RBS_AUTO_RATE_FACTOR 1.25
#define RBS_RATE_AUTO UINT64_MAX

struct rbs_config {
	struct rb_backend backend;
	int writers, readers;
	uint64_t duration_ns, initial_size, grow_step, grow_every_ns, max_size;
	enum rbs_detect detect;
	enum mmap_region_strategy strategy;
	uint32_t record_size;
	uint64_t seed;
	int pin;
	uint64_t rate; /* records per second per writer; 0 = as fast as possible; RBS_RATE_AUTO */
	int reserve;
	int auto_cleanup;  /* MMAP_REGION_AUTO: the file is unlinked at once; guests get the fd */
	int stop_on_death; /* a guest died: stop the run at once (else the others go on) */
	const struct rbs_scenario *scn;
	const char *out;    /* run folder, or NULL for results/runs/<run-id> */
	char cmdline[4096]; /* recorded in meta.csv */
	/* filled by rbs_run */
	char mnt[PATH_MAX]; /* a filesystem the scenario mounted for the run, or "" */
	char run_dir[PATH_MAX], run_id[128], root[PATH_MAX];
};

/* A stress scenario: the growth run plus what it does to it (faults). */
#define RBS_TICK_STOP_GROWTH 1
struct rbs_scenario {
	const char *name, *desc;
	const char *(*supported)(const struct rbs_config *cfg); /* NULL or a skip reason */
	/* Before the run (in the front door): e.g. mount a small filesystem and point
	 * the backend at it. Returns 0 or -errno with a one-line reason in err. */
	int (*prepare)(struct rbs_config *cfg, char *err, size_t errlen);
	void (*finish)(struct rbs_config *cfg); /* undo prepare, whatever happened */
	/* Called by the host once per growth tick with the elapsed fraction of the
	 * run; returns RBS_TICK_* flags. */
	int (*tick)(const struct rbs_config *cfg, struct rbs_arena *a, struct mmap_region *r, double frac);
};
extern const struct rbs_scenario *const rbs_scenarios[];
const struct rbs_scenario *rbs_scenario_find(const char *name);

const char *rbs_detect_name(enum rbs_detect d);

/* A configuration that cannot run as asked (e.g. one that admits no growth):
 * returns -EINVAL with one line naming the options in err; 0 when it is fine. */
int rbs_config_check(const struct rbs_config *cfg, char *err, size_t errlen);
/* Records per second per writer the run will use (resolves RBS_RATE_AUTO). */
uint64_t rbs_rate(const struct rbs_config *cfg);
/* Record slots the region holds at `size` bytes. */
static inline uint64_t rbs_slots_in(const struct rbs_config *cfg, uint64_t size)
{
	return size > RBS_DATA_OFF ? (size - RBS_DATA_OFF) / cfg->record_size : 0;
}

/* A random payload seed (getrandom, else pid and time). */
uint64_t rbs_random_seed(void);

/* The stress step of the report and matrix suites, defined once: the growth
 * scenario on backend b with detection d, 2 writers and 2 readers of 64-byte
 * records at 100000 records/s each, a 1 MiB region growing by 1 MiB every
 * 20 ms (up to 1 GiB), for 2 s (quick) or 10 s; a random seed. The caller sets
 * out and cmdline (and may change what its own options say). */
void rbs_config_suite(struct rbs_config *cfg, const struct rb_backend *b, enum rbs_detect d, int quick);

/* Run it: the scenario's prepare, the run folder, the supervised host, the
 * verdict, the scenario's finish. Prints as it goes. Returns the exit code:
 * 0 pass, 1 fail, 2 the run could not start (message printed), 77 skipped. */
int rbs_run(struct rbs_config *cfg);
/* rbs_run in a child process of this program with its output in `log`
 * (harness rb_call_logged; *running holds the child's pid meanwhile). Returns
 * its exit code as above, 128+N when the child was killed by signal N, or
 * -errno when it could not be started. */
int rbs_run_logged(struct rbs_config *cfg, const char *log, volatile pid_t *running);

#endif
