#pragma once
// Dot-product kernels behind cpu::matmul: one weight row (stored dtype) against 1..4 activation rows.
//
// Float weights (F32/F16/BF16) take float32 activations and accumulate in float32.
// Quantized weights take activations quantized to 8 bits first, as llama.cpp does, and
// multiply integers:
//   Q8_0, Q4_0, Q4_1 weights  x  BlockQ8A rows (32 values per block, float scale)
//   Q4_K, Q5_K, Q6_K weights  x  BlockQ8K rows (256 values per block, float scale, 16-sums)
// Activation quantization (both formats): per block amax = max |x_i|, d = amax / 127,
// q_i = round_half_even(x_i * (1 / d)) clamped to [-127, 127] (all 0 when d == 0), so
// |x_i - d q_i| <= d / 2 (to float rounding). A block holding Inf or NaN gets d = NaN,
// which makes every output it touches NaN, as a float dot product would.
// BlockQ8A then keeps d at float16 precision (q is computed with the float32 d first), as
// llama.cpp's block_q8_0 / block_q8_1 do, so Q8_0/Q4_0/Q4_1 results follow llama.cpp's; the extra
// error is |d - fp16(d)| * 127 <= d / 16 per value.
//
// Implementations with the same integer arithmetic: portable scalar C++, AVX2+FMA+F16C
// (maddubs/madd) and AVX-512 VNNI (dpbusd/dpwssd, quant_dot_vnni.cpp), chosen at run time.
// They agree to float rounding (summation order).
#include <cstddef>
#include <cstdint>

#include "engine/core/dtype.h"
#include "engine/core/quant.h"

namespace tramontane::cpu {

// Activations for Q8_0 / Q4_0 / Q4_1 weights: x[i] ~= d * qs[i]; s = d * sum(qs) (for Q4_1's min).
struct BlockQ8A {
  float d;
  float s;
  int8_t qs[32];
};

// Activations for K-quant weights: x[i] ~= d * qs[i]; bsums[g] = sum(qs[16g .. 16g + 15]).
struct BlockQ8K {
  float d;
  int8_t qs[QK_K];
  int16_t bsums[QK_K / 16];
};

// d rounded to the nearest float16 value (NaN stays NaN).
inline float fp16_round(float d) { return fp16_to_f32(f32_to_fp16(d)); }

static_assert(sizeof(BlockQ8A) == 40 && sizeof(BlockQ8K) == 292, "activation blocks are packed");

// The activation layout a weight dtype needs.
enum class ActFormat { F32, Q8A, Q8K };

// out[j] = sum_c w[c] * x_j[c] for j < n_x (1 <= n_x <= kMaxDotTokens), where w is one stored
// row of n values and x_j = x + j * x_stride bytes is one activation row in the ActFormat.
using DotFn = void (*)(int64_t n, const uint8_t* w, const uint8_t* x, size_t x_stride, int n_x, float* out);
// n float32 values (n a multiple of the block size) -> one activation row in the ActFormat.
using QuantizeFn = void (*)(const float* x, uint8_t* out, int64_t n);

constexpr int kMaxDotTokens = 4;

struct DotKernel {
  ActFormat act = ActFormat::F32;
  DotFn dot = nullptr;
  QuantizeFn quantize = nullptr;  // nullptr for ActFormat::F32 (rows are used as they are)
};

// Bytes of one activation row of n values (n a multiple of the format's block size).
size_t act_row_bytes(ActFormat f, int64_t n);
// Elements per activation block (1 for F32).
int64_t act_block_size(ActFormat f);

// True when the CPU (and OS) support AVX2, FMA and F16C.
bool cpu_has_avx2();

// The kernel for weight dtype t: the AVX2 one when `simd` (the caller checks cpu_has_avx2()).
DotKernel dot_kernel_scalar(DType t);
DotKernel dot_kernel_avx2(DType t);  // only on x86-64 builds; otherwise returns the scalar kernel

// True when the CPU (and OS) support AVX-512 F/BW/VL/DQ with VNNI (and AVX2).
bool cpu_has_avx512_vnni();
// cpu_has_avx512_vnni() and not switched off by TRAMONTANE_CPU_VNNI=0 (or off; read once).
bool vnni_usable();
// The AVX2 kernels with the K-quant dot products on AVX-512 VNNI (same integer sums, so the same
// results); Q8_0/Q4_0/Q4_1 and float weights keep the AVX2 kernels. The caller checks cpu_has_avx512_vnni().
DotKernel dot_kernel_vnni(DType t);

}  // namespace tramontane::cpu
