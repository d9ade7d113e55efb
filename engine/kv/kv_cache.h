#pragma once
// The key/value cache of one sequence (one conversation): keys after RoPE and values, float32,
// for every layer, plus the number of positions seen so far.
//
// With a sliding window W it is a rolling buffer: position p lives in slot p mod W, and the ring
// never holds more than W slots whatever the conversation length. Worked example, W = 4:
//
//   positions 0..5 written      slot:      0  1  2  3
//                               position:  4  5  2  3      (4 overwrote 0, 5 overwrote 1)
//   next chunk: positions 6, 7, 8.  Query 6 sees 3..6 (i - W < j <= i), query 8 sees 5..8.
//   Writing the chunk first would put 6 -> slot 2, 7 -> slot 3 and destroy position 3, which
//   query 6 still needs. So a chunk attends over [the ring as it was before the chunk] plus
//   [the chunk's own keys] and only then is written (Model::forward does this); after it:
//                               slot:      0  1  2  3
//                               position:  8  5  6  7
//   A chunk longer than W writes only its last W positions (the earlier ones would be
//   overwritten within the chunk anyway).
//
// Without a window slot p holds position p, and the cache grows (geometrically) up to the
// context limit n_ctx_max. A ring also grows until it reaches W slots, so a short conversation
// does not pay for the whole window.
#include <cstdint>
#include <vector>

#include "engine/core/status.h"
#include "engine/model/config.h"

namespace tramontane {

class KvCache {
 public:
  // window > 0: ring of at most `window` slots; window == 0: up to n_ctx_max slots.
  KvCache(int64_t n_layer, int64_t n_head_kv, int64_t head_dim, int64_t window, int64_t n_ctx_max);
  static KvCache for_config(const ModelConfig& c);

  int64_t n_layer() const { return n_layer_; }
  int64_t n_head_kv() const { return n_head_kv_; }
  int64_t head_dim() const { return head_dim_; }
  int64_t window() const { return window_; }
  int64_t n_ctx_max() const { return n_ctx_max_; }

  // Positions stored so far; the next token's position.
  int64_t n_past() const { return n_past_; }
  // Slots allocated now (<= window with a window, <= n_ctx_max without).
  int64_t capacity() const { return capacity_; }
  // Slots a full cache has: window, or n_ctx_max without a window.
  int64_t max_slots() const { return window_ > 0 ? window_ : n_ctx_max_; }
  // Slot of position pos: pos mod window (e.g. W = 4096: position 5000 -> slot 904), or pos.
  int64_t slot_of(int64_t pos) const { return window_ > 0 ? pos % window_ : pos; }

  // Position held by each slot, -1 for a slot not yet written: [capacity()]
  const int64_t* slot_pos() const { return slot_pos_.data(); }
  // Keys / values of one layer: [capacity(), n_head_kv, head_dim]
  float* k(int64_t layer) { return k_[size_t(layer)].data(); }
  float* v(int64_t layer) { return v_[size_t(layer)].data(); }
  const float* k(int64_t layer) const { return k_[size_t(layer)].data(); }
  const float* v(int64_t layer) const { return v_[size_t(layer)].data(); }

  // Makes room for positions n_past() .. n_past() + n_new - 1. Without a window, going past
  // n_ctx_max is a BadInput error ("prompt of N tokens exceeds the context limit of M tokens");
  // an allocation failure is a Resource error. The contents are kept.
  Status reserve(int64_t n_new);

  // Stores the K/V rows of positions first_pos .. first_pos + n - 1 of `layer`
  // (k_rows, v_rows: [n, n_head_kv, head_dim]); only the last `window` of them with a window.
  // Call reserve() first; slot_pos() changes only at commit().
  void write(int64_t layer, int64_t first_pos, int64_t n, const float* k_rows, const float* v_rows);

  // Marks positions n_past() .. n_past() + n - 1 as stored in every layer.
  void commit(int64_t n);

  // Forgets positions n .. n_past() - 1 and keeps 0 .. n - 1, so that other tokens may follow
  // position n - 1 (moderation scores each answer after the same prompt this way). Possible only
  // while no kept position was overwritten: without a window, or with n_past() <= window. Returns
  // false, changing nothing, otherwise or when n is outside [0, n_past()]. Memory is kept.
  bool truncate(int64_t n);

  // Bytes held by the cache (K, V and slot positions).
  uint64_t bytes() const;
  // Forgets every position and frees the memory; n_past() becomes 0.
  void clear();

 private:
  void grow_to(int64_t slots);

  int64_t n_layer_, n_head_kv_, head_dim_, window_, n_ctx_max_;
  int64_t n_past_ = 0;
  int64_t capacity_ = 0;
  std::vector<std::vector<float>> k_, v_;  // [n_layer][capacity * n_head_kv * head_dim]
  std::vector<int64_t> slot_pos_;          // [capacity]
};

}  // namespace tramontane
