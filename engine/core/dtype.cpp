#include "engine/core/dtype.h"

#include "engine/core/checked_math.h"

namespace tramontane {

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::Q8_0: return "Q8_0";
    case DType::Q4_0: return "Q4_0";
    case DType::Q4_1: return "Q4_1";
    case DType::Q4_K: return "Q4_K";
    case DType::Q5_K: return "Q5_K";
    case DType::Q6_K: return "Q6_K";
  }
  return "?";
}

int64_t dtype_block_size(DType t) {
  switch (t) {
    case DType::F32: case DType::F16: case DType::BF16: return 1;
    case DType::Q8_0: case DType::Q4_0: case DType::Q4_1: return 32;
    case DType::Q4_K: case DType::Q5_K: case DType::Q6_K: return 256;
  }
  return 1;
}

int64_t dtype_type_size(DType t) {
  switch (t) {
    case DType::F32: return 4;
    case DType::F16: case DType::BF16: return 2;
    case DType::Q8_0: return 2 + 32;          // f16 scale, 32 x int8
    case DType::Q4_0: return 2 + 16;          // f16 scale, 32 x 4 bit
    case DType::Q4_1: return 2 + 2 + 16;      // f16 scale, f16 min, 32 x 4 bit
    case DType::Q4_K: return 2 + 2 + 12 + 128;        // d, dmin, 8 x (6-bit scale, 6-bit min), 256 x 4 bit
    case DType::Q5_K: return 2 + 2 + 12 + 32 + 128;   // as Q4_K plus 256 high bits
    case DType::Q6_K: return 128 + 64 + 16 + 2;       // 256 x 4 low bits, 2 high bits, 16 int8 scales, f16 d
  }
  return 0;
}

bool dtype_is_quantized(DType t) { return dtype_block_size(t) > 1; }

std::optional<uint64_t> dtype_row_bytes(DType t, uint64_t n) {
  const uint64_t bs = uint64_t(dtype_block_size(t));
  if (n % bs != 0) return std::nullopt;
  return checked_mul(n / bs, uint64_t(dtype_type_size(t)));
}

uint16_t f32_to_fp16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  const uint16_t sign = uint16_t((x >> 16) & 0x8000);
  const uint32_t ax = x & 0x7fffffff;
  if (ax > 0x7f800000) return sign | 0x7e00;            // NaN
  if (ax >= 0x477ff000) return sign | 0x7c00;           // rounds to +-inf
  if (ax < 0x33000001) return sign;                     // rounds to +-0
  uint32_t exp = ax >> 23;
  uint32_t mant = ax & 0x7fffff;
  if (exp < 113) {  // result is subnormal in half
    mant |= 0x800000;
    const uint32_t shift = 126 - exp;  // 14..24
    uint32_t h = mant >> shift;
    const uint32_t rem = mant & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) ++h;
    return sign | uint16_t(h);
  }
  uint32_t h = ((exp - 112) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;  // carry may round up into the exponent
  return sign | uint16_t(h);
}

std::optional<DType> dtype_from_name(std::string_view name) {
  for (DType d : {DType::F32, DType::F16, DType::BF16, DType::Q8_0, DType::Q4_0, DType::Q4_1, DType::Q4_K, DType::Q5_K,
                  DType::Q6_K})
    if (dtype_name(d) == name) return d;
  return std::nullopt;
}

}  // namespace tramontane
