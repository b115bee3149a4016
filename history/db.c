/* db.c - open the history database, check it is ours, migrate it. */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "parse.h"

/* migrations[i] takes the schema from version i to i+1. Never edit one that
 * has shipped: add the next. results/SCHEMA.md documents the tables. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE runs ("
	" id INTEGER PRIMARY KEY,"
	" run_id TEXT NOT NULL UNIQUE,"	 /* meta.csv run_id */
	" kind TEXT NOT NULL,"		 /* bench, stress */
	" time TEXT NOT NULL,"		 /* ISO 8601 UTC: start (or end) of the run, or --time */
	" git_commit TEXT,"		 /* full hash, or the --commit label; NULL unknown */
	" git_branch TEXT,"
	" git_dirty TEXT,"
	" host TEXT NOT NULL,"
	" kernel TEXT NOT NULL,"	 /* kernel release */
	" kernel_version TEXT,"
	" cpu TEXT,"
	" cpu_count INTEGER,"
	" compiler TEXT,"
	" build_flags TEXT,"
	" tools TEXT,"			 /* Google Benchmark, hyperfine, gnuplot versions */
	" command_line TEXT,"
	" source TEXT NOT NULL,"	 /* the folder it was imported from */
	" imported_at TEXT NOT NULL);"
	"CREATE INDEX runs_time ON runs(time);"
	"CREATE TABLE run_meta ("
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (run, key));"
	"CREATE TABLE run_backends ("
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL,"
	" backend TEXT NOT NULL,"	 /* as in series.backend */
	" spec TEXT NOT NULL,"		 /* as the run recorded it */
	" fs_type TEXT, mount_point TEXT, mount_options TEXT, block_size TEXT,"
	" PRIMARY KEY (run, idx));"
	"CREATE TABLE metrics ("
	" scenario TEXT NOT NULL, metric TEXT NOT NULL,"
	" unit TEXT NOT NULL, direction TEXT NOT NULL, axis TEXT NOT NULL, tail INTEGER NOT NULL,"
	" description TEXT NOT NULL,"
	" PRIMARY KEY (scenario, metric));"
	"CREATE TABLE series ("
	" id INTEGER PRIMARY KEY,"
	" scenario TEXT NOT NULL, variant TEXT NOT NULL, size_bytes INTEGER NOT NULL, procs INTEGER NOT NULL,"
	" metric TEXT NOT NULL,"
	" backend TEXT NOT NULL, fs_type TEXT NOT NULL, host TEXT NOT NULL, kernel TEXT NOT NULL,"
	" UNIQUE (scenario, variant, size_bytes, procs, metric, backend, fs_type, host, kernel));"
	"CREATE TABLE points ("
	" series INTEGER NOT NULL REFERENCES series(id),"
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" rep INTEGER NOT NULL,"	 /* runs.csv rep: one worker process */
	" n INTEGER NOT NULL, p50 REAL, p99 REAL, mean REAL, status TEXT NOT NULL,"
	" PRIMARY KEY (series, run, rep));"
	"CREATE INDEX points_run ON points(run);"
	"CREATE TABLE summaries ("
	" series INTEGER NOT NULL REFERENCES series(id),"
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" n INTEGER NOT NULL, p50 REAL, p99 REAL, status TEXT NOT NULL, reason TEXT NOT NULL,"
	" PRIMARY KEY (series, run));"
	"CREATE TABLE stress ("
	" id INTEGER PRIMARY KEY,"
	" run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
	" scenario TEXT NOT NULL, backend TEXT NOT NULL, fs_type TEXT NOT NULL, variant TEXT NOT NULL,"
	" writers INTEGER, readers INTEGER, duration_s REAL,"
	" records_written INTEGER, records_verified INTEGER, verdict TEXT NOT NULL);"
	"CREATE TABLE stress_counts ("
	" stress INTEGER NOT NULL REFERENCES stress(id) ON DELETE CASCADE,"
	" kind TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (stress, kind));",
};
#define NMIG ((int)(sizeof(migrations) / sizeof(migrations[0])))

