/* check_db.h - what the crash and concurrency tests look at in a history
 * database: PRAGMA integrity_check, and whether a run is in it completely. */
#ifndef REGIONBENCH_HISTORY_TESTS_CHECK_DB_H
#define REGIONBENCH_HISTORY_TESTS_CHECK_DB_H

#include <string.h>

#include <sqlite3.h>

#include "../../tests/check.h"

/* 1 when PRAGMA integrity_check says ok. */
static inline int db_intact(const char *db)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int ok = 0;
	CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
	sqlite3_busy_timeout(h, 10000);
	if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return ok;
}

/* Rows of a run: its runs row (0/1), points, summaries, meta; -1 when the
 * schema is not there yet. */
static inline long long run_rows(const char *db, const char *run_id, long long *points, long long *summaries, long long *meta)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long runs = -1;
	*points = *summaries = *meta = -1;
	CHECK(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK);
	sqlite3_busy_timeout(h, 10000);
	if (sqlite3_prepare_v2(h,
			       "SELECT (SELECT count(*) FROM runs WHERE run_id = ?1),"
			       " (SELECT count(*) FROM points p JOIN runs r ON r.id = p.run WHERE r.run_id = ?1),"
			       " (SELECT count(*) FROM summaries p JOIN runs r ON r.id = p.run WHERE r.run_id = ?1),"
			       " (SELECT count(*) FROM run_meta p JOIN runs r ON r.id = p.run WHERE r.run_id = ?1)",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, run_id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			runs = sqlite3_column_int64(st, 0);
			*points = sqlite3_column_int64(st, 1);
			*summaries = sqlite3_column_int64(st, 2);
			*meta = sqlite3_column_int64(st, 3);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return runs;
}

#endif
