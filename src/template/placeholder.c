/*
 * Templates, placeholders in texts: finding and expanding them
 * (ak_tpl_expand); see tpl.h and include/ak_template.h.
 */
#include "tpl.h"

/* ---- placeholders in texts --------------------------------------------- */

const tpl_phdef tpl_placeholders[] = {
    {"year", AK_PH_YEAR, 0, 0},
    {"prev_year", AK_PH_PREV_YEAR, 0, 0},
    {"respondents", AK_PH_RESPONDENTS, 0, 1},
    {"base", AK_PH_BASE, 1, 1},
    {"cell", AK_PH_CELL, 2, 1},
};
const size_t TPL_NPLACEHOLDERS =
    sizeof tpl_placeholders / sizeof tpl_placeholders[0];

/*
 * Find the next placeholder in s from *pos.  Returns 0 at the end, 1 for a
 * placeholder (r filled, *pos after it), 2 for the escape "{{" (r->start
 * set, *pos after it), -1 for a '{' without its '}' (r->start set).
 */
int tpl_next_ph(const char *s, size_t *pos, phref *r)
{
    const char *b = strchr(s + *pos, '{');
    if (!b)
        return 0;
    memset(r, 0, sizeof *r);
    r->start = (size_t)(b - s);
    if (b[1] == '{') {
        *pos = r->start + 2;
        return 2;
    }
    const char *e = strchr(b + 1, '}');
    const char *nl = strchr(b + 1, '{');
    if (!e || (nl && nl < e))
        return -1;
    const char *p = b + 1;
    r->nparts = 0;
    for (;;) {
        const char *c = memchr(p, ':', (size_t)(e - p));
        const char *end = c ? c : e;
        if (r->nparts < 4) {
            r->part[r->nparts] = p;
            r->plen[r->nparts] = (size_t)(end - p);
            r->nparts++;
        }
        if (!c)
            break;
        p = c + 1;
    }
    r->end = (size_t)(e - s) + 1;
    *pos = r->end;
    return 1;
}

int tpl_ph_lookup(const phref *r)
{
    for (size_t i = 0; i < TPL_NPLACEHOLDERS; i++)
        if (strlen(tpl_placeholders[i].name) == r->plen[0] &&
            memcmp(tpl_placeholders[i].name, r->part[0], r->plen[0]) == 0)
            return (int)i;
    return -1;
}


/* Decimal digits of v (%lld is the same under every locale). */
void tpl_sb_int(sbuf *b, long long v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, "%lld", v);
    ak_sbuf_add(b, tmp, (size_t)n);
}

char *ak_tpl_expand(const char *s, ak_tpl_ph_fn fn, void *ud)
{
    sbuf b = {0};
    ak_sbuf_add(&b, "", 0);
    if (!s)
        return b.s;
    size_t pos = 0, last = 0;
    phref r;
    int k;
    while ((k = tpl_next_ph(s, &pos, &r)) != 0) {
        if (k < 0)
            break;
        ak_sbuf_add(&b, s + last, r.start - last);
        if (k == 2) {
            ak_sbuf_add(&b, "{", 1);
        } else {
            int i = tpl_ph_lookup(&r);
            if (i < 0 || r.nparts != tpl_placeholders[i].nargs + 1) {
                ak_sbuf_add(&b, s + r.start, r.end - r.start);
            } else {
                char key[128] = "";
                size_t rowno = 0;
                ak_tpl_ph ph = tpl_placeholders[i].ph;
                int ki = ph == AK_PH_BASE ? 1 : ph == AK_PH_CELL ? 2 : 0;
                if (ki && r.plen[ki] < sizeof key) {
                    memcpy(key, r.part[ki], r.plen[ki]);
                    key[r.plen[ki]] = '\0';
                }
                if (ph == AK_PH_CELL)
                    for (size_t j = 0; j < r.plen[1]; j++)
                        rowno = rowno * 10 + (size_t)(r.part[1][j] - '0');
                tpl_sb_int(&b, fn(ph, ki ? key : NULL, rowno, ud));
            }
        }
        last = pos;
    }
    ak_sbuf_add(&b, s + last, strlen(s + last));
    if (b.oom) {
        ak_free(b.s);
        return NULL;
    }
    return b.s;
}

