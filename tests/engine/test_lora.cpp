// LoRA adapters against PEFT (tools/make_lora_fixtures.py -> tests/fixtures/lora/): every adapter
// at scales 1 and 0.5, scale 0 and disabled (= the base model bit for bit), stacked adapters, the
// cache policy when the set changes mid-conversation, a mixed batch of 4 sets against 4 separate
// runs, the runtime Session, the CLI's --adapter, and malformed adapters refused.
// Tolerance against PEFT: max|ours - ref| <= 1e-4 * max|ref| (ref computed in float64).
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "engine/format/hf_config.h"
#include "engine/format/npy.h"
#include "engine/format/safetensors.h"
#include "engine/lora/adapter.h"
#include "engine/model/loader.h"
#include "engine/runtime/engine.h"
#include "engine/runtime/session.h"
#include "engine/model/model.h"

using namespace tramontane;

namespace {

constexpr double kTol = 1e-4;
const std::string kLora = std::string(TRAMONTANE_FIXTURES) + "/lora";

// A fixture model: tests/fixtures/models/<name>, or "gguf" = tests/fixtures/gguf_models/model-f32.gguf.
struct Base {
  std::string dir;  // the path given to open_model
  LoadedModel loaded;
  ModelConfig config;
  ModelWeights weights;
  std::unique_ptr<Model> model;
  std::vector<std::vector<int32_t>> prompts;
};

std::unique_ptr<Base> load_base(const std::string& name) {
  auto b = std::make_unique<Base>();
  const bool gguf = name == "gguf";
  b->dir = std::string(TRAMONTANE_FIXTURES) + (gguf ? "/gguf_models/model-f32.gguf" : "/models/" + name);
  auto loaded = open_model(b->dir);
  if (!loaded) qFatal("%s", loaded.error().message.c_str());
  b->loaded = std::move(*loaded);
  b->config = b->loaded.config;
  auto w = bind_weights(b->config, b->loaded.tensors, b->dir);
  if (!w) qFatal("%s", w.error().message.c_str());
  b->weights = *w;
  auto m = Model::create(b->weights);
  if (!m) qFatal("%s", m.error().message.c_str());
  b->model = std::make_unique<Model>(std::move(*m));
  std::ifstream in(gguf ? std::string(TRAMONTANE_FIXTURES) + "/gguf_models/ref.json" : b->dir + "/ref.json");
  b->prompts = nlohmann::json::parse(in).at("prompts").get<std::vector<std::vector<int32_t>>>();
  return b;
}

double max_abs(const std::vector<float>& v) {
  double m = 0;
  for (float x : v) m = std::max(m, double(std::fabs(x)));
  return m;
}

double max_diff(const float* a, const float* b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
  return m;
}

std::vector<float> run(const Base& b, const std::vector<int32_t>& ids, const lora::AdapterSet* set) {
  KvCache cache = b.model->new_cache();
  std::vector<float> out(ids.size() * size_t(b.config.n_vocab));
  auto st = b.model->forward(cache, ids.data(), int64_t(ids.size()), out.data(), Logits::All, set);
  if (!st) qFatal("%s", st.error().message.c_str());
  return out;
}

std::vector<float> read_ref(const std::string& file) {
  auto a = read_npy(kLora + "/" + file);
  if (!a) qFatal("%s", a.error().message.c_str());
  return a->f32;
}

}  // namespace

class TestLora : public QObject {
  Q_OBJECT

  std::map<std::string, std::unique_ptr<Base>> bases_;
  std::map<std::string, std::shared_ptr<const lora::Adapter>> adapters_;
  nlohmann::json ref_;

  Base& base(const std::string& name) {
    auto& b = bases_[name];
    if (!b) b = load_base(name);
    return *b;
  }
  std::shared_ptr<const lora::Adapter> adapter(const std::string& name, const std::string& model) {
    auto& a = adapters_[name];
    if (!a) {
      auto r = lora::load_adapter(kLora + "/" + name, base(model).weights);
      if (!r) qFatal("%s", r.error().message.c_str());
      a = *r;
    }
    return a;
  }

