/* interference.h - what else used the machine while something was measured:
 * CPU time taken by other processes and by the hypervisor (steal), and the
 * involuntary context switches, page faults and CPU time of the measuring
 * processes (this one and its reaped children).
 *
 * Read a probe before and after the measurement (after its helper processes
 * were reaped, so their usage counts as the measurer's own), then take the
 * difference. Others' CPU time is every CPU's time (online CPUs x wall) less
 * the idle, iowait and steal times of /proc/stat and our own CPU time. On a
 * tickless kernel those idle times are precise counters printed in clock
 * ticks (10 ms), so with n CPUs other_cpu_s is good to n ticks (0.02 s on 2
 * CPUs), not subject to the sampling error of the busy ticks; the rule below
 * does not flag less than that. */
#ifndef REGIONBENCH_HARNESS_INTERFERENCE_H
#define REGIONBENCH_HARNESS_INTERFERENCE_H

#include <stdint.h>

struct rb_probe {
	uint64_t wall_ns;
	double idle_s;	/* all CPUs: idle + iowait */
	int ncpu;	/* online CPUs */
	int valid;	/* /proc/stat was read (else idle_s and steal_s are 0 and mean nothing) */
	double steal_s; /* all CPUs */
	double own_s;	/* this process and its reaped children: user + system */
	uint64_t nvcsw, nivcsw, minflt, majflt;
};

struct rb_usage {
	double wall_s, other_cpu_s, steal_s, own_cpu_s;
	uint64_t nvcsw, nivcsw, minflt, majflt;
};

/* The minimum CPU time (s) others must have taken before a measurement counts
 * as interfered, whatever its length: two clock ticks of /proc/stat. */
#define RB_INTERFERENCE_FLOOR_S 0.03

void rb_probe_read(struct rb_probe *p);
/* b - a; other_cpu_s = non-idle, non-stolen time of all CPUs less our own (never below 0). */
void rb_probe_delta(const struct rb_probe *a, const struct rb_probe *b, struct rb_usage *out);
/* Add x into sum (for a configuration measured in several runs). */
void rb_usage_add(struct rb_usage *sum, const struct rb_usage *x);
/* The documented rule: interfered when other processes and the hypervisor
 * together took more than `bound` CPUs on average over the measurement
 * ((other_cpu_s + steal_s) / wall_s > bound) and at least
 * RB_INTERFERENCE_FLOOR_S seconds of CPU. */
int rb_interfered(const struct rb_usage *u, double bound);

#endif
