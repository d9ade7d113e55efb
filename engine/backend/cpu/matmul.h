#pragma once
// Matrix products on the CPU straight from the stored (memory-mapped) weight dtype.
//
// Accuracy contract (tests/engine/test_matmul.cpp checks it against the gguf package):
// - F32 / F16 / BF16 weights: float32 products of the exact weights and x, summed in float32
//   (the order differs from a naive loop): |y - y_exact| <= 1e-5 * sum_c |w[r, c] x[t, c]|.
// - Q8_0 / Q4_0 / Q4_1 / Q4_K / Q5_K / Q6_K: as llama.cpp, x is first quantized to 8 bits per
//   block (32 values for Q8_0/Q4_0/Q4_1, 256 for the K types; see quant_dot.h), then integer dot
//   products with the exact stored weights. Error against the exact dequantized product:
//   |y - y_exact| <= sum_blocks (d_x / 2) * sum_{c in block} |w[r, c]|  +  1e-5 * sum_c |w x|,
//   where d_x = max_{c in block} |x[t, c]| / 127 (so ~0.4% of the block's largest |x| per element).
#include <cstdint>

#include "engine/core/tensor.h"

namespace tramontane::cpu {

// y[t, r] = sum_c w[r, c] * x[t, c]   for t < n_tokens, r < w.rows(), c < w.cols()
// w: [rows, cols] in any DType (quantized rows are decoded block by block, never copied whole)
// x: [n_tokens, cols] float32, y: [n_tokens, rows] float32 (overwritten; must not overlap x).
// Threads over rows (cpu::parallel_for); several tokens share each pass over a weight row.
// Throws ErrorException (BadInput) naming the tensor when cols is not a multiple of the dtype's
// block size or w.nbytes is smaller than rows * row bytes.
//
// Which kernel computes a row, and so its last bits, must not depend on how many rows share the
// call: that is what makes a prompt token's result the same in any batch, chunk or prefix split
// (tests/engine/test_batch_invariance.cpp). The dot kernels give each token the same result
// whatever the tile it shares; so does the prefill GEMM (gemm.h), but the two differ in rounding.
// So `rows` says what the rows are:
//   RowKind::Prompt     prompt (prefill) tokens: quantized weights take the GEMM whenever the CPU
//                       has it, at any count;
//   RowKind::Generated  generated tokens (decode): the dot kernels, the GEMM only from
//                       gemm_min_tokens(dtype) rows (a batch of sequences decoding together).
enum class RowKind { Generated, Prompt };
void matmul(const TensorView& w, const float* x, int64_t n_tokens, float* y, RowKind rows = RowKind::Generated);

// Worker threads used by matmul and the other CPU ops (default: all cores).
void set_num_threads(int n);
int num_threads();

// SIMD kernels (AVX2+FMA+F16C) are used when the CPU has them, unless disabled here or by the
// environment variable TRAMONTANE_CPU_SIMD=0 (read once). Disabling selects the portable scalar
// kernels, which give the same results to float rounding. Enabling on a CPU without AVX2 is a no-op.
// Where the CPU also has AVX-512 VNNI, those kernels are used instead of the AVX2 ones unless
// TRAMONTANE_CPU_VNNI=0 (read once); same results to float rounding.
void set_simd_enabled(bool enabled);
bool simd_active();          // the AVX2 kernels are in use
const char* simd_name();     // "avx512vnni", "avx2" or "scalar"

}  // namespace tramontane::cpu
