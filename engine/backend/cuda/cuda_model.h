#pragma once
// The forward pass on a CUDA device: the twin of Model (engine/model/model.h) with the weights
// uploaded once in their stored dtype, a KV ring per sequence on the device, and the decode
// step (one token) captured as a CUDA graph and replayed, so a token costs one graph launch and
// one small copy back (the logits row, or only the argmax id for greedy decoding).
//
// Memory, sized up front (bytes reported by describe()):
//   weights        as stored (quantized blocks stay quantized)
//   KV ring        2 * n_layer * slots * n_head_kv * head_dim * 4 bytes per sequence, float32,
//                  slots = window (sliding window) or the context cap (max_context)
//   workspace      activations for one chunk of C rows, C * n_vocab logits, 16-bit copies of x
//                  for cuBLAS, and one float16 copy of the largest quantized layer matrix (prefill)
// Before anything is allocated the total is compared with the device's free memory:
// "needs X GiB on <device>, Y GiB free" (Resource) leaves nothing allocated.
//
// Matrix products: chunks of <= kernels::kGemvMaxTokens rows use the GEMV kernels (float32
// activations, exact weights); longer chunks use cuBLAS (16-bit activations for 16-bit and
// quantized weights, float32 SGEMM for F32 weights). Attention and norms are float32.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/backend/cuda/device_buffer.h"
#include "engine/core/status.h"
#include "engine/model/model.h"
#include "engine/model/weights.h"

namespace tramontane::cuda {

struct CudaOptions {
  int device = 0;
  int64_t chunk_size = 0;    // prefill chunk; <= 0: min(window, 512) (512 without a window)
  int64_t max_context = 0;   // ring slots without a window; <= 0: min(n_ctx_max, 8192)
  bool graphs = true;        // replay the decode step as a CUDA graph
};

class CudaModel;

// One sequence's KV ring on the device (made by CudaModel::new_cache).
class CudaCache {
 public:
  ~CudaCache();
  CudaCache(const CudaCache&) = delete;
  CudaCache& operator=(const CudaCache&) = delete;

  int64_t n_past() const { return n_past_; }
  int64_t slots() const { return slots_; }
  uint64_t bytes() const { return k_.bytes() + v_.bytes(); }
  // Forgets every position (the memory stays allocated).
  void clear() { n_past_ = 0; }

 private:
  friend class CudaModel;
  CudaCache() = default;
  int64_t n_past_ = 0;
  int64_t slots_ = 0;
  DeviceBuffer k_, v_;      // [n_layer][slots][n_head_kv * head_dim] float32
  kernels::Graph graph_ = nullptr;  // the decode step for this cache's ring
};

class CudaModel {
 public:
  // Uploads the weights. Resource when there is no device or not enough memory (the message says
  // how much is needed and free); Internal for other CUDA failures.
  static Expected<std::unique_ptr<CudaModel>> create(const ModelWeights& weights, const CudaOptions& options = {});
  ~CudaModel();
  CudaModel(const CudaModel&) = delete;
  CudaModel& operator=(const CudaModel&) = delete;

  const ModelConfig& config() const { return w_.config; }
  int64_t chunk_size() const { return chunk_; }
  // Slots of a sequence's ring: the window, or the context cap without one.
  int64_t cache_slots() const { return slots_; }
  // The context limit this backend enforces (n_ctx_max, or the cap without a window).
  int64_t context_limit() const;

  // A new, empty sequence (allocates its ring).
  Expected<std::unique_ptr<CudaCache>> new_cache();

  // As Model::forward: n_tokens new tokens at positions cache.n_past() ...; logits per `which`.
  // Token ids are checked first (BadInput, nothing changed), and the context limit without a window.
  Status forward(CudaCache& cache, const int32_t* tokens, int64_t n_tokens, float* logits, Logits which = Logits::All);

  // One decode step for `token`, returning only the id of the largest logit (greedy decoding:
  // 4 bytes cross PCIe instead of the logits row).
  Expected<int32_t> decode_greedy(CudaCache& cache, int32_t token);

  uint64_t weight_bytes() const { return weight_bytes_; }
  uint64_t workspace_bytes() const { return workspace_bytes_; }
  const std::string& device_name() const { return device_name_; }
  // "NVIDIA H100 80GB HBM3: weights 13.5 GiB, workspace 0.4 GiB, KV ring 1.0 GiB per sequence"
  std::string describe() const;

 private:
  struct Buffers;
  explicit CudaModel(const ModelWeights& w);
  void init(const CudaOptions& options);
  const void* dev(const TensorView* t) const;
  void matmul(const TensorView* w, const float* x, int64_t n, float* y);
  void head_matmul(const float* x, int64_t n, float* y);
  // Enqueues one chunk of n rows (tokens and position already on the device).
  void enqueue_step(CudaCache& cache, int64_t n, int64_t out_first, bool argmax);
  void run_chunk(CudaCache& cache, const int32_t* tokens, int64_t n, int64_t out_first, bool argmax);
  Status check_tokens(const CudaCache& cache, const int32_t* tokens, int64_t n) const;

  ModelWeights w_;
  int64_t chunk_ = 512, slots_ = 0, max_splits_ = 1;
  bool graphs_ = true;
  bool failed_ = false;  // a CUDA error happened: every later call fails until the model is recreated
  std::string device_name_;
  uint64_t weight_bytes_ = 0, workspace_bytes_ = 0;
  kernels::Stream stream_ = nullptr;
  kernels::Blas blas_ = nullptr;
  std::vector<std::pair<const TensorView*, DeviceBuffer>> weights_;  // uploaded tensors
  std::vector<DeviceBuffer> attn_norm_, ffn_norm_;                     // float32 norms
  DeviceBuffer out_norm_, inv_freq_;
  std::unique_ptr<Buffers> buf_;
};

}  // namespace tramontane::cuda
