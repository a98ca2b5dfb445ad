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

#endif
