/*
 * The report as one self-contained HTML file, rapport-<year>.html: the
 * accessible version of the PDF (WCAG 2.1 AA), for a web page.  The same
 * content as the PDF, from the same results: front page facts, contents,
 * every table and figure under its chapter and section headings, the
 * validation appendix.
 *
 * Markup: lang="da"; one h1 (the report), h2 for chapters, the contents
 * and the appendix, h3 for sections under a chapter; a contents list of
 * links to every heading, table and figure; every table a <table> with a
 * <caption>, row headers <th scope="row">, column headers <th scope="col">
 * (or "colgroup" over several columns) and, where the header has more than
 * one row, ids on the header cells and headers="..." on every data cell
 * (WCAG techniques H63 and H43); notes and source tied to their table with
 * aria-describedby.  A figure is inline SVG (role="img" with a title and a
 * description) followed by its numbers as a table.  CSS is inline, with a
 * print stylesheet.  No script, no external resource.
 *
 * Text from data is escaped (& < > " ') and made valid UTF-8 without
 * control characters; numbers and dates come from the shared Danish
 * formatters (ak_fmt_*), so no locale is involved, and nothing depends on
 * the clock but meta->made: the same results give the same bytes.
 */
#include "outputs.h"
#include "ak_render.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ak_compare.h"
#include "ak_mem.h"


/* ---- writing and escaping ---------------------------------------------- */

typedef struct html {
    FILE *f;
    const ak_report *rep;
    char **anchor;      /* per table: its id in the document */
    int hlevel;         /* text: the h level of the last numbered heading */
    const ak_prev *prev;    /* last year's tables.csv (--compare), or NULL */
    int oom;                /* an allocation failed */
    const ak_prev *prev_cmp;  /* what the comparison appendix shows (with
                                 --panel over the units of both years;
                                 figure 2.1 is over all, prev); NULL with
                                 prev */
} html;

static void put(html *h, const char *s)
{
    fputs(s, h->f);
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when s does
 * not start one. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Text as HTML text or attribute value: markup characters escaped, control
 * characters as spaces, bytes that are not UTF-8 as U+FFFD. */
static void esc(html *h, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = utf8_len(p);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", h->f);
            p++;
            continue;
        }
        if (n > 1) {
            fwrite(p, 1, n, h->f);
            p += n;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", h->f); break;
        case '<': fputs("&lt;", h->f); break;
        case '>': fputs("&gt;", h->f); break;
        case '"': fputs("&quot;", h->f); break;
        case '\'': fputs("&#39;", h->f); break;
        case 0x7F: fputc(' ', h->f); break;
        default:
            fputc(*p < 0x20 && *p != '\n' ? ' ' : *p, h->f);
        }
        p++;
    }
}

/* An element with escaped text: <tag attrs>text</tag>. */
static void elem(html *h, const char *tag, const char *attrs,
                 const char *text)
{
    fprintf(h->f, "<%s%s%s>", tag, attrs && *attrs ? " " : "",
            attrs ? attrs : "");
    esc(h, text);
    fprintf(h->f, "</%s>", tag);
}

/* "2009-08-15" (UTC) for <time datetime>. */
static void iso_day(char *buf, size_t n, long long made)
{
    time_t tt = (time_t)made;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL)
        snprintf(buf, n, "1970-01-01");
    else
        snprintf(buf, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday);
}

/* ---- the style sheet ---------------------------------------------------- */

/* Colours as the PDF's (ink, accent, muted, hairline, note box, series);
 * every text colour has a contrast of at least 4.5:1 on white. */
static const char css[] =
    ":root{--ink:#1a1a1f;--accent:#12406e;--muted:#55555c;--hair:#9e9ea6;"
    "--grid:#d9d9de;--note-bg:#fff5db;--note-line:#cc8c1a}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:\"DejaVu Sans\",Verdana,Arial,sans-serif;"
    "color:var(--ink);background:#fff;line-height:1.45}\n"
    "body{margin:0 auto;max-width:60rem;padding:0 1.25rem 3rem}\n"
    ".skip{position:absolute;left:-999rem;top:0}\n"
    ".skip:focus{left:1rem;background:#fff;padding:.5rem;"
    "outline:3px solid var(--accent)}\n"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}\n"
    "header.forside{border-top:.9rem solid var(--accent);padding-top:2rem;"
    "margin-bottom:2rem}\n"
    "h1{color:var(--accent);font-size:2rem;line-height:1.25;margin:0 0 .5rem}\n"
    "h2{color:var(--accent);font-size:1.4rem;margin:2.5rem 0 .75rem}\n"
    "h3{color:var(--accent);font-size:1.1rem;margin:1.75rem 0 .5rem}\n"
    ".aar{font-size:1.5rem;color:var(--muted);margin:0 0 1.5rem}\n"
    ".datanote{background:var(--note-bg);border:2px solid var(--note-line);"
    "padding:1rem;font-weight:bold;margin:1.5rem 0}\n"
    "dl.fakta{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.25rem 1rem;border-top:1px solid var(--hair);padding-top:.75rem;"
    "font-size:.9rem}\n"
    "dl.fakta dt{font-weight:bold;color:var(--muted)}\n"
    "dl.fakta dd{margin:0;overflow-wrap:anywhere}\n"
    "nav ul{list-style:none;padding-left:0;margin:0}\n"
    "nav ul ul{padding-left:1.25rem}\n"
    "nav li{margin:.2rem 0}\n"
    "nav .nr{font-weight:bold;display:inline-block;min-width:6.5rem}\n"
    "a{color:var(--accent)}\n"
    "a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
    ".blok{margin:1.5rem 0 2rem}\n"
    ".rul{overflow-x:auto}\n"
    ".rul:focus-visible{outline:3px solid var(--accent)}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9rem;"
    "font-variant-numeric:tabular-nums}\n"
    "caption{text-align:left;font-weight:bold;padding:0 0 .5rem;"
    "font-size:1rem}\n"
    "caption .nr{margin-right:.6rem}\n"
    "thead{border-top:2px solid var(--ink);"
    "border-bottom:1px solid var(--ink)}\n"
    "thead th{font-weight:normal;vertical-align:bottom;padding:.3rem .4rem;"
    "text-align:right}\n"
    "thead th.gruppe,thead th.spaend{text-align:center;"
    "border-bottom:1px solid var(--ink)}\n"
    "tbody{border-bottom:2px solid var(--ink)}\n"
    "tbody th{text-align:left;font-weight:normal;padding:.25rem .4rem "
    ".25rem 0}\n"
    "td{text-align:right;padding:.25rem .4rem;white-space:nowrap;"
    "vertical-align:bottom}\n"
    "tr.sum th,tr.sum td,tr.total th,tr.total td{font-weight:bold}\n"
    "tr.sum{border-top:1px solid var(--hair)}\n"
    "tr.total{border-top:1.5px solid var(--ink)}\n"
    "table.tekst td{text-align:left;white-space:normal;vertical-align:top}\n"
    "table.tekst tbody th[scope=rowgroup]{color:var(--accent);"
    "font-weight:bold;padding-top:.6rem}\n"
    ".noter{font-size:.8rem;margin:.5rem 0 0}\n"
    ".noter p{margin:.15rem 0}\n"
    ".noter .kilde{color:var(--muted)}\n"
    "figure{margin:0}\n"
    "figcaption{font-weight:bold;margin-bottom:.5rem}\n"
    "svg{width:100%;max-width:46rem;height:auto;display:block}\n"
    "@media print{\n"
    "@page{size:A4;margin:22mm 22mm 25mm}\n"
    "html{font-size:9.5pt}\n"
    "body{max-width:none;padding:0}\n"
    ".skip{display:none}\n"
    "header.forside{break-after:page}\n"
    "nav{break-after:page}\n"
    "a{color:inherit;text-decoration:none}\n"
    "h2,h3,caption,figcaption{break-after:avoid}\n"
    ".blok{break-inside:avoid}\n"
    ".rul{overflow:visible}\n"
    "thead{display:table-header-group}\n"
    "tr{break-inside:avoid}\n"
    "#bilag{break-before:page}\n"
    "}\n";

