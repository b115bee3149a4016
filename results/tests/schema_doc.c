/* schema_doc.c - results/SCHEMA.md names every column of every table in
 * rb_tables[], each in that table's own part of the document (the part that
 * starts at "## FILE", "**FILE**" or "## STEM --csv" and ends at the next
 * such start or "## " heading). */
#include "../../tests/check.h"
#include "../schema.h"

#include <ctype.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Where table t's part of the document starts, or NULL. */
static const char *part_start(const char *doc, const struct rb_table *t)
{
	char a[128], stem[64];
	snprintf(stem, sizeof(stem), "%.*s", (int)(strcspn(t->file, ".")), t->file);
	const char *const forms[] = { "\n## %s", "**%s**", "\n## %s --csv" };
	for (int i = 0; i < 3; i++) {
		snprintf(a, sizeof(a), forms[i], i == 2 ? stem : t->file);
		const char *p = strstr(doc, a);
		if (p)
			return p + 1;
	}
	return NULL;
}

/* The end of the part that starts at p: the next "## " heading or "**x.csv**". */
static const char *part_end(const char *p)
{
	for (const char *q = strchr(p, '\n'); q; q = strchr(q + 1, '\n')) {
		if (!strncmp(q + 1, "## ", 3))
			return q;
		if (!strncmp(q + 1, "**", 2)) {
			const char *close = strstr(q + 3, "**");
			const char *nl = strchr(q + 1, '\n');
			if (close && (!nl || close < nl) && close - 4 > q && !strncmp(close - 4, ".csv", 4))
				return q;
		}
	}
	return p + strlen(p);
}

/* name appears in [p, end) as a whole word (not inside a longer name). */
static int names(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);
	for (const char *q = p; (q = strstr(q, name)) && q < end; q++) {
		int before = q > p && (isalnum((unsigned char)q[-1]) || q[-1] == '_');
		int after = isalnum((unsigned char)q[n]) || q[n] == '_';
		if (!before && !after && q + n <= end)
			return 1;
	}
	return 0;
}

static int run(void)
{
	const char *doc = slurp(RB_SOURCE_DIR "/results/SCHEMA.md");
	CHECK(doc != NULL);
	int missing = 0;
	for (int i = 0; rb_tables[i]; i++) {
		const struct rb_table *t = rb_tables[i];
		const char *p = part_start(doc, t);
		if (!p) {
			fprintf(stderr, "results/SCHEMA.md has no part for %s\n", t->file);
			missing++;
			continue;
		}
		const char *end = part_end(p);
		for (size_t c = 0; c < t->ncols; c++)
			if (!names(p, end, t->cols[c])) {
				fprintf(stderr, "results/SCHEMA.md does not name %s column %s in its part\n", t->file, t->cols[c]);
				missing++;
			}
	}
	CHECK_EQ(missing, 0);
	return 0;
}

int main(void)
{
	return test_main(run, 10);
}