int rbh_schema_version(void)
{
	return NMIG;
}

void rbh_default_path(char *buf, size_t n)
{
	snprintf(buf, n, "%s/results/history.db", rb_root());
}

int rbh_sqlerr(struct rbh_db *db, int rc, const char *what, char *err, size_t errlen)
{
	int prim = rc & 0xff;
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	const char *path = db ? db->path : "";
	switch (prim) {
	case SQLITE_NOTADB:
		snprintf(err, errlen, "%s: not an SQLite database (%s)", path, msg);
		return -EBADMSG;
	case SQLITE_CORRUPT:
		snprintf(err, errlen, "%s: the database is corrupt (%s, while %s)", path, msg, what);
		return -EBADMSG;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(err, errlen, "%s: the database stayed locked by another process (%s)", path, what);
		return -EBUSY;
	case SQLITE_FULL:
		snprintf(err, errlen, "%s: disk full while %s", path, what);
		return -ENOSPC;
	case SQLITE_CANTOPEN:
		snprintf(err, errlen, "%s: cannot open (%s)", path, msg);
		return -EACCES;
	case SQLITE_READONLY:
		snprintf(err, errlen, "%s: read-only (%s)", path, msg);
		return -EROFS;
	default:
		snprintf(err, errlen, "%s: %s while %s", path, msg, what);
		return -EIO;
	}
}

int rbh_exec(struct rbh_db *db, const char *sql, char *err, size_t errlen)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : rbh_sqlerr(db, rc, sql, err, errlen);
}

/* What is this file? 0: ours (version in *ver) or empty (*ver = 0); else -EBADMSG. */
static int identify(struct rbh_db *db, long long *ver, char *err, size_t errlen)
{
	/* one statement, so one snapshot: another process may be making the schema */
	static const char q[] = "SELECT (SELECT application_id FROM pragma_application_id),"
				" (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rbh_sqlerr(db, rc, "reading the database header", err, errlen);
	rc = sqlite3_step(st);
	long long app = sqlite3_column_int64(st, 0), tables = sqlite3_column_int64(st, 2);
	*ver = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rbh_sqlerr(db, rc, "reading the database header", err, errlen);
	if (app == 0 && tables == 0 && *ver == 0)
		return 0; /* a new, empty database */
	if (app != RBH_APPLICATION_ID) {
		snprintf(err, errlen, "%s: an SQLite database of another application (application_id %lld), not a regionbench history",
			 db->path, app);
		return -EBADMSG;
	}
	if (*ver > NMIG) {
		snprintf(err, errlen, "%s: made by a newer regionbench (history schema %lld; this one knows up to %d)", db->path,
			 *ver, NMIG);
		return -EBADMSG;
	}
	return 0;
}

static int migrate(struct rbh_db *db, char *err, size_t errlen)
{
	for (;;) {
		int ret = rbh_exec(db, "BEGIN IMMEDIATE", err, errlen);
		if (ret)
			return ret;
		long long ver;
		/* again inside the write lock: another process may have migrated meanwhile */
		if ((ret = identify(db, &ver, err, errlen)) || ver >= NMIG) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
		char pragma[96];
		snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d; PRAGMA user_version = %lld", RBH_APPLICATION_ID,
			 ver + 1);
		if ((ret = rbh_exec(db, migrations[ver], err, errlen)) || (ret = rbh_exec(db, pragma, err, errlen)) ||
		    (ret = rbh_exec(db, "COMMIT", err, errlen))) {
			sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
	}
}

/* Switch to WAL (once per database; a no-op after). Another process that has
 * the new file open in its first, rollback-journal moments makes the switch
 * fail at once with SQLITE_BUSY, without the busy handler: retry a while. */
static int wal(struct rbh_db *db, char *err, size_t errlen)
{
	for (int tries = 0;; tries++) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "wal"))
				rc = SQLITE_BUSY; /* the mode did not change */
			sqlite3_finalize(st);
		}
		if (rc == SQLITE_ROW)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || tries == 6000)
			return rbh_sqlerr(db, rc, "switching to WAL", err, errlen);
		sqlite3_sleep(10);
	}
}

