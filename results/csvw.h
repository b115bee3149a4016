/* csvw.h - CSV field output (RFC 4180 quoting). */
#ifndef REGIONBENCH_RESULTS_CSVW_H
#define REGIONBENCH_RESULTS_CSVW_H

#include <stdio.h>

/* Write one field, quoted when it holds a comma, quote, CR or LF; then ','
 * or, when last, '\n'. */
void rb_csv_field(FILE *f, const char *s, int last);

#endif
