#pragma once
// Device-side view of the weight types of kernels/api.h (shared by dequant.cu and gemv.cu).
//
// Block layouts are llama.cpp's ggml ones, exactly as engine/core/quant.h describes them:
//   Q8_0  34 B / 32:  f16 d | int8 qs[32]                          x = qs[i] * d
//   Q4_0  18 B / 32:  f16 d | u8 qs[16] (lo nibble: 0..15, hi: 16..31)  x = d * (q - 8)
//   Q4_1  20 B / 32:  f16 d | f16 m | u8 qs[16]                    x = d * q + m
//   Q4_K 144 B / 256: f16 d | f16 dmin | scales[12] | qs[128]      x = (d*sc) * q - (dmin*m)
//   Q5_K 176 B / 256: f16 d | f16 dmin | scales[12] | qh[32] | qs[128]
//   Q6_K 210 B / 256: ql[128] | qh[64] | int8 scales[16] | f16 d   x = (d*sc) * (q6 - 32)
// Blocks are only guaranteed 2-byte alignment, so the scalar readers here use 1- and 2-byte loads.
//
// Exactness: every product in these formulas is exact in float32 (an f16 scale has 11 significant
// bits, quants and sub-block scales at most 7 + 6), so only the final add/subtract of Q4_1/Q4_K/
// Q5_K rounds. The explicit __fmul_rn/__fadd_rn/__fsub_rn keep nvcc from contracting a product and
// the following add into an FMA (which would be exact too here, but we do not rely on that).
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/api.h"

