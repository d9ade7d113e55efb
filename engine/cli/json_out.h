#pragma once
// Small helpers for the CLI's JSON output.
#include <cstdint>
#include <string>
#include <vector>

namespace tramontane::cli {

inline std::string ids_json(const std::vector<int32_t>& ids) {
  std::string s = "{\"ids\":[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ids[i]);
  }
  return s + "]}";
}

}  // namespace tramontane::cli
