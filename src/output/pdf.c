/*
 * The report as a PDF (see include/ak_render.h): A4 portrait, DejaVu Sans
 * embedded as subsets, Pango for every piece of text, cairo for rules and
 * bars.  The only module that includes cairo and Pango.
 *
 * Layout follows the data only: every table, header span, note and bar
 * comes from the results; the C code knows no table.  The few fixed words
 * of the document itself (front-page field names, the appendix) are in the
 * table 'words' below.
 *
 * How it works.  Every block of the document (a table with its section
 * heading, a figure, a table-of-contents line, the appendix tables) is
 * first laid out into a display list of positioned Pango layouts, rules and
 * rectangles, split into bands (title, header, one band per row, notes).
 * Its height is then known before anything is drawn, so a block that does
 * not fit on the rest of the page moves to the next page whole; only a
 * block taller than a whole page is split between bands, repeating its
 * header bands.  The document is laid out twice: a first pass paginates
 * without drawing (so the table of contents and the footer "Side n af m"
 * know every page number), the second draws.  Both passes run the same
 * code on the same data, so they paginate identically; the second takes
 * its layouts from the first through a cache (lay_x), so text is shaped
 * once.
 *
 * Fonts: a private fontconfig configuration that holds only the two DejaVu
 * Sans files (private_font_map), not the system's, which is slow to load
 * and could put other fonts in the PDF.
 *
 * Determinism: text is measured with hinting off and unrounded glyph
 * positions at 72 dpi (one Pango point = one PDF point), the creation date
 * comes from meta->made, and cairo's font subset names are derived from
 * their content, so the same results give byte-identical PDFs.
 */
#include "ak_compare.h"
#include "ak_render.h"
#include "outputs.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ak_mem.h"


/* The one typeface (Debian fonts-dejavu-core); it has every Danish letter. */
#define FONT_FAMILY "DejaVu Sans"

/* ---- page geometry and type scale (PDF points) ------------------------- */

#define PAGE_W 595.2756     /* A4 */
#define PAGE_H 841.8898
#define MARGIN_X 62.36      /* 22 mm */
#define TOP 62.36           /* 22 mm */
#define BOTTOM (PAGE_H - 70.87) /* 25 mm bottom margin */
#define FOOT_Y (PAGE_H - 45.0)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BODY_H (BOTTOM - TOP)

#define FS_BODY 9.0         /* table cells */
#define FS_HEAD 8.5         /* column headers */
#define FS_TITLE 10.5       /* "Tabel 2.2  Title" */
#define FS_NOTE 7.5         /* notes, source, n = */
#define FS_SECTION 14.0     /* section headings */
#define FS_SUB 11.0         /* appendix sub-headings */
#define FS_FRONT 24.0       /* front-page title */

#define PAD 5.0             /* horizontal cell padding */
#define ROW_PAD 2.2         /* vertical cell padding */
#define LEAF_MAX 78.0       /* widest number column */
#define BLOCK_GAP 22.0      /* space between blocks */
#define SECTION_GAP 30.0    /* space before a section heading */
#define PLOT_H 190.0        /* figure plot area */
#define PI_ 3.14159265358979323846

typedef struct rgb {
    double r, g, b;
} rgb;

static const rgb INK = {0.10, 0.10, 0.12};
static const rgb ACCENT = {0.07, 0.25, 0.43};
static const rgb MUTED = {0.38, 0.38, 0.42};
static const rgb HAIR = {0.62, 0.62, 0.65};
static const rgb GRID = {0.85, 0.85, 0.87};
static const rgb NOTE_BG = {1.00, 0.96, 0.86};
static const rgb NOTE_LINE = {0.80, 0.55, 0.10};
static const rgb SERIES[] = {
    {0.07, 0.25, 0.43}, {0.55, 0.71, 0.86}, {0.80, 0.45, 0.15},
    {0.45, 0.60, 0.30}, {0.55, 0.55, 0.58}, {0.60, 0.30, 0.45},
};
#define NSERIES (sizeof SERIES / sizeof SERIES[0])

/* A series' colour for last year's bars (--compare): 60 % towards white;
 * the bars are outlined in ink, so they keep their contrast. */
static rgb lighter(rgb c)
{
    rgb l = {c.r + (1 - c.r) * 0.6, c.g + (1 - c.g) * 0.6,
             c.b + (1 - c.b) * 0.6};
    return l;
}

/* ---- display lists ----------------------------------------------------- */

typedef enum bandkind {
    B_ONCE = 0,     /* drawn once (title, notes) */
    B_HEAD,         /* repeated at the top of each page a block spans */
    B_ROW           /* a break may come before it */
} bandkind;

typedef struct band {
    bandkind kind;
    double y0, y1;
    size_t i0, i1;  /* its items */
} band;

typedef enum itemkind {
    I_TEXT, I_LINE, I_RECT, I_DEST, I_LINK_BEGIN, I_LINK_END,
    I_TAG_BEGIN, I_TAG_END  /* a structure element (tagged PDF) */
} itemkind;

typedef struct item {
    itemkind kind;
    double x, y, w, h;  /* line: from (x,y) to (x+w,y+h) */
    double lw;          /* line width; rect: border width or 0 */
    rgb col, col2;      /* rect: fill, border */
    int rotate;         /* text: turned 90 degrees counter-clockwise */
    int slot;           /* dest / link target: page slot */
    const char *tag;    /* structure tag: "H2", "TD", ... (static) */
    PangoLayout *lay;   /* owned */
} item;

typedef struct dlist {
    item *it;
    size_t nit, capit;
    band *b;
    size_t nb, capb;
    size_t open;        /* index of the first item of the open band */
    double open_y;
    bandkind open_kind;
    double space_before;
    int split_ok;       /* may be split when taller than a page */
    int oom;            /* sticky: an allocation failed */
} dlist;

/* ---- the document state ------------------------------------------------ */

typedef struct pdf {
    cairo_surface_t *sf;
    cairo_t *cr;
    PangoFontMap *fm;
    PangoContext *pc;
    GHashTable *lays;   /* layout cache: key -> PangoLayout (see lay_x) */
    int draw;           /* 0: paginating pass, 1: drawing pass */
    int page;           /* 1-based */
    int npages;         /* from the paginating pass */
    double y;           /* cursor */
    int *slot_page;     /* page of each destination */
    size_t nslots;
    const ak_results *r;
    const ak_report_meta *meta;
    const ak_prev *prev;      /* last year's tables.csv (--compare), or
                                 NULL */
    const ak_prev *prev_cmp;  /* what the comparison appendix shows (with
                                 --panel over the units of both years;
                                 figure 2.1, like the tables, is over all,
                                 prev); NULL with prev */
    const ak_report *rep; /* the run (--compare: panel, unit word), or NULL */
    int sec_h3;         /* the block's section heading is an H3 */
    size_t *pend;       /* text: heading blocks kept with the next block */
    size_t npend;
    int internal;       /* the internal edition (meta->internal) */
    int hlevel;         /* text: the H level of the last numbered heading */
} pdf;

/* Destinations: the tables' (0..ntables-1), the validation appendix's
 * (ntables), the text's headings' (ntables + 1 + block) and the
 * comparison appendix's, last. */
static int compare_slot(const pdf *p)
{
    return (int)(p->r->ntables + 1 + p->r->nblocks);
}

/* ---- small helpers ----------------------------------------------------- */

/* s as valid UTF-8 without control characters (Pango needs valid text and
 * data may carry anything).  GLib allocation: free with g_free(). */
static char *clean_text(const char *s)
{
    char *v = g_utf8_make_valid(s ? s : "", -1);
    for (char *c = v; *c; c++)
        if ((unsigned char)*c < 0x20 && *c != '\n')
            *c = ' ';
    return v;
}

/* How a layout is set beyond face, size, width and alignment. */
enum layflag {
    LF_WORDS = 1,       /* wrapped at every word: as wide as its widest */
    LF_ELLIPSIZE = 2,   /* one line, cut with an ellipsis at the width */
    LF_SPACED = 4       /* 3 pt between lines (the front-page title) */
};

/* The cache key of a layout: its settings (size, bold, width, alignment,
 * flags) as fixed-width hex digits, then the text.  In buf when it fits in
 * n bytes, else a string to g_free(). */
#define KEY_HEAD 40
static char *lay_key(char *buf, size_t n, const int set[5], const char *text)
{
    size_t tn = strlen(text);
    char *key = KEY_HEAD + tn + 1 <= n ? buf : g_malloc(KEY_HEAD + tn + 1);
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 8; k++)
            key[i * 8 + k] = "0123456789abcdef"[((unsigned)set[i] >>
                                                  (28 - 4 * k)) & 15];
    memcpy(key + KEY_HEAD, text, tn + 1);
    return key;
}

/* A layout of text in the document's face.  width > 0 wraps at word
 * boundaries (characters when a word is longer than the line).
 *
 * Layouts are shared: the same text in the same style comes from a cache
 * that lives for the whole document, so each is shaped and broken into
 * lines once, although the document is laid out twice and numbers and
 * labels repeat.  The caller owns one reference (g_object_unref) and must
 * not change the layout. */
static PangoLayout *lay_x(pdf *p, const char *text, double size, int bold,
                          double width, PangoAlignment align, int flags)
{
    gint su = (gint)(size * PANGO_SCALE + 0.5);
    int wu = width > 0 ? pango_units_from_double(width) : -1;
    bold = bold != 0;
    text = text ? text : "";
    const int set[5] = {su, bold, wu, (int)align, flags};
    char buf[256];
    char *key = lay_key(buf, sizeof buf, set, text);
    PangoLayout *l = g_hash_table_lookup(p->lays, key);
    if (!l && wu > 0 && align == PANGO_ALIGN_LEFT && flags == 0) {
        /* A text measured before (text_w) that fits on one line: wrapping
         * at the width gives the same line, so share that layout. */
        const int nat[5] = {su, bold, -1, (int)PANGO_ALIGN_LEFT, 0};
        char nbuf[256];
        char *nkey = lay_key(nbuf, sizeof nbuf, nat, text);
        PangoLayout *n = g_hash_table_lookup(p->lays, nkey);
        if (nkey != nbuf)
            g_free(nkey);
        PangoRectangle lr;
        if (n)
            pango_layout_get_extents(n, NULL, &lr);
        if (n && lr.width <= wu && pango_layout_get_line_count(n) == 1)
            l = n;
    }
    if (l) {
        if (key != buf)
            g_free(key);
        return g_object_ref(l);
    }
    if (key == buf)
        key = g_strdup(buf);
    l = pango_layout_new(p->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, FONT_FAMILY);
    pango_font_description_set_size(fd, su);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, wu);
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (flags & LF_WORDS) {
        pango_layout_set_width(l, 1);
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    }
    if (flags & LF_ELLIPSIZE)
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    if (flags & LF_SPACED)
        pango_layout_set_spacing(l, pango_units_from_double(3));
    pango_layout_set_alignment(l, align);
    char *c = clean_text(text);
    pango_layout_set_text(l, c, -1);
    g_free(c);
    g_hash_table_insert(p->lays, key, g_object_ref(l));
    return l;
}

static PangoLayout *lay(pdf *p, const char *text, double size, int bold,
                        double width, PangoAlignment align)
{
    return lay_x(p, text, size, bold, width, align, 0);
}

static double lay_h(PangoLayout *l)
{
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    return (double)lr.height / PANGO_SCALE;
}

static double lay_w(PangoLayout *l)
{
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    return (double)lr.width / PANGO_SCALE;
}

/* Natural (unwrapped) width of text. */
static double text_w(pdf *p, const char *s, double size, int bold)
{
    PangoLayout *l = lay(p, s, size, bold, 0, PANGO_ALIGN_LEFT);
    double w = lay_w(l);
    g_object_unref(l);
    return w;
}

/* Width of the widest word of s. */
static double word_w(pdf *p, const char *s, double size, int bold)
{
    PangoLayout *l = lay_x(p, s, size, bold, 0, PANGO_ALIGN_LEFT, LF_WORDS);
    double w = lay_w(l);
    g_object_unref(l);
    return w;
}

