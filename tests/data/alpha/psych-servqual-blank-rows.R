# Feldt's n in `cxscore servqual --feldt-n answered|rows` (issue 20), against psych::alpha.
# Builds servqual-blank-rows.csv: 40 respondents of the 22-item SERVQUAL of 1991 (e1..e22,
# p1..p22, 1-7; a respondent's level plus noise, so that the dimensions are reliable), a few
# single blanks, and 4 rows with no answer at all. Writes psych-servqual-blank-rows.csv: per
# dimension and series (perception, expectation, gap = p - e), psych's alpha and Feldt's 95 %
# bounds with n by psych's rule (`rows`: every row of the file, nrow() of the item frame) and by
# the library's (`answered`: the rows with an answer to an item of the dimension, psych's own
# formula alpha.ci() with that n). Run from the top of the tree (R 4.2.2, psych 2.2.9):
#   Rscript tests/data/alpha/psych-servqual-blank-rows.R
suppressMessages(library(psych))
here <- "tests/data/alpha"
set.seed(17)
n <- 40
level_e <- rnorm(n, 5.5, 0.7)
level_p <- rnorm(n, 4.8, 1)
clip <- function(x) pmin(7, pmax(1, round(x)))
e <- sapply(1:22, function(i) clip(level_e + rnorm(n, 0, 0.8)))
p <- sapply(1:22, function(i) clip(level_p + rnorm(n, 0, 0.9)))
e[cbind(c(3, 11, 27), c(2, 9, 20))] <- NA
p[cbind(c(5, 11, 33), c(14, 1, 7))] <- NA
d <- data.frame(e, p)
names(d) <- c(paste0("e", 1:22), paste0("p", 1:22))
blank <- d[1:4, ]
blank[, ] <- NA
d <- rbind(d[1:6, ], blank[1, ], d[7:20, ], blank[2:3, ], d[21:40, ], blank[4, ])
write.csv(d, file.path(here, "servqual-blank-rows.csv"), row.names = FALSE, quote = FALSE,
          na = "")
d <- read.csv(file.path(here, "servqual-blank-rows.csv"))
dims <- list(tangibles = 1:4, reliability = 5:9, responsiveness = 10:13, assurance = 14:17,
             empathy = 18:22)
out <- data.frame()
for (dim in names(dims)) {
  items <- dims[[dim]]
  frames <- list(perception = d[, paste0("p", items)], expectation = d[, paste0("e", items)],
                 gap = d[, paste0("p", items)] - d[, paste0("e", items)])
  for (series in names(frames)) {
    x <- frames[[series]]
    a <- suppressMessages(suppressWarnings(alpha(x, warnings = FALSE, check.keys = FALSE)))
    answered <- sum(rowSums(!is.na(x)) > 0)
    for (rule in c("rows", "answered")) {
      n_rule <- if (rule == "rows") nrow(x) else answered
      ci <- alpha.ci(a$total$raw_alpha, n_rule, n.var = ncol(x), p.val = 0.05, digits = 17)
      out <- rbind(out, data.frame(dimension = dim, series = series, rule = rule, n = n_rule,
                                   alpha = sprintf("%.17g", a$total$raw_alpha),
                                   lower = sprintf("%.17g", ci$lower.ci),
                                   upper = sprintf("%.17g", ci$upper.ci),
                                   psych_feldt_lower = sprintf("%.17g", a$feldt$lower.ci),
                                   psych_feldt_upper = sprintf("%.17g", a$feldt$upper.ci)))
    }
  }
}
write.csv(out, file.path(here, "psych-servqual-blank-rows.csv"), row.names = FALSE,
          quote = FALSE)