 private slots:
  void initTestCase() {
    std::ifstream in(kLora + "/ref.json");
    QVERIFY(in.good());
    ref_ = nlohmann::json::parse(in);
    QVERIFY(ref_.at("cases").size() >= 10);
  }

  void loadsConfig() {
    auto a = adapter("gqa_r16_all_rslora", "gqa");
    QCOMPARE(a->rank, int64_t(16));
    QCOMPARE(a->alpha, 8.0);
    QVERIFY(a->use_rslora);
    QCOMPARE(a->scaling, 2.0f);  // 8 / sqrt(16)
    QCOMPARE(a->targets().size(), size_t(7));
    auto r8 = adapter("gqa_r8_attn", "gqa");
    QCOMPARE(r8->scaling, 2.0f);  // 16 / 8
    QCOMPARE(r8->targets(), (std::vector<std::string>{"q_proj", "k_proj", "v_proj", "o_proj"}));
    // 2 layers x 8 x (64+64 + 64+16 + 64+16 + 64+64) floats
    QCOMPARE(r8->bytes(), uint64_t(2 * 8 * (128 + 80 + 80 + 128) * 4));
    auto r1 = adapter("gqa_r1_layer1", "gqa");
    QVERIFY(r1->layers[0][size_t(lora::Proj::V)].empty());  // layers_to_transform = [1]
    QVERIFY(!r1->layers[1][size_t(lora::Proj::V)].empty());
    QVERIFY(r1->layers[1][size_t(lora::Proj::Q)].empty());
    QCOMPARE(r1->scaling, 3.0f);  // 3 / sqrt(1)
    auto mha = adapter("mha_r8_regex", "mha");  // regex target_modules
    QCOMPARE(mha->targets().size(), size_t(7));
    QCOMPARE(mha->scaling, 0.5f);
    QVERIFY(base("gguf").config.rope_interleaved);  // the PEFT adapter on a GGUF base: q/k rows permuted
    QCOMPARE(adapter("gguf_r4_all", "gguf")->targets().size(), size_t(7));
  }

  // Every PEFT case: single adapters at scales 1 and 0.5, stacked adapters.
  void matchesPeft() {
    for (const auto& c : ref_.at("cases")) {
      const std::string model = c.at("model");
      Base& b = base(model);
      lora::AdapterSet set;
      for (const auto& a : c.at("adapters"))
        QVERIFY(set.add(adapter(a.at(0).get<std::string>(), model), a.at(1).get<float>()));
      const auto& ids = b.prompts.at(c.at("prompt").get<size_t>());
      const std::vector<float> ref = read_ref(c.at("file"));
      QCOMPARE(ref.size(), ids.size() * size_t(b.config.n_vocab));
      const std::vector<float> ours = run(b, ids, &set);
      const double err = max_diff(ours.data(), ref.data(), ref.size()), bound = kTol * max_abs(ref);
      if (!(err <= bound))
        QFAIL(qPrintable(QString::fromStdString(c.at("name").get<std::string>()) +
                         QStringLiteral(": max error %1 > %2").arg(err).arg(bound)));
      // and the adapter matters: far from the base model
      const std::vector<float> base_logits = run(b, ids, nullptr);
      QVERIFY(max_diff(base_logits.data(), ref.data(), ref.size()) > 100 * bound);
    }
  }

  // Scale 0, a disabled adapter and an empty set give the base model's logits bit for bit, and
  // those match transformers' reference for the base model.
  void scaleZeroIsBase() {
    Base& b = base("gqa");
    const auto& ids = b.prompts[0];
    const std::vector<float> plain = run(b, ids, nullptr);
    lora::AdapterSet zero;
    QVERIFY(zero.add(adapter("gqa_r16_all_rslora", "gqa"), 0.0f));
    QVERIFY(!zero.active());
    QCOMPARE(run(b, ids, &zero), plain);
    lora::AdapterSet off;
    QVERIFY(off.add(adapter("gqa_r8_attn", "gqa"), 1.0f, false));
    QCOMPARE(run(b, ids, &off), plain);
    lora::AdapterSet empty;
    QCOMPARE(run(b, ids, &empty), plain);
    auto base_ref = read_npy(b.dir + "/logits_0.npy");
    QVERIFY(base_ref.has_value());
    QVERIFY(max_diff(plain.data(), base_ref->f32.data(), plain.size()) <= kTol * max_abs(base_ref->f32));
  }

