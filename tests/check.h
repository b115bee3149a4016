/* check.h - tiny test helpers: CHECK macros, a private temporary directory,
 * and a main that runs the test in its own process group under a deadline.
 * A test exits 0 pass, 1 fail, 77 skip. */
#ifndef REGIONBENCH_TESTS_CHECK_H
#define REGIONBENCH_TESTS_CHECK_H

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../harness/proc.h"

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			exit(1);                                                      \
		}                                                                     \
	} while (0)

#define CHECK_EQ(a, b)                                                                  \
	do {                                                                            \
		long long a_ = (long long)(a), b_ = (long long)(b);                    \
		if (a_ != b_) {                                                         \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s = %lld, %s = %lld\n", \
				__FILE__, __LINE__, #a, a_, #b, b_);                    \
			exit(1);                                                        \
		}                                                                       \
	} while (0)

#define SKIP(why)                                            \
	do {                                                 \
		fprintf(stderr, "SKIP: %s\n", why);          \
		exit(77);                                    \
	} while (0)

static char test_dir[PATH_MAX] __attribute__((unused));

/* Number of entries in a directory (without . and ..), or -1. */
static inline int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* Path of `name` inside the test's private directory (16 results live at once). */
static inline const char *tpath(const char *name)
{
	static char bufs[16][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 16];
	if (snprintf(b, PATH_MAX, "%s/%s", test_dir, name) >= PATH_MAX)
		abort();
	return b;
}

/* Number of open fds of this process. */
static inline int open_fds(void)
{
	return dir_entries("/proc/self/fd") - 1; /* minus the one opendir holds */
}

static inline void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	char p[PATH_MAX];
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) >= (int)sizeof(p))
			continue;
		struct stat st;
		if (!lstat(p, &st) && S_ISDIR(st.st_mode)) {
			remove_tree(p);
			rmdir(p);
		} else {
			unlink(p);
		}
	}
	closedir(d);
	rmdir(dir);
}

static int (*test_body)(void);
static int test_child(void *arg)
{
	(void)arg;
	return test_body();
}

/* Run `fn` in a child of its own process group in a fresh directory under
 * $RB_TEST_BASE (default /dev/shm); kill the group after `timeout_s`. The
 * directory must be empty again afterwards (nothing leaked), else the test fails. */
static inline int test_main(int (*fn)(void), int timeout_s)
{
	const char *base = getenv("RB_TEST_BASE");
	snprintf(test_dir, sizeof(test_dir), "%s/rbtest.XXXXXX", base ? base : "/dev/shm");
	if (!mkdtemp(test_dir)) {
		perror(test_dir);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_body = fn;
	pid_t pid = rb_fork(test_child, NULL, 0);
	if (pid < 0)
		return 1;
	int status = 0;
	int ret = rb_wait_deadline(pid, pid, timeout_s * 1000, &status);
	int code;
	if (ret == -ETIMEDOUT) {
		fprintf(stderr, "FAIL: timed out after %d s; process group killed\n", timeout_s);
		code = 1;
	} else {
		code = rb_exit_code(status);
		if (code > 1 && code != 77) {
			fprintf(stderr, "FAIL: test process ended with code %d\n", code);
			code = 1;
		}
	}
	int left = dir_entries(test_dir);
	if (code == 0 && left != 0) {
		fprintf(stderr, "FAIL: %d file(s) left in %s\n", left, test_dir);
		code = 1;
	}
	remove_tree(test_dir);
	return code;
}

#endif
