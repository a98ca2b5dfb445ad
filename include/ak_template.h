/*
 * ak_template: the table templates (templates/ *.tpl), parsed against the
 * codebook.  The language is documented in templates/README.md.
 * (Interface to be completed by the template implementation.)
 */
#ifndef AK_TEMPLATE_H
#define AK_TEMPLATE_H

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_status.h"

typedef struct ak_tableset ak_tableset;

/*
 * Load every template of directory dir (files *.tpl, ordered by their
 * 'order'/number) against cb.  Problems are reported with file:line:column.
 * Caller owns *out; free with ak_tableset_free().
 */
ak_status ak_templates_load(const char *dir, const ak_codebook *cb,
                            ak_tableset **out, ak_diags *d);
void ak_tableset_free(ak_tableset *ts);

#endif
