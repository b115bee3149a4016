/* baseline.c - `regionbench baseline save NAME [RUN]` and `baseline list`:
 * named copies of run folders under results/baselines/NAME, which `compare`
 * accepts by name. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "parse.h"
#include "rundir.h"

enum { O_FORCE, O_NOPT };
static const struct rb_opt opts[] = {
	[O_FORCE] = { .name = "force", .help = "replace a baseline of that name", .type = RB_OPT_FLAG },
};

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "re"), *out = in ? fopen(to, "we") : NULL;
	int ret = 0;
	char buf[1 << 16];
	size_t n;
	while (out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ret = -EIO;
	if (!in || !out || ferror(in))
		ret = -errno ? -errno : -EIO;
	if (in)
		fclose(in);
	if (out && fclose(out))
		ret = -EIO;
	return ret;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[8300];
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* The newest complete run folder under results/runs. */
static int newest_run(const char *root, char *out, size_t n)
{
	char runs[4096];
	snprintf(runs, sizeof(runs), "%s/results/runs", root);
	DIR *d = opendir(runs);
	if (!d)
		return -ENOENT;
	struct dirent *e;
	time_t best = 0;
	while ((e = readdir(d))) {
		char p[8300], why[512];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", runs, e->d_name);
		struct stat st;
		if (rb_check_run("RUN", p, p, rb_compare_needs, why, sizeof(why)) || stat(p, &st))
			continue;
		if (st.st_mtime >= best) {
			best = st.st_mtime;
			snprintf(out, n, "%s", p);
		}
	}
	closedir(d);
	return best ? 0 : -ENOENT;
}

int cmd_baseline(int argc, char **argv)
{
	struct rb_optval v[O_NOPT];
	const char *pos[3];
	int npos;
	int ret = rb_opts_parse("baseline", "baseline save NAME [RUN] [--force] | baseline list", opts, O_NOPT, v, argc, argv,
				pos, 3, &npos);
	if (ret)
		return ret == 1 ? 0 : ret;
	const char *root = rb_root();
	char dir[4096], err[4600];
	snprintf(dir, sizeof(dir), "%s/results/baselines", root);
	if (npos == 1 && !strcmp(pos[0], "list")) {
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.')
				printf("%s\n", e->d_name);
		if (d)
			closedir(d);
		return 0;
	}
	if (npos < 2 || strcmp(pos[0], "save"))
		return rb_usage_error("baseline", "expected 'save NAME [RUN]' or 'list' (try --help)");
	const char *name = pos[1];
	size_t nl = strlen(name);
	if (!nl || nl > 100 || name[0] == '.' || strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != nl)
		return rb_usage_error("baseline", "NAME '%s' is not valid (expected letters, digits, '.', '_', '-')", name);
	char run[4096];
	if (npos == 3) {
		if (rb_resolve_run("RUN", pos[2], rb_compare_needs, run, sizeof(run), err, sizeof(err)))
			return rb_usage_error("baseline", "%s", err);
	} else if (newest_run(root, run, sizeof(run))) {
		return rb_usage_error("baseline", "no complete run folder in %s/results/runs (give RUN)", root);
	}
	char target[4300], tmp[4400], old[4400];
	snprintf(target, sizeof(target), "%s/%s", dir, name);
	struct stat st;
	if (!stat(target, &st) && !v[O_FORCE].u)
		return rb_usage_error("baseline", "baseline '%s' exists (use --force to replace it)", name);
	snprintf(err, sizeof(err), "%s/results", root);
	mkdir(err, 0755);
	mkdir(dir, 0755);
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%ld", dir, name, (long)getpid());
	if (mkdir(tmp, 0755)) {
		fprintf(stderr, "regionbench baseline: cannot create '%s': %s\n", tmp, strerror(errno));
		return 1;
	}
	DIR *d = opendir(run);
	struct dirent *e;
	ret = d ? 0 : -errno;
	while (!ret && (e = readdir(d))) {
		char from[8300], to[8600];
		snprintf(from, sizeof(from), "%s/%s", run, e->d_name);
		if (e->d_name[0] == '.' || stat(from, &st) || !S_ISREG(st.st_mode))
			continue;
		snprintf(to, sizeof(to), "%s/%s", tmp, e->d_name);
		ret = copy_file(from, to);
	}
	if (d)
		closedir(d);
	snprintf(old, sizeof(old), "%s/.%s.old.%ld", dir, name, (long)getpid());
	if (!ret && !stat(target, &st) && rename(target, old))
		ret = -errno;
	if (!ret && rename(tmp, target))
		ret = -errno;
	remove_tree(old);
	if (ret) {
		remove_tree(tmp);
		fprintf(stderr, "regionbench baseline: saving '%s' failed: %s\n", name, strerror(-ret));
		return 1;
	}
	printf("baseline %s <- %s\n", name, run);
	return 0;
}
