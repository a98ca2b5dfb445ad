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
extern const ak_output ak_output_compare;      /* compare.c */
extern const ak_output ak_output_responses;    /* responses.c */
extern const ak_output ak_output_followup;     /* responses.c */

#endif
