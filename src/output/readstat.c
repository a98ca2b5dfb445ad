/*
 * svar-<year>.sav (SPSS) and svar-<year>.dta (Stata 14+, format 118,
 * UTF-8) with ReadStat (Debian libreadstat 1.1.8).  The only file that
 * includes <readstat.h>.  What goes in is decided by ak_rows.h; this file
 * encodes it:
 *  - every numeric variable of the .sav is a double (integer storage loses
 *    user-missing values through some readers: haven#596); in the .dta,
 *    yes/no, checkbox, region and besvaret codes are bytes (Stata's byte
 *    holds -127..100 and .a-.z), the rest doubles (counts can exceed
 *    Stata's long);
 *  - the three missing codes are user-missing values -9..-7 (a range) with
 *    value labels in the .sav, extended missing values .a .b .c with
 *    labels in the .dta;
 *  - labels are cut on a character boundary before ReadStat sees them
 *    (ReadStat cuts .sav labels byte-wise, mid-character): .sav variable
 *    labels at 256 bytes, value labels at 120 bytes, the file label at 64
 *    bytes; .dta variable labels and the file label at 80 characters
 *    (Stata's limit).  Every cut is a note;
 *  - only numeric codes carry value labels (string value labels are broken
 *    in 1.1.8), and .dta labels are integers only;
 *  - the file's time stamp is the run's (SOURCE_DATE_EPOCH) in UTC, whatever
 *    TZ says, so reruns are byte-identical.
 */
#include "outputs.h"

#include <errno.h>
#include <readstat.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "ak_mem.h"
#include "ak_rows.h"

typedef enum fmt { FMT_SAV, FMT_DTA } fmt;

typedef struct rsout {
    fmt format;
    ak_rows_file rf;              /* plan, cursor, file, text buffer */
    int werr;                     /* errno of a failed write */
    readstat_writer_t *w;
    readstat_variable_t **vars;   /* per plan variable */
    unsigned char *small;         /* per plan variable: stored as a byte */
    long rows;                    /* rows written */
} rsout;

static ssize_t rs_write(const void *data, size_t len, void *ctx)
{
    rsout *s = ctx;
    if (len && fwrite(data, 1, len, s->rf.f) != len) {
        s->werr = errno ? errno : EIO;
        return -1;
    }
    return (ssize_t)len;
}

static ak_status rs_fail(rsout *s, readstat_error_t e)
{
    if (s->werr)
        return ak_output_io_error(s->rf.o, s->rf.name, s->werr, s->rf.d);
    return ak_diags_addf(s->rf.d, AK_SEV_FATAL, "output", s->rf.shown, 0, 0,
                         "kan ikke skrive filen: ReadStat: %s",
                         readstat_error_message(e)) != 0
           ? AK_ERR_NOMEM : AK_ERR_IO;
}

/* text cut to the format's limit, as a new string; notes the cut.  NULL
 * when out of memory. */
static char *fit(rsout *s, const char *text, size_t bytes, size_t chars,
                 const char *question, const char *what, const char *limit)
{
    int cut;
    size_t n = ak_rows_fit(text, bytes, chars, &cut);
    if (cut && ak_rows_note_cut(s->rf.d, s->rf.shown, question, NULL, what, limit) != 0)
        return NULL;
    return ak_strndup(text, n);
}

/* The label set called name, made on first use. */
typedef struct lsets {
    const char *name[64];
    readstat_label_set_t *set[64];
    size_t n;
} lsets;

static ak_status label_set(rsout *s, lsets *ls, const ak_rows_var *v,
                           readstat_label_set_t **out)
{
    *out = NULL;
    if (!v->vlabel_set)
        return AK_OK;
    for (size_t i = 0; i < ls->n; i++)
        if (strcmp(ls->name[i], v->vlabel_set) == 0) {
            *out = ls->set[i];
            return AK_OK;
        }
    if (ls->n == sizeof ls->set / sizeof ls->set[0])
        return AK_OK;   /* cannot happen: a handful of shared sets */
    readstat_label_set_t *set =
        readstat_add_label_set(s->w, READSTAT_TYPE_DOUBLE, v->vlabel_set);
    if (!set)
        return AK_ERR_NOMEM;
    int sav = s->format == FMT_SAV;
    for (size_t k = 0; k < v->nvlabels; k++) {
        char *lab = fit(s, v->vlabels[k].label, sav ? 120 : 32000, 0,
                        v->question, "en værdietiket", sav ? "120 bytes"
                        : "32000 bytes");
        if (!lab)
            return AK_ERR_NOMEM;
        readstat_label_double_value(set, (double)v->vlabels[k].code, lab);
        ak_free(lab);
    }
    for (size_t k = 0; v->missing_codes && k < AK_ROWS_NCODES; k++) {
        ak_state st = ak_rows_coded_states[k];
        if (sav)
            readstat_label_double_value(set, (double)ak_rows_code(st),
                                        ak_rows_code_label(st));
        else
            readstat_label_tagged_value(set, ak_rows_tag(st),
                                        ak_rows_code_label(st));
    }
    ls->name[ls->n] = v->vlabel_set;
    ls->set[ls->n++] = set;
    *out = set;
    return AK_OK;
}

