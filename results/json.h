/* json.h - a small strict JSON reader (for hyperfine's and Google Benchmark's exports). */
#ifndef REGIONBENCH_RESULTS_JSON_H
#define REGIONBENCH_RESULTS_JSON_H

#include <stddef.h>

enum rb_jtype { RB_JNULL, RB_JBOOL, RB_JNUM, RB_JSTR, RB_JARR, RB_JOBJ };

struct rb_json {
	enum rb_jtype t;
	double num; /* JNUM, JBOOL (0/1) */
	char *str;  /* JSTR */
	struct rb_json *kids; /* JARR, JOBJ */
	char **keys;	      /* JOBJ */
	size_t n;
};

/* Parse; NULL on error with the reason (and byte offset) in err. */
struct rb_json *rb_json_parse(const char *s, size_t len, char *err, size_t errlen);
struct rb_json *rb_json_load(const char *path, char *err, size_t errlen);
void rb_json_free(struct rb_json *j);
/* Member of an object, or NULL. */
const struct rb_json *rb_json_get(const struct rb_json *obj, const char *key);

#endif
