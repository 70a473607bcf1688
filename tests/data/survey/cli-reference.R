# Reference figures for `cxscore nps --variance design` by segment (tests/cli/test_design.py),
# computed with R's survey package: svyby() of the NPS code +100/0/-100 over the segments of
# the `rating` column of synthetic.csv (written by survey-reference.R), each segment a domain of
# the whole design, for weights only, strata, clusters and both. Run from the top of the tree:
#   Rscript tests/data/survey/cli-reference.R
# It writes cli-expected.csv next to this script. Recorded with R 4.2, survey 4.1-1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", digits = 17)
here <- "tests/data/survey"
syn <- read.csv(file.path(here, "synthetic.csv"))
# Clusters without strata: the cluster's key must be unique in the sample (the CLI's --cluster
# without --strata reads one column), so the test adds this column to its copy of the file.
syn$cluster_id <- paste(syn$stratum, syn$cluster, sep = "/")
syn$nps100 <- ifelse(is.na(syn$nps), NA, ifelse(syn$nps >= 9, 100, ifelse(syn$nps <= 6, -100, 0)))

designs <- list(
  weights = svydesign(ids = ~1, weights = ~w, data = syn),
  strata = svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = syn),
  cluster = svydesign(ids = ~cluster_id, weights = ~w, data = syn),
  "strata-cluster" = svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = syn,
                               nest = TRUE))
out <- data.frame()
for (case in names(designs)) {
  d <- designs[[case]]
  all <- svymean(~nps100, d, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, segment = "(all)",
                               nps = sprintf("%.17g", coef(all)[[1]]),
                               se = sprintf("%.17g", SE(all)[[1]])))
  by <- svyby(~nps100, ~rating, d, svymean, na.rm = TRUE)
  out <- rbind(out, data.frame(case = case, segment = as.character(by$rating),
                               nps = sprintf("%.17g", by$nps100), se = sprintf("%.17g", SE(by))))
}
write.csv(out, file.path(here, "cli-expected.csv"), row.names = FALSE, quote = FALSE)
