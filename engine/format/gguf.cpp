// GGUF reader: parses header, metadata and tensor infos from the memory map, checking every
// length, count and offset against the bytes that remain (see the limits in gguf.h).
#include "engine/format/gguf.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

#include "engine/core/checked_math.h"
#include "engine/core/text.h"

namespace tramontane {

namespace {

constexpr uint64_t kMaxTensors = 1'000'000;
constexpr uint64_t kMaxKv = 1'000'000;
constexpr uint64_t kMaxKeyBytes = 65'535;
constexpr uint64_t kMaxNameBytes = 65'536;
constexpr uint64_t kMaxStringBytes = 64ull << 20;
constexpr uint64_t kMaxArrayElements = 1ull << 24;  // in the whole file
constexpr uint64_t kMaxNestedArrays = 65'536;     // in the whole file (a GgufValue is ~200 bytes)
constexpr int kMaxArrayDepth = 3;
constexpr uint32_t kMaxDims = 4;
constexpr uint64_t kMinAlignment = 8;
constexpr uint64_t kMaxAlignment = 65'536;
constexpr uint64_t kDefaultAlignment = 32;
// Smallest encodings, used to bound counts before anything is reserved.
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;  // empty name, 1 dim, type, offset

// GGML tensor type ids (ggml.h) -> our DType; names of the ids we refuse, for the message.
std::optional<DType> dtype_from_ggml(uint32_t id) {
  switch (id) {
    case 0: return DType::F32;
    case 1: return DType::F16;
    case 2: return DType::Q4_0;
    case 3: return DType::Q4_1;
    case 8: return DType::Q8_0;
    case 12: return DType::Q4_K;
    case 13: return DType::Q5_K;
    case 14: return DType::Q6_K;
    case 30: return DType::BF16;
    default: return std::nullopt;
  }
}

const char* ggml_type_name(uint32_t id) {
  static const char* names[] = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0",
                                "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS",
                                "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8",
                                "I16", "I32", "I64", "F64", "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8",
                                "Q4_0_8_8", "TQ1_0", "TQ2_0"};
  return id < sizeof(names) / sizeof(names[0]) ? names[id] : "unknown";
}

uint64_t scalar_size(GgufType t) {
  switch (t) {
    case GgufType::UINT8: case GgufType::INT8: case GgufType::BOOL: return 1;
    case GgufType::UINT16: case GgufType::INT16: return 2;
    case GgufType::UINT32: case GgufType::INT32: case GgufType::FLOAT32: return 4;
    case GgufType::UINT64: case GgufType::INT64: case GgufType::FLOAT64: return 8;
    case GgufType::STRING: return 8;   // at least its length field
    case GgufType::ARRAY: return 12;   // at least its type and count
  }
  return 1;
}

// Cursor over the mapped bytes. Every read checks the bytes left; failures throw BadInput.
class Reader {
 public:
  Reader(const std::string& path, const uint8_t* data, uint64_t size) : path_(path), data_(data), size_(size) {}

  [[noreturn]] void fail(const std::string& what) const { throw_bad_input(path_ + ": " + what); }
  uint64_t pos() const { return pos_; }
  uint64_t left() const { return size_ - pos_; }

  // ctx + suffix names what is read; the message is only built on failure.
  const uint8_t* take(uint64_t n, const std::string& ctx, const char* suffix = "") {
    if (n > left())
      fail("truncated: " + ctx + suffix + " needs " + std::to_string(n) + " bytes at offset " + std::to_string(pos_) +
           ", the file has " + std::to_string(left()) + " left");
    const uint8_t* p = data_ + pos_;
    pos_ += n;
    return p;
  }
  template <class T>
  T read(const std::string& ctx, const char* suffix = "") {
    T v;
    std::memcpy(&v, take(sizeof(T), ctx, suffix), sizeof(T));
    return v;
  }
  std::string read_string(const std::string& ctx, uint64_t max_bytes) {
    const uint64_t len = read<uint64_t>(ctx, " (string length)");
    if (len > left())
      fail(ctx + ": string of " + std::to_string(len) + " bytes exceeds the file (" + std::to_string(left()) +
           " bytes left)");
    if (len > max_bytes)
      fail(ctx + ": string of " + std::to_string(len) + " bytes exceeds the limit of " +
           std::to_string(max_bytes));
    const uint8_t* p = take(len, ctx);
    return std::string(reinterpret_cast<const char*>(p), size_t(len));
  }

