/* leftover.h - region files the tool made carry their creator's pid
 * (regionbench.<pid>.<tag>.<n>); those whose creator is dead are leftovers of
 * a crashed run. Nothing else is ever touched. */
#ifndef REGIONBENCH_HARNESS_LEFTOVER_H
#define REGIONBENCH_HARNESS_LEFTOVER_H

#include <sys/types.h>

/* The creator pid of a region file name, or -1 when the name is not ours. */
pid_t rb_leftover_pid(const char *name);
/* Call fn for every region file in dir whose creator is dead (pid == 0) or is
 * `pid` (pid > 0). Returns how many matched, or -errno. */
int rb_leftover_scan(const char *dir, pid_t pid, void (*fn)(const char *path, void *arg), void *arg);
/* Remove such files; returns how many were removed. */
int rb_leftover_remove(const char *dir, pid_t pid);
/* Print a one-line warning for region files of dead creators in dir. */
void rb_leftover_warn(const char *dir);
/* ... and for the tool's mounts, loop devices and image folders of dead creators. */
void rb_leftover_warn_system(void);

#endif
