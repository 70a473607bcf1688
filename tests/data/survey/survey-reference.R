# Reference figures for libcxscore's design-based variance (tests/test-design.c), computed with
# R's survey package (Lumley 2004, J. Stat. Software 9(8); "Complex Surveys", Wiley 2010).
# Run from the top of the tree:
#   Rscript tests/data/survey/survey-reference.R
# It writes the input data (apistrat.csv, synthetic.csv) and the expected figures (expected.csv)
# next to this script. Recorded with R 4.2, survey 4.1-1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", digits = 17)
here <- "tests/data/survey"

# 1. survey::apistrat: 200 Californian schools, stratified by school type, weights pw.
data(api)
api <- data.frame(stype = as.character(apistrat$stype), dnum = apistrat$dnum, pw = apistrat$pw,
                  api00 = apistrat$api00, api99 = apistrat$api99,
                  sch_wide = as.numeric(apistrat$sch.wide == "Yes"), meals = apistrat$meals)
write.csv(api, file.path(here, "apistrat.csv"), row.names = FALSE, quote = FALSE)
api <- read.csv(file.path(here, "apistrat.csv")) # the figures use the values the tests read

# 2. A synthetic NPS survey: 12 strata of 3-6 clusters (some clusters split across two files in
#    the merge test), 0-10 answers with blanks, a 1-5 rating, unequal weights (one of them 0).
set.seed(20)
rows <- list()
for (h in 1:12) {
  for (c in seq_len(3 + h %% 4)) {
    m <- 2 + (h * 7 + c * 3) %% 9
    lean <- (h %% 5) / 5 + c / 20
    nps <- sample(0:10, m, replace = TRUE, prob = c(rep(0.04, 7), 0.08, 0.12, 0.2 + lean / 4, 0.2))
    nps[runif(m) < 0.08] <- NA
    rating <- pmin(5, pmax(1, round(nps / 2.2 + rnorm(m, 0, 0.7))))
    rating[is.na(rating)] <- sample(1:5, sum(is.na(rating)), replace = TRUE)
    w <- round(runif(m, 0.5, 4), 3)
    rows[[length(rows) + 1]] <- data.frame(stratum = sprintf("s%02d", h),
                                           cluster = sprintf("c%d", c), w = w, nps = nps,
                                           rating = rating)
  }
}
syn <- do.call(rbind, rows)
syn$w[5] <- 0
syn$cluster_id <- paste(syn$stratum, syn$cluster, sep = "/")
write.csv(syn[, c("stratum", "cluster", "w", "nps", "rating")], file.path(here, "synthetic.csv"),
          row.names = FALSE, quote = FALSE, na = "")
syn <- read.csv(file.path(here, "synthetic.csv"))
syn$cluster_id <- paste(syn$stratum, syn$cluster, sep = "/")
# The variables as the library sees them: NPS as the mean of +100/0/-100 (NA stays NA), shares
# of promoters and detractors, the rating's mean, its top-two box (4-5) and top box (5).
syn$nps100 <- ifelse(is.na(syn$nps), NA, ifelse(syn$nps >= 9, 100, ifelse(syn$nps <= 6, -100, 0)))
syn$promoter <- ifelse(is.na(syn$nps), NA, as.numeric(syn$nps >= 9))
syn$detractor <- ifelse(is.na(syn$nps), NA, as.numeric(syn$nps <= 6))
syn$good <- as.numeric(syn$rating >= 4)
syn$top <- as.numeric(syn$rating == 5)

out <- data.frame()
add <- function(case, design, vars) {
  for (v in vars) {
    est <- svymean(as.formula(paste0("~", v)), design, na.rm = TRUE)
    out <<- rbind(out, data.frame(case = case, variable = v,
                                  mean = sprintf("%.17g", coef(est)[[1]]),
                                  se = sprintf("%.17g", SE(est)[[1]]),
                                  df = degf(design)))
  }
}
# meals: the issue's example, SE 2.2970 by the design against 2.2733 by Kish's formula.
add("api-weights", svydesign(ids = ~1, weights = ~pw, data = api),
    c("api00", "sch_wide", "meals"))
add("api-strata", svydesign(ids = ~1, strata = ~stype, weights = ~pw, data = api),
    c("api00", "sch_wide", "meals"))
add("api-cluster", svydesign(ids = ~dnum, weights = ~pw, data = api), c("api00", "api99"))
add("api-strata-cluster", svydesign(ids = ~dnum, strata = ~stype, weights = ~pw, data = api,
                                    nest = TRUE), c("api00"))
vars <- c("nps100", "promoter", "detractor", "rating", "good", "top")
add("syn-weights", svydesign(ids = ~1, weights = ~w, data = syn), vars)
add("syn-strata", svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = syn), vars)
add("syn-cluster", svydesign(ids = ~cluster_id, weights = ~w, data = syn), vars)
add("syn-strata-cluster", svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = syn,
                                    nest = TRUE), vars)
# Domains (svyby-style): a segment's mean with the whole design around it, PSUs without a row
# of the segment kept with weight 0 (subset() on a survey design).
dom <- function(case, design, vars) add(case, subset(design, rating >= 4), vars)
dom("dom-strata", svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = syn),
    c("nps100", "promoter"))
dom("dom-strata-cluster", svydesign(ids = ~cluster, strata = ~stratum, weights = ~w, data = syn,
                                    nest = TRUE), c("nps100", "promoter"))
write.csv(out, file.path(here, "expected.csv"), row.names = FALSE, quote = FALSE)