  GgufValue read_value(GgufType type, const std::string& ctx, int depth);

 private:
  // Scalars of one kind, widened: unsigned (and BOOL), signed, floating point.
  uint64_t read_unsigned(GgufType t, const std::string& ctx) {
    switch (t) {
      case GgufType::UINT8: return read<uint8_t>(ctx);
      case GgufType::UINT16: return read<uint16_t>(ctx);
      case GgufType::UINT32: return read<uint32_t>(ctx);
      case GgufType::BOOL: {
        const uint8_t b = read<uint8_t>(ctx);
        if (b > 1) fail(ctx + ": BOOL value " + std::to_string(b) + " is not 0 or 1");
        return b;
      }
      default: return read<uint64_t>(ctx);
    }
  }
  int64_t read_signed(GgufType t, const std::string& ctx) {
    switch (t) {
      case GgufType::INT8: return read<int8_t>(ctx);
      case GgufType::INT16: return read<int16_t>(ctx);
      case GgufType::INT32: return read<int32_t>(ctx);
      default: return read<int64_t>(ctx);
    }
  }
  double read_floating(GgufType t, const std::string& ctx) {
    return t == GgufType::FLOAT32 ? double(read<float>(ctx)) : read<double>(ctx);
  }
  void read_array(GgufValue& v, const std::string& ctx, int depth);

