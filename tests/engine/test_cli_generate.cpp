// tramontane-cli generate against transformers' greedy continuation
// (tools/make_gguf_models.py -> tests/fixtures/gguf_models/ref.json "greedy"): the v1 chat
// prompt "[INST] hello there [/INST]" on model-f32.gguf (its synthetic SentencePiece vocabulary),
// 24 greedy tokens whose SentencePiece text is the expected stdout; chunked prefill, stop
// strings, the context limit, and the exit codes of bad arguments.
#include <QProcess>
#include <QtTest>

#include "tests/engine/cli_run.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

const QString kDir = QString(TRAMONTANE_FIXTURES) + "/gguf_models";
const QString kModel = kDir + "/model-f32.gguf";

nlohmann::json greedy_ref() {
  std::ifstream in((kDir + "/ref.json").toStdString());
  return nlohmann::json::parse(in).at("greedy");
}

QString expected_text() { return QString::fromStdString(greedy_ref().at("output").get<std::string>()); }
QString prompt_text() { return QString::fromStdString(greedy_ref().at("text").get<std::string>()); }
int n_greedy() { return int(greedy_ref().at("tokens").size()); }

QStringList greedy_args(int max_tokens) {
  return {"generate", kModel, "--prompt", prompt_text(), "--temperature", "0", "--max-tokens",
          QString::number(max_tokens), "--template", "v1"};
}

}  // namespace

class TestCliGenerate : public QObject {
  Q_OBJECT

 private slots:
  // Greedy output equals the reference text, whatever the prefill chunk size.
  void greedy_matches_transformers_data() {
    QTest::addColumn<QString>("chunk");
    QTest::newRow("default") << "";
    QTest::newRow("chunk1") << "1";
    QTest::newRow("chunk5") << "5";
  }
  void greedy_matches_transformers() {
    QFETCH(QString, chunk);
    QStringList args = greedy_args(n_greedy());
    if (!chunk.isEmpty()) args << "--chunk" << chunk;
    const Run r = cli(args);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, expected_text() + "\n");
    QVERIFY2(r.err.contains(QString("%1 new tokens").arg(n_greedy())), qPrintable(r.err));
    QVERIFY2(r.err.contains("stopped by max-tokens"), qPrintable(r.err));
  }

  // The template is detected from the tokenizer (no [INST] control tokens: v1).
  void template_detected() {
    QStringList args = greedy_args(n_greedy());
    args.removeLast();
    args.removeLast();
    const Run r = cli(args);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, expected_text() + "\n");
  }

  // A stop string inside the reference text: output is the text before its first occurrence.
  void stop_string() {
    const QString text = expected_text();
    const QString stop = text.mid(text.size() / 2, 4);
    const int at = text.indexOf(stop);
    QVERIFY(at > 0);
    const Run r = cli(greedy_args(n_greedy()) << "--stop" << "zzzz" << "--stop" << stop);
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, text.left(at) + "\n");
    QVERIFY2(r.err.contains("stopped by stop"), qPrintable(r.err));
  }

  // --max-tokens 0 prints nothing but the final newline.
  void zero_tokens() {
    const Run r = cli(greedy_args(0));
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, QString("\n"));
    QVERIFY2(r.err.contains(" 0 new tokens"), qPrintable(r.err));
  }

  // The context limit (128) ends generation: prompt + new tokens == 128, the reference first.
  void context_limit() {
    const int n_prompt = int(greedy_ref().at("prompt_ids").size());
    const Run r = cli(greedy_args(1000));
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(expected_text()));
    QVERIFY2(r.err.contains(QString("%1 new tokens").arg(128 - n_prompt)), qPrintable(r.err));
    QVERIFY2(r.err.contains("stopped by context"), qPrintable(r.err));
  }

  // --backend auto on a machine without a usable GPU (CI: none, or a build without CUDA): the same
  // answer as on the CPU, and stderr says where it ran and why. --backend cuda there: exit 4.
  void backend_auto_falls_back_to_cpu() {
    const Run cpu = cli(greedy_args(n_greedy()));
    const Run automatic = cli(greedy_args(n_greedy()) << "--backend" << "auto");
    QCOMPARE(automatic.code, 0);
    QCOMPARE(automatic.out, cpu.out);
    QVERIFY2(automatic.err.contains("[generate] backend: cpu (running on the CPU: "), qPrintable(automatic.err));
    QVERIFY2(!cpu.err.contains("backend:"), qPrintable(cpu.err));  // the CPU by default, said nowhere
    const Run cuda = cli(greedy_args(n_greedy()) << "--backend" << "cuda");
    QCOMPARE(cuda.code, 4);
    QVERIFY2(cuda.out.isEmpty(), qPrintable(cuda.out));
    QVERIFY2(cuda.err.contains("CUDA"), qPrintable(cuda.err));
  }

  void bad_arguments_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::newRow("no prompt") << QStringList{"generate", kModel} << 2;
    QTest::newRow("no model") << QStringList{"generate", "--prompt", "x"} << 2;
    QTest::newRow("unknown option") << QStringList{"generate", kModel, "--prompt", "x", "--bogus", "1"} << 2;
    QTest::newRow("negative temperature") << QStringList{"generate", kModel, "--prompt", "x", "--temperature", "-1"} << 2;
    QTest::newRow("top-p 0") << QStringList{"generate", kModel, "--prompt", "x", "--top-p", "0"} << 2;
    QTest::newRow("max-tokens text") << QStringList{"generate", kModel, "--prompt", "x", "--max-tokens", "many"} << 2;
    QTest::newRow("bad template") << QStringList{"generate", kModel, "--prompt", "x", "--template", "v9"} << 2;
    QTest::newRow("bad backend") << QStringList{"generate", kModel, "--prompt", "x", "--backend", "gpu"} << 2;
    QTest::newRow("missing file") << QStringList{"generate", kDir + "/no-such.gguf", "--prompt", "x"} << 3;
    QTest::newRow("v3 without [INST] tokens")
        << QStringList{"generate", kModel, "--prompt", "x", "--template", "v3"} << 3;
  }
  void bad_arguments() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    const Run r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY(!r.err.isEmpty());
  }
};

QTEST_APPLESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"
