/* probe.c - the tiny program hyperfine times (whole-process costs):
 *   regionbench-probe nop                 start and exit (the baseline)
 *   regionbench-probe attach PATH         attach an existing region, close, exit
 *   regionbench-probe create DIR|memfd SIZE   create (MANUAL) and close, exit
 * and an independent measurement for tests/figures_measure.sh:
 *   regionbench-probe b2b DIR SIZE N      create, attach and first-touch per page,
 *                                         each timed back to back N times in this one
 *                                         process; prints their medians in ns (CSV) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "mmap_region.h"
#include "parse.h"
#include "proc.h"
#include "stats.h"

static double median(double *v, int n)
{
	struct rb_stats st;
	return rb_stats_compute(v, (size_t)n, &st) ? -1 : st.p50;
}

/* The same calls bench's create, attach and first_touch (plain) time, each in
 * its own loop of n, timed back to back in one process (no helper, no wake-up
 * before a sample): create and close an untouched region; attach one region
 * and close; map a fresh region's fd (not timed) and write every page. */
static int b2b(const struct rb_backend *b, size_t size, int n)
{
	double *c = calloc((size_t)n, sizeof(double)), *a = calloc((size_t)n, sizeof(double)),
	       *t = calloc((size_t)n, sizeof(double));
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char path[PATH_MAX];
	struct mmap_region r, m;
	int ret = c && a && t ? 0 : -ENOMEM;
	for (int i = 0; !ret && i < n; i++) {
		rb_backend_path(b, "b2b", path, sizeof(path));
		uint64_t t0 = rb_now_ns();
		ret = mmap_region_create(&r, path, size, MMAP_REGION_MANUAL);
		uint64_t t1 = rb_now_ns();
		if (!ret)
			mmap_region_close(&r);
		c[i] = (double)(t1 - t0);
	}
	rb_backend_path(b, "b2b", path, sizeof(path));
	if (!ret && !(ret = mmap_region_create(&r, path, size, MMAP_REGION_MANUAL))) {
		for (int i = 0; !ret && i < n; i++) {
			uint64_t t0 = rb_now_ns();
			ret = mmap_region_attach(&m, path);
			uint64_t t1 = rb_now_ns();
			if (!ret)
				mmap_region_close(&m);
			a[i] = (double)(t1 - t0);
		}
		mmap_region_close(&r);
	}
	for (int i = 0; !ret && i < n; i++) {
		rb_backend_path(b, "b2b", path, sizeof(path));
		if ((ret = mmap_region_create(&r, path, size, MMAP_REGION_AUTO)))
			break;
		int fd = dup(mmap_region_fd(&r));
		ret = fd < 0 ? -errno : mmap_region_attach_fd(&m, fd, size);
		if (!ret) {
			uint64_t t0 = rb_now_ns();
			rb_touch(mmap_region_ptr(&m), size, page);
			uint64_t t1 = rb_now_ns();
			t[i] = (double)(t1 - t0) / (double)(size / page);
			mmap_region_close(&m);
		}
		mmap_region_close(&r);
	}
	if (!ret)
		printf("size_bytes,create_ns,attach_ns,per_page_ns\n%zu,%.6g,%.6g,%.6g\n", size, median(c, n), median(a, n),
		       median(t, n));
	free(c), free(a), free(t);
	return ret;
}

int main(int argc, char **argv)
{
	struct mmap_region r;
	int ret = -EINVAL;
	if (argc == 2 && !strcmp(argv[1], "nop"))
		return 0;
	if (argc == 3 && !strcmp(argv[1], "attach")) {
		ret = mmap_region_attach(&r, argv[2]);
	} else if (argc == 4 && !strcmp(argv[1], "create")) {
		uint64_t size;
		struct rb_backend b;
		char spec[PATH_MAX + 8], err[512];
		snprintf(spec, sizeof(spec), "%s%s", strcmp(argv[2], "memfd") ? "dir:" : "", argv[2]);
		if (rb_parse_size(argv[3], &size) || !size) {
			fprintf(stderr, "regionbench-probe: size '%s' is not valid\n", argv[3]);
			return 2;
		}
		if (rb_backend_parse(spec, &b, err, sizeof(err))) {
			fprintf(stderr, "regionbench-probe: %s\n", err);
			return 2;
		}
		ret = rb_backend_create(&b, &r, "probe", (size_t)size, MMAP_REGION_MANUAL, NULL);
	} else if (argc == 5 && !strcmp(argv[1], "b2b")) {
		uint64_t size, n;
		struct rb_backend b;
		char spec[PATH_MAX + 8], err[512];
		snprintf(spec, sizeof(spec), "dir:%s", argv[2]);
		if (rb_parse_size(argv[3], &size) || !size || rb_parse_count(argv[4], 1, 1000000, &n)) {
			fprintf(stderr, "regionbench-probe: size '%s' or count '%s' is not valid\n", argv[3], argv[4]);
			return 2;
		}
		if (rb_backend_parse(spec, &b, err, sizeof(err))) {
			fprintf(stderr, "regionbench-probe: %s\n", err);
			return 2;
		}
		ret = b2b(&b, (size_t)size, (int)n);
		if (ret)
			fprintf(stderr, "regionbench-probe: %s\n", strerror(-ret));
		return ret ? 1 : 0;
	} else {
		fprintf(stderr, "usage: regionbench-probe nop | attach PATH | create DIR|memfd SIZE | b2b DIR SIZE N\n");
		return 2;
	}
	if (ret) {
		fprintf(stderr, "regionbench-probe: %s\n", strerror(-ret));
		return 1;
	}
	mmap_region_close(&r);
	return 0;
}
