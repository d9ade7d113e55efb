#include "engine/runtime/probes.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/kv/kv_cache.h"

namespace tramontane {

uint64_t ProbeFrame::bytes() const {
  uint64_t b = sizeof(ProbeFrame) + tokens.size() * sizeof(int32_t);
  for (const AttentionFrame& a : attention) b += a.weights.size() * sizeof(float) + a.q_pos.size() * sizeof(int64_t);
  if (has_kv)
    b += (kv.slot_pos.size() + kv.evicted.size()) * sizeof(int64_t) + (kv.k_norm.size() + kv.v_norm.size()) * sizeof(float);
  return b;
}

Probes::Probes(size_t max_frames, uint64_t max_bytes) : max_frames_(std::max<size_t>(1, max_frames)), max_bytes_(max_bytes) {}

bool Probes::Plan::wants(int64_t layer) const { return std::binary_search(layers.begin(), layers.end(), layer); }

void Probes::merge_locked() {
  Plan p;
  std::set<int64_t> layers, heads;
  bool all_heads = false, all_queries = false;
  for (const auto& [id, s] : subs_) {
    if (s.max_queries <= 0) all_queries = true;
    p.max_queries = std::max(p.max_queries, s.max_queries);
    p.attention = p.attention || s.attention;
    p.kv = p.kv || s.kv;
    layers.insert(s.layers.begin(), s.layers.end());
    if (s.heads.empty()) all_heads = true;
    heads.insert(s.heads.begin(), s.heads.end());
  }
  p.layers.assign(layers.begin(), layers.end());
  if (!all_heads) p.heads.assign(heads.begin(), heads.end());
  if (all_queries) p.max_queries = 0;
  plan_ = std::move(p);
  active_.store(!subs_.empty(), std::memory_order_release);
}

int Probes::subscribe(const ProbeSpec& spec) {
  std::lock_guard<std::mutex> lock(mu_);
  const int id = next_id_++;
  subs_[id] = spec;
  merge_locked();
  return id;
}

void Probes::unsubscribe(int id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (subs_.erase(id) == 0) return;
  merge_locked();
  if (subs_.empty()) {
    frames_.clear();
    bytes_ = 0;
  }
}

bool Probes::update(int id, const ProbeSpec& spec) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = subs_.find(id);
  if (it == subs_.end()) return false;
  it->second = spec;
  merge_locked();
  return true;
}

int Probes::subscriber_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return int(subs_.size());
}

std::vector<ProbeFrame> Probes::frames_after(uint64_t after) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ProbeFrame> out;
  for (const ProbeFrame& f : frames_)
    if (f.seq > after) out.push_back(f);
  return out;
}

uint64_t Probes::last_seq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return frames_.empty() ? 0 : frames_.back().seq;
}

void Probes::clear_frames() {
  std::lock_guard<std::mutex> lock(mu_);
  frames_.clear();
  bytes_ = 0;
}

std::string Probes::unavailable() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unavailable_;
}

void Probes::set_unavailable(std::string reason) {
  std::lock_guard<std::mutex> lock(mu_);
  unavailable_ = std::move(reason);
}

Probes::Plan Probes::plan() const {
  std::lock_guard<std::mutex> lock(mu_);
  return plan_;
}

void Probes::publish(ProbeFrame frame) {
  const uint64_t b = frame.bytes();
  std::lock_guard<std::mutex> lock(mu_);
  if (subs_.empty()) return;  // unsubscribed while the step ran
  frame.seq = next_seq_++;
  frames_.push_back(std::move(frame));
  bytes_ += b;
  while (frames_.size() > 1 && (frames_.size() > max_frames_ || bytes_ > max_bytes_)) {
    bytes_ -= frames_.front().bytes();
    frames_.pop_front();
  }
}

