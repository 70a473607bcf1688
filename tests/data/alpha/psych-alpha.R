# Prints the reference values of tests/test-alpha.c: psych::alpha on each data set, pairwise
# (psych's default) and, for the data with blanks, listwise. Usage: Rscript psych-alpha.R DIR
suppressMessages(library(psych))
dir <- commandArgs(trailingOnly = TRUE)[1]
show <- function(label, d) {
  a <- alpha(d, warnings = FALSE, check.keys = FALSE)
  cat("==", label, "rows", nrow(d), "\n")
  print(a$total[, c("raw_alpha", "std.alpha", "average_r", "mean", "sd")], digits = 15)
  cat(sprintf("feldt 95%%: %.15g %.15g\n", a$feldt$lower.ci, a$feldt$upper.ci))
  print(a$alpha.drop[, c("raw_alpha", "std.alpha", "average_r")], digits = 15)
  print(a$item.stats[, c("n", "raw.r", "std.r", "r.drop", "mean", "sd")], digits = 15)
}
for (f in c("thinkdeeply.csv", "cronbach_alpha_wide.csv", "cronbach_wide_missing.csv"))
  show(f, read.csv(file.path(dir, f)))
show("cronbach_wide_missing.csv listwise", na.omit(read.csv(file.path(dir, "cronbach_wide_missing.csv"))))
