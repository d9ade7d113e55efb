#pragma once
// Probes: what the engine is doing while it runs, copied out for a viewer (the GUI's KV cache and
// attention visualizer, `tramontane-cli attention`, tests).
//
//   Probes probes;                                     // shared by the engine thread and a viewer
//   session.set_probes(&probes);                       // the engine side: once, on its thread
//   int id = probes.subscribe({.layers = {3}, .heads = {0, 5}});   // any thread
//   ... the session runs; after each forward step a ProbeFrame lands in a bounded ring ...
//   for (auto& f : probes.frames_after(last_seq)) { ... }          // any thread
//   probes.unsubscribe(id);
//
// Cost: with no subscription the forward pass runs exactly the code it runs without probes (the
// sequence checks one atomic flag per forward call). With one, each step copies the softmax weights
// of the chosen layers and query heads (all queries of the step: one row for decode, the chunk's
// rows for prefill) and, when asked, the KV ring state with K/V norms of the chosen layers.
//
// Attention weights are stored with keys indexed by absolute position: column c of a frame is
// position key_first + c; keys outside the query's causal window (and never-seen positions) are 0.
// Frames are bounded by count and by bytes; the oldest go first.
//
// The CUDA backend has no probes yet: Session::set_probes marks them unavailable() with a reason,
// and no frame is produced.
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace tramontane {

class KvCache;

// What a subscriber wants. Several subscriptions are merged (the union of their layers and heads).
struct ProbeSpec {
  std::vector<int64_t> layers;  // layers whose attention (and K/V norms) are captured; empty: none
  std::vector<int64_t> heads;   // query heads captured; empty: all
  bool attention = true;        // capture softmax weights of `layers`
  bool kv = true;               // capture the KV ring state (and K/V norms of `layers`)
  int64_t max_queries = 0;      // per step, only the last max_queries queries of a prefill chunk; 0: all
};

// Softmax weights of one layer for one forward step of one sequence.
struct AttentionFrame {
  int64_t layer = 0;
  std::vector<int64_t> heads;   // query heads captured, ascending: [n_heads]
  int64_t group = 1;            // query heads per KV head: head h reads KV head h / group
  std::vector<int64_t> q_pos;   // positions of the step's queries: [n_q]
  int64_t key_first = 0;        // absolute position of key column 0
  int64_t n_keys = 0;           // columns: positions key_first .. key_first + n_keys - 1
  std::vector<float> weights;   // [n_heads, n_q, n_keys], 0 outside the window

  float at(size_t head_index, int64_t q, int64_t key_pos) const {
    if (key_pos < key_first || key_pos >= key_first + n_keys) return 0.0f;
    return weights[(head_index * q_pos.size() + size_t(q)) * size_t(n_keys) + size_t(key_pos - key_first)];
  }
};

// The KV cache after one forward step.
struct KvFrame {
  int64_t n_layer = 0, n_head_kv = 0, head_dim = 0;
  int64_t window = 0;              // W; 0 = no window (slot p holds position p)
  int64_t capacity = 0;            // slots allocated now
  int64_t max_slots = 0;           // slots a full cache has (W, or n_ctx_max)
  int64_t n_past = 0;              // positions seen; the next token's position
  int64_t slots_used = 0;          // slots holding a position
  int64_t write_head = 0;          // slot the next position goes to: n_past mod W (n_past without a window)
  std::vector<int64_t> slot_pos;   // [capacity] position held by each slot, -1 = empty
  std::vector<int64_t> evicted;    // positions this step overwrote (left the window), ascending
  std::vector<int64_t> norm_layers;  // layers whose norms follow, ascending
  std::vector<float> k_norm, v_norm;  // [norm_layers, capacity, n_head_kv]: L2 norm of each slot's K / V head
  uint64_t bytes_per_layer = 0;    // K + V bytes of one layer now (capacity slots)
  uint64_t bytes_total = 0;        // KvCache::bytes(): every layer, K + V + slot map
  uint64_t bytes_reserved = 0;     // K + V of every layer at max_slots (what a full cache needs)
};

// Everything captured in one forward step of one sequence.
struct ProbeFrame {
  uint64_t seq = 0;                    // 1, 2, 3 ... per Probes object
  std::vector<int32_t> tokens;         // the step's input tokens
  int64_t first_pos = 0;               // position of tokens[0]
  std::vector<AttentionFrame> attention;  // one per captured layer, ascending
  bool has_kv = false;
  KvFrame kv;

  uint64_t bytes() const;
};

class Probes {
 public:
  // At most `max_frames` frames and about `max_bytes` of frame data are kept (the newest frame is
  // always kept, whatever its size).
  explicit Probes(size_t max_frames = 64, uint64_t max_bytes = uint64_t(64) << 20);
  Probes(const Probes&) = delete;
  Probes& operator=(const Probes&) = delete;

  // Thread-safe. Returns a subscription id (> 0).
  int subscribe(const ProbeSpec& spec);
  // Thread-safe; an unknown id does nothing. The last unsubscription drops the kept frames.
  void unsubscribe(int id);
  // Replaces a subscription's spec (false for an unknown id).
  bool update(int id, const ProbeSpec& spec);
  int subscriber_count() const;
  // True while at least one subscription exists: the engine checks this once per forward call.
  bool active() const { return active_.load(std::memory_order_acquire); }

  // Frames with seq > after, oldest first (copies). Thread-safe.
  std::vector<ProbeFrame> frames_after(uint64_t after) const;
  // The newest frame's seq (0: none yet).
  uint64_t last_seq() const;
  void clear_frames();

  // Empty when probes work on the backend they are attached to; otherwise why not
  // ("not available on CUDA").
  std::string unavailable() const;
  void set_unavailable(std::string reason);

  // --- the engine side (the thread running the forward pass) ---
  // The merged subscription, snapshotted once per step.
  struct Plan {
    bool attention = false, kv = false;
    std::vector<int64_t> layers;  // ascending, deduplicated
    std::vector<int64_t> heads;   // ascending; empty: all
    int64_t max_queries = 0;      // the largest of the subscriptions' (0: all)
    bool wants(int64_t layer) const;
  };
  Plan plan() const;
  // Adds one step's frame (assigns its seq) and drops the oldest beyond the bounds.
  void publish(ProbeFrame frame);

 private:
  void merge_locked();

  mutable std::mutex mu_;
  std::atomic<bool> active_{false};
  std::map<int, ProbeSpec> subs_;
  Plan plan_;
  int next_id_ = 1;
  uint64_t next_seq_ = 1;
  size_t max_frames_;
  uint64_t max_bytes_, bytes_ = 0;
  std::deque<ProbeFrame> frames_;
  std::string unavailable_;
};

// Helpers the forward pass uses to fill a frame (engine/model/model.cpp).
namespace probe_detail {
// From raw weights [n_q, n_sel, n_rows] over key rows whose positions are row_pos (any order,
// negative = empty), the frame with columns by absolute position.
AttentionFrame attention_frame(int64_t layer, const std::vector<int64_t>& heads, int64_t group, const int64_t* q_pos,
                               int64_t n_q, int64_t window, const float* weights, const int64_t* row_pos,
                               int64_t n_rows);
// The cache's state after a step; `before` is slot_pos() before the step's commit (to find the
// evicted positions), `layers` the layers whose K/V norms are computed.
KvFrame kv_frame(const KvCache& cache, const std::vector<int64_t>& before, const std::vector<int64_t>& layers);
}  // namespace probe_detail

}  // namespace tramontane
