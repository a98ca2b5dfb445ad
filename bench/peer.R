# peer.R: what an analyst would write in R with data.table to get some of
# the report's tables from the questionnaire export.  The benchmark's
# baseline for ankestat (bench/run.sh); it computes tables 2.1, 2.2, 2.4,
# 2.9, 2.12 and the means of figure 2.1 and writes them in the tables.csv
# format (spec section 4), so run.sh can check them against the engine's
# lines before any time counts.
#
#   Rscript bench/peer.R INPUT.csv OUT.csv [CHART.png]
#
# With CHART.png it also draws figure 2.1 as a base-R bar chart.
#
# Rounding as the report's: R's round() is half-even on binary doubles, so
# everything is done in whole numbers instead: decimals are read as text into
# tenths (half up on the digits), percents and means are integer quotients
# with half-up rounding.  Sums are doubles holding whole numbers (exact below
# 2^53), which avoids 32-bit integer overflow on a million rows.
suppressPackageStartupMessages(library(data.table))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript peer.R INPUT.csv OUT.csv [CHART.png]")
input <- args[1]; output <- args[2]; chart <- if (length(args) >= 3) args[3] else NA

need <- c("q1a", "q1b", "q2a", "q2b", "q2_1a", "q2_1b", "q2_3a", "q2_3b",
          paste0("q3_1", letters[1:4]), paste0("q3_2", letters[1:4]),
          "q7a", "q7b", paste0("q12", c("a", "b", "c"), "_sb"),
          paste0("q12", c("a", "b", "c"), "_eh"))

# Header names are matched case-insensitively: read the header, then select.
# (fread(nrows = 0) would scan the whole file for its sample: read one line.)
hdr <- readLines(input, n = 1L, warn = FALSE, encoding = "UTF-8")
hdr <- trimws(strsplit(sub("^\ufeff", "", hdr), "[,;\t]")[[1]])
hdr <- gsub('^"|"$', "", hdr)
sel <- hdr[match(need, tolower(hdr))]
if (anyNA(sel)) stop("missing columns: ", paste(need[is.na(sel)], collapse = ", "))
d <- fread(input, select = sel, colClasses = "character", na.strings = NULL,
           encoding = "UTF-8", showProgress = FALSE)
setnames(d, sel, need)

# ---- typed views of the answers (invalid = not answered = NA) ----------
# Each conversion runs on the distinct strings of a column only and is
# mapped back with chmatch(): answers repeat, so this is the fast idiom.
by_unique <- function(f) function(x) { u <- unique(x); f(u)[chmatch(x, u)] }
yesno <- by_unique(function(x) {
  x <- tolower(trimws(x))
  fifelse(x == "1" | x == "ja", 1L, fifelse(x == "2" | x == "nej", 2L, NA_integer_))
})
marked <- by_unique(function(x) { x <- trimws(x); x == "1" | x == "x" | x == "X" })
count <- by_unique(function(x) {
  x <- trimws(x)
  fifelse(grepl("^[0-9]+$", x), suppressWarnings(as.numeric(x)), NA_real_)
})
# Decimal text -> tenths, rounded half up on the digits; NA if not a number.
tenths <- by_unique(function(x) {
  x <- trimws(x)
  ok <- grepl("^[0-9]+([.,][0-9]*)?$", x)
  int <- sub("[.,].*$", "", x)
  frac <- ifelse(grepl("[.,]", x), sub("^[0-9]+[.,]", "", x), "")
  frac <- substr(paste0(frac, "00"), 1L, 2L)
  v <- suppressWarnings(as.numeric(int) * 10 + as.numeric(substr(frac, 1L, 1L)) +
       (as.numeric(substr(frac, 2L, 2L)) >= 5))
  fifelse(ok, v, NA_real_)
})
pct <- function(n, base) {
  if (base > 0) as.character((n * 200 + base) %/% (2 * base)) else rep(NA_character_, length(n))
}
mean2 <- function(sum10, n) {  # mean of tenths -> hundredths, half up, "x.yy"
  h <- (sum10 * 20 + n) %/% (2 * n)
  ifelse(n > 0, sprintf("%.0f.%02.0f", h %/% 100, h %% 100), NA_character_)
}

out <- list()
emit <- function(table, rows, labels, column, counts, base, procent = TRUE) {
  out[[length(out) + 1L]] <<- data.table(table = table, row = rows, row_label = labels,
                                         column = column, measure = "antal",
                                         value = as.character(counts))
  if (procent)
    out[[length(out) + 1L]] <<- data.table(table = table, row = rows, row_label = labels,
                                           column = column, measure = "procent",
                                           value = pct(counts, base))
}

q1 <- list(a = yesno(d$q1a), b = yesno(d$q1b))
q2 <- list(a = yesno(d$q2a), b = yesno(d$q2b))
cols <- c(a = "social_boform", b = "uden_for_social_boform")

# ---- 2.1: q1b (rows) x q1a (columns), respondents who answered both ------
both <- !is.na(q1$a) & !is.na(q1$b)
t21 <- function(cond_col) c(sum(both & cond_col & q1$b == 1), sum(both & cond_col & q1$b == 2),
                            sum(both & cond_col))
lab21 <- c("Tilsyn uden for social boform", "Uden tilsyn uden for social boform", "I alt")
emit("2.1", 1:3, lab21, "tilsyn_i_social_boform", t21(q1$a == 1), 0, FALSE)
emit("2.1", 1:3, lab21, "uden_tilsyn_i_social_boform", t21(q1$a == 2), 0, FALSE)
emit("2.1", 1:3, lab21, "i_alt", t21(TRUE), 0, FALSE)

