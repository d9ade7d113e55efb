// Portable scalar dot-product kernels and activation quantization (see quant_dot.h).
// The AVX2 twins in quant_dot_avx2.cpp do the same integer arithmetic.
#include "engine/backend/cpu/quant_dot.h"

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

namespace tramontane::cpu {

size_t act_row_bytes(ActFormat f, int64_t n) {
  switch (f) {
    case ActFormat::F32: return size_t(n) * sizeof(float);
    case ActFormat::Q8A: return size_t(n / 32) * sizeof(BlockQ8A);
    case ActFormat::Q8K: return size_t(n / QK_K) * sizeof(BlockQ8K);
  }
  return 0;
}

int64_t act_block_size(ActFormat f) {
  switch (f) {
    case ActFormat::F32: return 1;
    case ActFormat::Q8A: return 32;
    case ActFormat::Q8K: return QK_K;
  }
  return 1;
}

bool cpu_has_avx2() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static const bool ok = [] {
    __builtin_cpu_init();
    // F16C from CPUID leaf 1, ECX bit 29 (clang 14's __builtin_cpu_supports does not know "f16c").
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    const bool f16c = (ecx >> 29) & 1u;
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
  }();
  return ok;
#else
  return false;
#endif
}

namespace {

// ---- activation quantization -------------------------------------------------------------

// Quantizes n values with one scale into q (see quant_dot.h); returns d.
// Inf or NaN anywhere: d = NaN and q = 0.
float quantize_block(const float* x, int n, int8_t* q) {
  float amax = 0.0f;
  bool finite = true;
  for (int i = 0; i < n; ++i) {
    const float a = std::fabs(x[i]);
    finite = finite && a <= FLT_MAX;
    amax = a > amax ? a : amax;
  }
  if (!finite) {
    std::memset(q, 0, size_t(n));
    return std::numeric_limits<float>::quiet_NaN();
  }
  const float d = amax / 127.0f;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  for (int i = 0; i < n; ++i) {
    float v = std::nearbyint(x[i] * id);  // default rounding mode: to nearest, ties to even
    v = v > 127.0f ? 127.0f : (v < -127.0f ? -127.0f : v);
    q[i] = int8_t(v);
  }
  return d;
}

void quantize_q8a(const float* x, uint8_t* out, int64_t n) {
  auto* y = reinterpret_cast<BlockQ8A*>(out);
  for (int64_t b = 0; b < n / 32; ++b) {
    // The scale is kept at float16 precision, as llama.cpp's block_q8_0/q8_1 store it.
    y[b].d = fp16_round(quantize_block(x + 32 * b, 32, y[b].qs));
    int sum = 0;
    for (int i = 0; i < 32; ++i) sum += y[b].qs[i];
    y[b].s = y[b].d * float(sum);
  }
}

void quantize_q8k(const float* x, uint8_t* out, int64_t n) {
  auto* y = reinterpret_cast<BlockQ8K*>(out);
  for (int64_t b = 0; b < n / QK_K; ++b) {
    y[b].d = quantize_block(x + QK_K * b, QK_K, y[b].qs);
    for (int g = 0; g < QK_K / 16; ++g) {
      int sum = 0;
      for (int i = 0; i < 16; ++i) sum += y[b].qs[16 * g + i];
      y[b].bsums[g] = int16_t(sum);
    }
  }
}

// ---- one weight row against one activation row -------------------------------------------

template <class Block>
const Block* as_blocks(const uint8_t* p) {
  return reinterpret_cast<const Block*>(p);
}

float load_weight(DType t, const uint8_t* w, int64_t c) {
  uint16_t h;
  switch (t) {
    case DType::F16: std::memcpy(&h, w + 2 * c, 2); return fp16_to_f32(h);
    case DType::BF16: std::memcpy(&h, w + 2 * c, 2); return bf16_to_f32(h);
    default: { float f; std::memcpy(&f, w + 4 * c, 4); return f; }
  }
}

// Float weights: 8 partial sums (the order the AVX2 kernel uses, roughly).
template <DType T>
float dot1_float(int64_t n, const uint8_t* w, const float* x) {
  float acc[8] = {};
  int64_t c = 0;
  for (; c + 8 <= n; c += 8)
    for (int k = 0; k < 8; ++k) acc[k] += load_weight(T, w, c + k) * x[c + k];
  float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; c < n; ++c) s += load_weight(T, w, c) * x[c];
  return s;
}

