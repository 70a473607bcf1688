# Prints the expected values of tests/test-drivers.c (R 4.2.2, base R only; Debian 12's
# r-base-core). Usage: Rscript drivers-reference.R DIR
#
# Everything is computed from the data with R's own routines: cor(), cor.test() (t test and
# Fisher z interval), cov.wt(), lm() on z-scored variables, solve() (LAPACK), eigen() (LAPACK)
# for Johnson's (2000) relative weights. Weights are whole numbers: the weighted point
# estimates are those of the data with each row repeated w times (rep()), which is what the
# library's definitions give for frequency weights; the weighted tests use Kish's
# n_eff = (sum w)^2 / sum w^2 in place of n, as the library documents.
dir <- commandArgs(trailingOnly = TRUE)[1]
out <- function(label, x) cat(sprintf("%-34s %s\n", label, paste(sprintf("%.15g", x), collapse = " ")))

johnson <- function(Rxx, rxy) {
  e <- eigen(Rxx, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values), nrow = length(e$values)) %*% t(e$vectors)
  b <- solve(L, rxy)
  drop((L^2) %*% (b^2))
}

# One analysis. X: predictors (data frame), y: outcome, w: whole-number weights or NULL,
# pairwise: FALSE = complete rows only.
analyse <- function(label, X, y, w = NULL, pairwise = FALSE, level = 0.95) {
  k <- ncol(X)
  if (is.null(w)) w <- rep(1, nrow(X))
  D <- cbind(X, y = y)
  if (!pairwise) {
    keep <- complete.cases(D)
    D <- D[keep, , drop = FALSE]
    w <- w[keep]
  }
  rep_rows <- rep(seq_len(nrow(D)), w)
  Dr <- D[rep_rows, , drop = FALSE]                      # frequency-weighted data
  R <- cor(Dr, use = if (pairwise) "pairwise.complete.obs" else "everything")
  rxy <- R[1:k, k + 1]
  Rxx <- R[1:k, 1:k]
  # n and Kish n_eff behind each correlation
  both <- function(i, j) !is.na(D[[i]]) & !is.na(D[[j]])
  neff <- function(ok) sum(w[ok])^2 / sum(w[ok]^2)
  n_j <- sapply(1:k, function(j) sum(both(j, k + 1)))
  ne_j <- sapply(1:k, function(j) neff(both(j, k + 1)))
  pairs <- combn(k + 1, 2)
  n_model <- min(apply(pairs, 2, function(p) sum(both(p[1], p[2]))))
  ne_model <- min(apply(pairs, 2, function(p) neff(both(p[1], p[2]))))
  # r's p-value and Fisher interval with n_eff (cor.test gives the same when unweighted)
  t <- rxy * sqrt((ne_j - 2) / (1 - rxy^2))
  p <- 2 * pt(-abs(t), ne_j - 2)
  z <- qnorm((1 + level) / 2) / sqrt(ne_j - 3)
  lo <- tanh(atanh(rxy) - z); hi <- tanh(atanh(rxy) + z)
  if (all(w == 1)) {                                   # cross-check with cor.test
    for (j in 1:k) {
      ok <- both(j, k + 1)
      ct <- cor.test(D[[j]][ok], D$y[ok], conf.level = level)
      stopifnot(abs(ct$p.value - p[j]) < 1e-12, abs(ct$conf.int[1] - lo[j]) < 1e-12)
    }
  }
  rho <- sapply(1:k, function(j) {
    ok <- !is.na(Dr[[j]]) & !is.na(Dr$y)
    cor(rank(Dr[[j]][ok]), rank(Dr$y[ok]))
  })
  # mean and SD (n_eff - 1) of each predictor on its rows: cov.wt's unbiased weighted variance
  mean_j <- sapply(1:k, function(j) { ok <- both(j, k + 1); weighted.mean(D[[j]][ok], w[ok]) })
  sd_j <- sapply(1:k, function(j) {
    ok <- both(j, k + 1)
    sqrt(cov.wt(matrix(D[[j]][ok]), wt = w[ok] / sum(w[ok]))$cov[1, 1])
  })
  beta <- solve(Rxx, rxy)
  r2 <- sum(beta * rxy)
  if (!pairwise && all(w == 1)) {                       # cross-check with lm on z-scores
    fit <- lm(scale(D$y) ~ scale(as.matrix(D[, 1:k])))
    stopifnot(max(abs(coef(fit)[-1] - beta)) < 1e-12,
              abs(summary(fit)$r.squared - r2) < 1e-12)
    fs <- summary(fit)$fstatistic
  }
  rw <- johnson(Rxx, rxy)
  df2 <- ne_model - k - 1
  f <- (r2 / k) / ((1 - r2) / df2)
  cat("==", label, "\n")
  out("n per predictor", n_j)
  out("n_eff per predictor", ne_j)
  out("mean", mean_j)
  out("sd", sd_j)
  out("pearson", rxy)
  out("p", p)
  out("ci lower", lo)
  out("ci upper", hi)
  out("spearman", rho)
  out("beta", beta)
  out("relative weight", rw)
  out("percent of R2", 100 * rw / r2)
  out("model n, n_eff", c(n_model, ne_model))
  out("R2, adj R2", c(r2, 1 - (1 - r2) * (ne_model - 1) / df2))
  out("F, df2, p", c(f, df2, pf(f, k, df2, lower.tail = FALSE)))
  if (!pairwise && all(w == 1)) out("lm F (check)", fs[1])
}

v <- read.csv(file.path(dir, "loyalty-vector.csv"))
analyse("loyalty-vector listwise", v[, 1:3], v$y)

m <- read.csv(file.path(dir, "mtcars.csv"))
analyse("mtcars listwise", m[, 1:4], m$mpg)

t <- read.csv(file.path(dir, "touchpoints.csv"))
analyse("touchpoints listwise", t[, 1:4], t$y)
analyse("touchpoints pairwise", t[, 1:4], t$y, pairwise = TRUE)
analyse("touchpoints listwise weighted", t[, 1:4], t$y, w = t$w)
analyse("touchpoints pairwise weighted", t[, 1:4], t$y, w = t$w, pairwise = TRUE)
analyse("touchpoints listwise level 0.9", t[, 1:4], t$y, level = 0.9)
