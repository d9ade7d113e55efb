// The rolling-buffer KV cache: slot arithmetic, what a chunk overwrites, growth, limits, memory;
// and the attention op's masking over ring slots. Expected values are worked out by hand in
// the comments (kv_cache.h has the same worked example).
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "engine/backend/cpu/matmul.h"
#include "engine/backend/cpu/ops.h"
#include "engine/kv/kv_cache.h"

using namespace tramontane;

namespace {

// Writes positions n_past .. n_past + n - 1 into every layer with K = pos and V = -pos in every element.
void append(KvCache& c, int64_t n) {
  QVERIFY(c.reserve(n).has_value());
  const int64_t row = c.n_head_kv() * c.head_dim();
  std::vector<float> k(static_cast<size_t>(n * row)), v(size_t(n * row));
  for (int64_t t = 0; t < n; ++t)
    for (int64_t i = 0; i < row; ++i) {
      k[size_t(t * row + i)] = float(c.n_past() + t);
      v[size_t(t * row + i)] = -float(c.n_past() + t);
    }
  for (int64_t l = 0; l < c.n_layer(); ++l) c.write(l, c.n_past(), n, k.data(), v.data());
  c.commit(n);
}

std::vector<int64_t> slot_positions(const KvCache& c) { return {c.slot_pos(), c.slot_pos() + c.capacity()}; }

// The K value stored in each slot of `layer` (first element of the row).
std::vector<float> slot_keys(const KvCache& c, int64_t layer) {
  std::vector<float> out;
  const int64_t row = c.n_head_kv() * c.head_dim();
  for (int64_t s = 0; s < c.capacity(); ++s) out.push_back(c.k(layer)[s * row]);
  return out;
}

}  // namespace

class TestKvCache : public QObject {
  Q_OBJECT
 private slots:
  void slotOf() {
    KvCache ring(1, 1, 2, 4096, 0);
    QCOMPARE(ring.slot_of(0), 0);
    QCOMPARE(ring.slot_of(4095), 4095);
    QCOMPARE(ring.slot_of(4096), 0);
    QCOMPARE(ring.slot_of(5000), 904);  // 5000 - 4096
    QCOMPARE(ring.slot_of(3 * 4096 + 7), 7);
    KvCache linear(1, 1, 2, 0, 100);
    QCOMPARE(linear.slot_of(99), 99);
  }

