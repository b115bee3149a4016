/* concurrent.c - two imports at once into one database (a fresh one, so both
 * also race to make the schema; then an existing one; then the same run
 * twice): both land, nothing is lost, integrity_check ok. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../tests/check.h"
#include "../import.h"
#include "check_db.h"
#include "runs.h"

#define REPS 3
#define CONFIGS 300

static char db[PATH_MAX];
static uint32_t *gate;

static int child_import(void *arg)
{
	while (!__atomic_load_n(gate, __ATOMIC_ACQUIRE))
		rb_futex_wait(gate, 0, 1000);
	const char *paths[] = { arg };
	char err[1024];
	FILE *devnull = fopen("/dev/null", "w");
	int r = rbh_import_paths(db, paths, 1, NULL, devnull, err, sizeof(err));
	if (r)
		fprintf(stderr, "import of %s: %d %s\n", (const char *)arg, r, err);
	return r;
}

/* Import a and b at the same moment; both must exit 0. */
static void both(char *a, char *b)
{
	__atomic_store_n(gate, 0, __ATOMIC_RELEASE);
	pid_t p1 = rb_fork(child_import, a, 0), p2 = rb_fork(child_import, b, 0);
	CHECK(p1 > 0 && p2 > 0);
	usleep(20000);
	__atomic_store_n(gate, 1, __ATOMIC_RELEASE);
	rb_futex_wake(gate);
	int s1, s2;
	CHECK_EQ(rb_wait_deadline(p1, p1, 60000, &s1), 0);
	CHECK_EQ(rb_wait_deadline(p2, p2, 60000, &s2), 0);
	CHECK_EQ(rb_exit_code(s1), 0);
	CHECK_EQ(rb_exit_code(s2), 0);
	CHECK(db_intact(db));
}

static void fully_in(const char *id)
{
	long long p, s, m;
	CHECK_EQ(run_rows(db, id, &p, &s, &m), 1);
	CHECK_EQ(p, CONFIGS * REPS);
	CHECK_EQ(s, CONFIGS);
}

static int run(void)
{
	gate = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(gate != MAP_FAILED);
	double med[REPS] = { 100, 101, 102 };
	static char dirs[6][PATH_MAX], ids[6][16];
	for (int i = 0; i < 6; i++) {
		snprintf(ids[i], sizeof(ids[i]), "run-%d", i);
		snprintf(dirs[i], sizeof(dirs[i]), "%s/r%d", test_dir, i);
		char t[32];
		snprintf(t, sizeof(t), "2026-11-%02dT00:00:00Z", i + 1);
		struct synth_run r = { ids[i], t, "abcd", "h", "k", med, REPS, CONFIGS - 1, 0 };
		CHECK_EQ(synth_run_write(dirs[i], &r), 0);
	}
	for (int round = 0; round < 5; round++) {
		snprintf(db, sizeof(db), "%s/h%d.db", test_dir, round);
		both(dirs[0], dirs[1]); /* a fresh database: both make the schema */
		fully_in(ids[0]);
		fully_in(ids[1]);
		both(dirs[2], dirs[3]); /* an existing one */
		both(dirs[4], dirs[4]); /* the same run twice: it lands once */
		for (int i = 0; i < 5; i++)
			fully_in(ids[i]);
	}
	printf("5 rounds of concurrent imports: every run fully in, integrity_check ok\n");
	munmap(gate, 4096);
	remove_tree(test_dir); /* test_main wants the folder empty */
	mkdir(test_dir, 0700);
	return 0;
}

int main(void)
{
	return test_main(run, 300);
}
