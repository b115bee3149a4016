/* mounts.h - filesystems the tool mounts for a run (a small tmpfs for the
 * fs_full scenario, the matrix's loop-mounted images). Each mount's source is
 * "regionbench-<pid>" and its mount point /tmp/regionbench.<pid>.<tag>.XXXXXX,
 * so `regionbench clean` can recognise mounts whose creator is dead, and
 * nothing else. */
#ifndef REGIONBENCH_HARNESS_MOUNTS_H
#define REGIONBENCH_HARNESS_MOUNTS_H

#include <stddef.h>
#include <sys/types.h>

#define RB_MOUNT_SOURCE "regionbench-"

/* Make a mount point and mount fstype there with the options (data) given;
 * the source is "regionbench-<pid>" unless `dev` (a block device) is given.
 * Returns 0 or -errno; mnt receives the mount point. */
int rb_mount(const char *fstype, const char *dev, const char *data, const char *tag, char *mnt, size_t n);
/* Unmount (lazily if busy) and remove the mount point. */
int rb_umount(const char *mnt);
/* Mounts made by the tool whose creator is dead (pid 0) or is `pid`:
 * fn(mount point, source) for each; returns how many. */
/* Split one /proc/self/mountinfo line (modified in place) into fields; returns
 * the number of fields and sets *dash to the index of the "-" separator (the
 * fields after it: fstype, source, super options), or -1 when malformed. */
int rb_mountinfo_split(char *line, char **fields, int max, int *dash);
/* Undo /proc/self/mountinfo's octal escapes (\040 for a blank) in place. */
void rb_mountinfo_unescape(char *s);
int rb_mount_scan(pid_t pid, void (*fn)(const char *mnt, const char *src, void *arg), void *arg);

/* Detach loop devices backed by /tmp/regionbench.<pid>.* files of dead creators
 * and remove such folders that are no longer mounted (images, empty mount
 * points). fn reports each; returns how many were found. */
int rb_clean_loops_and_folders(int dry, void (*fn)(const char *what, const char *path, int ok));

#endif