/* ---- headers and ids ------------------------------------------------------ */

static const char *measure_label(const ak_rtable *t, size_t m)
{
    return t->measure_labels && m < t->nmeasures ? t->measure_labels[m]
                                                 : NULL;
}

/* The anchor of each table: its file stem ("tabel-2.2"), with "-<n>"
 * where an earlier table took the same stem.  NULL when out of memory. */
static char **anchors(const ak_results *r)
{
    char **a = ak_calloc(r->ntables ? r->ntables : 1, sizeof *a);
    if (!a)
        return NULL;
    for (size_t i = 0; i < r->ntables; i++) {
        char *s = ak_output_table_stem(&r->tables[i]);
        if (!s)
            goto oom;
        for (size_t k = 0; k < i; k++)
            if (strcmp(a[k], s) == 0) {
                char *u = ak_asprintf("%s-%zu", s, i + 1);
                ak_free(s);
                s = u;
                if (!s)
                    goto oom;
                break;
            }
        /* an id is one token: no white space */
        for (char *c = s; *c; c++)
            if ((unsigned char)*c <= ' ')
                *c = '-';
        a[i] = s;
    }
    return a;
oom:
    for (size_t i = 0; i < r->ntables; i++)
        ak_free(a[i]);
    ak_free(a);
    return NULL;
}

/* ---- tables ----------------------------------------------------------------- */

/* "<span class=nr>Tabel 2.2</span> Title" for a caption or a link. */
static void caption_text(html *h, const ak_rtable *t)
{
    if (t->caption && *t->caption) {
        put(h, "<span class=\"nr\">");
        esc(h, t->caption);
        put(h, "</span> ");
    }
    esc(h, t->title);
}

/* The notes and source of table ti, tied to it by id "<anchor>-noter". */
static void notes(html *h, const ak_rtable *t, size_t ti)
{
    int any = t->source != NULL;
    for (size_t i = 0; i < t->nnotes; i++)
        any |= t->notes[i] != NULL;
    if (!any)
        return;
    fprintf(h->f, "<div class=\"noter\" id=\"");
    esc(h, h->anchor[ti]);
    put(h, "-noter\">\n");
    for (size_t i = 0; i < t->nnotes; i++)
        if (t->notes[i]) {
            elem(h, "p", NULL, t->notes[i]);
            put(h, "\n");
        }
    if (t->source) {
        elem(h, "p", "class=\"kilde\"", t->source);
        put(h, "\n");
    }
    put(h, "</div>\n");
}

static int has_notes(const ak_rtable *t)
{
    int any = t->source != NULL;
    for (size_t i = 0; i < t->nnotes; i++)
        any |= t->notes[i] != NULL;
    return any;
}

/*
 * Table t (index ti) as a <table>: the header rows as the PDF has them
 * (column groups, column labels, measure labels, each where any column
 * has one), a row header per row, a cell per column and measure.  With
 * more than one header row every header cell has an id and every data
 * cell lists its headers.  caption_prefix: words before the caption (the
 * numbers of a figure), or NULL.
 */
