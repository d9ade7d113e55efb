#pragma once
// Quantized block layouts (byte-compatible with llama.cpp's ggml, so GGUF tensors are used
// in place) and exact dequantization to float32.
//
// Exactness: dequantize_row() gives the same float32 bits as the `gguf` Python package's
// gguf.quants.dequantize (and ggml's dequantize_row_*), e.g. Q4_K is (d * sc) * q - (dmin * m).
// Every product there is exact in float32: an f16 scale has at most 11 significant bits, times
// an int8 quant (7 bits) for Q8_0, or a sub-block scale (<= 7 bits) and a quant (<= 5 bits) for
// the K-quants: at most 24 bits. Only the final add or subtract of Q4_1/Q4_K/Q5_K rounds, so the
// result cannot depend on operation order or FMA contraction.
//
// A block's f16 fields are raw IEEE half bits (uint16_t); read them with fp16_to_f32().
// Blocks need 2-byte alignment: every block size is even and the GGUF reader starts every
// tensor at a multiple of the file's alignment (at least 8).
#include <cstdint>

#include "engine/core/dtype.h"

namespace tramontane {

constexpr int QK8_0 = 32;          // elements per Q8_0 block
constexpr int QK4_0 = 32;          // elements per Q4_0 block
constexpr int QK4_1 = 32;          // elements per Q4_1 block
constexpr int QK_K = 256;          // elements per K-quant super-block
constexpr int K_SCALE_SIZE = 12;   // bytes of packed 6-bit scales and mins in Q4_K / Q5_K

// Q8_0: x[i] = d * qs[i].
struct BlockQ8_0 {
  uint16_t d;          // f16 scale
  int8_t qs[QK8_0];
};

// Q4_0: x[i] = d * (q[i] - 8); q[i] = qs[i] & 0xF for i < 16, qs[i - 16] >> 4 otherwise.
struct BlockQ4_0 {
  uint16_t d;              // f16 scale
  uint8_t qs[QK4_0 / 2];   // low nibbles: elements 0..15, high nibbles: 16..31
};

// Q4_1: x[i] = d * q[i] + m, nibbles as Q4_0.
struct BlockQ4_1 {
  uint16_t d;              // f16 scale
  uint16_t m;              // f16 minimum
  uint8_t qs[QK4_1 / 2];
};

// Q4_K: 8 sub-blocks of 32; sub-block j has a 6-bit scale sc[j] and 6-bit min m[j]
// (see get_scale_min_k4): x = (d * sc[j]) * q - (dmin * m[j]).
// qs is 4 chunks of 32 bytes; chunk c holds sub-block 2c in its low nibbles and 2c+1 in its
// high nibbles. Example: element 100 = sub-block 3, lane 4 -> qs[32 + 4] >> 4.
struct BlockQ4_K {
  uint16_t d;                      // f16 super-block scale of the scales
  uint16_t dmin;                   // f16 super-block scale of the mins
  uint8_t scales[K_SCALE_SIZE];    // 8 x (6-bit scale, 6-bit min), packed
  uint8_t qs[QK_K / 2];            // 4-bit quants
};

// Q5_K: as Q4_K with a fifth bit: element (sub-block j, lane l) adds ((qh[l] >> j) & 1) << 4.
struct BlockQ5_K {
  uint16_t d;
  uint16_t dmin;
  uint8_t scales[K_SCALE_SIZE];
  uint8_t qh[QK_K / 8];            // high bits: bit j of qh[l] belongs to sub-block j, lane l
  uint8_t qs[QK_K / 2];            // low 4 bits, laid out as in Q4_K
};

// Q6_K: 16 sub-blocks of 16 with int8 scales: x = (d * scales[i / 16]) * (q6 - 32).
// Two halves of 128 elements; in half h, element j (0..127) has
//   low 4 bits  = (ql[64h + j % 64] >> (4 * (j / 64))) & 0xF
//   high 2 bits = (qh[32h + j % 32] >> (2 * (j / 32))) & 3
struct BlockQ6_K {
  uint8_t ql[QK_K / 2];
  uint8_t qh[QK_K / 4];
  int8_t scales[QK_K / 16];
  uint16_t d;                      // f16 super-block scale
};

static_assert(sizeof(BlockQ8_0) == 2 + QK8_0, "Q8_0 block must match ggml (34 bytes)");
static_assert(sizeof(BlockQ4_0) == 2 + QK4_0 / 2, "Q4_0 block must match ggml (18 bytes)");
static_assert(sizeof(BlockQ4_1) == 4 + QK4_1 / 2, "Q4_1 block must match ggml (20 bytes)");
static_assert(sizeof(BlockQ4_K) == 4 + K_SCALE_SIZE + QK_K / 2, "Q4_K block must match ggml (144 bytes)");
static_assert(sizeof(BlockQ5_K) == 4 + K_SCALE_SIZE + QK_K / 8 + QK_K / 2, "Q5_K block must match ggml (176 bytes)");
static_assert(sizeof(BlockQ6_K) == QK_K / 2 + QK_K / 4 + QK_K / 16 + 2, "Q6_K block must match ggml (210 bytes)");
// dtype_type_size() is not constexpr (dtype.cpp); test_gguf checks it equals these sizes.

// Unpacks the 6-bit scale *d and min *m of sub-block j (0..7) from Q4_K/Q5_K `scales`.
// Bytes 0..3: scales 0..3 in bits 0..5, high 2 bits of scales 4..7 in bits 6..7;
// bytes 4..7: mins 0..3 likewise with high bits of mins 4..7;
// bytes 8..11: low 4 bits of scale 4+i (bits 0..3) and of min 4+i (bits 4..7).
inline void get_scale_min_k4(int j, const uint8_t* q, uint8_t* d, uint8_t* m) {
  if (j < 4) {
    *d = q[j] & 63;
    *m = q[j + 4] & 63;
  } else {
    *d = uint8_t((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
    *m = uint8_t((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
  }
}

// One block to float32: y receives the block's 32 (Q8_0/Q4_0/Q4_1) or 256 (K-quants) values.
void dequantize_block_q8_0(const BlockQ8_0& b, float* y);
void dequantize_block_q4_0(const BlockQ4_0& b, float* y);
void dequantize_block_q4_1(const BlockQ4_1& b, float* y);
void dequantize_block_q4_k(const BlockQ4_K& b, float* y);
void dequantize_block_q5_k(const BlockQ5_K& b, float* y);
void dequantize_block_q6_k(const BlockQ6_K& b, float* y);

// n elements of type t at src (n a multiple of dtype_block_size(t); src holds
// dtype_row_bytes(t, n) bytes) to n float32 values at dst. Works for every DType.
void dequantize_row(DType t, const uint8_t* src, float* dst, int64_t n);

}  // namespace tramontane
