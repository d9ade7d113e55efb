#include "engine/model/loader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "engine/core/checked_math.h"
#include "engine/format/gguf.h"
#include "engine/format/hf_config.h"
#include "engine/format/safetensors.h"
#include "engine/model/gguf_names.h"
#include "engine/model/weights.h"
#include "engine/tokenizer/gguf_vocab.h"
#include "engine/tokenizer/tokenizer.h"

namespace tramontane {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// PyTorch checkpoints are Python pickles: unpickling one can run arbitrary code, so they are never
// opened, only recognised by name to say what to do instead.
bool is_pickle_name(std::string name) {
  for (char& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ends_with(name, ".bin") || ends_with(name, ".pt") || ends_with(name, ".pth") ||
         ends_with(name, ".ckpt") || ends_with(name, ".pkl");
}

Error pickle_refused(const std::string& path) {
  return Error{ErrorKind::BadInput, path + ": PyTorch pickle checkpoints are not loaded (they can run code); "
                                           "convert it to safetensors"};
}

// A directory without any *.safetensors but with a pickle checkpoint: the first such file
// (pytorch_model.bin preferred, else by name), or empty.
std::string pickle_checkpoint_in(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> pickles;
  size_t entries = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && entries < 100000; it.increment(ec), ++entries) {
    const std::string name = it->path().filename().string();
    std::error_code ec2;
    if (!fs::is_regular_file(it->path(), ec2)) continue;
    if (ends_with(name, ".safetensors") || name == "model.safetensors.index.json") return {};
    if (is_pickle_name(name)) pickles.push_back(name);
  }
  if (pickles.empty()) return {};
  std::sort(pickles.begin(), pickles.end());
  const auto preferred = std::find(pickles.begin(), pickles.end(), "pytorch_model.bin");
  return (fs::path(dir) / (preferred != pickles.end() ? *preferred : pickles.front())).string();
}

Expected<LoadedModel> open_safetensors_dir(const std::string& dir) {
  if (std::string pickle = pickle_checkpoint_in(dir); !pickle.empty()) return pickle_refused(pickle);
  LoadedModel m;
  m.path = dir;
  m.format = LoadedModel::Format::Safetensors;
  const fs::path config_path = fs::path(dir) / "config.json";
  std::error_code ec;
  if (!fs::is_regular_file(config_path, ec))
    return Error{ErrorKind::BadInput, config_path.string() + ": missing (a model directory needs config.json)"};
  auto config = read_hf_config(config_path.string());
  if (!config) return config.error();
  m.config = *config;
  auto ckpt = read_safetensors_checkpoint(dir);
  if (!ckpt) return ckpt.error();
  for (auto& f : ckpt->files) m.maps.push_back(f.map);
  m.tensors = std::move(ckpt->tensors);
  const fs::path tok = fs::path(dir) / "tokenizer.model";
  if (fs::is_regular_file(tok, ec)) m.tokenizer_path = tok.string();
  return m;
}

Expected<LoadedModel> open_gguf_file(const std::string& path) {
  auto file = read_gguf(path);
  if (!file) return file.error();
  auto config = gguf_model_config(*file);
  if (!config) return config.error();
  LoadedModel m;
  m.path = path;
  m.format = LoadedModel::Format::Gguf;
  m.config = *config;
  m.maps.push_back(file->map);
  std::set<std::string> seen;
  for (const TensorView& t : file->tensors) {
    std::string hf = hf_name_from_gguf(t.name);
    if (hf.empty()) return Error{ErrorKind::BadInput, path + ": unsupported tensor '" + t.name + "'"};
    if (!seen.insert(hf).second)
      return Error{ErrorKind::BadInput, path + ": tensor '" + t.name + "' appears twice"};
    TensorView v = t;
    v.name = std::move(hf);
    m.tensors.push_back(std::move(v));
  }
  m.gguf = std::make_shared<const GgufFile>(std::move(*file));
  return m;
}

}  // namespace

uint64_t LoadedModel::weight_bytes() const {
  uint64_t n = 0;
  for (const auto& t : tensors) n += t.nbytes;
  return n;
}

uint64_t LoadedModel::parameter_count() const {
  uint64_t n = 0;
  for (const auto& t : tensors) n += uint64_t(t.numel());
  return n;
}

namespace {

// A GGUF file without the .gguf extension (Ollama keeps its models as sha256-named blobs): the
// first four bytes are "GGUF".
bool has_gguf_magic(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  return f.read(magic, 4) && std::memcmp(magic, "GGUF", 4) == 0;
}

}  // namespace

Expected<LoadedModel> open_model(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return Error{ErrorKind::BadInput, path + ": no such file or directory"};
  if (!fs::is_directory(status) && is_pickle_name(fs::path(path).filename().string()))
    return pickle_refused(path);
  Expected<LoadedModel> m = fs::is_directory(status) ? open_safetensors_dir(path)
                            : ends_with(path, ".gguf") || ends_with(path, ".GGUF") || has_gguf_magic(path)
                                ? open_gguf_file(path)
                                : Expected<LoadedModel>(Error{
                                      ErrorKind::BadInput,
                                      path + ": not a model (expected a directory with config.json and "
                                             "*.safetensors, or a .gguf file)"});
  if (!m) return m;
  // Every tensor the architecture needs, with the shapes the config implies.
  auto bound = bind_weights(m->config, m->tensors, path);
  if (!bound) return bound.error();
  return m;
}

Expected<std::unique_ptr<Tokenizer>> open_tokenizer(const LoadedModel& model) {
  if (model.format == LoadedModel::Format::Gguf) return tokenizer_from_gguf(*model.gguf);
  if (model.tokenizer_path.empty())
    return Error{ErrorKind::BadInput, (fs::path(model.path) / "tokenizer.model").string() +
                                          ": missing (this command needs the model's tokenizer)"};
  return Tokenizer::from_file(model.tokenizer_path);
}

}  // namespace tramontane
