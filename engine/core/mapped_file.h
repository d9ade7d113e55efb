#pragma once
// A read-only memory map of a whole file. Model weights are used straight from the map.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/core/status.h"

namespace tramontane {

class MappedFile {
 public:
  // Maps `path` read-only. A zero-length file maps to an empty span.
  static Expected<std::shared_ptr<MappedFile>> open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  std::string path_;
};

// Reads a whole (small) file into a string, refusing files larger than max_bytes.
Expected<std::string> read_text_file(const std::string& path, uint64_t max_bytes);

}  // namespace tramontane
