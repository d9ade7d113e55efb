// The forward pass against transformers (tools/make_ref_models.py -> tests/fixtures/models/<case>/):
// every case's logits at chunk sizes 1, 3, 7 and whole, token-by-token decode, batches, greedy
// generation, the rolling cache over many windows, and the input errors.
// Tolerance everywhere: max|ours - ref| <= 1e-4 * max|ref| (ref computed in float64).
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/format/hf_config.h"
#include "engine/format/npy.h"
#include "engine/format/safetensors.h"
#include "engine/model/model.h"

using namespace tramontane;

namespace {

constexpr double kTol = 1e-4;
const char* const kCases[] = {"mha", "gqa", "mqa", "head_dim", "window8", "llama", "tied", "f16", "bf16"};

// One fixture model with its references. Held by unique_ptr: the weights point into `ckpt`.
struct Fixture {
  std::string dir;
  SafetensorsCheckpoint ckpt;
  ModelConfig config;
  std::unique_ptr<Model> model;
  std::vector<std::vector<int32_t>> prompts;
  std::vector<NpyArray> logits;           // logits_k.npy: [len(prompts[k]), n_vocab]
  std::vector<int32_t> greedy_prompt, greedy_tokens;
};

std::unique_ptr<Fixture> load_fixture(const std::string& name) {
  auto f = std::make_unique<Fixture>();
  f->dir = std::string(TRAMONTANE_FIXTURES) + "/models/" + name;
  auto cfg = read_hf_config(f->dir + "/config.json");
  if (!cfg) qFatal("%s", cfg.error().message.c_str());
  f->config = *cfg;
  auto ckpt = read_safetensors_checkpoint(f->dir);
  if (!ckpt) qFatal("%s", ckpt.error().message.c_str());
  f->ckpt = std::move(*ckpt);
  auto w = bind_weights(f->config, f->ckpt.tensors, f->dir);
  if (!w) qFatal("%s", w.error().message.c_str());
  auto m = Model::create(*w);
  if (!m) qFatal("%s", m.error().message.c_str());
  f->model = std::make_unique<Model>(std::move(*m));

  std::ifstream in(f->dir + "/ref.json");
  const auto ref = nlohmann::json::parse(in);
  f->prompts = ref.at("prompts").get<std::vector<std::vector<int32_t>>>();
  f->greedy_prompt = ref.at("greedy").at("prompt").get<std::vector<int32_t>>();
  f->greedy_tokens = ref.at("greedy").at("tokens").get<std::vector<int32_t>>();
  for (size_t k = 0; k < f->prompts.size(); ++k) {
    auto a = read_npy(f->dir + "/logits_" + std::to_string(k) + ".npy");
    if (!a) qFatal("%s", a.error().message.c_str());
    if (a->shape != std::vector<int64_t>{int64_t(f->prompts[k].size()), f->config.n_vocab})
      qFatal("%s: logits_%zu.npy has the wrong shape", f->dir.c_str(), k);
    f->logits.push_back(std::move(*a));
  }
  return f;
}

Fixture& fixture(const QString& name) {
  static std::map<QString, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[name];
  if (!slot) slot = load_fixture(name.toStdString());
  return *slot;
}

double max_abs(const NpyArray& ref) {
  double m = 0;
  for (int64_t i = 0; i < ref.numel(); ++i) m = std::max(m, std::fabs(ref.at(i)));
  return m;
}

// max|ours - ref| / max|ref| over rows [row0, row0 + n_rows) of ref; ours: [n_rows, n_vocab].
double rel_error(const float* ours, const NpyArray& ref, int64_t row0, int64_t n_rows) {
  const int64_t n_vocab = ref.shape[1];
  double err = 0;
  for (int64_t i = 0; i < n_rows * n_vocab; ++i)
    err = std::max(err, std::fabs(double(ours[i]) - ref.at(row0 * n_vocab + i)));
  return err / max_abs(ref);
}

double max_rel_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double err = 0, scale = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    err = std::max(err, std::fabs(double(a[i]) - double(b[i])));
    scale = std::max(scale, std::fabs(double(b[i])));
  }
  return err / scale;
}

