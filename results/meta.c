/* meta.c - run metadata capture and the run folder. */
#include "meta.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "afile.h"
#include "backend.h"
#include "csv.h"
#include "csvw.h"
#include "proc.h"
#include "stats.h"

void rb_meta_set(struct rb_meta *m, const char *key, const char *fmt, ...)
{
	int i;
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->kv[i].k, key))
			break;
	if (i == m->n) {
		if (m->n == RB_META_MAX)
			return;
		m->n++;
		snprintf(m->kv[i].k, sizeof(m->kv[i].k), "%s", key);
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->kv[i].v, sizeof(m->kv[i].v), fmt, ap);
	va_end(ap);
	/* one line per value */
	for (char *p = m->kv[i].v; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

const char *rb_meta_get(const struct rb_meta *m, const char *key)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->kv[i].k, key))
			return m->kv[i].v;
	return NULL;
}

void rb_meta_backend_key(char *key, size_t n, int i, enum rb_backend_field f)
{
	static const char *const suffix[RB_BF__N] = { "", ".fs_type", ".mount_point", ".mount_options", ".block_size" };
	snprintf(key, n, "backend.%d%s", i, suffix[f]);
}

void rb_meta_set_backend(struct rb_meta *m, int i, const struct rb_backend *b)
{
	char key[64];
	const char *v[RB_BF__N] = { b->spec, b->fs_type, b->mount_point, b->mount_opts, NULL };
	for (int f = 0; f < RB_BF__N; f++) {
		rb_meta_backend_key(key, sizeof(key), i, (enum rb_backend_field)f);
		if (f == RB_BF_BLOCK_SIZE)
			rb_meta_set(m, key, "%ld", b->block_size);
		else
			rb_meta_set(m, key, "%s", v[f]);
	}
}

int rb_meta_backend_count(const struct rb_meta *m)
{
	int n = 0;
	while (rb_meta_backend(m, n, RB_BF_SPEC))
		n++;
	return n;
}

const char *rb_meta_backend(const struct rb_meta *m, int i, enum rb_backend_field f)
{
	char key[64];
	rb_meta_backend_key(key, sizeof(key), i, f);
	return rb_meta_get(m, key);
}

void rb_meta_add_warning(struct rb_meta *m, const char *fmt, ...)
{
	char key[32], text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	int n = rb_meta_warning_count(m);
	for (int i = 0; i < n; i++)
		if (!strcmp(rb_meta_warning(m, i), text))
			return; /* said already */
	snprintf(key, sizeof(key), "warning.%d", n);
	rb_meta_set(m, key, "%s", text);
}

int rb_meta_warning_count(const struct rb_meta *m)
{
	int n = 0;
	while (rb_meta_warning(m, n))
		n++;
	return n;
}

const char *rb_meta_warning(const struct rb_meta *m, int i)
{
	char key[32];
	snprintf(key, sizeof(key), "warning.%d", i);
	return rb_meta_get(m, key);
}

static void first_line(const char *path, char *out, size_t n)
{
	FILE *f = fopen(path, "re");
	out[0] = '\0';
	if (!f)
		return;
	if (!fgets(out, (int)n, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static void cpuinfo_model(char *out, size_t n)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	snprintf(out, n, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "model name", 10)) {
			char *c = strchr(line, ':');
			if (c) {
				c += 1 + (c[1] == ' ');
				c[strcspn(c, "\n")] = '\0';
				snprintf(out, n, "%s", c);
			}
			break;
		}
	}
	fclose(f);
}

static long long meminfo_kb(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	long long v = -1;
	size_t kl = strlen(key);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':')
			v = atoll(line + kl + 1);
	fclose(f);
	return v;
}

double rb_timer_overhead_ns(void)
{
	enum { N = 2001 };
	static double d[N];
	struct timespec a, b;
	for (int i = 0; i < N; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_MONOTONIC, &b);
		d[i] = (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
	}
	rb_sort_doubles(d, N);
	return d[N / 2];
}

