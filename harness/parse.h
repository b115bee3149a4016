/* parse.h - strict parsing of command-line values. Each returns 0 or -EINVAL
 * (unparsable), -ERANGE (overflow or out of bounds); nothing is accepted
 * half-way ("4Q", "1e999", "-1", "" are all refused). */
#ifndef REGIONBENCH_HARNESS_PARSE_H
#define REGIONBENCH_HARNESS_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* Bytes with an optional binary suffix: 4096, 4K, 4KiB, 64M, 1G, 1T (K=1024). */
int rb_parse_size(const char *s, uint64_t *out);
/* A whole number in [min, max]. */
int rb_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* A duration: 10 (seconds), 10s, 250ms, 100us, 5m; stored in nanoseconds. */
int rb_parse_duration(const char *s, uint64_t *ns);
/* Comma-separated sizes; at most `max` of them. */
int rb_parse_size_list(const char *s, uint64_t *out, size_t max, size_t *n);
/* The project root (where results/ lives): $RB_ROOT, set by the ./regionbench
 * front door, or "." when it is not set. The one place that reads RB_ROOT. */
const char *rb_root(void);
/* Human form of a byte count: 4K, 64M, 1G, or the plain number. */
const char *rb_fmt_size(uint64_t v, char *buf, size_t n);

#endif
