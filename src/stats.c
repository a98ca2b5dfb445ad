/*
 * ak_stats: intervals, bounds, paired tests and descriptives with GSL (see
 * include/ak_stats.h).  The only engine file that includes GSL headers.
 */
#include "ak_stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <string.h>

#include "ak_mem.h"

/* GSL's default handler aborts the process; every call here checks what
 * GSL returns instead.  Turned off once, before the first GSL call. */
static void gsl_quiet(void)
{
    static int done;
    if (!done) {
        gsl_set_error_handler_off();
        done = 1;
    }
}

static int finite_unit(double v)
{
    return isfinite(v) && v >= 0.0 && v <= 1.0;
}

static int bad_level(double level)
{
    return !(level > 0.0 && level < 1.0);
}

/*
 * The p-quantile of Beta(a, b).  GSL's gsl_cdf_beta_Pinv refines by
 * Newton steps and can fail to converge (GSL 2.7.1 returns NaN for
 * Qinv(0.025; 44.0, 913.9), the upper end of 4 of 89 at N = 98), so its
 * answer is checked against the distribution function and, when it is
 * not finite or misses, the quantile is found by bisection on
 * gsl_cdf_beta_P (monotone), to 1e-15.  NaN when even that fails.
 */
static double beta_quantile(double p, double a, double b)
{
    double q = gsl_cdf_beta_Pinv(p, a, b);
    if (finite_unit(q)) {
        double c = gsl_cdf_beta_P(q, a, b);
        if (isfinite(c) && fabs(c - p) <= 1e-9)
            return q;
    }
    double lo = 0.0, hi = 1.0;
    for (int i = 0; i < 200 && hi - lo > 1e-15; i++) {
        double mid = 0.5 * (lo + hi);
        double c = gsl_cdf_beta_P(mid, a, b);
        if (!isfinite(c))
            return NAN;
        if (c < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

ak_status ak_stats_prop_ci(long x, long d, long n, long N, double level,
                           double *lo, double *hi)
{
    if (!lo || !hi || x < 0 || d < 1 || x > d || d > n || n > N || n < 2 ||
        bad_level(level))
        return AK_ERR_USAGE;
    gsl_quiet();
    double p = (double)x / (double)d;
    if (n == N) {           /* a census: no sampling error */
        *lo = *hi = p;
        return AK_OK;
    }
    double f = (double)n / (double)N;
    double neff = (double)d * (double)(n - 1) / ((double)n * (1.0 - f));
    double a2 = (1.0 - level) / 2.0;
    double l = 0.0, u = 1.0;
    if (x > 0)
        l = beta_quantile(a2, neff * p, neff * (1.0 - p) + 1.0);
    if (x < d)
        u = beta_quantile(1.0 - a2, neff * p + 1.0, neff * (1.0 - p));
    if (!finite_unit(l) || !finite_unit(u) || l > u)
        return AK_ERR_INPUT;
    *lo = l;
    *hi = u;
    return AK_OK;
}

ak_status ak_stats_nonresponse_bounds(long x, long n, long N, double *lo,
                                      double *hi)
{
    if (!lo || !hi || x < 0 || x > n || n > N || N < 1)
        return AK_ERR_USAGE;
    *lo = (double)x / (double)N;
    *hi = (double)(x + (N - n)) / (double)N;
    return AK_OK;
}

ak_status ak_stats_mcnemar_midp(long b, long c, double *p)
{
    if (!p || b < 0 || c < 0 || b + c > 0x7fffffffL)
        return AK_ERR_USAGE;
    if (b + c == 0) {
        *p = 1.0;
        return AK_OK;
    }
    gsl_quiet();
    unsigned k = (unsigned)(b < c ? b : c), m = (unsigned)(b + c);
    double cdf = gsl_cdf_binomial_P(k, 0.5, m);
    double pdf = gsl_ran_binomial_pdf(k, 0.5, m);
    if (!finite_unit(cdf) || !finite_unit(pdf))
        return AK_ERR_INPUT;
    double v = 2.0 * cdf - pdf;
    if (v > 1.0)
        v = 1.0;
    if (!(v >= 0.0))
        return AK_ERR_INPUT;
    *p = v;
    return AK_OK;
}

ak_status ak_stats_paired_diff(long b, long c, long m, long n, long N,
                               double level, double *diff, double *lo,
                               double *hi)
{
    if (!diff || !lo || !hi || b < 0 || c < 0 || m < 1 || b + c > m ||
        m > n || n > N || n < 2 || bad_level(level))
        return AK_ERR_USAGE;
    gsl_quiet();
    double dm = (double)m;
    double est = (double)(b - c) / dm;
    double f = (double)n / (double)N;
    double s2 = (double)(b + c) / dm - est * est;
    if (s2 < 0.0)           /* rounding only: b + c >= |b - c| */
        s2 = 0.0;
    double var = (1.0 - f) * (double)n / (double)(n - 1) * s2 / dm;
    double z = gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
    if (!isfinite(z) || !isfinite(var))
        return AK_ERR_INPUT;
    double h = z * sqrt(var);
    *diff = est;
    *lo = est - h < -1.0 ? -1.0 : est - h;
    *hi = est + h > 1.0 ? 1.0 : est + h;
    return AK_OK;
}

ak_status ak_stats_describe(const double *v, const double *w, size_t k,
                            ak_describe *out)
{
    if (!v || !out || k == 0)
        return AK_ERR_USAGE;
    for (size_t i = 0; i < k; i++)
        if (!isfinite(v[i]))
            return AK_ERR_USAGE;
    gsl_quiet();
    double *s = ak_malloc(k * sizeof *s);
    double *wv = ak_malloc(k * sizeof *wv);
    double *ww = ak_malloc(k * sizeof *ww);
    if (!s || !wv || !ww) {
        ak_free(s);
        ak_free(wv);
        ak_free(ww);
        return AK_ERR_NOMEM;
    }
    memset(out, 0, sizeof *out);
    out->n = k;
    memcpy(s, v, k * sizeof *s);
    out->mean = gsl_stats_mean(s, 1, k);
    size_t nw = 0;
    for (size_t i = 0; w && i < k; i++)
        if (isfinite(w[i]) && w[i] > 0.0) {
            wv[nw] = v[i];
            ww[nw++] = w[i];
        }
    out->nw = nw;
    if (nw > 0)
        out->wmean = gsl_stats_wmean(ww, 1, wv, 1, nw);
    gsl_sort(s, 1, k);
    out->median = gsl_stats_median_from_sorted_data(s, 1, k);
    out->q1 = gsl_stats_quantile_from_sorted_data(s, 1, k, 0.25);
    out->q3 = gsl_stats_quantile_from_sorted_data(s, 1, k, 0.75);
    ak_free(s);
    ak_free(wv);
    ak_free(ww);
    if (!isfinite(out->mean) || !isfinite(out->wmean) ||
        !isfinite(out->median) || !isfinite(out->q1) || !isfinite(out->q3))
        return AK_ERR_INPUT;
    return AK_OK;
}
