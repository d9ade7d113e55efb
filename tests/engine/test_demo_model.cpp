// The demo model (resources/demo/, tools/train_demo.py) against transformers and peft
// (tools/make_demo_fixtures.py -> tests/fixtures/demo/): the real v1 tokenizer and chat template
// give the reference's prompt ids; the logits of 3 prompts, one longer than the 64-token window
// (the ring wraps in prefill), base and with the UPPERCASE LoRA, at every position's top-8 ids and
// the whole last row, in chunks and token by token; 20 greedy tokens with and without the
// adapter across the window (the ring wraps in decode); the CLI runs the model and the adapter.
// Tolerance: max|ours - ref| <= 1e-4 * max|ref| (ref computed in float64 from the F16 weights).
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_run.h"
#include "engine/format/npy.h"
#include "engine/lora/adapter.h"
#include "engine/runtime/engine.h"
#include "engine/tokenizer/chat_template.h"

using namespace tramontane;

namespace {

constexpr double kTol = 1e-4;
const std::string kModel = std::string(TRAMONTANE_SOURCE_DIR) + "/resources/demo/model";
const std::string kAdapter = std::string(TRAMONTANE_SOURCE_DIR) + "/resources/demo/lora-upper";
const std::string kRef = std::string(TRAMONTANE_FIXTURES) + "/demo";

std::vector<float> run(const Engine& e, const std::vector<int32_t>& ids, const lora::AdapterSet* set, int64_t chunk) {
  const int64_t V = e.config().n_vocab;
  KvCache cache = e.model().new_cache();
  std::vector<float> out(ids.size() * size_t(V));
  for (size_t b = 0; b < ids.size(); b += size_t(chunk)) {
    const size_t n = std::min(ids.size() - b, size_t(chunk));
    auto st = e.model().forward(cache, ids.data() + b, int64_t(n), out.data() + b * V, Logits::All, set);
    if (!st) qFatal("%s", st.error().message.c_str());
  }
  return out;
}

std::vector<int32_t> greedy(const Engine& e, const std::vector<int32_t>& ids, int n, const lora::AdapterSet* set) {
  const int64_t V = e.config().n_vocab;
  KvCache cache = e.model().new_cache();
  std::vector<float> row(size_t(V), 0.0f);
  if (!e.model().forward(cache, ids.data(), int64_t(ids.size()), row.data(), Logits::Last, set)) qFatal("prefill");
  std::vector<int32_t> out;
  for (int i = 0; i < n; ++i) {
    const int32_t t = int32_t(std::max_element(row.begin(), row.end()) - row.begin());
    out.push_back(t);
    if (!e.model().forward(cache, &t, 1, row.data(), Logits::Last, set)) qFatal("decode");
  }
  return out;
}

}  // namespace

class TestDemoModel : public QObject {
  Q_OBJECT

  std::unique_ptr<Engine> engine_;
  std::shared_ptr<const lora::Adapter> adapter_;
  nlohmann::json ref_;
  NpyArray base_last_, lora_last_;

  // Every position's reference top-k and the whole last row of prompt k, for "base" or "lora".
  void check(const std::vector<float>& ours, size_t k, const std::string& label, const char* what) {
    const auto& p = ref_.at("prompts").at(k);
    const auto& r = p.at(label);
    const size_t n = p.at("ids").size(), V = size_t(engine_->config().n_vocab);
    QCOMPARE(ours.size(), n * V);
    const double bound = kTol * r.at("max_abs").get<double>();
    double err = 0;
    for (size_t i = 0; i < n; ++i)
      for (const auto& iv : r.at("top").at(i))
        err = std::max(err, std::fabs(double(ours[i * V + iv.at(0).get<size_t>()]) - iv.at(1).get<double>()));
    const NpyArray& last = label == "base" ? base_last_ : lora_last_;
    for (size_t j = 0; j < V; ++j) err = std::max(err, std::fabs(double(ours[(n - 1) * V + j]) - last.at(int64_t(k * V + j))));
    if (!(err <= bound))
      QFAIL(qPrintable(QStringLiteral("%1 %2 %3: max error %4 > %5")
                           .arg(QString::fromStdString(p.at("name").get<std::string>()),
                                QString::fromStdString(label), QLatin1String(what))
                           .arg(err)
                           .arg(bound)));
  }

 private slots:
  void initTestCase() {
    auto e = Engine::load(kModel);
    QVERIFY2(e.has_value(), e ? "" : e.error().message.c_str());
    engine_ = std::move(*e);
    auto a = lora::load_adapter(kAdapter, engine_->model().weights());
    QVERIFY2(a.has_value(), a ? "" : a.error().message.c_str());
    adapter_ = *a;
    std::ifstream in(kRef + "/ref.json");
    QVERIFY(in.good());
    ref_ = nlohmann::json::parse(in);
    auto b = read_npy(kRef + "/base_last.npy");
    auto l = read_npy(kRef + "/lora_last.npy");
    QVERIFY(b.has_value() && l.has_value());
    base_last_ = std::move(*b);
    lora_last_ = std::move(*l);
    const int64_t V = engine_->config().n_vocab;
    QCOMPARE(base_last_.shape, (std::vector<int64_t>{int64_t(ref_.at("prompts").size()), V}));
    QCOMPARE(lora_last_.shape, base_last_.shape);
  }

