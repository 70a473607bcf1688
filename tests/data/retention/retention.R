# Reference figures for tests/test-retention.c from log.csv (a hand-made activity log: customer,
# period, amount; a blank amount is an event without revenue), computed in base R with set
# operations, independently of the library's per-customer algorithm. Definitions:
# tests/data/reference/LOYALTY.md.
#   Rscript tests/data/retention/retention.R > tests/data/retention/expected.txt
d <- read.csv("log.csv", colClasses = c("character", "integer", "numeric"))
ps <- 1:6
act <- function(t) unique(d$customer[d$period == t])
firsts <- tapply(d$period, d$customer, min)
rev <- function(ids, t) sum(d$amount[d$period == t & d$customer %in% ids], na.rm = TRUE)
cat("period,active,new,retained,returning,churned,previous_active,revenue,revenue_at_risk\n")
for (t in ps) {
  a <- act(t); p <- act(t - 1)
  new <- names(firsts)[firsts == t]
  retained <- intersect(a, p)
  returning <- setdiff(setdiff(a, p), new)
  churned <- setdiff(p, a)
  cat(sprintf("%d,%d,%d,%d,%d,%d,%d,%.2f,%.2f\n", t, length(a), length(new), length(retained),
              length(returning), length(churned), length(p), rev(a, t), rev(churned, t - 1)))
}
cat("cohorts (first period; size; active at +0..+5)\n")
for (f in ps) {
  ids <- names(firsts)[firsts == f]
  cells <- sapply(0:5, function(k) length(intersect(ids, act(f + k))))
  cat(f, length(ids), cells, "\n")
}
n_events <- table(d$customer)
cat(sprintf("customers %d events %d repeat %d\n", length(n_events), nrow(d), sum(n_events >= 2)))
retained <- sum(sapply(2:6, function(t) length(intersect(act(t), act(t - 1)))))
at_risk <- sum(sapply(1:5, function(t) length(act(t))))
w <- prop.test(retained, at_risk, correct = FALSE)$conf.int
cat(sprintf("pooled retained %d at_risk %d retention %.12f wilson %.12f %.12f\n", retained, at_risk,
            retained / at_risk, w[1], w[2]))
cat(sprintf("revenue %.2f\n", sum(d$amount, na.rm = TRUE)))
