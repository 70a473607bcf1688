# Golden values of tests/cli/test_cli.py's DriversCommand, computed with base R 4.2.2 from
# examples/data/survey.csv. Usage: Rscript tests/cli/data/drivers-sample.R examples/data/survey.csv
# The CLI's rules: the outcome (score) counts only as a whole number 0-10; blank / NA / N/A / -
# are missing; text (e.g. "ten") is rejected; both leave the cell out (NA here).
# Weighted figures: cov.wt() correlations (weights as given, not rounded); Spearman from
# weighted mid-ranks (weight below + half the tie's weight), as the library documents.
f <- commandArgs(trailingOnly = TRUE)[1]
d <- read.csv(f, colClasses = "character")
num <- function(v) { v <- trimws(v); v[toupper(v) %in% c("", "NA", "N/A", "-")] <- NA
                     suppressWarnings(as.numeric(v)) }
tp <- c("tp_website", "tp_wait", "tp_agent", "tp_billing", "tp_delivery")
y <- num(d$score); y[!(y %in% 0:10)] <- NA
X <- sapply(tp, function(c) num(d[[c]]))
w <- num(d$weight)
out <- function(label, x) cat(sprintf("%-22s %s\n", label, paste(sprintf("%.15g", x), collapse = " ")))

johnson <- function(R) {
  k <- ncol(R) - 1; Rxx <- R[1:k, 1:k]; rxy <- R[1:k, k + 1]
  e <- eigen(Rxx, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  b <- solve(L, rxy)
  list(beta = solve(Rxx, rxy), rw = drop((L^2) %*% (b^2)), r2 = sum(solve(Rxx, rxy) * rxy), r = rxy)
}
wrank <- function(v, w) {            # weighted mid-ranks
  s <- tapply(w, v, sum); below <- cumsum(s) - s
  (below + s / 2)[as.character(v)]
}
analyse <- function(label, rows, weighted = FALSE, pairwise = FALSE) {
  D <- cbind(X[rows, ], y = y[rows]); ww <- if (weighted) w[rows] else rep(1, sum(rows))
  if (!pairwise) { ok <- complete.cases(D); D <- D[ok, ]; ww <- ww[ok] }
  k <- length(tp)
  R <- diag(k + 1)
  for (i in 1:(k + 1)) for (j in 1:(k + 1)) if (i < j) {
    ok <- !is.na(D[, i]) & !is.na(D[, j])
    R[i, j] <- R[j, i] <- cov.wt(D[ok, c(i, j)], wt = ww[ok], cor = TRUE)$cor[1, 2]
  }
  rho <- sapply(1:k, function(j) {
    ok <- !is.na(D[, j]) & !is.na(D[, k + 1])
    cov.wt(cbind(wrank(D[ok, j], ww[ok]), wrank(D[ok, k + 1], ww[ok])), wt = ww[ok], cor = TRUE)$cor[1, 2]
  })
  J <- johnson(R)
  cat("==", label, "\n")
  out("rows", nrow(D)); out("pearson", J$r); out("spearman", rho); out("beta", J$beta)
  out("relative weight", J$rw); out("R2", J$r2)
}
all <- rep(TRUE, nrow(d))
analyse("listwise", all)
analyse("pairwise weighted", all, weighted = TRUE, pairwise = TRUE)
analyse("phone listwise", d$channel == "phone")