namespace tramontane::kernels::qdev {

// Elements per block and bytes per block of each type (float types: a "block" is one element).
__host__ __device__ constexpr int block_size(WType t) {
  return t == WType::F32 || t == WType::F16 || t == WType::BF16 ? 1
         : t == WType::Q8_0 || t == WType::Q4_0 || t == WType::Q4_1 ? 32
                                                                    : 256;
}
__host__ __device__ constexpr int type_size(WType t) {
  switch (t) {
    case WType::F32: return 4;
    case WType::F16: return 2;
    case WType::BF16: return 2;
    case WType::Q8_0: return 34;
    case WType::Q4_0: return 18;
    case WType::Q4_1: return 20;
    case WType::Q4_K: return 144;
    case WType::Q5_K: return 176;
    case WType::Q6_K: return 210;
  }
  return 0;
}
// Bytes of one row of `cols` elements (cols a multiple of block_size(t)).
__host__ __device__ constexpr int64_t row_bytes(WType t, int64_t cols) {
  return cols / block_size(t) * type_size(t);
}

// IEEE half bits to float32, bit-identical to tramontane::fp16_to_f32 (NaN payloads included;
// the hardware conversion may canonicalise NaNs).
__device__ __forceinline__ float f16_bits_to_f32(uint16_t h) {
  if ((h & 0x7c00u) == 0x7c00u) {  // inf / NaN
    return __uint_as_float((uint32_t(h & 0x8000u) << 16) | 0x7f800000u | (uint32_t(h & 0x3ffu) << 13));
  }
  return __half2float(__ushort_as_half(h));  // exact for finite values, subnormals included
}
__device__ __forceinline__ float bf16_bits_to_f32(uint16_t h) { return __uint_as_float(uint32_t(h) << 16); }

__device__ __forceinline__ uint16_t ld_u16(const uint8_t* p) { return __ldg(reinterpret_cast<const uint16_t*>(p)); }
__device__ __forceinline__ uint8_t ld_u8(const uint8_t* p) { return __ldg(p); }
__device__ __forceinline__ float ld_f16(const uint8_t* p) { return f16_bits_to_f32(ld_u16(p)); }

// Q4_K / Q5_K: 6-bit scale *sc and min *m of sub-block j (0..7) from the 12 packed bytes at q
// (get_scale_min_k4 in engine/core/quant.h).
__device__ __forceinline__ void scale_min_k4(int j, const uint8_t* q, int* sc, int* m) {
  if (j < 4) {
    *sc = ld_u8(q + j) & 63;
    *m = ld_u8(q + j + 4) & 63;
  } else {
    const int a = ld_u8(q + j + 4), lo = ld_u8(q + j - 4), hi = ld_u8(q + j);
    *sc = (a & 0xF) | ((lo >> 6) << 4);
    *m = (a >> 4) | ((hi >> 6) << 4);
  }
}

// Element c of a row (row points at the row's first byte): the exact float32 value of
// dequantize_row. Scalar and unvectorised: the reference path of dequant_rows and the fallback
// of gemv for unaligned operands.
template <WType T>
__device__ __forceinline__ float weight_at(const uint8_t* row, int64_t c) {
  if constexpr (T == WType::F32) {
    return __ldg(reinterpret_cast<const float*>(row) + c);
  } else if constexpr (T == WType::F16) {
    return f16_bits_to_f32(ld_u16(row + 2 * c));
  } else if constexpr (T == WType::BF16) {
    return bf16_bits_to_f32(ld_u16(row + 2 * c));
  } else if constexpr (T == WType::Q8_0) {
    const uint8_t* b = row + (c / 32) * 34;
    const int q = int8_t(ld_u8(b + 2 + c % 32));
    return __fmul_rn(__int2float_rn(q), ld_f16(b));
  } else if constexpr (T == WType::Q4_0) {
    const uint8_t* b = row + (c / 32) * 18;
    const int i = int(c % 32);
    const int byte = ld_u8(b + 2 + (i & 15));
    const int q = i < 16 ? (byte & 0xF) : (byte >> 4);
    return __fmul_rn(ld_f16(b), __int2float_rn(q - 8));
  } else if constexpr (T == WType::Q4_1) {
    const uint8_t* b = row + (c / 32) * 20;
    const int i = int(c % 32);
    const int byte = ld_u8(b + 4 + (i & 15));
    const int q = i < 16 ? (byte & 0xF) : (byte >> 4);
    return __fadd_rn(__fmul_rn(ld_f16(b), __int2float_rn(q)), ld_f16(b + 2));
  } else if constexpr (T == WType::Q4_K || T == WType::Q5_K) {
    constexpr int kBytes = T == WType::Q4_K ? 144 : 176;
    constexpr int kQs = T == WType::Q4_K ? 16 : 48;  // offset of qs in the block
    const uint8_t* b = row + (c / 256) * kBytes;
    const int e = int(c % 256), j = e / 32, l = e % 32;
    int sc, m;
    scale_min_k4(j, b + 4, &sc, &m);
    int q = (ld_u8(b + kQs + 32 * (j / 2) + l) >> (4 * (j % 2))) & 0xF;
    if constexpr (T == WType::Q5_K) q |= ((ld_u8(b + 16 + l) >> j) & 1) << 4;
    const float d1 = __fmul_rn(ld_f16(b), __int2float_rn(sc));
    const float m1 = __fmul_rn(ld_f16(b + 2), __int2float_rn(m));
    return __fsub_rn(__fmul_rn(d1, __int2float_rn(q)), m1);
  } else {  // Q6_K
    static_assert(T == WType::Q6_K);
    const uint8_t* b = row + (c / 256) * 210;
    const int e = int(c % 256), h = e / 128, j = e % 128;
    const int lo = (ld_u8(b + 64 * h + j % 64) >> (4 * (j / 64))) & 0xF;
    const int hi = (ld_u8(b + 128 + 32 * h + j % 32) >> (2 * (j / 32))) & 3;
    const float ds = __fmul_rn(ld_f16(b + 208), __int2float_rn(int8_t(ld_u8(b + 192 + e / 16))));
    return __fmul_rn(ds, __int2float_rn((lo | (hi << 4)) - 32));
  }
}

}  // namespace tramontane::kernels::qdev
