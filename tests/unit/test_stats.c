/* Unit tests for ak_stats: each value computed by hand (closed forms) or
 * by R 4.2 (qbeta, pbinom, quantile type 7) as noted. */
#include <math.h>

#include "ak_stats.h"
#include "ak_test.h"

#define NEAR(a, b, tol) AK_CHECK(fabs((a) - (b)) <= (tol))

static void test_prop_ci(void)
{
    double lo, hi;
    /* format-notes section 4: 40 of 89, N = 98; R: kg(40, 89, 89, 98) */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(40, 89, 89, 98, 0.95, &lo, &hi), AK_OK);
    NEAR(lo, 0.417617495038212, 1e-9);
    NEAR(hi, 0.481570536350591, 1e-9);
    /* a domain: 12 of 57 in the domain, 89 of 98 responded */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(12, 57, 89, 98, 0.95, &lo, &hi), AK_OK);
    NEAR(lo, 0.178913982129000, 1e-9);
    NEAR(hi, 0.244952606273377, 1e-9);
    /* 4 of 89: GSL's gsl_cdf_beta_Qinv gives NaN for the upper end (its
     * Newton iteration does not converge); R: kg(4, 89, 89, 98) */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(4, 89, 89, 98, 0.95, &lo, &hi), AK_OK);
    NEAR(lo, 0.0327226180364096, 1e-9);
    NEAR(hi, 0.0600510674731597, 1e-9);
    /* every x of 89: finite, ordered, around the estimate */
    for (long x = 0; x <= 89; x++) {
        AK_CHECK_EQ_INT(ak_stats_prop_ci(x, 89, 89, 98, 0.95, &lo, &hi), AK_OK);
        AK_CHECK(lo <= x / 89.0 && x / 89.0 <= hi && lo >= 0 && hi <= 1);
    }
    /* p = 0: Clopper-Pearson upper end is 1 - (alpha/2)^(1/n_eff),
     * n_eff = 57 * 88 / (89 * 9/98) */
    double neff = 57.0 * 88.0 / (89.0 * (1.0 - 89.0 / 98.0));
    AK_CHECK_EQ_INT(ak_stats_prop_ci(0, 57, 89, 98, 0.95, &lo, &hi), AK_OK);
    AK_CHECK(lo == 0.0);
    NEAR(hi, 1.0 - pow(0.025, 1.0 / neff), 1e-12);
    /* p = 1: the mirror image */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(57, 57, 89, 98, 0.95, &lo, &hi), AK_OK);
    NEAR(lo, pow(0.025, 1.0 / neff), 1e-12);
    AK_CHECK(hi == 1.0);
    /* a census has no sampling error */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(3, 4, 98, 98, 0.95, &lo, &hi), AK_OK);
    AK_CHECK(lo == 0.75 && hi == 0.75);
    /* nonsense */
    AK_CHECK_EQ_INT(ak_stats_prop_ci(5, 4, 89, 98, 0.95, &lo, &hi), AK_ERR_USAGE);
    AK_CHECK_EQ_INT(ak_stats_prop_ci(1, 0, 89, 98, 0.95, &lo, &hi), AK_ERR_USAGE);
    AK_CHECK_EQ_INT(ak_stats_prop_ci(1, 4, 99, 98, 0.95, &lo, &hi), AK_ERR_USAGE);
    AK_CHECK_EQ_INT(ak_stats_prop_ci(1, 4, 89, 98, 1.0, &lo, &hi), AK_ERR_USAGE);
    AK_CHECK_EQ_INT(ak_stats_prop_ci(1, 1, 1, 98, 0.95, &lo, &hi), AK_ERR_USAGE);
}

static void test_bounds(void)
{
    double lo, hi;
    /* the example: 40 of 89 -> 40/98 .. 49/98 */
    AK_CHECK_EQ_INT(ak_stats_nonresponse_bounds(40, 89, 98, &lo, &hi), AK_OK);
    AK_CHECK(lo == 40.0 / 98.0 && hi == 49.0 / 98.0);
    AK_CHECK_EQ_INT(ak_stats_nonresponse_bounds(0, 89, 98, &lo, &hi), AK_OK);
    AK_CHECK(lo == 0.0 && hi == 9.0 / 98.0);
    AK_CHECK_EQ_INT(ak_stats_nonresponse_bounds(90, 89, 98, &lo, &hi), AK_ERR_USAGE);
}

