# Reference figures for `cxscore nps --variance design` by segment (tests/cli/test_design.py),
# computed with R's survey package: svyby() of the NPS code +100/0/-100 over the segments of
# the `rating` column of synthetic.csv (written by survey-reference.R), each segment a domain of
# the whole design, for weights only, strata, clusters and both. Run from the top of the tree:
#   Rscript tests/data/survey/cli-reference.R
# It writes cli-expected.csv, and for csat, ces and loyalty (part 2 below) indices.csv and
# cli-expected-indices.csv, next to this script. Recorded with R 4.2, survey 4.1-1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", digits = 17)
here <- "tests/data/survey"
syn <- read.csv(file.path(here, "synthetic.csv"))
# Clusters without strata: the cluster's key must be unique in the sample (the CLI's --cluster
# without --strata reads one column), so the test adds this column to its copy of the file.
syn$cluster_id <- paste(syn$stratum, syn$cluster, sep = "/")
syn$nps100 <- ifelse(is.na(syn$nps), NA, ifelse(syn$nps >= 9, 100, ifelse(syn$nps <= 6, -100, 0)))

# The four designs of the tests: weights only, strata, clusters, both.
four_designs <- function(data) list(
  weights = svydesign(ids = ~1, weights = ~w, data = data),
  strata = svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = data),
  cluster = svydesign(ids = ~cluster_id, weights = ~w, data = data),
  "strata-cluster" = svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = data,
                               nest = TRUE))
designs <- four_designs(syn)
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

# 2. csat, ces and loyalty with the same designs (tests/cli/test_design.py, class Indices):
#    indices.csv is synthetic.csv with cluster_id and four more columns drawn here: a segment
#    `region`, a 1-7 CES answer and two more 0-10 loyalty answers (recommend is `nps`), each
#    with blanks. The CSAT answer is `rating`. Per design and per segment (a domain, svyby()):
#    svymean of the answer, of its good band and of its top box (csat 4-5 and 5, ces 5-7 and 7),
#    and of the two loyalty indices of each respondent with all three answers (listwise):
#    10 x the mean answer and 100 x the mean NPS code +1/0/-1. Intervals as the library makes
#    them (docs/design.md): means and indices mean +/- qt(0.975, df) * se on R's degf() of the
#    design (of subset(design, region == r) for a segment), the indices clipped to their range;
#    shares by Wilson's interval with the effective n p(1 - p)/se^2 (Korn & Graubard 1998).
set.seed(21)
n <- nrow(syn)
ind <- syn[, c("stratum", "cluster", "cluster_id", "w", "nps", "rating")]
ind$region <- sample(c("east", "north", "west"), n, replace = TRUE, prob = c(0.3, 0.4, 0.3))
ind$ces <- pmin(7, pmax(1, ind$rating + sample(0:2, n, replace = TRUE)))
ind$ces[runif(n) < 0.06] <- NA
ind$repurchase <- ifelse(is.na(ind$nps), sample(0:10, n, replace = TRUE),
                         pmin(10, pmax(0, ind$nps + sample(-2:2, n, replace = TRUE))))
ind$repurchase[runif(n) < 0.05] <- NA
ind$cross_buy <- pmin(10, pmax(0, ind$rating * 2 + sample(-3:1, n, replace = TRUE)))
ind$cross_buy[runif(n) < 0.05] <- NA
write.csv(ind, file.path(here, "indices.csv"), row.names = FALSE, quote = FALSE, na = "")
ind <- read.csv(file.path(here, "indices.csv"))
ind$csat_good <- as.numeric(ind$rating >= 4)
ind$csat_top <- as.numeric(ind$rating == 5)
ind$ces_good <- ifelse(is.na(ind$ces), NA, as.numeric(ind$ces >= 5))
ind$ces_top <- ifelse(is.na(ind$ces), NA, as.numeric(ind$ces == 7))
code <- function(x) ifelse(x >= 9, 1, ifelse(x <= 6, -1, 0))
complete <- !is.na(ind$nps) & !is.na(ind$repurchase) & !is.na(ind$cross_buy)
ind$mean_index <- ifelse(complete, 10 * (ind$nps + ind$repurchase + ind$cross_buy) / 3, NA)
ind$net_index <- ifelse(complete,
                        100 * (code(ind$nps) + code(ind$repurchase) + code(ind$cross_buy)) / 3,
                        NA)
wilson <- function(p, se, z) {
  n <- p * (1 - p) / se^2
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(centre - half, centre + half)
}
idesigns <- four_designs(ind)
# command, variable, the design variable, the kind of interval and the range of an index
vars <- list(
  list("csat", "mean", "rating", "t", NA, NA), list("csat", "good", "csat_good", "wilson", NA, NA),
  list("csat", "top_box", "csat_top", "wilson", NA, NA),
  list("ces", "mean", "ces", "t", NA, NA), list("ces", "good", "ces_good", "wilson", NA, NA),
  list("ces", "top_box", "ces_top", "wilson", NA, NA),
  list("loyalty", "mean_index", "mean_index", "t", 0, 100),
  list("loyalty", "net_index", "net_index", "t", -100, 100))
z <- qnorm(0.975)
iout <- data.frame()
for (case in names(idesigns)) {
  d <- idesigns[[case]]
  for (segment in c("(all)", sort(unique(ind$region)))) {
    dd <- if (segment == "(all)") d else subset(d, region == segment)
    for (v in vars) {
      est <- svymean(as.formula(paste0("~", v[[3]])), dd, na.rm = TRUE)
      m <- coef(est)[[1]]
      se <- SE(est)[[1]]
      df <- degf(dd)
      iv <- if (v[[4]] == "t") m + c(-1, 1) * qt(0.975, df) * se else wilson(m, se, z)
      if (!is.na(v[[5]])) iv <- pmin(pmax(iv, v[[5]]), v[[6]])
      iout <- rbind(iout, data.frame(case = case, command = v[[1]], segment = segment,
                                     variable = v[[2]], mean = sprintf("%.17g", m),
                                     se = sprintf("%.17g", se), df = df,
                                     lower = sprintf("%.17g", iv[1]),
                                     upper = sprintf("%.17g", iv[2])))
    }
  }
}
write.csv(iout, file.path(here, "cli-expected-indices.csv"), row.names = FALSE, quote = FALSE)