int rbh_open(struct rbh_db *db, const char *path, enum rbh_mode mode, char *err, size_t errlen)
{
	memset(db, 0, sizeof(*db));
	if (snprintf(db->path, sizeof(db->path), "%s", path) >= (int)sizeof(db->path)) {
		snprintf(err, errlen, "--db: path too long");
		return -ENAMETOOLONG;
	}
	struct stat st;
	int exists = stat(path, &st) == 0;
	if (!exists && mode == RBH_READ) {
		snprintf(err, errlen, "%s: no history database (make one with: regionbench history import RUN_DIR...)", path);
		return -ENOENT;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -EBADMSG;
	}
	int flags = SQLITE_OPEN_READWRITE | (mode == RBH_WRITE ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	int ret;
	if (rc != SQLITE_OK) {
		ret = rbh_sqlerr(db, rc, "opening", err, errlen);
		goto fail;
	}
	sqlite3_busy_timeout(db->h, 60000);
	sqlite3_extended_result_codes(db->h, 1);
	long long ver;
	if ((ret = identify(db, &ver, err, errlen)))
		goto fail;
	if (mode == RBH_READ && ver == 0) {
		snprintf(err, errlen, "%s: an empty database, not a regionbench history", path);
		ret = -EBADMSG;
		goto fail;
	}
	/* before anything is written: is the file sound? (only for writing: it reads every page) */
	if (mode == RBH_WRITE && ver > 0 && (ret = rbh_quick_check(db, err, errlen)))
		goto fail;
	/* ours (or new): WAL, foreign keys, then the missing migrations */
	if ((ret = wal(db, err, errlen)) ||
	    (ret = rbh_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", err, errlen)) ||
	    (ret = migrate(db, err, errlen)))
		goto fail;
	return 0;
fail:
	sqlite3_close(db->h);
	db->h = NULL;
	return ret;
}

void rbh_close(struct rbh_db *db)
{
	if (db->h)
		sqlite3_close(db->h);
	db->h = NULL;
}

int rbh_quick_check(struct rbh_db *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rbh_sqlerr(db, rc, "checking the database", err, errlen);
	rc = sqlite3_step(st);
	int ret = 0;
	if (rc != SQLITE_ROW) {
		ret = rbh_sqlerr(db, rc, "checking the database", err, errlen);
	} else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
		snprintf(err, errlen, "%s: the database is corrupt (quick_check: %s)", db->path,
			 (const char *)sqlite3_column_text(st, 0));
		for (char *c = err; *c; c++)
			if (*c == '\n')
				*c = ' ';
		ret = -EBADMSG;
	}
	sqlite3_finalize(st);
	return ret;
}

int rbh_check(const char *path, int must_exist, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st)) {
		if (must_exist) {
			snprintf(err, errlen, "%s: no history database (make one with: regionbench history import RUN_DIR...)", path);
			return -ENOENT;
		}
		char parent[4096];
		snprintf(parent, sizeof(parent), "%s", path);
		char *slash = strrchr(parent, '/');
		if (slash)
			*(slash == parent ? slash + 1 : slash) = '\0';
		else
			strcpy(parent, ".");
		if (stat(parent, &st) || !S_ISDIR(st.st_mode) || access(parent, W_OK | X_OK)) {
			snprintf(err, errlen, "%s: its folder '%s' does not exist or is not writable", path, parent);
			return -ENOENT;
		}
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -EBADMSG;
	}
	struct rbh_db db;
	memset(&db, 0, sizeof(db));
	snprintf(db.path, sizeof(db.path), "%s", path);
	int rc = sqlite3_open_v2(path, &db.h, SQLITE_OPEN_READWRITE, NULL), ret;
	long long ver;
	if (rc != SQLITE_OK)
		ret = rbh_sqlerr(&db, rc, "opening", err, errlen);
	else
		ret = identify(&db, &ver, err, errlen);
	sqlite3_close(db.h);
	return ret;
}
