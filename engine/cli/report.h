#pragma once
// Turning an Error into the CLI's one-line message and exit code.
#include <cstdio>

#include "engine/core/status.h"

namespace tramontane::cli {

inline int report(const Error& e) {
  std::fprintf(stderr, "tramontane-cli: %s\n", e.message.c_str());
  return static_cast<int>(e.kind);
}

}  // namespace tramontane::cli
