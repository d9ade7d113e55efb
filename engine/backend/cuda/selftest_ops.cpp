// Selftest of the small ops: norm.cu, rope.cu, elementwise.cu, blas.cu (against engine/backend/cpu).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/ops.h"
#include "engine/backend/cuda/device_buffer.h"
#include "engine/backend/cuda/selftest.h"
#include "engine/core/dtype.h"
#include "engine/core/quant.h"
#include "engine/core/tensor.h"

namespace tramontane::cuda::selftest {

double diff_max(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return NAN;
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(double(a[i]) - double(b[i]));
    if (std::isnan(d)) return NAN;
    m = std::max(m, d);
  }
  return m;
}

double abs_max(const std::vector<float>& a) {
  double m = 0;
  for (float v : a) m = std::max(m, double(std::fabs(v)));
  return m;
}

namespace {

void sync(const char* what) { TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), what); }

DeviceBuffer to_device(const std::vector<float>& v) {
  DeviceBuffer b(v.size() * sizeof(float));
  b.upload(v);
  return b;
}

DeviceBuffer pos_buffer(int32_t p0) {
  DeviceBuffer b(sizeof(int32_t));
  b.upload(&p0, sizeof(p0));
  return b;
}

std::string dims(int64_t a, int64_t b) { return std::to_string(a) + "x" + std::to_string(b); }

}  // namespace

void check_norm(Rng& rng, const Report& out) {
  const float eps = 1e-5f;
  for (auto [n_tok, n] : {std::pair<int64_t, int64_t>{1, 4096}, {7, 37}, {3, 5120}, {64, 4096}, {2, 1}}) {
    auto x = rng.normals(size_t(n_tok * n), 2.0f), d = rng.normals(size_t(n_tok * n)), w = rng.normals(size_t(n));
    DeviceBuffer gx = to_device(x), gd = to_device(d), gw = to_device(w), gy(x.size() * sizeof(float));
    // rmsnorm
    std::vector<float> ref(x.size());
    cpu::rmsnorm(x.data(), w.data(), n_tok, n, eps, ref.data());
    TRAMONTANE_CUDA_CHECK(kernels::rmsnorm(gx.as<float>(), gw.as<float>(), n_tok, n, eps, gy.as<float>(), nullptr),
                          "rmsnorm");
    sync("rmsnorm");
    out({"rmsnorm", dims(n_tok, n), diff_max(gy.download_vec<float>(x.size()), ref) / std::max(1.0, abs_max(ref)),
         1e-5});
    // add_rmsnorm: x += d, y = rmsnorm(x)
    std::vector<float> xs = x;
    cpu::add_inplace(xs.data(), d.data(), int64_t(xs.size()));
    cpu::rmsnorm(xs.data(), w.data(), n_tok, n, eps, ref.data());
    TRAMONTANE_CUDA_CHECK(kernels::add_rmsnorm(gx.as<float>(), gd.as<float>(), gw.as<float>(), n_tok, n, eps,
                                               gy.as<float>(), nullptr),
                          "add_rmsnorm");
    sync("add_rmsnorm");
    const double e1 = diff_max(gy.download_vec<float>(x.size()), ref) / std::max(1.0, abs_max(ref));
    const double e2 = diff_max(gx.download_vec<float>(x.size()), xs);  // the residual: exact
    out({"add_rmsnorm", dims(n_tok, n), e1, 1e-5});
    out({"add_rmsnorm residual", dims(n_tok, n), e2, 0.0});
    // add_inplace
    TRAMONTANE_CUDA_CHECK(kernels::add_inplace(gx.as<float>(), gd.as<float>(), int64_t(x.size()), nullptr), "add");
    sync("add_inplace");
    cpu::add_inplace(xs.data(), d.data(), int64_t(xs.size()));
    out({"add_inplace", dims(n_tok, n), diff_max(gx.download_vec<float>(x.size()), xs), 0.0});
  }
}

