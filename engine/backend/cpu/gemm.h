#pragma once
// Quantized matrix x matrix products for prefill on CPUs with AVX-512 VNNI (gemm_vnni.cpp).
//
// cpu::matmul sends a product here when the weights are Q8_0, Q4_0, Q4_1, Q4_K, Q5_K or Q6_K and
// its rows are prompt tokens, or there are at least gemm_min_tokens(t) tokens. Each token's result
// is the same whichever tile, and whatever other tokens, it shares. The activations are quantized exactly as for the
// dot kernels (quant_dot.h: BlockQ8A / BlockQ8K rows), so the integer sums are the same and the
// results agree with the dot kernels to float rounding.
//
// How: every weight type is written, for a panel of 16 rows at a time (a small per-thread buffer,
// never a copy of the matrix), as w[r, c] = a[r, s] * (u[r, c] - o) - m[r, s], with u unsigned
// 8-bit, s the sub-block of L columns that c belongs to (L = 16 for Q6_K, else 32), o a constant
// of the type (128 for Q8_0, 8 for Q4_0, 32 for Q6_K, else 0) and a, m floats per row and
// sub-block (m = 0 for Q8_0, Q4_0, Q6_K). The panel interleaves the 16 rows four bytes at a time,
// so one vpdpbusd multiplies four columns of 16 rows by four columns of one token (a broadcast)
// and leaves the 16 row sums side by side: a register tile of 16 rows x 8 tokens needs no
// horizontal sums. Per sub-block and token, the integer sum minus o * sum(x_q) is converted once
// and scaled: y += a * d_x * (sum u x_q - o sum x_q) - m * d_x * sum x_q.
#include <cstddef>
#include <cstdint>

#include "engine/backend/cpu/quant_dot.h"
#include "engine/core/tensor.h"

namespace tramontane::cpu {

// True when vnni_usable() (AVX-512 VNNI, not switched off) and t is one of the types above.
bool gemm_supported(DType t);

// y[t, r] for t < n_tokens, r < w.rows(): rows of w are `row_stride` bytes apart; xq holds
// n_tokens activation rows in `act` format (BlockQ8A for Q8_0/Q4_0/Q4_1, else BlockQ8K),
// `xs` bytes apart. Threads over panels of 16 rows (cpu::parallel_for).
void gemm_quantized(const TensorView& w, uint64_t row_stride, const uint8_t* xq, size_t xs, int64_t n_tokens,
                    float* y);

// Products of weight type t with at least gemm_min_tokens(t) tokens take the GEMM: by default 8
// (16 for Q6_K); set_gemm_min_tokens(n > 0) makes it n for every type (tests), 0 the defaults.
void set_gemm_min_tokens(int64_t n);
int64_t gemm_min_tokens(DType t);
int64_t gemm_min_tokens();  // what set_gemm_min_tokens set (0: the defaults)

// Prompt rows (matmul.h, RowKind::Prompt) take the GEMM at any count; off, they follow the
// gemm_min_tokens rule as generated rows do (tests: the dot kernels' own batch invariance).
void set_gemm_for_prompts(bool on);
bool gemm_for_prompts();

}  // namespace tramontane::cpu
