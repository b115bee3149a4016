/* import.c - importing run folders: everything lands (runs, per-run values,
 * folder medians, stress verdicts with per-kind counts, metric descriptors),
 * a re-import changes nothing, a folder that fails validation is skipped
 * with its reason while the others go in, and a database that is not ours
 * (garbage, another application's, a newer schema, corrupt) is refused with
 * nothing written. Also ISO 8601 times and backend labels. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../tests/check.h"
#include "../db.h"
#include "../import.h"
#include "../query.h"
#include "runs.h"

static long long q1(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;
	CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* Everything the database holds, as one number per table. */
static void counts(const char *db, long long *c)
{
	static const char *const t[] = { "runs", "run_meta", "run_backends", "metrics", "series", "points", "summaries",
					  "stress", "stress_counts" };
	for (int i = 0; i < 9; i++) {
		char sql[64];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", t[i]);
		c[i] = q1(db, sql);
	}
}

static int import(const char *db, const char *dir, const char *log)
{
	char err[1024] = "";
	FILE *f = fopen(log, "w");
	CHECK(f);
	const char *paths[] = { dir };
	int r = rbh_import_paths(db, paths, 1, NULL, f, err, sizeof(err));
	fclose(f);
	if (err[0])
		fprintf(stderr, "import: %s\n", err);
	return r;
}

static int file_has(const char *path, const char *text)
{
	char buf[8192] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, text) != NULL;
}

static void bytes_of(const char *path, char *buf, size_t n, size_t *len)
{
	FILE *f = fopen(path, "rb");
	CHECK(f);
	*len = fread(buf, 1, n, f);
	fclose(f);
}

/* A database we must refuse: rbh_open fails with -EBADMSG, the file's bytes
 * are unchanged and no -wal/-shm appeared. */
static void refused(const char *db, const char *why)
{
	static char before[65536], after[65536];
	size_t nb, na;
	bytes_of(db, before, sizeof(before), &nb);
	struct rbh_db h;
	char err[1024] = "";
	CHECK_EQ(rbh_open(&h, db, RBH_WRITE, err, sizeof(err)), -EBADMSG);
	CHECK(strstr(err, why) != NULL);
	CHECK(strchr(err, '\n') == NULL);
	CHECK_EQ(rbh_open(&h, db, RBH_READ, err, sizeof(err)), -EBADMSG);
	const char *paths[] = { tpath("runs") };
	FILE *log = fopen(tpath("refused.log"), "w");
	CHECK_EQ(rbh_import_paths(db, paths, 1, NULL, log, err, sizeof(err)), 2);
	fclose(log);
	bytes_of(db, after, sizeof(after), &na);
	CHECK(na == nb && !memcmp(before, after, nb));
	char side[PATH_MAX];
	snprintf(side, sizeof(side), "%s-wal", db);
	CHECK(access(side, F_OK) != 0);
	snprintf(side, sizeof(side), "%s-shm", db);
	CHECK(access(side, F_OK) != 0);
	unlink(tpath("refused.log"));
}