/* Text right-aligned in a box of the given width (numbers, mostly): its
 * natural layout, the one text_w() measured, to be drawn *dx to the right
 * of the box's left edge, the offset Pango's own right alignment computes
 * (so one layout serves both, instead of a second one wrapped at the
 * width); a layout wrapped at the width (and *dx = 0) when the text does
 * not fit on one line.  Caller owns the reference, as with lay(). */
static PangoLayout *lay_right(pdf *p, const char *text, double size,
                              int bold, double width, double *dx)
{
    PangoLayout *l = lay(p, text, size, bold, 0, PANGO_ALIGN_LEFT);
    PangoRectangle lr;
    pango_layout_get_extents(l, NULL, &lr);
    int wu = pango_units_from_double(width);
    if (width > 0 && lr.width <= wu && pango_layout_get_line_count(l) == 1) {
        *dx = (double)(wu - lr.width) / PANGO_SCALE;
        return l;
    }
    g_object_unref(l);
    *dx = 0;
    return lay(p, text, size, bold, width, PANGO_ALIGN_RIGHT);
}

static double dmax(double a, double b)
{
    return a > b ? a : b;
}

static double dmin(double a, double b)
{
    return a < b ? a : b;
}

static const char *measure_label(const ak_rtable *t, size_t m)
{
    return t->measure_labels && m < t->nmeasures ? t->measure_labels[m]
                                                 : NULL;
}

/* ---- display-list building ---------------------------------------------- */

static void dl_init(dlist *dl, double space_before, int split_ok)
{
    memset(dl, 0, sizeof *dl);
    dl->space_before = space_before;
    dl->split_ok = split_ok;
}

static void dl_free(dlist *dl)
{
    for (size_t i = 0; i < dl->nit; i++) {
        if (dl->it[i].lay)
            g_object_unref(dl->it[i].lay);
    }
    ak_free(dl->it);
    ak_free(dl->b);
    memset(dl, 0, sizeof *dl);
}

