/*
 * LD_PRELOAD helper of tests/suites/xlsx_px.sh: makes the process take its
 * locale from the environment (setlocale(LC_ALL, "")) before main(), as a
 * program that localises its messages would, so that a report runs with a
 * Danish LC_NUMERIC (printf's decimal point is ',').  The engine itself
 * never calls setlocale; this shows its outputs do not depend on that.
 * With AK_LOCALE_MARK set, writes printf("%.1f", 0.5) to that file, so
 * the suite can see the trap is armed ("0,5").
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void ak_force_locale(void)
{
    setlocale(LC_ALL, "");
    const char *mark = getenv("AK_LOCALE_MARK");
    if (mark) {
        FILE *f = fopen(mark, "w");
        if (f) {
            fprintf(f, "%.1f\n", 0.5);
            fclose(f);
        }
    }
}
