/* interference.c - /proc/stat and getrusage probes around a measurement. */
#include "interference.h"

#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "proc.h"

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec * 1e-6;
}

void rb_probe_read(struct rb_probe *p)
{
	*p = (struct rb_probe){ .wall_ns = rb_now_ns() };
	FILE *f = fopen("/proc/stat", "re");
	unsigned long long user = 0, nice = 0, sys = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
	if (f) {
		p->valid = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait,
				  &irq, &softirq, &steal) == 8;
		fclose(f);
	}
	double tick = 1.0 / (double)sysconf(_SC_CLK_TCK);
	p->idle_s = (double)(idle + iowait) * tick;
	p->steal_s = (double)steal * tick;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	p->ncpu = ncpu > 0 ? (int)ncpu : 1;
	struct rusage self, kids;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	p->own_s = tv(self.ru_utime) + tv(self.ru_stime) + tv(kids.ru_utime) + tv(kids.ru_stime);
	p->nvcsw = (uint64_t)(self.ru_nvcsw + kids.ru_nvcsw);
	p->nivcsw = (uint64_t)(self.ru_nivcsw + kids.ru_nivcsw);
	p->minflt = (uint64_t)(self.ru_minflt + kids.ru_minflt);
	p->majflt = (uint64_t)(self.ru_majflt + kids.ru_majflt);
}

void rb_probe_delta(const struct rb_probe *a, const struct rb_probe *b, struct rb_usage *out)
{
	double wall = (double)(b->wall_ns - a->wall_ns) * 1e-9, own = b->own_s - a->own_s;
	/* busy = every CPU's time less its idle and stolen time (precise counters on a
	 * tickless kernel, truncated to ticks), rather than the sampled busy ticks */
	int known = a->valid && b->valid; /* without /proc/stat nothing is known of others: never flagged */
	double busy = (double)b->ncpu * wall - (b->idle_s - a->idle_s) - (b->steal_s - a->steal_s);
	double other = known ? busy - own : 0;
	*out = (struct rb_usage){ .wall_s = wall,
				  .other_cpu_s = other > 0 ? other : 0,
				  .steal_s = known ? b->steal_s - a->steal_s : 0,
				  .own_cpu_s = own,
				  .nvcsw = b->nvcsw - a->nvcsw,
				  .nivcsw = b->nivcsw - a->nivcsw,
				  .minflt = b->minflt - a->minflt,
				  .majflt = b->majflt - a->majflt };
}

void rb_usage_add(struct rb_usage *sum, const struct rb_usage *x)
{
	sum->wall_s += x->wall_s;
	sum->other_cpu_s += x->other_cpu_s;
	sum->steal_s += x->steal_s;
	sum->own_cpu_s += x->own_cpu_s;
	sum->nvcsw += x->nvcsw;
	sum->nivcsw += x->nivcsw;
	sum->minflt += x->minflt;
	sum->majflt += x->majflt;
}

int rb_interfered(const struct rb_usage *u, double bound)
{
	double taken = u->other_cpu_s + u->steal_s;
	return u->wall_s > 0 && taken >= RB_INTERFERENCE_FLOOR_S && taken > bound * u->wall_s;
}