/* Append an item (takes ownership of its layout even on failure). */
static item *dl_item(dlist *dl, itemkind kind, PangoLayout *l)
{
    if (!dl->oom && dl->nit == dl->capit) {
        size_t cap = dl->capit ? dl->capit * 2 : 64;
        item *v = ak_reallocarray(dl->it, cap, sizeof *v);
        if (!v)
            dl->oom = 1;
        else {
            dl->it = v;
            dl->capit = cap;
        }
    }
    if (dl->oom) {
        if (l)
            g_object_unref(l);
        return NULL;
    }
    item *it = &dl->it[dl->nit++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->lay = l;
    it->col = INK;
    return it;
}

/* Place layout l at (x, y) in colour col; returns its height. */
static double dl_text(dlist *dl, PangoLayout *l, double x, double y, rgb col)
{
    double h = lay_h(l);
    item *it = dl_item(dl, I_TEXT, l);
    if (it) {
        it->x = x;
        it->y = y;
        it->col = col;
    }
    return h;
}

static void dl_line(dlist *dl, double x0, double y0, double x1, double y1,
                    double lw, rgb col)
{
    item *it = dl_item(dl, I_LINE, NULL);
    if (it) {
        it->x = x0;
        it->y = y0;
        it->w = x1 - x0;
        it->h = y1 - y0;
        it->lw = lw;
        it->col = col;
    }
}

static void dl_rect(dlist *dl, double x, double y, double w, double h,
                    rgb fill, double lw, rgb border)
{
    item *it = dl_item(dl, I_RECT, NULL);
    if (it) {
        it->x = x;
        it->y = y;
        it->w = w;
        it->h = h;
        it->col = fill;
        it->lw = lw;
        it->col2 = border;
    }
}

static void dl_mark(dlist *dl, itemkind kind, int slot, double x, double y)
{
    item *it = dl_item(dl, kind, NULL);
    if (it) {
        it->slot = slot;
        it->x = x;
        it->y = y;
    }
}

/* The start (kind I_TAG_BEGIN) or end (I_TAG_END) of structure element
 * 'tag' (a static string). */
static void dl_tag(dlist *dl, itemkind kind, const char *tag)
{
    item *it = dl_item(dl, kind, NULL);
    if (it)
        it->tag = tag;
}

/* Text as one structure element 'tag' (a paragraph, a heading, a cell). */
static double dl_text_as(dlist *dl, const char *tag, PangoLayout *l,
                         double x, double y, rgb col)
{
    dl_tag(dl, I_TAG_BEGIN, tag);
    double h = dl_text(dl, l, x, y, col);
    dl_tag(dl, I_TAG_END, tag);
    return h;
}

static void dl_open(dlist *dl, bandkind kind, double y)
{
    dl->open = dl->nit;
    dl->open_y = y;
    dl->open_kind = kind;
}

static void dl_close(dlist *dl, double y)
{
    if (dl->oom)
        return;
    if (dl->nb == dl->capb) {
        size_t cap = dl->capb ? dl->capb * 2 : 16;
        band *v = ak_reallocarray(dl->b, cap, sizeof *v);
        if (!v) {
            dl->oom = 1;
            return;
        }
        dl->b = v;
        dl->capb = cap;
    }
    band *b = &dl->b[dl->nb++];
    b->kind = dl->open_kind;
    b->y0 = dl->open_y;
    b->y1 = y;
    b->i0 = dl->open;
    b->i1 = dl->nit;
}

/* ---- drawing and pagination --------------------------------------------- */

static void set_rgb(cairo_t *cr, rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static void draw_item(pdf *p, const item *it, double dy)
{
    char attr[96];
    if (it->kind == I_DEST && it->slot >= 0 && (size_t)it->slot < p->nslots)
        p->slot_page[it->slot] = p->page;
    if (!p->draw)
        return;
    cairo_t *cr = p->cr;
    switch (it->kind) {
    case I_TEXT:
        set_rgb(cr, it->col);
        if (it->rotate) {
            cairo_save(cr);
            cairo_translate(cr, it->x, it->y + dy);
            cairo_rotate(cr, -PI_ / 2);
            cairo_move_to(cr, 0, 0);
            pango_cairo_show_layout(cr, it->lay);
            cairo_restore(cr);
        } else {
            cairo_move_to(cr, it->x, it->y + dy);
            pango_cairo_show_layout(cr, it->lay);
        }
        break;
    case I_LINE:
        set_rgb(cr, it->col);
        cairo_set_line_width(cr, it->lw);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_move_to(cr, it->x, it->y + dy);
        cairo_line_to(cr, it->x + it->w, it->y + dy + it->h);
        cairo_stroke(cr);
        break;
    case I_RECT:
        cairo_rectangle(cr, it->x, it->y + dy, it->w, it->h);
        set_rgb(cr, it->col);
        if (it->lw > 0) {
            cairo_fill_preserve(cr);
            set_rgb(cr, it->col2);
            cairo_set_line_width(cr, it->lw);
            cairo_stroke(cr);
        } else {
            cairo_fill(cr);
        }
        break;
    case I_DEST:
        snprintf(attr, sizeof attr, "name='d%d' x=%.2f y=%.2f", it->slot,
                 it->x, it->y + dy);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
        cairo_tag_end(cr, CAIRO_TAG_DEST);
        break;
    case I_LINK_BEGIN:
        snprintf(attr, sizeof attr, "dest='d%d'", it->slot);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
        break;
    case I_LINK_END:
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        break;
    case I_TAG_BEGIN:
        cairo_tag_begin(cr, it->tag, NULL);
        break;
    case I_TAG_END:
        cairo_tag_end(cr, it->tag);
        break;
    }
}

/* Draw band b with its top at top.  A header band repeated on a later
 * page (repeat) is drawn without its structure tags: the table's structure
 * has its header rows once, where they first stand. */
static void draw_band_x(pdf *p, const dlist *dl, size_t b, double top,
                        int repeat)
{
    double dy = top - dl->b[b].y0;
    for (size_t i = dl->b[b].i0; i < dl->b[b].i1; i++) {
        const item *it = &dl->it[i];
        if (repeat && (it->kind == I_TAG_BEGIN || it->kind == I_TAG_END ||
                       it->kind == I_DEST || it->kind == I_LINK_BEGIN ||
                       it->kind == I_LINK_END))
            continue;
        draw_item(p, it, dy);
    }
}

static void draw_band(pdf *p, const dlist *dl, size_t b, double top)
{
    draw_band_x(p, dl, b, top, 0);
}

/* The footer of the current page: the report's title and "Side n af m". */
static void footer(pdf *p)
{
    if (!p->draw || p->page <= 1)
        return;
    cairo_t *cr = p->cr;
    set_rgb(cr, HAIR);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, MARGIN_X, FOOT_Y - 4);
    cairo_line_to(cr, PAGE_W - MARGIN_X, FOOT_Y - 4);
    cairo_stroke(cr);
    char num[64];
    snprintf(num, sizeof num, "%s %d %s %d", ak_output_words[AK_W_PAGE], p->page,
             ak_output_words[AK_W_PAGE_OF], p->npages);
    double dx;
    PangoLayout *r = lay_right(p, num, FS_NOTE, 0, TEXT_W, &dx);
    double rw = text_w(p, num, FS_NOTE, 0);
    set_rgb(cr, MUTED);
    cairo_move_to(cr, MARGIN_X + dx, FOOT_Y);
    pango_cairo_show_layout(cr, r);
    g_object_unref(r);
    if (p->r->report_title) {
        char *t = g_strdup_printf("%s %d", p->r->report_title, p->r->year);
        PangoLayout *l = lay_x(p, t, FS_NOTE, 0, TEXT_W - rw - 20,
                               PANGO_ALIGN_LEFT, LF_ELLIPSIZE);
        g_free(t);
        cairo_move_to(cr, MARGIN_X, FOOT_Y);
        pango_cairo_show_layout(cr, l);
        g_object_unref(l);
    }
}

static void page_break(pdf *p)
{
    footer(p);
    if (p->draw)
        cairo_show_page(p->cr);
    p->page++;
    p->y = TOP;
}

static int at_top(const pdf *p)
{
    return p->y <= TOP + 0.01;
}

/*
 * Put the block on the page: whole where the page has room, else whole on
 * a new page; split between bands (repeating its header bands) only when
 * it is taller than a page and allowed to split.
 */
static void place(pdf *p, const dlist *dl)
{
    if (dl->nb == 0)
        return;
    double h = dl->b[dl->nb - 1].y1 - dl->b[0].y0;
    double sb = at_top(p) ? 0 : dl->space_before;
    if (p->y + sb + h > BOTTOM && !at_top(p) &&
        (h <= BODY_H || dl->split_ok)) {
        page_break(p);
        sb = 0;
    }
    if (h <= BODY_H || !dl->split_ok) {
        double top = p->y + sb;
        for (size_t b = 0; b < dl->nb; b++)
            draw_band(p, dl, b, top + dl->b[b].y0 - dl->b[0].y0);
        p->y = top + h;
        return;
    }
    int fresh = 1;  /* nothing but repeated headers on this page yet */
    for (size_t b = 0; b < dl->nb; b++) {
        double bh = dl->b[b].y1 - dl->b[b].y0;
        if (p->y + bh > BOTTOM && !fresh) {
            page_break(p);
            for (size_t k = 0; k < b; k++)
                if (dl->b[k].kind == B_HEAD) {
                    draw_band_x(p, dl, k, p->y, 1);
                    p->y += dl->b[k].y1 - dl->b[k].y0;
                }
            fresh = 1;
        }
        draw_band(p, dl, b, p->y);
        p->y += bh;
        if (dl->b[b].kind != B_HEAD)
            fresh = 0;
    }
}

/* ---- tables -------------------------------------------------------------- */

/* The chapter and section headings (each when given) and the destination
 * of a block, in the open band; returns the new y. */
static double text_pending(pdf *p, dlist *dl, double y);

static double heading(pdf *p, dlist *dl, const char *chap, const char *sec,
                      int slot, double y)
{
    y = text_pending(p, dl, y);
    dl_mark(dl, I_DEST, slot, MARGIN_X, y);
    if (chap) {
        PangoLayout *l = lay(p, chap, FS_SECTION, 1, TEXT_W,
                             PANGO_ALIGN_LEFT);
        y += dl_text_as(dl, "H2", l, MARGIN_X, y, ACCENT) + (sec ? 10 : 12);
    }
    if (sec) {
        PangoLayout *l = lay(p, sec, FS_SUB + 0.5, 1, TEXT_W,
                             PANGO_ALIGN_LEFT);
        /* a section under a chapter is H3, one without is H2 (as in the
         * HTML) */
        y += dl_text_as(dl, p->sec_h3 ? "H3" : "H2", l, MARGIN_X, y,
                        ACCENT) + 10;
    }
    return y;
}

/* "Tabel 2.2" and the title in bold, the title hanging beside the caption. */
static double caption(pdf *p, dlist *dl, const ak_rtable *t, double y)
{
    double cw = 0;
    dl_tag(dl, I_TAG_BEGIN, "Caption");
    if (t->caption) {
        PangoLayout *c = lay(p, t->caption, FS_TITLE, 1, 0, PANGO_ALIGN_LEFT);
        cw = lay_w(c) + 8;
        double h = dl_text(dl, c, MARGIN_X, y, INK);
        if (!t->title || !*t->title) {
            dl_tag(dl, I_TAG_END, "Caption");
            return y + h;
        }
    }
    PangoLayout *l = lay(p, t->title, FS_TITLE, 1, TEXT_W - cw,
                         PANGO_ALIGN_LEFT);
    y += dl_text(dl, l, MARGIN_X + cw, y, INK);
    dl_tag(dl, I_TAG_END, "Caption");
    return y;
}

/* Notes ("Anm.: ...") and the source line in small type. */
static double notes(pdf *p, dlist *dl, const ak_rtable *t, double y)
{
    for (size_t i = 0; i < t->nnotes; i++) {
        if (!t->notes[i])
            continue;
        PangoLayout *l = lay(p, t->notes[i], FS_NOTE, 0, TEXT_W,
                             PANGO_ALIGN_LEFT);
        y += dl_text_as(dl, "P", l, MARGIN_X, y, INK) + 2;
    }
    if (t->source) {
        PangoLayout *l = lay(p, t->source, FS_NOTE, 0, TEXT_W,
                             PANGO_ALIGN_LEFT);
        y += dl_text_as(dl, "P", l, MARGIN_X, y, MUTED) + 2;
    }
    return y;
}

/* One header row: cells laid out first, then placed bottom-aligned. */
typedef struct hcell {
    PangoLayout *l;
    double x, w;        /* span */
    int rule;           /* a spanning rule under it */
} hcell;

static double header_row(dlist *dl, hcell *hc, size_t n, double y)
{
    double h = 0;
    for (size_t i = 0; i < n; i++)
        h = dmax(h, lay_h(hc[i].l));
    dl_tag(dl, I_TAG_BEGIN, "TR");
    for (size_t i = 0; i < n; i++) {
        double ch = lay_h(hc[i].l);
        double x = hc[i].x + (pango_layout_get_alignment(hc[i].l) ==
                                      PANGO_ALIGN_RIGHT ? 0 : PAD);
        dl_text_as(dl, "TH", hc[i].l, x, y + h - ch, INK);
        if (hc[i].rule)
            dl_line(dl, hc[i].x + PAD, y + h + 2.5, hc[i].x + hc[i].w - PAD,
                    y + h + 2.5, 0.4, INK);
    }
    dl_tag(dl, I_TAG_END, "TR");
    return y + h + 5;
}


/* Lay out table t under its chapter and section headings (or NULL). */
static ak_status build_table(pdf *p, const ak_rtable *t, int slot,
                             const char *chap, const char *sec, dlist *dl)
{
    size_t nm = t->nmeasures, nc = t->ncols;
    size_t nleaf = nc * nm;
    int has_group = 0, has_label = 0, has_meas = 0;
    for (size_t c = 0; c < nc; c++) {
        has_group |= t->cols[c].group != NULL;
        has_label |= t->cols[c].label != NULL;
    }
    for (size_t m = 0; m < nm; m++)
        has_meas |= measure_label(t, m) != NULL;

    /* Column widths: number columns as wide as their widest number or
     * header word (within LEAF_MAX when there is room); the label column
     * takes the rest and wraps. */
    double leaf_min = 30;
    for (size_t r = 0; r < t->nrows; r++) {
        int bold = t->rows[r].kind != AK_ROW_PLAIN;
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                char buf[48];
                ak_fmt_cell(buf, sizeof buf, t, r, c, m, ',', '.');
                leaf_min = dmax(leaf_min, text_w(p, buf, FS_BODY, bold) +
                                              2 * PAD);
            }
    }
    for (size_t m = 0; m < nm; m++)
        if (measure_label(t, m))
            leaf_min = dmax(leaf_min, word_w(p, measure_label(t, m), FS_HEAD,
                                             0) + 2 * PAD);
    if (nm == 1)
        for (size_t c = 0; c < nc; c++)
            if (t->cols[c].label)
                leaf_min = dmax(leaf_min, word_w(p, t->cols[c].label,
                                                 FS_HEAD, 0) + 2 * PAD);
    double label_nat = 0;
    for (size_t r = 0; r < t->nrows; r++)
        label_nat = dmax(label_nat, text_w(p, t->rows[r].label, FS_BODY,
                                           t->rows[r].kind != AK_ROW_PLAIN) +
                                        2 * PAD);
    double label_w = TEXT_W, leaf_w = 0;
    if (nleaf) {
        double pref = dmin(dmax(label_nat, 0.30 * TEXT_W), 0.55 * TEXT_W);
        leaf_w = (TEXT_W - pref) / (double)nleaf;
        leaf_w = dmin(dmax(leaf_w, leaf_min), LEAF_MAX);
        leaf_w = dmax(leaf_w, leaf_min);
        if (leaf_w * (double)nleaf > 0.75 * TEXT_W)
            leaf_w = 0.75 * TEXT_W / (double)nleaf;
        label_w = TEXT_W - leaf_w * (double)nleaf;
    }
    double x0 = MARGIN_X, xl = MARGIN_X + label_w;
    double x1 = MARGIN_X + TEXT_W;

    /* Title band: section heading, destination, caption and title. */
    double y = 0;
    dl_open(dl, B_ONCE, y);
    p->sec_h3 = t->chapter != NULL;
    y = heading(p, dl, chap, sec, slot, y);
    dl_tag(dl, I_TAG_BEGIN, "Table");
    y = caption(p, dl, t, y) + 6;
    dl_close(dl, y);

    /* Header band: group spans, column labels, measure labels. */
    dl_open(dl, B_HEAD, y);
    dl_line(dl, x0, y + 0.4, x1, y + 0.4, 0.8, INK);
    y += 5;
    size_t nhc = nleaf > nc ? nleaf : nc;
    hcell *hc = ak_calloc(nhc ? nhc : 1, sizeof *hc);
    if (!hc)
        return AK_ERR_NOMEM;
    if (has_group) {
        size_t n = 0;
        for (size_t c = 0; c < nc;) {
            size_t e = c + ak_rtable_group_span(t, c);
            if (t->cols[c].group) {
                double w = leaf_w * (double)((e - c) * nm);
                hc[n].x = xl + leaf_w * (double)(c * nm);
                hc[n].w = w;
                hc[n].rule = 1;
                hc[n].l = lay(p, t->cols[c].group, FS_HEAD, 0, w - 2 * PAD,
                              PANGO_ALIGN_CENTER);
                n++;
            }
            c = e;
        }
        y = header_row(dl, hc, n, y);
    }
    if (has_label) {
        size_t n = 0;
        for (size_t c = 0; c < nc; c++) {
            if (!t->cols[c].label)
                continue;
            double w = leaf_w * (double)nm;
            hc[n].x = xl + leaf_w * (double)(c * nm);
            hc[n].w = w;
            hc[n].rule = nm > 1;
            hc[n].l = nm > 1 ? lay(p, t->cols[c].label, FS_HEAD, 0,
                                   w - 2 * PAD, PANGO_ALIGN_CENTER)
                             : lay(p, t->cols[c].label, FS_HEAD, 0, w - PAD,
                                   PANGO_ALIGN_RIGHT);
            n++;
        }
        y = header_row(dl, hc, n, y);
    }
    if (has_meas) {
        size_t n = 0;
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                if (!measure_label(t, m))
                    continue;
                hc[n].x = xl + leaf_w * (double)(c * nm + m);
                hc[n].w = leaf_w;
                hc[n].rule = 0;
                hc[n].l = lay(p, measure_label(t, m), FS_HEAD, 0,
                              leaf_w - PAD, PANGO_ALIGN_RIGHT);
                n++;
            }
        y = header_row(dl, hc, n, y);
    }
    ak_free(hc);
    y -= 2;
    dl_line(dl, x0, y, x1, y, 0.5, INK);
    y += 1.5;
    dl_close(dl, y);

    /* One band per row. */
    for (size_t r = 0; r < t->nrows; r++) {
        const ak_rrow *row = &t->rows[r];
        int bold = row->kind != AK_ROW_PLAIN;
        dl_open(dl, B_ROW, y);
        if (row->kind == AK_ROW_TOTAL)
            dl_line(dl, x0, y + 0.3, x1, y + 0.3, 0.6, INK);
        else if (row->kind == AK_ROW_SUBTOTAL)
            dl_line(dl, x0, y + 0.2, x1, y + 0.2, 0.3, HAIR);
        PangoLayout *ll = lay(p, row->label, FS_BODY, bold, label_w - 2 * PAD,
                              PANGO_ALIGN_LEFT);
        dl_tag(dl, I_TAG_BEGIN, "TR");
        double lh = dl_text_as(dl, "TH", ll, x0, y + ROW_PAD, INK);
        for (size_t c = 0; c < nc; c++)
            for (size_t m = 0; m < nm; m++) {
                char buf[48];
                ak_fmt_cell(buf, sizeof buf, t, r, c, m, ',', '.');
                double dx;
                PangoLayout *nl = lay_right(p, buf, FS_BODY, bold,
                                            leaf_w - PAD, &dx);
                double nh = lay_h(nl);
                /* on the baseline of the label's last line */
                dl_text_as(dl, "TD", nl,
                           xl + leaf_w * (double)(c * nm + m) + dx,
                           y + ROW_PAD + dmax(lh - nh, 0), INK);
                lh = dmax(lh, nh);
            }
        dl_tag(dl, I_TAG_END, "TR");
        y += lh + 2 * ROW_PAD;
        if (r + 1 == t->nrows) {
            dl_line(dl, x0, y, x1, y, 0.8, INK);
            dl_tag(dl, I_TAG_END, "Table");
        }
        dl_close(dl, y);
    }
    if (t->nrows == 0) {
        dl_open(dl, B_ROW, y);
        dl_tag(dl, I_TAG_END, "Table");
        dl_line(dl, x0, y, x1, y, 0.8, INK);
        dl_close(dl, y + 1);
        y += 1;
    }

    /* Notes band. */
    if (t->nnotes || t->source) {
        dl_open(dl, B_ONCE, y);
        y = notes(p, dl, t, y + 5);
        dl_close(dl, y);
    }
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- figures ------------------------------------------------------------- */

/*
 * Grouped bars: one group per column, one bar per row (the series), the
 * value measure (the first that is not a count, else the count) as the
 * bar, and the count measure ("n = 13") beneath each bar.
 */
