# Reference values for cx_rating_compare() (tests/test-rating.c), computed with R's stats package.
#   Rscript tests/data/rating-compare/welch-newcombe.R
# Welch's t-test: t.test(var.equal = FALSE). Pooled two-proportion z: prop.test(correct = FALSE)
# (its chi-square is z^2). Newcombe's hybrid score interval (method 10) is computed from R's own
# Wilson limits, prop.test(correct = FALSE)$conf.int, per Newcombe (1998), Stat Med 17:873-890.
a <- c(5,4,4,3,5,2,4,5,1,4)          # tests/data/reference/LOYALTY.md CSAT vector
b <- c(3,3,2,4,3,1,2,5,3,4,2,3)      # a second CSAT sample
tt <- t.test(a, b, var.equal = FALSE)
cat(sprintf("welch diff %.12f t %.12f df %.12f p %.12e ci %.12f %.12f\n",
            mean(a) - mean(b), tt$statistic, tt$parameter, tt$p.value, tt$conf.int[1], tt$conf.int[2]))
xa <- sum(a >= 4); xb <- sum(b >= 4)
pt <- prop.test(c(xa, xb), c(length(a), length(b)), correct = FALSE)
wa <- prop.test(xa, length(a), correct = FALSE)$conf.int
wb <- prop.test(xb, length(b), correct = FALSE)$conf.int
pa <- xa / length(a); pb <- xb / length(b); d <- pa - pb
lo <- d - sqrt((pa - wa[1])^2 + (wb[2] - pb)^2)
hi <- d + sqrt((wa[2] - pa)^2 + (pb - wb[1])^2)
cat(sprintf("good %d/%d vs %d/%d diff %.12f z %.12f p %.12e newcombe %.12f %.12f\n",
            xa, length(a), xb, length(b), d, sign(d) * sqrt(pt$statistic), pt$p.value, lo, hi))
# Newcombe (1998) Table II, example (a): 56/70 vs 48/80, method 10 published as 0.0524 to 0.3339.
wa <- prop.test(56, 70, correct = FALSE)$conf.int; wb <- prop.test(48, 80, correct = FALSE)$conf.int
pa <- 56/70; pb <- 48/80; d <- pa - pb
cat(sprintf("newcombe-a %.12f %.12f\n", d - sqrt((pa - wa[1])^2 + (wb[2] - pb)^2),
            d + sqrt((wa[2] - pa)^2 + (pb - wb[1])^2)))
