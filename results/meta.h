/* meta.h - run metadata (meta.csv, key,value) and the run folder. */
#ifndef REGIONBENCH_RESULTS_META_H
#define REGIONBENCH_RESULTS_META_H

#include <stddef.h>

#define RB_META_MAX 192

struct rb_meta {
	int n;
	struct {
		char k[96];
		char v[1024];
	} kv[RB_META_MAX];
};

void rb_meta_set(struct rb_meta *m, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *rb_meta_get(const struct rb_meta *m, const char *key);
/* Per-backend metadata (backend.<i>, backend.<i>.fs_type, ...): the one place
 * that spells those keys. Any number of backends. */
struct rb_backend;
enum rb_backend_field { RB_BF_SPEC, RB_BF_FS_TYPE, RB_BF_MOUNT_POINT, RB_BF_MOUNT_OPTIONS, RB_BF_BLOCK_SIZE, RB_BF__N };
void rb_meta_set_backend(struct rb_meta *m, int i, const struct rb_backend *b);
/* Number of backends recorded (backend.0 .. backend.<n-1>). */
int rb_meta_backend_count(const struct rb_meta *m);
/* A field of backend i, or NULL when absent. */
const char *rb_meta_backend(const struct rb_meta *m, int i, enum rb_backend_field f);
/* The key of that field (backend.<i>, backend.<i>.fs_type, ...), for showing it. */
void rb_meta_backend_key(char *key, size_t n, int i, enum rb_backend_field f);

/* Warnings about the measurement (a tool's own, such as hyperfine's outliers
 * or Google Benchmark's CPU scaling, and interference): warning.<i>, the one
 * place that spells those keys. */
void rb_meta_add_warning(struct rb_meta *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rb_meta_warning_count(const struct rb_meta *m);
const char *rb_meta_warning(const struct rb_meta *m, int i); /* NULL when absent */

/* Kernel, CPU, memory, page size, THP, host, compiler, tool versions, git commit, ASLR. */
void rb_meta_system(struct rb_meta *m, const char *root);
/* Median cost of one clock_gettime(CLOCK_MONOTONIC), in ns. */
double rb_timer_overhead_ns(void);
/* An id such as 20261129T051500Z-host-1234. */
void rb_run_id(char *buf, size_t n);
void rb_utc_now(char *buf, size_t n);
int rb_meta_write(const char *dir, const struct rb_meta *m);
/* Read meta.csv back (for report, compare, merge). Returns 0 or -errno; err names the problem. */
int rb_meta_read(const char *dir, struct rb_meta *m, char *err, size_t errlen);

/* Validate --out before anything runs: DIR must be absent (its parent an
 * existing writable directory) or an empty directory. */
int rb_rundir_check(const char *out, char *err, size_t errlen);
/* Make the run folder (default <root>/results/runs/<run_id>) with an
 * INCOMPLETE marker; rb_rundir_complete() removes the marker at the end. */
int rb_rundir_create(const char *out, const char *root, const char *run_id, char *dir, size_t n,
		     char *err, size_t errlen);
int rb_rundir_complete(const char *dir);
/* 1 when dir still has its INCOMPLETE marker (interrupted, or still running). */
int rb_rundir_incomplete(const char *dir);
/* <root>/results/<kind>/<id> (making results/ and results/<kind>/): where a
 * command's output goes without --out. */
void rb_default_dir(const char *root, const char *kind, const char *id, char *out, size_t n);

#endif
