/* doc.c - markdown and self-contained HTML from the same calls. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "csvw.h"

/* A heading; id (or NULL) is its anchor in both formats (links from the findings). */
void doc_heading_id(struct rb_doc *d, int level, const char *text, const char *id)
{
	if (id) {
		fprintf(d->md, "\n<a id=\"%s\"></a>\n", id);
		fprintf(d->html, "<h%d id=\"%s\">", level, id);
	} else
		fprintf(d->html, "<h%d>", level);
	fprintf(d->md, "\n%.*s ", level, "######");
	rb_md_text(d->md, text);
	fputs("\n\n", d->md);
	rb_xml_text(d->html, text);
	fprintf(d->html, "</h%d>\n", level);
}

void doc_heading(struct rb_doc *d, int level, const char *text)
{
	doc_heading_id(d, level, text, NULL);
}

void doc_para(struct rb_doc *d, const char *text)
{
	rb_md_text(d->md, text);
	fputs("\n\n", d->md);
	fputs("<p>", d->html);
	rb_xml_text(d->html, text);
	fputs("</p>\n", d->html);
}

void doc_table_start(struct rb_doc *d, const char *const *cols, int n)
{
	fputs("|", d->md);
	fputs("<div class=\"tbl\"><table><thead><tr>", d->html);
	for (int i = 0; i < n; i++) {
		fputc(' ', d->md);
		rb_md_text(d->md, cols[i]);
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
		rb_md_text(d->md, cells[i]);
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
	fputs("</tbody></table></div>\n", d->html);
}

static const char css[] =
	"body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
	"table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;"
	"text-align:left}th{background:#f0f0f0}.tbl{overflow-x:auto}figure{margin:1.5em 0}"
	"figure svg{display:block;width:100%;max-width:100%;height:auto}"
	"figcaption{color:#555;font-size:13px}#selfcheck{color:#777;font-size:12px}"
	"ul.findings li{margin:.4em 0}"
	"#tip{position:fixed;display:none;pointer-events:none;background:#fffff0;border:1px solid #888;padding:2px 6px;"
	"font-size:12px;white-space:pre;z-index:9}";

/* The value under the pointer: every marker of a chart carries a data-tip
 * (plots/render.c puts gnuplot's hypertext there); one box follows the pointer.
 * The self-check below records, once the page has loaded, how many charts
 * rendered, whether any sticks out of the page (clipped), whether the pointer
 * box shows a marker's value, and how many resources were fetched. */
static const char script[] =
	"<div id=\"tip\"></div><script>(function(){var tip=document.getElementById('tip');"
	"function show(e){var t=e.target.closest?e.target.closest('[data-tip]'):null;"
	"if(!t){tip.style.display='none';return;}tip.textContent=t.getAttribute('data-tip');"
	"tip.style.left=(e.clientX+14)+'px';tip.style.top=(e.clientY+14)+'px';tip.style.display='block';}"
	"var s=document.querySelectorAll('figure svg');for(var i=0;i<s.length;i++){"
	"var ts=s[i].querySelectorAll('[data-tip]>title');for(var k=0;k<ts.length;k++)ts[k].parentNode.removeChild(ts[k]);"
	"s[i].addEventListener('mousemove',show);s[i].addEventListener('mouseleave',function(){tip.style.display='none';});}"
	"})();</script>"
	"<script>(function(){var errors=0;window.addEventListener('error',function(){errors++;},true);"
	"window.addEventListener('load',function(){var s=document.querySelectorAll('figure svg'),ok=0,clipped=[];"
	"var w=document.documentElement.clientWidth;"
	"for(var i=0;i<s.length;i++){var b=s[i].getBoundingClientRect();if(b.width>0&&b.height>0)ok++;"
	"if(b.left<-1||b.right>w+1)clipped.push(s[i].parentNode.id);}"
	"if(document.documentElement.scrollWidth>w+1)clipped.push('page');"
	"var hover='none',m=document.querySelector('figure svg [data-tip]');"
	"if(m){var r=m.getBoundingClientRect(),t=document.getElementById('tip');"
	"m.dispatchEvent(new MouseEvent('mousemove',{bubbles:true,clientX:r.left+r.width/2,clientY:r.top+r.height/2}));"
	"hover=(t.style.display=='block'&&t.textContent==m.getAttribute('data-tip'))?'ok':'broken';t.style.display='none';}"
	"var res=performance.getEntriesByType('resource').length,e=document.getElementById('selfcheck');"
	"e.setAttribute('data-charts',ok+'/'+s.length);e.setAttribute('data-resources',res);"
	"e.setAttribute('data-errors',errors);e.setAttribute('data-clipped',clipped.length?clipped.join(' '):'none');"
	"e.setAttribute('data-hover',hover);e.setAttribute('data-width',w);"
	"e.textContent=ok+' of '+s.length+' charts rendered; clipped: '+(clipped.length?clipped.join(' '):'none')+"
	"'; value under the pointer: '+hover+'; '+res+' external resources; '+errors+' load errors';});})();"
	"</script>";

void doc_begin(struct rb_doc *d, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>", d->html);
	rb_xml_text(d->html, title);
	fprintf(d->html, "</title><style>%s</style></head><body>\n", css);
	doc_heading(d, 1, title);
}

void doc_end(struct rb_doc *d)
{
	fprintf(d->html, "<p id=\"selfcheck\">charts not checked (JavaScript off)</p>\n%s\n</body></html>\n", script);
}

void doc_figure(struct rb_doc *d, const char *id, const char *alt, const char *png_rel, const char *svg_path,
		const char *caption)
{
	fputs("![", d->md);
	rb_md_text(d->md, alt);
	fprintf(d->md, "](%s)\n\n", png_rel);
	rb_md_text(d->md, caption);
	fputs("\n\n", d->md);
	if (id)
		fprintf(d->html, "<figure id=\"%s\">", id);
	else
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
