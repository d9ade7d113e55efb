#pragma once
// A view of one tensor inside a memory-mapped model file. Never owns its bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/dtype.h"

namespace tramontane {

struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  // PyTorch order: shape.back() is the contiguous dimension (a GGUF's ne[] reversed).
  // A weight of nn.Linear(in, out) is [out, in]: `rows()` outputs of `cols()` inputs.
  std::vector<int64_t> shape;
  const uint8_t* data = nullptr;
  uint64_t nbytes = 0;

  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
  int64_t cols() const { return shape.empty() ? 1 : shape.back(); }
  int64_t rows() const { return cols() == 0 ? 0 : numel() / cols(); }
  uint64_t row_bytes() const {
    const int64_t r = rows();
    return r == 0 ? 0 : nbytes / uint64_t(r);
  }
  const uint8_t* row(int64_t r) const { return data + uint64_t(r) * row_bytes(); }
};

std::string shape_string(const std::vector<int64_t>& shape);  // "[4096, 32000]"

}  // namespace tramontane
