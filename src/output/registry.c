/*
 * The registry of outputs (like git's commands[]); see include/ak_output.h.
 * The helpers outputs share are in outlib.c.
 */
#include "outputs.h"

#include <string.h>

/* In the order a run writes them (and `report --help` lists them). */
static const ak_output *const registry[] = {
    &ak_output_tables_csv,
    &ak_output_wide_csv,
    &ak_output_validation,
    &ak_output_compare,
    &ak_output_responses,
    &ak_output_followup,
    &ak_output_panel,
    &ak_output_pdf,
    &ak_output_html,
    &ak_output_kodebog,
    &ak_output_svar_csv,
    &ak_output_spss,
    &ak_output_stata,
    &ak_output_text,
    &ak_output_freetext,
    &ak_output_usikkerhed,
    &ak_output_intervaller,
    &ak_output_xlsx,
    &ak_output_px,
};

size_t ak_output_list(const ak_output *const **list)
{
    *list = registry;
    return sizeof registry / sizeof registry[0];
}

const ak_output *ak_output_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i]->name, name) == 0)
            return registry[i];
    return NULL;
}
