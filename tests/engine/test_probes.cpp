// The engine's probes (engine/runtime/probes.h): attention weights equal transformers'
// (output_attentions=True, eager, float64; tools/make_attention_fixtures.py) for prefill in chunks
// and token-by-token decode, including after the sliding window's ring wrapped several times; the
// KV probe's slot map is pos mod W at every step; byte counts follow the config; no subscription
// changes nothing; `tramontane-cli attention` writes the same weights.
#include <QtTest>

#include "tests/engine/cli_run.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/format/npy.h"
#include "engine/model/loader.h"
#include "engine/model/model.h"
#include "engine/model/weights.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/probes.h"
#include "engine/runtime/session.h"

using namespace tramontane;

namespace {

const std::string kFixtures = TRAMONTANE_FIXTURES;

struct Case {
  std::unique_ptr<LoadedModel> loaded;
  std::unique_ptr<Model> model;
  std::vector<int32_t> tokens;
  int64_t window = 0;
  std::vector<NpyArray> ref;  // per layer: [n_head, n, n]
};

Case load_case(const std::string& name) {
  Case c;
  auto loaded = open_model(kFixtures + "/models/" + name);
  if (!loaded) qFatal("%s", loaded.error().message.c_str());
  c.loaded = std::make_unique<LoadedModel>(std::move(*loaded));
  auto w = bind_weights(c.loaded->config, c.loaded->tensors, c.loaded->path);
  if (!w) qFatal("%s", w.error().message.c_str());
  auto m = Model::create(*w);
  if (!m) qFatal("%s", m.error().message.c_str());
  c.model = std::make_unique<Model>(std::move(*m));
  std::ifstream in(kFixtures + "/attention/" + name + "/tokens.json");
  const auto meta = nlohmann::json::parse(in);
  c.tokens = meta.at("tokens").get<std::vector<int32_t>>();
  c.window = meta.at("window").get<int64_t>();
  for (int64_t l = 0; l < c.loaded->config.n_layer; ++l) {
    auto a = read_npy(kFixtures + "/attention/" + name + "/attn_l" + std::to_string(l) + ".npy");
    if (!a) qFatal("%s", a.error().message.c_str());
    c.ref.push_back(std::move(*a));
  }
  return c;
}

// Runs `tokens` through the model (prefill in chunks of `chunk`, or one token per call when
// chunk == 0) with `probes` attached; returns the logits of every position.
std::vector<float> run(const Model& m, KvCache& cache, const std::vector<int32_t>& tokens, int64_t chunk,
                       Probes* probes) {
  const int64_t n = int64_t(tokens.size()), V = m.config().n_vocab;
  std::vector<float> logits(size_t(n * V));
  if (chunk == 0) {
    for (int64_t t = 0; t < n; ++t)
      if (!m.forward(cache, tokens.data() + t, 1, logits.data() + t * V, Logits::Last, nullptr, probes))
        qFatal("forward failed");
  } else {
    const_cast<Model&>(m).set_chunk_size(chunk);
    if (!m.forward(cache, tokens.data(), n, logits.data(), Logits::All, nullptr, probes)) qFatal("forward failed");
    const_cast<Model&>(m).set_chunk_size(0);
  }
  return logits;
}

// Every frame's attention of `layer`, placed into [n_head(sel), n, n] by absolute positions.
std::vector<float> assemble(const std::vector<ProbeFrame>& frames, int64_t layer, int64_t n_heads, int64_t n) {
  std::vector<float> out(size_t(n_heads * n * n), -1.0f);  // -1: never written
  for (const ProbeFrame& f : frames)
    for (const AttentionFrame& a : f.attention) {
      if (a.layer != layer) continue;
      for (size_t h = 0; h < a.heads.size(); ++h)
        for (size_t t = 0; t < a.q_pos.size(); ++t)
          for (int64_t k = 0; k < n; ++k)
            out[size_t((int64_t(h) * n + a.q_pos[t]) * n + k)] = a.at(h, int64_t(t), k);
    }
  return out;
}

bool visible(int64_t q, int64_t k, int64_t window) { return k <= q && (window == 0 || k > q - window); }

}  // namespace

