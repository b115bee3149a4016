/* csv_reader.c - malformed or truncated CSV is refused with file:line and the reason. */
#include "../../tests/check.h"
#include "../csv.h"
#include "../schema.h"

static int parse(const char *s, char *err)
{
	struct rb_csv t;
	int ret = rb_csv_parse(s, strlen(s), "x.csv", &t, err, 256);
	if (!ret)
		rb_csv_free(&t);
	return ret;
}

static void bad(const char *s, const char *want)
{
	char err[256] = "";
	CHECK(parse(s, err) < 0);
	if (!strstr(err, want)) {
		fprintf(stderr, "input %s: error '%s' lacks '%s'\n", s, err, want);
		CHECK(0);
	}
}

static int run(void)
{
	char err[256];
	struct rb_csv t;
	const char *ok = "a,b,c\n1,\"x,y\",\"he said \"\"hi\"\"\"\n2,,\"multi\nline\"\r\n";
	CHECK_EQ(rb_csv_parse(ok, strlen(ok), "x.csv", &t, err, sizeof(err)), 0);
	CHECK_EQ(t.ncols, 3);
	CHECK_EQ(t.nrows, 2);
	CHECK_EQ(strcmp(rb_csv_get(&t, 0, 1), "x,y"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 0, 2), "he said \"hi\""), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 1, 1), ""), 0);
	CHECK_EQ(strcmp(rb_csv_get(&t, 1, 2), "multi\nline"), 0);
	CHECK_EQ(rb_csv_col(&t, "c"), 2);
	CHECK_EQ(rb_csv_col(&t, "d"), -1);
	CHECK_EQ(strcmp(rb_csv_get(&t, 5, 0), ""), 0); /* out of range is empty, never a crash */
	/* binding to a table names the first missing column */
	static const char *const need[] = { "a", "zz" };
	static const struct rb_table x = { "x.csv", need, 2 };
	int idx[2];
	CHECK(rb_csv_bind(&t, &x, "x.csv", idx, err, sizeof(err)) < 0);
	CHECK(strstr(err, "'zz'"));
	rb_csv_free(&t);

	bad("", "empty file");
	bad("a,b\n1,2\n3\n", "x.csv:3: expected 2 fields, found 1");
	bad("a,b\n1,2\n3,4", "no newline");
	bad("a,b\n1,\"2\n", "unterminated");
	bad("a,b\n1,\"2\"x\n", "after a closing quote");
	bad("a,b\n1,2\"\n", "quote inside");
	bad("a,,c\n1,2,3\n", "empty column name");
	bad("a,b\n1,2,\n", "expected 2 fields");
	bad("a,b\n\n", "expected 2 fields");

	double d;
	CHECK_EQ(rb_csv_num("1.5e3", &d), 0);
	CHECK(d == 1500);
	CHECK(rb_csv_num("1e999", &d) < 0);
	CHECK(rb_csv_num("nan", &d) < 0);
	CHECK(rb_csv_num("12abc", &d) < 0);
	CHECK(rb_csv_num("", &d) < 0);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