namespace probe_detail {

AttentionFrame attention_frame(int64_t layer, const std::vector<int64_t>& heads, int64_t group, const int64_t* q_pos,
                               int64_t n_q, int64_t window, const float* weights, const int64_t* row_pos,
                               int64_t n_rows) {
  AttentionFrame f;
  f.layer = layer;
  f.heads = heads;
  f.group = group;
  f.q_pos.assign(q_pos, q_pos + n_q);
  if (n_q == 0) return f;
  const int64_t q_min = *std::min_element(q_pos, q_pos + n_q), q_max = *std::max_element(q_pos, q_pos + n_q);
  f.key_first = window > 0 ? std::max<int64_t>(0, q_min - window + 1) : 0;
  f.n_keys = q_max + 1 - f.key_first;
  const size_t n_sel = heads.size();
  f.weights.assign(n_sel * size_t(n_q) * size_t(f.n_keys), 0.0f);
  // weights: [n_q, n_sel, n_rows] -> [n_sel, n_q, n_keys] by each row's position. A position may
  // appear twice (a ring slot and the chunk's own row for the same position cannot both be
  // visible: the slot's older content is masked), so masked entries (0) never overwrite.
  for (int64_t t = 0; t < n_q; ++t)
    for (size_t h = 0; h < n_sel; ++h) {
      const float* src = weights + (size_t(t) * n_sel + h) * size_t(n_rows);
      float* dst = f.weights.data() + (h * size_t(n_q) + size_t(t)) * size_t(f.n_keys);
      for (int64_t r = 0; r < n_rows; ++r) {
        const int64_t p = row_pos[r];
        if (p < f.key_first || p >= f.key_first + f.n_keys || src[r] == 0.0f) continue;
        dst[p - f.key_first] = src[r];
      }
    }
  return f;
}

KvFrame kv_frame(const KvCache& cache, const std::vector<int64_t>& before, const std::vector<int64_t>& layers) {
  KvFrame f;
  f.n_layer = cache.n_layer();
  f.n_head_kv = cache.n_head_kv();
  f.head_dim = cache.head_dim();
  f.window = cache.window();
  f.capacity = cache.capacity();
  f.max_slots = cache.max_slots();
  f.n_past = cache.n_past();
  f.write_head = cache.slot_of(cache.n_past());
  f.slot_pos.assign(cache.slot_pos(), cache.slot_pos() + cache.capacity());
  for (int64_t p : f.slot_pos) f.slots_used += p >= 0 ? 1 : 0;
  // A slot keeps its index when the cache grows, so a position held before the step whose slot
  // now holds another one was overwritten (left the window).
  for (size_t s = 0; s < before.size() && s < f.slot_pos.size(); ++s)
    if (before[s] >= 0 && f.slot_pos[s] != before[s]) f.evicted.push_back(before[s]);
  std::sort(f.evicted.begin(), f.evicted.end());

  const int64_t row = f.n_head_kv * f.head_dim;
  for (int64_t l : layers) {
    if (l < 0 || l >= f.n_layer) continue;
    f.norm_layers.push_back(l);
    for (const float* base : {cache.k(l), cache.v(l)}) {
      std::vector<float>& out = base == cache.k(l) ? f.k_norm : f.v_norm;
      for (int64_t s = 0; s < f.capacity; ++s)
        for (int64_t h = 0; h < f.n_head_kv; ++h) {
          const float* x = base + s * row + h * f.head_dim;
          double ss = 0;
          for (int64_t d = 0; d < f.head_dim; ++d) ss += double(x[d]) * double(x[d]);
          out.push_back(f.slot_pos[size_t(s)] >= 0 ? float(std::sqrt(ss)) : 0.0f);
        }
    }
  }
  const uint64_t per_slot = uint64_t(2 * row) * sizeof(float);
  f.bytes_per_layer = per_slot * uint64_t(f.capacity);
  f.bytes_total = cache.bytes();
  f.bytes_reserved = per_slot * uint64_t(f.max_slots) * uint64_t(f.n_layer);
  return f;
}

}  // namespace probe_detail

}  // namespace tramontane