  void scaleRange() {
    lora::AdapterSet set;
    QVERIFY(!set.add(adapter("gqa_r8_attn", "gqa"), 2.5f));
    QVERIFY(!set.add(adapter("gqa_r8_attn", "gqa"), -0.1f));
    QVERIFY(!set.add(adapter("gqa_r8_attn", "gqa"), std::nanf("")));
    QVERIFY(set.add(adapter("gqa_r8_attn", "gqa"), 2.0f));
    QVERIFY(!set.set_scale(0, 3.0f));
    QVERIFY(set.set_scale(0, 0.5f));
    QCOMPARE(set.entries()[0].scale, 0.5f);
  }

  // Cache policy: toggling keeps the cache rows computed with the old set (PEFT with shared
  // past_key_values gives the same); recomputing from scratch gives the new set's logits.
  void toggleMidConversation() {
    const auto& t = ref_.at("toggle");
    Base& b = base(t.at("model"));
    const auto& ids = b.prompts.at(t.at("prompt").get<size_t>());
    const std::vector<float> ref = read_ref(t.at("file"));
    const int64_t V = b.config.n_vocab;
    lora::AdapterSet set;
    QVERIFY(set.add(adapter(t.at("adapter"), t.at("model"))));
    KvCache cache = b.model->new_cache();
    std::vector<float> ours(ids.size() * size_t(V));
    for (const auto& seg : t.at("segments")) {
      const int64_t begin = seg.at(0), end = seg.at(1);
      set.set_enabled(0, seg.at(2).get<bool>());
      QVERIFY(b.model->forward(cache, ids.data() + begin, end - begin, ours.data() + begin * V, Logits::All, &set));
    }
    QVERIFY(max_diff(ours.data(), ref.data(), ref.size()) <= kTol * max_abs(ref));

    // Token-by-token decode with the same toggles gives the same (the set is read per call).
    KvCache c2 = b.model->new_cache();
    std::vector<float> dec(ids.size() * size_t(V));
    for (const auto& seg : t.at("segments")) {
      set.set_enabled(0, seg.at(2).get<bool>());
      for (int64_t i = seg.at(0); i < seg.at(1).get<int64_t>(); ++i)
        QVERIFY(b.model->forward(c2, ids.data() + i, 1, dec.data() + i * V, Logits::Last, &set));
    }
    QVERIFY(max_diff(dec.data(), ref.data(), ref.size()) <= kTol * max_abs(ref));

    // The caller's other choice: clear and recompute with the final set (adapter on) equals a
    // fresh run with it, and differs from the kept-cache result after the first switch.
    set.set_enabled(0, true);
    cache.clear();
    std::vector<float> fresh(ids.size() * size_t(V));
    QVERIFY(b.model->forward(cache, ids.data(), int64_t(ids.size()), fresh.data(), Logits::All, &set));
    QCOMPARE(fresh, run(b, ids, &set));
    const int64_t switch_at = t.at("segments").at(1).at(0);
    QVERIFY(max_diff(fresh.data() + switch_at * V, ours.data() + switch_at * V, (ids.size() - switch_at) * V) >
            100 * kTol * max_abs(ref));
  }

