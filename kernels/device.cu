// Device discovery for the CUDA backend.
#include <cuda_runtime.h>

#include <cstring>

#include "kernels/api.h"

namespace tramontane::kernels {

int device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the non-sticky error left by a missing driver
    return 0;
  }
  return n;
}

int device_info(int index, DeviceInfo* out) {
  cudaDeviceProp prop{};
  cudaError_t err = cudaGetDeviceProperties(&prop, index);
  if (err != cudaSuccess) return int(err);
  std::memset(out, 0, sizeof(*out));
  std::strncpy(out->name, prop.name, sizeof(out->name) - 1);
  out->compute_major = prop.major;
  out->compute_minor = prop.minor;
  out->multiprocessors = prop.multiProcessorCount;
  err = cudaSetDevice(index);
  if (err != cudaSuccess) return int(err);
  err = cudaMemGetInfo(&out->free_bytes, &out->total_bytes);
  return int(err);
}

const char* error_string(int code) { return cudaGetErrorString(cudaError_t(code)); }

}  // namespace tramontane::kernels
