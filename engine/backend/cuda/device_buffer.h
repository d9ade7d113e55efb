#pragma once
// RAII device memory and error checking for the plain-C++ side of the CUDA backend.
// Only compiled when TRAMONTANE_HAVE_CUDA; everything here talks to kernels/api.h, never to CUDA.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"
#include "kernels/api.h"

namespace tramontane::cuda {

// Throws ErrorException: Resource for out-of-memory, Internal for any other CUDA/cuBLAS failure,
// with `what` and the CUDA message ("cuda: gemv: an illegal memory access was encountered").
void check(int code, const std::string& what);

// Throws when a CUDA call failed: check(code, what) without the string cost on success.
#define TRAMONTANE_CUDA_CHECK(call, what)            \
  do {                                               \
    const int tramontane_rc_ = (call);               \
    if (tramontane_rc_ != 0) ::tramontane::cuda::check(tramontane_rc_, what); \
  } while (0)

// One device allocation.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(size_t bytes, const std::string& what = "buffer");
  ~DeviceBuffer();
  DeviceBuffer(DeviceBuffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept;
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void* get() const { return p_; }
  template <class T> T* as() const { return static_cast<T*>(p_); }
  size_t bytes() const { return n_; }

  // Synchronous copies (on the legacy stream) for tests and setup.
  void upload(const void* src, size_t bytes, size_t offset = 0);
  void download(void* dst, size_t bytes, size_t offset = 0) const;
  template <class T> void upload(const std::vector<T>& v) { upload(v.data(), v.size() * sizeof(T)); }
  template <class T> std::vector<T> download_vec(size_t n) const {
    std::vector<T> v(n);
    download(v.data(), n * sizeof(T));
    return v;
  }

 private:
  void* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace tramontane::cuda
