#include "engine/backend/cpu/matmul_bench.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/parallel.h"
#include "engine/core/quant.h"
#include "engine/core/status.h"
#include "engine/core/tensor.h"

namespace tramontane::cpu {

namespace {

using Clock = std::chrono::steady_clock;

uint64_t splitmix64(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

float uniform(uint64_t& s) { return float(splitmix64(s) >> 40) * (2.0f / 16777216.0f) - 1.0f; }

void put_f16(uint8_t* p, float v) {
  const uint16_t h = f32_to_fp16(v);
  std::memcpy(p, &h, 2);
}

// Random bytes with every f16 scale field set to a small finite value (valid blocks of any type).
std::vector<uint8_t> random_weights(DType t, int64_t n_elems, uint64_t seed) {
  const int64_t bs = dtype_block_size(t), ts = dtype_type_size(t);
  const int64_t n_blocks = n_elems / bs;
  std::vector<uint8_t> w(size_t(n_blocks * ts));
  uint64_t s = seed;
  for (size_t i = 0; i + 8 <= w.size(); i += 8) {
    const uint64_t r = splitmix64(s);
    std::memcpy(&w[i], &r, 8);
  }
  for (int64_t b = 0; b < n_blocks; ++b) {
    uint8_t* p = w.data() + b * ts;
    switch (t) {
      case DType::F32: { const float f = uniform(s); std::memcpy(p, &f, 4); break; }
      case DType::F16: put_f16(p, uniform(s)); break;
      case DType::BF16: { const uint16_t h = f32_to_bf16(uniform(s)); std::memcpy(p, &h, 2); break; }
      case DType::Q8_0: case DType::Q4_0: put_f16(p, 0.01f * uniform(s)); break;
      case DType::Q4_1: case DType::Q4_K: case DType::Q5_K:
        put_f16(p, 0.01f * uniform(s));
        put_f16(p + 2, 0.01f * uniform(s));
        break;
      case DType::Q6_K: put_f16(p + offsetof(BlockQ6_K, d), 0.01f * uniform(s)); break;
    }
  }
  return w;
}

}  // namespace

std::string bench_matmul(const MatmulBenchOptions& o) {
  const auto row_bytes = dtype_row_bytes(o.dtype, uint64_t(std::max<int64_t>(o.cols, 0)));
  if (o.rows <= 0 || o.cols <= 0 || o.n_tokens <= 0 || !row_bytes || o.rows > (int64_t(1) << 20) ||
      o.cols > (int64_t(1) << 20) || o.n_tokens > 4096 || *row_bytes * uint64_t(o.rows) > (uint64_t(1) << 32))
    throw_error(ErrorKind::Usage, "bench matmul: rows, cols, n_tokens must be positive (cols a multiple of " +
                                      std::to_string(dtype_block_size(o.dtype)) + " for " +
                                      std::string(dtype_name(o.dtype)) + ") and the matrix at most 4 GiB");
  const uint64_t weight_bytes = *row_bytes * uint64_t(o.rows);
  const int64_t copies =
      std::clamp<int64_t>(o.cold_bytes > 0 ? (o.cold_bytes + int64_t(weight_bytes) - 1) / int64_t(weight_bytes) : 1,
                          1, 1024);
  std::vector<std::vector<uint8_t>> mats;
  std::vector<TensorView> views;
  for (int64_t i = 0; i < copies; ++i) {
    mats.push_back(random_weights(o.dtype, o.rows * o.cols, 1234 + uint64_t(i)));
    TensorView v;
    v.name = "bench." + std::to_string(i);
    v.dtype = o.dtype;
    v.shape = {o.rows, o.cols};
    v.data = mats.back().data();
    v.nbytes = weight_bytes;
    views.push_back(std::move(v));
  }
  std::vector<float> x(size_t(o.n_tokens * o.cols)), y(size_t(o.n_tokens * o.rows));
  uint64_t s = 99;
  for (float& v : x) v = uniform(s);

  matmul(views[0], x.data(), o.n_tokens, y.data());  // warm up the thread pool
  int64_t calls = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  while (calls < 3 || elapsed < o.min_seconds) {
    matmul(views[size_t(calls % copies)], x.data(), o.n_tokens, y.data());
    ++calls;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const double per_call = elapsed / double(calls);
  nlohmann::json j = {
      {"bench", "matmul"},
      {"dtype", std::string(dtype_name(o.dtype))},
      {"rows", o.rows},
      {"cols", o.cols},
      {"n_tokens", o.n_tokens},
      {"threads", num_threads()},
      {"simd", simd_name()},
      {"weight_bytes", weight_bytes},
      {"copies", copies},
      {"calls", calls},
      {"ms_per_call", per_call * 1e3},
      {"gb_per_s", double(weight_bytes) / per_call / 1e9},
      {"gmac_per_s", double(o.rows) * double(o.cols) * double(o.n_tokens) / per_call / 1e9},
  };
  return j.dump();
}

std::string bench_memory_read(int64_t bytes, double min_seconds) {
  if (bytes < (int64_t(1) << 20) || bytes > (int64_t(1) << 34))
    throw_error(ErrorKind::Usage, "bench memory_read: bytes must be between 1 MiB and 16 GiB");
  const int64_t n = bytes / 8;
  std::vector<uint64_t> buf(static_cast<size_t>(n));
  parallel_for(n, 1 << 16, [&](int64_t b, int64_t e) {  // first touch by the reading threads
    for (int64_t i = b; i < e; ++i) buf[size_t(i)] = uint64_t(i);
  });
  const int threads = num_threads();
  double best = 0.0;
  const auto start = Clock::now();
  uint64_t sink = 0;
  for (int pass = 0; pass < 3 || std::chrono::duration<double>(Clock::now() - start).count() < min_seconds; ++pass) {
    std::vector<uint64_t> sums(size_t(threads) * 8, 0);
    const auto t0 = Clock::now();
    // One contiguous slice per thread, summed with 4 independent accumulators (vectorized at -O2+).
    parallel_for(threads, 1, [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k) {
        const int64_t lo = n * k / threads, hi = n * (k + 1) / threads;
        uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int64_t i = lo;
        for (; i + 4 <= hi; i += 4) {
          a0 += buf[size_t(i)];
          a1 += buf[size_t(i + 1)];
          a2 += buf[size_t(i + 2)];
          a3 += buf[size_t(i + 3)];
        }
        for (; i < hi; ++i) a0 += buf[size_t(i)];
        sums[size_t(k) * 8] = a0 + a1 + a2 + a3;
      }
    });
    const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
    for (uint64_t v : sums) sink += v;
    best = std::max(best, double(n) * 8.0 / dt / 1e9);
  }
  nlohmann::json j = {{"bench", "memory_read"}, {"bytes", n * 8}, {"threads", threads},
                      {"gb_per_s", best}, {"checksum", sink & 0xffff}};
  return j.dump();
}

}  // namespace tramontane::cpu
