// GGUF models of every supported tensor type against transformers and llama.cpp
// (tools/make_gguf_models.py -> tests/fixtures/gguf_models/): one random Mistral-shaped model
// (n_embd 256, n_ff 256, 4 / 2 heads of 64, 2 layers, window 16, n_vocab 320) written as F32 and
// F16 GGUF the way llama.cpp's converter does (Q/K rows permuted) and quantized by llama.cpp.
//   - F32: every prompt (one of 40 tokens, past the window) equals the float64 transformers
//     reference within 1e-4 * max|ref|; F16 the same against the reference of F16-rounded weights.
//   - quantized: max|ours - ref| <= max(1.1 * max|llama.cpp - ref|, 1e-3 * max|ref|) on the
//     prompts llama.cpp can run (at most `window` tokens: llama.cpp's "llama" architecture ignores
//     the sliding window); ours vs llama.cpp is reported.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/format/npy.h"
#include "engine/model/model.h"
#include "model_fixture.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/gguf_models";

nlohmann::json ref_json() {
  std::ifstream in(kDir + "/ref.json");
  return nlohmann::json::parse(in);
}

NpyArray npy(const std::string& name, int64_t rows, int64_t cols) {
  auto a = read_npy(kDir + "/" + name);
  if (!a) qFatal("%s", a.error().message.c_str());
  if (a->shape != std::vector<int64_t>{rows, cols}) qFatal("%s: wrong shape", name.c_str());
  return std::move(*a);
}

// A loaded GGUF file and its model (the model's weights point into `loaded`).
std::unique_ptr<LoadedFixtureModel> load(const std::string& file) { return load_fixture_model(kDir + "/" + file); }

std::vector<float> run(const Model& model, const std::vector<int32_t>& prompt) {
  KvCache cache = model.new_cache();
  std::vector<float> logits(prompt.size() * size_t(model.config().n_vocab));
  const Status s = model.forward(cache, prompt.data(), int64_t(prompt.size()), logits.data(), Logits::All);
  if (!s) qFatal("%s", s.error().message.c_str());
  return logits;
}

double max_abs(const NpyArray& a) {
  double m = 0;
  for (int64_t i = 0; i < a.numel(); ++i) m = std::max(m, std::fabs(a.at(i)));
  return m;
}

double max_diff(const std::vector<float>& ours, const NpyArray& ref) {
  double m = 0;
  for (int64_t i = 0; i < ref.numel(); ++i) {
    const double d = std::fabs(double(ours[size_t(i)]) - ref.at(i));
    if (!(d <= m)) m = d;  // NaN propagates as a failure
  }
  return m;
}

double max_diff(const NpyArray& a, const NpyArray& b) {
  double m = 0;
  for (int64_t i = 0; i < a.numel(); ++i) m = std::max(m, std::fabs(a.at(i) - b.at(i)));
  return m;
}

const char* const kQuant[] = {"q8_0", "q4_0", "q4_1", "q4_k_s", "q5_k_s", "q6_k"};

}  // namespace

class TestGgufModels : public QObject {
  Q_OBJECT

 private slots:
  // The GGUF metadata gives the model's shape and window; every file's tensor types are the
  // ones llama.cpp wrote (ref.json, read by the gguf package).
  void config_and_types_data() {
    QTest::addColumn<QString>("tag");
    const auto ref = ref_json();
    for (const auto& [tag, _] : ref.at("files").items()) QTest::newRow(tag.c_str()) << QString::fromStdString(tag);
  }
  void config_and_types() {
    QFETCH(QString, tag);
    const auto ref = ref_json();
    const auto& f = ref.at("files").at(tag.toStdString());
    auto lm = open_model(kDir + "/" + f.at("file").get<std::string>());
    QVERIFY2(bool(lm), lm ? "" : lm.error().message.c_str());
    const ModelConfig& c = lm->config;
    QCOMPARE(c.n_embd, 256);
    QCOMPARE(c.n_ff, 256);
    QCOMPARE(c.n_layer, 2);
    QCOMPARE(c.n_head, 4);
    QCOMPARE(c.n_head_kv, 2);
    QCOMPARE(c.head_dim, 64);
    QCOMPARE(c.n_vocab, ref.at("n_vocab").get<int64_t>());
    QCOMPARE(c.window, ref.at("window").get<int64_t>());
    QVERIFY(c.rope_interleaved);
    std::vector<std::string> types;
    for (const TensorView& t : lm->tensors) types.emplace_back(dtype_name(t.dtype));
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    QCOMPARE(types, f.at("tensor_types").get<std::vector<std::string>>());
  }

