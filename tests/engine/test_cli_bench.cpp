// `tramontane-cli bench` end to end on the tiny fixture models: one JSON line whose fields exist
// and are sane (sizes computed from the fixture's config.json, speeds positive and finite), and
// the documented exit codes (2 usage, 3 bad model or prompt too long, 4 no CUDA backend).
#include <QtTest>

#include "tests/engine/cli_run.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

const QString kModels = QString(TRAMONTANE_FIXTURES) + "/models";

nlohmann::json config_of(const QString& dir) {
  std::ifstream in((dir + "/config.json").toStdString());
  return nlohmann::json::parse(in);
}

// Parameters of a Mistral/Llama model from its config.json (untied, float32 fixture): bytes = 4 * count.
int64_t parameter_count(const nlohmann::json& c) {
  const int64_t n_embd = c.at("hidden_size"), n_ff = c.at("intermediate_size"), n_layer = c.at("num_hidden_layers");
  const int64_t n_head = c.at("num_attention_heads"), n_head_kv = c.at("num_key_value_heads");
  const int64_t n_vocab = c.at("vocab_size");
  const int64_t head_dim = c.contains("head_dim") ? int64_t(c.at("head_dim")) : n_embd / n_head;
  const int64_t per_layer = n_embd * n_head * head_dim * 2 + n_embd * n_head_kv * head_dim * 2 + 3 * n_embd * n_ff +
                            2 * n_embd;
  return n_layer * per_layer + 2 * n_vocab * n_embd + n_embd;
}

bool positive_finite(const nlohmann::json& v) {
  return v.is_number() && std::isfinite(v.get<double>()) && v.get<double>() > 0;
}

}  // namespace