  // 4 sequences with 4 different sets in one forward_batch equal 4 separate runs (prefill, then
  // decode steps), including one without adapters.
  void mixedBatch() {
    Base& b = base("gqa");
    const int64_t V = b.config.n_vocab;
    lora::AdapterSet s1, s2, s3;
    QVERIFY(s1.add(adapter("gqa_r8_attn", "gqa"), 1.0f));
    QVERIFY(s2.add(adapter("gqa_r16_all_rslora", "gqa"), 0.5f));
    QVERIFY(s3.add(adapter("gqa_r8_attn", "gqa"), 1.5f));
    QVERIFY(s3.add(adapter("gqa_r1_layer1", "gqa"), 2.0f));
    const lora::AdapterSet* sets[4] = {nullptr, &s1, &s2, &s3};
    std::vector<std::vector<int32_t>> prompts = {b.prompts[0], b.prompts[1], b.prompts[2], b.prompts[0]};
    const int32_t decode[3] = {5, 77, 300};

    auto check_close = [&](const std::vector<float>& a, const std::vector<float>& r, const char* what) {
      const double err = max_diff(a.data(), r.data(), r.size()), bound = 1e-6 * std::max(1.0, max_abs(r));
      if (!(err <= bound)) QFAIL(qPrintable(QStringLiteral("%1: %2 > %3").arg(what).arg(err).arg(bound)));
    };

    // Separate runs.
    std::vector<std::vector<float>> sep_prefill(4), sep_decode(4);
    for (int s = 0; s < 4; ++s) {
      KvCache c = b.model->new_cache();
      sep_prefill[s].resize(prompts[s].size() * size_t(V));
      QVERIFY(b.model->forward(c, prompts[s].data(), int64_t(prompts[s].size()), sep_prefill[s].data(), Logits::All,
                               sets[s]));
      sep_decode[s].resize(3 * size_t(V));
      for (int i = 0; i < 3; ++i)
        QVERIFY(b.model->forward(c, &decode[i], 1, sep_decode[s].data() + i * V, Logits::Last, sets[s]));
    }
    // One batch.
    std::vector<KvCache> caches;
    for (int s = 0; s < 4; ++s) caches.push_back(b.model->new_cache());
    std::vector<std::vector<float>> bat_prefill(4), bat_decode(4, std::vector<float>(3 * size_t(V)));
    std::vector<SeqInput> in(4);
    for (int s = 0; s < 4; ++s) {
      bat_prefill[s].resize(prompts[s].size() * size_t(V));
      in[s] = {&caches[s], prompts[s].data(), int64_t(prompts[s].size()), bat_prefill[s].data(), Logits::All, sets[s]};
    }
    QVERIFY(b.model->forward_batch(in));
    for (int i = 0; i < 3; ++i) {
      for (int s = 0; s < 4; ++s)
        in[s] = {&caches[s], &decode[i], 1, bat_decode[s].data() + i * V, Logits::Last, sets[s]};
      QVERIFY(b.model->forward_batch(in));
    }
    for (int s = 0; s < 4; ++s) {
      check_close(bat_prefill[s], sep_prefill[s], "prefill");
      check_close(bat_decode[s], sep_decode[s], "decode");
    }
    // and the sets really differ from one another
    QVERIFY(max_diff(sep_prefill[0].data(), sep_prefill[3].data(), sep_prefill[0].size()) > 0.1);
  }

  // The runtime: Session::set_adapters on an Engine (GGUF model with its tokenizer) gives the PEFT
  // reference; switching the set keeps the cache, reset + prefill_to recomputes.
  void session() {
    const std::string path = std::string(TRAMONTANE_FIXTURES) + "/gguf_models/model-f32.gguf";
    auto engine = Engine::load(path);
    QVERIFY2(engine.has_value(), engine ? "" : engine.error().message.c_str());
    lora::AdapterSet set;
    auto a = lora::load_adapter(kLora + "/gguf_r4_all", (*engine)->model().weights());
    QVERIFY(a.has_value());
    QVERIFY(set.add(*a, 0.5f));
    const auto& ids = base("gguf").prompts[1];
    const int64_t V = (*engine)->config().n_vocab;
    const std::vector<float> ref = read_ref("refs/gguf_r4_all_s0.5.npy");
    const float* ref_last = ref.data() + (ids.size() - 1) * size_t(V);
    const double bound = kTol * max_abs(ref);
    Session s(**engine);
    s.set_adapters(&set);
    QVERIFY(s.prefill(ids));
    QVERIFY(max_diff(s.last_logits().data(), ref_last, size_t(V)) <= bound);
    // switched off for the last token only: differs from both the reference and the base
    s.reset();
    QVERIFY(s.prefill(std::span(ids.data(), ids.size() - 1)));
    set.set_enabled(0, false);
    QVERIFY(s.prefill(std::span(ids.data() + ids.size() - 1, 1)));
    QVERIFY(max_diff(s.last_logits().data(), ref_last, size_t(V)) > 100 * bound);
    // the caller's recomputation: history with the set on again equals the reference
    set.set_enabled(0, true);
    const std::vector<int32_t> history = s.history();
    s.reset();
    QVERIFY(s.prefill_to(history));
    QVERIFY(max_diff(s.last_logits().data(), ref_last, size_t(V)) <= bound);
    s.set_adapters(nullptr);
  }

