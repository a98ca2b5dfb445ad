# Cross-check of usikkerhed-YEAR.csv against R's survey package and base R
# (run by tests/suites/stats.sh: Rscript stats.R DATA.csv REGISTER.csv
# USIKKERHED.csv).  Prints one "ok"/"FAIL" line per check and a last line
# "R: N passed, N failed".  The conditions below restate a few template
# rows in R on purpose: an independent reading of the same data.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dat <- read.csv(args[1], colClasses = "character", encoding = "UTF-8")
reg <- read.csv(args[2], colClasses = "character", encoding = "UTF-8")
unc <- read.csv(args[3], colClasses = "character", encoding = "UTF-8")
num <- function(v) as.numeric(sub(",", ".", v, fixed = TRUE))
for (v in names(dat)) if (grepl("^q", v)) dat[[v]] <- suppressWarnings(num(dat[[v]]))
eq <- function(x, v) !is.na(x) & x == v
N <- nrow(reg); n <- nrow(dat)
dat$fpc <- N
des <- svydesign(ids = ~1, fpc = ~fpc, data = dat)
TOL <- 1e-5           # percent points (the file has 6 decimals)
pass <- 0; fail <- 0
check <- function(what, ok) {
    if (isTRUE(ok)) { pass <<- pass + 1 }
    else { fail <<- fail + 1; cat("FAIL", what, "\n") }
}
get <- function(table, row, column, measure) {
    r <- unc[unc$table == table & unc$row == as.character(row) &
             unc$column == column & unc$measure == measure, ]
    if (nrow(r) != 1) return(NULL)
    list(est = as.numeric(r$estimate), lo = as.numeric(r$lower),
         hi = as.numeric(r$upper), method = r$method, n = as.numeric(r$n))
}

# 1. Korn-Graubard intervals with the fpc: svyciprop(method = "beta") on
#    whole-population and domain bases.
ci_cases <- list(
    list("2.2", 1, "social_boform", rep(TRUE, n), eq(dat$q2a, 1) & eq(dat$q2_1a, 1)),
    list("2.2", 5, "uden_for_social_boform", rep(TRUE, n), eq(dat$q2b, 2) & eq(dat$q2_3b, 1)),
    list("2.15", 1, "social_boform", eq(dat$q1a, 1), eq(dat$q14a, 1)),
    list("2.7", 3, "uden_for_social_boform", eq(dat$q3_2b, 1), !is.na(dat$q5_2) & dat$q5_2 > 2),
    list("2.20", 2, "uden_for_social_boform", eq(dat$q1b, 1), eq(dat$q19b, 2)),
    list("noegletal", 14, "kommuner", rep(TRUE, n), eq(dat$q2a, 1)),
    list("noegletal", 9, "kommuner", eq(dat$q1a, 1) | eq(dat$q1b, 1), eq(dat$q1a, 1)))
for (cs in ci_cases) {
    dom <- cs[[4]]; y <- cs[[5]]
    dat$y_ <- as.numeric(y)
    d2 <- update(des, y_ = as.numeric(y), dom_ = dom)
    sub <- subset(d2, dom_)
    ci <- svyciprop(~y_, sub, method = "beta")
    lim <- 100 * as.numeric(attr(ci, "ci"))
    e <- get(cs[[1]], cs[[2]], cs[[3]], "procent")
    what <- sprintf("svyciprop %s row %s %s", cs[[1]], cs[[2]], cs[[3]])
    check(paste(what, "found"), !is.null(e))
    if (is.null(e)) next
    check(paste(what, "method"), e$method == "korn-graubard-fpc")
    check(paste(what, "estimate"), abs(e$est - 100 * as.numeric(ci)) < TOL)
    check(sprintf("%s lower %.6f vs R %.6f", what, e$lo, lim[1]), abs(e$lo - lim[1]) < TOL)
    check(sprintf("%s upper %.6f vs R %.6f", what, e$hi, lim[2]), abs(e$hi - lim[2]) < TOL)
    check(paste(what, "n"), e$n == sum(dom))
}

