# SPDX-License-Identifier: MIT
# Figures of a contact log, computed independently of libcxscore with base R (R 4.x), for the
# tests' expected values:
#   Rscript contacts.R handbuilt.csv > handbuilt-expected.txt          (tests/test-contacts.c)
#   Rscript contacts.R ../../../examples/data/contacts.csv > sample-expected.txt
#                                                                     (tests/cli/test_cli.py)
# The log has the columns case_id, contact_time, channel, issue (the segment), resolved.
#
# The rules are those of include/cxscore/cx-contacts.h, written again here from their statement:
# - a contact with an empty case id, a blank time or a time that does not parse is rejected;
#   a case with such a contact (a blank or unreadable time) is excluded from every case figure
#   and counted with its scored contacts (issue 21 item 7);
# - times: ISO 8601 (date, optional "T"/space and hh:mm[:ss[.f]], optional Z / +hh:mm / +hhmm /
#   +hh); without a zone, UTC; converted with R's own calendar (as.Date, as.POSIXct);
# - flags: yes/y/true/t/1/resolved, no/n/false/f/0/unresolved, blank/NA/N/A/- unknown, the rest
#   unreadable (counted, then unknown);
# - each case's contacts are sorted by (time, flag rank no < unknown < yes, channel, issue), the
#   strings byte-wise (radix sort, C locale); the case's segment is the issue of its first contact;
# - FCR: a case with one contact, flagged yes; resolved: a contact flagged yes, the first of them
#   is the resolution; reopened: a contact after it; crossing: two or more non-blank channels;
# - Wilson intervals: prop.test(correct = FALSE), whose interval is Wilson's score interval;
#   time quantiles: quantile(type = 7).
options(digits = 17, warn = -1)
path <- if (length(a <- commandArgs(trailingOnly = TRUE))) a[1] else "handbuilt.csv"
d <- read.csv(path, colClasses = "character",
              na.strings = character(0), strip.white = FALSE)
trim <- function(s) gsub("^[ \t]+|[ \t]+$", "", s)

parse_time <- function(s) {
  s <- trim(s)
  if (toupper(s) %in% c("", "NA", "N/A", "-")) return(NA_real_)         # missing
  if (grepl("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$", s)) return(as.numeric(s))
  re <- "^([0-9]{4})-([0-9]{2})-([0-9]{2})([Tt ]([0-9]{2}):([0-9]{2})(:([0-9]{2})(\\.[0-9]{1,9})?)?(Z|z|([+-])([0-9]{2})(:?([0-9]{2}))?)?)?$"
  m <- regmatches(s, regexec(re, s))[[1]]
  if (length(m) == 0) return(Inf)                                        # unreadable
  day <- as.Date(paste(m[2], m[3], m[4], sep = "-"), format = "%Y-%m-%d")
  if (is.na(day) || format(day, "%Y-%m-%d") != paste(m[2], m[3], m[4], sep = "-")) return(Inf)
  num <- function(x) if (x == "") 0 else as.numeric(x)
  h <- num(m[6]); mi <- num(m[7]); sec <- num(m[9]); frac <- num(m[10])
  if (h > 23 || mi > 59 || sec > 59) return(Inf)
  off <- 0
  if (m[12] != "") off <- (if (m[12] == "-") -1 else 1) * (num(m[13]) * 3600 + num(m[15]) * 60)
  as.numeric(as.POSIXct(day, tz = "UTC")) + h * 3600 + mi * 60 + sec + frac - off
}
parse_flag <- function(s) {
  s <- tolower(trim(s))
  if (s %in% c("yes", "y", "true", "t", "1", "resolved")) return("yes")
  if (s %in% c("no", "n", "false", "f", "0", "unresolved")) return("no")
  if (s %in% c("", "na", "n/a", "-")) return("unknown")
  "invalid"
}

d$t <- vapply(d$contact_time, parse_time, 0, USE.NAMES = FALSE)
d$flag <- vapply(d$resolved, parse_flag, "", USE.NAMES = FALSE)
rej_case <- d$case_id == ""
rej_missing <- !rej_case & is.na(d$t)
rej_invalid <- !rej_case & !rej_missing & is.infinite(d$t)
cat("rejected no_case", sum(rej_case), "order_missing", sum(rej_missing),
    "order_invalid", sum(rej_invalid), "\n")
