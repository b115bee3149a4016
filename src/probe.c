/* probe.c - the tiny program hyperfine times (whole-process costs):
 *   regionbench-probe nop                 start and exit (the baseline)
 *   regionbench-probe attach PATH         attach an existing region, close, exit
 *   regionbench-probe create DIR|memfd SIZE   create (MANUAL) and close, exit */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "backend.h"
#include "mmap_region.h"
#include "parse.h"

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
	} else {
		fprintf(stderr, "usage: regionbench-probe nop | attach PATH | create DIR|memfd SIZE\n");
		return 2;
	}
	if (ret) {
		fprintf(stderr, "regionbench-probe: %s\n", strerror(-ret));
		return 1;
	}
	mmap_region_close(&r);
	return 0;
}