static void table(html *h, const ak_rtable *t, size_t ti,
                  const char *caption_prefix, const ak_prev *last)
{
    /* the ids' base: "h3-..." for this year's, "h3f-..." for last year's
     * numbers (with 'last', --compare) */
    char idb[32];
    snprintf(idb, sizeof idb, "%zu%s", ti, last ? "f" : "");
    const char *sfx = last ? "-f" : "";
    size_t nm = t->nmeasures, nc = t->ncols;
    int has_group = 0, has_label = 0, has_meas = 0;
    for (size_t c = 0; c < nc; c++) {
        has_group |= t->cols[c].group != NULL;
        has_label |= t->cols[c].label != NULL;
    }
    for (size_t m = 0; m < nm; m++)
        has_meas |= measure_label(t, m) != NULL;
    int nhead = has_group + has_label + has_meas;
    /* ids and headers= wherever a header cell is not simply above its
     * column (H43); the ids are "h<table index>-..." */
    int ids = nhead > 1 || has_group || (has_label && nm > 1);
    const char *a = h->anchor[ti];

    put(h, "<div class=\"rul\" role=\"region\" tabindex=\"0\" "
           "aria-labelledby=\"");
    esc(h, a);
    put(h, "-titel");
    put(h, sfx);
    put(h, "\">\n<table");
    if (has_notes(t)) {
        put(h, " aria-describedby=\"");
        esc(h, a);
        put(h, "-noter\"");
    }
    put(h, ">\n<caption id=\"");
    esc(h, a);
    put(h, "-titel");
    put(h, sfx);
    put(h, "\">");
    if (caption_prefix) {
        esc(h, caption_prefix);
        put(h, " ");
        esc(h, t->caption);
        put(h, ": ");
        esc(h, t->title);
    } else {
        caption_text(h, t);
    }
    put(h, "</caption>\n");

    if (nhead) {
        put(h, "<thead>\n");
        int first = 1;
        if (has_group) {
            put(h, "<tr>");
            fprintf(h->f, "<td rowspan=\"%d\"></td>", nhead);
            first = 0;
            for (size_t c = 0; c < nc;) {
                size_t e = c + ak_rtable_group_span(t, c);
                size_t span = (e - c) * nm;
                if (t->cols[c].group) {
                    fprintf(h->f, "<th class=\"gruppe\" colspan=\"%zu\" "
                                  "scope=\"colgroup\" id=\"h%s-g%zu\">",
                            span, idb, c);
                    esc(h, t->cols[c].group);
                    put(h, "</th>");
                } else {
                    fprintf(h->f, "<td colspan=\"%zu\"></td>", span);
                }
                c = e;
            }
            put(h, "</tr>\n");
        }
        if (has_label) {
            put(h, "<tr>");
            if (first)
                fprintf(h->f, "<td rowspan=\"%d\"></td>", nhead);
            first = 0;
            for (size_t c = 0; c < nc; c++) {
                if (!t->cols[c].label) {
                    fprintf(h->f, "<td colspan=\"%zu\"></td>", nm);
                    continue;
                }
                if (nm > 1)
                    fprintf(h->f, "<th class=\"spaend\" colspan=\"%zu\" "
                                  "scope=\"colgroup\"", nm);
                else
                    put(h, "<th scope=\"col\"");
                if (ids)
                    fprintf(h->f, " id=\"h%s-c%zu\"", idb, c);
                put(h, ">");
                esc(h, t->cols[c].label);
                put(h, "</th>");
            }
            put(h, "</tr>\n");
        }
        if (has_meas) {
            put(h, "<tr>");
            if (first)
                fprintf(h->f, "<td rowspan=\"%d\"></td>", nhead);
            for (size_t c = 0; c < nc; c++)
                for (size_t m = 0; m < nm; m++) {
                    if (!measure_label(t, m)) {
                        put(h, "<td></td>");
                        continue;
                    }
                    put(h, "<th scope=\"col\"");
                    if (ids)
                        fprintf(h->f, " id=\"h%s-m%zu-%zu\"", idb, c, m);
                    put(h, ">");
                    esc(h, measure_label(t, m));
                    put(h, "</th>");
                }
            put(h, "</tr>\n");
        }
        put(h, "</thead>\n");
    }

    put(h, "<tbody>\n");
    for (size_t r = 0; r < t->nrows; r++) {
        const ak_rrow *row = &t->rows[r];
        put(h, row->kind == AK_ROW_TOTAL      ? "<tr class=\"total\">"
               : row->kind == AK_ROW_SUBTOTAL ? "<tr class=\"sum\">"
                                              : "<tr>");
        put(h, "<th scope=\"row\"");
        if (ids)
            fprintf(h->f, " id=\"h%s-r%zu\"", idb, r);
        put(h, ">");
        esc(h, row->label);
        put(h, "</th>");
        for (size_t c = 0; c < nc; c++) {
            /* the group of column c: the first column of its run */
            size_t g = c;
            while (g > 0 && ak_rtable_group_span(t, g) == 0)
                g--;
            for (size_t m = 0; m < nm; m++) {
                char buf[48];   /* this year's, or last year's number */
                int64_t v;
                ak_compare_bar(last, t, r, c, m, ak_rtable_places(t, r, c, m),
                               last != NULL, &v, buf, sizeof buf);
                put(h, "<td");
                if (ids) {
                    fprintf(h->f, " headers=\"h%s-r%zu", idb, r);
                    if (has_group && t->cols[c].group)
                        fprintf(h->f, " h%s-g%zu", idb, g);
                    if (has_label && t->cols[c].label)
                        fprintf(h->f, " h%s-c%zu", idb, c);
                    if (has_meas && measure_label(t, m))
                        fprintf(h->f, " h%s-m%zu-%zu", idb, c, m);
                    put(h, "\"");
                }
                put(h, ">");
                esc(h, buf);
                put(h, "</td>");
            }
        }
        put(h, "</tr>\n");
    }
    put(h, "</tbody>\n</table>\n</div>\n");
}

/* ---- figures ---------------------------------------------------------------- */

/* SVG geometry, in user units (the PDF's points). */
#define SVG_W 560.0
#define PLOT_H 190.0
#define FS_AXIS 8.5
#define FS_LABEL 9.0
#define FS_SMALL 7.5

static const char *const series[] = {
    "#12406e", "#8cb5db", "#cc7326", "#73994d", "#8c8c94", "#994d73",
};
#define NSERIES (sizeof series / sizeof series[0])
/* last year's bars (--compare): each series 60 % towards white, as the
 * PDF's; outlined in ink like the others */
static const char *const series_last[NSERIES] = {
    "#a0b3c5", "#d1e1f1", "#ebc7a8", "#c7d6b8", "#d1d1d4", "#d6b8c7",
};

/* An estimate of text's width at font size fs: DejaVu Sans averages about
 * 0.6 em a character (the SVG only places text; the browser sets it). */
static double text_est(const char *s, double fs)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return (double)n * fs * 0.6;
}

/* Text in lines of at most width (estimated), broken at spaces, as
 * <text> with one <tspan> a line, from y (the first baseline); returns the
 * number of lines. */
static int svg_lines(html *h, const char *s, double x, double y, double width,
                     double fs, const char *anchor, const char *fill)
{
    size_t maxc = (size_t)(width / (fs * 0.6));
    if (maxc < 4)
        maxc = 4;
    fprintf(h->f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" "
                  "text-anchor=\"%s\" fill=\"%s\">", x, y, fs, anchor, fill);
    int lines = 0;
    const char *p = s ? s : "";
    while (*p) {
        /* take whole words while they fit (always at least one) */
        const char *end = p, *cut = NULL;
        size_t chars = 0;
        while (*end) {
            if (*end == ' ' && chars > 0) {
                if (chars > maxc && cut)
                    break;
                cut = end;
            }
            if (((unsigned char)*end & 0xC0) != 0x80)
                chars++;
            end++;
        }
        if (!*end && chars <= maxc)
            cut = end;
        if (!cut)
            cut = end;
        char *line = ak_malloc((size_t)(cut - p) + 1);
        if (!line)
            break;
        memcpy(line, p, (size_t)(cut - p));
        line[cut - p] = '\0';
        fprintf(h->f, "<tspan x=\"%.1f\" dy=\"%s\">", x,
                lines ? "1.2em" : "0");
        esc(h, line);
        put(h, "</tspan>");
        ak_free(line);
        lines++;
        p = cut;
        while (*p == ' ')
            p++;
    }
    put(h, "</text>");
    return lines;
}

/*
 * The figure as the PDF draws it: grouped bars, one group per column and
 * one bar per row (series), the value measure as the bar and its value
 * above it, the count beneath ("n = 13"), the axis with its title, the
 * group labels and a legend; bars and swatches outlined in ink, so that
 * the light series keeps a 3:1 contrast with the page (WCAG 1.4.11).  The
 * SVG is one image to assistive
 * technology (role="img"), named by the figure's caption and described as
 * a bar chart whose numbers follow in a table.
 */
