/* hyperfine.c - run hyperfine on the probe and fold its JSON into the results. */
#include "hyperfine.h"

#include <errno.h>
#include <regex.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "backend.h"
#include "interference.h"
#include "proc.h"
#include "series.h"

/* Whole-process wall time of the hf_* scenarios. */
static const struct rb_metric rb_hf_wall_ns = { "wall_ns", RB_UNIT_NS, RB_DIR_LOWER, RB_AXIS_SIZE, 0,
						 "whole process, start to exit (hyperfine)" };

const struct rb_hf_scenario rb_hf_scenarios[] = {
	{ "hf_nop", "whole process: start and exit (hyperfine)" },
	{ "hf_create", "whole process: create + close across sizes (hyperfine)" },
	{ "hf_attach", "whole process: cold attach of an existing 2 MiB region (hyperfine)" },
	{ NULL, NULL },
};

/* hf_attach attaches one region of this size. */
#define HF_ATTACH_SIZE RB_HUGE_PAGE_SIZE /* one huge page: every backend can have it */

/* Fold a parsed export (jansson; consumed) into the result set. */
static int fold(json_t *j, const char *name, const char *scenario, const struct rb_backend *b, uint64_t fixed_size,
		struct rb_resultset *rs, char *err, size_t errlen)
{
	const json_t *res = json_object_get(j, "results");
	int ret = 0;
	if (!json_is_array(res)) {
		snprintf(err, errlen, "%s: no \"results\" array", name);
		ret = -EINVAL;
	}
	for (size_t i = 0; !ret && i < json_array_size(res); i++) {
		const json_t *r = json_array_get(res, i);
		const json_t *times = json_object_get(r, "times");
		const json_t *size = json_object_get(json_object_get(r, "parameters"), "size");
		uint64_t sz = fixed_size;
		if (json_is_string(size))
			sz = strtoull(json_string_value(size), NULL, 10);
		if (!json_is_array(times)) {
			snprintf(err, errlen, "%s: result %zu has no \"times\"", name, i);
			ret = -EINVAL;
			break;
		}
		struct rb_key k;
		rb_key_set(&k, scenario, b->spec, b->fs_type, sz, "process", 1);
		struct rb_series *s = rb_results_metric(rs, &k, &rb_hf_wall_ns);
		for (size_t t = 0; s && t < json_array_size(times); t++)
			if (json_is_number(json_array_get(times, t)))
				rb_series_add(s, json_number_value(json_array_get(times, t)) * 1e9);
	}
	json_decref(j);
	return ret;
}

int rb_hyperfine_fold(const char *json, const char *scenario, const struct rb_backend *b, uint64_t fixed_size,
		      struct rb_resultset *rs, char *err, size_t errlen)
{
	json_error_t e;
	json_t *j = json_load_file(json, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		snprintf(err, errlen, "%s: %s (line %d, column %d)", json, e.text, e.line, e.column);
		return -EINVAL;
	}
	return fold(j, json, scenario, b, fixed_size, rs, err, errlen);
}

int rb_hyperfine_fold_text(const char *text, size_t len, const char *name, const char *scenario,
			   const struct rb_backend *b, uint64_t fixed_size, struct rb_resultset *rs, char *err,
			   size_t errlen)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!j) {
		snprintf(err, errlen, "%s: %s (line %d, column %d)", name, e.text, e.line, e.column);
		return -EINVAL;
	}
	return fold(j, name, scenario, b, fixed_size, rs, err, errlen);
}

static int run_cmd(char *const argv[], const char *log)
{
	int code = rb_run_logged(argv, log, NULL);
	return code == 127 ? -ENOENT : code == 0 ? 0 : code < 0 ? code : -EIO;
}

static void fail_rows(struct rb_resultset *rs, const char *scn, const struct rb_backend *b, uint64_t size,
		      enum rb_status st, const char *why)
{
	struct rb_key k;
	rb_key_set(&k, scn, b->spec, b->fs_type, size, "process", 1);
	struct rb_series *s = rb_results_metric(rs, &k, &rb_hf_wall_ns);
	if (s)
		rb_series_fail(s, st, why);
}

/* One hyperfine invocation of `cmd` (a parameter list over {size} when plist is
 * given), through the harness's process starter (no shell). */
static int hyperfine(const struct rb_hf_settings *s, const char *json, const char *log, const char *cmd,
		     const char *plist)
{
	char runs[16], warm[16];
	snprintf(runs, sizeof(runs), "%d", s->runs);
	snprintf(warm, sizeof(warm), "%d", s->warmup);
	char *argv[16];
	int n = 0;
	argv[n++] = "hyperfine";
	argv[n++] = "-N";
	argv[n++] = "--style";
	argv[n++] = "none";
	argv[n++] = "--warmup";
	argv[n++] = warm;
	argv[n++] = "--runs";
	argv[n++] = runs;
	argv[n++] = "--export-json";
	argv[n++] = (char *)json;
	if (plist) {
		argv[n++] = "-L";
		argv[n++] = "size";
		argv[n++] = (char *)plist;
	}
	argv[n++] = (char *)cmd;
	argv[n] = NULL;
	return run_cmd(argv, log);
}

/* Pass on every "Warning: ..." line hyperfine wrote. */
static void warnings(struct rb_hf_settings *s, const char *log, const char *scn, const struct rb_backend *b)
{
	FILE *f = fopen(log, "re");
	char line[512];
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		const char *w = line + strspn(line, " \t"); /* hyperfine indents its warnings */
		if (!strncmp(w, "Warning: ", 9) && s->warning) {
			char text[700];
			snprintf(text, sizeof(text), "hyperfine (%s on %s): %s", scn, b->spec, w + 9);
			s->warning(s->arg, text);
		}
	}
	if (f)
		fclose(f);
}

