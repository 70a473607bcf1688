# Reference values for cx_loyalty_index_compare() (tests/test-loyalty.c), with R's t.test.
#   Rscript tests/data/loyalty-compare/welch.R
# a: the five respondents of tests/data/reference/LOYALTY.md (recommend, again, other); b: six
# more. Per respondent, the mean variant is 10 x the mean of the three answers, the net variant
# 100 x the mean of the codes (+1 for 9-10, -1 for 0-6, 0 otherwise) (LOYALTY.md;
# docs/loyalty.md).
a <- rbind(c(10,9,7), c(8,8,5), c(6,7,3), c(9,10,9), c(3,5,2))
b <- rbind(c(9,9,8), c(7,6,6), c(10,10,9), c(5,6,4), c(8,9,7), c(9,8,9))
code <- function(x) ifelse(x >= 9, 1, ifelse(x <= 6, -1, 0))
for (v in c("mean", "net")) {
  f <- if (v == "mean") function(m) 10 * rowMeans(m) else function(m) 100 * rowMeans(code(m))
  t <- t.test(f(a), f(b))
  cat(sprintf("%s diff %.12f t %.12f df %.12f p %.12e ci %.12f %.12f\n", v,
              mean(f(a)) - mean(f(b)), t$statistic, t$parameter, t$p.value, t$conf.int[1],
              t$conf.int[2]))
}
