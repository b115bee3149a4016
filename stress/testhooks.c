/* testhooks.c - test-only faults for the stress harness, compiled only into
 * regionbench-testhooks (RB_STRESS_TEST_HOOKS), never into regionbench. The
 * environment variables are listed in guest.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "guest.h"
#include "proc.h"

enum rbs_hook rbs_test_hook(void)
{
	static int cached = -1;
	if (cached < 0) {
		const char *f = getenv("RB_TEST_FAULT");
		cached = !f ? RBS_HOOK_NONE
		       : !strcmp(f, "drop") ? RBS_HOOK_DROP
		       : !strcmp(f, "noremap") ? RBS_HOOK_NOREMAP
		       : !strcmp(f, "early_commit") ? RBS_HOOK_EARLY_COMMIT
		       : !strcmp(f, "stall") ? RBS_HOOK_STALL
		       : !strcmp(f, "nobell") ? RBS_HOOK_NOBELL
		       : !strcmp(f, "skip") ? RBS_HOOK_SKIP
					      : RBS_HOOK_NONE;
	}
	return (enum rbs_hook)cached;
}

uint64_t rbs_test_u64(const char *env, uint64_t def)
{
	const char *s = getenv(env);
	char *end;
	if (!s || !*s)
		return def;
	unsigned long long v = strtoull(s, &end, 10);
	return *end ? def : (uint64_t)v;
}

/* Write `text` to $RB_TEST_DIR/name (atomically: a temporary, then rename). */
static void tell(const char *name, const char *text)
{
	const char *dir = getenv("RB_TEST_DIR");
	if (!dir)
		return;
	char tmp[4096], path[4096];
	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fputs(text, f);
	if (fclose(f) == 0)
		rename(tmp, path);
}

void rbs_test_stall(uint64_t slot)
{
	char text[64];
	snprintf(text, sizeof(text), "%d %llu\n", (int)getpid(), (unsigned long long)slot);
	tell("stalled", text);
	uint64_t until = rb_now_ns() + rbs_test_u64("RB_TEST_STALL_MS", 60000) * 1000000ull;
	while (rb_now_ns() < until)
		usleep(10000);
}

void rbs_test_pause(const char *region_path)
{
	if (!getenv("RB_TEST_PAUSE") || !getenv("RB_TEST_DIR"))
		return;
	char go[4096], text[4200];
	snprintf(go, sizeof(go), "%s/go", getenv("RB_TEST_DIR"));
	snprintf(text, sizeof(text), "%s\n", region_path);
	tell("paused", text);
	for (int i = 0; i < 6000 && access(go, F_OK); i++)
		usleep(10000);
}
