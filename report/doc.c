/* doc.c - markdown and self-contained HTML from the same calls. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "csvw.h"

static void md_text(FILE *f, const char *s)
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

void doc_heading(struct rb_doc *d, int level, const char *text)
{
	fprintf(d->md, "\n%.*s ", level, "######");
	md_text(d->md, text);
	fputs("\n\n", d->md);
	fprintf(d->html, "<h%d>", level);
	rb_xml_text(d->html, text);
	fprintf(d->html, "</h%d>\n", level);
}

void doc_para(struct rb_doc *d, const char *text)
{
	md_text(d->md, text);
	fputs("\n\n", d->md);
	fputs("<p>", d->html);
	rb_xml_text(d->html, text);
	fputs("</p>\n", d->html);
}

void doc_table_start(struct rb_doc *d, const char *const *cols, int n)
{
	fputs("|", d->md);
	fputs("<table><thead><tr>", d->html);
	for (int i = 0; i < n; i++) {
		fputc(' ', d->md);
		md_text(d->md, cols[i]);
		fputs(" |", d->md);
		fputs("<th>", d->html);
		rb_xml_text(d->html, cols[i]);
		fputs("</th>", d->html);
	}
	fputs("\n|", d->md);
	for (int i = 0; i < n; i++)
		fputs(" --- |", d->md);
	fputs("\n", d->md);
	fputs("</tr></thead><tbody>\n", d->html);
}

void doc_table_row(struct rb_doc *d, const char *const *cells, int n)
{
	fputs("|", d->md);
	fputs("<tr>", d->html);
	for (int i = 0; i < n; i++) {
		fputc(' ', d->md);
		md_text(d->md, cells[i]);
		fputs(" |", d->md);
		fputs("<td>", d->html);
		rb_xml_text(d->html, cells[i]);
		fputs("</td>", d->html);
	}
	fputs("\n", d->md);
	fputs("</tr>\n", d->html);
}

void doc_table_end(struct rb_doc *d)
{
	fputs("\n", d->md);
	fputs("</tbody></table>\n", d->html);
}


static const char css[] =
	"body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
	"table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;"
	"text-align:left}th{background:#f0f0f0}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}"
	"figcaption{color:#555;font-size:13px}#selfcheck{color:#777;font-size:12px}";

static const char selfcheck[] =
	"<script>(function(){var errors=0;window.addEventListener('error',function(){errors++;},true);"
	"window.addEventListener('load',function(){var s=document.querySelectorAll('figure svg'),ok=0;"
	"for(var i=0;i<s.length;i++){var b=s[i].getBoundingClientRect();if(b.width>0&&b.height>0)ok++;}"
	"var res=performance.getEntriesByType('resource').length,e=document.getElementById('selfcheck');"
	"e.setAttribute('data-charts',ok+'/'+s.length);e.setAttribute('data-resources',res);"
	"e.setAttribute('data-errors',errors);"
	"e.textContent=ok+' of '+s.length+' charts rendered; '+res+' external resources; '+errors+' load errors';});})();"
	"</script>";

void doc_begin(struct rb_doc *d, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", d->html);
	rb_xml_text(d->html, title);
	fprintf(d->html, "</title><style>%s</style></head><body>\n", css);
	doc_heading(d, 1, title);
}

void doc_end(struct rb_doc *d)
{
	fprintf(d->html, "<p id=\"selfcheck\">charts not checked (JavaScript off)</p>\n%s\n</body></html>\n", selfcheck);
}

void doc_figure(struct rb_doc *d, const char *alt, const char *png_rel, const char *svg_path, const char *caption)
{
	fputs("![", d->md);
	md_text(d->md, alt);
	fprintf(d->md, "](%s)\n\n", png_rel);
	md_text(d->md, caption);
	fputs("\n\n", d->md);
	fputs("<figure>", d->html);
	FILE *f = fopen(svg_path, "re");
	if (f) {
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		fseek(f, 0, SEEK_SET);
		char *buf = n > 0 ? malloc((size_t)n + 1) : NULL;
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			char *svg = strstr(buf, "<svg");
			if (svg)
				fputs(svg, d->html);
		}
		free(buf);
		fclose(f);
	}
	fputs("<figcaption>", d->html);
	rb_xml_text(d->html, caption);
	fputs("</figcaption></figure>\n", d->html);
}
