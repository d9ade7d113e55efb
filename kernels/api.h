#pragma once
// Plain C++ entry points of the CUDA kernels (no CUDA types): pointers, sizes, an opaque stream.
// Every function returns 0 on success or a CUDA/cuBLAS error code (kernels::error_string); the
// engine turns codes into messages. Launch functions check the launch (cudaGetLastError) and do
// not synchronise: errors of the kernel itself surface at the next synchronising call.
//
// Layout conventions (row-major, PyTorch order, as the CPU twins in engine/backend/cpu):
//   activations x: [n_tokens, n] float32;  weights W: [rows, cols] in their stored dtype, one row of
//   `cols` elements after another (quantized rows are whole blocks, llama.cpp's ggml layout);
//   q: [n_tokens, n_head, head_dim];  k, v: [n_tokens, n_head_kv, head_dim];
//   KV ring of one layer: [cap, n_head_kv, head_dim] float32, position p in slot p mod window
//   (window == 0: slot p).
// Positions are read from device memory (`pos0`: the position of row 0; row t is at pos0 + t) so
// that a captured CUDA graph can be replayed for the next token after updating one int.
#include <cstddef>
#include <cstdint>

namespace tramontane::kernels {

using Stream = void*;  // cudaStream_t; nullptr = the legacy default stream

// Weight element types; the values equal tramontane::DType's (engine/core/dtype.h checks it).
enum class WType : int { F32 = 0, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K };

struct DeviceInfo {
  char name[256];
  int compute_major;
  int compute_minor;
  size_t total_bytes;
  size_t free_bytes;
  int multiprocessors;
};

// ---- device.cu: discovery, memory, streams, graphs ------------------------------------------
// Number of usable CUDA devices; 0 when there is no driver or no device (never an error).
int device_count();
// Fills `out` for device `index` (and makes it current); returns a CUDA error code.
int device_info(int index, DeviceInfo* out);
// Text of a CUDA or cuBLAS error code (cuBLAS codes are offset by kCublasErrorBase).
const char* error_string(int code);
constexpr int kCublasErrorBase = 100000;

int mem_get_info(size_t* free_bytes, size_t* total_bytes);
int malloc_device(void** ptr, size_t bytes);
int free_device(void* ptr);  // nullptr is fine
int malloc_host(void** ptr, size_t bytes);  // pinned
int free_host(void* ptr);
int memcpy_h2d(void* dst, const void* src, size_t bytes, Stream s);  // async on s
int memcpy_d2h(void* dst, const void* src, size_t bytes, Stream s);  // async on s
int memcpy_d2d(void* dst, const void* src, size_t bytes, Stream s);
int memset_device(void* dst, int value, size_t bytes, Stream s);
int stream_create(Stream* s);
int stream_destroy(Stream s);
int stream_sync(Stream s);
// The last error of the device (sticky errors such as an illegal address stay until reset).
int last_error();
// Resets the current device (after a sticky error; every allocation is lost).
int device_reset();

// CUDA graphs: capture every launch on `s` between begin and end into an executable graph.
using Graph = void*;  // cudaGraphExec_t
int graph_begin(Stream s);
int graph_end(Stream s, Graph* out);
int graph_launch(Graph g, Stream s);
int graph_destroy(Graph g);

// Fault injection, for `tramontane-cli selftest --backend cuda --faults MODEL` only (the app
// never arms it; unarmed, a hook costs two relaxed atomic operations). Counting starts at the call
// that arms a point: nth == 1 fails the next call, 0 disarms it. Thread-safe.
enum class FaultPoint : int {
  Malloc,        // malloc_device returns cudaErrorMemoryAllocation (nothing allocated)
  GraphCapture,  // graph_end returns cudaErrorMemoryAllocation (the capture is ended and dropped)
  TrapAtSync,    // stream_sync first launches a kernel that traps on that stream: a sticky launch
                 // failure, as a faulting kernel gives (the device is unusable until reset)
};
void fault_arm(FaultPoint point, int nth);
// Calls that went through `point`'s hook since the process started (armed or not).
long fault_calls(FaultPoint point);
// device_info and mem_get_info report at most `bytes` free (0: the real figure).
void fault_limit_free(size_t bytes);

// ---- norm.cu ------------------------------------------------------------------------------------
// y[t, i] = x[t, i] / sqrt(mean_i(x[t, :]^2) + eps) * w[i]; x, y: [n_tokens, n] (y may be x), w: [n].
int rmsnorm(const float* x, const float* w, int64_t n_tokens, int64_t n, float eps, float* y, Stream s);
// Fused residual: x[t, :] += delta[t, :], then y = rmsnorm(x) as above (y must not alias x or delta).
int add_rmsnorm(float* x, const float* delta, const float* w, int64_t n_tokens, int64_t n, float eps, float* y,
                Stream s);
// x[i] += delta[i]
int add_inplace(float* x, const float* delta, int64_t n, Stream s);

// ---- rope.cu ------------------------------------------------------------------------------------
// Rotary embedding of q (in place) and k (in place): angle = float(pos) * inv_freq[i] in float32,
// cos/sin in double rounded to float, exactly as cpu::rope (inv_freq: device [head_dim / 2] from
// cpu::rope_inv_freq); interleaved pairs (x[2i], x[2i+1]) or Hugging Face halves (x[i], x[i+hd/2]).
// When k_ring is not null the rotated k rows and the v rows are also written to the ring:
// row t to slot (pos0 + t) mod window (window == 0: slot pos0 + t), which must be < cap.
// Only for n_tokens == 1 (decode) or when no row's slot is still needed (see kv_store).
int rope_qk(float* q, float* k, const float* v, const int32_t* pos0, int64_t n_tokens, int n_head, int n_head_kv,
            int head_dim, const float* inv_freq, bool interleaved, float* k_ring, float* v_ring, int64_t cap, int64_t window,
            Stream s);
// Writes k/v rows of positions pos0 .. pos0 + n - 1 into the ring (only the last `window` rows when
// window > 0, as KvCache::write). k, v: [n, n_head_kv, head_dim].
int kv_store(const float* k, const float* v, const int32_t* pos0, int64_t n, int kv_dim, float* k_ring,
             float* v_ring, int64_t cap, int64_t window, Stream s);

// ---- elementwise.cu -----------------------------------------------------------------------------
// gate[i] = silu(gate[i]) * up[i]
int swiglu(float* gate, const float* up, int64_t n, Stream s);
// Float32 to float16 / bfloat16 (round to nearest even); out holds n 16-bit values.
int f32_to_f16(const float* x, int64_t n, void* out, Stream s);
int f32_to_bf16(const float* x, int64_t n, void* out, Stream s);
// Index of the largest of x[0..n) (the first on ties) into *out (device int32).
int argmax(const float* x, int64_t n, int32_t* out, Stream s);

// ---- dequant.cu ---------------------------------------------------------------------------------
// Exact dequantization (the same float32 values as dequantize_row in engine/core/quant.h).
// Rows of W [rows, cols]: out row i = W row ids[i] (ids: device int32, or nullptr for row i),
// i < n_out. out_f16 == false: float32 [n_out, cols]; true: float16 (round to nearest even).
// The embedding gather is dequant_rows with the token ids.
int dequant_rows(WType t, const void* w, int64_t cols, const int32_t* ids, int64_t n_out, void* out, bool out_f16,
                 Stream s);

// ---- gemv.cu ------------------------------------------------------------------------------------
// y[t, r] = sum_c W[r, c] * x[t, c] for t < n_tokens (1 <= n_tokens <= kGemvMaxTokens), reading
// W's stored blocks directly; x float32 [n_tokens, cols], y float32 [n_tokens, rows]; float32
// products of the exact weights, float32 accumulation. cols must be a multiple of the block size.
constexpr int kGemvMaxTokens = 8;
int gemv(WType t, const void* w, int64_t rows, int64_t cols, const float* x, int64_t n_tokens, float* y, Stream s);

// ---- blas.cu ------------------------------------------------------------------------------------
// cuBLAS handle bound to a stream, with its workspace.
using Blas = void*;
int blas_create(Blas* out, Stream s);
int blas_destroy(Blas b);
// y[t, r] = sum_c W[r, c] x[t, c] with cuBLAS (tensor cores for 16-bit types):
//   F32 weights: SGEMM, float32 throughout (no TF32).
//   F16 / BF16 weights: x converted to the weights' type into x16 ([n_tokens, cols] 16-bit
//   values), products accumulated in float32.
//   Quantized weights: W dequantized into w16 (float16 [rows, cols]) first, then as F16.
// x16 / w16 are scratch the caller sizes (may be nullptr when not needed).
int gemm(Blas b, WType t, const void* w, int64_t rows, int64_t cols, const float* x, int64_t n_tokens, float* y,
         void* x16, void* w16, Stream s);

// ---- attention.cu -------------------------------------------------------------------------------
// Causal, optionally sliding-window (query at position i sees keys at i - window < j <= i),
// grouped-query attention with scale 1/sqrt(head_dim), float32 accumulation and online softmax
// (no [n, n] matrix in memory). head_dim must be even and <= kMaxHeadDim.
constexpr int kMaxHeadDim = 256;
// Prefill of a chunk: q [n, n_head, head_dim] at positions p0 .. p0 + n - 1 (p0 = *pos0) attends
// over (a) the ring as it was before the chunk, holding positions max(0, p0 - cap) .. p0 - 1 (slot
// = p mod window, or p without a window), and (b) the chunk's own k_new/v_new [n, n_head_kv,
// head_dim]. out: [n, n_head, head_dim].
int attention_prefill(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const float* k_new,
                      const float* v_new, const int32_t* pos0, int64_t n, int n_head, int n_head_kv, int head_dim,
                      int64_t window, float* out, Stream s);
// Decode of one token at position p = *pos0 whose k/v are already in the ring: attends over ring
// slots 0 .. min(p + 1, cap) - 1 (each holds a position in (p - window, p]). Split-KV: up to
// max_splits blocks per KV head each reduce part of the keys, then a second kernel merges them;
// `work` holds attention_decode_work_floats(n_head, head_dim, max_splits) floats.
int64_t attention_decode_work_floats(int n_head, int head_dim, int max_splits);
int attention_decode(const float* q, const float* k_ring, const float* v_ring, int64_t cap, const int32_t* pos0,
                     int n_head, int n_head_kv, int head_dim, float* out, float* work, int max_splits, Stream s);

}  // namespace tramontane::kernels