/* Record what else ran during the invocation in every row of scn on b. */
static void conditions(struct rb_hf_settings *s, struct rb_resultset *rs, const char *scn, const struct rb_backend *b,
		       const struct rb_usage *u)
{
	int flagged = rb_interfered(u, s->interference_bound);
	char why[256];
	snprintf(why, sizeof(why), "interference: others took %.2f s of CPU and the hypervisor %.2f s in %.2f s measured (bound %.2f CPUs)",
		 u->other_cpu_s, u->steal_s, u->wall_s, s->interference_bound);
	for (size_t i = 0; i < rs->n; i++) {
		struct rb_series *x = &rs->s[i];
		if (strcmp(x->k.scenario, scn) || strcmp(x->k.backend, b->spec))
			continue;
		x->c = (struct rb_conditions){ u->wall_s, u->other_cpu_s, u->steal_s, u->nivcsw };
		if (!flagged)
			continue;
		rb_series_fail(x, RB_INTERFERENCE, why);
		/* one hyperfine call measures one configuration per size: count each
		 * configuration (every metric of it) once */
		size_t j = 0;
		while (j < i && !rb_key_same_config(&rs->s[j].k, &x->k))
			j++;
		s->ninterfered += j == i;
	}
}

/* Append word to out, quoted for hyperfine's command splitting (POSIX shell
 * words: '...' with each ' written as '\''), so a path may hold any character. */
static void word(char *out, size_t n, const char *w)
{
	size_t l = strlen(out);
	if (l && l + 1 < n)
		out[l++] = ' ';
	if (l + 1 < n)
		out[l++] = '\'';
	for (; *w && l + 5 < n; w++) {
		if (*w == '\'') {
			memcpy(out + l, "'\\''", 4);
			l += 4;
		} else {
			out[l++] = *w;
		}
	}
	if (l + 1 < n)
		out[l++] = '\'';
	out[l < n ? l : n - 1] = '\0';
}

int rb_hyperfine_run(struct rb_hf_settings *s, const struct rb_backend *b, int bi, struct rb_resultset *rs)
{
	char json[PATH_MAX + 64], log[PATH_MAX + 64], cmd[4 * PATH_MAX], plist[1024] = "", err[512];
	const char *where = b->is_memfd ? "memfd" : b->dir;
	for (int i = 0; i < s->nsizes; i++) {
		size_t l = strlen(plist);
		snprintf(plist + l, sizeof(plist) - l, "%s%llu", i ? "," : "", (unsigned long long)s->sizes[i]);
	}
	int ret = 0;
	for (int j = 0; rb_hf_scenarios[j].name; j++) {
		const char *scn = rb_hf_scenarios[j].name;
		int attach = !strcmp(scn, "hf_attach"), create = !strcmp(scn, "hf_create");
		uint64_t fixed = attach ? HF_ATTACH_SIZE : 0;
		struct mmap_region r;
		int have_region = 0;
		if (s->filter && regexec(s->filter, scn, 0, NULL, 0))
			continue;
		snprintf(json, sizeof(json), "%s/hyperfine-%s-%d.json", s->run_dir, scn + 3, bi);
		snprintf(log, sizeof(log), "%s/hyperfine-%s-%d.log", s->run_dir, scn + 3, bi);
		cmd[0] = '\0';
		word(cmd, sizeof(cmd), s->probe);
		if (create) {
			word(cmd, sizeof(cmd), "create");
			word(cmd, sizeof(cmd), where);
			strncat(cmd, " {size}", sizeof(cmd) - strlen(cmd) - 1);
		} else if (attach) {
			if (b->is_memfd) {
				fail_rows(rs, scn, b, fixed, RB_SKIPPED, "memfd regions have no path");
				continue;
			}
			int e = rb_backend_create(b, &r, "hf_attach", HF_ATTACH_SIZE, MMAP_REGION_MANUAL, NULL);
			if (e) {
				fail_rows(rs, scn, b, fixed, RB_ERROR, strerror(-e));
				ret = e;
				continue;
			}
			have_region = 1;
			word(cmd, sizeof(cmd), "attach");
			word(cmd, sizeof(cmd), mmap_region_path(&r));
		} else {
			word(cmd, sizeof(cmd), "nop");
		}
		struct rb_probe p0, p1;
		rb_probe_read(&p0);
		int e = hyperfine(s, json, log, cmd, create ? plist : NULL);
		rb_probe_read(&p1);
		if (have_region)
			mmap_region_close(&r);
		warnings(s, log, scn, b);
		if (e == -ENOENT) {
			fail_rows(rs, scn, b, fixed, RB_SKIPPED, "hyperfine is not installed");
			ret = e;
		} else if (e) {
			fail_rows(rs, scn, b, fixed, RB_ERROR, "hyperfine (or the probe) failed");
			ret = e;
		} else if (rb_hyperfine_fold(json, scn, b, fixed, rs, err, sizeof(err))) {
			fail_rows(rs, scn, b, fixed, RB_ERROR, err);
			ret = -EINVAL;
		} else {
			struct rb_usage u;
			rb_probe_delta(&p0, &p1, &u);
			conditions(s, rs, scn, b, &u);
		}
	}
	return ret;
}
