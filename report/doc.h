/* doc.h - a tiny document model: a markdown file (CI job summaries) and a
 * self-contained HTML page (SVG charts inlined, nothing fetched) written from
 * the same calls. Used by the report and by the history trend page. */
#ifndef REGIONBENCH_REPORT_DOC_H
#define REGIONBENCH_REPORT_DOC_H

#include <stdio.h>

struct rb_doc {
	FILE *md, *html;
};

/* The HTML head (title, style) and a level-1 heading. */
void doc_begin(struct rb_doc *d, const char *title);
/* The value-under-the-pointer box, the page's self-check line (charts rendered,
 * clipped, hover, external resources) and the end. */
void doc_end(struct rb_doc *d);
void doc_heading(struct rb_doc *d, int level, const char *text);
/* A heading with an anchor id (or NULL) in both formats. */
void doc_heading_id(struct rb_doc *d, int level, const char *text, const char *id);
void doc_para(struct rb_doc *d, const char *text);
void doc_table_start(struct rb_doc *d, const char *const *cols, int n);
void doc_table_row(struct rb_doc *d, const char *const *cells, int n);
void doc_table_end(struct rb_doc *d);
/* A chart: markdown links the PNG (png_rel, relative to the page), HTML inlines
 * the SVG file at svg_path in a <figure> with anchor id (or NULL); the caption
 * follows both. */
void doc_figure(struct rb_doc *d, const char *id, const char *alt, const char *png_rel, const char *svg_path,
		const char *caption);

#endif
