/* fuzz_csv.c - libFuzzer target for the readers of result files: the CSV reader
 * (summary/samples/meta as read by report, compare and merge) and the hyperfine
 * export reader (bench/hyperfine.c, JSON through jansson). Build: cmake --preset
 * fuzz && cmake --build --preset fuzz; run: ./build/fuzz/fuzz/fuzz_csv
 * -max_total_time=60 fuzz/corpus. */
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "csv.h"
#include "hyperfine.h"
#include "series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct rb_csv t;
	if (rb_csv_parse((const char *)data, size, "fuzz", &t, err, sizeof(err)) == 0) {
		for (size_t r = 0; r < t.nrows; r++)
			for (size_t c = 0; c < t.ncols; c++)
				(void)rb_csv_get(&t, r, (int)c);
		(void)rb_csv_col(&t, "p50");
		rb_csv_free(&t);
	}
	static const struct rb_backend b = { .spec = "dir:/fuzz", .dir = "/fuzz", .fs_type = "tmpfs" };
	struct rb_resultset rs = { 0 };
	(void)rb_hyperfine_fold_text((const char *)data, size, "fuzz", "hf_create", &b, 4096, &rs, err, sizeof(err));
	rb_results_free(&rs);
	return 0;
}