  const std::string& path_;
  const uint8_t* data_;
  uint64_t size_;
  uint64_t pos_ = 0;
  uint64_t array_elements_ = 0;  // all array elements read so far
  uint64_t nested_arrays_ = 0;   // array elements that are arrays themselves
};

GgufType checked_type(Reader& r, uint32_t raw, const std::string& ctx) {
  if (raw > uint32_t(GgufType::FLOAT64)) r.fail(ctx + ": unknown value type " + std::to_string(raw));
  return GgufType(raw);
}

enum class Kind { Unsigned, Signed, Floating, String, Array };

Kind kind_of(GgufType t) {
  switch (t) {
    case GgufType::UINT8: case GgufType::UINT16: case GgufType::UINT32: case GgufType::UINT64:
    case GgufType::BOOL: return Kind::Unsigned;
    case GgufType::INT8: case GgufType::INT16: case GgufType::INT32: case GgufType::INT64: return Kind::Signed;
    case GgufType::FLOAT32: case GgufType::FLOAT64: return Kind::Floating;
    case GgufType::STRING: return Kind::String;
    case GgufType::ARRAY: return Kind::Array;
  }
  return Kind::Unsigned;
}

// depth: how many arrays enclose this value.
GgufValue Reader::read_value(GgufType type, const std::string& ctx, int depth) {
  GgufValue v;
  v.type = type;
  switch (kind_of(type)) {
    case Kind::Unsigned: v.u = read_unsigned(type, ctx); break;
    case Kind::Signed: v.i = read_signed(type, ctx); break;
    case Kind::Floating: v.f = read_floating(type, ctx); break;
    case Kind::String: v.s = read_string(ctx, kMaxStringBytes); break;
    case Kind::Array: read_array(v, ctx, depth + 1); break;
  }
  return v;
}

// An array header (element type, count), then its elements; reserves only after checking that
// count elements of the smallest encoding fit in the bytes left.
void Reader::read_array(GgufValue& v, const std::string& ctx, int depth) {
  if (depth > kMaxArrayDepth)
    fail(ctx + ": arrays nested more than " + std::to_string(kMaxArrayDepth) + " deep");
  v.array_type = checked_type(*this, read<uint32_t>(ctx + " (array type)"), ctx + " (array element)");
  const uint64_t count = read<uint64_t>(ctx + " (array count)");
  const std::string what = v.array_type == GgufType::STRING  ? "strings"
                           : v.array_type == GgufType::ARRAY ? "arrays"
                                                             : std::string(gguf_type_name(v.array_type)) + " values";
  if (count > left() / scalar_size(v.array_type))
    fail(ctx + ": array of " + std::to_string(count) + " " + what + " exceeds the file (" + std::to_string(left()) +
         " bytes left)");
  array_elements_ += count;  // no overflow: every count is below the file size
  if (array_elements_ > kMaxArrayElements)
    fail(ctx + ": more than " + std::to_string(kMaxArrayElements) + " array elements in the file");
  if (v.array_type == GgufType::ARRAY) {
    nested_arrays_ += count;
    if (nested_arrays_ > kMaxNestedArrays)
      fail(ctx + ": more than " + std::to_string(kMaxNestedArrays) + " nested arrays in the file");
  }
  const size_t n = size_t(count);
  switch (kind_of(v.array_type)) {
    case Kind::Unsigned:
      v.uints.reserve(n);
      for (size_t k = 0; k < n; ++k) v.uints.push_back(read_unsigned(v.array_type, ctx));
      break;
    case Kind::Signed:
      v.ints.reserve(n);
      for (size_t k = 0; k < n; ++k) v.ints.push_back(read_signed(v.array_type, ctx));
      break;
    case Kind::Floating:
      v.floats.reserve(n);
      for (size_t k = 0; k < n; ++k) v.floats.push_back(read_floating(v.array_type, ctx));
      break;
    case Kind::String:
      v.strings.reserve(n);
      for (size_t k = 0; k < n; ++k) v.strings.push_back(read_string(ctx, kMaxStringBytes));
      break;
    case Kind::Array:
      v.arrays.reserve(n);
      for (size_t k = 0; k < n; ++k) v.arrays.push_back(read_value(GgufType::ARRAY, ctx, depth));
      break;
  }
}

std::string dims_string(const std::vector<uint64_t>& ne) {
  std::string s = "[";
  for (size_t k = 0; k < ne.size(); ++k) s += (k ? ", " : "") + std::to_string(ne[k]);
  return s + "]";
}

struct TensorRange {
  uint64_t begin, end;  // absolute file offsets
  size_t index;
};

GgufFile parse(const std::string& path, std::shared_ptr<MappedFile> map) {
  GgufFile f;
  f.path = path;
  f.map = map;
  Reader r(path, map->data(), map->size());
  if (map->size() == 0) r.fail("file is empty (0 bytes), not a GGUF file");
  if (map->size() < 4) r.fail("not a GGUF file (" + std::to_string(map->size()) + " bytes)");

  // --- header
  const uint8_t* magic = r.take(4, "magic");
  if (std::memcmp(magic, "GGUF", 4) != 0)
    r.fail("not a GGUF file (magic '" + escape_for_message(std::string_view(reinterpret_cast<const char*>(magic), 4)) +
           "', expected 'GGUF')");
  f.version = r.read<uint32_t>("header version");
  if (f.version == 1) r.fail("GGUF version 1 is not supported (only versions 2 and 3)");
  if (f.version == 0x02000000u || f.version == 0x03000000u) r.fail("big-endian GGUF files are not supported");
  if (f.version != 2 && f.version != 3)
    r.fail("unsupported GGUF version " + std::to_string(f.version) + " (only versions 2 and 3)");
  const uint64_t n_tensors = r.read<uint64_t>("header tensor count");
  const uint64_t n_kv = r.read<uint64_t>("header metadata count");
  if (n_tensors > kMaxTensors)
    r.fail("tensor count " + std::to_string(n_tensors) + " exceeds the limit of " + std::to_string(kMaxTensors));
  if (n_kv > kMaxKv)
    r.fail("metadata count " + std::to_string(n_kv) + " exceeds the limit of " + std::to_string(kMaxKv));

  // --- metadata
  for (uint64_t k = 0; k < n_kv; ++k) {
    const std::string key = r.read_string("metadata key #" + std::to_string(k), kMaxKeyBytes);
    if (key.empty()) r.fail("metadata key #" + std::to_string(k) + " is empty");
    if (!is_valid_utf8(key)) r.fail("metadata key '" + escape_for_message(key) + "' is not valid UTF-8");
    const std::string ctx = "metadata key '" + escape_for_message(key) + "'";
    if (f.metadata.count(key)) r.fail("duplicate " + ctx);
    const GgufType type = checked_type(r, r.read<uint32_t>(ctx + " (value type)"), ctx);
    f.metadata.emplace(key, r.read_value(type, ctx, 0));
  }

  if (const GgufValue* a = f.find("general.alignment")) {
    if (a->type != GgufType::UINT32)
      r.fail(std::string("general.alignment has type ") + gguf_type_name(a->type) + ", expected UINT32");
    const uint64_t al = a->u;
    if (al < kMinAlignment || al > kMaxAlignment || (al & (al - 1)) != 0)
      r.fail("general.alignment " + std::to_string(al) + " is not a power of two between " +
             std::to_string(kMinAlignment) + " and " + std::to_string(kMaxAlignment));
    f.alignment = al;
  } else {
    f.alignment = kDefaultAlignment;
  }

  // --- tensor infos
  if (n_tensors > r.left() / kMinTensorInfoBytes)
    r.fail(std::to_string(n_tensors) + " tensor infos need at least " +
           std::to_string(n_tensors * kMinTensorInfoBytes) + " bytes, the file has " + std::to_string(r.left()) +
           " left");
  f.tensors.reserve(size_t(n_tensors));
  std::vector<uint64_t> offsets;
  offsets.reserve(size_t(n_tensors));
  std::set<std::string> names;
  for (uint64_t k = 0; k < n_tensors; ++k) {
    TensorView t;
    t.name = r.read_string("tensor #" + std::to_string(k) + " name", kMaxNameBytes);
    if (t.name.empty()) r.fail("tensor #" + std::to_string(k) + " has an empty name");
    if (!is_valid_utf8(t.name)) r.fail("tensor name '" + escape_for_message(t.name) + "' is not valid UTF-8");
    const std::string ctx = "tensor '" + escape_for_message(t.name) + "'";
    if (!names.insert(t.name).second) r.fail("duplicate " + ctx);
    const uint32_t n_dims = r.read<uint32_t>(ctx + " n_dims");
    if (n_dims < 1 || n_dims > kMaxDims)
      r.fail(ctx + ": n_dims " + std::to_string(n_dims) + " is not in 1.." + std::to_string(kMaxDims));
    std::vector<uint64_t> ne(n_dims);
    uint64_t numel = 1;
    for (uint32_t d = 0; d < n_dims; ++d) ne[d] = r.read<uint64_t>(ctx + " dimensions");
    for (uint32_t d = 0; d < n_dims; ++d) {
      if (ne[d] == 0) r.fail(ctx + ": dimension " + std::to_string(d) + " of " + dims_string(ne) + " is zero");
      const auto m = checked_mul(numel, ne[d]);
      if (!m || *m > uint64_t(std::numeric_limits<int64_t>::max()))
        r.fail(ctx + ": dimensions " + dims_string(ne) + " overflow the element count");
      numel = *m;
    }
    const uint32_t type_id = r.read<uint32_t>(ctx + " type");
    const auto dtype = dtype_from_ggml(type_id);
    if (!dtype)
      r.fail(ctx + ": GGML type " + std::to_string(type_id) + " (" + ggml_type_name(type_id) +
             ") is not supported (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K)");
    t.dtype = *dtype;
    const auto row_bytes = dtype_row_bytes(t.dtype, ne[0]);
    if (!row_bytes)
      r.fail(ctx + ": first dimension " + std::to_string(ne[0]) + " is not a multiple of the " +
             std::string(dtype_name(t.dtype)) + " block size " + std::to_string(dtype_block_size(t.dtype)));
    const auto nbytes = checked_mul(*row_bytes, numel / ne[0]);
    if (!nbytes) r.fail(ctx + ": dimensions " + dims_string(ne) + " overflow the byte count");
    t.nbytes = *nbytes;
    for (uint32_t d = n_dims; d-- > 0;) t.shape.push_back(int64_t(ne[d]));
    offsets.push_back(r.read<uint64_t>(ctx + " offset"));
    f.tensors.push_back(std::move(t));
  }

  // --- tensor data: aligned, inside the file, no two tensors sharing bytes
  const auto data_offset = checked_add(r.pos(), f.alignment - 1);
  f.data_offset = *data_offset / f.alignment * f.alignment;  // pos() < file size: no overflow
  std::vector<TensorRange> ranges;
  ranges.reserve(f.tensors.size());
  for (size_t k = 0; k < f.tensors.size(); ++k) {
    TensorView& t = f.tensors[k];
    const std::string ctx = "tensor '" + escape_for_message(t.name) + "'";
    if (offsets[k] % f.alignment != 0)
      r.fail(ctx + ": data offset " + std::to_string(offsets[k]) + " is not a multiple of the alignment " +
             std::to_string(f.alignment));
    const auto begin = checked_add(f.data_offset, offsets[k]);
    const auto end = begin ? checked_add(*begin, t.nbytes) : std::nullopt;
    if (!end || *end > map->size()) {
      const std::string range = end ? std::to_string(*begin) + ".." + std::to_string(*end)
                                    : std::to_string(f.data_offset) + " + " + std::to_string(offsets[k]) + " + " +
                                          std::to_string(t.nbytes) + " (overflow)";
      r.fail(ctx + ": data range " + range + " ends past the file (" + std::to_string(map->size()) + " bytes)");
    }
    t.data = map->data() + *begin;
    ranges.push_back({*begin, *end, k});
  }
  std::sort(ranges.begin(), ranges.end(), [](const TensorRange& a, const TensorRange& b) { return a.begin < b.begin; });
  for (size_t k = 1; k < ranges.size(); ++k) {
    if (ranges[k].begin < ranges[k - 1].end) {
      const TensorRange& a = ranges[k - 1];
      const TensorRange& b = ranges[k];
      r.fail("tensors '" + escape_for_message(f.tensors[a.index].name) + "' (bytes " + std::to_string(a.begin) + ".." +
             std::to_string(a.end) + ") and '" + escape_for_message(f.tensors[b.index].name) + "' (bytes " +
             std::to_string(b.begin) + ".." + std::to_string(b.end) + ") overlap");
    }
  }
  return f;
}

}  // namespace

