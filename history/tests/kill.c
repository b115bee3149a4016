/* kill.c - kill -9 during an import, from a second process, at a random
 * point, many times: PRAGMA integrity_check stays ok and every run is either
 * fully in the database or not at all (and the runs before it untouched).
 * Prints its seed; RB_HISTORY_KILL_SEED replays one. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "../import.h"
#include "check_db.h"
#include "runs.h"

#define ROUNDS 24
#define REPS 5
#define CONFIGS 800 /* 4000 per-run rows per folder: an import takes a while */

static char db[PATH_MAX], dirs[ROUNDS][PATH_MAX], ids[ROUNDS][32];

static int child_import(void *arg)
{
	const char *paths[] = { arg };
	char err[1024];
	FILE *devnull = fopen("/dev/null", "w");
	return rbh_import_paths(db, paths, 1, NULL, devnull, err, sizeof(err));
}

static int run(void)
{
	unsigned seed = getenv("RB_HISTORY_KILL_SEED") ? (unsigned)strtoul(getenv("RB_HISTORY_KILL_SEED"), NULL, 10)
						       : (unsigned)time(NULL) ^ (unsigned)getpid();
	printf("seed %u\n", seed);
	srand(seed);
	double med[REPS] = { 100, 101, 102, 99, 98 };
	for (int i = 0; i < ROUNDS; i++) {
		snprintf(ids[i], sizeof(ids[i]), "run-%02d", i);
		snprintf(dirs[i], sizeof(dirs[i]), "%s/r%02d", test_dir, i);
		char t[32];
		snprintf(t, sizeof(t), "2026-11-%02dT00:00:00Z", i + 1);
		struct synth_run r = { ids[i], t, "abcd", "h", "k", med, REPS, CONFIGS - 1, 0 };
		CHECK_EQ(synth_run_write(dirs[i], &r), 0);
	}
	/* how long one import takes here (a scratch database) */
	snprintf(db, sizeof(db), "%s/scratch.db", test_dir);
	uint64_t t0 = rb_now_ns();
	CHECK_EQ(child_import(dirs[0]), 0);
	uint64_t dur = rb_now_ns() - t0;
	printf("one import: %.1f ms\n", dur / 1e6);
	unlink(db);
	snprintf(db, sizeof(db), "%s/scratch.db-wal", test_dir);
	unlink(db);
	snprintf(db, sizeof(db), "%s/scratch.db-shm", test_dir);
	unlink(db);

	snprintf(db, sizeof(db), "%s/h.db", test_dir);
	int in[ROUNDS] = { 0 }, nin = 0, nout = 0;
	for (int i = 0; i < ROUNDS; i++) {
		pid_t pid = rb_fork(child_import, dirs[i], 0);
		CHECK(pid > 0);
		/* anywhere from before the database is opened to a little after the end */
		uint64_t wait = (uint64_t)((double)rand() / RAND_MAX * 1.1 * (double)dur);
		struct timespec ts = { (time_t)(wait / 1000000000u), (long)(wait % 1000000000u) };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int status;
		CHECK_EQ(rb_wait_deadline(pid, pid, 30000, &status), 0);
		CHECK(db_intact(db));
		long long p, s, m, r = run_rows(db, ids[i], &p, &s, &m);
		if (r <= 0) { /* out: not a row of it anywhere (or the schema not even made) */
			CHECK(r == 0 || r == -1);
			CHECK(r == -1 || (p == 0 && s == 0 && m == 0));
			nout++;
		} else { /* in: all of it */
			CHECK_EQ(r, 1);
			CHECK_EQ(p, CONFIGS * REPS);
			CHECK_EQ(s, CONFIGS);
			CHECK(m > 5);
			in[i] = 1;
			nin++;
		}
		for (int j = 0; j < i; j++) { /* the earlier runs are as they were */
			r = run_rows(db, ids[j], &p, &s, &m);
			CHECK(in[j] ? r == 1 && p == CONFIGS * REPS : r <= 0);
		}
	}
	printf("%d imports killed: %d left nothing, %d had committed; integrity_check ok after each\n", ROUNDS, nout, nin);
	CHECK(nout >= ROUNDS / 4); /* the kills did land inside imports */
	remove_tree(test_dir); /* test_main wants the folder empty */
	mkdir(test_dir, 0700);
	return 0;
}

int main(void)
{
	return test_main(run, 300);
}