class TestCliBench : public QObject {
  Q_OBJECT
 private slots:
  void reportsSaneNumbers_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("threads");
    QTest::newRow("gqa batch 1") << "gqa" << 1 << 1;
    QTest::newRow("gqa batch 3") << "gqa" << 3 << 2;
    QTest::newRow("llama (no window)") << "llama" << 2 << 2;
  }
  void reportsSaneNumbers() {
    QFETCH(QString, name);
    QFETCH(int, batch);
    QFETCH(int, threads);
    const QString model = kModels + "/" + name;
    const int n_prompt = 9, n_gen = 5;
    Run r = cli({"bench", model, "--prompt-tokens", QString::number(n_prompt), "--gen-tokens", QString::number(n_gen),
                 "--batch", QString::number(batch), "--threads", QString::number(threads), "--repeat", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.count('\n'), 1);  // exactly one line
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("model").get<std::string>(), model.toStdString());
    QCOMPARE(j.at("backend").get<std::string>(), std::string("cpu"));
    QCOMPARE(j.at("threads").get<int>(), threads);
    QCOMPARE(j.at("batch").get<int>(), batch);
    QCOMPARE(j.at("prompt_tokens").get<int>(), n_prompt);
    QCOMPARE(j.at("gen_tokens").get<int>(), n_gen);
    QVERIFY(positive_finite(j.at("prompt_tok_s")));
    QVERIFY(positive_finite(j.at("decode_tok_s")));

    const auto c = config_of(model);
    const int64_t model_bytes = 4 * parameter_count(c);
    QCOMPARE(j.at("model_bytes").get<int64_t>(), model_bytes);

    // K and V float32 for every stored position of every layer, per sequence; the cache may have
    // grown past the positions used, never past the window / context limit (+ 8 bytes per slot).
    const int64_t n_layer = c.at("num_hidden_layers"), n_head_kv = c.at("num_key_value_heads");
    const int64_t head_dim = c.contains("head_dim") ? int64_t(c.at("head_dim"))
                                                    : int64_t(c.at("hidden_size")) / int64_t(c.at("num_attention_heads"));
    const int64_t per_slot = 2 * n_layer * n_head_kv * head_dim * 4;
    const int64_t max_slots = c.contains("sliding_window") && !c.at("sliding_window").is_null()
                                  ? int64_t(c.at("sliding_window"))
                                  : int64_t(c.at("max_position_embeddings"));
    const int64_t kv = j.at("kv_bytes").get<int64_t>();
    QVERIFY2(kv >= batch * (n_prompt + n_gen) * per_slot, qPrintable(QString::number(kv)));
    QVERIFY2(kv <= batch * max_slots * (per_slot + 8), qPrintable(QString::number(kv)));

    const int64_t rss = j.at("peak_rss_bytes").get<int64_t>();
    QVERIFY2(rss >= model_bytes && rss < (int64_t(4) << 30), qPrintable(QString::number(rss)));
    const double load_s = j.at("load_s").get<double>();
    QVERIFY(load_s >= 0 && load_s < 60);
    QVERIFY(!j.contains("mem_read_gb_s"));
  }

  // A random-weight model of a named shape, made in memory (for GPU machines without model files).
  void synthetic_data() {
    QTest::addColumn<QString>("dtype");
    for (const char* t : {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q5_K", "Q6_K"}) QTest::newRow(t) << t;
  }
  void synthetic() {
    QFETCH(QString, dtype);
    Run r = cli({"bench", "--synthetic", "tiny:" + dtype, "--prompt-tokens", "20", "--gen-tokens", "4"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("model").get<std::string>(), "synthetic:tiny:" + dtype.toStdString());
    QVERIFY(j.at("decode_tok_s").get<double>() > 0);
    QVERIFY(j.at("model_bytes").get<int64_t>() > 0);
  }

  // --probe (the visualizer's cost) and the adapter timings are reported.
  void probeAndAdapterFields() {
    const QString gqa = kModels + "/gqa";
    for (const QString probe : {QStringLiteral("idle"), QStringLiteral("1")}) {
      Run r = cli({"bench", gqa, "--prompt-tokens", "9", "--gen-tokens", "5", "--probe", probe});
      QVERIFY2(r.code == 0, qPrintable(r.err));
      const auto j = nlohmann::json::parse(r.out.toStdString());
      QCOMPARE(j.at("probe").get<std::string>(), probe.toStdString());
      QVERIFY(positive_finite(j.at("decode_tok_s")));
    }
    Run r = cli({"bench", gqa, "--prompt-tokens", "9", "--gen-tokens", "5", "--adapter",
                 QString(TRAMONTANE_FIXTURES) + "/lora/gqa_r8_attn"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const auto j = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(j.at("adapters").get<int>(), 1);
    QVERIFY(positive_finite(j.at("adapter_load_s")));
    QVERIFY(j.at("adapter_switch_s").get<double>() >= 0);
    QVERIFY(!j.contains("probe"));
  }

  // --matmul: the matmul alone (the dot kernels, or the prefill GEMM where the CPU has it).
  void matmulAlone() {
    for (const QString& gemm : {QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("100000")}) {
      Run r = cli({"bench", "--matmul", "Q4_K:40x512", "--prompt-tokens", "12", "--threads", "2", "--gemm-min-tokens",
                   gemm});
      QVERIFY2(r.code == 0, qPrintable(r.err));
      const auto j = nlohmann::json::parse(r.out.toStdString());
      QCOMPARE(j.at("bench").get<std::string>(), std::string("matmul"));
      QCOMPARE(j.at("dtype").get<std::string>(), std::string("Q4_K"));
      QCOMPARE(j.at("rows").get<int64_t>(), int64_t(40));
      QCOMPARE(j.at("cols").get<int64_t>(), int64_t(512));
      QCOMPARE(j.at("n_tokens").get<int64_t>(), int64_t(12));
      QCOMPARE(j.at("copies").get<int64_t>(), int64_t(1));  // no --cold
      QVERIFY(positive_finite(j.at("gmac_per_s")));
    }
    Run r = cli({"bench", "--matmul", "Q8_0:64x64", "--prompt-tokens", "1", "--cold"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(nlohmann::json::parse(r.out.toStdString()).at("copies").get<int64_t>() > 1);
  }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString gqa = kModels + "/gqa";
    QTest::newRow("no model") << QStringList{"bench"} << 2 << "usage:";
    QTest::newRow("two models") << QStringList{"bench", gqa, gqa} << 2 << "usage:";
    QTest::newRow("prompt 0") << QStringList{"bench", gqa, "--prompt-tokens", "0"} << 2 << "--prompt-tokens";
    QTest::newRow("gen not a number") << QStringList{"bench", gqa, "--gen-tokens", "x"} << 2 << "--gen-tokens";
    QTest::newRow("batch 0") << QStringList{"bench", gqa, "--batch", "0"} << 2 << "--batch";
    QTest::newRow("threads 0") << QStringList{"bench", gqa, "--threads", "0"} << 2 << "--threads";
    QTest::newRow("unknown option") << QStringList{"bench", gqa, "--fast", "1"} << 2 << "--fast";
    QTest::newRow("backend") << QStringList{"bench", gqa, "--backend", "tpu"} << 2 << "--backend";
    QTest::newRow("cuda") << QStringList{"bench", gqa, "--backend", "cuda"} << 4 << "--backend cuda";
    QTest::newRow("missing model") << QStringList{"bench", gqa + "/nope"} << 3 << "nope";
    QTest::newRow("synthetic and model") << QStringList{"bench", gqa, "--synthetic", "tiny:F16"} << 2 << "usage:";
    QTest::newRow("synthetic shape") << QStringList{"bench", "--synthetic", "huge:F16"} << 2 << "unknown shape 'huge'";
    QTest::newRow("synthetic dtype") << QStringList{"bench", "--synthetic", "tiny:Q3_K"} << 2 << "unknown dtype 'Q3_K'";
    QTest::newRow("probe layer") << QStringList{"bench", gqa, "--probe", "9"} << 2 << "--probe must be idle or a layer 0..1";
    QTest::newRow("not a model") << QStringList{"bench", kModels + "/README.md"} << 3 << "README.md";
    QTest::newRow("matmul spec") << QStringList{"bench", "--matmul", "Q8_0:64"} << 2 << "--matmul takes DTYPE:ROWSxCOLS";
    QTest::newRow("matmul dtype") << QStringList{"bench", "--matmul", "Q3_K:64x256"} << 2 << "--matmul takes";
    QTest::newRow("matmul rows") << QStringList{"bench", "--matmul", "Q8_0:-4x256"} << 2 << "--matmul takes";
    QTest::newRow("matmul junk") << QStringList{"bench", "--matmul", "Q8_0:64x256z"} << 2 << "--matmul takes";
    QTest::newRow("matmul cols") << QStringList{"bench", "--matmul", "Q4_K:64x100"} << 2 << "multiple of 256";
    QTest::newRow("matmul and model") << QStringList{"bench", gqa, "--matmul", "Q8_0:64x256"} << 2 << "usage:";
    QTest::newRow("matmul cuda") << QStringList{"bench", "--matmul", "Q8_0:64x256", "--backend", "cuda"} << 2
                                 << "CPU backend's matmul only";
    QTest::newRow("cold alone") << QStringList{"bench", gqa, "--cold"} << 2 << "go with --matmul";
    QTest::newRow("gemm tokens") << QStringList{"bench", "--matmul", "Q8_0:64x256", "--gemm-min-tokens", "x"} << 2
                                 << "--gemm-min-tokens";
    // llama fixture: no window, 96 positions.
    QTest::newRow("context") << QStringList{"bench", kModels + "/llama", "--prompt-tokens", "90", "--gen-tokens", "10"}
                             << 3 << "exceeds the context limit of 96 tokens";
  }
  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    Run r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
  }
};

QTEST_GUILESS_MAIN(TestCliBench)
#include "test_cli_bench.moc"
