#pragma once
// One conversation's state on the backend an Engine runs on: the CPU Model with its KvCache, or
// the CUDA model with its device ring. Session talks to this, not to a backend.
#include <cstdint>
#include <memory>

#include "engine/core/status.h"
#include "engine/model/model.h"

namespace tramontane {

class Sequence {
 public:
  virtual ~Sequence() = default;
  // As Model::forward for this sequence's cache; `generated`: SeqInput::generated.
  virtual Status forward(const int32_t* tokens, int64_t n_tokens, float* logits, Logits which, bool generated) = 0;
  virtual int64_t n_past() const = 0;
  // Bytes the cache holds now.
  virtual uint64_t bytes() const = 0;
  // Forgets every position and frees the cache.
  virtual void clear() = 0;
  // LoRA adapters for the following forward calls (null: none); the set must outlive its use.
  // Positions already in the cache are kept as computed (cache policy: engine/lora/adapter.h).
  // Backends without LoRA support fail forward() with BadInput while an active set is given.
  void set_adapters(const lora::AdapterSet* set) { adapters_ = set; }
  const lora::AdapterSet* adapters() const { return adapters_; }
  // Probes fed by the following forward calls (null: none); must outlive its use. Backends
  // without probes (CUDA) ignore them (Session::set_probes marks them unavailable).
  void set_probes(Probes* p) { probes_ = p; }
  Probes* probes() const { return probes_; }

 protected:
  const lora::AdapterSet* adapters_ = nullptr;
  Probes* probes_ = nullptr;
};

}  // namespace tramontane