const char* gguf_type_name(GgufType t) {
  static const char* names[] = {"UINT8",  "INT8", "UINT16", "INT16",  "UINT32", "INT32", "FLOAT32",
                                "BOOL",   "STRING", "ARRAY", "UINT64", "INT64",  "FLOAT64"};
  const auto i = uint32_t(t);
  return i < sizeof(names) / sizeof(names[0]) ? names[i] : "?";
}

uint64_t GgufValue::array_size() const {
  if (type != GgufType::ARRAY) return 0;
  return uints.size() + ints.size() + floats.size() + strings.size() + arrays.size();
}

const GgufValue* GgufFile::find(const std::string& key) const {
  const auto it = metadata.find(key);
  return it == metadata.end() ? nullptr : &it->second;
}

const TensorView* GgufFile::find_tensor(const std::string& name) const {
  for (const TensorView& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

bool is_unsigned(GgufType t) {
  return t == GgufType::UINT8 || t == GgufType::UINT16 || t == GgufType::UINT32 || t == GgufType::UINT64;
}
bool is_signed(GgufType t) {
  return t == GgufType::INT8 || t == GgufType::INT16 || t == GgufType::INT32 || t == GgufType::INT64;
}
bool is_float(GgufType t) { return t == GgufType::FLOAT32 || t == GgufType::FLOAT64; }

}  // namespace

std::optional<std::string> GgufFile::get_string(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v || v->type != GgufType::STRING) return std::nullopt;
  return v->s;
}

