/* parse.c - sizes, counts and durations are parsed strictly. */
#include "../../tests/check.h"
#include "../parse.h"

static int run(void)
{
	uint64_t v;
	CHECK_EQ(rb_parse_size("4096", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(rb_parse_size("4K", &v), 0);
	CHECK_EQ(v, 4096);
	CHECK_EQ(rb_parse_size("64MiB", &v), 0);
	CHECK_EQ(v, 64ull << 20);
	CHECK_EQ(rb_parse_size("1g", &v), 0);
	CHECK_EQ(v, 1ull << 30);
	CHECK_EQ(rb_parse_size("18446744073709551615", &v), 0);
	CHECK_EQ(rb_parse_size("18446744073709551616", &v), -ERANGE);
	CHECK_EQ(rb_parse_size("17179869184G", &v), -ERANGE);
	CHECK_EQ(rb_parse_size("1e999", &v), -EINVAL);
	CHECK_EQ(rb_parse_size("4Q", &v), -EINVAL);
	CHECK_EQ(rb_parse_size("-1", &v), -EINVAL);
	CHECK_EQ(rb_parse_size("", &v), -EINVAL);
	CHECK_EQ(rb_parse_size(" 4K", &v), -EINVAL);
	CHECK_EQ(rb_parse_count("12", 1, 64, &v), 0);
	CHECK_EQ(v, 12);
	CHECK_EQ(rb_parse_count("0", 1, 64, &v), -ERANGE);
	CHECK_EQ(rb_parse_count("65", 1, 64, &v), -ERANGE);
	CHECK_EQ(rb_parse_count("3x", 1, 64, &v), -EINVAL);
	CHECK_EQ(rb_parse_duration("250ms", &v), 0);
	CHECK_EQ(v, 250000000);
	CHECK_EQ(rb_parse_duration("10", &v), 0);
	CHECK_EQ(v, 10000000000ull);
	CHECK_EQ(rb_parse_duration("2m", &v), 0);
	CHECK_EQ(v, 120000000000ull);
	CHECK_EQ(rb_parse_duration("1h", &v), -EINVAL);
	uint64_t list[4];
	size_t n;
	CHECK_EQ(rb_parse_size_list("4K,64K,1M,1G", list, 4, &n), 0);
	CHECK_EQ(n, 4);
	CHECK_EQ(list[3], 1ull << 30);
	CHECK_EQ(rb_parse_size_list("4K,,1M", list, 4, &n), 0); /* empty items are skipped by strtok */
	CHECK_EQ(rb_parse_size_list("4K,1M,2M,3M,4M", list, 4, &n), -ERANGE);
	CHECK_EQ(rb_parse_size_list("4K,x", list, 4, &n), -EINVAL);
	char b[32];
	CHECK_EQ(strcmp(rb_fmt_size(4096, b, sizeof(b)), "4K"), 0);
	CHECK_EQ(strcmp(rb_fmt_size(3 << 20, b, sizeof(b)), "3M"), 0);
	CHECK_EQ(strcmp(rb_fmt_size(1000, b, sizeof(b)), "1000"), 0);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