static void figure_svg(html *h, const ak_rtable *t, size_t ti)
{
    size_t G = t->ncols, S = t->nrows;
    size_t vm, cm;
    ak_output_figure_measures(t, &vm, &cm);
    int vplaces = ak_output_figure_places(t, vm);
    int64_t step, top;
    ak_output_figure_axis(t, vm, vplaces,
                          ak_prev_max(h->prev, t, vm, vplaces), &step, &top);
    /* with --compare: last year's bar (lighter) before this year's for
     * each series, the year under each bar, both years in the legend */
    size_t Y = h->prev ? 2 : 1, NB = S * Y;
    int years[2] = {h->prev ? ak_prev_year(h->prev) : 0,
                    h->rep->res->year};

    double tick_w = 0;
    for (int64_t v = 0; v <= top; v += step) {
        char buf[48];
        ak_fmt_axis(buf, sizeof buf, vplaces, v, step);
        double w = text_est(buf, FS_AXIS);
        tick_w = w > tick_w ? w : tick_w;
    }
    /* the axis title turned, wrapped at the plot's height */
    int alines = t->axis_title
                     ? (int)(text_est(t->axis_title, FS_AXIS) / PLOT_H) + 1
                     : 0;
    double title_w = alines ? FS_AXIS * 1.2 * alines + 6 : 0;
    double px = title_w + tick_w + 6, pw = SVG_W - px;
    double py = 14, base = py + PLOT_H;
    double slot_w = G ? pw / (double)G : pw;
    double gap = 3;
    double bar_w = NB ? (slot_w * 0.7 - gap * (double)(NB - 1)) / (double)NB
                      : 0;
    bar_w = bar_w > 64 ? 64 : bar_w < 2 ? 2 : bar_w;
    /* Heights below the plot: counts, group labels (up to 3 lines), the
     * legend (one line a series, two when long). */
    double y_n = base + 3 + FS_SMALL;
    double y_groups = base + (cm != (size_t)-1 ? 3 + FS_SMALL * 1.3 : 0) +
                      (Y == 2 ? 3 + FS_SMALL * 1.3 : 0) + 4 + FS_LABEL;
    int glines = 1;
    for (size_t c = 0; c < G; c++) {
        const char *lab = t->cols[c].label ? t->cols[c].label
                                           : t->cols[c].group;
        if (!lab)
            continue;
        int n = (int)(text_est(lab, FS_LABEL) / (slot_w - 8)) + 1;
        glines = n > glines ? n : glines;
    }
    double y_legend = y_groups + FS_LABEL * 1.2 * (glines - 1) + 18;
    double legend_h = 0;
    for (size_t k = 0; k < NB; k++) {
        /* ", 2008" makes a label at most 6 characters longer */
        int n = (int)((text_est(t->rows[k / Y].label, FS_AXIS) +
                       (Y == 2 ? 6 * FS_AXIS * 0.6 : 0)) /
                      (pw - 16)) + 1;
        legend_h += FS_AXIS * 1.2 * n + 5;
    }
    double H = y_legend + legend_h + 4;

    fprintf(h->f, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "viewBox=\"0 0 %.0f %.0f\" "
                  "role=\"img\" aria-labelledby=\"h%zu-svgtitel "
                  "h%zu-svgbesk\" font-family=\"DejaVu Sans, Verdana, Arial, "
                  "sans-serif\">\n",
            SVG_W, H, ti, ti);
    fprintf(h->f, "<title id=\"h%zu-svgtitel\">", ti);
    esc(h, t->caption);
    put(h, " ");
    esc(h, t->title);
    fprintf(h->f, "</title>\n<desc id=\"h%zu-svgbesk\">", ti);
    if (Y == 2) {
        char *desc = ak_asprintf(ak_output_words[AK_W_FIG_DESC_CMP],
                                 years[0], years[1]);
        esc(h, desc ? desc : ak_output_words[AK_W_FIG_DESC]);
        h->oom |= desc == NULL;
        ak_free(desc);
    } else {
        esc(h, ak_output_words[AK_W_FIG_DESC]);
    }
    put(h, "</desc>\n");

    /* axis title, ticks and grid */
    if (t->axis_title) {
        fprintf(h->f, "<g transform=\"translate(%.1f %.1f) rotate(-90)\">",
                FS_AXIS, py + PLOT_H / 2);
        svg_lines(h, t->axis_title, 0, 0, PLOT_H, FS_AXIS, "middle",
                  "#1a1a1f");
        put(h, "</g>\n");
    }
    for (int64_t v = 0; v <= top; v += step) {
        double gy = base - PLOT_H * (double)v / (double)top;
        char buf[48];
        ak_fmt_axis(buf, sizeof buf, vplaces, v, step);
        fprintf(h->f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" "
                      "text-anchor=\"end\" fill=\"#55555c\">",
                px - 6, gy + FS_AXIS * 0.35, FS_AXIS);
        esc(h, buf);
        put(h, "</text>");
        if (v > 0)
            fprintf(h->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                          "y2=\"%.1f\" stroke=\"#d9d9de\" "
                          "stroke-width=\"0.4\"/>",
                    px, gy, px + pw, gy);
        put(h, "\n");
    }

    /* bars, values, counts */
    for (size_t c = 0; c < G; c++) {
        double gx = px + slot_w * (double)c;
        double bx = gx + (slot_w - (bar_w * (double)NB +
                                    gap * (double)(NB ? NB - 1 : 0))) / 2;
        for (size_t k = 0; k < NB; k++) {
            size_t r = k / Y;
            int last = Y == 2 && k % Y == 0;
            double x = bx + (bar_w + gap) * (double)k;
            char buf[48];
            int64_t v;
            int has = ak_compare_bar(h->prev, t, r, c, vm, vplaces, last,
                                     &v, buf, sizeof buf);
            double bh = 0;
            if (has && v > 0)
                bh = PLOT_H * (double)v / (double)top;
            if (has)
                fprintf(h->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                              "height=\"%.1f\" fill=\"%s\" "
                              "stroke=\"#1a1a1f\" stroke-width=\"0.6\"/>",
                        x, base - bh, bar_w, bh,
                        last ? series_last[r % NSERIES]
                             : series[r % NSERIES]);
            fprintf(h->f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" "
                          "font-weight=\"bold\" text-anchor=\"middle\" "
                          "fill=\"#1a1a1f\">",
                    x + bar_w / 2, base - bh - 3, FS_AXIS);
            esc(h, buf);
            put(h, "</text>");
            double yn = y_n;
            if (cm != (size_t)-1) {
                char num[48];
                int64_t n;
                ak_compare_bar(h->prev, t, r, c, cm, 0, last, &n, num,
                               sizeof num);
                fprintf(h->f, "<text x=\"%.1f\" y=\"%.1f\" "
                              "font-size=\"%.1f\" text-anchor=\"middle\" "
                              "fill=\"#55555c\">",
                        x + bar_w / 2, y_n, FS_SMALL);
                esc(h, ak_output_words[AK_W_N]);
                esc(h, num);
                put(h, "</text>");
                yn += FS_SMALL * 1.3;
            }
            if (Y == 2)
                fprintf(h->f, "<text x=\"%.1f\" y=\"%.1f\" "
                              "font-size=\"%.1f\" text-anchor=\"middle\" "
                              "fill=\"#55555c\">%d</text>",
                        x + bar_w / 2, yn, FS_SMALL, years[k % Y]);
            put(h, "\n");
        }
    }
    fprintf(h->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                  "stroke=\"#1a1a1f\" stroke-width=\"0.8\"/>\n",
            px, base, px + pw, base);

    /* group labels */
    for (size_t c = 0; c < G; c++) {
        const char *lab = t->cols[c].label ? t->cols[c].label
                                           : t->cols[c].group;
        if (!lab)
            continue;
        svg_lines(h, lab, px + slot_w * ((double)c + 0.5), y_groups,
                  slot_w - 8, FS_LABEL, "middle", "#1a1a1f");
        put(h, "\n");
    }

    /* legend */
    double y = y_legend;
    for (size_t k = 0; k < NB; k++) {
        size_t r = k / Y;
        int last = Y == 2 && k % Y == 0;
        fprintf(h->f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" "
                      "fill=\"%s\" stroke=\"#1a1a1f\" stroke-width=\"0.6\"/>",
                px, y, last ? series_last[r % NSERIES] : series[r % NSERIES]);
        char *lab = Y == 2 ? ak_asprintf(ak_output_words[AK_W_FIG_YEAR],
                                         t->rows[r].label, years[k % Y])
                           : NULL;
        h->oom |= Y == 2 && lab == NULL;
        int n = svg_lines(h, lab ? lab : t->rows[r].label, px + 15, y + 8,
                          pw - 16, FS_AXIS, "start", "#1a1a1f");
        ak_free(lab);
        put(h, "\n");
        y += FS_AXIS * 1.2 * n + 5;
    }
    put(h, "</svg>\n");
}