std::optional<uint64_t> GgufFile::get_uint(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (is_unsigned(v->type)) return v->u;
  if (is_signed(v->type) && v->i >= 0) return uint64_t(v->i);
  return std::nullopt;
}

std::optional<int64_t> GgufFile::get_int(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (is_signed(v->type)) return v->i;
  if (is_unsigned(v->type) && v->u <= uint64_t(std::numeric_limits<int64_t>::max())) return int64_t(v->u);
  return std::nullopt;
}

std::optional<double> GgufFile::get_float(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (is_float(v->type)) return v->f;
  if (is_signed(v->type)) return double(v->i);
  if (is_unsigned(v->type)) return double(v->u);
  return std::nullopt;
}

std::optional<bool> GgufFile::get_bool(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v || v->type != GgufType::BOOL) return std::nullopt;
  return v->u != 0;
}

std::optional<std::vector<std::string>> GgufFile::get_string_array(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v || !v->is_array() || v->array_type != GgufType::STRING) return std::nullopt;
  return v->strings;
}

std::optional<std::vector<float>> GgufFile::get_float_array(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v || !v->is_array() || !is_float(v->array_type)) return std::nullopt;
  return std::vector<float>(v->floats.begin(), v->floats.end());
}

std::optional<std::vector<int64_t>> GgufFile::get_int_array(const std::string& key) const {
  const GgufValue* v = find(key);
  if (!v || !v->is_array()) return std::nullopt;
  if (is_signed(v->array_type)) return v->ints;
  if (!is_unsigned(v->array_type)) return std::nullopt;
  std::vector<int64_t> out;
  out.reserve(v->uints.size());
  for (uint64_t u : v->uints) {
    if (u > uint64_t(std::numeric_limits<int64_t>::max())) return std::nullopt;
    out.push_back(int64_t(u));
  }
  return out;
}

Expected<GgufFile> read_gguf(const std::string& path) {
  auto map = MappedFile::open(path);
  if (!map) return map.error();
  return try_call([&] { return parse(path, *map); });
}

}  // namespace tramontane