# 2. Every interval of the file against qbeta at the design's effective
#    sample size n_eff = d (n - 1) / (n (1 - n/N)) (where R's own formula
#    is defined, 0 < p < 1; at p = 0 and 1 the file's one-sided ends).
kg <- unc[unc$method == "korn-graubard-fpc", ]
check("some korn-graubard-fpc rows", nrow(kg) > 100)
bad <- 0
for (i in seq_len(nrow(kg))) {
    d <- as.numeric(kg$n[i]); p <- as.numeric(kg$estimate[i]) / 100
    x <- round(p * d); p <- x / d
    ne <- d * (n - 1) / (n * (1 - n / N))
    lo <- if (x == 0) 0 else qbeta(0.025, ne * p, ne * (1 - p) + 1)
    hi <- if (x == d) 1 else qbeta(0.975, ne * p + 1, ne * (1 - p))
    if (abs(100 * lo - as.numeric(kg$lower[i])) > TOL ||
        abs(100 * hi - as.numeric(kg$upper[i])) > TOL) {
        bad <- bad + 1
        cat("  differs:", kg$table[i], kg$row[i], kg$column[i], kg$lower[i],
            100 * lo, kg$upper[i], 100 * hi, "\n")
    }
}
check(sprintf("all %d korn-graubard-fpc rows agree with qbeta", nrow(kg)), bad == 0)

# 3. Non-response bounds: [x/N, (x + N - n)/N] for table 2.2 (base: all).
for (cs in ci_cases[c(1, 2, 6)]) {
    x <- sum(cs[[5]])
    e <- get(cs[[1]], cs[[2]], cs[[3]], "bortfald")
    what <- sprintf("bounds %s row %s %s", cs[[1]], cs[[2]], cs[[3]])
    check(paste(what, "found"), !is.null(e))
    if (is.null(e)) next
    check(paste(what, "lower"), abs(e$lo - 100 * x / N) < TOL)
    check(paste(what, "upper"), abs(e$hi - 100 * (x + N - n) / N) < TOL)
}
check("no bounds on a domain base", is.null(get("2.15", 1, "social_boform", "bortfald")))

# 4. Paired comparisons: difference and interval as svymean() of y1 - y2
#    over the units in both bases (normal quantile, confint()), discordant
#    pairs counted in R, and mid-p McNemar by the hand formula.
midp <- function(b, c) {
    if (b + c == 0) return(1)
    k <- min(b, c); m <- b + c
    min(1, 2 * pbinom(k, m, 0.5) - dbinom(k, m, 0.5))
}
pair <- "social_boform|uden_for_social_boform"
pair_cases <- list(
    list("2.2", 1, rep(TRUE, n), rep(TRUE, n),
         eq(dat$q2a, 1) & eq(dat$q2_1a, 1), eq(dat$q2b, 1) & eq(dat$q2_1b, 1)),
    list("2.7", 3, eq(dat$q3_1b, 1), eq(dat$q3_2b, 1),
         !is.na(dat$q5_1) & dat$q5_1 > 2, !is.na(dat$q5_2) & dat$q5_2 > 2),
    list("2.15", 1, eq(dat$q1a, 1), eq(dat$q1b, 1), eq(dat$q14a, 1), eq(dat$q14b, 1)),
    list("fig2.1", 1, eq(dat$q1a, 1) & !is.na(dat$q7a), eq(dat$q1b, 1) & !is.na(dat$q7b),
         eq(dat$q2a, 1) & eq(dat$q2_1a, 1), eq(dat$q2b, 1) & eq(dat$q2_1b, 1)))
