#include "engine/core/quant.h"

#include <cstring>

namespace tramontane {

void dequantize_block_q8_0(const BlockQ8_0& b, float* y) {
  const float d = fp16_to_f32(b.d);
  for (int i = 0; i < QK8_0; ++i) y[i] = float(b.qs[i]) * d;
}

void dequantize_block_q4_0(const BlockQ4_0& b, float* y) {
  const float d = fp16_to_f32(b.d);
  for (int i = 0; i < QK4_0 / 2; ++i) {
    y[i] = d * float(int(b.qs[i] & 0xF) - 8);
    y[i + QK4_0 / 2] = d * float(int(b.qs[i] >> 4) - 8);
  }
}

void dequantize_block_q4_1(const BlockQ4_1& b, float* y) {
  const float d = fp16_to_f32(b.d);
  const float m = fp16_to_f32(b.m);
  for (int i = 0; i < QK4_1 / 2; ++i) {
    const float p0 = d * float(b.qs[i] & 0xF);
    const float p1 = d * float(b.qs[i] >> 4);
    y[i] = p0 + m;
    y[i + QK4_1 / 2] = p1 + m;
  }
}

namespace {
// Q4_K / Q5_K: sub-block j covers y[32j .. 32j + 31]; Q5_K adds bit j of qh[l] as the fifth bit.
template <class Block, bool kFifthBit>
void dequantize_block_q45_k(const Block& b, float* y) {
  const float d = fp16_to_f32(b.d);
  const float dmin = fp16_to_f32(b.dmin);
  for (int j = 0; j < QK_K / 32; ++j) {
    uint8_t sc, m;
    get_scale_min_k4(j, b.scales, &sc, &m);
    const float d1 = d * float(sc);
    const float m1 = dmin * float(m);
    const uint8_t* q = b.qs + 32 * (j / 2);
    const int shift = 4 * (j % 2);
    for (int l = 0; l < 32; ++l) {
      int v = (q[l] >> shift) & 0xF;
      if constexpr (kFifthBit) v |= ((b.qh[l] >> j) & 1) << 4;
      const float p = d1 * float(v);
      y[32 * j + l] = p - m1;
    }
  }
}
}  // namespace

void dequantize_block_q4_k(const BlockQ4_K& b, float* y) { dequantize_block_q45_k<BlockQ4_K, false>(b, y); }
void dequantize_block_q5_k(const BlockQ5_K& b, float* y) { dequantize_block_q45_k<BlockQ5_K, true>(b, y); }

void dequantize_block_q6_k(const BlockQ6_K& b, float* y) {
  const float d = fp16_to_f32(b.d);
  for (int h = 0; h < 2; ++h) {
    const uint8_t* ql = b.ql + 64 * h;
    const uint8_t* qh = b.qh + 32 * h;
    for (int j = 0; j < 128; ++j) {
      const int lo = (ql[j % 64] >> (4 * (j / 64))) & 0xF;
      const int hi = (qh[j % 32] >> (2 * (j / 32))) & 3;
      const int e = 128 * h + j;
      const float ds = d * float(b.scales[e / 16]);
      y[e] = ds * float((lo | (hi << 4)) - 32);
    }
  }
}

namespace {

template <class Block, void (*F)(const Block&, float*)>
void dequantize_blocks(const uint8_t* src, float* dst, int64_t n, int block_size) {
  const int64_t nb = n / block_size;
  for (int64_t i = 0; i < nb; ++i) {
    F(*reinterpret_cast<const Block*>(src + uint64_t(i) * sizeof(Block)), dst + i * block_size);
  }
}

}  // namespace

void dequantize_row(DType t, const uint8_t* src, float* dst, int64_t n) {
  switch (t) {
    case DType::F32:
      std::memcpy(dst, src, size_t(n) * 4);
      return;
    case DType::F16:
      for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = fp16_to_f32(h);
      }
      return;
    case DType::BF16:
      for (int64_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, src + 2 * i, 2);
        dst[i] = bf16_to_f32(h);
      }
      return;
    case DType::Q8_0: dequantize_blocks<BlockQ8_0, dequantize_block_q8_0>(src, dst, n, QK8_0); return;
    case DType::Q4_0: dequantize_blocks<BlockQ4_0, dequantize_block_q4_0>(src, dst, n, QK4_0); return;
    case DType::Q4_1: dequantize_blocks<BlockQ4_1, dequantize_block_q4_1>(src, dst, n, QK4_1); return;
    case DType::Q4_K: dequantize_blocks<BlockQ4_K, dequantize_block_q4_k>(src, dst, n, QK_K); return;
    case DType::Q5_K: dequantize_blocks<BlockQ5_K, dequantize_block_q5_k>(src, dst, n, QK_K); return;
    case DType::Q6_K: dequantize_blocks<BlockQ6_K, dequantize_block_q6_k>(src, dst, n, QK_K); return;
  }
}

}  // namespace tramontane