static ak_status build_figure(pdf *p, const ak_rtable *t, int slot,
                              const char *chap, const char *sec, dlist *dl)
{
    size_t G = t->ncols, S = t->nrows;
    size_t vm, cm;
    ak_output_figure_measures(t, &vm, &cm);
    int vplaces = ak_output_figure_places(t, vm);

    double y = 0;
    dl_open(dl, B_ONCE, y);
    p->sec_h3 = t->chapter != NULL;
    y = heading(p, dl, chap, sec, slot, y);
    /* cairo 1.16 writes no /Alt for a Figure (its 'alt' attribute is
     * ignored): the figure's text is its structure instead, caption, axis
     * title, each bar's value with its count, group labels, legend. */
    dl_tag(dl, I_TAG_BEGIN, "Figure");
    y = caption(p, dl, t, y) + 14;

    /* The axis (over last year's bars too, with --compare). */
    int64_t step, top;
    ak_output_figure_axis(t, vm, vplaces,
                          ak_prev_max(p->prev, t, vm, vplaces), &step, &top);

    double title_w = 0;
    PangoLayout *at = NULL;
    if (t->axis_title) {
        at = lay(p, t->axis_title, FS_HEAD, 0, PLOT_H, PANGO_ALIGN_CENTER);
        title_w = lay_h(at) + 6;
    }
    double tick_w = 0;
    for (int64_t v = 0; v <= top; v += step) {
        char buf[48];
        ak_fmt_axis(buf, sizeof buf, vplaces, v, step);
        tick_w = dmax(tick_w, text_w(p, buf, FS_HEAD, 0));
    }
    double px = MARGIN_X + title_w + tick_w + 6;
    double pw = MARGIN_X + TEXT_W - px;
    double py = y + 12;             /* room for a top value label */
    double base = py + PLOT_H;
    if (at) {
        item *it;
        dl_tag(dl, I_TAG_BEGIN, "P");
        dl_text(dl, at, MARGIN_X, base, INK);
        it = dl->oom ? NULL : &dl->it[dl->nit - 1];
        if (it)
            it->rotate = 1;
        dl_tag(dl, I_TAG_END, "P");
    }
    for (int64_t v = 0; v <= top; v += step) {
        double gy = base - PLOT_H * (double)v / (double)top;
        char buf[48];
        ak_fmt_axis(buf, sizeof buf, vplaces, v, step);
        double dx;
        PangoLayout *l = lay_right(p, buf, FS_HEAD, 0, tick_w, &dx);
        double h = lay_h(l);
        dl_text(dl, l, px - 6 - tick_w + dx, gy - h / 2, MUTED);
        if (v > 0)
            dl_line(dl, px, gy, px + pw, gy, 0.4, GRID);
    }

    /* The bars, group by group; with --compare last year's (lighter)
     * before this year's for each series, the year under each. */
    size_t Y = p->prev ? 2 : 1, NB = S * Y;
    int years[2] = {p->prev ? ak_prev_year(p->prev) : 0, p->r->year};
    double slot_w = G ? pw / (double)G : pw;
    double gap = 3;
    double bar_w = NB ? dmin((slot_w * 0.7 - gap * (double)(NB - 1)) /
                                 (double)NB, 64) : 0;
    bar_w = dmax(bar_w, 2);
    double n_h = 0;
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
            int has = ak_compare_bar(p->prev, t, r, c, vm, vplaces, last,
                                     &v, buf, sizeof buf);
            double bh = 0;
            if (has && v > 0)
                bh = PLOT_H * (double)v / (double)top;
            if (has)
                dl_rect(dl, x, base - bh, bar_w, bh,
                        last ? lighter(SERIES[r % NSERIES])
                             : SERIES[r % NSERIES], 0, INK);
            PangoLayout *vl = lay(p, buf, FS_HEAD, 1, bar_w + gap + 16,
                                  PANGO_ALIGN_CENTER);
            double vh = lay_h(vl);
            dl_tag(dl, I_TAG_BEGIN, "Span");    /* "3,61 n = 13" */
            dl_text(dl, vl, x - (gap + 16) / 2, base - bh - vh - 1.5, INK);
            if (cm != (size_t)-1 || Y == 2) {
                char nb[96], num[48];
                int64_t n;
                ak_compare_bar(p->prev, t, r, c, cm, 0, last, &n, num,
                               sizeof num);
                if (cm == (size_t)-1)
                    snprintf(nb, sizeof nb, "%d", years[k % Y]);
                else if (Y == 2)
                    snprintf(nb, sizeof nb, "%s%s\n%d",
                             ak_output_words[AK_W_N], num,
                             years[k % Y]);
                else
                    snprintf(nb, sizeof nb, "%s%s", ak_output_words[AK_W_N],
                             num);
                PangoLayout *nl = lay(p, nb, FS_NOTE, 0, bar_w + gap + 16,
                                      PANGO_ALIGN_CENTER);
                n_h = dmax(n_h, dl_text(dl, nl, x - (gap + 16) / 2, base + 3,
                                        MUTED));
            }
            dl_tag(dl, I_TAG_END, "Span");
        }
    }
    dl_line(dl, px, base, px + pw, base, 0.8, INK);
    y = base + 3 + n_h + 4;
    double gl_h = 0;
    for (size_t c = 0; c < G; c++) {
        const char *lab = t->cols[c].label ? t->cols[c].label
                                           : t->cols[c].group;
        if (!lab)
            continue;
        PangoLayout *l = lay(p, lab, FS_BODY, 1, slot_w - 8,
                             PANGO_ALIGN_CENTER);
        gl_h = dmax(gl_h, dl_text_as(dl, "P", l, px + slot_w * (double)c + 4,
                                     y, INK));
    }
    y += gl_h + 12;

    /* The legend: one swatch and row label per series. */
    for (size_t k = 0; k < NB; k++) {
        size_t r = k / Y;
        int last = Y == 2 && k % Y == 0;
        char *lab = Y == 2 ? g_strdup_printf(ak_output_words[AK_W_FIG_YEAR],
                                             t->rows[r].label, years[k % Y])
                           : NULL;
        PangoLayout *l = lay(p, lab ? lab : t->rows[r].label, FS_HEAD, 0,
                             pw - 16, PANGO_ALIGN_LEFT);
        g_free(lab);
        double h = lay_h(l);
        dl_rect(dl, px, y + 1.5, 9, 9,
                last ? lighter(SERIES[r % NSERIES]) : SERIES[r % NSERIES], 0,
                INK);
        dl_text_as(dl, "P", l, px + 15, y, INK);
        y += dmax(h, 11) + 3;
    }
    y += 6;
    dl_tag(dl, I_TAG_END, "Figure");
    y = notes(p, dl, t, y);
    dl_close(dl, y);
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- front page, contents ------------------------------------------------ */

/* "2026-11-25T12:00:00Z" for the PDF metadata. */
static void iso_date(char *buf, size_t n, long long made)
{
    time_t tt = (time_t)made;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL)
        snprintf(buf, n, "1970-01-01T00:00:00Z");
    else
        snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static double foot_lines(pdf *p, dlist *dl, double y, size_t n,
                         const ak_report_meta *mt,
                         const ak_colophon_line *col);

static ak_status build_front(pdf *p, dlist *dl)
{
    const ak_results *r = p->r;
    const ak_report_meta *mt = p->meta;
    double y = 0;
    dl_open(dl, B_ONCE, 0);
    dl_rect(dl, 0, -TOP, PAGE_W, 14, ACCENT, 0, INK);
    y = 110;
    if (r->report_title) {
        PangoLayout *l = lay_x(p, r->report_title, FS_FRONT, 1, TEXT_W,
                               PANGO_ALIGN_LEFT, LF_SPACED);
        y += dl_text_as(dl, "H1", l, MARGIN_X, y, ACCENT) + 14;
    }
    char year[32];
    snprintf(year, sizeof year, "%d", r->year);
    PangoLayout *yl = lay(p, year, 20, 0, TEXT_W, PANGO_ALIGN_LEFT);
    y += dl_text_as(dl, r->report_title ? "P" : "H1", yl, MARGIN_X, y,
                    MUTED) + 28;
    dl_line(dl, MARGIN_X, y, MARGIN_X + 120, y, 2, ACCENT);
    y += 30;

    if (mt && mt->datanote) {
        PangoLayout *l = lay(p, mt->datanote, 11, 1, TEXT_W - 28,
                             PANGO_ALIGN_LEFT);
        double h = lay_h(l);
        dl_rect(dl, MARGIN_X, y, TEXT_W, h + 24, NOTE_BG, 1.2, NOTE_LINE);
        dl_text_as(dl, "P", l, MARGIN_X + 14, y + 12, INK);
        y += h + 24;
    }

    /* The foot of the page: the colophon (title, publisher, ISBN ...) when
     * the templates give one, else (and in the internal edition on a page
     * of its own, build_provenance) the run's facts. */
    if (r->ncolophon)
        y = foot_lines(p, dl, y, r->ncolophon, NULL, r->colophon);
    else if (!p->internal)
        y = foot_lines(p, dl, y, 0, mt, NULL);
    dl_close(dl, y);
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* Label/value lines at the foot of the page: the colophon's n lines, or
 * (col NULL) the run's facts (input, SHA-256, version, date); returns the
 * new y. */
static double foot_lines(pdf *p, dlist *dl, double y, size_t n,
                         const ak_report_meta *mt,
                         const ak_colophon_line *col)
{
    char date[64];
    ak_fmt_date(date, sizeof date, mt ? mt->made : 0);
    const char *fkeys[4] = {ak_output_words[AK_W_INPUT],
                            ak_output_words[AK_W_SHA],
                            ak_output_words[AK_W_VERSION],
                            ak_output_words[AK_W_MADE]};
    const char *fvals[4] = {mt ? mt->input_name : NULL,
                            mt ? mt->input_sha256 : NULL,
                            mt ? mt->version : NULL, date};
    if (!col)
        n = 4;
    double kw = 0;
    for (size_t i = 0; i < n; i++)
        kw = dmax(kw, text_w(p, col ? col[i].label : fkeys[i], FS_BODY, 1));
    kw += 14;
    double fh = 0;
    for (size_t i = 0; i < n; i++) {
        PangoLayout *kl = lay(p, col ? col[i].label : fkeys[i], FS_BODY, 1,
                              0, PANGO_ALIGN_LEFT);
        const char *v = col ? col[i].value : fvals[i];
        PangoLayout *vl = lay(p, v ? v : "-", FS_BODY, 0, TEXT_W - kw,
                              PANGO_ALIGN_LEFT);
        fh += dmax(lay_h(kl), lay_h(vl)) + 4;
        g_object_unref(kl);
        g_object_unref(vl);
    }
    double fy = dmax(BODY_H - fh, y + 20);
    dl_line(dl, MARGIN_X, fy - 10, MARGIN_X + TEXT_W, fy - 10, 0.5, HAIR);
    for (size_t i = 0; i < n; i++) {
        PangoLayout *kl = lay(p, col ? col[i].label : fkeys[i], FS_BODY, 1,
                              0, PANGO_ALIGN_LEFT);
        const char *v = col ? col[i].value : fvals[i];
        PangoLayout *vl = lay(p, v ? v : "-", FS_BODY, 0, TEXT_W - kw,
                              PANGO_ALIGN_LEFT);
        double h = dmax(lay_h(kl), lay_h(vl));
        dl_tag(dl, I_TAG_BEGIN, "P");   /* "Inputfil x.csv" */
        dl_text(dl, kl, MARGIN_X, fy, MUTED);
        dl_text(dl, vl, MARGIN_X + kw, fy, INK);
        dl_tag(dl, I_TAG_END, "P");
        fy += h + 4;
    }
    return dmax(fy, y);
}

/* The internal edition's provenance page: the run's facts. */
static ak_status build_provenance(pdf *p, dlist *dl)
{
    double y = 0;
    dl_open(dl, B_ONCE, y);
    PangoLayout *h = lay(p, ak_output_words[AK_W_PROVENANCE], FS_SECTION, 1, TEXT_W,
                         PANGO_ALIGN_LEFT);
    y += dl_text(dl, h, MARGIN_X, y, ACCENT) + 14;
    y = foot_lines(p, dl, y, 0, p->meta, NULL);
    dl_close(dl, y);
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* ---- the appendix ---------------------------------------------------------- */

/* A plain table of text columns: widths w[], right-aligned where right[i].
 * hdr: header texts (a B_HEAD band).  Rows are added with grid_row(). */
typedef struct grid {
    size_t n;
    const double *w;
    const int *right;
} grid;

static double grid_x(const grid *g, size_t i)
{
    double x = MARGIN_X;
    for (size_t k = 0; k < i; k++)
        x += g->w[k];
    return x;
}

/* One row of a grid; numbers (right-aligned cells) stand on the last line
 * of the row, as in the tables.  Tagged as a table row of cells first_tag
 * (the first) and tag (the others): "TH" or "TD". */
static double grid_row(pdf *p, dlist *dl, const grid *g,
                       const char *const *cells, int bold, double size,
                       double y, const char *first_tag, const char *tag)
{
    PangoLayout *l[8];
    double dx[8] = {0};
    double h = 0;
    size_t n = g->n < 8 ? g->n : 8;
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i] ? cells[i] : "";
        l[i] = g->right[i] ? lay_right(p, c, size, bold, g->w[i] - PAD, &dx[i])
                           : lay(p, c, size, bold, g->w[i] - PAD,
                                 PANGO_ALIGN_LEFT);
        h = dmax(h, lay_h(l[i]));
    }
    dl_tag(dl, I_TAG_BEGIN, "TR");
    for (size_t i = 0; i < n; i++) {
        double off = g->right[i] ? h - lay_h(l[i]) : 0;
        /* the first column flush with the margin, as a table's labels */
        double x = grid_x(g, i) + dx[i] + (i == 0 || g->right[i] ? 0 : PAD);
        dl_text_as(dl, i == 0 ? first_tag : tag, l[i], x, y + ROW_PAD + off,
                   INK);
    }
    dl_tag(dl, I_TAG_END, "TR");
    return y + h + 2 * ROW_PAD;
}

