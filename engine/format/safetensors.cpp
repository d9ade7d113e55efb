// safetensors reader: header length, JSON header, per-tensor checks, then the ranges must tile the
// data section (see the rules in safetensors.h). Checkpoint directories: index, single file, or all.
#include "engine/format/safetensors.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <system_error>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "engine/core/checked_math.h"
#include "engine/format/json_util.h"

namespace tramontane {

namespace {

constexpr uint64_t kMaxHeaderBytes = 100'000'000;  // the reference reader's MAX_HEADER_SIZE
constexpr uint64_t kMaxTensors = 1'000'000;
constexpr size_t kMaxDims = 8;
constexpr size_t kMaxJsonDepth = 64;
constexpr uint64_t kMaxIndexBytes = 64ull << 20;
constexpr size_t kMaxShards = 10'000;

const char* const kIndexName = "model.safetensors.index.json";
const char* const kSingleName = "model.safetensors";

std::string in_quotes(std::string_view name) {
  std::string out(1, '\'');
  out += escape_for_message(name);
  out += '\'';
  return out;
}

std::string range_string(uint64_t begin, uint64_t end) {
  return std::to_string(begin) + ".." + std::to_string(end);
}

// safetensors dtype string -> our DType. Valid safetensors dtypes we cannot use are "unsupported".
DType parse_dtype(const std::string& s, const std::string& where) {
  if (s == "F32") return DType::F32;
  if (s == "F16") return DType::F16;
  if (s == "BF16") return DType::BF16;
  static const char* const kOther[] = {"BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16",
                                       "I32", "U32", "I64", "U64", "F64", "F4", "F6_E2M3", "F6_E3M2", "C64"};
  for (const char* o : kOther)
    if (s == o) throw_bad_input(where + ": unsupported dtype " + in_quotes(s) + " (supported: F32, F16, BF16)");
  throw_bad_input(where + ": unknown dtype " + in_quotes(s));
}

// "shape": [d0, ...] -> dims, checked against the limits of safetensors.h.
std::vector<int64_t> parse_shape(const nlohmann::json& entry, const std::string& where) {
  auto it = entry.find("shape");
  if (it == entry.end()) throw_bad_input(where + ": missing field 'shape'");
  const nlohmann::json& shape = *it;
  if (!shape.is_array()) throw_bad_input(where + ": field 'shape' must be an array of non-negative integers");
  if (shape.size() > kMaxDims)
    throw_bad_input(where + ": shape has " + std::to_string(shape.size()) + " dimensions, more than " +
                    std::to_string(kMaxDims));
  std::vector<int64_t> dims;
  for (const nlohmann::json& d : shape) {
    if (d.is_number_integer() && !d.is_number_unsigned() && d.get<int64_t>() < 0)
      throw_bad_input(where + ": shape has a negative dimension " + std::to_string(d.get<int64_t>()));
    std::optional<int64_t> v = json_as_int(d);
    if (!v) {
      if (d.is_number_unsigned())
        throw_bad_input(where + ": shape dimension " + std::to_string(d.get<uint64_t>()) + " is too large");
      throw_bad_input(where + ": field 'shape' must be an array of non-negative integers");
    }
    dims.push_back(*v);
  }
  return dims;
}

// "data_offsets": [begin, end] with begin <= end.
std::pair<uint64_t, uint64_t> parse_offsets(const nlohmann::json& entry, const std::string& where) {
  auto it = entry.find("data_offsets");
  if (it == entry.end()) throw_bad_input(where + ": missing field 'data_offsets'");
  const nlohmann::json& o = *it;
  if (!o.is_array() || o.size() != 2 || !o[0].is_number_unsigned() || !o[1].is_number_unsigned())
    throw_bad_input(where + ": field 'data_offsets' must be [begin, end] with non-negative integers");
  const uint64_t begin = o[0].get<uint64_t>(), end = o[1].get<uint64_t>();
  if (begin > end) throw_bad_input(where + ": data range " + range_string(begin, end) + " begins after it ends");
  return {begin, end};
}

struct Entry {
  TensorView view;
  uint64_t begin = 0, end = 0;
};

SafetensorsFile read_file(const std::string& path) {
  auto mapped = MappedFile::open(path);
  if (!mapped) throw ErrorException(mapped.error());
  SafetensorsFile out;
  out.map = *mapped;
  const uint8_t* bytes = out.map->data();
  const uint64_t size = out.map->size();
  if (size < 8)
    throw_bad_input(path + ": file is " + std::to_string(size) + " bytes, too short for the 8-byte header length");
  uint64_t n = 0;
  for (int k = 7; k >= 0; --k) n = (n << 8) | bytes[k];
  if (n > kMaxHeaderBytes)
    throw_bad_input(path + ": header length " + std::to_string(n) + " exceeds the limit of " +
                    std::to_string(kMaxHeaderBytes) + " bytes");
  if (n > size - 8)
    throw_bad_input(path + ": header length " + std::to_string(n) + " runs past the end of the file (" +
                    std::to_string(size) + " bytes)");
  const std::string_view header(reinterpret_cast<const char*>(bytes + 8), size_t(n));
  auto parsed = parse_json(header, path + ": header", kMaxJsonDepth);
  if (!parsed) throw ErrorException(parsed.error());
  const nlohmann::json& root = *parsed;
  if (!root.is_object()) throw_bad_input(path + ": header must be a JSON object, not " + root.type_name());
  if (root.size() > kMaxTensors + 1)
    throw_bad_input(path + ": header lists " + std::to_string(root.size()) + " entries, more than " +
                    std::to_string(kMaxTensors) + " tensors");

  const uint8_t* data = bytes + 8 + n;  // the data section: [data, data + data_size)
  const uint64_t data_size = size - 8 - n;
  std::vector<Entry> entries;
  entries.reserve(root.size());
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string& name = it.key();
    const nlohmann::json& value = it.value();
    if (name == "__metadata__") {
      if (!value.is_object()) throw_bad_input(path + ": __metadata__ must be an object of strings");
      for (auto m = value.begin(); m != value.end(); ++m) {
        if (!m.value().is_string())
          throw_bad_input(path + ": __metadata__ value " + in_quotes(m.key()) + " must be a string");
        out.metadata[m.key()] = m.value().get<std::string>();
      }
      continue;
    }
    const std::string where = path + ": tensor " + in_quotes(name);
    if (!value.is_object()) throw_bad_input(where + ": entry must be a JSON object");
    Entry e;
    e.view.name = name;
    auto dt = value.find("dtype");
    if (dt == value.end()) throw_bad_input(where + ": missing field 'dtype'");
    if (!dt->is_string()) throw_bad_input(where + ": field 'dtype' must be a string");
    e.view.dtype = parse_dtype(dt->get<std::string>(), where);
    e.view.shape = parse_shape(value, where);
    std::tie(e.begin, e.end) = parse_offsets(value, where);

    // numel * element size, overflow-checked; the non-zero dims alone must not overflow either,
    // so that later products of a few dims (rows, cols) are safe even for an empty tensor.
    std::optional<uint64_t> numel = 1, nonzero = 1;
    for (int64_t d : e.view.shape) {
      if (numel) numel = checked_mul(*numel, uint64_t(d));
      if (nonzero && d != 0) nonzero = checked_mul(*nonzero, uint64_t(d));
    }
    std::optional<uint64_t> nbytes;
    if (numel && nonzero && *nonzero <= uint64_t(std::numeric_limits<int64_t>::max()))
      nbytes = checked_mul(*numel, uint64_t(dtype_type_size(e.view.dtype)));
    if (!nbytes)
      throw_bad_input(where + ": shape " + shape_string(e.view.shape) + " of " +
                      std::string(dtype_name(e.view.dtype)) + " overflows");
    if (*nbytes != e.end - e.begin)
      throw_bad_input(where + ": shape " + shape_string(e.view.shape) + " of " +
                      std::string(dtype_name(e.view.dtype)) + " needs " + std::to_string(*nbytes) +
                      " bytes but data range " + range_string(e.begin, e.end) + " holds " +
                      std::to_string(e.end - e.begin));
    if (e.end > data_size)
      throw_bad_input(where + ": data range " + range_string(e.begin, e.end) + " ends past the file (" +
                      std::to_string(data_size) + " bytes of tensor data)");
    e.view.data = data + e.begin;
    e.view.nbytes = *nbytes;
    entries.push_back(std::move(e));
  }

