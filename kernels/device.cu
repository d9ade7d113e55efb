// Device discovery, memory, streams and graphs for the CUDA backend.
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <atomic>
#include <cstring>

#include "kernels/api.h"

namespace tramontane::kernels {

namespace {
cudaStream_t st(Stream s) { return static_cast<cudaStream_t>(s); }

// Fault injection (api.h): per point, a countdown (0: disarmed) and a call counter.
constexpr int kFaultPoints = 3;
std::atomic<int> g_countdown[kFaultPoints];
std::atomic<long> g_calls[kFaultPoints];
std::atomic<size_t> g_free_cap{0};

// Counts the call; true when it is the armed one.
bool fault_due(FaultPoint p) {
  const int i = int(p);
  g_calls[i].fetch_add(1, std::memory_order_relaxed);
  int n = g_countdown[i].load(std::memory_order_relaxed);
  while (n > 0)
    if (g_countdown[i].compare_exchange_weak(n, n - 1)) return n == 1;
  return false;
}

void cap_free(size_t* free_bytes) {
  const size_t cap = g_free_cap.load(std::memory_order_relaxed);
  if (cap && *free_bytes > cap) *free_bytes = cap;
}

__global__ void trap_kernel() { __trap(); }
}  // namespace

void fault_arm(FaultPoint point, int nth) { g_countdown[int(point)].store(nth > 0 ? nth : 0); }
long fault_calls(FaultPoint point) { return g_calls[int(point)].load(); }
void fault_limit_free(size_t bytes) { g_free_cap.store(bytes); }

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
  cap_free(&out->free_bytes);
  return int(err);
}

const char* error_string(int code) {
  if (code >= kCublasErrorBase) return cublasGetStatusString(cublasStatus_t(code - kCublasErrorBase));
  return cudaGetErrorString(cudaError_t(code));
}

int mem_get_info(size_t* free_bytes, size_t* total_bytes) {
  const cudaError_t err = cudaMemGetInfo(free_bytes, total_bytes);
  cap_free(free_bytes);
  return int(err);
}
int malloc_device(void** ptr, size_t bytes) {
  if (fault_due(FaultPoint::Malloc)) {
    *ptr = nullptr;
    return int(cudaErrorMemoryAllocation);
  }
  return int(cudaMalloc(ptr, bytes));
}
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
int stream_sync(Stream s) {
  if (fault_due(FaultPoint::TrapAtSync)) trap_kernel<<<1, 1, 0, st(s)>>>();
  return int(cudaStreamSynchronize(st(s)));
}
int last_error() { return int(cudaGetLastError()); }
int device_reset() { return int(cudaDeviceReset()); }

int graph_begin(Stream s) { return int(cudaStreamBeginCapture(st(s), cudaStreamCaptureModeThreadLocal)); }

int graph_end(Stream s, Graph* out) {
  *out = nullptr;
  cudaGraph_t g = nullptr;
  cudaError_t err = cudaStreamEndCapture(st(s), &g);
  if (err != cudaSuccess) return int(err);
  if (fault_due(FaultPoint::GraphCapture)) {
    cudaGraphDestroy(g);
    return int(cudaErrorMemoryAllocation);
  }
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