static ak_status build_appendix(pdf *p, const ak_validator *v,
                                const ak_diags *d, int slot, dlist *dl)
{
    double y = 0;
    dl_open(dl, B_ONCE, y);
    dl_mark(dl, I_DEST, slot, MARGIN_X, y);
    PangoLayout *h = lay(p, ak_output_words[AK_W_APPENDIX], FS_SECTION, 1, TEXT_W,
                         PANGO_ALIGN_LEFT);
    y += dl_text_as(dl, "H2", h, MARGIN_X, y, ACCENT) + 14;

    /* The per-rule summary. */
    if (v) {
        const ak_rule_stat *st = NULL;
        size_t n = ak_validate_stats(v, &st);
        PangoLayout *sh = lay(p, ak_output_words[AK_W_RULES], FS_SUB, 1, TEXT_W,
                              PANGO_ALIGN_LEFT);
        y += dl_text_as(dl, "H3", sh, MARGIN_X, y, INK) + 8;
        dl_tag(dl, I_TAG_BEGIN, "Table");
        dl_close(dl, y);
        /* The summary's words, the same as in validering.txt/.csv. */
        const char *const *hdr = ak_validation_heads;
        double nw = 40;
        for (int i = 1; i < 5; i++)
            nw = dmax(nw, text_w(p, hdr[i], FS_HEAD, 0) + 2 * PAD);
        for (size_t i = 0; i < n; i++) {
            char num[32];
            ak_fmt_int(num, sizeof num, st[i].checked);
            nw = dmax(nw, text_w(p, num, FS_BODY, 0) + 2 * PAD);
        }
        const double w[5] = {TEXT_W - 4 * nw, nw, nw, nw, nw};
        const int right[5] = {0, 1, 1, 1, 1};
        grid g = {5, w, right};
        dl_open(dl, B_HEAD, y);
        dl_line(dl, MARGIN_X, y + 0.4, MARGIN_X + TEXT_W, y + 0.4, 0.8, INK);
        y = grid_row(p, dl, &g, hdr, 0, FS_HEAD, y + 1, "TH", "TH");
        dl_line(dl, MARGIN_X, y, MARGIN_X + TEXT_W, y, 0.5, INK);
        dl_close(dl, y);
        for (size_t i = 0; i < n; i++) {
            char nums[4][32];
            ak_fmt_int(nums[0], sizeof nums[0], st[i].checked);
            ak_fmt_int(nums[1], sizeof nums[1], st[i].passed);
            ak_fmt_int(nums[2], sizeof nums[2], st[i].failed);
            ak_fmt_int(nums[3], sizeof nums[3], st[i].blank);
            const char *cells[5] = {st[i].label ? st[i].label : st[i].rule,
                                    nums[0], nums[1], nums[2], nums[3]};
            dl_open(dl, B_ROW, y);
            y = grid_row(p, dl, &g, cells, 0, FS_BODY, y, "TH", "TD");
            if (i + 1 == n) {
                dl_line(dl, MARGIN_X, y, MARGIN_X + TEXT_W, y, 0.8, INK);
                dl_tag(dl, I_TAG_END, "Table");
            }
            dl_close(dl, y);
        }
        dl_open(dl, B_ONCE, y);
        if (n == 0)
            dl_tag(dl, I_TAG_END, "Table");
        y += 8;
        for (int i = 0; i < 2; i++) {
            PangoLayout *lg = lay(p, ak_validation_legend[i], FS_BODY, 0,
                                  TEXT_W, PANGO_ALIGN_LEFT);
            y += dl_text_as(dl, "P", lg, MARGIN_X, y, INK) + 4;
        }
        y += 16;
    }

    /* Problems in report order (an ak_diags_iter): the whole file's
     * first, then per municipality; at most AK_OUTPUT_PROBLEMS_SHOWN, the
     * rest counted. */
    size_t all = ak_diags_count(d);
    size_t nu = all < AK_OUTPUT_PROBLEMS_SHOWN ? all : AK_OUTPUT_PROBLEMS_SHOWN;
    ak_diags_iter *it = ak_diags_iter_new(d, AK_DIAGS_REPORT);
    if (!it)
        return AK_ERR_NOMEM;
    ak_diag_group gr = {0};

    PangoLayout *ph = lay(p, ak_output_words[AK_W_PROBLEMS], FS_SUB, 1, TEXT_W,
                          PANGO_ALIGN_LEFT);
    y += dl_text_as(dl, "H3", ph, MARGIN_X, y, INK) + 8;
    if (nu == 0) {
        PangoLayout *l = lay(p, ak_output_words[AK_W_NONE], FS_BODY, 0, TEXT_W,
                             PANGO_ALIGN_LEFT);
        y += dl_text_as(dl, "P", l, MARGIN_X, y, INK);
    } else {
        dl_tag(dl, I_TAG_BEGIN, "Table");
    }
    dl_close(dl, y);
    if (nu) {
        const double w[4] = {70, 85, TEXT_W - 70 - 85 - 110, 110};
        const int right[4] = {0, 0, 0, 0};
        grid g = {4, w, right};
        const char *hdr[4] = {ak_output_words[AK_W_QUESTION], ak_output_words[AK_W_VALUE],
                              ak_output_words[AK_W_MESSAGE], ak_output_words[AK_W_ACTION]};
        dl_open(dl, B_HEAD, y);
        dl_line(dl, MARGIN_X, y + 0.4, MARGIN_X + TEXT_W, y + 0.4, 0.8, INK);
        y = grid_row(p, dl, &g, hdr, 0, FS_HEAD, y + 1, "TH", "TH");
        dl_line(dl, MARGIN_X, y, MARGIN_X + TEXT_W, y, 0.5, INK);
        dl_close(dl, y);
        for (size_t i = 0; i < nu; i++) {
            const ak_diag *dg = ak_diags_next(it, NULL);
            int begins = dg ? ak_diag_group_begins(&gr, dg) : -1;
            if (begins < 0) {
                dl->oom = 1;
                break;
            }
            dl_open(dl, B_ROW, y);
            if (begins) {
                /* the municipality (or the whole file), kept with its
                 * first problem */
                char *who = !dg->unit ? g_strdup(ak_output_words[AK_W_WHOLE_FILE])
                            : dg->unit_name
                                ? g_strdup_printf("%s %s", dg->unit,
                                                  dg->unit_name)
                                : g_strdup(dg->unit);
                if (i > 0)
                    dl_line(dl, MARGIN_X, y, MARGIN_X + TEXT_W, y, 0.3, HAIR);
                PangoLayout *l = lay(p, who, FS_BODY, 1, TEXT_W - 2 * PAD,
                                     PANGO_ALIGN_LEFT);
                g_free(who);
                dl_tag(dl, I_TAG_BEGIN, "TR");
                y += dl_text_as(dl, "TH", l, MARGIN_X, y + 4, ACCENT) + 4;
                dl_tag(dl, I_TAG_END, "TR");
            }
            /* the question as printed and the input column: "14a (q14a)" */
            char *q = dg->column ? g_strdup_printf("%s (%s)",
                                                   dg->question ? dg->question
                                                                : "",
                                                   dg->column)
                                 : NULL;
            const char *cells[4] = {q ? q : dg->question, dg->value,
                                    dg->message, dg->action};
            y = grid_row(p, dl, &g, cells, 0, FS_HEAD, y, "TD", "TD");
            g_free(q);
            if (i + 1 == nu) {
                dl_line(dl, MARGIN_X, y, MARGIN_X + TEXT_W, y, 0.8, INK);
                dl_tag(dl, I_TAG_END, "Table");
            }
            dl_close(dl, y);
        }
        if (all > nu) {
            char *more = ak_asprintf(ak_output_words[AK_W_PROBLEMS_MORE],
                                     all - nu);
            if (!more) {
                dl->oom = 1;
            } else {
                dl_open(dl, B_ONCE, y);
                PangoLayout *l = lay(p, more, FS_BODY, 0, TEXT_W,
                                     PANGO_ALIGN_LEFT);
                y += 4 + dl_text_as(dl, "P", l, MARGIN_X, y + 4, INK);
                dl_close(dl, y);
                ak_free(more);
            }
        }
    }
    ak_diag_group_clear(&gr);
    ak_diags_iter_free(it);
    dl->split_ok = 1;
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}


/* ---- the document ------------------------------------------------------------ */

/* One pass over the whole document (paginating or drawing). */
/* Place the block dl holds if st (how building it went) is AK_OK; free
 * the block either way and pass st on. */
static ak_status place_built(pdf *p, dlist *dl, ak_status st)
{
    if (st == AK_OK)
        place(p, dl);
    dl_free(dl);
    return st;
}

/* ---- the text: ak_results.blocks ---------------------------------------- */

/*
 * With text templates (r->has_text) the body is the document's blocks in
 * order: headings, paragraphs and the tables where the text places them.
 * A heading is kept with the block after it: it waits in p->pend and is
 * laid out at the top of that block (text_pending, also called from
 * heading() for tables and figures).  A chapter (level 1) starts a page.
 * Each heading is a destination (slot ntables + 1 + block index) for the
 * contents and the outline.  Blocks marked internal only in the internal
 * edition.
 */
#define FS_TEXT 10.0        /* running text */
#define PARA_GAP 7.0        /* space before a paragraph */

static int block_slot(const pdf *p, size_t b)
{
    return (int)(p->r->ntables + 1 + b);
}

static int block_shown(const pdf *p, const ak_docblock *b)
{
    return !b->internal || p->internal;
}

/* "2.1.4 Personkredsens ..." (number and text), new; g_free(). */
static char *heading_text(const ak_docblock *b)
{
    return g_strdup_printf("%s%s%s", b->number ? b->number : "",
                           b->number ? " " : "", b->text ? b->text : "");
}

static const double heading_size[5] = {FS_SECTION, FS_SECTION + 2,
                                       FS_SUB + 1.5, FS_SUB + 0.5,
                                       FS_TEXT + 0.5};

static double text_pending(pdf *p, dlist *dl, double y)
{
    for (size_t i = 0; i < p->npend; i++) {
        const ak_docblock *b = &p->r->blocks[p->pend[i]];
        int lv = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
        if (i > 0)
            y += lv <= 2 ? 10 : 6;
        dl_mark(dl, I_DEST, block_slot(p, p->pend[i]), MARGIN_X, y);
        char *h = heading_text(b);
        PangoLayout *l = lay(p, h, heading_size[lv], 1, TEXT_W,
                             PANGO_ALIGN_LEFT);
        g_free(h);
        /* chapters H2 under the title's H1, sections H3, subsections
         * H4; a run-in heading one below the heading it stands under */
        static const char *const htag[7] = {"H1", "H1", "H2", "H3",
                                            "H4", "H5", "H6"};
        int hl = lv < 4 ? lv + 1 : (p->hlevel < 6 ? p->hlevel + 1 : 6);
        if (lv < 4)
            p->hlevel = hl;
        y += dl_text_as(dl, htag[hl], l, MARGIN_X, y,
                        lv == 4 ? INK : ACCENT) + (lv == 4 ? 4 : 8);
    }
    p->npend = 0;
    return y;
}