void check_rope(Rng& rng, const Report& out) {
  struct Case {
    int64_t n_tok, p0;
    int n_head, n_kv, hd;
    float theta;
    int64_t window;  // ring of `window` slots, or of p0 + n_tok slots without a window
  };
  const Case cases[] = {{1, 0, 32, 8, 128, 10000.0f, 4096},   {1, 5000, 32, 8, 128, 1e6f, 4096},
                        {5, 3, 4, 2, 8, 10000.0f, 0},         {17, 30, 6, 1, 12, 10000.0f, 8},
                        {512, 3999, 32, 8, 128, 10000.0f, 4096}, {3, 32767, 8, 8, 64, 500000.0f, 0}};
  for (const Case& c : cases) {
    for (bool inter : {false, true}) {
      const int64_t q_dim = int64_t(c.n_head) * c.hd, kv_dim = int64_t(c.n_kv) * c.hd;
      const int64_t cap = c.window > 0 ? c.window : c.p0 + c.n_tok;
      auto q = rng.normals(size_t(c.n_tok * q_dim)), k = rng.normals(size_t(c.n_tok * kv_dim)),
           v = rng.normals(size_t(c.n_tok * kv_dim));
      const auto inv = cpu::rope_inv_freq(c.theta, c.hd);
      std::vector<int64_t> pos(size_t(c.n_tok));
      for (int64_t t = 0; t < c.n_tok; ++t) pos[size_t(t)] = c.p0 + t;
      std::vector<float> qr = q, kr = k;
      cpu::rope(qr.data(), pos.data(), c.n_tok, c.n_head, c.hd, c.theta, inter);
      cpu::rope(kr.data(), pos.data(), c.n_tok, c.n_kv, c.hd, c.theta, inter);
      DeviceBuffer gq = to_device(q), gk = to_device(k), gv = to_device(v), gi = to_device(inv),
                   gp = pos_buffer(int32_t(c.p0));
      DeviceBuffer kring(size_t(cap * kv_dim) * sizeof(float)), vring(size_t(cap * kv_dim) * sizeof(float));
      const bool ring = c.n_tok == 1;  // the fused ring write is for decode
      TRAMONTANE_CUDA_CHECK(kernels::rope_qk(gq.as<float>(), gk.as<float>(), gv.as<float>(), gp.as<int32_t>(),
                                             c.n_tok, c.n_head, c.n_kv, c.hd, gi.as<float>(), inter,
                                             ring ? kring.as<float>() : nullptr, ring ? vring.as<float>() : nullptr,
                                             cap, c.window, nullptr),
                            "rope_qk");
      if (!ring)
        TRAMONTANE_CUDA_CHECK(kernels::kv_store(gk.as<float>(), gv.as<float>(), gp.as<int32_t>(), c.n_tok,
                                                int(kv_dim), kring.as<float>(), vring.as<float>(), cap, c.window,
                                                nullptr),
                              "kv_store");
      sync("rope_qk");
      const std::string name = std::to_string(c.n_tok) + "x" + std::to_string(c.n_head) + "/" +
                               std::to_string(c.n_kv) + "x" + std::to_string(c.hd) + " p0=" + std::to_string(c.p0) +
                               (inter ? " interleaved" : " halves");
      // Same angles and cos/sin bits as the CPU: only the rotation's float rounding may differ.
      const double eq = diff_max(gq.download_vec<float>(q.size()), qr);
      const double ek = diff_max(gk.download_vec<float>(k.size()), kr);
      out({"rope_qk", name, std::max(eq, ek), 1e-5});
      // The ring: every row the CPU cache would hold (the last `window` of the chunk) at its slot.
      auto gkr = kring.download_vec<float>(size_t(cap * kv_dim)), gvr = vring.download_vec<float>(size_t(cap * kv_dim));
      double er = 0;
      const int64_t first = c.window > 0 && c.n_tok > c.window ? c.n_tok - c.window : 0;
      for (int64_t t = first; t < c.n_tok; ++t) {
        const int64_t slot = c.window > 0 ? (c.p0 + t) % c.window : c.p0 + t;
        for (int64_t i = 0; i < kv_dim; ++i) {
          er = std::max(er, double(std::fabs(gkr[size_t(slot * kv_dim + i)] - kr[size_t(t * kv_dim + i)])));
          if (gvr[size_t(slot * kv_dim + i)] != v[size_t(t * kv_dim + i)]) er = std::max(er, 1.0);
        }
      }
      out({ring ? "rope_qk ring write" : "kv_store", name, er, 1e-5});
    }
  }
}