/* ---- the document ------------------------------------------------------------- */

static void front(html *h)
{
    const ak_report *rep = h->rep;
    const ak_results *r = rep->res;
    const ak_report_meta *mt = rep->meta;
    put(h, "<header class=\"forside\">\n");
    char year[32];
    snprintf(year, sizeof year, "%d", r->year);
    if (r->report_title) {
        elem(h, "h1", NULL, r->report_title);
        put(h, "\n");
        elem(h, "p", "class=\"aar\"", year);
    } else {
        elem(h, "h1", NULL, year);
    }
    put(h, "\n");
    if (mt && mt->datanote) {
        elem(h, "p", "class=\"datanote\"", mt->datanote);
        put(h, "\n");
    }
    if (r->ncolophon) {     /* the colophon the templates give */
        put(h, "<dl class=\"fakta\">\n");
        for (size_t i = 0; i < r->ncolophon; i++) {
            elem(h, "dt", NULL, r->colophon[i].label);
            elem(h, "dd", NULL, r->colophon[i].value);
            put(h, "\n");
        }
        put(h, "</dl>\n");
    }
    if (r->ncolophon && !(mt && mt->internal)) {
        put(h, "</header>\n");
        return;     /* the run's facts are for the internal edition */
    }
    char date[64], iso[48];
    ak_fmt_date(date, sizeof date, mt ? mt->made : 0);
    iso_day(iso, sizeof iso, mt ? mt->made : 0);
    put(h, "<dl class=\"fakta\" aria-label=\"");
    esc(h, ak_output_words[AK_W_FACTS]);
    put(h, "\">\n");
    const char *keys[3] = {ak_output_words[AK_W_INPUT], ak_output_words[AK_W_SHA], ak_output_words[AK_W_VERSION]};
    const char *vals[3] = {mt ? mt->input_name : NULL,
                           mt ? mt->input_sha256 : NULL,
                           mt ? mt->version : NULL};
    for (int i = 0; i < 3; i++) {
        elem(h, "dt", NULL, keys[i]);
        elem(h, "dd", NULL, vals[i] ? vals[i] : "-");
        put(h, "\n");
    }
    elem(h, "dt", NULL, ak_output_words[AK_W_MADE]);
    put(h, "<dd><time datetime=\"");
    esc(h, iso);
    put(h, "\">");
    esc(h, date);
    put(h, "</time></dd>\n</dl>\n</header>\n");
}

/* The heading levels of table i's chapter and section: chapters h2,
 * sections h3 under a chapter, h2 alone. */
static int sec_level(const ak_rtable *t)
{
    return t->chapter ? 3 : 2;
}

static void contents_text(html *h);

/* The contents: chapters and sections as nested lists, a link to every
 * table and figure, and the appendix. */
static void contents(html *h)
{
    const ak_results *r = h->rep->res;
    put(h, "<nav aria-labelledby=\"indhold\">\n<h2 id=\"indhold\">");
    esc(h, ak_output_words[AK_W_CONTENTS]);
    put(h, "</h2>\n<ul>\n");
    int chap_open = 0, sec_open = 0;
    if (r->has_text)
        contents_text(h);
    for (size_t i = 0; !r->has_text && i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        const char *chap, *sec;
        ak_output_headings(r, i, &chap, &sec);
        if (sec_open && (chap || sec || !t->section)) {
            put(h, "</ul></li>\n");
            sec_open = 0;
        }
        if (chap_open && (chap || !t->chapter)) {
            put(h, "</ul></li>\n");
            chap_open = 0;
        }
        if (chap) {
            fprintf(h->f, "<li><a href=\"#k%zu\">", i);
            esc(h, chap);
            put(h, "</a><ul>\n");
            chap_open = 1;
        }
        if (sec) {
            fprintf(h->f, "<li><a href=\"#s%zu\">", i);
            esc(h, sec);
            put(h, "</a><ul>\n");
            sec_open = 1;
        }
        put(h, "<li><a href=\"#");
        esc(h, h->anchor[i]);
        put(h, "\">");
        caption_text(h, t);
        put(h, "</a></li>\n");
    }
    if (sec_open)
        put(h, "</ul></li>\n");
    if (chap_open)
        put(h, "</ul></li>\n");
    if (h->rep->meta && h->rep->meta->internal) {
        put(h, "<li><a href=\"#bilag\">");
        esc(h, ak_output_words[AK_W_APPENDIX]);
        put(h, "</a></li>\n");
    }
    if (h->prev) {
        char *title = ak_asprintf(ak_output_words[AK_W_CMP_TITLE],
                                  ak_prev_year(h->prev));
        put(h, "<li><a href=\"#sammenligning\">");
        esc(h, title ? title : "");
        put(h, "</a></li>\n");
        h->oom |= title == NULL;
        ak_free(title);
    }
    put(h, "</ul>\n</nav>\n");
}