// Q8_0: sum_b d_w d_x sum_i qw_i qx_i
float dot1_q8_0(int64_t n, const uint8_t* w, const uint8_t* x) {
  const auto* wb = as_blocks<BlockQ8_0>(w);
  const auto* xb = as_blocks<BlockQ8A>(x);
  float acc = 0.0f;
  for (int64_t b = 0; b < n / 32; ++b) {
    int sumi = 0;
    for (int i = 0; i < 32; ++i) sumi += int(wb[b].qs[i]) * int(xb[b].qs[i]);
    acc += fp16_to_f32(wb[b].d) * xb[b].d * float(sumi);
  }
  return acc;
}

// Q4_0: sum_b d_w d_x sum_i (q_i - 8) qx_i; nibble i < 16 is qs[i] & 15, else qs[i - 16] >> 4.
float dot1_q4_0(int64_t n, const uint8_t* w, const uint8_t* x) {
  const auto* wb = as_blocks<BlockQ4_0>(w);
  const auto* xb = as_blocks<BlockQ8A>(x);
  float acc = 0.0f;
  for (int64_t b = 0; b < n / 32; ++b) {
    int sumi = 0;
    for (int i = 0; i < 16; ++i) {
      sumi += (int(wb[b].qs[i] & 0xF) - 8) * int(xb[b].qs[i]);
      sumi += (int(wb[b].qs[i] >> 4) - 8) * int(xb[b].qs[i + 16]);
    }
    acc += fp16_to_f32(wb[b].d) * xb[b].d * float(sumi);
  }
  return acc;
}

// Q4_1: sum_b d_w d_x sum_i q_i qx_i + m_w s_x
float dot1_q4_1(int64_t n, const uint8_t* w, const uint8_t* x) {
  const auto* wb = as_blocks<BlockQ4_1>(w);
  const auto* xb = as_blocks<BlockQ8A>(x);
  float acc = 0.0f, accm = 0.0f;
  for (int64_t b = 0; b < n / 32; ++b) {
    int sumi = 0;
    for (int i = 0; i < 16; ++i) {
      sumi += int(wb[b].qs[i] & 0xF) * int(xb[b].qs[i]);
      sumi += int(wb[b].qs[i] >> 4) * int(xb[b].qs[i + 16]);
    }
    acc += fp16_to_f32(wb[b].d) * xb[b].d * float(sumi);
    accm += fp16_to_f32(wb[b].m) * xb[b].s;
  }
  return acc + accm;
}

// Q4_K / Q5_K super-block (x = d*sc_j*q - dmin*m_j):
//   d_x * (d_w * sum_j sc_j sum_l q qx  -  dmin_w * sum_j m_j (bsums[2j] + bsums[2j+1]))
template <bool kFifthBit, class Block>
float dot1_q45_k(int64_t n, const uint8_t* w, const uint8_t* x) {
  const auto* wb = as_blocks<Block>(w);
  const auto* xb = as_blocks<BlockQ8K>(x);
  float acc = 0.0f, accm = 0.0f;
  for (int64_t b = 0; b < n / QK_K; ++b) {
    const Block& W = wb[b];
    const BlockQ8K& X = xb[b];
    int sumi = 0, summ = 0;
    for (int j = 0; j < QK_K / 32; ++j) {
      uint8_t sc, m;
      get_scale_min_k4(j, W.scales, &sc, &m);
      const uint8_t* q = W.qs + 32 * (j / 2);
      const int shift = 4 * (j % 2);
      int s = 0;
      for (int l = 0; l < 32; ++l) {
        int v = (q[l] >> shift) & 0xF;
        if constexpr (kFifthBit) v |= ((W.qh[l] >> j) & 1) << 4;
        s += v * int(X.qs[32 * j + l]);
      }
      sumi += int(sc) * s;
      summ += int(m) * (int(X.bsums[2 * j]) + int(X.bsums[2 * j + 1]));
    }
    acc += fp16_to_f32(W.d) * X.d * float(sumi);
    accm += fp16_to_f32(W.dmin) * X.d * float(summ);
  }
  return acc - accm;
}

