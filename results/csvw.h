/* csvw.h - field output: CSV (RFC 4180 quoting) and XML/HTML escaping. */
#ifndef REGIONBENCH_RESULTS_CSVW_H
#define REGIONBENCH_RESULTS_CSVW_H

#include <stdio.h>

/* Write one field, quoted when it holds a comma, quote, CR or LF; then ','
 * or, when last, '\n'. */
void rb_csv_field(FILE *f, const char *s, int last);
/* Write s with <, >, & and " escaped, tab and line ends as character
 * references, other control characters as '?' (HTML and XML text and
 * attributes: always well-formed). */
void rb_xml_text(FILE *f, const char *s);

/* Write s as markdown text (a table cell or a paragraph): '|' escaped, a line
 * break becomes a space. */
void rb_md_text(FILE *f, const char *s);

#endif
