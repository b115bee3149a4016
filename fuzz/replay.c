/* replay.c - run every file of the given directories through the fuzz target
 * (in every build, under ASan+UBSan in the asan preset): the inputs the fuzzer
 * found or that we wrote to stress the readers must never crash them. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			return 1;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char p[4096];
			snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name);
			FILE *f = fopen(p, "rb");
			if (!f)
				continue;
			static uint8_t buf[1 << 20];
			size_t len = fread(buf, 1, sizeof(buf), f);
			fclose(f);
			LLVMFuzzerTestOneInput(buf, len);
			n++;
		}
		closedir(d);
	}
	printf("%d inputs replayed\n", n);
	return n ? 0 : 1;
}