// Q6_K super-block: d_x d_w (sum_g sc_g sum_l q6 qx  -  32 sum_g sc_g bsums[g]), q6 in 0..63.
float dot1_q6_k(int64_t n, const uint8_t* w, const uint8_t* x) {
  const auto* wb = as_blocks<BlockQ6_K>(w);
  const auto* xb = as_blocks<BlockQ8K>(x);
  float acc = 0.0f;
  for (int64_t b = 0; b < n / QK_K; ++b) {
    const BlockQ6_K& W = wb[b];
    const BlockQ8K& X = xb[b];
    int sumi = 0;
    for (int h = 0; h < 2; ++h) {
      const uint8_t* ql = W.ql + 64 * h;
      const uint8_t* qh = W.qh + 32 * h;
      for (int g = 0; g < 8; ++g) {  // 16-element groups of this half
        int s = 0;
        for (int l = 0; l < 16; ++l) {
          const int j = 16 * g + l;  // 0..127 within the half
          const int lo = (ql[j % 64] >> (4 * (j / 64))) & 0xF;
          const int hi = (qh[j % 32] >> (2 * (j / 32))) & 3;
          s += (lo | (hi << 4)) * int(X.qs[128 * h + j]);
        }
        sumi += int(W.scales[8 * h + g]) * s;
      }
    }
    int corr = 0;
    for (int g = 0; g < QK_K / 16; ++g) corr += int(W.scales[g]) * int(X.bsums[g]);
    acc += fp16_to_f32(W.d) * X.d * float(sumi - 32 * corr);
  }
  return acc;
}

// ---- DotFn adapters ----------------------------------------------------------------------

template <DType T>
void dot_float(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, int n_x, float* out) {
  for (int j = 0; j < n_x; ++j) out[j] = dot1_float<T>(n, w, reinterpret_cast<const float*>(x + j * xs));
}

template <float (*F)(int64_t, const uint8_t*, const uint8_t*)>
void dot_quant(int64_t n, const uint8_t* w, const uint8_t* x, size_t xs, int n_x, float* out) {
  for (int j = 0; j < n_x; ++j) out[j] = F(n, w, x + j * xs);
}

}  // namespace

DotKernel dot_kernel_scalar(DType t) {
  switch (t) {
    case DType::F32: return {ActFormat::F32, dot_float<DType::F32>, nullptr};
    case DType::F16: return {ActFormat::F32, dot_float<DType::F16>, nullptr};
    case DType::BF16: return {ActFormat::F32, dot_float<DType::BF16>, nullptr};
    case DType::Q8_0: return {ActFormat::Q8A, dot_quant<dot1_q8_0>, quantize_q8a};
    case DType::Q4_0: return {ActFormat::Q8A, dot_quant<dot1_q4_0>, quantize_q8a};
    case DType::Q4_1: return {ActFormat::Q8A, dot_quant<dot1_q4_1>, quantize_q8a};
    case DType::Q4_K: return {ActFormat::Q8K, dot_quant<dot1_q45_k<false, BlockQ4_K>>, quantize_q8k};
    case DType::Q5_K: return {ActFormat::Q8K, dot_quant<dot1_q45_k<true, BlockQ5_K>>, quantize_q8k};
    case DType::Q6_K: return {ActFormat::Q8K, dot_quant<dot1_q6_k>, quantize_q8k};
  }
  return {};
}

#if !defined(__x86_64__)
DotKernel dot_kernel_avx2(DType t) { return dot_kernel_scalar(t); }
#endif

}  // namespace tramontane::cpu
