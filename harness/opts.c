/* opts.c - table-driven option parsing with generated --help. */
#include "opts.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int rb_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "regionbench %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

void rb_opts_help(const char *cmd, const char *usage, const struct rb_opt *opts, int nopts)
{
	printf("usage: regionbench %s\n\noptions:\n", usage);
	for (int i = 0; i < nopts; i++) {
		char left[64];
		snprintf(left, sizeof(left), "--%s%s%s", opts[i].name, opts[i].arg ? " " : "",
			 opts[i].arg ? opts[i].arg : "");
		printf("  %-26s %s", left, opts[i].help);
		if (opts[i].choices)
			printf(" (%s)", opts[i].choices);
		if (opts[i].def)
			printf(" [default: %s]", opts[i].def);
		if (opts[i].repeat)
			printf(" (repeatable)");
		putchar('\n');
	}
	printf("  %-26s %s\n", "--help", "this text");
	(void)cmd;
}

static const char *type_expect(const struct rb_opt *o, char *buf, size_t n)
{
	char a[32], b[32];
	switch (o->type) {
	case RB_OPT_SIZE:
		snprintf(buf, n, "a size in bytes such as 4K, 64M, 1G (%s..%s)", rb_fmt_size(o->min, a, sizeof(a)),
			 rb_fmt_size(o->max, b, sizeof(b)));
		break;
	case RB_OPT_COUNT:
		snprintf(buf, n, "a whole number %llu..%llu", (unsigned long long)o->min,
			 (unsigned long long)o->max);
		break;
	case RB_OPT_DURATION:
		snprintf(buf, n, "a duration such as 10s, 250ms (%.3g s..%.3g s)", o->min / 1e9, o->max / 1e9);
		break;
	case RB_OPT_FLOAT:
		snprintf(buf, n, "a number >= 0");
		break;
	case RB_OPT_STR:
		snprintf(buf, n, "%s", o->choices ? o->choices : "a non-empty value");
		break;
	default:
		snprintf(buf, n, "no value");
	}
	return buf;
}

static int choice_ok(const char *choices, const char *v)
{
	size_t len = strlen(v);
	for (const char *c = choices; *c;) {
		const char *bar = strchr(c, '|');
		size_t cl = bar ? (size_t)(bar - c) : strlen(c);
		if (cl == len && !strncmp(c, v, len))
			return 1;
		c += cl + (bar ? 1 : 0);
	}
	return 0;
}

static int set_value(const char *cmd, const struct rb_opt *o, struct rb_optval *v, const char *s)
{
	char expect[128];
	int ret = 0;
	switch (o->type) {
	case RB_OPT_FLAG:
		v->u = 1;
		break;
	case RB_OPT_STR:
		if (!*s || (o->choices && !choice_ok(o->choices, s)))
			ret = -EINVAL;
		break;
	case RB_OPT_SIZE:
		ret = rb_parse_size(s, &v->u);
		break;
	case RB_OPT_COUNT:
		ret = rb_parse_count(s, 0, UINT64_MAX, &v->u);
		break;
	case RB_OPT_DURATION:
		ret = rb_parse_duration(s, &v->u);
		break;
	case RB_OPT_FLOAT: {
		char *end;
		errno = 0;
		v->f = strtod(s, &end);
		if (!*s || *end || errno || !isfinite(v->f) || v->f < 0)
			ret = -EINVAL;
		break;
	}
	}
	if (!ret && (o->type == RB_OPT_SIZE || o->type == RB_OPT_COUNT || o->type == RB_OPT_DURATION) &&
	    (v->u < o->min || v->u > o->max))
		ret = -ERANGE;
	if (ret)
		return rb_usage_error(cmd, "--%s: '%s' is %s (expected %s)", o->name, s,
				      ret == -ERANGE ? "out of range" : "not valid",
				      type_expect(o, expect, sizeof(expect)));
	v->s = s;
	if (o->repeat) {
		if (v->n == RB_OPT_MAXREP)
			return rb_usage_error(cmd, "--%s: given more than %d times", o->name, RB_OPT_MAXREP);
		v->list[v->n++] = s;
	}
	return 0;
}

int rb_opts_parse(const char *cmd, const char *usage, const struct rb_opt *opts, int nopts,
		  struct rb_optval *vals, int argc, char **argv, const char **pos, int maxpos,
		  int *npos)
{
	memset(vals, 0, sizeof(*vals) * (size_t)nopts);
	*npos = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			rb_opts_help(cmd, usage, opts, nopts);
			return 1;
		}
		if (strncmp(a, "--", 2) || !a[2]) {
			if (*npos == maxpos)
				return rb_usage_error(cmd, "unexpected argument '%s' (try --help)", a);
			pos[(*npos)++] = a;
			continue;
		}
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t nl = eq ? (size_t)(eq - name) : strlen(name);
		int k = -1;
		for (int j = 0; j < nopts; j++)
			if (strlen(opts[j].name) == nl && !strncmp(opts[j].name, name, nl))
				k = j;
		if (k < 0)
			return rb_usage_error(cmd, "unknown option '%.*s' (try --help)", (int)(nl + 2), a);
		const struct rb_opt *o = &opts[k];
		if (vals[k].set && !o->repeat)
			return rb_usage_error(cmd, "--%s given twice", o->name);
		const char *val = NULL;
		if (o->type == RB_OPT_FLAG) {
			if (eq)
				return rb_usage_error(cmd, "--%s takes no value", o->name);
		} else if (eq) {
			val = eq + 1;
		} else if (i + 1 < argc) {
			val = argv[++i];
		} else {
			return rb_usage_error(cmd, "--%s needs a value (%s)", o->name, o->arg);
		}
		int ret = set_value(cmd, o, &vals[k], val);
		if (ret)
			return ret;
		vals[k].set = 1;
	}
	for (int k = 0; k < nopts; k++) {
		if (vals[k].set || !opts[k].def)
			continue;
		int ret = set_value(cmd, &opts[k], &vals[k], opts[k].def);
		if (ret)
			return ret; /* a bad default is a bug; say so loudly */
	}
	return 0;
}