  // llama.cpp GGUF LoRA files: the same deltas as their PEFT sources (gguf_r4_all in F32 on the
  // GGUF base: same row order; gqa_r8_attn in F16 on the HF base: q/k B rows permuted back).
  void ggufLora() {
    {
      Base& b = base("gguf");
      auto a = lora::load_adapter(kLora + "/gguf_r4_all.gguf", b.weights);
      QVERIFY2(a.has_value(), a ? "" : a.error().message.c_str());
      QCOMPARE((*a)->rank, int64_t(4));
      QCOMPARE((*a)->scaling, 1.5f);  // 6 / 4
      QCOMPARE((*a)->targets().size(), size_t(7));
      lora::AdapterSet set;
      QVERIFY(set.add(*a, 0.5f));
      const std::vector<float> ref = read_ref("refs/gguf_r4_all_s0.5.npy");
      const std::vector<float> ours = run(b, b.prompts[1], &set);
      QVERIFY(max_diff(ours.data(), ref.data(), ref.size()) <= kTol * max_abs(ref));
    }
    {
      Base& b = base("gqa");
      auto a = lora::load_adapter(kLora + "/gqa_r8_attn.gguf", b.weights);
      QVERIFY2(a.has_value(), a ? "" : a.error().message.c_str());
      lora::AdapterSet set;
      QVERIFY(set.add(*a));
      const std::vector<float> ref = read_ref("refs/gqa_r8_attn_s1.npy");
      const std::vector<float> ours = run(b, b.prompts[0], &set);
      // float16 A and B: close to the float32 adapter's reference, far from the base model
      const double err = max_diff(ours.data(), ref.data(), ref.size());
      QVERIFY2(err <= 3e-3 * max_abs(ref), qPrintable(QString::number(err)));
      const std::vector<float> plain = run(b, b.prompts[0], nullptr);
      QVERIFY(max_diff(plain.data(), ref.data(), ref.size()) > 100 * err);
    }
    // a model file is no adapter; an adapter for another model names the tensor and shapes
    auto m = lora::load_adapter(std::string(TRAMONTANE_FIXTURES) + "/gguf_models/model-q8_0.gguf", base("gguf").weights);
    QVERIFY(!m);
    QVERIFY2(QString::fromStdString(m.error().message).contains("not a LoRA adapter"), m.error().message.c_str());
    auto other = lora::load_adapter(kLora + "/gqa_r8_attn.gguf", base("mha").weights);
    QVERIFY(!other);
    QVERIFY2(QString::fromStdString(other.error().message).contains("gqa_r8_attn.gguf: tensor 'blk.0.attn_"),
             other.error().message.c_str());
  }

  // An adapter set loaded for another model is refused by the forward pass.
  void otherModelRefused() {
    Base& mha = base("mha");
    lora::AdapterSet set;
    QVERIFY(set.add(adapter("gqa_r8_attn", "gqa")));
    KvCache c = mha.model->new_cache();
    std::vector<float> out(size_t(mha.config.n_vocab));
    const int32_t tok = 3;
    auto st = mha.model->forward(c, &tok, 1, out.data(), Logits::Last, &set);
    QVERIFY(!st);
    QCOMPARE(st.error().kind, ErrorKind::BadInput);
    QCOMPARE(c.n_past(), int64_t(0));
    // Loading it for the wrong model names the tensor and both shapes.
    auto r = lora::load_adapter(kLora + "/gqa_r8_attn", mha.weights);
    QVERIFY(!r);
    const QString msg = QString::fromStdString(r.error().message);
    QVERIFY2(msg.contains("adapter_model.safetensors") && msg.contains("lora_A.weight") &&
                 msg.contains("[8, 64]") && msg.contains("[8, 32]") && msg.contains("[32, 32]"),
             qPrintable(msg));
  }

