// SPDX-License-Identifier: MIT
// The public headers compile as C++ (extern "C", no C-only constructs), and the symbols link.
#include <cxscore/cxscore.h>

#include <cstdio>

int
main()
{
    CxNps *nps = nullptr;
    if (cx_nps_new(&nps) != CX_OK)
        return 1;
    int status = cx_nps_add(nps, 10);
    CxNpsResult r = {};
    r.size = sizeof r;
    status = status != CX_OK ? status : cx_nps_result(nps, &r);
    cx_nps_free(nps);
    if (status != CX_OK || r.nps != 100.0)
        return 1;
    std::printf("C++: %s, NPS %.1f\n", cx_version_string(), r.nps);
    std::printf("1 passed, 0 failed\n");
    return 0;
}
