// Device discovery, memory, streams and graphs for the CUDA backend.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstring>

#include "kernels/api.h"

namespace tramontane::kernels {

namespace {
cudaStream_t st(Stream s) { return static_cast<cudaStream_t>(s); }
}  // namespace

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

const char* error_string(int code) {
  if (code >= kCublasErrorBase) return cublasGetStatusString(cublasStatus_t(code - kCublasErrorBase));
  return cudaGetErrorString(cudaError_t(code));
}

int mem_get_info(size_t* free_bytes, size_t* total_bytes) { return int(cudaMemGetInfo(free_bytes, total_bytes)); }
int malloc_device(void** ptr, size_t bytes) { return int(cudaMalloc(ptr, bytes)); }
int free_device(void* ptr) { return ptr ? int(cudaFree(ptr)) : 0; }
int malloc_host(void** ptr, size_t bytes) { return int(cudaMallocHost(ptr, bytes)); }
int free_host(void* ptr) { return ptr ? int(cudaFreeHost(ptr)) : 0; }
int memcpy_h2d(void* dst, const void* src, size_t bytes, Stream s) {
  return int(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, st(s)));
}
int memcpy_d2h(void* dst, const void* src, size_t bytes, Stream s) {
  return int(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, st(s)));
}
int memcpy_d2d(void* dst, const void* src, size_t bytes, Stream s) {
  return int(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, st(s)));
}
int memset_device(void* dst, int value, size_t bytes, Stream s) { return int(cudaMemsetAsync(dst, value, bytes, st(s))); }

int stream_create(Stream* s) {
  cudaStream_t c = nullptr;
  const cudaError_t err = cudaStreamCreateWithFlags(&c, cudaStreamNonBlocking);
  *s = c;
  return int(err);
}
int stream_destroy(Stream s) { return s ? int(cudaStreamDestroy(st(s))) : 0; }
int stream_sync(Stream s) { return int(cudaStreamSynchronize(st(s))); }
int last_error() { return int(cudaGetLastError()); }
int device_reset() { return int(cudaDeviceReset()); }

int graph_begin(Stream s) { return int(cudaStreamBeginCapture(st(s), cudaStreamCaptureModeThreadLocal)); }

int graph_end(Stream s, Graph* out) {
  *out = nullptr;
  cudaGraph_t g = nullptr;
  cudaError_t err = cudaStreamEndCapture(st(s), &g);
  if (err != cudaSuccess) return int(err);
  cudaGraphExec_t exec = nullptr;
  err = cudaGraphInstantiate(&exec, g, 0);
  cudaGraphDestroy(g);
  if (err != cudaSuccess) return int(err);
  *out = exec;
  return 0;
}

int graph_launch(Graph g, Stream s) { return int(cudaGraphLaunch(static_cast<cudaGraphExec_t>(g), st(s))); }
int graph_destroy(Graph g) { return g ? int(cudaGraphExecDestroy(static_cast<cudaGraphExec_t>(g))) : 0; }

}  // namespace tramontane::kernels