  void malformed_data() {
    QTest::addColumn<QString>("dir");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("needle");
    const QString c = QStringLiteral("adapter_config.json"), t = QStringLiteral("adapter_model.safetensors");
    QTest::newRow("wrong_rank") << "wrong_rank" << t << "r = 4";
    QTest::newRow("ab_rank_mismatch") << "ab_rank_mismatch" << t << "o_proj.lora_B.weight' has rank 4";
    QTest::newRow("missing_b") << "missing_b" << t << "missing tensor 'base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight'";
    QTest::newRow("unknown_target") << "unknown_target" << c << "unknown target 'rotary_proj'";
    QTest::newRow("dora") << "dora" << c << "DoRA (use_dora)";
    QTest::newRow("bias") << "bias" << c << "field 'bias' is 'lora_only'";
    QTest::newRow("modules_to_save") << "modules_to_save" << c << "modules_to_save";
    QTest::newRow("embedding") << "embedding" << c << "'embed_tokens' (embedding LoRA)";
    QTest::newRow("nan") << "nan" << t << "'base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight' holds a non-finite value (NaN)";
    QTest::newRow("not_lora") << "not_lora" << c << "'IA3'";
    QTest::newRow("alpha_pattern") << "alpha_pattern" << c << "alpha_pattern";
    QTest::newRow("unknown_field") << "unknown_field" << c << "field 'future_option' (3) is not supported";
    QTest::newRow("stray_tensor") << "stray_tensor" << t << "lora_embedding_A";
    // Hostile target_modules regexes (found while fuzzing adapter_config.json, fuzz_lora_config):
    // 40,000 nested groups (a stack overflow in std::regex), catastrophic backtracking, counted
    // repetition, a back-reference whose number overflows libstdc++'s parser: refused, quickly.
    QTest::newRow("regex_deep_nesting") << "regex_deep_nesting" << c << "more than 256";
    QTest::newRow("regex_backtracking") << "regex_backtracking" << c << "matches no projection";
    QTest::newRow("regex_counted_repetition") << "regex_counted_repetition" << c << "counted repetition";
    QTest::newRow("regex_backreference") << "regex_backreference" << c << "back-references ('\\8')";
    QTest::newRow("regex_backreference_after_escape") << "regex_backreference_after_escape" << c
                                                      << "back-references ('\\6')";
    QTest::newRow("no_dir") << "does_not_exist" << c << "";
  }

  void malformed() {
    QFETCH(QString, dir);
    QFETCH(QString, file);
    QFETCH(QString, needle);
    Base& b = base("gqa");
    const std::string path = kLora + "/bad/" + dir.toStdString();
    auto r = lora::load_adapter(path, b.weights);
    QVERIFY(!r);
    QCOMPARE(r.error().kind, ErrorKind::BadInput);
    const QString msg = QString::fromStdString(r.error().message);
    QVERIFY2(msg.contains(QString::fromStdString(path) + "/" + file), qPrintable(msg));
    QVERIFY2(msg.contains(needle), qPrintable(msg));
  }

