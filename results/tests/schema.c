/* schema.c - the schema's names round-trip, rows are written in table order
 * with RFC 4180 quoting and read back by header name, and a reader refuses a
 * file that lacks a column or carries another schema version. */
#include "../../tests/check.h"
#include "../csv.h"
#include "../schema.h"

static int run(void)
{
	/* every enum name parses back to itself; unknown names are refused */
	for (int s = 0; s < RB_STATUS__N; s++) {
		enum rb_status back;
		CHECK_EQ(rb_status_parse(rb_status_name((enum rb_status)s), &back), 0);
		CHECK_EQ(back, s);
	}
	for (int k = 0; k < RB_V__N; k++) {
		enum rb_violation back;
		CHECK_EQ(rb_violation_parse(rb_violation_name((enum rb_violation)k), &back), 0);
		CHECK_EQ(back, k);
		/* stress.csv has one count column per kind, named after it */
		CHECK_EQ(strcmp(rb_t_stress.cols[RB_STR_KIND(k)], rb_violation_name((enum rb_violation)k)), 0);
	}
	for (int v = 0; v < RB_SV__N; v++) {
		enum rb_stress_verdict back;
		CHECK_EQ(rb_stress_verdict_parse(rb_stress_verdict_name((enum rb_stress_verdict)v), &back), 0);
		CHECK_EQ(back, v);
	}
	CHECK(rb_stress_passed("pass") && !rb_stress_passed("fail") && !rb_stress_passed("") && !rb_stress_passed("PASS"));
	enum rb_unit u;
	CHECK_EQ(rb_unit_parse("ns", &u), 0);
	CHECK_EQ(u, RB_UNIT_NS);
	CHECK(rb_unit_parse("nanoseconds", &u) < 0);
	enum rb_direction d;
	CHECK_EQ(rb_direction_parse("higher", &d), 0);
	CHECK_EQ(d, RB_DIR_HIGHER);
	CHECK(rb_status_measured(RB_INTERFERENCE) && rb_status_measured(RB_UNSTABLE) && !rb_status_measured(RB_SKIPPED));

	/* column names are unique within every table, and the enums match */
	for (int t = 0; rb_tables[t]; t++)
		for (size_t a = 0; a < rb_tables[t]->ncols; a++)
			for (size_t b = a + 1; b < rb_tables[t]->ncols; b++)
				CHECK(strcmp(rb_tables[t]->cols[a], rb_tables[t]->cols[b]));
	CHECK_EQ(rb_t_summary.ncols, RB_SUM__N);
	CHECK_EQ(strcmp(rb_t_summary.cols[RB_SUM_P99], "p99"), 0);
	CHECK_EQ(rb_t_stress.ncols, RB_STR__N);

	/* a row: cells by id, empty by default, quoted when needed */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(f);
	rb_table_header(f, &rb_t_metrics);
	struct rb_row r;
	rb_row_init(&r, &rb_t_metrics);
	rb_row_str(&r, RB_MET_METRIC, "create_ns");
	rb_row_str(&r, RB_MET_DESCRIPTION, "a, \"quoted\" one");
	rb_row_num(&r, RB_MET_TAIL, 0.0 / 0.0); /* NaN never reaches a file */
	rb_row_write(f, &r);
	fclose(f);
	struct rb_csv c;
	char err[256];
	CHECK_EQ(rb_csv_parse(buf, len, "mem", &c, err, sizeof(err)), 0);
	int idx[RB_MET__N];
	CHECK_EQ(rb_csv_bind(&c, &rb_t_metrics, "mem", idx, err, sizeof(err)), 0);
	CHECK_EQ(c.nrows, 1);
	CHECK_EQ(atoi(rb_csv_get(&c, 0, idx[RB_MET_SCHEMA_VERSION])), RB_SCHEMA_VERSION);
	CHECK_EQ(strcmp(rb_csv_get(&c, 0, idx[RB_MET_METRIC]), "create_ns"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&c, 0, idx[RB_MET_DESCRIPTION]), "a, \"quoted\" one"), 0);
	CHECK_EQ(strcmp(rb_csv_get(&c, 0, idx[RB_MET_TAIL]), ""), 0);
	CHECK_EQ(strcmp(rb_csv_get(&c, 0, idx[RB_MET_UNIT]), ""), 0);
	/* the same file read as another table: the missing column is named */
	CHECK(rb_csv_bind(&c, &rb_t_summary, "mem", idx, err, sizeof(err)) < 0);
	CHECK(strstr(err, "'run_id'"));
	rb_csv_free(&c);
	free(buf);

	/* another schema version is refused, naming the line */
	static const char other[] = "schema_version,scenario,metric,unit,direction,axis,tail,description\n"
				    "999,s,m,ns,lower,size,0,d\n";
	CHECK_EQ(rb_csv_parse(other, sizeof(other) - 1, "old.csv", &c, err, sizeof(err)), 0);
	CHECK(rb_csv_bind(&c, &rb_t_metrics, "old.csv", idx, err, sizeof(err)) < 0);
	CHECK(strstr(err, "line 2") && strstr(err, "999"));
	rb_csv_free(&c);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
