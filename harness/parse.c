/* parse.c - strict parsing of sizes, counts, durations. */
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Digits only (no sign, no blanks); -ERANGE on overflow. *end stops at the first non-digit. */
static int digits(const char *s, uint64_t *v, const char **end)
{
	if (*s < '0' || *s > '9')
		return -EINVAL;
	uint64_t x = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -ERANGE;
		x = x * 10 + d;
	}
	*v = x;
	*end = s;
	return 0;
}

static int scaled(uint64_t v, uint64_t mul, uint64_t *out)
{
	if (mul && v > UINT64_MAX / mul)
		return -ERANGE;
	*out = v * mul;
	return 0;
}

struct unit {
	const char *suffix;
	uint64_t mul;
};

/* digits followed by exactly one of the suffixes (case-insensitive when asked) */
static int with_unit(const char *s, const struct unit *units, size_t n, int nocase, uint64_t *out)
{
	uint64_t v;
	const char *end;
	int ret = digits(s, &v, &end);
	if (ret)
		return ret;
	for (size_t i = 0; i < n; i++)
		if (nocase ? !strcasecmp(end, units[i].suffix) : !strcmp(end, units[i].suffix))
			return scaled(v, units[i].mul, out);
	return -EINVAL;
}

int rb_parse_size(const char *s, uint64_t *out)
{
	static const struct unit units[] = {
		{ "", 1 },	       { "B", 1 },	       { "K", 1ull << 10 }, { "KiB", 1ull << 10 },
		{ "KB", 1ull << 10 }, { "M", 1ull << 20 },   { "MiB", 1ull << 20 }, { "MB", 1ull << 20 },
		{ "G", 1ull << 30 },  { "GiB", 1ull << 30 }, { "GB", 1ull << 30 },  { "T", 1ull << 40 },
		{ "TiB", 1ull << 40 }, { "TB", 1ull << 40 },
	};
	return with_unit(s, units, sizeof(units) / sizeof(units[0]), 1, out);
}

int rb_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;
	const char *end;
	int ret = digits(s, &v, &end);
	if (ret)
		return ret;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int rb_parse_duration(const char *s, uint64_t *ns)
{
	static const struct unit units[] = {
		{ "", 1000000000ull }, { "s", 1000000000ull }, { "ms", 1000000ull },
		{ "us", 1000ull },     { "ns", 1ull },	       { "m", 60000000000ull },
	};
	return with_unit(s, units, sizeof(units) / sizeof(units[0]), 0, ns);
}

int rb_parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n)
{
	char buf[1024];
	if (!*s || strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	*n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == max)
			return -ERANGE;
		int ret = rb_parse_size(tok, &out[*n]);
		if (ret)
			return ret;
		(*n)++;
	}
	return *n ? 0 : -EINVAL;
}

const char *rb_fmt_size(uint64_t v, char *buf, size_t n)
{
	static const char sfx[] = "KMGT";
	int u = -1;
	while (v && v % 1024 == 0 && u < 3) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, n, "%llu", (unsigned long long)v);
	else
		snprintf(buf, n, "%llu%c", (unsigned long long)v, sfx[u]);
	return buf;
}

const char *rb_root(void)
{
	const char *r = getenv("RB_ROOT");
	return r && *r ? r : ".";
}