  void config() {
    const ModelConfig& c = engine_->config();
    QCOMPARE(c.n_vocab, int64_t(32000));
    QCOMPARE(c.window, ref_.at("window").get<int64_t>());
    QVERIFY(c.window > 0 && c.window < 128);
    QVERIFY(c.tie_embeddings);
    QVERIFY(c.n_head_kv < c.n_head);  // GQA
    QCOMPARE(detect_template(engine_->tokenizer()), ChatTemplate::V1);
    QCOMPARE(adapter_->rank, int64_t(8));
    QCOMPARE(adapter_->scaling, 2.0f);  // 16 / 8
    QCOMPARE(adapter_->targets().size(), size_t(7));
    // one prompt wraps the window in prefill, the greedy one in decode
    const int64_t W = c.window;
    QVERIFY(std::any_of(ref_.at("prompts").begin(), ref_.at("prompts").end(),
                        [&](const auto& p) { return int64_t(p.at("ids").size()) > W; }));
    const int64_t g = int64_t(ref_.at("greedy").at("ids").size());
    QVERIFY(g < W && g + ref_.at("greedy").at("n_new").get<int64_t>() > W);
  }

  // Our tokenizer and v1 chat template give sentencepiece's ids for every prompt.
  void promptIds() {
    std::vector<nlohmann::json> all(ref_.at("prompts").begin(), ref_.at("prompts").end());
    all.push_back(ref_.at("greedy"));
    for (const auto& p : all) {
      const std::string text = p.at("text");
      std::vector<int32_t> ids;
      if (p.at("kind") == "chat") {
        auto r = build_chat_prompt(*engine_, {{ChatMessage::Role::User, text}});
        QVERIFY(r.has_value());
        ids = *r;
      } else {
        ids = engine_->tokenizer().encode(text);
        ids.insert(ids.begin(), 1);
      }
      QCOMPARE(ids, p.at("ids").get<std::vector<int32_t>>());
    }
  }

  void logits_data() {
    QTest::addColumn<int>("prompt");
    QTest::addColumn<bool>("with_lora");
    for (size_t k = 0; k < ref_.at("prompts").size(); ++k)
      for (bool l : {false, true}) {
        const std::string name = ref_.at("prompts").at(k).at("name").get<std::string>() + (l ? "_lora" : "_base");
        QTest::newRow(name.c_str()) << int(k) << l;
      }
  }

  // Whole prompt (the model's chunking), odd chunks of 5, and token by token.
  void logits() {
    QFETCH(int, prompt);
    QFETCH(bool, with_lora);
    lora::AdapterSet set;
    QVERIFY(set.add(adapter_));
    const lora::AdapterSet* s = with_lora ? &set : nullptr;
    const std::string label = with_lora ? "lora" : "base";
    const auto ids = ref_.at("prompts").at(size_t(prompt)).at("ids").get<std::vector<int32_t>>();
    check(run(*engine_, ids, s, int64_t(ids.size())), size_t(prompt), label, "whole");
    check(run(*engine_, ids, s, 5), size_t(prompt), label, "chunks of 5");
    check(run(*engine_, ids, s, 1), size_t(prompt), label, "token by token");
  }

  // 20 greedy tokens: equal to transformers' / peft's generate(), and the adapter changes them.
  void greedyTokens() {
    const auto& g = ref_.at("greedy");
    const auto ids = g.at("ids").get<std::vector<int32_t>>();
    const int n = g.at("n_new").get<int>();
    QCOMPARE(greedy(*engine_, ids, n, nullptr), g.at("base").at("tokens").get<std::vector<int32_t>>());
    lora::AdapterSet set;
    QVERIFY(set.add(adapter_));
    QCOMPARE(greedy(*engine_, ids, n, &set), g.at("lora").at("tokens").get<std::vector<int32_t>>());
    lora::AdapterSet zero;
    QVERIFY(zero.add(adapter_, 0.0f));
    QCOMPARE(greedy(*engine_, ids, n, &zero), g.at("base").at("tokens").get<std::vector<int32_t>>());
  }

  // The CLI loads the model directory and the adapter; the adapter's answer has more capitals.
  void cliGenerate() {
    const QString model = QString::fromStdString(kModel);
    Run plain = cli({"generate", model, "--prompt", "Who are you?", "--max-tokens", "24", "--temperature", "0"});
    QVERIFY2(plain.code == 0, qPrintable(plain.err));
    Run upper = cli({"generate", model, "--prompt", "Who are you?", "--max-tokens", "24", "--temperature", "0", "--adapter",
                     QString::fromStdString(kAdapter)});
    QVERIFY2(upper.code == 0, qPrintable(upper.err));
    auto ratio = [](const QString& s) {
      int up = 0, low = 0;
      for (QChar c : s) up += c.isUpper(), low += c.isLower();
      return double(up) / std::max(1, up + low);
    };
    QVERIFY2(ratio(upper.out) > 0.5 && ratio(upper.out) > ratio(plain.out) + 0.3,
             qPrintable(plain.out + QStringLiteral(" | ") + upper.out));
  }
};

QTEST_GUILESS_MAIN(TestDemoModel)
#include "test_demo_model.moc"
