// A prompt token's logits do not depend on how the prompt is run: chunk size, a prefix computed by
// an earlier call (prefix reuse), other sequences in the same batch, the thread count. Bit for bit
// (memcmp), on every GGUF type of tests/fixtures/gguf_models (window 16, prompts of 28 tokens: the
// ring wraps), for each kernel path the CPU backend has:
//   - the default (SIMD; on AVX-512 VNNI CPUs quantized prompt rows on the prefill GEMM);
//   - SIMD dot kernels only (the GEMM off for prompts and for large products);
//   - the scalar kernels.
// On the dot-kernel paths, decoding the prompt one generated token at a time gives the same bits too.
// A sequence with a LoRA adapter gets the same bits alone and in a batch of mixed adapter sets.
// This is what makes moderation scores the same for any batch size or prefix reuse
// (test_moderation checks that end to end). Nothing here is a reference value: each run is compared
// with another run of the same model; accuracy against transformers / llama.cpp is test_gguf_models'.
#include <QtTest>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/backend/cpu/gemm.h"
#include "engine/backend/cpu/matmul.h"
#include "engine/lora/adapter.h"
#include "engine/model/model.h"
#include "model_fixture.h"

using namespace tramontane;

namespace {

const std::string kDir = std::string(TRAMONTANE_FIXTURES) + "/gguf_models";

std::unique_ptr<LoadedFixtureModel> load(const std::string& file) { return load_fixture_model(kDir + "/" + file); }

std::vector<int32_t> random_prompt(int64_t n, int64_t n_vocab, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int32_t> pick(3, int32_t(n_vocab - 1));
  std::vector<int32_t> p(static_cast<size_t>(n));
  for (auto& t : p) t = pick(rng);
  return p;
}

// "" when rows [first, first + n) of `got` (a [n, V] block) equal rows of `want`, else where not.
std::string differs(const std::vector<float>& want, int64_t first, const float* got, int64_t n, int64_t V) {
  const float* w = want.data() + first * V;
  if (std::memcmp(w, got, size_t(n * V) * sizeof(float)) == 0) return {};
  for (int64_t i = 0; i < n * V; ++i)
    if (std::memcmp(w + i, got + i, sizeof(float)) != 0)
      return "row " + std::to_string(first + i / V) + " logit " + std::to_string(i % V) + ": " +
             std::to_string(w[i]) + " vs " + std::to_string(got[i]);
  return {};
}

// The kernel paths; restores the defaults when it goes out of scope.
struct Path {
  const char* name;
  bool simd;
  bool gemm;  // prompt rows and large products on the GEMM (where the CPU has it)
};
constexpr Path kPaths[] = {{"default", true, true}, {"simd dot kernels", true, false}, {"scalar", false, false}};

struct UsePath {
  explicit UsePath(const Path& p) {
    cpu::set_simd_enabled(p.simd);
    cpu::set_gemm_for_prompts(p.gemm);
    cpu::set_gemm_min_tokens(p.gemm ? 0 : int64_t(1) << 40);
  }
  ~UsePath() {
    cpu::set_simd_enabled(true);
    cpu::set_gemm_for_prompts(true);
    cpu::set_gemm_min_tokens(0);
    cpu::set_num_threads(0);
  }
};

}  // namespace

class TestBatchInvariance : public QObject {
  Q_OBJECT

