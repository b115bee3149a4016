/* results_csv_roundtrip.c - every field the CSV writer writes is read back
 * whole by the reader: a comma alone, a quote alone, line ends, a leading
 * space, an empty field. (A comma written unquoted would split the row.) */
#include "../check.h"
#include "../../results/csv.h"
#include "../../results/csvw.h"

static int run(void)
{
	static const char *const v[] = { "a,b", "x\"y", "two\nlines", "cr\rhere", " lead", "", "plain", ",", "\"" };
	enum { N = sizeof(v) / sizeof(v[0]) };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f);
	char name[16];
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		rb_csv_field(f, name, i + 1 == N);
	}
	for (int i = 0; i < N; i++)
		rb_csv_field(f, v[i], i + 1 == N);
	CHECK_EQ(fclose(f), 0);
	struct rb_csv t;
	char err[256];
	if (rb_csv_parse(buf, len, "roundtrip", &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n%s", err, buf);
		CHECK(0);
	}
	CHECK_EQ(t.ncols, N);
	CHECK_EQ(t.nrows, 1);
	for (int i = 0; i < N; i++)
		if (strcmp(rb_csv_get(&t, 0, i), v[i])) {
			fprintf(stderr, "field %d: wrote '%s', read '%s'\n", i, v[i], rb_csv_get(&t, 0, i));
			CHECK(0);
		}
	rb_csv_free(&t);
	free(buf);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