for (cs in pair_cases) {
    both <- cs[[3]] & cs[[4]]
    z <- as.numeric(cs[[5]]) - as.numeric(cs[[6]])
    d2 <- update(des, z_ = z, both_ = both)
    m <- svymean(~z_, subset(d2, both_))
    lim <- 100 * as.numeric(confint(m))
    b <- sum(both & cs[[5]] & !cs[[6]]); c <- sum(both & !cs[[5]] & cs[[6]])
    what <- sprintf("paired %s row %s", cs[[1]], cs[[2]])
    e <- get(cs[[1]], cs[[2]], pair, "parret_forskel")
    check(paste(what, "found"), !is.null(e))
    if (is.null(e)) next
    check(paste(what, "pairs"), e$n == sum(both))
    check(paste(what, "difference"), abs(e$est - 100 * as.numeric(coef(m))) < TOL)
    check(sprintf("%s lower %.6f vs R %.6f", what, e$lo, lim[1]), abs(e$lo - lim[1]) < TOL)
    check(sprintf("%s upper %.6f vs R %.6f", what, e$hi, lim[2]), abs(e$hi - lim[2]) < TOL)
    check(paste(what, "b"), get(cs[[1]], cs[[2]], pair, "par_kun_1")$est == b)
    check(paste(what, "c"), get(cs[[1]], cs[[2]], pair, "par_kun_2")$est == c)
    check(paste(what, "mid-p"),
          abs(get(cs[[1]], cs[[2]], pair, "mcnemar_midp")$est - midp(b, c)) < 1e-6)
}
# the non-response bounds of a difference over all respondents (table 2.2):
# [(b - c - (N - n)) / N, (b - c + (N - n)) / N]
for (row in 1:8) {
    e <- get("2.2", row, pair, "parret_bortfald")
    if (is.null(e)) next
    b <- get("2.2", row, pair, "par_kun_1")$est; c <- get("2.2", row, pair, "par_kun_2")$est
    check(sprintf("difference bounds 2.2 row %d", row),
          abs(e$lo - 100 * (b - c - (N - n)) / N) < TOL &&
          abs(e$hi - 100 * (b - c + (N - n)) / N) < TOL)
}
check("difference bounds for 2.2", !is.null(get("2.2", 1, pair, "parret_bortfald")))
check("no difference bounds on a domain", is.null(get("2.15", 1, pair, "parret_bortfald")))
# every McNemar row of the file by the hand formula from its own b and c
mc <- unc[unc$measure == "mcnemar_midp", ]
check("some mcnemar rows", nrow(mc) > 20)
bad <- 0
for (i in seq_len(nrow(mc))) {
    b <- get(mc$table[i], mc$row[i], pair, "par_kun_1")$est
    c <- get(mc$table[i], mc$row[i], pair, "par_kun_2")$est
    if (abs(as.numeric(mc$estimate[i]) - midp(b, c)) > 1e-6) bad <- bad + 1
}
check(sprintf("all %d mid-p values by the hand formula", nrow(mc)), bad == 0)

# 5. Figure 2.1 three ways: unweighted mean, mean weighted by persons under
#    supervision (1.1), median and quartiles (type 7).
for (g in c("a", "b")) {
    col <- if (g == "a") "social_boform" else "uden_for_social_boform"
    base <- eq(dat[[paste0("q1", g)]], 1) & !is.na(dat[[paste0("q7", g)]])
    appr <- eq(dat[[paste0("q2", g)]], 1) & eq(dat[[paste0("q2_1", g)]], 1)
    for (row in 1:2) {
        sel <- base & (if (row == 1) appr else !appr)
        v <- dat[[paste0("q7", g)]][sel]
        w <- dat[[paste0("q1_1", g)]][sel]
        ok <- !is.na(w) & w > 0
        q <- quantile(v, c(0.25, 0.5, 0.75), type = 7)
        what <- sprintf("fig2.1 row %d %s", row, col)
        f <- function(m) get("fig2.1", row, col, m)$est
        check(paste(what, "n"), f("antal") == length(v))
        check(paste(what, "mean"), abs(f("gennemsnit") - mean(v)) < 1e-6)
        check(paste(what, "weighted mean"), abs(f("gennemsnit_vaegtet") - weighted.mean(v[ok], w[ok])) < 1e-6)
        check(paste(what, "median"), abs(f("median") - q[[2]]) < 1e-6)
        check(paste(what, "q1"), abs(f("kvartil_1") - q[[1]]) < 1e-6)
        check(paste(what, "q3"), abs(f("kvartil_3") - q[[3]]) < 1e-6)
    }
}
cat(sprintf("R: %d passed, %d failed\n", pass, fail))