excluded_ids <- unique(d$case_id[rej_missing | rej_invalid])
d <- d[!(rej_case | rej_missing | rej_invalid), ]
d$rank <- match(ifelse(d$flag == "invalid", "unknown", d$flag), c("no", "unknown", "yes"))

wilson <- function(x, n) if (n == 0) c(NaN, NaN) else
  as.numeric(prop.test(x, n, conf.level = 0.95, correct = FALSE)$conf.int)

per_case <- do.call(rbind, lapply(split(d, d$case_id), function(k) {
  k <- k[order(k$t, k$rank, k$channel, k$issue, method = "radix"), ]
  yes <- which(k$flag == "yes")
  ch <- unique(k$channel[k$channel != ""])
  data.frame(case = k$case_id[1], n = nrow(k), segment = k$issue[1],
             first_channel = k$channel[1],
             fcr = nrow(k) == 1 && k$flag[1] == "yes",
             fcr_reopened = nrow(k) > 1 && k$flag[1] == "yes",
             resolved = length(yes) > 0,
             reopened = length(yes) > 0 && yes[1] < nrow(k),
             twice = length(yes) >= 2,
             unknown_outcome = all(k$flag %in% c("unknown", "invalid")),
             crossed = length(ch) >= 2,
             resolved_channel = if (length(yes)) k$channel[yes[1]] else NA,
             ttr = if (length(yes)) k$t[yes[1]] - k$t[1] else NA,
             flag_unknown = sum(k$flag == "unknown"), flag_invalid = sum(k$flag == "invalid"),
             channel_missing = sum(k$channel == ""))
}))

excluded <- per_case[per_case$case %in% excluded_ids, ]
per_case <- per_case[!(per_case$case %in% excluded_ids), ]

report <- function(label, pc, ex, n_excluded = nrow(ex)) {
  n <- nrow(pc)
  cat("==", label, "\n")
  cat("cases", n, "contacts", sum(pc$n), "\n")
  cat("excluded_cases", n_excluded, "excluded_contacts", sum(ex$n), "\n")
  cat("flag_unknown", sum(pc$flag_unknown), "flag_invalid", sum(pc$flag_invalid),
      "channel_missing", sum(pc$channel_missing), "\n")
  for (what in c("fcr", "resolved", "crossed")) {
    x <- sum(pc[[what]]); w <- wilson(x, n)
    cat(what, x, x / n, w[1], w[2], "\n")
  }
  x <- sum(pc$n >= 2); w <- wilson(x, n)
  cat("repeat", x, x / n, w[1], w[2], "\n")
  cat("fcr_reopened", sum(pc$fcr_reopened), "reopened", sum(pc$reopened),
      "resolved_twice", sum(pc$twice), "outcome_unknown", sum(pc$unknown_outcome), "\n")
  cat("distribution", sapply(1:4, function(j) sum(pc$n == j)), sum(pc$n >= 5),
      "max", max(pc$n), "\n")
  cat("contacts_mean", mean(pc$n), "sd", if (n >= 2) sd(pc$n) else NaN, "\n")
  if (n == 0) return(invisible())
  t <- pc$ttr[pc$resolved]
  if (length(t)) cat("ttr n", length(t), "mean", mean(t), "median",
                     quantile(t, 0.5, type = 7, names = FALSE), "p90",
                     quantile(t, 0.9, type = 7, names = FALSE), "\n")
}
report("all", per_case, excluded, length(excluded_ids))
for (s in sort(unique(c(per_case$segment, excluded$segment)), method = "radix"))
  report(paste("segment", s), per_case[per_case$segment == s, ],
         excluded[excluded$segment == s, ])
cat("== channels (cases first contacted in the channel)\n")
for (ch in sort(unique(d$channel), method = "radix")) {
  pc <- per_case[per_case$first_channel == ch, ]
  x <- sum(pc$fcr); w <- wilson(x, nrow(pc))
  cat(sprintf("'%s'", ch), "contacts", sum(d$channel == ch), "cases", nrow(pc), "fcr", x,
      w[1], w[2], "repeat", sum(pc$n >= 2), "crossed", sum(pc$crossed), "resolved",
      sum(pc$resolved), "resolved_here", sum(per_case$resolved_channel == ch, na.rm = TRUE), "\n")
}