/* ReadStat writes its time stamp with localtime(): give it the time whose
 * local time shows the run's time in UTC, so that the files do not depend
 * on TZ. */
static time_t utc_stamp(long long made)
{
    time_t t = (time_t)made;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return t;
    tm.tm_isdst = -1;
    time_t local = mktime(&tm);
    return local == (time_t)-1 ? t : local;
}

static ak_status define(rsout *s, const ak_report *r)
{
    int sav = s->format == FMT_SAV;
    readstat_error_t e;
    if ((e = readstat_set_data_writer(s->w, rs_write)) != READSTAT_OK
        || (e = readstat_writer_set_file_timestamp(s->w, utc_stamp(r->meta->made)))
           != READSTAT_OK)
        return rs_fail(s, e);
    if (sav)
        e = readstat_writer_set_compression(s->w, READSTAT_COMPRESS_ROWS);
    else
        e = readstat_writer_set_file_format_version(s->w, 118);
    if (e != READSTAT_OK)
        return rs_fail(s, e);
    if (r->res && r->res->report_title) {
        char *lab = fit(s, r->res->report_title, sav ? 64 : 320, sav ? 0 : 80,
                        NULL, "filens etiket", sav ? "64 bytes" : "80 tegn");
        if (!lab)
            return AK_ERR_NOMEM;
        e = readstat_writer_set_file_label(s->w, lab);
        ak_free(lab);
        if (e != READSTAT_OK)
            return rs_fail(s, e);
    }
    lsets ls = {{0}, {0}, 0};
    size_t n = ak_rows_nvars(s->rf.plan);
    for (size_t i = 0; i < n; i++) {
        const ak_rows_var *v = ak_rows_var_at(s->rf.plan, i);
        s->small[i] = !sav && !v->string
            && (v->kind == AK_RV_RESPONDED
                || (v->kind == AK_RV_REGION && v->nvlabels <= 100)
                || (v->kind == AK_RV_ANSWER
                    && (v->type == AK_T_YESNO || v->type == AK_T_CHECKBOX)));
        readstat_variable_t *rv = readstat_add_variable(
            s->w, v->name, v->string ? READSTAT_TYPE_STRING
                         : s->small[i] ? READSTAT_TYPE_INT8 : READSTAT_TYPE_DOUBLE,
            v->string ? v->width : 0);
        if (!rv)
            return AK_ERR_NOMEM;
        s->vars[i] = rv;
        char *lab = fit(s, v->label, sav ? 256 : 320, sav ? 0 : 80, v->question,
                        "variabeletiketten", sav ? "256 bytes" : "80 tegn");
        if (!lab)
            return AK_ERR_NOMEM;
        readstat_variable_set_label(rv, lab);
        ak_free(lab);
        if (v->string)
            continue;
        readstat_variable_set_format(rv, sav ? (v->decimals ? "F8.1" : "F8.0")
                                             : v->decimals ? "%9.1f"
                                             : s->small[i] ? "%8.0g" : "%9.0g");
        int scale = v->kind == AK_RV_ANSWER
                 && (v->type == AK_T_COUNT || v->type == AK_T_DECIMAL);
        readstat_variable_set_measure(rv, scale ? READSTAT_MEASURE_SCALE
                                                : READSTAT_MEASURE_NOMINAL);
        readstat_label_set_t *set;
        ak_status st = label_set(s, &ls, v, &set);
        if (st != AK_OK)
            return st;
        if (set)
            readstat_variable_set_label_set(rv, set);
        if (sav && v->missing_codes) {
            long lo = ak_rows_code(AK_UOPLYST), hi = ak_rows_code(AK_INVALID);
            e = readstat_variable_add_missing_double_range(rv, (double)lo,
                                                           (double)hi);
            if (e != READSTAT_OK)
                return rs_fail(s, e);
        }
    }
    return AK_OK;
}