static void test_mcnemar(void)
{
    double p;
    /* b = 9, c = 3: 2 * 299/4096 - 220/4096 = 378/4096 (format-notes: 0.092) */
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(9, 3, &p), AK_OK);
    NEAR(p, 378.0 / 4096.0, 1e-14);
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(3, 9, &p), AK_OK);
    NEAR(p, 378.0 / 4096.0, 1e-14);
    /* b = 1, c = 0: 2 * 1/2 - 1/2 */
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(1, 0, &p), AK_OK);
    NEAR(p, 0.5, 1e-14);
    /* b = c: 2 * 638/1024 - 252/1024 = 1 */
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(5, 5, &p), AK_OK);
    NEAR(p, 1.0, 1e-14);
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(0, 0, &p), AK_OK);
    AK_CHECK(p == 1.0);
    /* b = 10, c = 0: 2 * 2^-10 - 2^-10 */
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(10, 0, &p), AK_OK);
    NEAR(p, 1.0 / 1024.0, 1e-15);
    AK_CHECK_EQ_INT(ak_stats_mcnemar_midp(-1, 0, &p), AK_ERR_USAGE);
}

static void test_paired(void)
{
    double d, lo, hi;
    /* b = 9, c = 3 of m = 37 pairs, n = 89, N = 98:
     * diff = 6/37, var = (9/98) * 89/88 * (12/37 - (6/37)^2) / 37 */
    AK_CHECK_EQ_INT(ak_stats_paired_diff(9, 3, 37, 89, 98, 0.95, &d, &lo, &hi),
                    AK_OK);
    double var = (9.0 / 98.0) * 89.0 / 88.0 *
                 (12.0 / 37.0 - (6.0 / 37.0) * (6.0 / 37.0)) / 37.0;
    NEAR(d, 6.0 / 37.0, 1e-14);
    NEAR(lo, 6.0 / 37.0 - 1.959963984540054 * sqrt(var), 1e-12);
    NEAR(hi, 6.0 / 37.0 + 1.959963984540054 * sqrt(var), 1e-12);
    NEAR(lo, 0.108553191240348, 1e-9);   /* R */
    /* no discordant pairs: a point */
    AK_CHECK_EQ_INT(ak_stats_paired_diff(0, 0, 20, 89, 98, 0.95, &d, &lo, &hi),
                    AK_OK);
    AK_CHECK(d == 0.0 && lo == 0.0 && hi == 0.0);
    AK_CHECK_EQ_INT(ak_stats_paired_diff(9, 3, 10, 89, 98, 0.95, &d, &lo, &hi),
                    AK_ERR_USAGE);
}

static void test_describe(void)
{
    ak_describe s;
    const double v[5] = {10, 2, 4, 1, 3};
    const double w[5] = {6, 1, 1, 1, 1};
    AK_CHECK_EQ_INT(ak_stats_describe(v, w, 5, &s), AK_OK);
    AK_CHECK_EQ_INT(s.n, 5);
    AK_CHECK_EQ_INT(s.nw, 5);
    NEAR(s.mean, 4.0, 1e-14);
    NEAR(s.wmean, 7.0, 1e-14);   /* (60 + 2 + 4 + 1 + 3) / 10 */
    NEAR(s.median, 3.0, 1e-14);
    NEAR(s.q1, 2.0, 1e-14);
    NEAR(s.q3, 4.0, 1e-14);
    /* R quantile(c(.5,1,1.5,2,2.5,7), type 7): 1.125, 1.75, 2.375;
     * a zero weight leaves a value out of the weighted mean only */
    const double v2[6] = {7, 0.5, 2.5, 1, 2, 1.5};
    const double w2[6] = {0, 1, 1, 1, 1, 1};
    AK_CHECK_EQ_INT(ak_stats_describe(v2, w2, 6, &s), AK_OK);
    NEAR(s.q1, 1.125, 1e-14);
    NEAR(s.median, 1.75, 1e-14);
    NEAR(s.q3, 2.375, 1e-14);
    AK_CHECK_EQ_INT(s.nw, 5);
    NEAR(s.wmean, 1.5, 1e-14);
    NEAR(s.mean, 14.5 / 6.0, 1e-14);
    /* no weights: wmean 0, nw 0 */
    AK_CHECK_EQ_INT(ak_stats_describe(v, NULL, 1, &s), AK_OK);
    AK_CHECK(s.median == 10.0 && s.q1 == 10.0 && s.nw == 0);
    AK_CHECK_EQ_INT(ak_stats_describe(v, w, 0, &s), AK_ERR_USAGE);
}

AK_TEST_MAIN(test_prop_ci, test_bounds, test_mcnemar, test_paired,
             test_describe)