/* A paragraph (with the headings waiting for it). */
static ak_status build_para(pdf *p, const ak_docblock *b, dlist *dl)
{
    double y = 0;
    dl_open(dl, B_ONCE, y);
    y = text_pending(p, dl, y);
    PangoLayout *l = lay(p, b->text, FS_TEXT, 0, TEXT_W, PANGO_ALIGN_LEFT);
    y += dl_text_as(dl, "P", l, MARGIN_X, y, INK);
    dl_close(dl, y);
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* The body from the blocks. */
static ak_status text_body(pdf *p)
{
    const ak_results *r = p->r;
    ak_status st = AK_OK;
    dlist dl;
    p->npend = 0;
    for (size_t i = 0; i < r->nblocks && st == AK_OK; i++) {
        const ak_docblock *b = &r->blocks[i];
        if (!block_shown(p, b))
            continue;
        if (b->kind == AK_BLOCK_HEADING) {
            if (b->level <= 1 && p->npend == 0 && !at_top(p))
                page_break(p);
            p->pend[p->npend++] = i;
            continue;
        }
        double gap = p->npend ? SECTION_GAP
                     : b->kind == AK_BLOCK_PARAGRAPH ? PARA_GAP : BLOCK_GAP;
        dl_init(&dl, gap, b->kind == AK_BLOCK_TABLE);
        if (b->kind == AK_BLOCK_PARAGRAPH) {
            st = place_built(p, &dl, build_para(p, b, &dl));
        } else {
            const ak_rtable *t = &r->tables[b->table];
            st = t->is_figure
                     ? build_figure(p, t, (int)b->table, NULL, NULL, &dl)
                     : build_table(p, t, (int)b->table, NULL, NULL, &dl);
            dl.split_ok = !t->is_figure;
            st = place_built(p, &dl, st);
        }
    }
    if (st == AK_OK && p->npend) {   /* headings at the very end */
        dl_init(&dl, SECTION_GAP, 0);
        dl_open(&dl, B_ONCE, 0);
        double y = text_pending(p, &dl, 0);
        dl_close(&dl, y);
        st = place_built(p, &dl, dl.oom ? AK_ERR_NOMEM : AK_OK);
    }
    return st;
}

/* ---- the contents ---------------------------------------------------------- */

/* One line of the contents.  Without text templates a line is a table's
 * (caption and title, the chapter and section headings above it when they
 * change) or a plain bold one (the appendices); with them every line is a
 * heading of level 1-3, indented by level. */
typedef enum { TOC_TABLE, TOC_PLAIN, TOC_HEADING } toc_kind;

typedef struct {
    toc_kind kind;
    int level;              /* TOC_HEADING: 1-3 */
    int slot;               /* the destination the line links to */
    double gap;             /* space above the line */
    const char *chap, *sec; /* TOC_TABLE: headings above the line, or NULL */
    const char *caption;    /* TOC_TABLE: "Tabel 2.1" */
    const char *text;       /* the title or heading text */
    char *own;              /* text when allocated (GLib: g_free) */
} toc_entry;

typedef struct {
    toc_entry *e;
    size_t n, cap;
    int oom;
} toc_list;

/* A new zeroed entry at the end of l, or NULL (l->oom) when out of memory. */
static toc_entry *toc_add(toc_list *l, toc_kind kind, int slot)
{
    if (ak_grow(&l->e, &l->cap, l->n, sizeof *l->e, 32) != 0) {
        l->oom = 1;
        return NULL;
    }
    toc_entry *e = &l->e[l->n++];
    memset(e, 0, sizeof *e);
    e->kind = kind;
    e->slot = slot;
    return e;
}

/* The validation appendix (internal edition) and the comparison appendix
 * (with --compare) as lines of kind kind; gap_app: space above the first. */
static void toc_add_appendices(pdf *p, toc_list *l, size_t appendix_slot,
                               toc_kind kind, double gap_app, double gap_cmp)
{
    toc_entry *e;
    if (p->internal && (e = toc_add(l, kind, (int)appendix_slot))) {
        e->level = 1;
        e->gap = gap_app;
        e->text = ak_output_words[AK_W_APPENDIX];
    }
    if (p->prev && (e = toc_add(l, kind, compare_slot(p)))) {
        e->level = 1;
        e->gap = gap_cmp;
        e->text = e->own = g_strdup_printf(ak_output_words[AK_W_CMP_TITLE],
                                           ak_prev_year(p->prev));
    }
}

static void toc_free(toc_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        g_free(l->e[i].own);
    ak_free(l->e);
}

/* The contents: the heading, then one linked line per entry with the page
 * number of the paginating pass; the last line ends the TOC element. */
static ak_status build_toc_lines(pdf *p, dlist *dl, const toc_list *l)
{
    double y = 0;
    dl_open(dl, B_ONCE, y);
    PangoLayout *h = lay(p, ak_output_words[AK_W_CONTENTS], FS_SECTION, 1, TEXT_W,
                         PANGO_ALIGN_LEFT);
    y += dl_text_as(dl, "H2", h, MARGIN_X, y, ACCENT) + 14;
    dl_tag(dl, I_TAG_BEGIN, "TOC");
    dl_close(dl, y);
    double capw = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].caption)
            capw = dmax(capw, text_w(p, l->e[i].caption, FS_BODY, 1));
    capw += 10;
    double numw = 30;
    if (l->n == 0) {
        dl_open(dl, B_ROW, y);
        dl_tag(dl, I_TAG_END, "TOC");
        dl_close(dl, y);
    }
    for (size_t i = 0; i < l->n; i++) {
        const toc_entry *e = &l->e[i];
        dl_open(dl, B_ROW, y);
        if (e->chap) {
            y += 8;
            PangoLayout *s = lay(p, e->chap, FS_BODY + 1, 1, TEXT_W - numw,
                                 PANGO_ALIGN_LEFT);
            y += dl_text_as(dl, "TOCI", s, MARGIN_X, y, ACCENT) + 3;
        }
        if (e->sec) {
            y += e->chap ? 1 : 6;
            PangoLayout *s = lay(p, e->sec, FS_BODY, 1, TEXT_W - numw,
                                 PANGO_ALIGN_LEFT);
            y += dl_text_as(dl, "TOCI", s, MARGIN_X, y, ACCENT) + 3;
        }
        y += e->gap;
        dl_tag(dl, I_TAG_BEGIN, "TOCI");
        dl_mark(dl, I_LINK_BEGIN, e->slot, 0, 0);
        double lh;
        if (e->kind == TOC_TABLE) {
            PangoLayout *c = lay(p, e->caption ? e->caption : "", FS_BODY, 1,
                                 0, PANGO_ALIGN_LEFT);
            PangoLayout *ti = lay(p, e->text ? e->text : "", FS_BODY, 0,
                                  TEXT_W - capw - numw - 10,
                                  PANGO_ALIGN_LEFT);
            /* caption, then title: in this order on every compiler
             * (the structure reads it so), each in a span of its own */
            lh = dl_text_as(dl, "Span", c, MARGIN_X, y, INK);
            lh = dmax(lh, dl_text_as(dl, "Span", ti, MARGIN_X + capw, y,
                                     INK));
        } else if (e->kind == TOC_PLAIN) {
            PangoLayout *c = lay(p, e->text, FS_BODY, 1, 0, PANGO_ALIGN_LEFT);
            lh = dl_text(dl, c, MARGIN_X, y, INK);
        } else {
            int lv = e->level;
            double ind = 14.0 * (lv - 1);
            PangoLayout *c = lay(p, e->text, FS_BODY + (lv == 1 ? 1 : 0),
                                 lv == 1, TEXT_W - numw - ind - 10,
                                 PANGO_ALIGN_LEFT);
            lh = dl_text_as(dl, "Span", c, MARGIN_X + ind, y,
                            lv == 1 ? ACCENT : INK);
        }
        char pg[16];
        snprintf(pg, sizeof pg, "%d",
                 (size_t)e->slot < p->nslots ? p->slot_page[e->slot] : 0);
        PangoLayout *pl = lay(p, pg, FS_BODY, 0, numw, PANGO_ALIGN_RIGHT);
        dl_text_as(dl, "Span", pl, MARGIN_X + TEXT_W - numw, y, INK);
        dl_mark(dl, I_LINK_END, e->slot, 0, 0);
        dl_tag(dl, I_TAG_END, "TOCI");
        if (i + 1 == l->n)   /* the last line */
            dl_tag(dl, I_TAG_END, "TOC");
        y += lh + 3;
        dl_close(dl, y);
    }
    dl->split_ok = 1;
    return dl->oom ? AK_ERR_NOMEM : AK_OK;
}

/* The contents' lines: without text templates one per table and figure
 * under its chapter and section; with them the headings of levels 1-3
 * from the blocks; then the appendices. */
static ak_status build_toc(pdf *p, dlist *dl, size_t appendix_slot)
{
    const ak_results *r = p->r;
    toc_list l = {0};
    if (r->has_text) {
        for (size_t i = 0; i < r->nblocks; i++) {
            const ak_docblock *b = &r->blocks[i];
            if (b->kind != AK_BLOCK_HEADING || b->level > 3 ||
                !block_shown(p, b))
                continue;
            toc_entry *e = toc_add(&l, TOC_HEADING, block_slot(p, i));
            if (!e)
                break;
            e->level = b->level < 1 ? 1 : b->level;
            e->gap = e->level == 1 ? 6 : 0;
            e->text = e->own = heading_text(b);
        }
        toc_add_appendices(p, &l, appendix_slot, TOC_HEADING, 6, 6);
    } else {
        for (size_t i = 0; i < r->ntables; i++) {
            toc_entry *e = toc_add(&l, TOC_TABLE, (int)i);
            if (!e)
                break;
            ak_output_headings(r, i, &e->chap, &e->sec);
            e->caption = r->tables[i].caption;
            e->text = r->tables[i].title;
        }
        toc_add_appendices(p, &l, appendix_slot, TOC_PLAIN, 10, 0);
    }
    ak_status st = l.oom ? AK_ERR_NOMEM : build_toc_lines(p, dl, &l);
    toc_free(&l);
    return st;
}

/* Table i's outline entry ("Tabel 2.1 Titel") under parent. */
static void outline_table(pdf *p, int parent, size_t i)
{
    const ak_rtable *t = &p->r->tables[i];
    char attr[32];
    snprintf(attr, sizeof attr, "dest='d%zu'", i);
    char *name = g_strdup_printf("%s %s", t->caption ? t->caption : "",
                                 t->title ? t->title : "");
    char *c = clean_text(g_strstrip(name));
    cairo_pdf_surface_add_outline(p->sf, parent, c, attr, 0);
    g_free(c);
    g_free(name);
}

/* The outline entries of the validation appendix (internal edition) and
 * the comparison appendix (with --compare). */
static void outline_appendices(pdf *p)
{
    char attr[64];
    if (p->internal) {
        snprintf(attr, sizeof attr, "dest='d%zu'", p->r->ntables);
        cairo_pdf_surface_add_outline(p->sf, CAIRO_PDF_OUTLINE_ROOT,
                                      ak_output_words[AK_W_APPENDIX], attr, 0);
    }
    if (!p->prev)
        return;
    char *ct = g_strdup_printf(ak_output_words[AK_W_CMP_TITLE],
                               ak_prev_year(p->prev));
    snprintf(attr, sizeof attr, "dest='d%d'", compare_slot(p));
    cairo_pdf_surface_add_outline(p->sf, CAIRO_PDF_OUTLINE_ROOT, ct, attr, 0);
    g_free(ct);
}

/* The outline from the blocks: headings nested by level, tables under the
 * heading before them. */
static void outline_text(pdf *p)
{
    const ak_results *r = p->r;
    int parent[6] = {CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT,
                     CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT,
                     CAIRO_PDF_OUTLINE_ROOT, CAIRO_PDF_OUTLINE_ROOT};
    int cur = CAIRO_PDF_OUTLINE_ROOT;
    char attr[32];
    for (size_t i = 0; i < r->nblocks; i++) {
        const ak_docblock *b = &r->blocks[i];
        if (!block_shown(p, b) || b->kind == AK_BLOCK_PARAGRAPH)
            continue;
        if (b->kind == AK_BLOCK_HEADING) {
            if (b->level > 3)
                continue;
            int lv = b->level < 1 ? 1 : b->level;
            snprintf(attr, sizeof attr, "dest='d%d'", block_slot(p, i));
            char *h = heading_text(b);
            char *c = clean_text(h);
            cur = cairo_pdf_surface_add_outline(p->sf, parent[lv - 1], c,
                                                attr, 0);
            g_free(c);
            g_free(h);
            for (int k = lv; k < 6; k++)
                parent[k] = cur;
            continue;
        }
        outline_table(p, cur, b->table);
    }
    outline_appendices(p);
}

