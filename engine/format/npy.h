#pragma once
// NumPy .npy files (format 1.0/2.0/3.0 read, 1.0 written): little-endian float32 / float64, C order.
// Used for logits outputs (`tramontane-cli logits --out`) and reference fixtures in tests.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace tramontane {

// Writes `data` (prod(shape) floats, C order) as NumPy format 1.0 '<f4'.
// A 0-d array is shape {}; an I/O failure is a BadInput error naming the path.
Status write_npy_f32(const std::string& path, const float* data, const std::vector<int64_t>& shape);

struct NpyArray {
  std::vector<int64_t> shape;   // C order; {} for a 0-d array
  bool is_f64 = false;          // the file's dtype: '<f8' (f64 filled) or '<f4' (f32 filled)
  std::vector<float> f32;
  std::vector<double> f64;

  int64_t numel() const;
  // Element i as double, whichever dtype the file had.
  double at(int64_t i) const { return is_f64 ? f64[size_t(i)] : double(f32[size_t(i)]); }
};

// Reads a '<f4' or '<f8' C-order array (at most 1 GiB of data). Everything is checked
// against the file size first: magic, version, header length, the header dict ('descr',
// 'fortran_order', 'shape'), the shape's product (overflow-checked) and the data length.
// Errors are BadInput and name the path and the problem.
Expected<NpyArray> read_npy(const std::string& path);

}  // namespace tramontane
