#pragma once
// GGUF (llama.cpp's model file format), versions 2 and 3, little-endian.
//
// Layout: "GGUF" | u32 version | u64 n_tensors | u64 n_kv | n_kv x (string key, u32 type, value)
//         | n_tensors x (string name, u32 n_dims, u64 ne[n_dims], u32 ggml_type, u64 offset)
//         | padding to general.alignment | tensor data (offsets relative to data_offset).
// Strings are u64 length + bytes; arrays are u32 element type + u64 count + elements.
//
// read_gguf() validates everything against the file before use (hostile-input safe) and
// leaves tensor data in the memory map. Documented limits (anything beyond is BadInput):
//   n_tensors <= 1,000,000; n_kv <= 1,000,000
//   keys: 1..65,535 bytes, valid UTF-8, unique; tensor names: 1..65,536 bytes, valid UTF-8, unique
//   string values: <= 64 MiB each; array elements: <= 16,777,216 in the whole file (nested included),
//   of which <= 65,536 are arrays; arrays nest at most 3 deep (array of arrays of arrays of scalars)
//   n_dims 1..4; every ne >= 1; element and byte counts without overflow; ne[0] a multiple of
//   the type's block size; tensor types F32 F16 BF16 Q8_0 Q4_0 Q4_1 Q4_K Q5_K Q6_K only
//   general.alignment: UINT32, a power of two in 8..65,536 (the spec requires a multiple of 8);
//   default 32; every tensor offset a multiple of it; tensor data inside the file, not overlapping
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/mapped_file.h"
#include "engine/core/status.h"
#include "engine/core/tensor.h"
#include "engine/model/config.h"

namespace tramontane {

enum class GgufType : uint32_t {
  UINT8 = 0, INT8, UINT16, INT16, UINT32, INT32, FLOAT32, BOOL, STRING, ARRAY, UINT64, INT64, FLOAT64
};

const char* gguf_type_name(GgufType t);  // "UINT32", "ARRAY", ...

// One metadata value. Scalars use one field by type; arrays fill the vector of their element kind.
struct GgufValue {
  GgufType type = GgufType::UINT8;
  uint64_t u = 0;        // UINT8, UINT16, UINT32, UINT64, BOOL (0 or 1)
  int64_t i = 0;         // INT8, INT16, INT32, INT64
  double f = 0.0;        // FLOAT32 (exactly widened), FLOAT64
  std::string s;         // STRING: the raw bytes (not checked to be UTF-8)

  GgufType array_type = GgufType::UINT8;   // ARRAY: the element type
  std::vector<uint64_t> uints;             //   elements of UINT*/BOOL arrays
  std::vector<int64_t> ints;               //   elements of INT* arrays
  std::vector<double> floats;              //   elements of FLOAT32/FLOAT64 arrays
  std::vector<std::string> strings;        //   elements of STRING arrays
  std::vector<GgufValue> arrays;           //   elements of ARRAY arrays

  bool is_array() const { return type == GgufType::ARRAY; }
  uint64_t array_size() const;             // element count of an ARRAY (0 for scalars)
};

struct GgufFile {
  std::string path;                        // as given to read_gguf; messages name it
  std::shared_ptr<MappedFile> map;         // keeps the tensor bytes alive
  uint32_t version = 0;                    // 2 or 3
  uint64_t alignment = 32;
  uint64_t data_offset = 0;                // start of the tensor data section in the file
  std::map<std::string, GgufValue> metadata;
  // In file order. Shapes in PyTorch order (ne reversed); data points into the map.
  std::vector<TensorView> tensors;

  const GgufValue* find(const std::string& key) const;   // nullptr when absent
  const TensorView* find_tensor(const std::string& name) const;

  // Typed lookups: nullopt when the key is absent or its value does not fit the request.
  std::optional<std::string> get_string(const std::string& key) const;       // STRING
  std::optional<uint64_t> get_uint(const std::string& key) const;            // any integer type >= 0
  std::optional<int64_t> get_int(const std::string& key) const;             // any integer type in int64
  std::optional<double> get_float(const std::string& key) const;             // FLOAT32/64 or any integer
  std::optional<bool> get_bool(const std::string& key) const;                // BOOL
  std::optional<std::vector<std::string>> get_string_array(const std::string& key) const;
  std::optional<std::vector<float>> get_float_array(const std::string& key) const;   // FLOAT32/64 elements
  std::optional<std::vector<int64_t>> get_int_array(const std::string& key) const;   // integer elements
};

// Reads and validates a GGUF file; every error is BadInput and its message starts with `path`.
Expected<GgufFile> read_gguf(const std::string& path);

// llama.cpp's "llama"/"mistral" keys -> ModelConfig (validated). rope_interleaved = true, since
// llama.cpp's converter permutes the Q/K rows for pairwise RoPE. Required keys:
// {arch}.embedding_length, feed_forward_length, block_count, attention.head_count,
// attention.layer_norm_rms_epsilon, context_length. Optional: attention.head_count_kv (= heads),
// attention.key_length (= n_embd / n_head), rope.freq_base (10000), attention.sliding_window
// (0/absent = none), tokenizer.ggml.bos_token_id / eos_token_id. n_vocab from
// tokenizer.ggml.tokens or the rows of token_embd.weight; tie_embeddings when output.weight is
// absent. Rejected: another architecture, a value of the wrong type, RoPE scaling, partial RoPE.
Expected<ModelConfig> gguf_model_config(const GgufFile& f);

}  // namespace tramontane
