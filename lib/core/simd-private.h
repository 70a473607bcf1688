/* SPDX-License-Identifier: MIT */
/* Instruction-set levels of the vectorized kernels (histogram.c, csv-index.c) and their runtime
 * dispatch (simd.c). Private to the library. */
#ifndef CXSCORE_SIMD_PRIVATE_H
#define CXSCORE_SIMD_PRIVATE_H

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define CX_X86_SIMD 1
#else
#define CX_X86_SIMD 0
#endif

/* Instruction-set levels of the kernel, in increasing order. */
typedef enum {
    CX_SIMD_SCALAR = 0, /* portable C */
    CX_SIMD_AVX2 = 1,   /* x86-64 AVX2 */
    CX_SIMD_AVX512 = 2  /* x86-64 AVX-512 BW */
} CxSimdLevel;

/* The best level this CPU (and its operating system) supports. Reads the CPU's feature flags,
 * which libgcc / compiler-rt caches once per process: no state of ours. */
CxSimdLevel cx_simd_best_level(void);

/* @wanted, or the best level the CPU has if it lacks @wanted. */
CxSimdLevel cx_simd_usable(CxSimdLevel wanted);

/* The name of a level ("scalar", "avx2", "avx512bw"). */
const char *cx_simd_level_name(CxSimdLevel level);

#endif