static int run(void)
{
	/* times and labels */
	char t[32], b[64];
	CHECK_EQ(rbh_parse_time("2026-11-29T06:13:58Z", t, sizeof(t)), 0);
	CHECK(!strcmp(t, "2026-11-29T06:13:58Z"));
	CHECK_EQ(rbh_parse_time("2026-11-29T08:13:58.123+02:00", t, sizeof(t)), 0);
	CHECK(!strcmp(t, "2026-11-29T06:13:58Z"));
	CHECK_EQ(rbh_parse_time("2026-11-29", t, sizeof(t)), 0);
	CHECK(!strcmp(t, "2026-11-29T00:00:00Z"));
	CHECK_EQ(rbh_parse_time("2026-11-29 01:00-0130", t, sizeof(t)), 0);
	CHECK(!strcmp(t, "2026-11-29T02:30:00Z"));
	const char *bad[] = { "", "yesterday", "2026-13-01", "2026-02-31", "2026-11-29T25:00", "2026-11-29T06:13:58Q", "1969-01-01" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_EQ(rbh_parse_time(bad[i], t, sizeof(t)), -EINVAL);
	rbh_backend_label("dir:/tmp/regionbench.1234.ext4.aB3xYz", b, sizeof(b));
	CHECK(!strcmp(b, "ext4"));
	rbh_backend_label("dir:/tmp/regionbench.99.tmpfs-huge.Q1w2E3", b, sizeof(b));
	CHECK(!strcmp(b, "tmpfs-huge"));
	rbh_backend_label("dir:/dev/shm", b, sizeof(b));
	CHECK(!strcmp(b, "dir:/dev/shm"));
	rbh_backend_label("memfd", b, sizeof(b));
	CHECK(!strcmp(b, "memfd"));

	/* three good folders (two bench, one stress), one incomplete, one of another schema, one not a run */
	CHECK_EQ(mkdir(tpath("runs"), 0755), 0);
	double m1[3] = { 100, 101, 99 }, m2[3] = { 110, 111, 109 }, m3[1] = { 5000 };
	struct synth_run r1 = { "run-a", "2026-11-01T00:00:00Z", "aaaa1111", "h1", "k1", m1, 3, 2, 0 };
	struct synth_run r2 = { "run-b", "2026-11-02T00:00:00Z", "bbbb2222", "h1", "k1", m2, 3, 2, 0 };
	struct synth_run r3 = { "run-s", "2026-11-03T00:00:00Z", NULL, "h1", "k1", m3, 1, 0, 1 };
	struct synth_run r4 = { "run-x", "2026-11-04T00:00:00Z", "cccc", "h1", "k1", m1, 3, 0, 0 };
	struct synth_run r5 = { "run-y", "2026-11-05T00:00:00Z", "dddd", "h1", "k1", m1, 3, 0, 0 };
	CHECK_EQ(synth_run_write(tpath("runs/a"), &r1), 0);
	CHECK_EQ(synth_run_write(tpath("runs/b"), &r2), 0);
	CHECK_EQ(synth_run_write(tpath("runs/s"), &r3), 0);
	CHECK_EQ(synth_run_write(tpath("runs/x"), &r4), 0);
	FILE *f = fopen(tpath("runs/x/INCOMPLETE"), "w");
	CHECK(f);
	fclose(f);
	CHECK_EQ(synth_run_write(tpath("runs/y"), &r5), 0);
	f = fopen(tpath("runs/y/runs.csv"), "w"); /* a runs.csv of a future schema */
	CHECK(f);
	fprintf(f, "schema_version,run_id,scenario,backend,fs_type,size_bytes,variant,procs,metric,unit,rep,n,p50,p99,mean,status\n"
		   "99,run-y,create,dir:/dev/shm,tmpfs,4096,manual,1,create_ns,ns,0,3,1,1,1,ok\n");
	fclose(f);
	CHECK_EQ(mkdir(tpath("runs/empty"), 0755), 0);

	char db[PATH_MAX], log[PATH_MAX]; /* (tpath's buffers are reused) */
	snprintf(db, sizeof(db), "%s", tpath("h.db"));
	snprintf(log, sizeof(log), "%s", tpath("import.log"));
	CHECK_EQ(import(db, tpath("runs"), log), 1); /* some skipped */
	CHECK(file_has(log, "imported run-a"));
	CHECK(file_has(log, "imported run-b"));
	CHECK(file_has(log, "imported run-s"));
	CHECK(file_has(log, "runs/x: incomplete"));
	CHECK(file_has(log, "runs/y: runs.csv: line 2 has schema_version '99'"));
	long long c[9], c2[9];
	counts(db, c);
	CHECK_EQ(c[0], 3);		   /* runs */
	CHECK_EQ(c[2], 3);		   /* one backend each */
	CHECK_EQ(c[3], 2);		   /* metrics: create_ns, verified_per_s */
	CHECK_EQ(c[4], 3 + 1);		   /* series: create at 4K, 8K, 12K; growth */
	CHECK_EQ(c[5], 3 * 3 + 3 * 3 + 1); /* points: one per configuration and run */
	CHECK_EQ(c[6], 3 + 3 + 1);	   /* folder-level rows */
	CHECK_EQ(c[7], 1);
	CHECK_EQ(c[8], RB_V__N); /* every violation kind of the stress writer's table */
	CHECK_EQ(q1(db, "SELECT count FROM stress_counts WHERE kind = 'torn'"), RB_V_TORN);
	CHECK_EQ(q1(db, "SELECT count(*) FROM runs WHERE run_id = 'run-s' AND git_commit IS NULL"), 1);
	CHECK_EQ(q1(db, "SELECT count(*) FROM metrics WHERE metric = 'verified_per_s' AND direction = 'higher'"), 1);
	CHECK_EQ(q1(db, "SELECT count(*) FROM points p JOIN series s ON s.id = p.series WHERE s.size_bytes = 4096"
			" AND s.metric = 'create_ns' AND p.p50 BETWEEN 98.9 AND 111.1"), 6);
	CHECK_EQ(q1(db, "PRAGMA user_version"), rbh_schema_version());
	CHECK_EQ(q1(db, "PRAGMA application_id"), RBH_APPLICATION_ID);

	/* re-import: nothing changes; the two good ones say so */
	CHECK_EQ(import(db, tpath("runs/a"), log), 0);
	CHECK(file_has(log, "run-a is already in the database"));
	CHECK_EQ(import(db, tpath("runs"), log), 1);
	counts(db, c2);
	CHECK(!memcmp(c, c2, sizeof(c)));

	/* the series API: a series, its points in time order */
	struct rbh_db h;
	char err[1024];
	CHECK_EQ(rbh_open(&h, db, RBH_READ, err, sizeof(err)), 0);
	struct rbh_series *ss;
	size_t ns;
	CHECK_EQ(rbh_series_list(&h, "^create/manual/4K/p1/create_ns$", &ss, &ns, err, sizeof(err)), 0);
	CHECK_EQ(ns, 1);
	CHECK(!strcmp(ss[0].unit, "ns") && ss[0].dir == RB_DIR_LOWER && !strcmp(ss[0].host, "h1"));
	struct rbh_point *pt;
	size_t n;
	CHECK_EQ(rbh_points(&h, ss[0].id, &pt, &n, err, sizeof(err)), 0);
	CHECK_EQ(n, 6);
	CHECK(pt[0].p50 == 100 && pt[5].p50 == 109 && !strcmp(pt[5].commit, "bbbb2222") && pt[5].rep == 2);
	free(pt);
	free(ss);
	CHECK_EQ(rbh_series_list(&h, "(", &ss, &ns, err, sizeof(err)), -EINVAL);
	rbh_close(&h);

	/* databases that are not ours */
	const char *junk = tpath("junk.db");
	f = fopen(junk, "w");
	CHECK(f);
	for (int i = 0; i < 2000; i++)
		fputs("not a database at all ", f);
	fclose(f);
	refused(junk, "not an SQLite database");
	const char *foreign = tpath("foreign.db");
	sqlite3 *x;
	CHECK(sqlite3_open(foreign, &x) == SQLITE_OK);
	CHECK(sqlite3_exec(x, "CREATE TABLE photos (id INTEGER, name TEXT); INSERT INTO photos VALUES (1, 'cat')", NULL,
			   NULL, NULL) == SQLITE_OK);
	sqlite3_close(x);
	refused(foreign, "another application");
	const char *newer = tpath("newer.db");
	CHECK(sqlite3_open(newer, &x) == SQLITE_OK);
	char sql[128];
	snprintf(sql, sizeof(sql), "CREATE TABLE t (a); PRAGMA application_id = %d; PRAGMA user_version = %d",
		 RBH_APPLICATION_ID, rbh_schema_version() + 1);
	CHECK(sqlite3_exec(x, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(x);
	refused(newer, "newer regionbench");
	/* a corrupt copy of a real history: its pages overwritten past the header */
	char bad_db[PATH_MAX];
	snprintf(bad_db, sizeof(bad_db), "%s", tpath("corrupt.db"));
	CHECK(sqlite3_open(db, &x) == SQLITE_OK);
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", bad_db);
	CHECK(sqlite3_exec(x, sql, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(x);
	int fd = open(bad_db, O_WRONLY);
	CHECK(fd >= 0);
	char garbage[4096];
	memset(garbage, 0xa5, sizeof(garbage));
	CHECK(pwrite(fd, garbage, sizeof(garbage), 4096) == (ssize_t)sizeof(garbage)); /* page 2 */
	close(fd);
	static char before[65536], after[65536];
	size_t nb, na;
	bytes_of(bad_db, before, sizeof(before), &nb);
	const char *paths[] = { tpath("runs/a") };
	FILE *lg = fopen(tpath("corrupt.log"), "w");
	CHECK_EQ(rbh_import_paths(bad_db, paths, 1, NULL, lg, err, sizeof(err)), 2);
	fclose(lg);
	CHECK(strstr(err, "corrupt") != NULL);
	bytes_of(bad_db, after, sizeof(after), &na);
	CHECK(na == nb && !memcmp(before, after, nb));
	CHECK(access(tpath("corrupt.db-wal"), F_OK) != 0);

	/* a missing database for reading */
	CHECK_EQ(rbh_open(&h, tpath("none.db"), RBH_READ, err, sizeof(err)), -ENOENT);
	CHECK(access(tpath("none.db"), F_OK) != 0);

	remove_tree(test_dir);
	mkdir(test_dir, 0700);
	return 0;
}

int main(void)
{
	return test_main(run, 60);
}
