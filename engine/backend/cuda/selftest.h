#pragma once
// tramontane-cli selftest --backend cuda: every CUDA op against its CPU twin on random inputs.
// Each check family (one per kernels/*.cu) reports one Result per case through `out`; a CUDA
// error throws ErrorException (the command reports it and exits non-zero).
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace tramontane::cuda::selftest {

struct Result {
  std::string op;     // "gemv"
  std::string cases;  // "Q4_K 4096x4096 n=3"
  double max_err = 0;  // max |gpu - cpu| (or the op's own error measure)
  double tol = 0;      // the bound it must stay within
  std::string detail{};  // printed after the figures when not empty (a message, the tokens)
  bool pass() const { return max_err <= tol; }  // false for NaN
};
using Report = std::function<void(const Result&)>;

// Deterministic inputs: one generator per run, seeded from the command line.
struct Rng {
  std::mt19937_64 gen;
  explicit Rng(uint64_t seed) : gen(seed) {}
  float uniform(float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(gen); }
  float normal(float sd = 1.0f) { return std::normal_distribution<float>(0.0f, sd)(gen); }
  uint32_t bits() { return uint32_t(gen()); }
  std::vector<float> normals(size_t n, float sd = 1.0f) {
    std::vector<float> v(n);
    for (auto& x : v) x = normal(sd);
    return v;
  }
};

// max |a[i] - b[i]| (NaN if any element is NaN, so the check fails); and max |a[i]|.
double diff_max(const std::vector<float>& a, const std::vector<float>& b);
double abs_max(const std::vector<float>& a);

// One family per kernels file; each is in selftest_<family>.cpp.
void check_norm(Rng& rng, const Report& out);         // rmsnorm, add_rmsnorm, add_inplace
void check_rope(Rng& rng, const Report& out);         // rope_qk (both layouts, with ring), kv_store
void check_elementwise(Rng& rng, const Report& out);  // swiglu, f32_to_f16/bf16, argmax
void check_dequant(Rng& rng, const Report& out);      // dequant_rows, every WType, f32 and f16 out
void check_gemv(Rng& rng, const Report& out);         // gemv, every WType, n_tokens 1..8, odd sizes
void check_gemm(Rng& rng, const Report& out);         // cuBLAS gemm, every WType
void check_attention(Rng& rng, const Report& out);    // attention_prefill and attention_decode
// Out of memory at load, KV allocation and mid-generation, and a sticky fault, with `model` (a
// GGUF that runs on both backends); resets the device, so it runs last (selftest_faults.cpp).
void check_faults(const std::string& model, const Report& out);

// Random but valid quantized rows [rows, cols] of type t (finite f16 scales), as stored bytes.
std::vector<uint8_t> random_weights(Rng& rng, int wtype, int64_t rows, int64_t cols);

}  // namespace tramontane::cuda::selftest
