/*
 * csvcheck: spreadsheet safety of CSV files the engine wrote.  Every cell
 * of every file given is checked: a cell whose first byte is '=', '+', '-',
 * '@', tab or CR would be run as a formula by a spreadsheet and must have
 * been prefixed with a single quote by the engine (a cell that is exactly
 * "-", the engine's mark for an empty base, is allowed, and so is a negative
 * number such as the missing codes -9, -8, -7 of svar-ÅR.csv: a
 * spreadsheet reads it as a number, never as a formula).  The delimiter is ';'
 * for a file starting with a UTF-8 BOM (the --excel dialect) or whose first
 * line has more ';' than ',', else ','.  With -f TEXT..., also checks that
 * each TEXT occurs as the start of some cell (so that a neutralised value
 * was kept, not dropped).  Prints each offending cell; exit 1 if any.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct st {
    const char *file;
    long rec, field;
    int bad;
    char **want;
    int *seen;
    int nwant;
} st;

static void on_field(void *data, size_t len, void *ud)
{
    st *s = ud;
    const char *c = data ? data : "";
    s->field++;
    /* A lone '-' is the engine's own mark for a percent over an empty base
     * in the wide CSVs (as in the PDF): no spreadsheet reads it as a
     * formula, and it is not user text. */
    int dash = len == 1 && c[0] == '-';
    /* "-9", "-2.5": a number, which no spreadsheet runs. */
    size_t k = 1, digits = 0;
    while (k < len && c[k] >= '0' && c[k] <= '9')
        k++, digits++;
    if (digits && k + 1 < len && c[k] == '.')
        for (k++; k < len && c[k] >= '0' && c[k] <= '9'; k++)
            ;
    int negative_number = len > 1 && c[0] == '-' && digits && k == len;
    if (len > 0 && strchr("=+-@\t\r", c[0]) && !dash && !negative_number) {
        printf("%s: record %ld, field %ld: unneutralised cell '%.*s'\n",
               s->file, s->rec + 1, s->field, (int)(len > 60 ? 60 : len), c);
        s->bad = 1;
    }
    for (int i = 0; i < s->nwant; i++)
        if (len >= strlen(s->want[i]) &&
            memcmp(c, s->want[i], strlen(s->want[i])) == 0)
            s->seen[i] = 1;
}

static void on_row(int ch, void *ud)
{
    (void)ch;
    st *s = ud;
    s->rec++;
    s->field = 0;
}

int main(int argc, char **argv)
{
    int bad = 0, i = 1;
    char **want = NULL;
    int nwant = 0;
    if (argc > 2 && strcmp(argv[1], "-f") == 0) {
        /* -f TEXT... -- FILE... */
        want = argv + 2;
        for (i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
            nwant++;
        i++;
    }
    int *seen = calloc((size_t)nwant + 1, sizeof *seen);
    for (; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            printf("%s: cannot read\n", argv[i]);
            bad = 1;
            continue;
        }
        static char buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        size_t off = 0;
        unsigned char delim = ',';
        if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
            delim = ';';
            off = 3;
        } else {
            long semi = 0, comma = 0;
            for (size_t k = 0; k < n && buf[k] != '\n'; k++) {
                semi += buf[k] == ';';
                comma += buf[k] == ',';
            }
            if (semi > comma)
                delim = ';';
        }
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
        csv_set_delim(&p, delim);
        st s = {argv[i], 0, 0, 0, want, seen, nwant};
        if (csv_parse(&p, buf + off, n - off, on_field, on_row, &s) != n - off ||
            csv_fini(&p, on_field, on_row, &s) != 0) {
            printf("%s: not valid RFC 4180 CSV: %s\n", argv[i],
                   csv_strerror(csv_error(&p)));
            bad = 1;
        }
        csv_free(&p);
        bad |= s.bad;
    }
    for (int k = 0; k < nwant; k++)
        if (!seen[k]) {
            printf("no cell starts with '%s'\n", want[k]);
            bad = 1;
        }
    free(seen);
    return bad;
}
