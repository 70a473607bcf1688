/* SPDX-License-Identifier: MIT */
/*
 * Runtime dispatch of the vectorized kernels: __builtin_cpu_supports() (GCC and Clang) reads the
 * CPU's feature flags, cached once per process by the compiler runtime, and also checks that the
 * operating system saves the wider registers. Valgrind's virtual CPU reports no AVX-512, so the
 * library runs under it unchanged (on the AVX2 kernels).
 */
#include "core/simd-private.h"

CxSimdLevel
cx_simd_best_level(void)
{
#if CX_X86_SIMD
    __builtin_cpu_init();
    /* The kernels also use BMI1 (TZCNT, BLSR) and POPCNT, which every AVX2 CPU has so far;
     * checked all the same. */
    if (!__builtin_cpu_supports("bmi") || !__builtin_cpu_supports("popcnt"))
        return CX_SIMD_SCALAR;
    if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512f"))
        return CX_SIMD_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return CX_SIMD_AVX2;
#endif
    return CX_SIMD_SCALAR;
}

CxSimdLevel
cx_simd_usable(CxSimdLevel wanted)
{
    CxSimdLevel best = cx_simd_best_level();
    return wanted > best ? best : wanted;
}

const char *
cx_simd_level_name(CxSimdLevel level)
{
    switch (level) {
    case CX_SIMD_AVX512:
        return "avx512bw";
    case CX_SIMD_AVX2:
        return "avx2";
    default:
        return "scalar";
    }
}