void rb_utc_now(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void rb_run_id(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	char ts[32], host[64];
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	if (gethostname(host, sizeof(host)))
		strcpy(host, "host");
	host[sizeof(host) - 1] = '\0';
	for (char *p = host; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
			*p = '-';
	snprintf(buf, n, "%s-%s-%ld", ts, host, (long)getpid());
}

void rb_meta_system(struct rb_meta *m, const char *root)
{
	struct utsname u;
	char buf[1024];
	if (!uname(&u)) {
		rb_meta_set(m, "kernel_release", "%s", u.release);
		rb_meta_set(m, "kernel_version", "%s", u.version);
		rb_meta_set(m, "machine", "%s", u.machine);
		rb_meta_set(m, "host", "%s", u.nodename);
	}
	cpuinfo_model(buf, sizeof(buf));
	rb_meta_set(m, "cpu_model", "%s", buf);
	rb_meta_set(m, "cpu_count", "%ld", sysconf(_SC_NPROCESSORS_ONLN));
	rb_meta_set(m, "mem_total_kb", "%lld", meminfo_kb("MemTotal"));
	rb_meta_set(m, "page_size", "%ld", sysconf(_SC_PAGESIZE));
	first_line("/sys/kernel/mm/transparent_hugepage/enabled", buf, sizeof(buf));
	rb_meta_set(m, "thp_enabled", "%s", buf);
	first_line("/sys/kernel/mm/transparent_hugepage/shmem_enabled", buf, sizeof(buf));
	rb_meta_set(m, "thp_shmem_enabled", "%s", buf);
	first_line("/proc/sys/vm/nr_hugepages", buf, sizeof(buf));
	rb_meta_set(m, "nr_hugepages", "%s", buf);
	first_line("/proc/sys/kernel/randomize_va_space", buf, sizeof(buf));
	rb_meta_set(m, "randomize_va_space", "%s", buf);
	int pers = personality(0xffffffff);
	rb_meta_set(m, "aslr", "%s", pers >= 0 && (pers & ADDR_NO_RANDOMIZE) ? "off" : "on");
	rb_meta_set(m, "compiler", "%s", __VERSION__);
#ifdef RB_BUILD_FLAGS
	rb_meta_set(m, "build_flags", "%s", RB_BUILD_FLAGS);
#endif
#ifdef RB_BENCHMARK_VERSION
	rb_meta_set(m, "google_benchmark_version", "%s", RB_BENCHMARK_VERSION);
#endif
	/* tools' first output lines, run without a shell (root is a user path) */
	char *dir = (char *)(root ? root : ".");
	char *hf[] = { "hyperfine", "--version", NULL }, *gp[] = { "gnuplot", "--version", NULL };
	char *head[] = { "git", "-C", dir, "rev-parse", "HEAD", NULL };
	char *branch[] = { "git", "-C", dir, "rev-parse", "--abbrev-ref", "HEAD", NULL };
	char *dirty[] = { "git", "-C", dir, "status", "--porcelain", NULL };
	rb_run_capture(hf, buf, sizeof(buf));
	rb_meta_set(m, "hyperfine_version", "%s", buf[0] ? buf : "not installed");
	rb_run_capture(gp, buf, sizeof(buf));
	rb_meta_set(m, "gnuplot_version", "%s", buf[0] ? buf : "not installed");
	rb_run_capture(head, buf, sizeof(buf));
	rb_meta_set(m, "git_commit", "%s", buf[0] ? buf : "unknown");
	rb_run_capture(branch, buf, sizeof(buf));
	rb_meta_set(m, "git_branch", "%s", buf[0] && strcmp(buf, "HEAD") ? buf : "unknown");
	rb_run_capture(dirty, buf, sizeof(buf));
	rb_meta_set(m, "git_dirty", "%s", buf[0] ? "yes" : "no");
	rb_meta_set(m, "timer_overhead_ns", "%.1f", rb_timer_overhead_ns());
}

int rb_meta_write(const char *dir, const struct rb_meta *m)
{
	struct rb_afile a;
	int ret = rb_afile_open(&a, dir, "meta.csv");
	if (ret)
		return ret;
	fprintf(a.f, "key,value\n");
	for (int i = 0; i < m->n; i++) {
		rb_csv_field(a.f, m->kv[i].k, 0);
		rb_csv_field(a.f, m->kv[i].v, 1);
	}
	return rb_afile_commit(&a);
}

int rb_meta_read(const char *dir, struct rb_meta *m, char *err, size_t errlen)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/meta.csv", dir);
	struct rb_csv t;
	int ret = rb_csv_load(path, &t, err, errlen);
	if (ret)
		return ret;
	int k = rb_csv_col(&t, "key"), v = rb_csv_col(&t, "value");
	if (k < 0 || v < 0 || t.ncols != 2) {
		snprintf(err, errlen, "%s: expected the columns key,value", path);
		rb_csv_free(&t);
		return -EINVAL;
	}
	m->n = 0;
	for (size_t r = 0; r < t.nrows; r++)
		rb_meta_set(m, rb_csv_get(&t, r, k), "%s", rb_csv_get(&t, r, v));
	rb_csv_free(&t);
	return 0;
}

int rb_rundir_check(const char *out, char *err, size_t errlen)
{
	if (strlen(out) >= PATH_MAX - 64) {
		snprintf(err, errlen, "--out: path is longer than PATH_MAX allows (%zu bytes)", strlen(out));
		return -ENAMETOOLONG;
	}
	struct stat st;
	if (stat(out, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "--out: '%s' is a file (expected a directory)", out);
			return -ENOTDIR;
		}
		DIR *d = opendir(out);
		struct dirent *e;
		int n = 0;
		while (d && (e = readdir(d)))
			n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
		if (d)
			closedir(d);
		if (n) {
			snprintf(err, errlen, "--out: '%s' is not empty (expected a new or empty directory)", out);
			return -ENOTEMPTY;
		}
		if (access(out, W_OK | X_OK)) {
			snprintf(err, errlen, "--out: '%s' is not writable", out);
			return -EACCES;
		}
		return 0;
	}
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", out);
	char *slash = strrchr(parent, '/');
	if (!slash)
		strcpy(parent, ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	if (stat(parent, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--out: directory '%s' does not exist (expected an existing parent for '%s')",
			 parent, out);
		return -ENOENT;
	}
	if (access(parent, W_OK | X_OK)) {
		snprintf(err, errlen, "--out: directory '%s' is not writable", parent);
		return -EACCES;
	}
	return 0;
}

void rb_default_dir(const char *root, const char *kind, const char *id, char *out, size_t n)
{
	snprintf(out, n, "%s/results", root ? root : ".");
	mkdir(out, 0755);
	snprintf(out, n, "%s/results/%s", root ? root : ".", kind);
	mkdir(out, 0755);
	snprintf(out, n, "%s/results/%s/%s", root ? root : ".", kind, id);
}

int rb_rundir_create(const char *out, const char *root, const char *run_id, char *dir, size_t n,
		     char *err, size_t errlen)
{
	if (out)
		snprintf(dir, n, "%s", out);
	else
		rb_default_dir(root, "runs", run_id, dir, n);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		int e = errno;
		snprintf(err, errlen, "cannot create run folder '%s': %s", dir, strerror(e));
		return -e;
	}
	char marker[PATH_MAX + 16];
	snprintf(marker, sizeof(marker), "%s/INCOMPLETE", dir);
	FILE *f = fopen(marker, "we");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "cannot write in run folder '%s': %s", dir, strerror(e));
		return -e;
	}
	fprintf(f, "run %s by pid %ld has not finished (or was interrupted)\n", run_id, (long)getpid());
	fclose(f);
	return 0;
}

int rb_rundir_complete(const char *dir)
{
	char marker[PATH_MAX + 16];
	snprintf(marker, sizeof(marker), "%s/INCOMPLETE", dir);
	return unlink(marker) ? -errno : 0;
}

int rb_rundir_incomplete(const char *dir)
{
	char marker[PATH_MAX];
	snprintf(marker, sizeof(marker), "%s/INCOMPLETE", dir);
	return access(marker, F_OK) == 0;
}
