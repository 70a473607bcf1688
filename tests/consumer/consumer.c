/* SPDX-License-Identifier: MIT */
/* A program outside the tree: built by tests/test-install.sh against the *installed* library with
 * nothing but `pkg-config --cflags --libs cxscore`, in strict C99. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

int
main(void)
{
    /* tests/data/reference/NPS.md: answers 0, 7, 7, 9, 9, 9 give NPS 1/3 (33.3 points). */
    static const uint8_t answers[] = { 0, 7, 7, 9, 9, 9 };
    CxNps *nps = NULL;
    CxNpsResult r;
    double lo, hi;

    if (cx_nps_new(&nps) != CX_OK || cx_nps_add_u8(nps, answers, NULL, 6) != CX_OK)
        return 1;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    if (cx_nps_result(nps, &r) != CX_OK || fabs(r.nps - 100.0 / 3.0) > 1e-9)
        return 2;
    if (cx_nps_interval(&r, 0.95, CX_NPS_CI_TANGO, &lo, &hi) != CX_OK || !(lo < r.nps && r.nps < hi))
        return 3;
    if (strcmp(cx_version_string(), CX_VERSION_STRING) != 0)
        return 4;
    printf("consumer: libcxscore %s, NPS %.4f [%.4f, %.4f]\n", cx_version_string(), r.nps, lo, hi);
    cx_nps_free(nps);
    return 0;
}
