/* csvw.c - CSV field output. */
#include "csvw.h"

#include <string.h>

void rb_csv_field(FILE *f, const char *s, int last)
{
	if (!s)
		s = "";
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

void rb_xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\t' || *s == '\n' || *s == '\r')
			fprintf(f, "&#%d;", *s); /* kept in attributes too */
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc('?', f); /* not allowed in XML 1.0: a JUnit reader would reject the file */
		else
			fputc(*s, f);
	}
}

void rb_md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}
