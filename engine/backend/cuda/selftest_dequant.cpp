// Selftest of dequant.cu (dequant_rows) against dequantize_row (engine/core/quant.h), and the
// random weight generator every weight-reading check shares.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "engine/backend/cuda/device_buffer.h"
#include "engine/backend/cuda/selftest.h"
#include "engine/core/dtype.h"
#include "engine/core/quant.h"
#include "engine/model/synthetic.h"

namespace tramontane::cuda::selftest {

namespace {

// Bit difference measure: 0 when the bits agree, else |a - b| (or 1 when that is 0 or NaN, e.g.
// +0 vs -0 or differing NaNs), so that a tolerance of 0 means bit-exact.
double bit_err(float a, float b) {
  uint32_t ua, ub;
  std::memcpy(&ua, &a, 4);
  std::memcpy(&ub, &b, 4);
  if (ua == ub) return 0;
  const double d = std::fabs(double(a) - double(b));
  return (d > 0) ? d : 1.0;
}

std::string case_name(DType t, int64_t n_out, int64_t cols, const char* how, bool f16) {
  return std::string(dtype_name(t)) + " " + std::to_string(n_out) + "x" + std::to_string(cols) + " " + how +
         (f16 ? " f16" : " f32");
}

}  // namespace

std::vector<uint8_t> random_weights(Rng& rng, int wtype, int64_t rows, int64_t cols) {
  // Float types ~ N(0, 1); quantized: random quants and finite f16 scales, all positive (as in real
  // K-quant files) in about half of the calls and of either sign in the others: both must work.
  RandomRowsOptions o;
  o.value_sd = 1.0f;
  o.scale_lo = 1e-3f;
  o.scale_hi = 4e-2f;
  o.signed_scales = (rng.bits() & 1) != 0;
  return random_rows(DType(wtype), rows, cols, rng.gen(), o);
}

void check_dequant(Rng& rng, const Report& out) {
  const DType types[] = {DType::F32,  DType::F16,  DType::BF16, DType::Q8_0, DType::Q4_0,
                         DType::Q4_1, DType::Q4_K, DType::Q5_K, DType::Q6_K};
  for (DType t : types) {
    const int64_t bs = dtype_block_size(t);
    // Column counts: one block, an odd number of blocks, a 7B row; float types also odd widths.
    std::vector<int64_t> col_cases = {bs, 3 * bs, 4096};
    if (bs == 1) col_cases = {1, 37, 4096};
    for (int64_t cols : col_cases) {
      const int64_t rows = 37;
      const auto w = random_weights(rng, int(t), rows, cols);
      const uint64_t rb = dtype_row_bytes(t, uint64_t(cols)).value();
      // CPU reference of every row.
      std::vector<float> ref(size_t(rows * cols));
      for (int64_t r = 0; r < rows; ++r) dequantize_row(t, w.data() + r * rb, ref.data() + r * cols, cols);
      DeviceBuffer gw(w.size(), "dequant w");
      gw.upload(w);
      // Gather ids: random, with repeats (ids[1] == ids[0]) and the last row.
      const int64_t n_ids = 11;
      std::vector<int32_t> ids(n_ids);
      for (auto& id : ids) id = int32_t(rng.bits() % uint32_t(rows));
      ids[1] = ids[0];
      ids[n_ids - 1] = int32_t(rows - 1);
      DeviceBuffer gids(ids.size() * sizeof(int32_t), "dequant ids");
      gids.upload(ids);
      for (bool gather : {false, true}) {
        const int64_t n_out = gather ? n_ids : rows;
        DeviceBuffer gout(size_t(n_out * cols) * sizeof(float), "dequant out");
        for (bool f16 : {false, true}) {
          TRAMONTANE_CUDA_CHECK(kernels::dequant_rows(kernels::WType(int(t)), gw.get(), cols,
                                                      gather ? gids.as<int32_t>() : nullptr, n_out, gout.get(), f16,
                                                      nullptr),
                                "dequant_rows");
          TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), "dequant_rows");
          double err = 0;
          if (f16) {
            const auto got = gout.download_vec<uint16_t>(size_t(n_out * cols));
            for (int64_t i = 0; i < n_out; ++i) {
              const int64_t r = gather ? ids[size_t(i)] : i;
              for (int64_t c = 0; c < cols; ++c) {
                const uint16_t want = f32_to_fp16(ref[size_t(r * cols + c)]);
                const uint16_t have = got[size_t(i * cols + c)];
                if (want != have) {
                  const double d = std::fabs(double(fp16_to_f32(want)) - double(fp16_to_f32(have)));
                  err = std::max(err, d > 0 ? d : 1.0);
                }
              }
            }
          } else {
            const auto got = gout.download_vec<float>(size_t(n_out * cols));
            for (int64_t i = 0; i < n_out; ++i) {
              const int64_t r = gather ? ids[size_t(i)] : i;
              for (int64_t c = 0; c < cols; ++c) {
                err = std::max(err, bit_err(got[size_t(i * cols + c)], ref[size_t(r * cols + c)]));
              }
            }
          }
          out(Result{"dequant", case_name(t, n_out, cols, gather ? "ids" : "rows", f16), err, 0.0});
        }
      }
    }
  }
}

}  // namespace tramontane::cuda::selftest
