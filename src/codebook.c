/*
 * The codebook's vocabulary: type names, variable look-up, the unit word
 * and the words of coded values; see include/ak_codebook.h.  The loaders
 * are in codebook_load.c (they parse expressions, which read this
 * vocabulary: expr.c depends on this file, codebook_load.c on both).
 */
#include "ak_codebook.h"

#include <glib.h>
#include <string.h>

/* ---- types ------------------------------------------------------------- */

static const struct {
    const char *name;
    ak_type type;
    int required;
} types[] = {
    {"id", AK_T_ID, 1},          {"name", AK_T_NAME, 0},
    {"pii", AK_T_PII, 0},        {"note", AK_T_NOTE, 0},
    {"yesno", AK_T_YESNO, 1},    {"checkbox", AK_T_CHECKBOX, 1},
    {"count", AK_T_COUNT, 1},    {"decimal", AK_T_DECIMAL, 1},
    {"text", AK_T_TEXT, 1},
};

const char *ak_type_name(ak_type t)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type == t)
            return types[i].name;
    return "?";
}

int ak_type_parse(const char *name, ak_type *out)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (g_ascii_strcasecmp(name, types[i].name) == 0) {
            *out = types[i].type;
            return 0;
        }
    return -1;
}

int ak_type_required(ak_type t)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type == t)
            return types[i].required;
    return 0;
}

const char *ak_type_value_label(ak_type t, int64_t tenths)
{
    if (t == AK_T_YESNO)
        return tenths == 10 ? "Ja" : tenths == 20 ? "Nej" : NULL;
    if (t == AK_T_CHECKBOX)
        return tenths == 10 ? "markeret" : tenths == 0 ? "ikke markeret"
                                                       : NULL;
    return NULL;
}

const char *ak_codebook_unit_word(const ak_codebook *cb)
{
    if (cb->id_register && cb->name_var != AK_NO_VAR)
        return cb->vars[cb->name_var].question;
    return cb->vars[cb->id_var].question;
}

size_t ak_codebook_find(const ak_codebook *cb, const char *name, size_t len)
{
    char buf[256];
    if (!cb || len == 0 || len >= sizeof buf)
        return AK_NO_VAR;
    for (size_t i = 0; i < len; i++)
        buf[i] = g_ascii_tolower(name[i]);
    buf[len] = '\0';
    size_t v = GPOINTER_TO_SIZE(g_hash_table_lookup(cb->priv_, buf));
    return v ? v - 1 : AK_NO_VAR;
}
