#include "engine/kv/kv_cache.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace tramontane {

KvCache::KvCache(int64_t n_layer, int64_t n_head_kv, int64_t head_dim, int64_t window, int64_t n_ctx_max)
    : n_layer_(n_layer), n_head_kv_(n_head_kv), head_dim_(head_dim), window_(window), n_ctx_max_(n_ctx_max),
      k_(size_t(n_layer)), v_(size_t(n_layer)) {}

KvCache KvCache::for_config(const ModelConfig& c) {
  return KvCache(c.n_layer, c.n_head_kv, c.head_dim, c.window, c.n_ctx_max);
}

Status KvCache::reserve(int64_t n_new) {
  if (n_new < 0) return Error{ErrorKind::Internal, "KvCache::reserve: negative token count"};
  if (window_ == 0 && n_new > n_ctx_max_ - n_past_) {
    if (n_past_ == 0)
      return Error{ErrorKind::BadInput, "prompt of " + std::to_string(n_new) + " tokens exceeds the context limit of " +
                                            std::to_string(n_ctx_max_) + " tokens"};
    return Error{ErrorKind::BadInput, std::to_string(n_new) + " more tokens after " + std::to_string(n_past_) +
                                          " exceed the context limit of " + std::to_string(n_ctx_max_) + " tokens"};
  }
  // Slots needed: every position so far plus the new ones, capped at the ring size.
  const int64_t need = window_ > 0 ? std::min(window_, n_past_ + n_new) : n_past_ + n_new;
  if (need <= capacity_) return {};
  // Geometric growth (at least doubling) so that token-by-token decode copies O(n) in total.
  const int64_t target = std::min(max_slots(), std::max(need, std::max<int64_t>(2 * capacity_, 16)));
  try {
    grow_to(target);
  } catch (const std::bad_alloc&) {
    const double mib = double(2 * n_layer_ * target * n_head_kv_ * head_dim_ * 4) / double(1 << 20);
    return Error{ErrorKind::Resource, "KV cache of " + std::to_string(int64_t(mib)) + " MiB: out of memory"};
  }
  return {};
}

void KvCache::grow_to(int64_t slots) {
  const size_t row = size_t(n_head_kv_ * head_dim_);
  // Slot indices keep their meaning when the buffers grow: while the ring is not yet full
  // (capacity < W) no position has wrapped, so slot s still holds position s.
  // reserve() first: it allocates exactly, where resize() alone may round the capacity up.
  for (int64_t l = 0; l < n_layer_; ++l) {
    for (auto* buf : {&k_[size_t(l)], &v_[size_t(l)]}) {
      buf->reserve(size_t(slots) * row);
      buf->resize(size_t(slots) * row);
    }
  }
  slot_pos_.reserve(size_t(slots));
  slot_pos_.resize(size_t(slots), -1);
  capacity_ = slots;
}

void KvCache::write(int64_t layer, int64_t first_pos, int64_t n, const float* k_rows, const float* v_rows) {
  const int64_t row = n_head_kv_ * head_dim_;
  const int64_t skip = window_ > 0 ? std::max<int64_t>(0, n - window_) : 0;
  float* k_dst = k_[size_t(layer)].data();
  float* v_dst = v_[size_t(layer)].data();
  for (int64_t t = skip; t < n; ++t) {
    const int64_t slot = slot_of(first_pos + t);
    std::memcpy(k_dst + slot * row, k_rows + t * row, size_t(row) * sizeof(float));
    std::memcpy(v_dst + slot * row, v_rows + t * row, size_t(row) * sizeof(float));
  }
}

void KvCache::commit(int64_t n) {
  const int64_t skip = window_ > 0 ? std::max<int64_t>(0, n - window_) : 0;
  for (int64_t t = skip; t < n; ++t) slot_pos_[size_t(slot_of(n_past_ + t))] = n_past_ + t;
  n_past_ += n;
}

bool KvCache::truncate(int64_t n) {
  if (n < 0 || n > n_past_) return false;
  if (window_ > 0 && n_past_ > window_) return false;  // a later position may have taken a kept one's slot
  for (int64_t p = n; p < n_past_; ++p) slot_pos_[size_t(slot_of(p))] = -1;
  n_past_ = n;
  return true;
}

uint64_t KvCache::bytes() const {
  uint64_t total = slot_pos_.capacity() * sizeof(int64_t);
  for (int64_t l = 0; l < n_layer_; ++l)
    total += (k_[size_t(l)].capacity() + v_[size_t(l)].capacity()) * sizeof(float);
  return total;
}

void KvCache::clear() {
  for (int64_t l = 0; l < n_layer_; ++l) {
    std::vector<float>().swap(k_[size_t(l)]);
    std::vector<float>().swap(v_[size_t(l)]);
  }
  std::vector<int64_t>().swap(slot_pos_);
  capacity_ = 0;
  n_past_ = 0;
}

}  // namespace tramontane