  // tramontane-cli logits --adapter: the PEFT reference; stacked with scales; bad adapters exit 3.
  void cliLogits() {
    const QString model = QString::fromStdString(std::string(TRAMONTANE_FIXTURES) + "/models/gqa");
    Base& b = base("gqa");
    QStringList toks;
    for (int32_t id : b.prompts[1]) toks << QString::number(id);
    const QString out = QDir::temp().filePath(QStringLiteral("tramontane_test_lora_%1.npy").arg(QCoreApplication::applicationPid()));
    const QString a = QString::fromStdString(kLora);
    Run r = cli({"logits", model, "--tokens", toks.join(','), "--out", out, "--adapter", a + "/gqa_r8_attn=0.5",
                 "--adapter", a + "/gqa_r16_all_rslora=1.5", "--adapter", a + "/gqa_r1_layer1=2", "--chunk", "5"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto got = read_npy(out.toStdString());
    QVERIFY(got.has_value());
    const std::vector<float> ref = read_ref("refs/stack_r8_r16_r1_scaled.npy");
    QCOMPARE(got->f32.size(), ref.size());
    QVERIFY(max_diff(got->f32.data(), ref.data(), ref.size()) <= kTol * max_abs(ref));
    // --decode path with one adapter, as PEFT and as GGUF LoRA
    r = cli({"logits", model, "--tokens", toks.join(','), "--out", out, "--decode", "--adapter", a + "/gqa_r8_attn"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = cli({"logits", model, "--tokens", toks.join(','), "--out", out, "--adapter", a + "/gqa_r8_attn.gguf=1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QFile::remove(out);

    r = cli({"logits", model, "--tokens", "1,2", "--out", out, "--adapter", a + "/bad/nan"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(a + "/bad/nan/adapter_model.safetensors") && r.err.contains("NaN"), qPrintable(r.err));
    r = cli({"logits", model, "--tokens", "1,2", "--out", out, "--adapter", a + "/bad/dora"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(a + "/bad/dora/adapter_config.json") && r.err.contains("DoRA"), qPrintable(r.err));
    r = cli({"logits", model, "--tokens", "1,2", "--out", out, "--adapter", a + "/mha_r8_regex"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("has shape"), qPrintable(r.err));
    r = cli({"logits", model, "--tokens", "1,2", "--out", out, "--adapter", a + "/gqa_r8_attn=3"});
    QCOMPARE(r.code, 2);
    QVERIFY(!QFile::exists(out));
  }

  void cliBench() {
    const QString model = QString::fromStdString(std::string(TRAMONTANE_FIXTURES) + "/models/gqa");
    const QString a = QString::fromStdString(kLora);
    Run r = cli({"bench", model, "--prompt-tokens", "8", "--gen-tokens", "4", "--batch", "3", "--adapter",
                 a + "/gqa_r8_attn", "--adapter", a + "/gqa_r16_all_rslora=0.5", "--mixed"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("adapters").get<int>(), 2);
    QVERIFY(j.at("mixed").get<bool>());
    QVERIFY(j.at("adapter_bytes").get<uint64_t>() > 0);
    r = cli({"bench", model, "--prompt-tokens", "8", "--gen-tokens", "2", "--adapter", a + "/bad/missing_b"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("missing_b/adapter_model.safetensors"), qPrintable(r.err));
  }

  void cliGenerate() {
    const QString model = QString::fromStdString(std::string(TRAMONTANE_FIXTURES) + "/gguf_models/model-q8_0.gguf");
    const QString a = QString::fromStdString(kLora);
    Run plain = cli({"generate", model, "--prompt", "hello there", "--max-tokens", "12"});
    QVERIFY2(plain.code == 0, qPrintable(plain.err));
    Run with = cli({"generate", model, "--prompt", "hello there", "--max-tokens", "12", "--adapter", a + "/gguf_r4_all"});
    QVERIFY2(with.code == 0, qPrintable(with.err));
    QVERIFY2(with.out != plain.out, qPrintable(with.out));  // greedy text changes with the adapter
    Run zero = cli({"generate", model, "--prompt", "hello there", "--max-tokens", "12", "--adapter", a + "/gguf_r4_all=0"});
    QVERIFY2(zero.code == 0, qPrintable(zero.err));
    QCOMPARE(zero.out, plain.out);
    Run r = cli({"generate", model, "--prompt", "hi", "--max-tokens", "2", "--adapter", a + "/bad/unknown_target"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("adapter_config.json") || r.err.contains("adapter_model.safetensors"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestLora)
#include "test_lora.moc"
