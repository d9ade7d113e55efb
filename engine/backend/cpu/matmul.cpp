// cpu::matmul: activation quantization, then a row-parallel, token-tiled loop over dot kernels.
//
// Loop nest (per thread, over its chunk of rows):
//   for each block of kRowBlock rows          (these rows stay in L1/L2 ...)
//     for each tile of up to 4 tokens          (... while every token tile streams past them)
//       for each row r of the block: y[tile, r] = kernel(w row r, x tile)
// A kernel unpacks a weight block once for all tokens of its tile (quant_dot_avx2.cpp). On CPUs
// with AVX-512 VNNI the kernels of quant_dot_vnni.cpp take over (TRAMONTANE_CPU_VNNI=0: not), and
// products of quantized weights for prompt rows (and generated ones from gemm_min_tokens(dtype)
// tokens) go to gemm_vnni.cpp.
#include "engine/backend/cpu/matmul.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "engine/backend/cpu/gemm.h"
#include "engine/backend/cpu/parallel.h"
#include "engine/backend/cpu/quant_dot.h"
#include "engine/core/status.h"

namespace tramontane::cpu {

namespace {

std::atomic<int> g_threads{0};

constexpr int64_t kRowBlock = 16;          // rows sharing one sweep over the token tiles
constexpr int64_t kMinWorkPerChunk = 1 << 16;  // multiply-adds a parallel chunk should at least do

bool simd_from_env() {
  const char* v = std::getenv("TRAMONTANE_CPU_SIMD");
  return !(v && (std::strcmp(v, "0") == 0 || std::strcmp(v, "off") == 0));
}

std::atomic<bool>& simd_flag() {
  static std::atomic<bool> flag{cpu_has_avx2() && simd_from_env()};
  return flag;
}

// Activation rows quantized for the current call; reused across calls of this thread.
std::vector<uint8_t>& act_buffer() {
  thread_local std::vector<uint8_t> buf;
  return buf;
}

}  // namespace

void set_num_threads(int n) { g_threads.store(n > 0 ? n : 0); }

int num_threads() {
  const int n = g_threads.load();
  if (n > 0) return n;
  const unsigned hc = std::thread::hardware_concurrency();
  return hc ? int(hc) : 1;
}

void set_simd_enabled(bool enabled) { simd_flag().store(enabled && cpu_has_avx2()); }
bool simd_active() { return simd_flag().load(); }
const char* simd_name() { return !simd_active() ? "scalar" : vnni_usable() ? "avx512vnni" : "avx2"; }

void matmul(const TensorView& w, const float* x, int64_t n_tokens, float* y, RowKind kind) {
  const int64_t rows = w.rows(), cols = w.cols();
  if (n_tokens <= 0 || rows <= 0) return;
  if (cols <= 0) {
    std::fill(y, y + n_tokens * rows, 0.0f);
    return;
  }
  const auto row_bytes = dtype_row_bytes(w.dtype, uint64_t(cols));
  if (!row_bytes || uint64_t(rows) > w.nbytes / *row_bytes)
    throw_bad_input("tensor '" + w.name + "' (" + std::string(dtype_name(w.dtype)) + ", " +
                    shape_string(w.shape) + "): " + std::to_string(w.nbytes) +
                    " bytes cannot hold its rows of " + std::to_string(cols) + " elements");
  const uint64_t stride = *row_bytes;

  const DotKernel k = !simd_active() ? dot_kernel_scalar(w.dtype)
                      : vnni_usable() ? dot_kernel_vnni(w.dtype)
                                      : dot_kernel_avx2(w.dtype);

  // Activations in the kernel's format: x itself for float weights, else 8-bit blocks.
  const uint8_t* xa = reinterpret_cast<const uint8_t*>(x);
  size_t xs = size_t(cols) * sizeof(float);
  if (k.quantize) {
    xs = act_row_bytes(k.act, cols);
    std::vector<uint8_t>& buf = act_buffer();
    if (buf.size() < xs * size_t(n_tokens)) buf.resize(xs * size_t(n_tokens));
    uint8_t* q = buf.data();
    parallel_for(n_tokens, std::max<int64_t>(1, kMinWorkPerChunk / (16 * cols)), [&](int64_t b, int64_t e) {
      for (int64_t t = b; t < e; ++t) k.quantize(x + t * cols, q + size_t(t) * xs, cols);
    });
    xa = q;
    // Prompt rows, and generated ones from gemm_min_tokens: the 16-row x 8-token VNNI GEMM (gemm.h).
    if (simd_active() && gemm_supported(w.dtype) &&
        (n_tokens >= gemm_min_tokens(w.dtype) || (kind == RowKind::Prompt && gemm_for_prompts()))) {
      gemm_quantized(w, stride, xa, xs, n_tokens, y);
      return;
    }
  }

  const int64_t grain = std::max<int64_t>(1, kMinWorkPerChunk / (cols * n_tokens));
  parallel_for(rows, grain, [&](int64_t r_begin, int64_t r_end) {
    float out[kMaxDotTokens];
    for (int64_t rb = r_begin; rb < r_end; rb += kRowBlock) {
      const int64_t re = std::min(r_end, rb + kRowBlock);
      for (int64_t t0 = 0; t0 < n_tokens; t0 += kMaxDotTokens) {
        const int nx = int(std::min<int64_t>(kMaxDotTokens, n_tokens - t0));
        const uint8_t* xt = xa + size_t(t0) * xs;
        for (int64_t r = rb; r < re; ++r) {
          k.dot(cols, w.data + uint64_t(r) * stride, xt, xs, nx, out);
          for (int j = 0; j < nx; ++j) y[(t0 + j) * rows + r] = out[j];
        }
      }
    }
  });
}

}  // namespace tramontane::cpu
