/*
 * ak_render: the last pipeline stage.  Every renderer writes one output
 * from the results (ak_tabulate.h) or the validation (ak_validate.h) to a
 * stream or path it is given; none of them decides where files go (the CLI
 * builds the output set in a temporary directory and moves it into place).
 *
 * Text cells written to any CSV are neutralised against spreadsheet
 * formula injection: a cell starting with '=', '+', '-', '@', tab or CR is
 * prefixed with a single quote.  Numbers are written by the engine and are
 * never prefixed.
 */
#ifndef AK_RENDER_H
#define AK_RENDER_H

#include <stdio.h>

#include "ak_diag.h"
#include "ak_output.h"
#include "ak_status.h"
#include "ak_results.h"
#include "ak_validate.h"

/* Write s as one RFC 4180 CSV field, neutralised as above. */
void ak_render_csv_field(FILE *f, const char *s, char delim);

/* tables.csv, spec section 4 plus three columns that let years stack:
 * table,row,row_label,column,measure,value,year,row_key,base (year: the
 * survey year; row_key: ak_rrow.key; base: ak_cell.base, empty when -1);
 * see docs/tables-csv.md.  Byte-identical for the same results.  Tables
 * marked 'tidy no' (ak_rtable.untidy) are left out. */
ak_status ak_render_tables_csv(const ak_results *r, FILE *f);

/*
 * One table in the published wide layout (header rows as in the report).
 * danish: ';' delimiter, decimal comma and a UTF-8 BOM for Excel; else
 * ',' and decimal point.
 */
ak_status ak_render_table_wide_csv(const ak_rtable *t, int danish, FILE *f);

/* The validation report (Danish): per-rule summary, then per municipality
 * one line per problem, naming the question as printed and the input
 * column ("spørgsmål 14a (kolonne q14a)"; the CSV has the column as its
 * own field, 'kolonne').  text or csv. */
ak_status ak_render_validation_text(const ak_validator *v, const ak_diags *d,
                                    FILE *f);
ak_status ak_render_validation_csv(const ak_validator *v, const ak_diags *d,
                                   FILE *f);
/* The CSV as above; danish: ';' and a UTF-8 BOM, for a Danish Excel
 * (`--excel`). */
ak_status ak_render_validation_csv_as(const ak_validator *v,
                                      const ak_diags *d, int danish, FILE *f);

/* The words of the validation summary, the same in every format: the
 * heads of its columns (rule, respondents checked, passed, failed, blank)
 * and two sentences that explain the counts and the severities. */
extern const char *const ak_validation_heads[5];
extern const char *const ak_validation_legend[2];



/* The whole report as a PDF at path (A4, embedded fonts, outline); shown
 * is its name in messages (NULL: path).  The only code that uses cairo and
 * Pango. */
ak_status ak_render_pdf(const ak_results *r, const ak_validator *v,
                        const ak_diags *d, const ak_report_meta *meta,
                        const char *path, const char *shown,
                        ak_diags *out_diags);

#endif
