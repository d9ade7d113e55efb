#pragma once
// Tensor element types as stored in model files, with their block layout.
// Quantized types store blocks of block_size() elements in type_size() bytes
// (the layouts of llama.cpp's ggml, so GGUF files map directly).
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace tramontane {

enum class DType : uint8_t { F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K };

std::string_view dtype_name(DType t);          // "F32", "Q4_K", ...
std::optional<DType> dtype_from_name(std::string_view name);  // the inverse; nullopt when unknown
int64_t dtype_block_size(DType t);              // elements per block (1 for float types)
int64_t dtype_type_size(DType t);               // bytes per block
bool dtype_is_quantized(DType t);
// Bytes of a row of n elements; nullopt when n is not a multiple of the block size or overflows.
std::optional<uint64_t> dtype_row_bytes(DType t, uint64_t n);

// IEEE half and bfloat16 conversions (round to nearest even on the way down).
inline float fp16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      int e = -1;
      do { mant <<= 1; ++e; } while (!(mant & 0x400));
      bits = sign | uint32_t(127 - 15 - e) << 23 | (mant & 0x3ff) << 13;
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | mant << 13;
  } else {
    bits = sign | (exp + 127 - 15) << 23 | mant << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t f32_to_fp16(float f);

inline float bf16_to_f32(uint16_t h) {
  uint32_t bits = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

inline uint16_t f32_to_bf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if ((bits & 0x7fffffff) > 0x7f800000) return uint16_t((bits >> 16) | 0x40);  // NaN stays NaN
  bits += 0x7fff + ((bits >> 16) & 1);
  return uint16_t(bits >> 16);
}

}  // namespace tramontane
