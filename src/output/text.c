/*
 * Output "text": the document's text (ak_results.blocks) as plain
 * Markdown, tekst.md: headings with their numbers, paragraphs, and a line
 * "[Tabel 2.2: title]" where a table stands.  The same blocks the PDF
 * prints; for proofreading, diffing one year against the next and the
 * golden-text test.  Blocks of the internal edition only with the option
 * edition=internal (as the PDF).
 */
#include "outputs.h"

#include <stdio.h>
#include <string.h>

static ak_status write_text(const void *ud, FILE *f)
{
    const ak_report *r = ud;
    const ak_results *res = r->res;
    const char *ed = ak_report_opt(r, "internal");
    int internal = ed != NULL;
    if (res->report_title)
        fprintf(f, "# %s\n\n", res->report_title);
    for (size_t i = 0; i < res->ncolophon; i++)
        fprintf(f, "%s: %s\n%s", res->colophon[i].label,
                res->colophon[i].value,
                i + 1 == res->ncolophon ? "\n" : "");
    for (size_t i = 0; i < res->nblocks; i++) {
        const ak_docblock *b = &res->blocks[i];
        if (b->internal && !internal)
            continue;
        switch (b->kind) {
        case AK_BLOCK_HEADING: {
            int lv = b->level + 1;
            for (int k = 0; k < lv && k < 6; k++)
                fputc('#', f);
            fprintf(f, " %s%s%s\n\n", b->number ? b->number : "",
                    b->number ? " " : "", b->text);
            break;
        }
        case AK_BLOCK_PARAGRAPH:
            fprintf(f, "%s\n\n", b->text);
            break;
        case AK_BLOCK_TABLE: {
            const ak_rtable *t = &res->tables[b->table];
            fprintf(f, "[%s: %s]\n\n", t->caption ? t->caption : t->id,
                    t->title ? t->title : "");
            break;
        }
        }
    }
    return ferror(f) ? AK_ERR_IO : AK_OK;
}

static ak_status text_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->res)
        return AK_OK;
    return ak_output_write_file(o, "tekst.md", write_text, r, d);
}

const ak_output ak_output_text = {
    "text", "rapportens tekst som Markdown (tekst.md)", 0,
    text_write, NULL, NULL, NULL,
};
