// cpu::matmul for every weight dtype against products computed by the gguf package
// (tools/make_matmul_fixtures.py), on the AVX2 kernels and on the scalar fallback, 1..3 threads.
//
// Tolerances (see matmul.h), with abs = sum_c |w[r, c] x[t, c]| from the fixture:
//   float weights:      |y - y_exact| <= 1e-5 * abs
//   quantized weights:  |y - y_q| <= 1e-5 * abs, where y_q is the exact product with the
//                       activations quantized as quant_dot.h documents (checks the integer kernels
//                       to float rounding), and the contract against the exact product
//                       |y - y_exact| <= bound + 1e-5 * abs, bound = sum_blocks d_x/2 sum |w|.
#include <QtTest>

#include <atomic>
#include <cstddef>
#include <cstring>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/backend/cpu/gemm.h"
#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/matmul_bench.h"
#include "engine/backend/cpu/parallel.h"
#include "engine/backend/cpu/quant_dot.h"
#include "engine/core/quant.h"
#include "engine/core/status.h"
#include "engine/format/npy.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/matmul/";
constexpr double kRel = 1e-5;

std::vector<uint8_t> slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

NpyArray npy(const std::string& name) {
  auto a = read_npy(kDir + name);
  if (!a) throw std::runtime_error(a.error().message);
  return std::move(*a);
}

std::optional<DType> dtype_from(const std::string& s) {
  for (DType t : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q4_K,
                  DType::Q5_K, DType::Q6_K})
    if (dtype_name(t) == s) return t;
  return std::nullopt;
}

struct Case {
  std::string name;
  DType dtype;
  int64_t rows, cols;
  std::vector<uint8_t> w;
  NpyArray x, y, abs, yq, bound;  // yq, bound: quantized types only
  TensorView view() const {
    TensorView v;
    v.name = name;
    v.dtype = dtype;
    v.shape = {rows, cols};
    v.data = w.data();
    v.nbytes = w.size();
    return v;
  }
};