int32_t argmax(const float* row, int64_t n) { return int32_t(std::max_element(row, row + n) - row); }

void add_case_rows() {
  QTest::addColumn<QString>("name");
  for (const char* c : kCases) QTest::newRow(c) << QString(c);
}

}  // namespace

class TestForward : public QObject {
  Q_OBJECT
 private slots:
  void prefillAnyChunkSize_data() { add_case_rows(); }
  // Logits of every prompt position, prefilled in chunks of 1, 3, 7 and whole, match transformers.
  void prefillAnyChunkSize() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    const int64_t n_vocab = f.config.n_vocab;
    double worst = 0;
    for (size_t k = 0; k < f.prompts.size(); ++k) {
      const auto& p = f.prompts[k];
      const int64_t n = int64_t(p.size());
      for (int64_t chunk : {int64_t(1), int64_t(3), int64_t(7), n}) {
        f.model->set_chunk_size(chunk);
        KvCache cache = f.model->new_cache();
        std::vector<float> out(static_cast<size_t>(n * n_vocab));
        auto st = f.model->forward(cache, p.data(), n, out.data());
        QVERIFY2(st.has_value(), st.has_value() ? "" : st.error().message.c_str());
        QCOMPARE(cache.n_past(), n);
        const double err = rel_error(out.data(), f.logits[k], 0, n);
        QVERIFY2(err <= kTol, qPrintable(QString("prompt %1 chunk %2: relative error %3").arg(k).arg(chunk).arg(err)));
        worst = std::max(worst, err);
      }
    }
    f.model->set_chunk_size(0);
    qInfo("%s: max |ours - ref| / max|ref| over chunks 1, 3, 7, whole = %.3g", qPrintable(name), worst);
  }

  void defaultChunkSize() {
    auto fresh = [](const char* name) { return Model::create(fixture(name).model->weights())->chunk_size(); };
    QCOMPARE(fresh("window8"), 8);    // min(W, 512)
    QCOMPARE(fresh("gqa"), 512);      // W = 4096
    QCOMPARE(fresh("llama"), 512);    // no window
  }

  void decodeTokenByToken_data() { add_case_rows(); }
  // One token per call (only the last row's logits) gives every row of the reference.
  void decodeTokenByToken() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    const int64_t n_vocab = f.config.n_vocab;
    double worst = 0;
    for (size_t k = 0; k < f.prompts.size(); ++k) {
      KvCache cache = f.model->new_cache();
      std::vector<float> row(static_cast<size_t>(n_vocab));
      for (size_t t = 0; t < f.prompts[k].size(); ++t) {
        auto st = f.model->forward(cache, &f.prompts[k][t], 1, row.data(), Logits::Last);
        QVERIFY(st.has_value());
        const double err = rel_error(row.data(), f.logits[k], int64_t(t), 1);
        QVERIFY2(err <= kTol, qPrintable(QString("prompt %1 token %2: relative error %3").arg(k).arg(t).arg(err)));
        worst = std::max(worst, err);
      }
    }
    qInfo("%s: token-by-token decode max relative error = %.3g", qPrintable(name), worst);
  }

  void prefillThenContinue_data() { add_case_rows(); }
  // Prefill without logits, then the rest in one call with all logits, then Logits::Last.
  void prefillThenContinue() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    const auto& p = f.prompts[0];
    const int64_t n = int64_t(p.size()), n_vocab = f.config.n_vocab;
    // Chunk 5, and chunks as long as the call (longer than a window of 8, 12 or 16): the part
    // written to the ring by a long chunk must be what the next call needs.
    for (int64_t chunk : {int64_t(5), int64_t(1000)}) {
      f.model->set_chunk_size(chunk);
      for (int64_t head : {int64_t(11), n - 2}) {
        KvCache cache = f.model->new_cache();
        QVERIFY(f.model->forward(cache, p.data(), head, nullptr, Logits::None).has_value());
        std::vector<float> rest(static_cast<size_t>((n - head) * n_vocab));
        QVERIFY(f.model->forward(cache, p.data() + head, n - head, rest.data()).has_value());
        const double err = rel_error(rest.data(), f.logits[0], head, n - head);
        QVERIFY2(err <= kTol, qPrintable(QString("chunk %1 head %2: relative error %3").arg(chunk).arg(head).arg(err)));
      }
      KvCache cache2 = f.model->new_cache();
      std::vector<float> last(static_cast<size_t>(n_vocab));
      QVERIFY(f.model->forward(cache2, p.data(), n, last.data(), Logits::Last).has_value());
      QVERIFY(rel_error(last.data(), f.logits[0], n - 1, 1) <= kTol);
    }
    f.model->set_chunk_size(0);
  }

  void batchOfThree_data() { add_case_rows(); }
  // The three prompts (different lengths) in one batch equal the reference and the one-at-a-time
  // results; run in two calls (first part, then the rest) so that the second call continues
  // three caches at three different positions.
  void batchOfThree() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    const int64_t n_vocab = f.config.n_vocab;
    for (int64_t chunk : {int64_t(7), int64_t(0)}) {
      f.model->set_chunk_size(chunk);
      std::vector<KvCache> caches;
      std::vector<std::vector<float>> outs;
      for (const auto& p : f.prompts) {
        caches.push_back(f.model->new_cache());
        outs.emplace_back(p.size() * size_t(n_vocab));
      }
      const int64_t split[3] = {5, 13, 1};
      for (int part = 0; part < 2; ++part) {
        std::vector<SeqInput> batch;
        for (size_t k = 0; k < f.prompts.size(); ++k) {
          const int64_t n = int64_t(f.prompts[k].size());
          const int64_t b = part == 0 ? 0 : split[k], e = part == 0 ? split[k] : n;
          batch.push_back({&caches[k], f.prompts[k].data() + b, e - b, outs[k].data() + b * n_vocab, Logits::All});
        }
        auto st = f.model->forward_batch(batch);
        QVERIFY2(st.has_value(), st.has_value() ? "" : st.error().message.c_str());
      }
      for (size_t k = 0; k < f.prompts.size(); ++k) {
        const int64_t n = int64_t(f.prompts[k].size());
        QCOMPARE(caches[k].n_past(), n);
        QVERIFY(rel_error(outs[k].data(), f.logits[k], 0, n) <= kTol);
        KvCache alone = f.model->new_cache();
        std::vector<float> single(static_cast<size_t>(n * n_vocab));
        QVERIFY(f.model->forward(alone, f.prompts[k].data(), n, single.data()).has_value());
        const double diff = max_rel_diff(outs[k], single);
        QVERIFY2(diff <= 1e-5, qPrintable(QString("prompt %1: batch vs alone differ by %2").arg(k).arg(diff)));
      }
    }
    f.model->set_chunk_size(0);
  }

  void greedy50_data() { add_case_rows(); }
  // Greedy generation of 50 tokens equals transformers' model.generate(do_sample=False).
  void greedy50() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    const int64_t n_vocab = f.config.n_vocab;
    KvCache cache = f.model->new_cache();
    std::vector<float> row(static_cast<size_t>(n_vocab));
    QVERIFY(f.model->forward(cache, f.greedy_prompt.data(), int64_t(f.greedy_prompt.size()), row.data(), Logits::Last)
                .has_value());
    std::vector<int32_t> generated;
    for (size_t i = 0; i < f.greedy_tokens.size(); ++i) {
      const int32_t next = argmax(row.data(), n_vocab);
      generated.push_back(next);
      QVERIFY(f.model->forward(cache, &next, 1, row.data(), Logits::Last).has_value());
    }
    QCOMPARE(generated, f.greedy_tokens);
  }

  // Window 8, decode one token at a time through the 40-token prompt and 50 generated tokens
  // (over 11 windows): the cache stops at W slots and its bytes stay the same, and the logits
  // stay exact (prompt rows vs the reference, generated tokens vs transformers' greedy run).
  void memoryFlatOverManyWindows() {
    Fixture& f = fixture("window8");
    const int64_t W = f.config.window, n_vocab = f.config.n_vocab;
    QCOMPARE(W, 8);
    const auto& p = f.greedy_prompt;
    QVERIFY(int64_t(p.size()) >= 3 * W);
    KvCache cache = f.model->new_cache();
    std::vector<float> row(static_cast<size_t>(n_vocab));
    uint64_t full_bytes = 0;
    std::vector<int32_t> generated;
    int32_t next = p[0];
    for (int64_t t = 0; t < int64_t(p.size() + f.greedy_tokens.size()); ++t) {
      next = t < int64_t(p.size()) ? p[size_t(t)] : next;
      QVERIFY(f.model->forward(cache, &next, 1, row.data(), Logits::Last).has_value());
      if (t < int64_t(p.size()))
        QVERIFY(rel_error(row.data(), f.logits[0], t, 1) <= kTol);
      if (t + 1 == W) full_bytes = cache.bytes();
      if (t + 1 >= W) {
        QCOMPARE(cache.capacity(), W);
        QCOMPARE(cache.bytes(), full_bytes);
      }
      if (t + 1 >= int64_t(p.size())) {
        next = argmax(row.data(), n_vocab);
        if (generated.size() < f.greedy_tokens.size()) generated.push_back(next);
      }
    }
    QCOMPARE(generated, f.greedy_tokens);
    // [n_layer=2][W slots][n_head_kv=2][head_dim=8] for K and V, plus W slot positions.
    QCOMPARE(full_bytes, uint64_t(2 * 2 * W * 2 * 8 * 4 + W * 8));

    // A window has no context limit: 600 more tokens (past max_position_embeddings = 512) still fit in W slots.
    std::vector<int32_t> many(600, 5);
    QVERIFY(f.model->forward(cache, many.data(), int64_t(many.size()), nullptr, Logits::None).has_value());
    QCOMPARE(cache.capacity(), W);
    QCOMPARE(cache.bytes(), full_bytes);
  }

  void interleavedRope_data() { add_case_rows(); }
  // GGUF files from llama.cpp's converter permute the rows of q_proj / k_proj per head so that
  // RoPE rotates adjacent pairs: convert_hf_to_gguf.py's permute() is
  //   w.reshape(n_head, 2, head_dim / 2, n_embd).swapaxes(1, 2).reshape(w.shape)
  // i.e. new row h*head_dim + 2j + s = old row h*head_dim + s*head_dim/2 + j. With those rows and
  // rope_interleaved the logits must still be transformers' logits.
  void interleavedRope() {
    QFETCH(QString, name);
    Fixture& f = fixture(name);
    ModelWeights w = f.model->weights();
    const int64_t hd = f.config.head_dim;
    std::vector<std::vector<uint8_t>> buffers;
    std::vector<TensorView> views;
    views.reserve(2 * w.layers.size());
    auto permute = [&](const TensorView* t, int64_t n_head) {
      const uint64_t rb = t->row_bytes();
      std::vector<uint8_t> out(t->nbytes);
      for (int64_t h = 0; h < n_head; ++h)
        for (int64_t j = 0; j < hd / 2; ++j)
          for (int64_t s = 0; s < 2; ++s)
            std::memcpy(out.data() + uint64_t(h * hd + 2 * j + s) * rb, t->row(h * hd + s * hd / 2 + j), rb);
      buffers.push_back(std::move(out));
      TensorView v = *t;
      v.data = buffers.back().data();
      views.push_back(v);
      return &views.back();
    };
    buffers.reserve(2 * w.layers.size());
    for (LayerWeights& l : w.layers) {
      l.wq = permute(l.wq, f.config.n_head);
      l.wk = permute(l.wk, f.config.n_head_kv);
    }
    w.config.rope_interleaved = true;
    auto m = Model::create(w);
    QVERIFY(m.has_value());
    const auto& p = f.prompts[0];
    const int64_t n = int64_t(p.size());
    std::vector<float> out(static_cast<size_t>(n * f.config.n_vocab));
    KvCache cache = m->new_cache();
    m->set_chunk_size(3);
    QVERIFY(m->forward(cache, p.data(), n, out.data()).has_value());
    const double err = rel_error(out.data(), f.logits[0], 0, n);
    QVERIFY2(err <= kTol, qPrintable(QString("relative error %1").arg(err)));
  }

  void badTokenId() {
    Fixture& f = fixture("mha");
    KvCache cache = f.model->new_cache();
    const int32_t ok[3] = {1, 5, 7};
    std::vector<float> out(static_cast<size_t>(3 * f.config.n_vocab));
    QVERIFY(f.model->forward(cache, ok, 3, out.data()).has_value());
    for (int32_t bad : {int32_t(-1), int32_t(f.config.n_vocab), int32_t(1 << 30)}) {
      const int32_t toks[3] = {4, bad, 6};
      auto st = f.model->forward(cache, toks, 3, out.data());
      QVERIFY(!st.has_value());
      QCOMPARE(st.error().kind, ErrorKind::BadInput);
      const QString msg = QString::fromStdString(st.error().message);
      QVERIFY2(msg.contains(QString("token id %1 at index 1 is outside the vocabulary (0..299)").arg(bad)), qPrintable(msg));
      QCOMPARE(cache.n_past(), 3);  // unchanged
    }
    // In a batch, one bad sequence stops the whole batch before any cache changes.
    KvCache a = f.model->new_cache(), b = f.model->new_cache();
    const int32_t bad[2] = {3, 300};
    auto st = f.model->forward_batch({{&a, ok, 3, nullptr, Logits::None}, {&b, bad, 2, nullptr, Logits::None}});
    QVERIFY(!st.has_value());
    QVERIFY(QString::fromStdString(st.error().message).startsWith("sequence 1: token id 300"));
    QCOMPARE(a.n_past(), 0);
    QCOMPARE(b.n_past(), 0);
    // The same cache twice is refused.
    auto twice = f.model->forward_batch({{&a, ok, 3, nullptr, Logits::None}, {&a, ok, 3, nullptr, Logits::None}});
    QVERIFY(!twice.has_value());
  }

  // Llama fixture: no window, max_position_embeddings 96.
  void contextLimit() {
    Fixture& f = fixture("llama");
    QCOMPARE(f.config.window, 0);
    QCOMPARE(f.config.n_ctx_max, 96);
    std::vector<int32_t> toks(97, 7);
    KvCache cache = f.model->new_cache();
    auto st = f.model->forward(cache, toks.data(), 97, nullptr, Logits::None);
    QVERIFY(!st.has_value());
    QCOMPARE(st.error().kind, ErrorKind::BadInput);
    QCOMPARE(QString::fromStdString(st.error().message),
             QString("prompt of 97 tokens exceeds the context limit of 96 tokens"));
    QCOMPARE(cache.n_past(), 0);
    QVERIFY(f.model->forward(cache, toks.data(), 90, nullptr, Logits::None).has_value());
    auto more = f.model->forward(cache, toks.data(), 7, nullptr, Logits::None);
    QVERIFY(!more.has_value());
    QCOMPARE(QString::fromStdString(more.error().message),
             QString("7 more tokens after 90 exceed the context limit of 96 tokens"));
    QCOMPARE(cache.n_past(), 90);
    QVERIFY(f.model->forward(cache, toks.data(), 6, nullptr, Logits::None).has_value());
    QCOMPARE(cache.n_past(), 96);
    QVERIFY(cache.capacity() <= 96);
    QVERIFY(!f.model->forward(cache, toks.data(), 1, nullptr, Logits::None).has_value());
  }
};

QTEST_APPLESS_MAIN(TestForward)
#include "test_forward.moc"