# ---- 2.2: guidelines, approval, plans; all respondents --------------------
lab22 <- c("Ja, med godkendelse af kommunalbestyrelsen", "Ja, uden godkendelse af kommunalbestyrelsen",
           "Ja, uoplyst om godkendelse", "Ja, i alt", "Nej, men der er planlagt retningslinjer",
           "Nej, og der er ikke planlagt retningslinjer", "Nej, uoplyst med hensyn til planlægning",
           "Nej, i alt", "Uoplyst om ja eller nej", "Total")
c22 <- lapply(c(a = "a", b = "b"), function(g) {
  q <- q2[[g]]; ap <- yesno(d[[paste0("q2_1", g)]]); pl <- yesno(d[[paste0("q2_3", g)]])
  ja <- !is.na(q) & q == 1; nej <- !is.na(q) & q == 2
  c(sum(ja & ap %in% 1L), sum(ja & ap %in% 2L), sum(ja & is.na(ap)), sum(ja),
    sum(nej & pl %in% 1L), sum(nej & pl %in% 2L), sum(nej & is.na(pl)), sum(nej),
    sum(is.na(q)), length(q))
})
keep22 <- if (c22$a[9] + c22$b[9] > 0) 1:10 else c(1:8, 10)   # optional row 9
for (g in c("a", "b"))
  emit("2.2", seq_along(keep22), lab22[keep22], cols[[g]], c22[[g]][keep22], length(q2[[g]]))

# ---- 2.4: areas in the guidelines (multi-response), base q2x=1 -----------
lab24 <- c("Opfølgning på tilsyn", "Indhold af tilsyn", "Hyppighed af tilsyn", "Andet", "I alt")
for (g in c("a", "b")) {
  base <- q2[[g]] %in% 1L
  box <- function(k) sum(base & marked(d[[paste0("q3_", if (g == "a") 1 else 2, k)]]))
  emit("2.4", 1:5, lab24, cols[[g]], c(box("c"), box("a"), box("b"), box("d"), sum(base)), sum(base))
}

# ---- 2.9: q7x binned after rounding to tenths, base q1x=1 ----------------
lab29 <- c("0 tilsyn", "Færre end 1 tilsyn", "1 tilsyn", "1,1- 2 tilsyn", "Flere end 2 tilsyn",
           "Uoplyst", "I alt")
q7 <- list(a = tenths(d$q7a), b = tenths(d$q7b))
for (g in c("a", "b")) {
  base <- q1[[g]] %in% 1L; v <- q7[[g]][base]
  n <- c(sum(v %in% 0), sum(!is.na(v) & v > 0 & v < 10), sum(v %in% 10),
         sum(!is.na(v) & v >= 11 & v <= 20), sum(!is.na(v) & v > 20), sum(is.na(v)), length(v))
  emit("2.9", 1:7, lab29, cols[[g]], n, length(v))
}

# ---- 2.12: share with a handleplan (q12a of q12a+b+c), base q1x=1 --------
lab212 <- c("100 procent har handleplan", "99-1 procent har handleplan", "0 procent har handleplan",
            "Uoplyst", "I alt")
for (g in c("a", "b")) {
  s <- if (g == "a") "_sb" else "_eh"
  base <- q1[[g]] %in% 1L
  qa <- count(d[[paste0("q12a", s)]])[base]
  qb <- count(d[[paste0("q12b", s)]])[base]
  qc <- count(d[[paste0("q12c", s)]])[base]
  den <- fcoalesce(qa, 0) + fcoalesce(qb, 0) + fcoalesce(qc, 0)
  n <- c(sum(!is.na(qa) & qa != 0 & qa == den), sum(!is.na(qa) & qa != 0 & qa != den),
         sum(qa %in% 0), sum(is.na(qa)), length(qa))
  emit("2.12", 1:5, lab212, cols[[g]], n, length(qa))
}

# ---- figure 2.1: mean q7x, approved guidelines vs other, where q7x stated -
labf <- c("Retningslinjer godkendt af kommunalbestyrelsen", "Ikke godkendte eller ingen retningslinjer")
fig <- list()
for (g in c("a", "b")) {
  stated <- q1[[g]] %in% 1L & !is.na(q7[[g]])
  appr <- q2[[g]] %in% 1L & yesno(d[[paste0("q2_1", g)]]) %in% 1L
  for (r in 1:2) {
    m <- stated & (if (r == 1) appr else !appr)
    n <- sum(m); s10 <- sum(q7[[g]][m])
    fig[[length(fig) + 1L]] <- data.table(table = "fig2.1", row = r, row_label = labf[r],
      column = cols[[g]], measure = c("gennemsnit", "antal"), value = c(mean2(s10, n), as.character(n)))
  }
}
out <- c(out, fig)

res <- rbindlist(out)
fwrite(res, output, quote = "auto", na = "")

if (!is.na(chart)) {
  f <- rbindlist(fig)[measure == "gennemsnit"]
  m <- matrix(as.numeric(f$value), nrow = 2, dimnames = list(labf, c("I social boform", "Uden for social boform")))
  png(chart, width = 800, height = 500, type = "cairo")
  barplot(m, beside = TRUE, legend.text = TRUE, ylab = "Gennemsnitligt antal tilsynsbesøg",
          ylim = c(0, 1.3 * max(m, 1, na.rm = TRUE)),
          main = "Figur 2.1 Tilsynsbesøg i kommuner med eller uden godkendte retningslinjer",
          args.legend = list(x = "topleft", bty = "n"), col = c("grey30", "grey70"))
  invisible(dev.off())
}