/* ---- the comparison appendix (--compare) ----------------------------------- */

/* Building state: one block per table, placed when the next one starts. */
typedef struct cmpbuild {
    pdf *p;
    dlist dl;
    int open;              /* dl holds a block not yet placed */
    double y;
    const char *table;     /* the table of the open block (borrowed from
                              the results or last year's file) */
    const ak_rtable *t;    /* this year's table, or NULL */
    const char *measure;   /* the measure shown for it */
    const char *last_key;  /* row key of the previous line */
    int in_table;          /* a Table tag is open */
    ak_status st;
} cmpbuild;

static void cmp_flush(cmpbuild *b)
{
    if (!b->open)
        return;
    if (b->in_table) {
        dl_open(&b->dl, B_ROW, b->y);
        dl_tag(&b->dl, I_TAG_END, "Table");
        dl_close(&b->dl, b->y);
        b->in_table = 0;
    }
    b->dl.split_ok = 1;
    ak_status st = place_built(b->p, &b->dl,
                               b->dl.oom ? AK_ERR_NOMEM : AK_OK);
    if (b->st == AK_OK)
        b->st = st;
    b->open = 0;
}

static const double cmp_w[6] = {138, 118, 34, 34, 66, TEXT_W - 390};
static const int cmp_right[6] = {0, 0, 1, 1, 1, 0};

static ak_status cmp_line(const ak_compare_line *l, void *ud)
{
    cmpbuild *b = ud;
    pdf *p = b->p;
    grid g = {6, cmp_w, cmp_right};
    if (!b->table || strcmp(b->table, l->table) != 0) {
        cmp_flush(b);
        if (b->st != AK_OK)
            return b->st;
        b->table = l->table;
        b->t = ak_results_table(p->r, l->table);
        b->measure = ak_output_compare_measure(b->t);
        b->last_key = NULL;
        dl_init(&b->dl, BLOCK_GAP, 1);
        b->open = 1;
        b->y = 0;
        dl_open(&b->dl, B_ONCE, b->y);
        char *title = b->t ? g_strdup_printf("%s  %s", b->t->caption ? b->t->caption : b->t->id,
                                             b->t->title ? b->t->title : "")
                           : g_strdup(l->table);
        PangoLayout *tl = lay(p, title, FS_TITLE, 1, TEXT_W, PANGO_ALIGN_LEFT);
        g_free(title);
        b->y += dl_text_as(&b->dl, "H3", tl, MARGIN_X, b->y, INK) + 6;
        dl_close(&b->dl, b->y);
        if (!l->table_only) {
            char ly[16], ty[16];
            snprintf(ly, sizeof ly, "%d", l->last_year);
            snprintf(ty, sizeof ty, "%d", l->this_year);
            const char *hdr[6] = {ak_output_words[AK_W_CMP_ROW], ak_output_words[AK_W_CMP_COL], ly, ty,
                                  strcmp(b->measure ? b->measure : "",
                                         "procent") == 0
                                      ? ak_output_words[AK_W_CMP_PP] : ak_output_words[AK_W_CMP_CHANGE],
                                  ak_output_words[AK_W_CMP_NOTE]};
            dl_open(&b->dl, B_ONCE, b->y);
            dl_tag(&b->dl, I_TAG_BEGIN, "Table");
            dl_close(&b->dl, b->y);
            b->in_table = 1;
            dl_open(&b->dl, B_HEAD, b->y);
            dl_line(&b->dl, MARGIN_X, b->y + 0.4, MARGIN_X + TEXT_W,
                    b->y + 0.4, 0.8, INK);
            b->y = grid_row(p, &b->dl, &g, hdr, 0, FS_NOTE, b->y + 1, "TH",
                            "TH");
            dl_line(&b->dl, MARGIN_X, b->y, MARGIN_X + TEXT_W, b->y, 0.5, INK);
            dl_close(&b->dl, b->y);
        }
    }
    if (l->table_only) {
        dl_open(&b->dl, B_ONCE, b->y);
        PangoLayout *nl = lay(p, l->note, FS_NOTE, 0, TEXT_W, PANGO_ALIGN_LEFT);
        b->y += dl_text_as(&b->dl, "P", nl, MARGIN_X, b->y, MUTED) + 4;
        dl_close(&b->dl, b->y);
        return AK_OK;
    }
    if (!b->measure || strcmp(l->measure, b->measure) != 0)
        return AK_OK;
    char colbuf[512];
    const char *colname = ak_output_compare_column(b->t, l->column, colbuf,
                                                   sizeof colbuf);
    char lv[32], tv[32], ch[40];
    ak_output_compare_number(lv, sizeof lv, l->last_value, 0);
    ak_output_compare_number(tv, sizeof tv, l->value, 0);
    ak_output_compare_number(ch, sizeof ch, l->change, 1);
    int first = !b->last_key || strcmp(b->last_key, l->row_key) != 0;
    b->last_key = l->row_key;
    const char *cells[6] = {first ? l->row_label : "", colname, lv, tv, ch,
                            l->note};
    dl_open(&b->dl, B_ROW, b->y);
    if (first)
        dl_line(&b->dl, MARGIN_X, b->y, MARGIN_X + TEXT_W, b->y, 0.3, HAIR);
    b->y = grid_row(p, &b->dl, &g, cells, 0, FS_NOTE, b->y, "TH", "TD");
    dl_close(&b->dl, b->y);
    return b->dl.oom ? AK_ERR_NOMEM : AK_OK;
}

static ak_status build_compare(pdf *p, int slot)
{
    dlist dl;
    dl_init(&dl, 0, 1);
    double y = 0;
    dl_open(&dl, B_ONCE, y);
    dl_mark(&dl, I_DEST, slot, MARGIN_X, y);
    char *title = g_strdup_printf(ak_output_words[AK_W_CMP_TITLE], ak_prev_year(p->prev));
    PangoLayout *h = lay(p, title, FS_SECTION, 1, TEXT_W, PANGO_ALIGN_LEFT);
    g_free(title);
    y += dl_text_as(&dl, "H2", h, MARGIN_X, y, ACCENT) + 10;
    char *intro = g_strdup_printf(ak_output_words[AK_W_CMP_INTRO], p->r->year,
                                  ak_prev_year(p->prev));
    PangoLayout *il = lay(p, intro, FS_BODY, 0, TEXT_W, PANGO_ALIGN_LEFT);
    g_free(intro);
    y += dl_text_as(&dl, "P", il, MARGIN_X, y, INK) + 6;
    /* how many answered both years; with --panel the numbers are theirs */
    const ak_report *rep = p->rep;
    const ak_results *cmp = rep && rep->panel_res ? rep->panel_res : p->r;
    if (rep && rep->panel) {
        char *both = g_strdup_printf(
            ak_output_words[rep->panel_res ? AK_W_CMP_PANEL : AK_W_CMP_BOTH],
            ak_panel_count(rep->panel), ak_output_units(rep));
        PangoLayout *bl = lay(p, both, FS_BODY, 0, TEXT_W, PANGO_ALIGN_LEFT);
        g_free(both);
        y += dl_text_as(&dl, "P", bl, MARGIN_X, y, INK) + 6;
    }
    dl_close(&dl, y);
    ak_status st = place_built(p, &dl, dl.oom ? AK_ERR_NOMEM : AK_OK);
    if (st != AK_OK)
        return st;
    cmpbuild b = {0};
    b.p = p;
    st = ak_compare_run(cmp, p->prev_cmp, rep ? ak_output_units(rep) : NULL,
                        cmp_line, &b);
    cmp_flush(&b);
    if (b.open)
        dl_free(&b.dl);
    return st != AK_OK ? st : b.st;
}


static ak_status document(pdf *p, const ak_validator *v, const ak_diags *d)
{
    const ak_results *r = p->r;
    size_t appendix_slot = r->ntables;
    ak_status st;
    dlist dl;

    p->page = 1;
    p->y = TOP;
    if (p->draw)
        cairo_tag_begin(p->cr, "Document", NULL);
    dl_init(&dl, 0, 0);
    st = place_built(p, &dl, build_front(p, &dl));
    if (st != AK_OK)
        return st;
    if (p->internal) {
        page_break(p);
        dl_init(&dl, 0, 0);
        st = place_built(p, &dl, build_provenance(p, &dl));
        if (st != AK_OK)
            return st;
    }

    page_break(p);
    dl_init(&dl, 0, 1);
    st = place_built(p, &dl, build_toc(p, &dl, appendix_slot));
    if (st != AK_OK)
        return st;

    page_break(p);
    if (r->has_text) {
        st = text_body(p);
        if (st != AK_OK)
            return st;
    }
    for (size_t i = 0; !r->has_text && i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        const char *chap, *sec;
        ak_output_headings(r, i, &chap, &sec);
        dl_init(&dl, chap || sec ? SECTION_GAP : BLOCK_GAP, 1);
        st = t->is_figure ? build_figure(p, t, (int)i, chap, sec, &dl)
                          : build_table(p, t, (int)i, chap, sec, &dl);
        /* a figure is one picture: never split */
        dl.split_ok = !t->is_figure;
        st = place_built(p, &dl, st);
        if (st != AK_OK)
            return st;
    }

    if (p->internal) {   /* named municipalities' answers: internal only */
        page_break(p);
        dl_init(&dl, 0, 1);
        st = place_built(p, &dl,
                         build_appendix(p, v, d, (int)appendix_slot, &dl));
        if (st != AK_OK)
            return st;
    }
    if (p->prev) {
        page_break(p);
        st = build_compare(p, compare_slot(p));
        if (st != AK_OK)
            return st;
    }
    footer(p);
    if (p->draw)
        cairo_tag_end(p->cr, "Document");
    return AK_OK;
}

/* The outline: chapters and sections as parents, a link per table and
 * figure, and the appendix. */
static void outline(pdf *p)
{
    const ak_results *r = p->r;
    int chap_id = CAIRO_PDF_OUTLINE_ROOT, sec_id = -1;
    char attr[32];
    for (size_t i = 0; i < r->ntables; i++) {
        const ak_rtable *t = &r->tables[i];
        const char *chap, *sec;
        ak_output_headings(r, i, &chap, &sec);
        snprintf(attr, sizeof attr, "dest='d%zu'", i);
        if (!t->chapter)
            chap_id = CAIRO_PDF_OUTLINE_ROOT;
        if (!t->section)
            sec_id = -1;
        if (chap) {
            char *s = clean_text(chap);
            chap_id = cairo_pdf_surface_add_outline(
                p->sf, CAIRO_PDF_OUTLINE_ROOT, s, attr,
                CAIRO_PDF_OUTLINE_FLAG_OPEN);
            g_free(s);
            sec_id = -1;
        }
        if (sec) {
            char *s = clean_text(sec);
            sec_id = cairo_pdf_surface_add_outline(
                p->sf, chap_id, s, attr, CAIRO_PDF_OUTLINE_FLAG_OPEN);
            g_free(s);
        }
        outline_table(p, sec_id >= 0 ? sec_id : chap_id, i);
    }
    outline_appendices(p);
}

static void metadata(pdf *p)
{
    const ak_results *r = p->r;
    const ak_report_meta *mt = p->meta;
    char date[40];
    iso_date(date, sizeof date, mt ? mt->made : 0);
    char *title = r->report_title ? clean_text(r->report_title) : NULL;
    char *subject = g_strdup_printf("%s %d", ak_output_words[AK_W_YEAR], r->year);
    char *creator = g_strdup_printf("ankestat %s",
                                    mt && mt->version ? mt->version : "");
    if (title)
        cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_TITLE,
                                       title);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_AUTHOR,
                                   ak_output_words[AK_W_AUTHOR]);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_SUBJECT,
                                   subject);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_CREATOR,
                                   creator);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_CREATE_DATE,
                                   date);
    cairo_pdf_surface_set_metadata(p->sf, CAIRO_PDF_METADATA_MOD_DATE, date);
    g_free(title);
    g_free(subject);
    g_free(creator);
}

