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

namespace tramontane::cuda::selftest {

namespace {

void put_u16(uint8_t* p, uint16_t v) { std::memcpy(p, &v, 2); }

// A finite f16 scale ~ N(0, 0.02); `positive` as in real K-quant files (d, dmin >= 0).
uint16_t random_scale(Rng& rng, bool positive) {
  const float v = rng.normal(0.02f);
  return f32_to_fp16(positive ? std::fabs(v) : v);
}

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
  const auto t = DType(wtype);
  const uint64_t row_bytes = dtype_row_bytes(t, uint64_t(cols)).value();
  std::vector<uint8_t> w(size_t(row_bytes * uint64_t(rows)));
  const int64_t n = rows * cols;
  switch (t) {
    case DType::F32:
      for (int64_t i = 0; i < n; ++i) {
        const float v = rng.normal();
        std::memcpy(w.data() + 4 * i, &v, 4);
      }
      return w;
    case DType::F16:
      for (int64_t i = 0; i < n; ++i) put_u16(w.data() + 2 * i, f32_to_fp16(rng.normal()));
      return w;
    case DType::BF16:
      for (int64_t i = 0; i < n; ++i) put_u16(w.data() + 2 * i, f32_to_bf16(rng.normal()));
      return w;
    default: break;
  }
  // Quantized: random bytes everywhere (every bit pattern of quants and packed sub-block scales is
  // valid), then finite f16 scales. K-quant d/dmin (and Q6_K's d) are all positive, as in real
  // files, in about half of the calls and of either sign in the others: both must work.
  for (size_t i = 0; i + 4 <= w.size(); i += 4) {
    const uint32_t b = rng.bits();
    std::memcpy(w.data() + i, &b, 4);
  }
  for (size_t i = w.size() & ~size_t(3); i < w.size(); ++i) w[i] = uint8_t(rng.bits());
  const int64_t bs = dtype_block_size(t), ts = dtype_type_size(t);
  const int64_t n_blocks = n / bs;
  const bool positive = (rng.bits() & 1) != 0;
  for (int64_t b = 0; b < n_blocks; ++b) {
    uint8_t* p = w.data() + b * ts;
    switch (t) {
      case DType::Q8_0:
      case DType::Q4_0: put_u16(p, random_scale(rng, false)); break;
      case DType::Q4_1:
        put_u16(p, random_scale(rng, false));
        put_u16(p + 2, random_scale(rng, false));
        break;
      case DType::Q4_K:
      case DType::Q5_K:
        put_u16(p, random_scale(rng, positive));
        put_u16(p + 2, random_scale(rng, positive));
        break;
      case DType::Q6_K: put_u16(p + offsetof(BlockQ6_K, d), random_scale(rng, positive)); break;
      default: break;
    }
  }
  return w;
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
