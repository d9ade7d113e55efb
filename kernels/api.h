#pragma once
// Plain C++ entry points of the CUDA kernels (no CUDA types): pointers, sizes, an opaque stream.
// Every function returns 0 on success or a CUDA error code; the engine turns codes into messages.
#include <cstddef>
#include <cstdint>

namespace tramontane::kernels {

struct DeviceInfo {
  char name[256];
  int compute_major;
  int compute_minor;
  size_t total_bytes;
  size_t free_bytes;
  int multiprocessors;
};

// Number of usable CUDA devices; 0 when there is no driver or no device (never an error).
int device_count();
// Fills `out` for device `index`; returns a CUDA error code (0 = success).
int device_info(int index, DeviceInfo* out);
// Text of a CUDA error code.
const char* error_string(int code);

}  // namespace tramontane::kernels