static void one_table(html *h, size_t i);

/* Nonzero when block b is in this edition (internal blocks only in the
 * internal one). */
static int block_shown(const html *h, const ak_docblock *b)
{
    return !b->internal || (h->rep->meta && h->rep->meta->internal);
}

/* The h level of heading block b: chapters h2, sections h3, subsections
 * h4; a run-in heading (level 4) one below the heading before it. */
static int block_h(html *h, const ak_docblock *b)
{
    int lv = b->level < 1 ? 1 : b->level;
    if (lv < 4) {
        h->hlevel = lv + 1;
        return lv + 1;
    }
    return h->hlevel < 6 ? h->hlevel + 1 : 6;
}

/* "2.1.4 Personkredsen" */
static void heading_text(html *h, const ak_docblock *b)
{
    if (b->number) {
        esc(h, b->number);
        put(h, " ");
    }
    esc(h, b->text ? b->text : "");
}

/* The document from the text templates' blocks (ak_results.blocks). */
static void body_text(html *h)
{
    const ak_results *r = h->rep->res;
    h->hlevel = 2;
    for (size_t i = 0; i < r->nblocks; i++) {
        const ak_docblock *b = &r->blocks[i];
        if (!block_shown(h, b))
            continue;
        if (b->kind == AK_BLOCK_HEADING) {
            int lv = block_h(h, b);
            fprintf(h->f, "<h%d id=\"b%zu\">", lv, i);
            heading_text(h, b);
            fprintf(h->f, "</h%d>\n", lv);
        } else if (b->kind == AK_BLOCK_PARAGRAPH) {
            elem(h, "p", NULL, b->text ? b->text : "");
            put(h, "\n");
        } else if (b->table < r->ntables) {
            one_table(h, b->table);
        }
    }
}

/* The contents from the blocks: headings of levels 1-3, nested lists
 * inside the contents' own list (which the caller opens and closes). */
static void contents_text(html *h)
{
    const ak_results *r = h->rep->res;
    int stack[8];       /* levels of the open <li>s, outermost first */
    int sp = 0;
    for (size_t i = 0; i < r->nblocks; i++) {
        const ak_docblock *b = &r->blocks[i];
        if (b->kind != AK_BLOCK_HEADING || b->level > 3 ||
            !block_shown(h, b))
            continue;
        int lv = b->level < 1 ? 1 : b->level;
        if (sp > 0 && lv > stack[sp - 1] && sp < 8) {
            put(h, "<ul>\n");             /* one step deeper */
        } else if (sp > 0) {
            put(h, "</li>\n");
            sp--;
            while (sp > 0 && stack[sp - 1] >= lv) {
                put(h, "</ul></li>\n");
                sp--;
            }
        }
        stack[sp++] = lv;
        fprintf(h->f, "<li><a href=\"#b%zu\">", i);
        heading_text(h, b);
        put(h, "</a>");
    }
    while (sp > 0) {
        put(h, "</li>\n");
        if (--sp > 0)
            put(h, "</ul>");
    }
}

static void body(html *h)
{
    const ak_results *r = h->rep->res;
    if (r->has_text) {
        body_text(h);
        return;
    }
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        const char *chap, *sec;
        ak_output_headings(r, i, &chap, &sec);
        if (chap) {
            fprintf(h->f, "<h2 id=\"k%zu\">", i);
            esc(h, chap);
            put(h, "</h2>\n");
        }
        if (sec) {
            fprintf(h->f, "<h%d id=\"s%zu\">", sec_level(t), i);
            esc(h, sec);
            fprintf(h->f, "</h%d>\n", sec_level(t));
        }
        one_table(h, i);
    }
}

/* Table or figure i in its block. */
static void one_table(html *h, size_t i)
{
    const ak_rtable *t = &h->rep->res->tables[i];
    {
        put(h, "<div class=\"blok\">\n");
        if (t->is_figure) {
            put(h, "<figure id=\"");
            esc(h, h->anchor[i]);
            put(h, "\"");
            if (has_notes(t)) {
                put(h, " aria-describedby=\"");
                esc(h, h->anchor[i]);
                put(h, "-noter\"");
            }
            put(h, ">\n<figcaption>");
            caption_text(h, t);
            put(h, "</figcaption>\n");
            figure_svg(h, t, i);
            notes(h, t, i);
            put(h, "</figure>\n");
            if (h->prev) {      /* this year's numbers, then last year's */
                char *pre = ak_asprintf(
                    ak_output_words[AK_W_FIG_NUMBERS_YEAR],
                    h->rep->res->year);
                char *pre_last = ak_asprintf(
                    ak_output_words[AK_W_FIG_NUMBERS_YEAR],
                    ak_prev_year(h->prev));
                if (pre && pre_last) {
                    table(h, t, i, pre, NULL);
                    table(h, t, i, pre_last, h->prev);
                } else {
                    h->oom = 1;
                }
                ak_free(pre);
                ak_free(pre_last);
            } else {
                table(h, t, i, ak_output_words[AK_W_FIG_NUMBERS], NULL);
            }
        } else {
            put(h, "<section id=\"");
            esc(h, h->anchor[i]);
            put(h, "\" aria-labelledby=\"");
            esc(h, h->anchor[i]);
            put(h, "-titel\">\n");
            table(h, t, i, NULL, NULL);
            notes(h, t, i);
            put(h, "</section>\n");
        }
        put(h, "</div>\n");
    }
}

static void num_cell(html *h, long v, const char *hdrs)
{
    char buf[32];
    ak_fmt_int(buf, sizeof buf, v);
    fprintf(h->f, "<td headers=\"%s\">", hdrs);
    esc(h, buf);
    put(h, "</td>");
}

/* The validation appendix: the per-rule summary and the problems of each
 * respondent, as the PDF's. */