void check_elementwise(Rng& rng, const Report& out) {
  for (int64_t n : {int64_t(1), int64_t(14336), int64_t(14336 * 7 + 3)}) {
    auto g = rng.normals(size_t(n), 3.0f), u = rng.normals(size_t(n));
    DeviceBuffer gg = to_device(g), gu = to_device(u);
    TRAMONTANE_CUDA_CHECK(kernels::swiglu(gg.as<float>(), gu.as<float>(), n, nullptr), "swiglu");
    sync("swiglu");
    std::vector<float> ref = g;
    cpu::swiglu(ref.data(), u.data(), n);
    out({"swiglu", std::to_string(n), diff_max(gg.download_vec<float>(size_t(n)), ref) / std::max(1.0, abs_max(ref)),
         1e-6});

    // 16-bit conversions: round to nearest even, bit-exact with engine/core/dtype.h.
    DeviceBuffer h(size_t(n) * 2);
    std::vector<uint16_t> bits(static_cast<size_t>(n));
    double bad = 0;
    TRAMONTANE_CUDA_CHECK(kernels::f32_to_f16(gu.as<float>(), n, h.get(), nullptr), "f32_to_f16");
    h.download(bits.data(), size_t(n) * 2);
    for (int64_t i = 0; i < n; ++i) bad += bits[size_t(i)] != f32_to_fp16(u[size_t(i)]);
    out({"f32_to_f16", std::to_string(n), bad, 0.0});
    bad = 0;
    TRAMONTANE_CUDA_CHECK(kernels::f32_to_bf16(gu.as<float>(), n, h.get(), nullptr), "f32_to_bf16");
    h.download(bits.data(), size_t(n) * 2);
    for (int64_t i = 0; i < n; ++i) bad += bits[size_t(i)] != f32_to_bf16(u[size_t(i)]);
    out({"f32_to_bf16", std::to_string(n), bad, 0.0});
  }
  // argmax: random logits, then a tie planted before the maximum's index.
  for (int64_t n : {int64_t(1), int64_t(32000), int64_t(131072), int64_t(1000003)}) {
    auto x = rng.normals(size_t(n));
    if (n > 10) x[size_t(n / 3)] = x[size_t(n - 2)] = 50.0f;  // tie: the first index wins
    DeviceBuffer gx = to_device(x), gi(sizeof(int32_t));
    TRAMONTANE_CUDA_CHECK(kernels::argmax(gx.as<float>(), n, gi.as<int32_t>(), nullptr), "argmax");
    int32_t got = -1;
    gi.download(&got, sizeof(got));
    const int64_t want = std::max_element(x.begin(), x.end()) - x.begin();
    out({"argmax", std::to_string(n), double(got != want), 0.0});
  }
}

void check_gemm(Rng& rng, const Report& out) {
  // cuBLAS products against the exact product (double) of the dequantized weights: F32 within
  // float32 rounding; 16-bit paths round x (and quantized W) to 16 bits, so their error bound is
  // relative to sum |w x|: x rounded to BF16 costs <= 2^-9 of each |w x|, to F16 <= 2^-11 (and
  // quantized W rounded to F16 another 2^-11).
  const DType types[] = {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0,
                         DType::Q4_1, DType::Q4_K, DType::Q5_K, DType::Q6_K};
  kernels::Blas blas = nullptr;
  TRAMONTANE_CUDA_CHECK(kernels::blas_create(&blas, nullptr), "cublas");
  struct Guard {
    kernels::Blas b;
    ~Guard() { kernels::blas_destroy(b); }
  } guard{blas};
  for (DType t : types) {
    const int64_t bs = dtype_block_size(t);
    for (auto [rows, cols, n] : {std::tuple<int64_t, int64_t, int64_t>{37, bs == 1 ? 40 : bs * 3, 19},
                                 {1024, 4096, 64},
                                 {4096, 4096, 512}}) {
      if (rows * cols > 1024 * 4096 && t != DType::F16 && t != DType::Q4_K) continue;
      auto wbytes = random_weights(rng, int(t), rows, cols);
      auto x = rng.normals(size_t(n * cols));
      DeviceBuffer gw(wbytes.size()), gx = to_device(x), gy(size_t(n * rows) * sizeof(float));
      gw.upload(wbytes);
      DeviceBuffer x16(size_t(n * cols) * 2), w16(size_t(rows * cols) * 2);
      TRAMONTANE_CUDA_CHECK(kernels::gemm(blas, kernels::WType(int(t)), gw.get(), rows, cols, gx.as<float>(), n,
                                          gy.as<float>(), x16.get(), w16.get(), nullptr),
                            "gemm");
      sync("gemm");
      auto y = gy.download_vec<float>(size_t(n * rows));
      // Reference in double from the exact weights.
      const uint64_t row_bytes = wbytes.size() / uint64_t(rows);
      std::vector<float> wr(static_cast<size_t>(cols));
      double worst = 0;
      for (int64_t r = 0; r < rows; ++r) {
        dequantize_row(t, wbytes.data() + uint64_t(r) * row_bytes, wr.data(), cols);
        for (int64_t i = 0; i < n; ++i) {
          double acc = 0, mag = 0;
          for (int64_t c = 0; c < cols; ++c) {
            const double p = double(wr[size_t(c)]) * double(x[size_t(i * cols + c)]);
            acc += p;
            mag += std::fabs(p);
          }
          worst = std::max(worst, std::fabs(double(y[size_t(i * rows + r)]) - acc) / (mag + 1e-30));
        }
      }
      const double tol = t == DType::F32 ? 1e-5 : t == DType::BF16 ? 4e-3 : 2e-3;
      out({"gemm (cuBLAS)", std::string(dtype_name(t)) + " " + dims(rows, cols) + " n=" + std::to_string(n), worst,
           tol});
    }
  }
}

}  // namespace tramontane::cuda::selftest
