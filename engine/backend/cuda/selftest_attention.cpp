// Selftest of kernels/attention.cu (attention_prefill, attention_decode) against cpu::attention.
//
// Each case builds a KV ring as KvCache leaves it (position p in slot p mod window, or slot p
// without a window; slots not written yet hold NaN so that a kernel reading them fails the check),
// random q / k / v ~ N(0, 1), runs the GPU kernel and compares with cpu::attention over the same
// keys: the ring as one KvBlock with its slot positions (-1 for unwritten slots), plus for prefill
// the chunk's own keys as a second block.
// Error measure: max |gpu - cpu| / max(1, max |cpu|), tolerance 1e-4.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/backend/cpu/ops.h"
#include "engine/backend/cuda/device_buffer.h"
#include "engine/backend/cuda/selftest.h"
#include "kernels/api.h"

namespace tramontane::cuda::selftest {
namespace {

constexpr double kAttnTol = 1e-4;

double attn_rel_err(const std::vector<float>& gpu, const std::vector<float>& cpu) {
  if (gpu.size() != cpu.size()) return NAN;
  double err = 0, ref = 1;
  for (size_t i = 0; i < gpu.size(); ++i) {
    const double d = std::fabs(double(gpu[i]) - double(cpu[i]));
    if (std::isnan(d)) return NAN;
    err = std::max(err, d);
    ref = std::max(ref, double(std::fabs(cpu[i])));
  }
  return err / ref;
}

DeviceBuffer attn_upload(const std::vector<float>& v) {
  DeviceBuffer b(v.size() * sizeof(float), "attention selftest");
  b.upload(v);
  return b;
}

// A ring of `cap` slots holding positions [first, last] (slot p mod window, or p); other slots NaN.
struct Ring {
  std::vector<float> k, v;
  std::vector<int64_t> pos;  // position of each slot, -1 if unwritten
};

Ring make_ring(Rng& rng, int64_t cap, int64_t window, int64_t first, int64_t last, int64_t kv_dim) {
  Ring r;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  r.k.assign(size_t(cap * kv_dim), nan);
  r.v.assign(size_t(cap * kv_dim), nan);
  r.pos.assign(size_t(cap), -1);
  for (int64_t p = first; p <= last; ++p) {
    const int64_t slot = window > 0 ? p % window : p;
    r.pos[size_t(slot)] = p;
    for (int64_t i = 0; i < kv_dim; ++i) {
      r.k[size_t(slot * kv_dim + i)] = rng.normal();
      r.v[size_t(slot * kv_dim + i)] = rng.normal();
    }
  }
  return r;
}

std::string shape(int n_head, int n_head_kv, int hd, int64_t window, int64_t cap) {
  return std::to_string(n_head) + "/" + std::to_string(n_head_kv) + "x" + std::to_string(hd) +
         " win=" + std::to_string(window) + " cap=" + std::to_string(cap);
}

void sync_check(const char* what) { TRAMONTANE_CUDA_CHECK(kernels::stream_sync(nullptr), what); }

// Prefill of n tokens at p0 over a ring of cap slots holding max(0, p0 - cap) .. p0 - 1.
void prefill_case(Rng& rng, const Report& out, int n_head, int n_head_kv, int hd, int64_t window, int64_t cap,
                  int32_t p0, int64_t n) {
  const int64_t kv_dim = int64_t(n_head_kv) * hd, q_dim = int64_t(n_head) * hd;
  Ring ring = make_ring(rng, cap, window, std::max<int64_t>(0, p0 - cap), int64_t(p0) - 1, kv_dim);
  const std::vector<float> q = rng.normals(size_t(n * q_dim));
  const std::vector<float> k_new = rng.normals(size_t(n * kv_dim));
  const std::vector<float> v_new = rng.normals(size_t(n * kv_dim));
  std::vector<int64_t> q_pos(static_cast<size_t>(n));
  for (int64_t t = 0; t < n; ++t) q_pos[size_t(t)] = p0 + t;

  std::vector<float> ref(static_cast<size_t>(n * q_dim));
  const cpu::KvBlock blocks[2] = {{ring.k.data(), ring.v.data(), ring.pos.data(), cap},
                                  {k_new.data(), v_new.data(), q_pos.data(), n}};
  cpu::attention(q.data(), q_pos.data(), n, n_head, n_head_kv, hd, blocks, 2, window, ref.data());

  DeviceBuffer dq = attn_upload(q), dk = attn_upload(ring.k), dv = attn_upload(ring.v);
  DeviceBuffer dkn = attn_upload(k_new), dvn = attn_upload(v_new);
  DeviceBuffer dpos(sizeof(int32_t), "pos");
  dpos.upload(&p0, sizeof(p0));
  DeviceBuffer dout(size_t(n * q_dim) * sizeof(float), "out");
  TRAMONTANE_CUDA_CHECK(kernels::attention_prefill(dq.as<float>(), dk.as<float>(), dv.as<float>(), cap,
                                                   dkn.as<float>(), dvn.as<float>(), dpos.as<int32_t>(), n, n_head,
                                                   n_head_kv, hd, window, dout.as<float>(), nullptr),
                        "attention_prefill");
  sync_check("attention_prefill");
  const std::vector<float> gpu = dout.download_vec<float>(size_t(n * q_dim));
  out({"attention_prefill",
       shape(n_head, n_head_kv, hd, window, cap) + " p0=" + std::to_string(p0) + " n=" + std::to_string(n),
       attn_rel_err(gpu, ref), kAttnTol});
}

// Decode of the token at position p, whose k/v are in the ring (positions max(0, p + 1 - cap) .. p).
void decode_case(Rng& rng, const Report& out, int n_head, int n_head_kv, int hd, int64_t window, int64_t cap,
                 int32_t p, int max_splits) {
  const int64_t kv_dim = int64_t(n_head_kv) * hd, q_dim = int64_t(n_head) * hd;
  Ring ring = make_ring(rng, cap, window, std::max<int64_t>(0, int64_t(p) + 1 - cap), p, kv_dim);
  const std::vector<float> q = rng.normals(size_t(q_dim));
  const int64_t q_pos = p;

  std::vector<float> ref(static_cast<size_t>(q_dim));
  const cpu::KvBlock block{ring.k.data(), ring.v.data(), ring.pos.data(), cap};
  cpu::attention(q.data(), &q_pos, 1, n_head, n_head_kv, hd, &block, 1, window, ref.data());

  DeviceBuffer dq = attn_upload(q), dk = attn_upload(ring.k), dv = attn_upload(ring.v);
  DeviceBuffer dpos(sizeof(int32_t), "pos");
  dpos.upload(&p, sizeof(p));
  DeviceBuffer dout(size_t(q_dim) * sizeof(float), "out");
  DeviceBuffer work(size_t(kernels::attention_decode_work_floats(n_head, hd, max_splits)) * sizeof(float), "work");
  TRAMONTANE_CUDA_CHECK(kernels::attention_decode(dq.as<float>(), dk.as<float>(), dv.as<float>(), cap,
                                                  dpos.as<int32_t>(), n_head, n_head_kv, hd, dout.as<float>(),
                                                  work.as<float>(), max_splits, nullptr),
                        "attention_decode");
  sync_check("attention_decode");
  const std::vector<float> gpu = dout.download_vec<float>(size_t(q_dim));
  out({"attention_decode",
       shape(n_head, n_head_kv, hd, window, cap) + " pos=" + std::to_string(p) + " splits=" +
           std::to_string(max_splits),
       attn_rel_err(gpu, ref), kAttnTol});
}

}  // namespace

void check_attention(Rng& rng, const Report& out) {
  // ---- prefill: (n_head, n_head_kv, head_dim, window, cap, p0, n) ----
  // No window, p0 = 0 and p0 > 0; GQA 1, 4, 8; head_dim 8, 12, 16, 64, 128 (exact) and 96, 256.
  prefill_case(rng, out, 4, 4, 16, 0, 64, 0, 37);
  prefill_case(rng, out, 8, 2, 12, 0, 100, 29, 50);
  prefill_case(rng, out, 8, 1, 8, 0, 80, 13, 1);
  prefill_case(rng, out, 8, 2, 128, 0, 300, 200, 77);
  prefill_case(rng, out, 4, 2, 256, 0, 64, 10, 19);
  // Sliding windows that wrap: p0 well past the window, chunks longer than the window, odd sizes.
  prefill_case(rng, out, 8, 1, 8, 8, 8, 45, 21);
  prefill_case(rng, out, 4, 4, 64, 16, 16, 100, 53);
  prefill_case(rng, out, 16, 4, 64, 16, 16, 7, 40);   // ring not full yet (p0 < window)
  prefill_case(rng, out, 4, 1, 128, 16, 16, 333, 5);  // chunk shorter than the window
  prefill_case(rng, out, 6, 2, 96, 32, 32, 70, 45);   // G = 3: row blocks straddle tokens
  prefill_case(rng, out, 32, 2, 12, 8, 8, 1000, 13);  // G = 16
  // 7B shape: 32 / 8 heads of 128, window 4096, a 512-token chunk at p0 = 4000.
  prefill_case(rng, out, 32, 8, 128, 4096, 4096, 4000, 512);

  // ---- decode: (n_head, n_head_kv, head_dim, window, cap, pos, max_splits) ----
  decode_case(rng, out, 4, 4, 16, 0, 64, 0, 8);          // pos 0
  decode_case(rng, out, 8, 2, 12, 0, 100, 57, 8);        // pos < cap, no window
  decode_case(rng, out, 8, 1, 8, 8, 8, 45, 4);           // wrapped ring
  decode_case(rng, out, 16, 4, 64, 16, 16, 1000, 16);    // wrapped, more splits than key tiles
  decode_case(rng, out, 8, 2, 128, 256, 256, 700, 16);
  decode_case(rng, out, 8, 8, 128, 256, 256, 100, 3);    // pos < cap with a window
  decode_case(rng, out, 32, 2, 64, 0, 300, 250, 8);      // G = 16 (two head blocks per KV head)
  decode_case(rng, out, 6, 2, 96, 32, 32, 40, 3);
  decode_case(rng, out, 4, 2, 256, 0, 200, 150, 5);
  // 7B shape: max_splits 33 = ceil(2 * 132 SMs / 8 KV heads).
  decode_case(rng, out, 32, 8, 128, 4096, 4096, 511, 33);
  decode_case(rng, out, 32, 8, 128, 4096, 4096, 5000, 33);
  decode_case(rng, out, 32, 8, 128, 0, 32768, 32767, 64);  // 32768 slots, no window
}

}  // namespace tramontane::cuda::selftest
