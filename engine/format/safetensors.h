#pragma once
// safetensors (Hugging Face's tensor file format) and checkpoints made of such files.
//
// Layout: u64 N (little-endian) | N bytes of UTF-8 JSON header | data section (the rest of the file).
// Header: {"__metadata__": {"k": "v", ...},          optional, string values only
//          "NAME": {"dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
// Offsets are relative to the data section; shape is PyTorch order (last dimension contiguous).
//
// read_safetensors() validates everything before use (hostile-input safe), like the reference
// Rust reader, and leaves tensor data in the memory map. Rules (anything else is BadInput, with a
// message that starts with the path and names the tensor):
//   file >= 8 bytes; N <= 100,000,000 and 8 + N <= file size
//   header: valid UTF-8, a JSON object, nesting <= 64, no duplicate keys (so no duplicate names)
//   <= 1,000,000 tensors; __metadata__ (when present) an object of strings
//   dtype: F32, F16 or BF16 (other safetensors dtypes such as I64, F64, BOOL are "unsupported",
//          anything else "unknown")
//   shape: array of <= 8 integers in 0..2^63-1; the product of the non-zero dims and
//          numel * element size must not overflow
//   data_offsets: [begin, end], integers, begin <= end <= data section size,
//          end - begin == numel * element size
//   sorted by begin, the ranges tile the data section exactly: the first begins at 0, each
//          begins where the previous ended, the last ends at the end of the file (no gap,
//          no overlap, no trailing bytes: the reference reader's MetadataIncompleteBuffer).
// Tensor data is NOT necessarily aligned: an F32 tensor may start at any byte (after an F16
// tensor of odd numel, or after a header whose length is not a multiple of 8); read with memcpy.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/mapped_file.h"
#include "engine/core/status.h"
#include "engine/core/tensor.h"

namespace tramontane {

struct SafetensorsFile {
  std::shared_ptr<MappedFile> map;              // keeps the tensor bytes alive; map->path() is the path
  std::vector<TensorView> tensors;              // in the order of their data offsets
  std::map<std::string, std::string> metadata;  // the "__metadata__" object (string values)
};

// Reads and validates one .safetensors file; every error is BadInput and names `path`.
Expected<SafetensorsFile> read_safetensors(const std::string& path);

struct SafetensorsCheckpoint {
  std::vector<SafetensorsFile> files;
  std::vector<TensorView> tensors;  // all tensors of all shards (file by file); names unique
};

// The weights of a Hugging Face model directory, chosen in this order:
//   1. model.safetensors.index.json exists: its "weight_map" {tensor name: shard file} decides.
//      Shard names must be plain file names in `dir` (not empty, no '/', '\', NUL, not "." or
//      ".."); files are read in sorted name order. Every tensor the index lists must be in the
//      shard it names, and every tensor of a shard must be listed for that shard.
//   2. else model.safetensors exists: that file alone.
//   3. else every regular file (or link to one) named *.safetensors in `dir`, in sorted name order.
//   None of these: BadInput naming `dir`. Tensor names must be unique across files. Limits: the
//   index at most 64 MiB, at most 10,000 weight files.
Expected<SafetensorsCheckpoint> read_safetensors_checkpoint(const std::string& dir);

// The tensor called `name`, or nullptr. Linear search.
const TensorView* find_tensor(const std::vector<TensorView>& tensors, std::string_view name);

}  // namespace tramontane