static ak_status appendix(html *h)
{
    const ak_validator *v = h->rep->v;
    put(h, "<section id=\"bilag\" aria-labelledby=\"bilag-h\">\n"
           "<h2 id=\"bilag-h\">");
    esc(h, ak_output_words[AK_W_APPENDIX]);
    put(h, "</h2>\n");
    if (v) {
        const ak_rule_stat *st = NULL;
        size_t n = ak_validate_stats(v, &st);
        put(h, "<h3 id=\"regler\">");
        esc(h, ak_output_words[AK_W_RULES]);
        put(h, "</h3>\n<div class=\"blok\"><table>\n<caption class=\"sr\">");
        esc(h, ak_output_words[AK_W_RULES]);
        put(h, "</caption>\n<thead><tr>");
        /* The summary's words, as in validering.txt/.csv and the PDF. */
        const char *const *hdr = ak_validation_heads;
        for (int i = 0; i < 5; i++) {
            fprintf(h->f, "<th scope=\"col\" id=\"r-h%d\"%s>", i,
                    i == 0 ? " style=\"text-align:left\"" : "");
            esc(h, hdr[i]);
            put(h, "</th>");
        }
        put(h, "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            fprintf(h->f, "<tr><th scope=\"row\" id=\"r-r%zu\">", i);
            esc(h, st[i].label ? st[i].label : st[i].rule);
            put(h, "</th>");
            const long nums[4] = {st[i].checked, st[i].passed, st[i].failed,
                                  st[i].blank};
            for (int k = 0; k < 4; k++) {
                char hd[48];
                snprintf(hd, sizeof hd, "r-r%zu r-h%d", i, k + 1);
                num_cell(h, nums[k], hd);
            }
            put(h, "</tr>\n");
        }
        put(h, "</tbody>\n</table></div>\n");
        for (int i = 0; i < 2; i++) {
            elem(h, "p", NULL, ak_validation_legend[i]);
            put(h, "\n");
        }
    }

    /* in report order, at most AK_OUTPUT_PROBLEMS_SHOWN, the rest
     * counted */
    size_t all = ak_diags_count(h->rep->problems);
    size_t nu = all < AK_OUTPUT_PROBLEMS_SHOWN ? all : AK_OUTPUT_PROBLEMS_SHOWN;
    ak_diags_iter *it = ak_diags_iter_new(h->rep->problems, AK_DIAGS_REPORT);
    if (!it)
        return AK_ERR_NOMEM;
    ak_diag_group gr = {0};
    int oom = 0;
    put(h, "<h3 id=\"problemer\">");
    esc(h, ak_output_words[AK_W_PROBLEMS]);
    put(h, "</h3>\n");
    if (nu == 0) {
        elem(h, "p", NULL, ak_output_words[AK_W_NONE]);
        put(h, "\n");
    } else {
        put(h, "<div class=\"rul\" role=\"region\" tabindex=\"0\" "
               "aria-labelledby=\"problemer\"><table class=\"tekst\">\n"
               "<caption class=\"sr\">");
        esc(h, ak_output_words[AK_W_PROBLEMS]);
        put(h, "</caption>\n<thead><tr>");
        const char *hdr[4] = {ak_output_words[AK_W_QUESTION], ak_output_words[AK_W_VALUE],
                              ak_output_words[AK_W_MESSAGE], ak_output_words[AK_W_ACTION]};
        for (int i = 0; i < 4; i++) {
            fprintf(h->f, "<th scope=\"col\" id=\"p-h%d\" "
                          "style=\"text-align:left\">", i);
            esc(h, hdr[i]);
            put(h, "</th>");
        }
        put(h, "</tr></thead>\n");
        size_t group = 0;
        for (size_t i = 0; i < nu; i++) {
            const ak_diag *dg = ak_diags_next(it, NULL);
            int begins = dg ? ak_diag_group_begins(&gr, dg) : -1;
            if (begins < 0) {
                oom = 1;
                break;
            }
            if (begins) {
                group = i;
                fprintf(h->f, "%s<tbody><tr><th colspan=\"4\" "
                              "scope=\"rowgroup\" id=\"p-u%zu\">",
                        i ? "</tbody>\n" : "", group);
                esc(h, dg->unit ? dg->unit : ak_output_words[AK_W_WHOLE_FILE]);
                if (dg->unit && dg->unit_name) {
                    put(h, " ");
                    esc(h, dg->unit_name);
                }
                put(h, "</th></tr>\n");
            }
            const char *cells[4] = {dg->question, dg->value, dg->message,
                                    dg->action};
            put(h, "<tr>");
            for (int k = 0; k < 4; k++) {
                fprintf(h->f, "<td headers=\"p-u%zu p-h%d\">", group, k);
                esc(h, cells[k]);
                if (k == 0 && dg->column) {  /* the input column: "(q14a)" */
                    put(h, " (");
                    esc(h, dg->column);
                    put(h, ")");
                }
                put(h, "</td>");
            }
            put(h, "</tr>\n");
        }
        put(h, "</tbody>\n</table></div>\n");
        if (all > nu) {
            char *more = ak_asprintf(ak_output_words[AK_W_PROBLEMS_MORE],
                                     all - nu);
            if (more) {
                elem(h, "p", NULL, more);
                put(h, "\n");
            }
            oom |= !more;
            ak_free(more);
        }
        for (int i = 0; i < 2; i++) {
            elem(h, "p", NULL, ak_validation_legend[i]);
            put(h, "\n");
        }
    }
    ak_diag_group_clear(&gr);
    ak_diags_iter_free(it);
    if (oom)
        return AK_ERR_NOMEM;
    put(h, "</section>\n");
    return AK_OK;
}

/* ---- the comparison appendix (--compare) ------------------------------- */

/* Building state: one table (h3 and <table>) per table of the comparison. */
typedef struct hcmp {
    html *h;
    const char *table;     /* the table of the open part (borrowed) */
    const ak_rtable *t;    /* this year's table, or NULL */
    const char *measure;   /* the measure shown for it */
    int in_table;          /* a <table> is open */
    size_t n;              /* parts so far: their ids "sml<n>" */
} hcmp;

/* A compared table's name: this year's caption and title, or its id when
 * only last year has it. */
static void cmp_table_name(html *h, const ak_rtable *t, const char *id)
{
    if (t) {
        esc(h, t->caption ? t->caption : t->id);
        put(h, " ");
        esc(h, t->title ? t->title : "");
    } else {
        esc(h, id);
    }
}

static void cmp_close(hcmp *b)
{
    if (b->in_table)
        put(b->h, "</tbody>\n</table></div>\n");
    b->in_table = 0;
}

/* One line of ak_compare_run(): the same lines, measure and words as the
 * PDF's appendix. */