class TestProbes : public QObject {
  Q_OBJECT
 private slots:
  // Probe weights of every layer and head against transformers', max error <= 1e-5; keys outside
  // the mask exactly 0. window8: 40 tokens = 5 windows, so decode runs after the ring wrapped 3x+.
  void matchesTransformers_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("chunk");  // 0: decode, one token per forward call
    for (const char* m : {"window8", "gqa", "mha"}) {
      QTest::newRow((std::string(m) + " prefill").c_str()) << QString(m) << 512;
      QTest::newRow((std::string(m) + " chunk 3").c_str()) << QString(m) << 3;
      QTest::newRow((std::string(m) + " chunk 5").c_str()) << QString(m) << 5;
      QTest::newRow((std::string(m) + " decode").c_str()) << QString(m) << 0;
    }
    QTest::newRow("window8 chunk 12 (> W)") << QString("window8") << 12;
  }
  void matchesTransformers() {
    QFETCH(QString, model);
    QFETCH(int, chunk);
    Case c = load_case(model.toStdString());
    const ModelConfig& cfg = c.model->config();
    const int64_t n = int64_t(c.tokens.size());
    Probes probes(size_t(n) + 1, ~uint64_t(0));
    ProbeSpec spec;
    for (int64_t l = 0; l < cfg.n_layer; ++l) spec.layers.push_back(l);
    probes.subscribe(spec);
    KvCache cache = c.model->new_cache();
    run(*c.model, cache, c.tokens, chunk, &probes);
    const auto frames = probes.frames_after(0);
    const int64_t steps = chunk == 0 ? n : (n + chunk - 1) / chunk;
    QCOMPARE(int64_t(frames.size()), steps);
    for (int64_t l = 0; l < cfg.n_layer; ++l) {
      const auto got = assemble(frames, l, cfg.n_head, n);
      double err = 0;
      for (int64_t h = 0; h < cfg.n_head; ++h)
        for (int64_t q = 0; q < n; ++q)
          for (int64_t k = 0; k < n; ++k) {
            const size_t i = size_t((h * n + q) * n + k);
            if (!visible(q, k, c.window))
              QVERIFY2(got[i] == 0.0f, qPrintable(QString("layer %1 head %2 query %3 key %4: %5 outside the window")
                                                      .arg(l).arg(h).arg(q).arg(k).arg(got[i])));
            err = std::max(err, std::fabs(double(got[i]) - c.ref[size_t(l)].at(int64_t(i))));
          }
      QVERIFY2(err <= 1e-5, qPrintable(QString("layer %1: max error %2").arg(l).arg(err)));
    }
    // Frames carry their layer's GQA group and, for a window, only the window's keys.
    for (const ProbeFrame& f : frames)
      for (const AttentionFrame& a : f.attention) {
        QCOMPARE(a.group, cfg.n_head / cfg.n_head_kv);
        if (c.window > 0 && chunk == 0) QVERIFY(a.n_keys <= c.window);
      }
    if (model == "window8" && chunk == 0) {
      // The last decode step (position 39, after the ring of 8 wrapped 4 times) sees 32..39 only.
      const AttentionFrame& a = frames.back().attention[0];
      QCOMPARE(a.q_pos, std::vector<int64_t>{39});
      QCOMPARE(a.key_first, int64_t(32));
      QCOMPARE(a.n_keys, int64_t(8));
    }
  }

  // A subscription for some heads of one layer records exactly those, with the same weights.
  void headSubset() {
    Case c = load_case("gqa");
    const int64_t n = int64_t(c.tokens.size());
    Probes probes(size_t(n) + 1, ~uint64_t(0));
    probes.subscribe({.layers = {1}, .heads = {5, 2}, .attention = true, .kv = false});
    KvCache cache = c.model->new_cache();
    run(*c.model, cache, c.tokens, 0, &probes);
    const auto frames = probes.frames_after(0);
    QCOMPARE(int64_t(frames.size()), n);
    for (const ProbeFrame& f : frames) {
      QCOMPARE(f.attention.size(), size_t(1));
      QCOMPARE(f.attention[0].layer, int64_t(1));
      QCOMPARE(f.attention[0].heads, (std::vector<int64_t>{2, 5}));
      QVERIFY(!f.has_kv);
    }
    const auto got = assemble(frames, 1, 2, n);
    double err = 0;
    for (int hi = 0; hi < 2; ++hi) {
      const int64_t h = hi == 0 ? 2 : 5;
      for (int64_t q = 0; q < n; ++q)
        for (int64_t k = 0; k < n; ++k)
          err = std::max(err, std::fabs(double(got[size_t((hi * n + q) * n + k)]) - c.ref[1].at((h * n + q) * n + k)));
    }
    QVERIFY2(err <= 1e-5, qPrintable(QString("max error %1").arg(err)));
  }

  // max_queries: of each prefill chunk only the last queries are recorded, with the same weights.
  void lastQueriesOfChunk() {
    Case c = load_case("window8");
    const int64_t n = int64_t(c.tokens.size());
    Probes probes(size_t(n) + 1, ~uint64_t(0));
    ProbeSpec spec;
    spec.layers = {0};
    spec.max_queries = 3;
    probes.subscribe(spec);
    KvCache cache = c.model->new_cache();
    run(*c.model, cache, c.tokens, 7, &probes);
    const auto frames = probes.frames_after(0);
    QCOMPARE(int64_t(frames.size()), (n + 6) / 7);
    for (const ProbeFrame& f : frames) {
      const int64_t end = f.first_pos + int64_t(f.tokens.size());
      const int64_t n_rec = std::min<int64_t>(3, int64_t(f.tokens.size()));
      QCOMPARE(int64_t(f.attention[0].q_pos.size()), n_rec);
      QCOMPARE(f.attention[0].q_pos.front(), end - n_rec);
      QCOMPARE(f.attention[0].q_pos.back(), end - 1);
    }
    const int64_t H = c.model->config().n_head;
    const auto got = assemble(frames, 0, H, n);
    double err = 0;
    int64_t rows = 0;
    for (int64_t h = 0; h < H; ++h)
      for (int64_t q = 0; q < n; ++q) {
        if (got[size_t((h * n + q) * n)] < 0) continue;  // a query that was not recorded
        ++rows;
        for (int64_t k = 0; k < n; ++k)
          err = std::max(err, std::fabs(double(got[size_t((h * n + q) * n + k)]) - c.ref[0].at((h * n + q) * n + k)));
      }
    QCOMPARE(rows, H * (int64_t(frames.size()) - 1) * 3 + H * std::min<int64_t>(3, n - (int64_t(frames.size()) - 1) * 7));
    QVERIFY2(err <= 1e-5, qPrintable(QString("max error %1").arg(err)));
  }

  // KV probe over a 3W-token run (W = 8), token by token and in chunks: at every step the slot map
  // is pos mod W, the write head n_past mod W, the evicted positions those that left the window,
  // the norms those of the cache, the byte counts those of the config.
  void kvProbeRing_data() {
    QTest::addColumn<int>("chunk");
    QTest::newRow("decode") << 0;
    QTest::newRow("chunk 3") << 3;
    QTest::newRow("chunk 5") << 5;
  }
  void kvProbeRing() {
    QFETCH(int, chunk);
    Case c = load_case("window8");
    const ModelConfig& cfg = c.model->config();
    const int64_t W = cfg.window;
    QCOMPARE(W, int64_t(8));
    const std::vector<int32_t> tokens(c.tokens.begin(), c.tokens.begin() + 3 * W);
    Probes probes(tokens.size() + 1, ~uint64_t(0));
    probes.subscribe({.layers = {1}, .heads = {}, .attention = false, .kv = true});
    KvCache cache = c.model->new_cache();
    run(*c.model, cache, tokens, chunk, &probes);
    const auto frames = probes.frames_after(0);
    QCOMPARE(int64_t(frames.size()), chunk == 0 ? 3 * W : (3 * W + chunk - 1) / chunk);
    const uint64_t row_bytes = uint64_t(cfg.n_head_kv * cfg.head_dim) * sizeof(float);
    std::set<int64_t> held;  // positions in the ring, as the test tracks them
    for (const ProbeFrame& f : frames) {
      QVERIFY(f.has_kv);
      QVERIFY(f.attention.empty());
      const KvFrame& kv = f.kv;
      const int64_t n_past = f.first_pos + int64_t(f.tokens.size());
      QCOMPARE(kv.n_past, n_past);
      QCOMPARE(kv.window, W);
      QCOMPARE(kv.max_slots, W);
      QCOMPARE(kv.write_head, n_past % W);
      QCOMPARE(kv.slots_used, std::min(n_past, W));
      QCOMPARE(int64_t(kv.slot_pos.size()), kv.capacity);
      for (int64_t s = 0; s < kv.capacity; ++s) {
        const int64_t p = kv.slot_pos[size_t(s)];
        if (p < 0) {
          QVERIFY(s >= n_past);
          continue;
        }
        QCOMPARE(p % W, s);
        QVERIFY(p < n_past && p >= n_past - W);
      }
      // Evicted: what was held before the step and is no longer.
      std::set<int64_t> now;
      for (int64_t p : kv.slot_pos)
        if (p >= 0) now.insert(p);
      std::vector<int64_t> expect_evicted;
      for (int64_t p : held)
        if (!now.count(p)) expect_evicted.push_back(p);
      QCOMPARE(kv.evicted, expect_evicted);
      held = now;
      // Bytes: K + V of capacity slots per layer; reserved = W slots in every layer.
      QCOMPARE(kv.bytes_per_layer, 2 * row_bytes * uint64_t(kv.capacity));
      QCOMPARE(kv.bytes_reserved, 2 * row_bytes * uint64_t(W) * uint64_t(cfg.n_layer));
      QCOMPARE(kv.norm_layers, std::vector<int64_t>{1});
      QCOMPARE(int64_t(kv.k_norm.size()), kv.capacity * cfg.n_head_kv);
      QCOMPARE(int64_t(kv.v_norm.size()), kv.capacity * cfg.n_head_kv);
    }
    // After 3W tokens: positions 16..23 in slots 0..7, evicted once each in order.
    const KvFrame& last = frames.back().kv;
    QCOMPARE(last.slot_pos, (std::vector<int64_t>{16, 17, 18, 19, 20, 21, 22, 23}));
    QCOMPARE(last.bytes_total, cache.bytes());
    QCOMPARE(last.bytes_total, 2 * row_bytes * uint64_t(W) * uint64_t(cfg.n_layer) + uint64_t(W) * sizeof(int64_t));
    // The norms are those of the cache's rows.
    for (int64_t s = 0; s < W; ++s)
      for (int64_t h = 0; h < cfg.n_head_kv; ++h) {
        const float* k = cache.k(1) + (s * cfg.n_head_kv + h) * cfg.head_dim;
        const float* v = cache.v(1) + (s * cfg.n_head_kv + h) * cfg.head_dim;
        double kk = 0, vv = 0;
        for (int64_t d = 0; d < cfg.head_dim; ++d) kk += double(k[d]) * k[d], vv += double(v[d]) * v[d];
        QVERIFY(std::fabs(last.k_norm[size_t(s * cfg.n_head_kv + h)] - std::sqrt(kk)) <= 1e-5 * (1 + std::sqrt(kk)));
        QVERIFY(std::fabs(last.v_norm[size_t(s * cfg.n_head_kv + h)] - std::sqrt(vv)) <= 1e-5 * (1 + std::sqrt(vv)));
      }
  }

  // Without a subscription nothing is recorded and the logits are bit-identical to a run without
  // probes; with one they are bit-identical too (the probe only reads). Unsubscribing drops frames.
  void offByDefault() {
    Case c = load_case("window8");
    KvCache plain = c.model->new_cache();
    const auto ref = run(*c.model, plain, c.tokens, 0, nullptr);
    Probes probes;
    QVERIFY(!probes.active());
    KvCache idle = c.model->new_cache();
    QVERIFY(run(*c.model, idle, c.tokens, 0, &probes) == ref);
    QCOMPARE(probes.last_seq(), uint64_t(0));
    const int id = probes.subscribe({.layers = {0, 1}});
    QVERIFY(probes.active());
    QCOMPARE(probes.subscriber_count(), 1);
    KvCache watched = c.model->new_cache();
    QVERIFY(run(*c.model, watched, c.tokens, 0, &probes) == ref);
    QVERIFY(probes.last_seq() > 0);
    probes.unsubscribe(id);
    QVERIFY(!probes.active());
    QCOMPARE(probes.subscriber_count(), 0);
    QVERIFY(probes.frames_after(0).empty());
  }

  // The ring of frames keeps the newest max_frames; seq numbers count every step.
  void boundedFrames() {
    Case c = load_case("window8");
    Probes probes(4, ~uint64_t(0));
    probes.subscribe({.layers = {0}});
    KvCache cache = c.model->new_cache();
    run(*c.model, cache, std::vector<int32_t>(c.tokens.begin(), c.tokens.begin() + 10), 0, &probes);
    auto frames = probes.frames_after(0);
    QCOMPARE(frames.size(), size_t(4));
    QCOMPARE(frames.front().seq, uint64_t(7));
    QCOMPARE(frames.back().seq, uint64_t(10));
    QCOMPARE(frames.back().first_pos, int64_t(9));
    QCOMPARE(probes.frames_after(8).size(), size_t(2));
    // A byte bound keeps at least the newest frame.
    Probes tiny(100, 1);
    tiny.subscribe({.layers = {0}});
    KvCache cache2 = c.model->new_cache();
    run(*c.model, cache2, std::vector<int32_t>(c.tokens.begin(), c.tokens.begin() + 5), 0, &tiny);
    QCOMPARE(tiny.frames_after(0).size(), size_t(1));
    QCOMPARE(tiny.last_seq(), uint64_t(5));
  }

  // Through Session on the CPU engine: prefill and generate both feed frames.
  void session() {
    auto engine = Engine::load(kFixtures + "/gguf_models/model-q8_0.gguf");
    QVERIFY2(engine.has_value(), engine ? "" : engine.error().message.c_str());
    Session s(**engine);
    Probes probes;
    s.set_probes(&probes);
    QCOMPARE(QString::fromStdString(probes.unavailable()), QString());
    probes.subscribe({.layers = {0}, .heads = {0}});
    const std::vector<int32_t> prompt{1, 5, 6, 7, 8};
    QVERIFY(s.prefill(prompt).has_value());
    const uint64_t after_prefill = probes.last_seq();
    QVERIFY(after_prefill >= 1);
    GenerateRequest req;
    req.max_tokens = 4;
    req.sampling.temperature = 0;
    auto r = s.generate(req);
    QVERIFY(r.has_value());
    QCOMPARE(probes.last_seq(), after_prefill + r->tokens.size());
    const auto frames = probes.frames_after(0);
    QCOMPARE(frames.back().kv.n_past, s.n_past());
  }

  // tramontane-cli attention: the .npy equals the fixture (all heads, one head, decode).
  void cliMatches_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("head");  // -1: all
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("window8 layer 1") << "window8" << 1 << -1 << QStringList{};
    QTest::newRow("window8 layer 0 head 3 decode") << "window8" << 0 << 3 << QStringList{"--decode"};
    QTest::newRow("window8 chunk 5") << "window8" << 1 << -1 << QStringList{"--chunk", "5"};
    QTest::newRow("gqa layer 0 head 6") << "gqa" << 0 << 6 << QStringList{};
    QTest::newRow("mha layer 1") << "mha" << 1 << -1 << QStringList{};
  }
  void cliMatches() {
    QFETCH(QString, model);
    QFETCH(int, layer);
    QFETCH(int, head);
    QFETCH(QStringList, extra);
    Case c = load_case(model.toStdString());
    QStringList ids;
    for (int32_t t : c.tokens) ids << QString::number(t);
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/attn.npy";
    QStringList args{"attention", QString::fromStdString(kFixtures) + "/models/" + model, "--tokens", ids.join(','),
                     "--layer", QString::number(layer), "--out", out};
    if (head >= 0) args << "--head" << QString::number(head);
    Run r = cli(args + extra);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const int64_t n = int64_t(c.tokens.size()), H = head >= 0 ? 1 : c.model->config().n_head;
    QCOMPARE(r.out.trimmed(), QString("{\"heads\":%1,\"keys\":%2,\"layer\":%3,\"out\":\"%4\",\"queries\":%2}")
                                  .arg(H).arg(n).arg(layer).arg(out));
    auto got = read_npy(out.toStdString());
    QVERIFY(got.has_value());
    QVERIFY(!got->is_f64);
    QCOMPARE(got->shape, (std::vector<int64_t>{H, n, n}));
    const NpyArray& ref = c.ref[size_t(layer)];
    double err = 0;
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < n * n; ++i)
        err = std::max(err, std::fabs(got->at(h * n * n + i) - ref.at(((head >= 0 ? head : h) * n * n) + i)));
    QVERIFY2(err <= 1e-5, qPrintable(QString("max error %1").arg(err)));
  }

  void cliErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString m = QString::fromStdString(kFixtures) + "/models/window8";
    const QString out = QDir::tempPath() + "/tramontane-test-probes-unused.npy";
    QTest::newRow("no layer") << QStringList{"attention", m, "--tokens", "1,2", "--out", out} << 2 << "usage:";
    QTest::newRow("layer range") << QStringList{"attention", m, "--tokens", "1,2", "--layer", "2", "--out", out} << 2
                                 << "--layer 2";
    QTest::newRow("head range") << QStringList{"attention", m, "--tokens", "1", "--layer", "0", "--head", "4", "--out", out}
                                << 2 << "--head 4";
    QTest::newRow("token id") << QStringList{"attention", m, "--tokens", "1,256", "--layer", "0", "--out", out} << 3
                              << "token id 256";
  }
  void cliErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    Run r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestProbes)
#include "test_probes.moc"
