/* db.h - the history database: one SQLite file (default
 * <root>/results/history.db), its versioned schema and its migrations.
 *
 * The schema lives in one table of migrations (db.c); PRAGMA user_version is
 * the number of migrations applied, PRAGMA application_id marks the file as a
 * regionbench history. Opening for writing puts the file in WAL mode (readers
 * never block the one writer; a killed writer leaves the last committed state)
 * and applies what migrations are missing, each in its own transaction. */
#ifndef REGIONBENCH_HISTORY_DB_H
#define REGIONBENCH_HISTORY_DB_H

#include <stddef.h>

struct sqlite3;

#define RBH_APPLICATION_ID 0x52426831 /* "RBh1" */

struct rbh_db {
	struct sqlite3 *h;
	char path[4096];
};

enum rbh_mode {
	RBH_READ,  /* the file must exist */
	RBH_WRITE, /* made when absent */
};

/* Open the history database at `path`. A file that is not an SQLite database,
 * an SQLite database of another application, one made by a newer regionbench
 * (a schema version above ours) or a corrupt one (for writing, PRAGMA
 * quick_check must say ok: it reads every page) is refused with -EBADMSG and
 * nothing is written; a missing file in RBH_READ mode is -ENOENT. err gets a
 * one-line reason naming the file. Returns 0 or -errno. */
int rbh_open(struct rbh_db *db, const char *path, enum rbh_mode mode, char *err, size_t errlen);
void rbh_close(struct rbh_db *db);
/* Check a database path before anything runs, writing nothing: an existing
 * file must be a history database of this or an older schema; a missing one
 * is -ENOENT when must_exist, else its folder must be writable. 0 or -errno
 * with a one-line reason. */
int rbh_check(const char *path, int must_exist, char *err, size_t errlen);
/* The schema version this regionbench writes (the number of migrations). */
int rbh_schema_version(void);
/* <root>/results/history.db */
void rbh_default_path(char *buf, size_t n);

/* PRAGMA quick_check: 0 when it says ok, -EBADMSG (corrupt) with err set. */
int rbh_quick_check(struct rbh_db *db, char *err, size_t errlen);
/* Run SQL without results; 0, or -EBADMSG (corrupt), -EBUSY, -EIO with err set. */
int rbh_exec(struct rbh_db *db, const char *sql, char *err, size_t errlen);
/* An SQLite result code as -errno: corrupt or not a database -EBADMSG, busy
 * or locked -EBUSY, full -ENOSPC, anything else -EIO; err gets the message. */
int rbh_sqlerr(struct rbh_db *db, int rc, const char *what, char *err, size_t errlen);

#endif
