// AVX-512 VNNI kernels (see quant_dot.h), on 256-bit vectors (AVX512-VL). Compiled with target
// attributes; matmul uses them only when cpu_has_avx512_vnni().
//
// Q4_K / Q5_K / Q6_K: the kernels of quant_dot_simd.inc, compiled here with _mm256_dpwssd_epi32
// for madd + add: the same int32 sums, so the same results bit for bit as the AVX2 build.
// Q8_0/Q4_0/Q4_1 keep the AVX2 kernels: a 4-row x 4-token dpbusd Q8_0 kernel was tried; it gained
// about 8% in an isolated micro-benchmark and nothing measurable end to end through the run-to-run
// noise (+-20%) of this project's 2-core VMs, so it was not kept.
#include "engine/backend/cpu/quant_dot.h"

#if defined(__x86_64__)

#include <immintrin.h>

#include <cstdlib>
#include <cstring>

#define TRAMONTANE_SIMD __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))

namespace tramontane::cpu {
namespace {

TRAMONTANE_SIMD inline __m256i madd_acc(__m256i acc, __m256i s, __m256i p) {
  return _mm256_dpwssd_epi32(acc, s, p);
}

#include "engine/backend/cpu/quant_dot_simd.inc"

}  // namespace

static_assert(kMaxDotTokens == 4, "the dispatch instantiates 1..4 tokens");

bool cpu_has_avx512_vnni() {
  static const bool has = [] {
    __builtin_cpu_init();
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vnni");
  }();
  return has;
}

bool vnni_usable() {
  static const bool usable = [] {
    const char* v = std::getenv("TRAMONTANE_CPU_VNNI");
    return cpu_has_avx512_vnni() && !(v && (std::strcmp(v, "0") == 0 || std::strcmp(v, "off") == 0));
  }();
  return usable;
}

DotKernel dot_kernel_vnni(DType t) {
  DotKernel k = dot_kernel_avx2(t);
  switch (t) {
    case DType::Q4_K: k.dot = dispatch_nx<Q45K<false, BlockQ4_K>::K>; break;
    case DType::Q5_K: k.dot = dispatch_nx<Q45K<true, BlockQ5_K>::K>; break;
    case DType::Q6_K: k.dot = dispatch_nx<Q6K>; break;
    default: break;
  }
  return k;
}

}  // namespace tramontane::cpu

#else

namespace tramontane::cpu {
bool cpu_has_avx512_vnni() { return false; }
bool vnni_usable() { return false; }
DotKernel dot_kernel_vnni(DType t) { return dot_kernel_avx2(t); }
}  // namespace tramontane::cpu

#endif  // __x86_64__