  // The worked example of kv_cache.h: W = 4, positions 0..5, then a chunk 6..8.
  void workedExample() {
    KvCache c(2, 1, 2, 4, 0);
    append(c, 6);
    QCOMPARE(c.n_past(), 6);
    QCOMPARE(c.capacity(), 4);
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{4, 5, 2, 3}));
    QCOMPARE(slot_keys(c, 1), (std::vector<float>{4, 5, 2, 3}));
    append(c, 3);
    QCOMPARE(c.n_past(), 9);
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{8, 5, 6, 7}));
    QCOMPARE(slot_keys(c, 0), (std::vector<float>{8, 5, 6, 7}));
    QCOMPARE(c.v(1)[1 * 2 + 1], -5.0f);
  }

  // Before commit(), slot_pos still describes the ring as it was before the chunk, so the
  // next layer's attention sees the old positions.
  void slotPositionsChangeAtCommit() {
    KvCache c(1, 1, 2, 4, 0);
    append(c, 4);
    QVERIFY(c.reserve(2).has_value());
    const float k[4] = {40, 40, 50, 50}, v[4] = {0, 0, 0, 0};
    c.write(0, 4, 2, k, v);
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{0, 1, 2, 3}));
    QCOMPARE(slot_keys(c, 0), (std::vector<float>{40, 50, 2, 3}));
    c.commit(2);
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{4, 5, 2, 3}));
  }

  // A chunk of 10 into W = 4 keeps positions 6..9 at slots 2, 3, 0, 1.
  void chunkLongerThanWindow() {
    KvCache c(1, 2, 4, 4, 0);
    append(c, 10);
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{8, 9, 6, 7}));
    QCOMPARE(slot_keys(c, 0), (std::vector<float>{8, 9, 6, 7}));
    append(c, 1);  // position 10 -> slot 2
    QCOMPARE(slot_positions(c), (std::vector<int64_t>{8, 9, 10, 7}));
  }

  // A ring grows until it holds W slots and then its memory stays flat, for 3x the window and more.
  void ringMemoryFlat() {
    const int64_t W = 8;
    KvCache c(2, 2, 4, W, 0);
    QCOMPARE(c.bytes(), uint64_t(0));
    append(c, 3);
    QVERIFY(c.capacity() >= 3 && c.capacity() <= W);
    for (int i = 0; i < int(W); ++i) append(c, 1);
    QCOMPARE(c.capacity(), W);
    const uint64_t full = c.bytes();
    // 2 layers x (K + V) x 8 slots x 2 heads x 4 floats, plus 8 slot positions.
    QCOMPARE(full, uint64_t(2 * 2 * W * 2 * 4 * 4 + W * 8));
    for (int i = 0; i < int(3 * W); ++i) {
      append(c, 1);
      QCOMPARE(c.capacity(), W);
      QCOMPARE(c.bytes(), full);
    }
    QCOMPARE(c.n_past(), 3 + 4 * W);
  }

  // Without a window the cache grows to the context limit, keeps its contents, and refuses more.
  void linearGrowthAndLimit() {
    KvCache c(1, 1, 2, 0, 40);
    for (int i = 0; i < 37; ++i) append(c, 1);
    QVERIFY(c.capacity() >= 37 && c.capacity() <= 40);
    for (int64_t s = 0; s < 37; ++s) {
      QCOMPARE(c.slot_pos()[s], s);
      QCOMPARE(c.k(0)[s * 2], float(s));
    }
    auto over = c.reserve(4);
    QVERIFY(!over.has_value());
    QCOMPARE(over.error().kind, ErrorKind::BadInput);
    QCOMPARE(QString::fromStdString(over.error().message),
             QString("4 more tokens after 37 exceed the context limit of 40 tokens"));
    QCOMPARE(c.n_past(), 37);
    append(c, 3);
    QCOMPARE(c.capacity(), 40);

    KvCache fresh(1, 1, 2, 0, 40);
    auto prompt = fresh.reserve(41);
    QVERIFY(!prompt.has_value());
    QCOMPARE(QString::fromStdString(prompt.error().message),
             QString("prompt of 41 tokens exceeds the context limit of 40 tokens"));
    QCOMPARE(fresh.capacity(), 0);
  }

  void clearForgetsEverything() {
    KvCache c(2, 1, 2, 4, 0);
    append(c, 9);
    c.clear();
    QCOMPARE(c.n_past(), 0);
    QCOMPARE(c.capacity(), 0);
    QCOMPARE(c.bytes(), uint64_t(0));
    append(c, 2);
    QCOMPARE(slot_positions(c).size(), size_t(c.capacity()));
    QCOMPARE(c.slot_pos()[1], 1);
  }

  // With a zero query every visible key scores the same, so the output is the plain mean of
  // the visible values: this checks the mask i - W < j <= i, empty slots, and the GQA head map.
  void attentionMaskOverRing() {
    // Ring of W = 3 holding positions 3, 4, 2 (slot = pos mod 3) plus an empty slot; one new key
    // at position 5. head_dim 2, two KV heads (values 10*pos and 100*pos), four query heads.
    const int64_t W = 3, n_head = 4, n_head_kv = 2, hd = 2;
    const int64_t ring_pos[4] = {3, 4, 2, -1};
    std::vector<float> ring_k(4 * n_head_kv * hd, 0.5f), ring_v(4 * n_head_kv * hd);
    for (int s = 0; s < 4; ++s)
      for (int h = 0; h < n_head_kv; ++h)
        for (int d = 0; d < hd; ++d) ring_v[size_t((s * n_head_kv + h) * hd + d)] = float(ring_pos[s]) * (h ? 100 : 10);
    const int64_t new_pos[1] = {5};
    const float new_k[4] = {0.5f, 0.5f, 0.5f, 0.5f}, new_v[4] = {50, 50, 500, 500};
    const cpu::KvBlock blocks[2] = {{ring_k.data(), ring_v.data(), ring_pos, 4}, {new_k, new_v, new_pos, 1}};

    // Queries at positions 4 and 5 (the query at 4 must not see the new key at 5).
    const int64_t q_pos[2] = {4, 5};
    std::vector<float> q(2 * n_head * hd, 0.0f), out(2 * n_head * hd, -1.0f);
    cpu::attention(q.data(), q_pos, 2, n_head, n_head_kv, hd, blocks, 2, W, out.data());
    // Query 4 sees 2, 3, 4 -> mean 3; query 5 sees 3, 4, 5 -> mean 4. Heads 0, 1 read KV head 0 (x10),
    // heads 2, 3 read KV head 1 (x100).
    const float expect[2][4] = {{30, 30, 300, 300}, {40, 40, 400, 400}};
    for (int t = 0; t < 2; ++t)
      for (int h = 0; h < n_head; ++h)
        for (int d = 0; d < hd; ++d) QCOMPARE(out[size_t((t * n_head + h) * hd + d)], expect[t][h]);

    // Without a window (W = 0) query 5 sees 2, 3, 4, 5 -> mean 3.5.
    cpu::attention(q.data(), q_pos, 2, n_head, n_head_kv, hd, blocks, 2, 0, out.data());
    QCOMPARE(out[size_t((1 * n_head + 0) * hd)], 35.0f);
    QCOMPARE(out[size_t((1 * n_head + 3) * hd + 1)], 350.0f);
  }

  // The SIMD attention (eight-key dot products, polynomial exp, register value sums, runs of
  // visible rows) against the plain loops it replaced, which stay as the scalar path: outputs and
  // probe weights, over MHA / GQA / MQA, head sizes that are and are not multiples of 8 and 64, a
  // ring with empty slots whose rows hold NaN (never to be read), windows and none.
  void attentionSimdEqualsScalar() {
    const bool has_simd = cpu::simd_active();
    if (!has_simd) qInfo("this CPU has no AVX2: only the scalar path is checked");
    struct Shape {
      int64_t n_head, n_head_kv, hd, ring, chunk, window;
    };
    const Shape shapes[] = {{4, 4, 64, 37, 9, 0},  {8, 2, 64, 40, 17, 16}, {6, 1, 12, 23, 5, 8},
                            {4, 2, 128, 70, 3, 0}, {3, 3, 72, 19, 30, 12}, {8, 8, 8, 0, 21, 0}};
    std::mt19937 rng(7);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (const Shape& sh : shapes) {
      const int64_t kv = sh.n_head_kv * sh.hd, qd = sh.n_head * sh.hd;
      std::vector<float> rk(size_t(std::max<int64_t>(sh.ring, 1) * kv)), rv(rk.size());
      std::vector<int64_t> rpos(size_t(std::max<int64_t>(sh.ring, 1)));
      // Ring slots: positions 0..ring-2 shuffled over the slots, one slot empty (NaN rows).
      for (int64_t s = 0; s < sh.ring; ++s) rpos[size_t(s)] = s == sh.ring / 2 ? -1 : (s * 7) % sh.ring;
      for (size_t i = 0; i < rk.size(); ++i) {
        rk[i] = nd(rng);
        rv[i] = nd(rng);
      }
      for (int64_t s = 0; s < sh.ring; ++s)
        if (rpos[size_t(s)] < 0)
          for (int64_t i = 0; i < kv; ++i) rk[size_t(s * kv + i)] = rv[size_t(s * kv + i)] = nan;
      std::vector<float> ck(size_t(sh.chunk * kv)), cv(ck.size()), q(size_t(sh.chunk * qd));
      std::vector<int64_t> cpos(size_t(sh.chunk));
      for (auto* v : {&ck, &cv, &q})
        for (float& x : *v) x = 2.0f * nd(rng);
      for (int64_t t = 0; t < sh.chunk; ++t) cpos[size_t(t)] = sh.ring + t;
      const cpu::KvBlock blocks[2] = {{rk.data(), rv.data(), rpos.data(), sh.ring},
                                      {ck.data(), cv.data(), cpos.data(), sh.chunk}};
      const int64_t n_keys = sh.ring + sh.chunk;
      std::vector<int64_t> heads(size_t(sh.n_head));
      for (int64_t h = 0; h < sh.n_head; ++h) heads[size_t(h)] = h;
      std::vector<float> out[2], w[2];
      for (int simd = 0; simd < (has_simd ? 2 : 1); ++simd) {
        cpu::set_simd_enabled(simd == 1);
        out[simd].assign(q.size(), -7.0f);
        w[simd].assign(size_t(sh.chunk * sh.n_head * n_keys), -7.0f);
        const cpu::AttentionWeights aw{heads.data(), sh.n_head, w[simd].data(), 0};
        cpu::attention(q.data(), cpos.data(), sh.chunk, sh.n_head, sh.n_head_kv, sh.hd, blocks, 2, sh.window,
                       out[simd].data(), &aw);
        std::vector<float> plain(q.size(), -7.0f);  // the op without probes gives the same outputs
        cpu::attention(q.data(), cpos.data(), sh.chunk, sh.n_head, sh.n_head_kv, sh.hd, blocks, 2, sh.window,
                       plain.data());
        QVERIFY(plain == out[simd]);
      }
      cpu::set_simd_enabled(has_simd);
      // Every path: weights 0 exactly where masked (empty slot, future key, outside the window),
      // each row summing to 1; no NaN from the empty slot in the outputs.
      for (int simd = 0; simd < (has_simd ? 2 : 1); ++simd)
        for (int64_t t = 0; t < sh.chunk; ++t)
          for (int64_t h = 0; h < sh.n_head; ++h) {
            const float* row = w[simd].data() + (t * sh.n_head + h) * n_keys;
            double sum = 0;
            for (int64_t j = 0; j < n_keys; ++j) {
              const int64_t kp = j < sh.ring ? rpos[size_t(j)] : cpos[size_t(j - sh.ring)];
              const bool vis = kp >= 0 && kp <= cpos[size_t(t)] && (sh.window == 0 || kp > cpos[size_t(t)] - sh.window);
              if (!vis) QCOMPARE(row[j], 0.0f);
              sum += row[j];
            }
            QVERIFY2(std::fabs(sum - 1.0) < 1e-5, "a weight row does not sum to 1");
            for (int64_t d = 0; d < sh.hd; ++d)
              QVERIFY2(std::isfinite(out[simd][size_t((t * sh.n_head + h) * sh.hd + d)]),
                       "an empty slot's NaN row reached an output");
          }
      if (!has_simd) continue;
      double max_out = 0, max_w = 0;
      for (size_t i = 0; i < out[0].size(); ++i) {
        max_out = std::max(max_out, double(std::fabs(out[1][i] - out[0][i])));
      }
      for (size_t i = 0; i < w[0].size(); ++i) max_w = std::max(max_w, double(std::fabs(w[1][i] - w[0][i])));
      const QString where = QStringLiteral("heads %1/%2, head_dim %3, ring %4, chunk %5, window %6")
                                .arg(sh.n_head).arg(sh.n_head_kv).arg(sh.hd).arg(sh.ring).arg(sh.chunk).arg(sh.window);
      QVERIFY2(max_out <= 2e-5, qPrintable(where + QStringLiteral(": outputs differ by %1").arg(max_out)));
      QVERIFY2(max_w <= 2e-6, qPrintable(where + QStringLiteral(": weights differ by %1").arg(max_w)));
    }
  }
};

QTEST_APPLESS_MAIN(TestKvCache)
#include "test_kv_cache.moc"
