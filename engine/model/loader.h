#pragma once
// Opening a model: a Hugging Face directory (config.json + *.safetensors [+ tokenizer.model])
// or one .gguf file. Tensors keep pointing into the memory maps; nothing is copied.
#include <memory>
#include <string>
#include <vector>

#include "engine/core/mapped_file.h"
#include "engine/core/status.h"
#include "engine/core/tensor.h"
#include "engine/model/config.h"

namespace tramontane {

struct GgufFile;
class Tokenizer;

struct LoadedModel {
  enum class Format { Safetensors, Gguf };

  std::string path;          // what the user gave
  Format format = Format::Safetensors;
  ModelConfig config;
  std::vector<TensorView> tensors;                 // Hugging Face names (GGUF names are translated)
  std::vector<std::shared_ptr<MappedFile>> maps;   // keep the mapped bytes alive
  std::shared_ptr<const GgufFile> gguf;            // the GGUF file (metadata, vocabulary) when format == Gguf
  std::string tokenizer_path;                      // tokenizer.model beside the weights, or empty

  uint64_t weight_bytes() const;
  uint64_t parameter_count() const;
};

Expected<LoadedModel> open_model(const std::string& path);

// The model's tokenizer: tokenizer.model in the directory, or the GGUF's tokenizer.ggml.* vocabulary.
// A missing tokenizer is a BadInput error naming where it was looked for.
Expected<std::unique_ptr<Tokenizer>> open_tokenizer(const LoadedModel& model);

}  // namespace tramontane
