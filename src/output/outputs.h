/*
 * Private to src/output/: the outputs the registry (registry.c) lists.
 * Each is defined in the file that writes it; a new output adds its line
 * here and its entry in registry.c.
 */
#ifndef AK_OUTPUTS_H
#define AK_OUTPUTS_H

#include "ak_output.h"

extern const ak_output ak_output_tables_csv;   /* csv.c */
extern const ak_output ak_output_wide_csv;     /* csv.c */
extern const ak_output ak_output_validation;   /* validation.c */
extern const ak_output ak_output_pdf;          /* pdf.c */
extern const ak_output ak_output_html;         /* html.c */
extern const ak_output ak_output_kodebog;      /* svar.c */
extern const ak_output ak_output_svar_csv;     /* svar.c */
extern const ak_output ak_output_spss;         /* readstat.c */
extern const ak_output ak_output_stata;        /* readstat.c */
extern const ak_output ak_output_text;         /* text.c */
extern const ak_output ak_output_freetext;     /* freetext.c */
extern const ak_output ak_output_usikkerhed;   /* usikkerhed.c */
extern const ak_output ak_output_intervaller;  /* usikkerhed.c */
extern const ak_output ak_output_xlsx;         /* xlsx.c */
extern const ak_output ak_output_px;           /* px.c */
extern const ak_output ak_output_compare;      /* compare.c */
extern const ak_output ak_output_responses;    /* responses.c */
extern const ak_output ak_output_followup;     /* responses.c */
extern const ak_output ak_output_panel;        /* panel.c */

/*
 * The follow-up list (responses.c): what the ministry can ask each
 * municipality to complete -- asked questions left blank, invalid answers,
 * answers the routing did not ask, failed cross-field checks, and, at the
 * end, every registered municipality that did not answer.  Written as
 * opfoelgning-YEAR.csv (output "opfoelgning") and as the workbook's sheet
 * (xlsx.c), so both hold the same lines.  Fed the validated rows in input
 * order (a row output's pass); fn gets each line's fields (kommunenr,
 * kommune, region, spoergsmaal, problem, vaerdi; "" where none), borrowed
 * for the call; the first status fn returns other than AK_OK stops the
 * list and is returned by ak_followup_row() and ak_followup_finish().
 */
#define AK_FOLLOWUP_NF 6
extern const char *const ak_followup_head[AK_FOLLOWUP_NF];  /* field names */
typedef struct ak_followup ak_followup;
typedef ak_status (*ak_followup_fn)(const char *const f[AK_FOLLOWUP_NF],
                                    void *ud);
/* Caller owns *out (set even on failure); free with ak_followup_free(). */
ak_status ak_followup_new(const ak_report *r, ak_outdir *o, ak_diags *d,
                          ak_followup_fn fn, void *ud, ak_followup **out);
ak_status ak_followup_row(ak_followup *f, const ak_row *row);
/* The municipalities that did not answer: call once, after the rows. */
ak_status ak_followup_finish(ak_followup *f);
void ak_followup_free(ak_followup *f);

#endif
