# Feldt's interval when whole rows are blank (issue 20): psych::alpha counts every row in the n
# of the interval, libcxscore by default only the respondents who answered something.
# Builds blank_rows.csv (cronbach_wide_missing.csv with 3 empty rows inserted) and writes
# psych-feldt-blank-rows.csv: psych's alpha, its n and Feldt's bounds at 90 % and 95 %; and, for
# the library's rule, Feldt's bounds recomputed with psych's own formula and n = the rows with an
# answer (psych on the data without its empty rows). Run from the top of the tree:
#   Rscript tests/data/alpha/psych-feldt-blank-rows.R
suppressMessages(library(psych))
here <- "tests/data/alpha"
d <- read.csv(file.path(here, "cronbach_wide_missing.csv"))
blank <- d[1:3, ]
blank[, ] <- NA
d <- rbind(d[1:4, ], blank[1, ], d[5:8, ], blank[2:3, ], d[9:12, ])
write.csv(d, file.path(here, "blank_rows.csv"), row.names = FALSE, quote = FALSE, na = "")
d <- read.csv(file.path(here, "blank_rows.csv"))
answered <- d[rowSums(!is.na(d)) > 0, ]
out <- data.frame()
for (rule in c("rows", "answered")) {
  x <- if (rule == "rows") d else answered
  for (level in c(0.90, 0.95)) {
    a <- suppressWarnings(alpha(x, warnings = FALSE, check.keys = FALSE))
    # psych's alpha.ci(alpha, n.obs, n.var, p.val), p.val two-sided: Feldt's bounds at any level
    # (alpha() itself reports p.val = .05, the 95 % interval, as a$feldt).
    ci <- alpha.ci(a$total$raw_alpha, nrow(x), n.var = ncol(x), p.val = 1 - level,
                   digits = 17)
    out <- rbind(out, data.frame(rule = rule, level = level, n = nrow(x),
                                 alpha = sprintf("%.17g", a$total$raw_alpha),
                                 lower = sprintf("%.17g", ci$lower.ci),
                                 upper = sprintf("%.17g", ci$upper.ci),
                                 psych_feldt_lower_95 = sprintf("%.17g", a$feldt$lower.ci),
                                 psych_feldt_upper_95 = sprintf("%.17g", a$feldt$upper.ci)))
  }
}
write.csv(out, file.path(here, "psych-feldt-blank-rows.csv"), row.names = FALSE, quote = FALSE)
