/* csv.c - strict CSV reader. */
#include "csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RB_CSV_MAX_BYTES (1u << 30)
#define RB_CSV_MAX_COLS 256

static int fail(char *err, size_t errlen, const char *name, size_t line, const char *what)
{
	snprintf(err, errlen, "%s:%zu: %s", name, line, what);
	return -EINVAL;
}

int rb_csv_parse(const char *data, size_t len, const char *name, struct rb_csv *t, char *err,
		 size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (len == 0)
		return fail(err, errlen, name, 1, "empty file (expected a CSV header line)");
	t->buf = malloc(len + 1);
	size_t cap = 1024, ncells = 0;
	t->cells = malloc(cap * sizeof(char *));
	if (!t->buf || !t->cells) {
		rb_csv_free(t);
		snprintf(err, errlen, "%s: out of memory", name);
		return -ENOMEM;
	}
	char *o = t->buf;
	size_t i = 0, line = 1, fields = 0;
	int ret = 0;
	while (i < len) {
		/* one field */
		char *start = o;
		if (data[i] == '"') {
			size_t qline = line;
			i++;
			for (;;) {
				if (i >= len) {
					ret = fail(err, errlen, name, qline, "unterminated quoted field");
					goto out;
				}
				if (data[i] == '"') {
					if (i + 1 < len && data[i + 1] == '"') {
						*o++ = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (data[i] == '\n')
					line++;
				*o++ = data[i++];
			}
			if (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
				ret = fail(err, errlen, name, line, "text after a closing quote");
				goto out;
			}
		} else {
			while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
				if (data[i] == '"' || data[i] == '\0') {
					ret = fail(err, errlen, name, line,
						   data[i] ? "quote inside an unquoted field" : "NUL byte in field");
					goto out;
				}
				*o++ = data[i++];
			}
		}
		*o++ = '\0';
		if (ncells == cap) {
			cap *= 2;
			char **nc = realloc(t->cells, cap * sizeof(char *));
			if (!nc) {
				snprintf(err, errlen, "%s: out of memory", name);
				ret = -ENOMEM;
				goto out;
			}
			t->cells = nc;
		}
		t->cells[ncells++] = start;
		fields++;
		if (fields > RB_CSV_MAX_COLS) {
			ret = fail(err, errlen, name, line, "too many fields");
			goto out;
		}
		int eol = i >= len || data[i] == '\n' || data[i] == '\r';
		if (!eol) {
			i++; /* the comma */
			if (i >= len) {
				ret = fail(err, errlen, name, line, "line ends with a comma and no final newline");
				goto out;
			}
			continue;
		}
		if (i < len && data[i] == '\r')
			i++;
		if (i < len && data[i] == '\n')
			i++;
		/* end of a record */
		if (t->ncols == 0) {
			t->ncols = fields;
		} else if (fields != t->ncols) {
			char what[128];
			snprintf(what, sizeof(what), "expected %zu fields, found %zu (truncated or malformed line)",
				 t->ncols, fields);
			ret = fail(err, errlen, name, line, what);
			goto out;
		} else {
			t->nrows++;
		}
		fields = 0;
		line++;
	}
	if (t->ncols == 0)
		ret = fail(err, errlen, name, 1, "no header line");
	else if (data[len - 1] != '\n')
		ret = fail(err, errlen, name, line - 1, "last line has no newline (file truncated?)");
	for (size_t c = 0; !ret && c < t->ncols; c++)
		if (!t->cells[c][0])
			ret = fail(err, errlen, name, 1, "empty column name in header");
out:
	if (ret)
		rb_csv_free(t);
	return ret;
}

int rb_csv_load(const char *path, struct rb_csv *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	FILE *f = fopen(path, "re");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	size_t cap = 1 << 16, len = 0;
	char *data = malloc(cap);
	size_t n;
	while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			if (cap >= RB_CSV_MAX_BYTES) {
				free(data);
				fclose(f);
				snprintf(err, errlen, "%s: larger than 1 GiB", path);
				return -EFBIG;
			}
			cap *= 2;
			char *nd = realloc(data, cap);
			if (!nd)
				free(data);
			data = nd;
		}
	}
	fclose(f);
	if (!data) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	int ret = rb_csv_parse(data, len, path, t, err, errlen);
	free(data);
	return ret;
}

void rb_csv_free(struct rb_csv *t)
{
	free(t->cells);
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

int rb_csv_col(const struct rb_csv *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->cells[c], name))
			return (int)c;
	return -1;
}

const char *rb_csv_get(const struct rb_csv *t, size_t r, int col)
{
	if (col < 0 || (size_t)col >= t->ncols || r >= t->nrows)
		return "";
	return t->cells[(r + 1) * t->ncols + (size_t)col];
}

int rb_csv_num(const char *s, double *out)
{
	char *end;
	if (!*s)
		return -EINVAL;
	errno = 0;
	double v = strtod(s, &end);
	if (*end || errno || !isfinite(v))
		return -EINVAL;
	*out = v;
	return 0;
}