static ak_status cmp_line(const ak_compare_line *l, void *ud)
{
    hcmp *b = ud;
    html *h = b->h;
    if (!b->table || strcmp(b->table, l->table) != 0) {
        cmp_close(b);
        b->table = l->table;
        b->t = ak_results_table(h->rep->res, l->table);
        b->measure = ak_output_compare_measure(b->t);
        b->n++;
        fprintf(h->f, "<h3 id=\"sml%zu\">", b->n);
        cmp_table_name(h, b->t, l->table);
        put(h, "</h3>\n");
        if (!l->table_only) {
            const char *hdr[6] = {ak_output_words[AK_W_CMP_ROW],
                                  ak_output_words[AK_W_CMP_COL], NULL, NULL,
                                  strcmp(b->measure ? b->measure : "",
                                         "procent") == 0
                                      ? ak_output_words[AK_W_CMP_PP]
                                      : ak_output_words[AK_W_CMP_CHANGE],
                                  ak_output_words[AK_W_CMP_NOTE]};
            fprintf(h->f, "<div class=\"rul\" role=\"region\" "
                          "tabindex=\"0\" aria-labelledby=\"sml%zu\">"
                          "<table class=\"tekst\">\n<caption class=\"sr\">",
                    b->n);
            cmp_table_name(h, b->t, l->table);
            put(h, "</caption>\n<thead><tr>");
            for (int i = 0; i < 6; i++) {
                put(h, i == 2 || i == 3 || i == 4
                           ? "<th scope=\"col\">"
                           : "<th scope=\"col\" style=\"text-align:left\">");
                if (hdr[i])
                    esc(h, hdr[i]);
                else
                    fprintf(h->f, "%d", i == 2 ? l->last_year : l->this_year);
                put(h, "</th>");
            }
            put(h, "</tr></thead>\n<tbody>\n");
            b->in_table = 1;
        }
    }
    if (l->table_only) {
        elem(h, "p", NULL, l->note);
        put(h, "\n");
        return ferror(h->f) ? AK_ERR_IO : AK_OK;
    }
    if (!b->measure || strcmp(l->measure, b->measure) != 0)
        return AK_OK;
    char colbuf[512], lv[32], tv[32], ch[40];
    const char *colname = ak_output_compare_column(b->t, l->column, colbuf,
                                                   sizeof colbuf);
    ak_output_compare_number(lv, sizeof lv, l->last_value, 0);
    ak_output_compare_number(tv, sizeof tv, l->value, 0);
    ak_output_compare_number(ch, sizeof ch, l->change, 1);
    put(h, "<tr><th scope=\"row\">");
    esc(h, l->row_label);
    put(h, "</th><td>");
    esc(h, colname);
    put(h, "</td><td style=\"text-align:right\">");
    esc(h, lv);
    put(h, "</td><td style=\"text-align:right\">");
    esc(h, tv);
    put(h, "</td><td style=\"text-align:right\">");
    esc(h, ch);
    put(h, "</td><td>");
    esc(h, l->note);
    put(h, "</td></tr>\n");
    return ferror(h->f) ? AK_ERR_IO : AK_OK;
}

static ak_status compare_appendix(html *h)
{
    put(h, "<section id=\"sammenligning\" "
           "aria-labelledby=\"sammenligning-h\">\n"
           "<h2 id=\"sammenligning-h\">");
    char *title = ak_asprintf(ak_output_words[AK_W_CMP_TITLE],
                              ak_prev_year(h->prev));
    char *intro = ak_asprintf(ak_output_words[AK_W_CMP_INTRO],
                              h->rep->res->year, ak_prev_year(h->prev));
    if (!title || !intro) {
        ak_free(title);
        ak_free(intro);
        return AK_ERR_NOMEM;
    }
    esc(h, title);
    put(h, "</h2>\n");
    elem(h, "p", NULL, intro);
    put(h, "\n");
    ak_free(title);
    ak_free(intro);
    /* how many answered both years; with --panel the numbers are theirs */
    const ak_report *r = h->rep;
    if (r->panel) {
        char *both = ak_asprintf(
            ak_output_words[r->panel_res ? AK_W_CMP_PANEL : AK_W_CMP_BOTH],
            ak_panel_count(r->panel), ak_output_units(r));
        if (!both)
            return AK_ERR_NOMEM;
        elem(h, "p", NULL, both);
        put(h, "\n");
        ak_free(both);
    }
    hcmp b = {0};
    b.h = h;
    ak_status st = ak_compare_run(r->panel_res ? r->panel_res : r->res,
                                  h->prev_cmp, ak_output_units(r), cmp_line,
                                  &b);
    cmp_close(&b);
    put(h, "</section>\n");
    return st;
}

static ak_status write_doc(const void *ud, FILE *f)
{
    html *h = (html *)ud;
    h->f = f;
    const ak_results *r = h->rep->res;
    const ak_report_meta *mt = h->rep->meta;
    put(h, "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n"
           "<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\">\n<title>");
    if (r->report_title) {
        esc(h, r->report_title);
        put(h, " ");
    }
    fprintf(f, "%d</title>\n", r->year);
    put(h, "<meta name=\"author\" content=\"");
    esc(h, ak_output_words[AK_W_AUTHOR]);
    put(h, "\">\n<meta name=\"generator\" content=\"ankestat ");
    esc(h, mt && mt->version ? mt->version : "");
    put(h, "\">\n<style>\n");
    put(h, css);
    put(h, "</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#indhold\">");
    esc(h, ak_output_words[AK_W_SKIP]);
    put(h, "</a>\n");
    front(h);
    contents(h);
    put(h, "<main>\n");
    body(h);
    /* named municipalities' answers: the internal edition only */
    ak_status st = mt && mt->internal ? appendix(h) : AK_OK;
    if (st == AK_OK && h->prev)
        st = compare_appendix(h);
    if (st == AK_OK && h->oom)
        st = AK_ERR_NOMEM;
    put(h, "</main>\n</body>\n</html>\n");
    return st;
}

static ak_status html_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    if (!r->res)
        return AK_ERR_USAGE;
    /* The results with the methods section (Bilag 1), as in the PDF. */
    ak_output_view view;
    ak_status st = ak_output_view_new(r, &view);
    if (st != AK_OK)
        return st;
    ak_report rv = *r;
    rv.res = &view.res;
    html h = {NULL, &rv, anchors(&view.res), 2, r->prev, 0, r->prev_cmp};
    if (!h.anchor) {
        ak_output_view_free(&view);
        return AK_ERR_NOMEM;
    }
    char *name = ak_asprintf("rapport-%d.html", r->year);
    st = name ? ak_output_write_file(o, name, write_doc, &h, d)
              : AK_ERR_NOMEM;
    ak_free(name);
    for (size_t i = 0; i < view.res.ntables; i++)
        ak_free(h.anchor[i]);
    ak_free(h.anchor);
    ak_output_view_free(&view);
    return st;
}

const ak_output ak_output_html = {
    "html", "rapport-ÅR.html: rapporten som tilgængelig webside (WCAG 2.1 AA)",
    AK_OUT_DEFAULT | AK_OUT_PROVENANCE | AK_OUT_UNCERTAINTY | AK_OUT_COMPARE,
    html_write, NULL, NULL, NULL};