  // F32 and F16 files: every prompt (including the one longer than the window) within 1e-4 of
  // max|ref|, against the reference of exactly the stored weights.
  void unquantized_data() {
    QTest::addColumn<QString>("tag");
    QTest::newRow("f32") << "f32";
    QTest::newRow("f16") << "f16";
  }
  void unquantized() {
    QFETCH(QString, tag);
    const auto ref = ref_json();
    const std::string t = tag.toStdString();
    const auto m = load(ref.at("files").at(t).at("file").get<std::string>());
    const auto prompts = ref.at("prompts").get<std::vector<std::vector<int32_t>>>();
    const int64_t n_vocab = m->model->config().n_vocab;
    for (size_t k = 0; k < prompts.size(); ++k) {
      const std::string rname = (t == "f16" ? "ref_f16_" : "ref_") + std::to_string(k) + ".npy";
      const NpyArray r = npy(rname, int64_t(prompts[k].size()), n_vocab);
      const double err = max_diff(run(*m->model, prompts[k]), r), scale = max_abs(r);
      qInfo("%s prompt %zu (%zu tokens): max|ours - ref| = %.3g (%.3g of max|ref| %.3g)", t.c_str(), k,
            prompts[k].size(), err, err / scale, scale);
      QVERIFY2(err <= 1e-4 * scale, qPrintable(QString("%1 prompt %2: error %3 > 1e-4 * %4")
                                                   .arg(tag).arg(k).arg(err).arg(scale)));
    }
  }

  // Quantized files: no further from the float64 reference than llama.cpp (10% slack, and a floor
  // of 1e-3 * max|ref|), on the prompts llama.cpp ran (not longer than the window).
  void quantized_data() {
    QTest::addColumn<QString>("tag");
    for (const char* q : kQuant) QTest::newRow(q) << q;
  }
  void quantized() {
    QFETCH(QString, tag);
    const auto ref = ref_json();
    const std::string t = tag.toStdString();
    const auto m = load(ref.at("files").at(t).at("file").get<std::string>());
    const auto prompts = ref.at("prompts").get<std::vector<std::vector<int32_t>>>();
    const auto short_prompts = ref.at("llama_prompts").get<std::vector<size_t>>();
    QVERIFY(!short_prompts.empty());
    const int64_t n_vocab = m->model->config().n_vocab;
    for (size_t k : short_prompts) {
      const int64_t n = int64_t(prompts[k].size());
      const NpyArray r = npy("ref_" + std::to_string(k) + ".npy", n, n_vocab);
      const NpyArray llama = npy("llama_" + t + "_" + std::to_string(k) + ".npy", n, n_vocab);
      const std::vector<float> ours = run(*m->model, prompts[k]);
      const double scale = max_abs(r);
      const double ours_ref = max_diff(ours, r), llama_ref = max_diff(llama, r);
      const double ours_llama = max_diff(ours, llama);
      const double bound = std::max(1.1 * llama_ref, 1e-3 * scale);
      qInfo("%-7s prompt %zu (%lld tokens, max|ref| %.3g): ours-ref %.4f, llama.cpp-ref %.4f, ours-llama.cpp %.3g",
            t.c_str(), k, (long long)n, scale, ours_ref, llama_ref, ours_llama);
      QVERIFY2(ours_ref <= bound, qPrintable(QString("%1 prompt %2: max|ours - ref| %3 > bound %4 (llama.cpp %5)")
                                                 .arg(tag).arg(k).arg(ours_ref).arg(bound).arg(llama_ref)));
    }
    // The prompt past the window (llama.cpp has no reference for it): reported only.
    const size_t k_long = prompts.size() - 1;
    const NpyArray r = npy("ref_" + std::to_string(k_long) + ".npy", int64_t(prompts[k_long].size()), n_vocab);
    qInfo("%-7s prompt %zu (%zu tokens, windowed): ours-ref %.4f", t.c_str(), k_long, prompts[k_long].size(),
          max_diff(run(*m->model, prompts[k_long]), r));
  }

  // The F32 file's llama.cpp logits equal the reference (so the fixture's GGUF conversion, Q/K
  // permutation included, is what llama.cpp reads), and ours equal llama.cpp's.
  void f32_matches_llama_cpp() {
    const auto ref = ref_json();
    const auto m = load("model-f32.gguf");
    const auto prompts = ref.at("prompts").get<std::vector<std::vector<int32_t>>>();
    for (size_t k : ref.at("llama_prompts").get<std::vector<size_t>>()) {
      const int64_t n = int64_t(prompts[k].size());
      const NpyArray r = npy("ref_" + std::to_string(k) + ".npy", n, m->model->config().n_vocab);
      const NpyArray llama = npy("llama_f32_" + std::to_string(k) + ".npy", n, m->model->config().n_vocab);
      const double scale = max_abs(r);
      QVERIFY(max_diff(llama, r) <= 1e-4 * scale);
      const double d = max_diff(run(*m->model, prompts[k]), llama);
      qInfo("f32 prompt %zu: max|ours - llama.cpp| = %.3g", k, d);
      QVERIFY(d <= 1e-4 * scale);
    }
  }
};

QTEST_APPLESS_MAIN(TestGgufModels)
#include "test_gguf_models.moc"
