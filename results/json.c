/* json.c - recursive-descent JSON reader. */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct p {
	const char *s;
	size_t len, i;
	int depth;
	char *err;
	size_t errlen;
};

static int fail(struct p *p, const char *what)
{
	if (!p->err[0])
		snprintf(p->err, p->errlen, "%s at byte %zu", what, p->i);
	return -1;
}

static void ws(struct p *p)
{
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\r' || p->s[p->i] == '\t'))
		p->i++;
}

static int value(struct p *p, struct rb_json *out);

static int string(struct p *p, char **out)
{
	if (p->i >= p->len || p->s[p->i] != '"')
		return fail(p, "expected a string");
	p->i++;
	size_t cap = 32, n = 0;
	char *b = malloc(cap);
	if (!b)
		return fail(p, "out of memory");
	for (;;) {
		if (p->i >= p->len) {
			free(b);
			return fail(p, "unterminated string");
		}
		char c = p->s[p->i++];
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20) {
			free(b);
			return fail(p, "control character in string");
		}
		if (c == '\\') {
			if (p->i >= p->len) {
				free(b);
				return fail(p, "bad escape");
			}
			char e = p->s[p->i++];
			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '/': case '\\': case '"': c = e; break;
			case 'u':
				if (p->i + 4 > p->len) {
					free(b);
					return fail(p, "bad \\u escape");
				}
				p->i += 4;
				c = '?'; /* non-ASCII text is not needed here */
				break;
			default:
				free(b);
				return fail(p, "bad escape");
			}
		}
		if (n + 2 > cap) {
			cap *= 2;
			char *nb = realloc(b, cap);
			if (!nb) {
				free(b);
				return fail(p, "out of memory");
			}
			b = nb;
		}
		b[n++] = c;
	}
	b[n] = '\0';
	*out = b;
	return 0;
}

static int push(struct p *p, struct rb_json *parent, size_t *cap)
{
	if (parent->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		struct rb_json *nk = realloc(parent->kids, *cap * sizeof(*nk));
		if (!nk)
			return fail(p, "out of memory");
		parent->kids = nk;
		if (parent->t == RB_JOBJ) {
			char **nkeys = realloc(parent->keys, *cap * sizeof(char *));
			if (!nkeys)
				return fail(p, "out of memory");
			parent->keys = nkeys;
		}
	}
	memset(&parent->kids[parent->n], 0, sizeof(struct rb_json));
	return 0;
}

static int container(struct p *p, struct rb_json *out, int obj)
{
	char close = obj ? '}' : ']';
	size_t cap = 0;
	out->t = obj ? RB_JOBJ : RB_JARR;
	if (++p->depth > 64)
		return fail(p, "nested too deeply");
	p->i++;
	ws(p);
	if (p->i < p->len && p->s[p->i] == close) {
		p->i++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (push(p, out, &cap))
			return -1;
		ws(p);
		if (obj) {
			char *k;
			if (string(p, &k))
				return -1;
			out->keys[out->n] = k;
			ws(p);
			if (p->i >= p->len || p->s[p->i] != ':') {
				out->n++;
				return fail(p, "expected ':'");
			}
			p->i++;
		}
		int r = value(p, &out->kids[out->n]);
		out->n++;
		if (r)
			return -1;
		ws(p);
		if (p->i < p->len && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->len && p->s[p->i] == close) {
			p->i++;
			p->depth--;
			return 0;
		}
		return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int value(struct p *p, struct rb_json *out)
{
	ws(p);
	memset(out, 0, sizeof(*out));
	if (p->i >= p->len)
		return fail(p, "unexpected end");
	char c = p->s[p->i];
	if (c == '{' || c == '[')
		return container(p, out, c == '{');
	if (c == '"') {
		out->t = RB_JSTR;
		return string(p, &out->str);
	}
	static const struct {
		const char *w;
		enum rb_jtype t;
		double v;
	} lits[] = { { "true", RB_JBOOL, 1 }, { "false", RB_JBOOL, 0 }, { "null", RB_JNULL, 0 } };
	for (int k = 0; k < 3; k++) {
		size_t wl = strlen(lits[k].w);
		if (p->len - p->i >= wl && !strncmp(p->s + p->i, lits[k].w, wl)) {
			p->i += wl;
			out->t = lits[k].t;
			out->num = lits[k].v;
			return 0;
		}
	}
	char buf[64];
	size_t n = 0;
	while (p->i + n < p->len && n < sizeof(buf) - 1 && strchr("+-0123456789.eE", p->s[p->i + n]))
		n++;
	if (!n)
		return fail(p, "unexpected character");
	memcpy(buf, p->s + p->i, n);
	buf[n] = '\0';
	char *end;
	errno = 0;
	out->num = strtod(buf, &end);
	if (*end || !isfinite(out->num))
		return fail(p, "bad number");
	out->t = RB_JNUM;
	p->i += n;
	return 0;
}

struct rb_json *rb_json_parse(const char *s, size_t len, char *err, size_t errlen)
{
	struct p p = { s, len, 0, 0, err, errlen };
	err[0] = '\0';
	struct rb_json *j = calloc(1, sizeof(*j));
	if (!j) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int r = value(&p, j);
	ws(&p);
	if (!r && p.i != len)
		r = fail(&p, "trailing data");
	if (r) {
		rb_json_free(j);
		return NULL;
	}
	return j;
}

struct rb_json *rb_json_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		fclose(f);
		snprintf(err, errlen, "%s: cannot read", path);
		return NULL;
	}
	fclose(f);
	char e[200];
	struct rb_json *j = rb_json_parse(b, (size_t)n, e, sizeof(e));
	free(b);
	if (!j)
		snprintf(err, errlen, "%s: %s", path, e);
	return j;
}

static void release(struct rb_json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		release(&j->kids[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->kids);
	free(j->keys);
	free(j->str);
}

void rb_json_free(struct rb_json *j)
{
	if (!j)
		return;
	release(j);
	free(j);
}

const struct rb_json *rb_json_get(const struct rb_json *o, const char *key)
{
	if (!o || o->t != RB_JOBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (o->keys[i] && !strcmp(o->keys[i], key))
			return &o->kids[i];
	return NULL;
}