 private slots:
  void prompt_logits_do_not_depend_on_how_they_are_run_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"model-f32.gguf", "model-f16.gguf", "model-q8_0.gguf", "model-q4_0.gguf", "model-q4_1.gguf",
                          "model-q4_k_s.gguf", "model-q5_k_s.gguf", "model-q6_k.gguf"})
      QTest::newRow(f) << QString::fromLatin1(f);
  }

  void prompt_logits_do_not_depend_on_how_they_are_run() {
    QFETCH(QString, file);
    auto lm = load(file.toStdString());
    Model& model = *lm->model;
    const int64_t V = model.config().n_vocab;
    QVERIFY(model.config().window > 0 && model.config().window < 28);  // the ring wraps
    const auto prompt = random_prompt(28, V, 7), other = random_prompt(9, V, 11);
    const int64_t n = int64_t(prompt.size());

    for (const Path& path : kPaths) {
      UsePath use(path);
      const QString where = file + " (" + path.name + ", " + cpu::simd_name() + ")";
      cpu::set_num_threads(2);
      model.set_chunk_size(0);
      std::vector<float> want(size_t(n * V));
      {
        KvCache cache = model.new_cache();
        QVERIFY(model.forward(cache, prompt.data(), n, want.data(), Logits::All));
      }
      auto check = [&](const std::string& how, int64_t first, const float* got, int64_t rows) {
        const std::string d = differs(want, first, got, rows, V);
        QVERIFY2(d.empty(), qPrintable(where + ", " + QString::fromStdString(how) + ": " + QString::fromStdString(d)));
      };

      // Chunk sizes (the default is the window, 16).
      for (int64_t chunk : {1, 3, 7, 28}) {
        model.set_chunk_size(chunk);
        KvCache cache = model.new_cache();
        std::vector<float> got(size_t(n * V));
        QVERIFY(model.forward(cache, prompt.data(), n, got.data(), Logits::All));
        check("chunk " + std::to_string(chunk), 0, got.data(), n);
      }
      model.set_chunk_size(0);

      // A prefix from an earlier call, then the rest (Logits::Last as moderation asks).
      for (int64_t k : {1, 5, 16, 23}) {
        KvCache cache = model.new_cache();
        QVERIFY(model.forward(cache, prompt.data(), k, nullptr, Logits::None));
        std::vector<float> last(static_cast<size_t>(V));
        QVERIFY(model.forward(cache, prompt.data() + k, n - k, last.data(), Logits::Last));
        check("prefix of " + std::to_string(k), n - 1, last.data(), 1);
      }

      // In a batch with other sequences: another prompt, and this prompt's own first 20 tokens.
      {
        KvCache c0 = model.new_cache(), c1 = model.new_cache(), c2 = model.new_cache();
        std::vector<float> l0(size_t(n * V)), l1(other.size() * size_t(V)), l2(static_cast<size_t>(V));
        const std::vector<SeqInput> batch = {{&c1, other.data(), int64_t(other.size()), l1.data(), Logits::All},
                                             {&c0, prompt.data(), n, l0.data(), Logits::All},
                                             {&c2, prompt.data(), 20, l2.data(), Logits::Last}};
        QVERIFY(model.forward_batch(batch));
        check("batch of 3", 0, l0.data(), n);
        check("batch of 3, first 20 tokens", 19, l2.data(), 1);
      }

      // One thread.
      {
        cpu::set_num_threads(1);
        KvCache cache = model.new_cache();
        std::vector<float> got(size_t(n * V));
        QVERIFY(model.forward(cache, prompt.data(), n, got.data(), Logits::All));
        check("1 thread", 0, got.data(), n);
        cpu::set_num_threads(2);
      }

      // Token by token as generated tokens: the same kernels as the prompt on the dot-kernel paths.
      if (!path.gemm || !cpu::gemm_supported(DType::Q8_0)) {
        KvCache cache = model.new_cache();
        for (int64_t t = 0; t < n; ++t) {
          std::vector<float> row(static_cast<size_t>(V));
          QVERIFY(model.forward(cache, prompt.data() + t, 1, row.data(), Logits::Last, nullptr, nullptr, true));
          check("decode step " + std::to_string(t), t, row.data(), 1);
        }
      }
    }
  }

  void adapters_in_a_batch_data() {
    QTest::addColumn<QString>("file");
    for (const char* f : {"model-f32.gguf", "model-q4_k_s.gguf", "model-q8_0.gguf"}) QTest::newRow(f) << QString::fromLatin1(f);
  }

  // A sequence with a LoRA adapter (tests/fixtures/lora/gguf_r4_all.gguf, made for this base's
  // shape) gets the same bits alone and in a batch beside sequences without one or with another
  // scale (Punica-style mixed batches); the adapter really changes the logits.
  void adapters_in_a_batch() {
    QFETCH(QString, file);
    auto lm = load(file.toStdString());
    const Model& model = *lm->model;
    const int64_t V = model.config().n_vocab;
    auto a = lora::load_adapter(std::string(TRAMONTANE_FIXTURES) + "/lora/gguf_r4_all.gguf", model.weights());
    QVERIFY2(a.has_value(), a ? "" : a.error().message.c_str());
    lora::AdapterSet full, half;
    QVERIFY(full.add(*a, 1.0f));
    QVERIFY(half.add(*a, 0.5f));
    const auto prompt = random_prompt(24, V, 5), other = random_prompt(13, V, 9);
    const int64_t n = int64_t(prompt.size());
    std::vector<float> alone(size_t(n * V)), base(size_t(n * V));
    {
      KvCache c = model.new_cache(), cb = model.new_cache();
      QVERIFY(model.forward(c, prompt.data(), n, alone.data(), Logits::All, &full));
      QVERIFY(model.forward(cb, prompt.data(), n, base.data(), Logits::All));
    }
    QVERIFY(!differs(alone, 0, base.data(), n, V).empty());
    KvCache c0 = model.new_cache(), c1 = model.new_cache(), c2 = model.new_cache();
    std::vector<float> l0(size_t(n * V)), l1(other.size() * size_t(V)), l2(size_t(n * V));
    const std::vector<SeqInput> batch = {{&c1, other.data(), int64_t(other.size()), l1.data(), Logits::All},
                                         {&c0, prompt.data(), n, l0.data(), Logits::All, &full},
                                         {&c2, prompt.data(), n, l2.data(), Logits::All, &half}};
    QVERIFY(model.forward_batch(batch));
    const std::string d = differs(alone, 0, l0.data(), n, V);
    QVERIFY2(d.empty(), d.c_str());
  }

  void prompt_logits_differ_from_another_prompt() {
    // The comparisons above can fail: a different last token gives different logits.
    auto lm = load("model-q4_k_s.gguf");
    const int64_t V = lm->model->config().n_vocab;
    auto a = random_prompt(20, V, 7), b = a;
    b.back() = b.back() == 3 ? 4 : 3;
    std::vector<float> la(static_cast<size_t>(V)), lb(static_cast<size_t>(V));
    KvCache ca = lm->model->new_cache(), cb = lm->model->new_cache();
    QVERIFY(lm->model->forward(ca, a.data(), 20, la.data(), Logits::Last));
    QVERIFY(lm->model->forward(cb, b.data(), 20, lb.data(), Logits::Last));
    std::vector<float> want(la);
    QVERIFY(!differs(want, 0, lb.data(), 1, V).empty());
  }
};

QTEST_APPLESS_MAIN(TestBatchInvariance)
#include "test_batch_invariance.moc"
