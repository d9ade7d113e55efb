// `tramontane-cli logits` end to end: the .npy it writes matches transformers' logits, and
// bad arguments give the documented exit codes (2 usage, 3 bad input).
#include <QtTest>

#include "tests/engine/cli_run.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/format/npy.h"

using namespace tramontane;

namespace {

const QString kModel = QString(TRAMONTANE_FIXTURES) + "/models/window8";

std::vector<int32_t> prompt0() {
  std::ifstream in((kModel + "/ref.json").toStdString());
  return nlohmann::json::parse(in).at("prompts").at(0).get<std::vector<int32_t>>();
}

QString join(const std::vector<int32_t>& ids) {
  QStringList parts;
  for (int32_t id : ids) parts << QString::number(id);
  return parts.join(',');
}

}  // namespace

class TestCliLogits : public QObject {
  Q_OBJECT
 private slots:
  void matchesReference_data() {
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("default chunk") << QStringList{};
    QTest::newRow("chunk 3") << QStringList{"--chunk", "3"};
    QTest::newRow("decode") << QStringList{"--decode", "--backend", "cpu"};
  }
  void matchesReference() {
    QFETCH(QStringList, extra);
    QTemporaryDir tmp;
    const QString out = tmp.path() + "/logits.npy";
    const auto ids = prompt0();
    Run r = cli(QStringList{"logits", kModel, "--tokens", join(ids), "--out", out} + extra);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.trimmed(), QString("{\"n_tokens\":%1,\"n_vocab\":256,\"out\":\"%2\"}").arg(ids.size()).arg(out));
    auto ours = read_npy(out.toStdString());
    auto ref = read_npy((kModel + "/logits_0.npy").toStdString());
    QVERIFY(ours.has_value() && ref.has_value());
    QVERIFY(!ours->is_f64);
    QCOMPARE(ours->shape, ref->shape);
    double err = 0, scale = 0;
    for (int64_t i = 0; i < ref->numel(); ++i) {
      err = std::max(err, std::fabs(ours->at(i) - ref->at(i)));
      scale = std::max(scale, std::fabs(ref->at(i)));
    }
    QVERIFY2(err <= 1e-4 * scale, qPrintable(QString("relative error %1").arg(err / scale)));
  }

  void errors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString out = QDir::tempPath() + "/tramontane-test-cli-logits-unused.npy";
    QTest::newRow("no --out") << QStringList{"logits", kModel, "--tokens", "1,2"} << 2 << "usage:";
    QTest::newRow("no model") << QStringList{"logits", "--tokens", "1", "--out", out} << 2 << "usage:";
    QTest::newRow("bad list") << QStringList{"logits", kModel, "--tokens", "1,,2", "--out", out} << 2 << "--tokens";
    QTest::newRow("not a number") << QStringList{"logits", kModel, "--tokens", "1,x", "--out", out} << 2 << "'x'";
    QTest::newRow("chunk 0") << QStringList{"logits", kModel, "--tokens", "1", "--out", out, "--chunk", "0"} << 2
                             << "--chunk";
    QTest::newRow("unknown option") << QStringList{"logits", kModel, "--tokens", "1", "--out", out, "--fast", "1"}
                                    << 2 << "--fast";
    QTest::newRow("backend") << QStringList{"logits", kModel, "--tokens", "1", "--out", out, "--backend", "tpu"} << 2
                             << "--backend";
    QTest::newRow("token id") << QStringList{"logits", kModel, "--tokens", "1,256", "--out", out} << 3
                              << "token id 256 at index 1 is outside the vocabulary (0..255)";
    QTest::newRow("negative id") << QStringList{"logits", kModel, "--tokens", "-3", "--out", out, "--decode"} << 3
                                 << "token id -3";
    QTest::newRow("missing model") << QStringList{"logits", kModel + "/nope", "--tokens", "1", "--out", out} << 3
                                   << "nope";
    QTest::newRow("unwritable out") << QStringList{"logits", kModel, "--tokens", "1", "--out", "/nonexistent/x.npy"} << 3
                                    << "/nonexistent/x.npy";
  }
  void errors() {
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, message);
    Run r = cli(args);
    QCOMPARE(r.code, code);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }

  // Beyond the context limit (llama fixture: 96 positions, no window): exit 3 with the limit named.
  void contextLimit() {
    QTemporaryDir tmp;
    std::vector<int32_t> ids(97, 5);
    Run r = cli({"logits", QString(TRAMONTANE_FIXTURES) + "/models/llama", "--tokens", join(ids), "--out",
                 tmp.path() + "/x.npy"});
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains("prompt of 97 tokens exceeds the context limit of 96 tokens"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestCliLogits)
#include "test_cli_logits.moc"