static ak_status put_unit(rsout *s, const ak_rows_unit *u)
{
    readstat_error_t e = readstat_begin_row(s->w);
    int sav = s->format == FMT_SAV;
    size_t n = ak_rows_nvars(s->rf.plan);
    for (size_t i = 0; e == READSTAT_OK && i < n; i++) {
        const ak_rows_var *v = ak_rows_var_at(s->rf.plan, i);
        readstat_variable_t *rv = s->vars[i];
        ak_rcell c;
        ak_rows_cell(s->rf.plan, u, i, &c);
        switch (c.kind) {
        case AK_CELL_NUM:
            e = s->small[i] ? readstat_insert_int8_value(s->w, rv,
                                                         (int8_t)(c.tenths / 10))
                            : readstat_insert_double_value(s->w, rv,
                                                           (double)c.tenths / 10.0);
            break;
        case AK_CELL_CODE:
            e = sav ? readstat_insert_double_value(s->w, rv,
                                                   (double)ak_rows_code(c.state))
                    : readstat_insert_tagged_missing_value(s->w, rv,
                                                           ak_rows_tag(c.state));
            break;
        case AK_CELL_EMPTY:
            e = v->string ? readstat_insert_string_value(s->w, rv, "")
                          : readstat_insert_missing_value(s->w, rv);
            break;
        case AK_CELL_TEXT:
            memcpy(s->rf.text, c.text, c.len);
            s->rf.text[c.len] = '\0';
            e = readstat_insert_string_value(s->w, rv, s->rf.text);
            if (c.cut && ak_rows_note_cut(s->rf.d, s->rf.shown, v->question,
                                          u->row ? u->row->v[ak_rows_var_at(
                                              s->rf.plan, 0)->var].raw : NULL,
                                          "svaret", "255 bytes") != 0)
                return AK_ERR_NOMEM;
            break;
        }
    }
    if (e == READSTAT_OK)
        e = readstat_end_row(s->w);
    if (e != READSTAT_OK)
        return rs_fail(s, e);
    s->rows++;
    return AK_OK;
}

static ak_status rs_unit(void *ctx, const ak_rows_unit *u)
{
    return put_unit(ctx, u);
}

static ak_status rs_begin(void **ctx, const ak_report *r, long nrows,
                          ak_outdir *o, ak_diags *d, fmt format)
{
    rsout *s = ak_calloc(1, sizeof *s);
    *ctx = s;
    if (!s)
        return AK_ERR_NOMEM;
    s->format = format;
    ak_status st = ak_rows_file_open(
        &s->rf, r,
        ak_asprintf("svar-%d.%s", r->year, format == FMT_SAV ? "sav" : "dta"),
        o, d, rs_unit, s);
    if (st != AK_OK)
        return st;
    s->vars = ak_calloc(ak_rows_nvars(s->rf.plan), sizeof *s->vars);
    s->small = ak_calloc(ak_rows_nvars(s->rf.plan), 1);
    if (!s->vars || !s->small)
        return AK_ERR_NOMEM;
    s->w = readstat_writer_init();
    if (!s->w)
        return AK_ERR_NOMEM;
    st = define(s, r);
    if (st != AK_OK)
        return st;
    long count = ak_rows_count(s->rf.plan, nrows);
    readstat_error_t e = format == FMT_SAV
                       ? readstat_begin_writing_sav(s->w, s, count)
                       : readstat_begin_writing_dta(s->w, s, count);
    return e == READSTAT_OK ? AK_OK : rs_fail(s, e);
}

static ak_status rs_row(void *ctx, const ak_row *row)
{
    rsout *s = ctx;
    return ak_rows_file_row(&s->rf, row);
}

static ak_status rs_end(void *ctx, ak_status st)
{
    rsout *s = ctx;
    if (!s)
        return st;
    st = ak_rows_file_rest(&s->rf, st);
    if (st == AK_OK) {
        readstat_error_t e = readstat_end_writing(s->w);
        if (e != READSTAT_OK)
            st = rs_fail(s, e);
    }
    if (s->w)
        readstat_writer_free(s->w);
    st = ak_rows_file_close(&s->rf, st);
    ak_free(s->vars);
    ak_free(s->small);
    ak_free(s);
    return st;
}

static ak_status sav_begin(void **ctx, const ak_report *r, long nrows,
                           ak_outdir *o, ak_diags *d)
{
    return rs_begin(ctx, r, nrows, o, d, FMT_SAV);
}

static ak_status dta_begin(void **ctx, const ak_report *r, long nrows,
                           ak_outdir *o, ak_diags *d)
{
    return rs_begin(ctx, r, nrows, o, d, FMT_DTA);
}

const ak_output ak_output_spss = {
    "spss", "svar-ÅR.sav: de validerede svar til SPSS/PSPP med etiketter og "
    "brugerdefinerede manglende værdier", AK_OUT_DEFAULT | AK_OUT_ROWS, NULL,
    sav_begin, rs_row, rs_end};

const ak_output ak_output_stata = {
    "stata", "svar-ÅR.dta: de validerede svar til Stata (format 118, UTF-8) "
    "med etiketter og .a/.b/.c", AK_OUT_DEFAULT | AK_OUT_ROWS, NULL,
    dta_begin, rs_row, rs_end};
