#include "engine/backend/cuda/device_buffer.h"

#include "engine/core/text.h"

namespace tramontane::cuda {

void check(int code, const std::string& what) {
  if (code == 0) return;
  // cudaErrorMemoryAllocation is 2; CUBLAS_STATUS_ALLOC_FAILED is 3.
  const bool oom = code == 2 || code == kernels::kCublasErrorBase + 3;
  std::string message = "cuda: " + what + ": " + kernels::error_string(code);
  size_t free_bytes = 0, total_bytes = 0;
  if (oom && kernels::mem_get_info(&free_bytes, &total_bytes) == 0)
    message += " (" + bytes_text(free_bytes) + " free of " + bytes_text(total_bytes) + ")";
  throw ErrorException(Error{oom ? ErrorKind::Resource : ErrorKind::Internal, std::move(message)});
}

DeviceBuffer::DeviceBuffer(size_t bytes, const std::string& what) : n_(bytes) {
  if (bytes == 0) return;
  const int rc = kernels::malloc_device(&p_, bytes);
  if (rc != 0) {
    p_ = nullptr;
    n_ = 0;
    check(rc, "allocating " + bytes_text(bytes) + " for " + what);
  }
}

DeviceBuffer::~DeviceBuffer() { kernels::free_device(p_); }

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& o) noexcept {
  if (this != &o) {
    kernels::free_device(p_);
    p_ = std::exchange(o.p_, nullptr);
    n_ = std::exchange(o.n_, 0);
  }
  return *this;
}

void DeviceBuffer::upload(const void* src, size_t bytes, size_t offset) {
  if (bytes == 0) return;
  if (offset + bytes > n_) check(1, "upload past the end of a device buffer");
  TRAMONTANE_CUDA_CHECK(kernels::memcpy_h2d(static_cast<char*>(p_) + offset, src, bytes, nullptr), "upload");
  TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), "upload");
}

void DeviceBuffer::download(void* dst, size_t bytes, size_t offset) const {
  if (bytes == 0) return;
  if (offset + bytes > n_) check(1, "download past the end of a device buffer");
  TRAMONTANE_CUDA_CHECK(kernels::memcpy_d2h(dst, static_cast<const char*>(p_) + offset, bytes, nullptr), "download");
  TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), "download");
}

}  // namespace tramontane::cuda
