/*
 * ak_stats: the engine's statistics for a near-census (89 of 98
 * municipalities): intervals with the finite-population correction,
 * non-response bounds, the paired comparison of two overlapping groups,
 * and descriptive statistics of per-unit values.  The only engine file
 * that includes GSL (src/stats.c); it turns GSL's error handler off once
 * and checks every value GSL returns.
 *
 * Design assumed by the intervals: the n respondents are a simple random
 * sample without replacement of the N units of the register (missing at
 * random), f = n / N.  A proportion over a domain (a base such as "the
 * municipalities with supervision in social boform") is the domain mean of
 * a 0/1 variable, d respondents in the domain; its design variance is the
 * one R's survey package computes for svymean() on a subset of
 * svydesign(ids=~1, fpc=~N):
 *
 *     var = (1 - f) * n / (n - 1) * p (1 - p) / d
 *
 * (for d = n this is the textbook (1 - f) p (1 - p) / (n - 1)).
 *
 * Every function returns AK_OK, AK_ERR_USAGE for arguments that make no
 * sense (negative counts, x > d, d > n, n > N, a level outside (0, 1)),
 * or AK_ERR_INPUT when GSL cannot give a finite answer.  Nothing
 * allocates except ak_stats_describe (a scratch copy, freed before it
 * returns).
 */
#ifndef AK_STATS_H
#define AK_STATS_H

#include <stddef.h>

#include "ak_status.h"

/*
 * Korn-Graubard interval for the proportion x / d of a domain of d
 * respondents out of n respondents drawn from N units, at confidence
 * 'level' (0.95): the Clopper-Pearson interval with the effective sample
 * size n_eff = p (1 - p) / var = d (n - 1) / (n (1 - f)) (for a simple
 * random sample the t-quantile ratio of Korn and Graubard is 1).  This is
 * survey::svyciprop(method = "beta"); unlike R it stays defined at p = 0
 * and p = 1 (R gives NaN there: its n_eff is 0/0), where n_eff is the same
 * design quantity and the interval is one-sided: [0, u] or [l, 1].
 * n == N (a full census) gives [p, p].  *lo, *hi as proportions (0..1).
 */
ak_status ak_stats_prop_ci(long x, long d, long n, long N, double level,
                           double *lo, double *hi);

/*
 * The worst-case (Manski) bounds of the population share of a category
 * when x of the n respondents are in it and the N - n non-respondents may
 * have answered anything: [x / N, (x + N - n) / N].  No assumption at all.
 */
ak_status ak_stats_nonresponse_bounds(long x, long n, long N, double *lo,
                                      double *hi);

/*
 * The mid-p McNemar test of two paired proportions from the discordant
 * pairs: b pairs in the category under the first condition only, c under
 * the second only.  With k = min(b, c), m = b + c:
 *     p = 2 P(X <= k) - P(X = k),  X ~ Binomial(m, 1/2),  capped at 1;
 * b = c = 0 gives p = 1.  (Fagerland, Lydersen & Laake 2013.)
 */
ak_status ak_stats_mcnemar_midp(long b, long c, double *p);

/*
 * The paired difference p1 - p2 = (b - c) / m over the m pairs (units in
 * both groups, a domain of the n respondents out of N) and its Wald
 * interval with the finite-population correction, the normal quantile and
 * the domain variance of the difference z = y1 - y2:
 *     var = (1 - f) * n / (n - 1) * ((b + c) / m - diff^2) / m
 * (survey::svymean(~I(y1 - y2), subset(design, both)) with confint()).
 */
ak_status ak_stats_paired_diff(long b, long c, long m, long n, long N,
                               double level, double *diff, double *lo,
                               double *hi);

/* Descriptive statistics of k values (weights optional). */
typedef struct ak_describe {
    size_t n;          /* values */
    double mean;       /* unweighted mean */
    size_t nw;         /* values with a positive weight */
    double wmean;      /* weighted mean over those (0 when nw == 0) */
    double median;     /* quantiles by linear interpolation between order */
    double q1, q3;     /* statistics: R's type 7, GSL's quantile_from_sorted */
} ak_describe;

/*
 * Describe v[0..k-1]; w (may be NULL) holds a weight per value, a weight
 * <= 0 or not finite leaving the value out of the weighted mean only.
 * k == 0 is AK_ERR_USAGE; AK_ERR_NOMEM when the scratch copy fails.
 */
ak_status ak_stats_describe(const double *v, const double *w, size_t k,
                            ak_describe *out);

#endif