std::vector<Case> load_cases() {
  std::ifstream f(kDir + "cases.json");
  const auto manifest = nlohmann::json::parse(f);
  std::vector<Case> cases;
  for (const auto& m : manifest) {
    Case c;
    c.name = m.at("name").get<std::string>();
    c.dtype = dtype_from(m.at("dtype").get<std::string>()).value();
    c.rows = m.at("rows").get<int64_t>();
    c.cols = m.at("cols").get<int64_t>();
    c.w = slurp(kDir + c.name + "_w.bin");
    c.x = npy("x_" + std::to_string(c.cols) + ".npy");
    c.y = npy(c.name + "_y.npy");
    c.abs = npy(c.name + "_abs.npy");
    if (dtype_is_quantized(c.dtype)) {
      c.yq = npy(c.name + "_yq.npy");
      c.bound = npy(c.name + "_bound.npy");
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

// Largest error over the outputs, in units of the tolerance (<= 1 passes).
struct Errors {
  double vs_exact = 0, vs_quantized = 0;
  int64_t unwritten = 0;
};

Errors check(const Case& c, int64_t n_tokens) {
  std::vector<float> y(size_t(n_tokens * c.rows), std::numeric_limits<float>::quiet_NaN());
  cpu::matmul(c.view(), c.x.f32.data(), n_tokens, y.data());
  Errors e;
  const bool q = dtype_is_quantized(c.dtype);
  for (int64_t i = 0; i < n_tokens * c.rows; ++i) {
    const double v = y[size_t(i)];
    if (std::isnan(v)) {
      ++e.unwritten;
      continue;
    }
    const double slack = kRel * c.abs.at(i) + 1e-30;
    const double allowed = q ? double(c.bound.at(i)) * (1 + 1e-6) + slack : slack;
    e.vs_exact = std::max(e.vs_exact, std::fabs(v - c.y.at(i)) / allowed);
    if (q) e.vs_quantized = std::max(e.vs_quantized, std::fabs(v - c.yq.at(i)) / slack);
  }
  return e;
}

struct SimdRestore {
  bool was = cpu::simd_active();
  ~SimdRestore() {
    cpu::set_simd_enabled(was);
    cpu::set_num_threads(0);
    cpu::set_gemm_min_tokens(0);
  }
};

}  // namespace

class TestMatmul : public QObject {
  Q_OBJECT
 private slots:
  void everyDtypeMatchesGguf() {
    SimdRestore restore;
    const auto cases = load_cases();
    QCOMPARE(int(cases.size()), 18);
    // (simd, gemm_min_tokens): the scalar kernels; the SIMD dot kernels (the GEMM off); the SIMD
    // path as it runs (17 tokens take the GEMM where the CPU has it); the GEMM for every count.
    std::vector<std::pair<bool, int64_t>> paths = {{false, 0}};
    if (cpu::cpu_has_avx2()) paths.insert(paths.end(), {{true, 1 << 30}, {true, 0}});
    else qInfo("this CPU has no AVX2: only the scalar kernels are checked");
    if (cpu::gemm_supported(DType::Q8_0)) paths.push_back({true, 1});
    else qInfo("this CPU has no AVX-512 VNNI: the quantized GEMM is not checked");
    for (auto [simd, gemm_min] : paths) {
      cpu::set_simd_enabled(simd);
      cpu::set_gemm_min_tokens(gemm_min);
      QCOMPARE(cpu::simd_active(), simd);
      for (const Case& c : cases) {
        double worst_exact = 0, worst_q = 0;
        for (int threads : {1, 2, 3})
          for (int64_t n_tokens : {1, 3, 17}) {
            cpu::set_num_threads(threads);
            const Errors e = check(c, n_tokens);
            const std::string where = c.name + " " + cpu::simd_name() + " gemm_min_tokens=" +
                                      std::to_string(cpu::gemm_min_tokens(c.dtype)) + " threads=" + std::to_string(threads) +
                                      " n_tokens=" + std::to_string(n_tokens);
            QVERIFY2(e.unwritten == 0, (where + ": outputs not written").c_str());
            QVERIFY2(e.vs_exact <= 1.0, (where + ": error vs exact product " + std::to_string(e.vs_exact) +
                                         " x tolerance").c_str());
            QVERIFY2(e.vs_quantized <= 1.0, (where + ": error vs quantized-activation product " +
                                             std::to_string(e.vs_quantized) + " x tolerance").c_str());
            worst_exact = std::max(worst_exact, e.vs_exact);
            worst_q = std::max(worst_q, e.vs_quantized);
          }
        qInfo("%-14s %-10s gemm from %-10lld worst error / tolerance: vs exact %.3g, vs quantized activations %.3g",
              c.name.c_str(), cpu::simd_name(), static_cast<long long>(cpu::gemm_min_tokens(c.dtype)), worst_exact, worst_q);
      }
    }
  }

  // The prefill GEMM against the scalar kernels (its twin) on shapes the gguf fixtures do not have:
  // column counts that leave a 32-column tail in the 64-column panel slices, single rows, row
  // counts far from a multiple of 16, token counts around the 8-token tile. Random blocks with
  // finite scales; tolerance 1e-5 x sum |w x| (float rounding; the integer sums are the same).
  void gemmEqualsScalarOnOddShapes() {
    SimdRestore restore;
    if (!cpu::gemm_supported(DType::Q8_0)) {
      qInfo("this CPU has no AVX-512 VNNI: there is no GEMM to compare");
      return;
    }
    std::mt19937_64 rng(11);
    struct Shape {
      DType t;
      int64_t rows, cols, tokens;
    };
    const Shape shapes[] = {{DType::Q8_0, 1, 32, 8},    {DType::Q8_0, 37, 96, 9},   {DType::Q4_0, 17, 160, 23},
                            {DType::Q4_1, 33, 96, 16},  {DType::Q4_K, 19, 768, 9},  {DType::Q5_K, 5, 256, 31},
                            {DType::Q6_K, 21, 512, 17}, {DType::Q6_K, 16, 256, 8},
                            // Q4 panels of 13 and 7 rows (both halves of the raw-nibble transpose
                            // part-filled), whole 64-column slices only
                            {DType::Q4_1, 13, 128, 5},  {DType::Q4_0, 7, 64, 2}};
    for (const Shape& sh : shapes) {
      const auto row_bytes = *dtype_row_bytes(sh.t, uint64_t(sh.cols));
      std::vector<uint8_t> w(size_t(row_bytes) * size_t(sh.rows));
      for (auto& b : w) b = uint8_t(rng());
      // finite float16 scales (random bytes could be Inf/NaN): d, and dmin/m where the type has one
      const int64_t ts = dtype_type_size(sh.t);
      for (size_t off = 0; off < w.size(); off += size_t(ts)) {
        auto put = [&](size_t at) {
          const uint16_t h = f32_to_fp16(0.01f * float(int64_t(rng() % 2001) - 1000) / 1000.0f);
          std::memcpy(&w[off + at], &h, 2);
        };
        if (sh.t == DType::Q6_K) put(offsetof(BlockQ6_K, d));
        else put(0);
        if (sh.t == DType::Q4_1 || sh.t == DType::Q4_K || sh.t == DType::Q5_K) put(2);
      }
      TensorView v;
      v.name = "random";
      v.dtype = sh.t;
      v.shape = {sh.rows, sh.cols};
      v.data = w.data();
      v.nbytes = w.size();
      std::vector<float> x(size_t(sh.tokens * sh.cols));
      std::normal_distribution<float> nd(0.0f, 1.0f);
      for (float& f : x) f = nd(rng);
      std::vector<float> y_gemm(size_t(sh.tokens * sh.rows), NAN), y_ref(y_gemm.size(), NAN);
      cpu::set_simd_enabled(true);
      cpu::set_gemm_min_tokens(1);
      cpu::matmul(v, x.data(), sh.tokens, y_gemm.data());
      cpu::set_simd_enabled(false);
      cpu::matmul(v, x.data(), sh.tokens, y_ref.data());
      std::vector<float> wd(size_t(sh.cols));
      double worst = 0;
      for (int64_t r = 0; r < sh.rows; ++r) {
        dequantize_row(sh.t, w.data() + uint64_t(r) * row_bytes, wd.data(), sh.cols);
        for (int64_t t = 0; t < sh.tokens; ++t) {
          double abs = 0;
          for (int64_t c = 0; c < sh.cols; ++c) abs += std::fabs(double(wd[size_t(c)]) * x[size_t(t * sh.cols + c)]);
          const size_t i = size_t(t * sh.rows + r);
          QVERIFY2(std::isfinite(y_gemm[i]), "an output was not written");
          worst = std::max(worst, std::fabs(double(y_gemm[i]) - y_ref[i]) / (kRel * abs + 1e-30));
        }
      }
      QVERIFY2(worst <= 1.0, qPrintable(QStringLiteral("%1 %2x%3, %4 tokens: %5 x tolerance")
                                            .arg(QString::fromUtf8(dtype_name(sh.t).data(), int(dtype_name(sh.t).size())))
                                            .arg(sh.rows).arg(sh.cols).arg(sh.tokens).arg(worst)));
    }
  }

  // The activation-quantization error is real (the bound is not vacuous) yet within it.
  void quantizedErrorIsActivationRounding() {
    const auto cases = load_cases();
    for (const Case& c : cases) {
      if (!dtype_is_quantized(c.dtype)) continue;
      double max_err = 0, max_bound = 0;
      for (int64_t i = 0; i < 17 * c.rows; ++i) {
        max_err = std::max(max_err, std::fabs(c.yq.at(i) - c.y.at(i)));
        max_bound = std::max(max_bound, double(c.bound.at(i)));
      }
      QVERIFY2(max_err > 0 && max_err < max_bound, c.name.c_str());
    }
  }

  void nonFiniteActivationsGiveNonFiniteOutputs() {
    SimdRestore restore;
    const auto cases = load_cases();
    for (auto [simd, gemm_min] : {std::pair<bool, int64_t>{false, 0}, {true, 0}, {true, 1}}) {
      cpu::set_simd_enabled(simd);
      cpu::set_gemm_min_tokens(gemm_min);  // 1: the two tokens go through the GEMM where the CPU has it
      for (const Case& c : cases) {
        std::vector<float> x(c.x.f32.begin(), c.x.f32.begin() + 2 * c.cols);
        x[size_t(c.cols + 5)] = std::numeric_limits<float>::infinity();  // token 1 only
        std::vector<float> y(size_t(2 * c.rows));
        cpu::matmul(c.view(), x.data(), 2, y.data());
        for (int64_t r = 0; r < c.rows; ++r) {
          QVERIFY2(std::isfinite(y[size_t(r)]), c.name.c_str());
          QVERIFY2(!std::isfinite(y[size_t(c.rows + r)]), c.name.c_str());
        }
      }
    }
  }

  void rejectsTooFewBytes() {
    const auto cases = load_cases();
    TensorView v = cases[8].view();  // a Q4_0 case
    v.nbytes -= 1;
    std::vector<float> y(size_t(v.rows()));
    try {
      cpu::matmul(v, cases[8].x.f32.data(), 1, y.data());
      QFAIL("expected an error");
    } catch (const ErrorException& e) {
      QCOMPARE(e.error().kind, ErrorKind::BadInput);
      QVERIFY2(std::string(e.what()).find(cases[8].name) != std::string::npos, e.what());
    }
    v = cases[12].view();  // Q4_K with 100 columns: not a whole block
    v.shape = {v.rows(), 100};
    QVERIFY_THROWS_EXCEPTION(ErrorException, cpu::matmul(v, cases[12].x.f32.data(), 1, y.data()));
  }

  void zeroTokensWritesNothing() {
    const auto cases = load_cases();
    float sentinel = 7.0f;
    cpu::matmul(cases[0].view(), cases[0].x.f32.data(), 0, &sentinel);
    QCOMPARE(sentinel, 7.0f);
  }

  void parallelForCoversEachIndexOnce() {
    SimdRestore restore;
    for (int threads : {1, 2, 3, 8})
      for (int64_t grain : {1, 7, 500, 2000}) {
        cpu::set_num_threads(threads);
        const int64_t n = 1000;
        std::vector<std::atomic<int>> hits(n);
        std::atomic<int> short_ranges{0};
        cpu::parallel_for(n, grain, [&](int64_t b, int64_t e) {
          if (e - b < grain && e != n) ++short_ranges;
          for (int64_t i = b; i < e; ++i) hits[size_t(i)]++;
          // nested calls run inline and still cover their range
          std::atomic<int64_t> inner{0};
          cpu::parallel_for(10, 1, [&](int64_t ib, int64_t ie) { inner += ie - ib; });
          if (inner != 10) ++short_ranges;
        });
        QCOMPARE(short_ranges.load(), 0);
        for (auto& h : hits) QCOMPARE(h.load(), 1);
      }
  }

  void parallelForPropagatesExceptions() {
    SimdRestore restore;
    cpu::set_num_threads(2);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, cpu::parallel_for(100, 1, [](int64_t b, int64_t e) {
                               if (b <= 50 && 50 < e) throw std::runtime_error("chunk failed");
                             }));
    std::atomic<int64_t> total{0};  // the pool still works afterwards
    cpu::parallel_for(100, 1, [&](int64_t b, int64_t e) { total += e - b; });
    QCOMPARE(total.load(), int64_t(100));
  }

  void benchReportsJson() {
    cpu::MatmulBenchOptions o;
    o.dtype = DType::Q8_0;
    o.rows = 64;
    o.cols = 256;
    o.min_seconds = 0.01;
    o.cold_bytes = 0;
    const auto j = nlohmann::json::parse(cpu::bench_matmul(o));
    QCOMPARE(j.at("dtype").get<std::string>(), std::string("Q8_0"));
    QCOMPARE(j.at("weight_bytes").get<int64_t>(), int64_t(64 * 8 * 34));
    QVERIFY(j.at("gb_per_s").get<double>() > 0);
    const auto m = nlohmann::json::parse(cpu::bench_memory_read(int64_t(8) << 20, 0.01));
    QVERIFY(m.at("gb_per_s").get<double>() > 0);
    o.cols = 100;  // not a whole Q8_0 block
    QVERIFY_THROWS_EXCEPTION(ErrorException, cpu::bench_matmul(o));
  }
};

QTEST_APPLESS_MAIN(TestMatmul)
#include "test_matmul.moc"