  // The ranges, sorted by begin, must tile [0, data_size) exactly.
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t pos = 0;
  const Entry* prev = nullptr;
  for (const Entry& e : entries) {
    if (e.begin < pos)
      throw_bad_input(path + ": tensor " + in_quotes(e.view.name) + " data range " + range_string(e.begin, e.end) +
                      " overlaps tensor " + in_quotes(prev->view.name) + " (" + range_string(prev->begin, prev->end) +
                      ")");
    if (e.begin > pos)
      throw_bad_input(path + ": gap of " + std::to_string(e.begin - pos) + " bytes before tensor " +
                      in_quotes(e.view.name) + " (data range " + range_string(e.begin, e.end) +
                      (prev ? ", previous tensor " + in_quotes(prev->view.name) + " ends at " : ", data starts at ") +
                      std::to_string(pos) + ")");
    pos = e.end;
    prev = &e;
  }
  if (pos != data_size)
    throw_bad_input(path + ": " + std::to_string(data_size - pos) + " bytes after the last tensor's data (" +
                    std::to_string(data_size) + " bytes of tensor data, tensors end at " + std::to_string(pos) + ")");
  out.tensors.reserve(entries.size());
  for (Entry& e : entries) out.tensors.push_back(std::move(e.view));
  return out;
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

// True when something (even a dangling link) is at `path`.
bool present(const std::string& path) {
  std::error_code ec;
  return std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found && !ec;
}

bool plain_file_name(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && s.find_first_of(std::string("/\\\0", 3)) == std::string::npos;
}

// model.safetensors.index.json -> {tensor name: shard file name}.
std::map<std::string, std::string> read_weight_map(const std::string& index_path) {
  auto text = read_text_file(index_path, kMaxIndexBytes);
  if (!text) throw ErrorException(text.error());
  auto parsed = parse_json(*text, index_path);
  if (!parsed) throw ErrorException(parsed.error());
  if (!parsed->is_object()) throw_bad_input(index_path + ": must be a JSON object");
  auto wm = parsed->find("weight_map");
  if (wm == parsed->end()) throw_bad_input(index_path + ": missing field 'weight_map'");
  if (!wm->is_object()) throw_bad_input(index_path + ": field 'weight_map' must be an object");
  if (wm->empty()) throw_bad_input(index_path + ": weight_map is empty");
  std::map<std::string, std::string> out;
  for (auto it = wm->begin(); it != wm->end(); ++it) {
    if (!it.value().is_string())
      throw_bad_input(index_path + ": weight_map entry for tensor " + in_quotes(it.key()) + " must be a string");
    const std::string shard = it.value().get<std::string>();
    if (!plain_file_name(shard))
      throw_bad_input(index_path + ": shard " + in_quotes(shard) + " for tensor " + in_quotes(it.key()) +
                      " is not a plain file name in the model directory");
    out.emplace(it.key(), shard);
  }
  return out;
}

SafetensorsCheckpoint read_checkpoint(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw_bad_input(dir + ": not a directory");
  SafetensorsCheckpoint ck;
  const std::string index_path = join_path(dir, kIndexName);
  const std::string single_path = join_path(dir, kSingleName);
  if (present(index_path)) {
    const std::map<std::string, std::string> weight_map = read_weight_map(index_path);
    std::map<std::string, std::vector<const std::string*>> shards;  // shard file -> tensors it should hold
    for (const auto& [tensor, shard] : weight_map) shards[shard].push_back(&tensor);
    if (shards.size() > kMaxShards)
      throw_bad_input(index_path + ": names " + std::to_string(shards.size()) + " shards, more than " +
                      std::to_string(kMaxShards));
    for (const auto& [shard, listed] : shards) {
      const std::string shard_path = join_path(dir, shard);
      if (!present(shard_path))
        throw_bad_input(index_path + ": shard " + in_quotes(shard) + " (for tensor " + in_quotes(*listed.front()) +
                        ") does not exist in " + dir);
      ck.files.push_back(read_file(shard_path));
      std::unordered_set<std::string_view> held;  // names in this shard
      for (const TensorView& t : ck.files.back().tensors) {
        auto it = weight_map.find(t.name);
        if (it == weight_map.end())
          throw_bad_input(shard_path + ": tensor " + in_quotes(t.name) + " is not listed in " + index_path);
        if (it->second != shard)
          throw_bad_input(shard_path + ": tensor " + in_quotes(t.name) + " is in this shard but " + index_path +
                          " places it in " + in_quotes(it->second));
        held.insert(t.name);
      }
      for (const std::string* name : listed) {
        if (!held.count(*name))
          throw_bad_input(index_path + ": tensor " + in_quotes(*name) + " is not in shard " + in_quotes(shard));
      }
    }
  } else if (present(single_path)) {
    ck.files.push_back(read_file(single_path));
  } else {
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      std::error_code ec2;
      if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0 &&
          fs::is_regular_file(it->path(), ec2))
        names.push_back(name);
      if (names.size() > kMaxShards)
        throw_bad_input(dir + ": more than " + std::to_string(kMaxShards) + " *.safetensors files");
    }
    if (ec) throw_bad_input(dir + ": cannot list the directory: " + ec.message());
    if (names.empty())
      throw_bad_input(dir + ": no " + kSingleName + ", " + kIndexName + " or *.safetensors file");
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) ck.files.push_back(read_file(join_path(dir, name)));
  }

  std::unordered_map<std::string_view, const std::string*> owner;  // tensor name -> file path
  for (const SafetensorsFile& f : ck.files) {
    for (const TensorView& t : f.tensors) {
      auto [it, fresh] = owner.emplace(t.name, &f.map->path());
      if (!fresh)
        throw_bad_input(f.map->path() + ": tensor " + in_quotes(t.name) + " is also in " + *it->second);
      ck.tensors.push_back(t);
    }
  }
  return ck;
}

}  // namespace

Expected<SafetensorsFile> read_safetensors(const std::string& path) {
  return try_call([&] { return read_file(path); });
}

Expected<SafetensorsCheckpoint> read_safetensors_checkpoint(const std::string& dir) {
  return try_call([&] { return read_checkpoint(dir); });
}

const TensorView* find_tensor(const std::vector<TensorView>& tensors, std::string_view name) {
  for (const TensorView& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace tramontane
