// Selftest of gemv.cu against a double-precision CPU product of the exact dequantized weights.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/backend/cuda/device_buffer.h"
#include "engine/backend/cuda/selftest.h"
#include "engine/core/dtype.h"
#include "engine/core/quant.h"

namespace tramontane::cuda::selftest {

namespace {

// Float32 products and accumulation over up to 14336 terms: relative to sum_c |w x|.
constexpr double kGemvTol = 1e-5;

struct GemvCase {
  DType t;
  int64_t rows, cols, n;
  bool misaligned = false;  // W at +2 bytes and x at +4 bytes: exercises the scalar fallback
};

// Runs one case; returns max over outputs of |y - ref| / (sum_c |w x| + 1e-30).
double run_case(Rng& rng, const GemvCase& k) {
  const auto w = random_weights(rng, int(k.t), k.rows, k.cols);
  const auto x = rng.normals(size_t(k.n * k.cols));
  const uint64_t rb = dtype_row_bytes(k.t, uint64_t(k.cols)).value();

  const size_t w_off = k.misaligned ? 2 : 0, x_off = k.misaligned ? sizeof(float) : 0;
  DeviceBuffer gw(w.size() + w_off, "gemv w"), gx(x.size() * sizeof(float) + x_off, "gemv x");
  DeviceBuffer gy(size_t(k.n * k.rows) * sizeof(float), "gemv y");
  gw.upload(w.data(), w.size(), w_off);
  gx.upload(x.data(), x.size() * sizeof(float), x_off);
  const void* wp = static_cast<const uint8_t*>(gw.get()) + w_off;
  const auto* xp = reinterpret_cast<const float*>(static_cast<const uint8_t*>(gx.get()) + x_off);
  TRAMONTANE_CUDA_CHECK(
      kernels::gemv(kernels::WType(int(k.t)), wp, k.rows, k.cols, xp, k.n, gy.as<float>(), nullptr), "gemv");
  const auto y = gy.download_vec<float>(size_t(k.n * k.rows));  // synchronous: also checks the kernel

  double err = 0;
  std::vector<float> wr(size_t(k.cols));
  for (int64_t r = 0; r < k.rows; ++r) {
    dequantize_row(k.t, w.data() + r * rb, wr.data(), k.cols);
    for (int64_t t = 0; t < k.n; ++t) {
      const float* xt = x.data() + t * k.cols;
      double sum = 0, mag = 0;
      for (int64_t c = 0; c < k.cols; ++c) {
        const double p = double(wr[size_t(c)]) * double(xt[c]);
        sum += p;
        mag += std::fabs(p);
      }
      const double e = std::fabs(double(y[size_t(t * k.rows + r)]) - sum) / (mag + 1e-30);
      if (std::isnan(e)) return NAN;
      err = std::max(err, e);
    }
  }
  return err;
}

}  // namespace

void check_gemv(Rng& rng, const Report& out) {
  const DType types[] = {DType::F32,  DType::F16,  DType::BF16, DType::Q8_0, DType::Q4_0,
                         DType::Q4_1, DType::Q4_K, DType::Q5_K, DType::Q6_K};
  std::vector<GemvCase> cases;
  for (DType t : types) {
    const int64_t bs = dtype_block_size(t);
    // Small shapes for every token count: odd rows, one block, an odd number of blocks (float
    // types: odd widths, which take the unaligned scalar path, and a 16-byte aligned width).
    const std::vector<int64_t> widths = bs == 1 ? std::vector<int64_t>{1, 37, 264} : std::vector<int64_t>{bs, 7 * bs};
    for (int64_t n : {1, 2, 3, 5, 8}) {
      for (int64_t cols : widths) cases.push_back({t, 37, cols, n});
    }
    // The square 7B projection (decode).
    cases.push_back({t, 4096, 4096, 1});
    if (bs > 1) cases.push_back({t, 1, 4 * bs, 3, true});  // unaligned W and x: scalar fallback
  }
  // The other 7B shapes: k/v projections, FFN up/gate and down, the output head.
  cases.push_back({DType::Q4_K, 1024, 4096, 1});
  cases.push_back({DType::Q4_K, 14336, 4096, 1});
  cases.push_back({DType::Q6_K, 4096, 14336, 1});
  cases.push_back({DType::Q8_0, 4096, 14336, 8});
  cases.push_back({DType::Q6_K, 32000, 4096, 1});
  cases.push_back({DType::F16, 4096, 4096, 8});

  for (const GemvCase& k : cases) {
    const double err = run_case(rng, k);
    out(Result{"gemv",
               std::string(dtype_name(k.t)) + " " + std::to_string(k.rows) + "x" + std::to_string(k.cols) +
                   " n=" + std::to_string(k.n) + (k.misaligned ? " unaligned" : ""),
               err, kGemvTol});
  }
}

}  // namespace tramontane::cuda::selftest
