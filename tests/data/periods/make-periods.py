#!/usr/bin/env python3
# Reference periods for tests/test-period.c, computed with Python's datetime module (proleptic
# Gregorian calendar; date.isocalendar() for ISO 8601 weeks), independently of the library:
#   python3 tests/data/periods/make-periods.py > tests/data/periods/periods.csv
# Columns: date, days since 1970-01-01, ISO week label, Monday of that week as days since
# 1970-01-01, month label, quarter label.
import datetime
import random

EPOCH = datetime.date(1970, 1, 1)
dates = [datetime.date(*d) for d in [
    (1970, 1, 1), (1969, 12, 29), (1969, 12, 28), (2020, 2, 29), (2021, 1, 3), (2021, 1, 4),
    (2024, 12, 30), (2026, 1, 1), (2026, 3, 4), (2026, 12, 31), (2027, 1, 1), (2000, 2, 29),
    (1900, 3, 1), (1900, 2, 28), (1, 1, 1), (1, 1, 7), (9999, 12, 31), (1600, 1, 1), (2015, 12, 31),
    (2016, 1, 3), (2008, 12, 29), (2010, 1, 3)]]
rng = random.Random(42)
for _ in range(200):
    dates.append(datetime.date.fromordinal(rng.randint(datetime.date(1, 1, 8).toordinal(),
                                                        datetime.date(9999, 12, 24).toordinal())))
print("date,days,week,week_monday,month,quarter")
for d in dates:
    y, w, wd = d.isocalendar()
    monday = d - datetime.timedelta(days=wd - 1)
    print(f"{d.isoformat()},{(d - EPOCH).days},{y:04d}-W{w:02d},{(monday - EPOCH).days},"
          f"{d.year:04d}-{d.month:02d},{d.year:04d}-Q{(d.month - 1) // 3 + 1}")
