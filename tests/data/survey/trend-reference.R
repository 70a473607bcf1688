# Reference figures for `cxscore trend --variance design` (tests/cli/test_design.py, class
# Trend), computed with R's survey package: each calendar month of a date column is a domain of
# the whole design (svyby()), for weights only, strata, clusters and both, as the CLI makes it.
# Data: indices.csv (written by cli-reference.R) with a `date` column added here, the month
# cycling over the rows (2026-01 to 2026-04), written as trend.csv. Per design and month, and
# per region x month: the NPS (svymean of the code +100/0/-100) and its SE; per design and
# month: the CSAT mean of `rating` (1-5) and its SE, and the share in the good band (4-5).
# Run from the top of the tree:  Rscript tests/data/survey/trend-reference.R
# It writes trend.csv and trend-expected.csv next to this script. Recorded with R 4.2, survey 4.1-1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", digits = 17)
here <- "tests/data/survey"
d0 <- read.csv(file.path(here, "indices.csv"))
d0$date <- sprintf("2026-%02d-%02d", (seq_len(nrow(d0)) - 1) %% 4 + 1,
                   (seq_len(nrow(d0)) - 1) %/% 4 %% 28 + 1)
write.csv(d0, file.path(here, "trend.csv"), row.names = FALSE, quote = FALSE, na = "")
d0$month <- substr(d0$date, 1, 7)
d0$nps100 <- ifelse(is.na(d0$nps), NA, ifelse(d0$nps >= 9, 100, ifelse(d0$nps <= 6, -100, 0)))
d0$good <- ifelse(is.na(d0$rating), NA, as.numeric(d0$rating >= 4))
designs <- list(
  weights = svydesign(ids = ~1, weights = ~w, data = d0),
  strata = svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = d0),
  cluster = svydesign(ids = ~cluster_id, weights = ~w, data = d0),
  "strata-cluster" = svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = d0,
                               nest = TRUE))
f <- function(x) sprintf("%.17g", x)
out <- data.frame()
for (case in names(designs)) {
  d <- designs[[case]]
  by <- svyby(~nps100, ~month, d, svymean, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, index = "nps", segment = "(all)",
                               period = as.character(by$month), value = f(by$nps100),
                               se = f(SE(by))))
  by <- svyby(~nps100, ~region + month, d, svymean, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, index = "nps", segment = as.character(by$region),
                               period = as.character(by$month), value = f(by$nps100),
                               se = f(SE(by))))
  by <- svyby(~rating, ~month, d, svymean, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, index = "csat", segment = "(all)",
                               period = as.character(by$month), value = f(by$rating),
                               se = f(SE(by))))
  by <- svyby(~good, ~month, d, svymean, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, index = "csat-good", segment = "(all)",
                               period = as.character(by$month), value = f(by$good),
                               se = f(SE(by))))
}
write.csv(out, file.path(here, "trend-expected.csv"), row.names = FALSE, quote = FALSE)