/* cairo's output stream: a FILE that remembers a failed write. */
typedef struct sink {
    FILE *f;
    int err;
} sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data,
                                 unsigned int length)
{
    sink *s = closure;
    /* A write error is latched here and reported after the surface is
     * finished, never returned to cairo: cairo 1.16 asserts in
     * cairo_surface_finish() on a PDF surface whose stream failed
     * mid-document (seen with ENOSPC), aborting the process. */
    if (!s->err && fwrite(data, 1, length, s->f) != length)
        s->err = errno ? errno : EIO;
    return CAIRO_STATUS_SUCCESS;
}

/* Where Debian's fonts-dejavu-core keeps the two faces of the report. */
static const char *const font_files[2] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};

/* The file of DejaVu Sans (bold or regular) as the system's fontconfig
 * configuration sys knows it, for systems that keep it elsewhere; NULL
 * when it has none.  The string belongs to *match (FcPatternDestroy). */
static const char *system_font_file(FcConfig *sys, int bold,
                                    FcPattern **match)
{
    *match = NULL;
    FcPattern *pat = FcPatternCreate();
    if (!pat)
        return NULL;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)FONT_FAMILY);
    FcPatternAddInteger(pat, FC_WEIGHT,
                        bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
    FcPatternAddInteger(pat, FC_WIDTH, FC_WIDTH_NORMAL);
    FcConfigSubstitute(sys, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(sys, pat, &res);
    FcPatternDestroy(pat);
    FcChar8 *fam = NULL, *file = NULL;
    int w = 0;
    if (!m || FcPatternGetString(m, FC_FAMILY, 0, &fam) != FcResultMatch ||
        g_ascii_strcasecmp((const char *)fam, FONT_FAMILY) != 0 ||
        FcPatternGetInteger(m, FC_WEIGHT, 0, &w) != FcResultMatch ||
        (w >= FC_WEIGHT_BOLD) != (bold != 0) ||
        FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
        if (m)
            FcPatternDestroy(m);
        return NULL;
    }
    *match = m;
    return (const char *)file;
}

/*
 * A font map that knows DejaVu Sans regular and bold and nothing else, or
 * NULL when either file is not found.
 *
 * The system's fontconfig configuration is what makes a default font map
 * slow to start: it parses every configuration file and the cache of every
 * installed font, applies dozens of substitution rules to every pattern,
 * and sorts all installed fonts for every size and weight the document
 * uses.  A private configuration with the two files the PDF embeds skips
 * all of that, and the PDF no longer depends on which other fonts are
 * installed.  The system configuration is read only when the files are not
 * where Debian puts them.
 */
static PangoFontMap *private_font_map(void)
{
    FcConfig *cfg = FcConfigCreate();
    FcConfig *sys = NULL;
    int ok = cfg != NULL;
    for (int b = 0; b < 2 && ok; b++) {
        if (FcConfigAppFontAddFile(cfg, (const FcChar8 *)font_files[b]))
            continue;
        if (!sys)
            sys = FcInitLoadConfigAndFonts();
        FcPattern *m = NULL;
        const char *file = sys ? system_font_file(sys, b, &m) : NULL;
        ok = file && FcConfigAppFontAddFile(cfg, (const FcChar8 *)file);
        if (m)
            FcPatternDestroy(m);
    }
    if (sys)
        FcConfigDestroy(sys);
    /* The private configuration becomes the process's current one until
     * font_map_release().  A new font map takes the current
     * configuration when it first needs one, and the FcInit() that Pango
     * 1.50 runs for every new font map finds it and loads nothing.  (Not
     * pango_fc_font_map_set_config(): in Pango 1.50 the font map never
     * releases a configuration set that way.) */
    PangoFontMap *fm = NULL;
    if (ok && FcConfigSetCurrent(cfg)) {
        fm = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
        if (!fm)
            FcConfigSetCurrent(NULL);
    }
    if (cfg)
        FcConfigDestroy(cfg);   /* the current-configuration slot holds it */
    return fm;
}

/*
 * Release the font map, and with private_fc the configuration of
 * private_font_map(): no current configuration any more (a later FcInit()
 * loads the system's again).
 *
 * Pango 1.50 matches and sorts fonts in a thread of its own, and every
 * request still queued there holds the font map and copies of the
 * configuration's fonts.  Wait (at most 2 s) until that thread has let go
 * of them, so that everything made here is freed when ak_render_pdf()
 * returns, also when a run fails early and the process ends at once.
 */
static void font_map_release(PangoFontMap *fm, int private_fc)
{
    GWeakRef wr;
    g_weak_ref_init(&wr, fm);
    g_object_unref(fm);
    for (int i = 0; i < 2000; i++) {
        GObject *o = g_weak_ref_get(&wr);
        if (!o)
            break;
        g_object_unref(o);
        g_usleep(1000);
    }
    g_weak_ref_clear(&wr);
    if (private_fc)
        FcConfigSetCurrent(NULL);
}

/* Warn when fontconfig substitutes another face for DejaVu Sans. */
static void check_font(pdf *p, ak_diags *out)
{
    PangoFontDescription *fd = pango_font_description_from_string(
        FONT_FAMILY " 9");     /* the body size: loaded anyway */
    PangoFont *f = pango_font_map_load_font(p->fm, p->pc, fd);
    pango_font_description_free(fd);
    const char *fam = NULL;
    PangoFontDescription *got = f ? pango_font_describe(f) : NULL;
    if (got)
        fam = pango_font_description_get_family(got);
    if (out && (!fam || g_ascii_strcasecmp(fam, FONT_FAMILY) != 0))
        ak_diags_addf(out, AK_SEV_WARNING, "pdf", NULL, 0, 0,
                      "skrifttypen '%s' er ikke installeret; bruger '%s' "
                      "(installer pakken fonts-dejavu-core)",
                      FONT_FAMILY, fam ? fam : "?");
    if (got)
        pango_font_description_free(got);
    if (f)
        g_object_unref(f);
}

static ak_status render_pdf(const ak_results *r, const ak_validator *v,
                            const ak_diags *d, const ak_report_meta *meta,
                            const ak_prev *prev,
                            const ak_prev *prev_cmp,
                            const ak_report *rep, const char *path,
                            const char *shown, ak_diags *out_diags);

ak_status ak_render_pdf(const ak_results *r, const ak_validator *v,
                        const ak_diags *d, const ak_report_meta *meta,
                        const char *path, const char *shown,
                        ak_diags *out_diags)
{
    return render_pdf(r, v, d, meta, NULL, NULL, NULL, path, shown,
                      out_diags);
}

/* ak_render_pdf() with the comparison appendix when prev is given (its
 * numbers from prev_cmp: ak_report.prev_cmp). */
static ak_status render_pdf(const ak_results *r, const ak_validator *v,
                            const ak_diags *d, const ak_report_meta *meta,
                            const ak_prev *prev,
                            const ak_prev *prev_cmp,
                            const ak_report *rep, const char *path,
                            const char *shown, ak_diags *out_diags)
{
    if (!r || !path)
        return AK_ERR_USAGE;
    if (!shown)
        shown = path;
    ak_status st = AK_OK;
    pdf p;
    memset(&p, 0, sizeof p);
    p.r = r;
    p.meta = meta;
    p.prev = prev;
    p.prev_cmp = prev_cmp;
    p.rep = rep;
    p.nslots = r->ntables + 2 + r->nblocks;
    p.pend = ak_calloc(r->nblocks + 1, sizeof *p.pend);
    p.internal = meta && meta->internal;
    if (!p.pend)
        return AK_ERR_NOMEM;
    p.slot_page = ak_calloc(p.nslots, sizeof *p.slot_page);
    if (!p.slot_page) {
        ak_free(p.pend);
        return AK_ERR_NOMEM;
    }

    sink out = {fopen(path, "wb"), 0};
    if (!out.f) {
        if (out_diags)
            ak_diags_addf(out_diags, AK_SEV_FATAL, "pdf", shown, 0, 0,
                          "kan ikke oprette pdf-filen: %s", ak_errno_text(errno));
        ak_free(p.slot_page);
        ak_free(p.pend);
        return AK_ERR_IO;
    }

    p.fm = private_font_map();
    int private_fc = p.fm != NULL;
    if (!p.fm)
        p.fm = pango_cairo_font_map_new();   /* check_font() warns */
    /* 72 dpi for the font map too, not only for the context: Pango measures
     * each font's line height with a context of the font map's own, and at
     * another resolution that asks fontconfig for a second set of fonts. */
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(p.fm), 72);
    p.pc = pango_font_map_create_context(p.fm);
    p.lays = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                   g_object_unref);
    pango_cairo_context_set_resolution(p.pc, 72);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p.pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(p.pc, FALSE);
    pango_context_set_language(p.pc, pango_language_from_string("da"));
    check_font(&p, out_diags);

    /* Pass 1: paginate. */
    p.draw = 0;
    st = document(&p, v, d);
    p.npages = p.page;

    /* Pass 2: draw. */
    if (st == AK_OK) {
        p.sf = cairo_pdf_surface_create_for_stream(sink_write, &out, PAGE_W,
                                                   PAGE_H);
        cairo_pdf_surface_restrict_to_version(p.sf, CAIRO_PDF_VERSION_1_5);
        p.cr = cairo_create(p.sf);
        metadata(&p);
        p.draw = 1;
        st = document(&p, v, d);
        if (st == AK_OK) {
            cairo_show_page(p.cr);
            if (r->has_text)
                outline_text(&p);
            else
                outline(&p);
        }
        cairo_status_t cs = cairo_status(p.cr);
        cairo_destroy(p.cr);
        cairo_surface_finish(p.sf);
        if (cs == CAIRO_STATUS_SUCCESS)
            cs = cairo_surface_status(p.sf);
        if (cs == CAIRO_STATUS_SUCCESS && out.err)
            cs = CAIRO_STATUS_WRITE_ERROR;
        cairo_surface_destroy(p.sf);
        if (st == AK_OK && cs != CAIRO_STATUS_SUCCESS) {
            st = AK_ERR_IO;
            if (out_diags)
                ak_diags_addf(out_diags, AK_SEV_FATAL, "pdf", shown, 0, 0,
                              "kan ikke skrive pdf-filen: %s",
                              out.err ? ak_errno_text(out.err)
                                      : "fejl i pdf-biblioteket (cairo)");
        }
    }
    g_hash_table_destroy(p.lays);
    g_object_unref(p.pc);
    font_map_release(p.fm, private_fc);
    ak_free(p.slot_page);
    ak_free(p.pend);

    if (fclose(out.f) != 0 && st == AK_OK) {
        st = AK_ERR_IO;
        if (out_diags)
            ak_diags_addf(out_diags, AK_SEV_FATAL, "pdf", shown, 0, 0,
                          "kan ikke skrive pdf-filen: %s", ak_errno_text(errno));
    }
    if (st != AK_OK)
        remove(path);   /* never leave half a PDF */
    return st;
}

/* ---- output ------------------------------------------------------------ */

static ak_status pdf_write(const ak_report *r, ak_outdir *o, ak_diags *d)
{
    /* The results with the methods section (Bilag 1) appended. */
    ak_output_view view;
    ak_status st = ak_output_view_new(r, &view);
    char *name = ak_asprintf("rapport-%d.pdf", r->year);
    char *path = name ? ak_outdir_path(o, name) : NULL;
    char *shown = name ? ak_outdir_shown(o, name) : NULL;
    if (st == AK_OK)
        st = path && shown ? render_pdf(&view.res, r->v, r->problems,
                                        r->meta, r->prev, r->prev_cmp, r,
                                        path, shown, d)
                           : AK_ERR_NOMEM;
    ak_output_view_free(&view);
    ak_free(name);
    ak_free(path);
    ak_free(shown);
    return st;
}

const ak_output ak_output_pdf = {
    "pdf", "rapport-ÅR.pdf: rapporten med tabeller, figur og bilag",
    AK_OUT_DEFAULT | AK_OUT_PROVENANCE | AK_OUT_UNCERTAINTY | AK_OUT_COMPARE,
    pdf_write, NULL, NULL, NULL};
