// Every file in tests/fixtures/bad/ must make tramontane-cli exit with code 3 and one line
// naming the file and the problem: no crash, no signal, no hang.
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCliBadInputs : public QObject {
  Q_OBJECT

 private:
  struct Result {
    bool finished = false;
    QProcess::ExitStatus status = QProcess::CrashExit;
    int code = -1;
    QString err;
  };

  static Result run(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(TRAMONTANE_CLI), args);
    Result r;
    r.finished = p.waitForFinished(60000);
    if (!r.finished) p.kill(), p.waitForFinished();
    r.status = p.exitStatus();
    r.code = p.exitCode();
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
  }

  static void expect_bad(const QStringList& args, const QString& name) {
    const Result r = run(args);
    QVERIFY2(r.finished, qPrintable(name + ": hung"));
    QVERIFY2(r.status == QProcess::NormalExit, qPrintable(name + ": crashed: " + r.err));
    QVERIFY2(r.code == 3, qPrintable(name + QStringLiteral(": exit code %1: ").arg(r.code) + r.err));
    QVERIFY2(r.err.contains(name), qPrintable(name + ": message does not name the file: " + r.err));
    QVERIFY2(r.err.trimmed().count('\n') == 0, qPrintable(name + ": message is not one line: " + r.err));
  }

  static QString good_model_dir() { return QStringLiteral(TRAMONTANE_FIXTURES "/models/gqa"); }

 private slots:
  void corpusIsLargeEnough() {
    QDir bad(QStringLiteral(TRAMONTANE_FIXTURES "/bad"));
    QVERIFY(bad.exists());
    QVERIFY2(bad.entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size() >= 40, "fewer than 40 bad inputs");
  }

  void everyBadModelFileExitsWith3_data() {
    QTest::addColumn<QString>("path");
    QDir bad(QStringLiteral(TRAMONTANE_FIXTURES "/bad"));
    for (const QFileInfo& fi : bad.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Name)) {
      if (fi.fileName().startsWith(QLatin1String("tokenizer_"))) continue;  // tested below
      QTest::newRow(qPrintable(fi.fileName())) << fi.absoluteFilePath();
    }
  }
  void everyBadModelFileExitsWith3() {
    QFETCH(QString, path);
    const QString name = QFileInfo(path).fileName();
    expect_bad({QStringLiteral("inspect"), path}, name);
  }

  // A malformed tokenizer.model beside good weights: tokenize must fail cleanly.
  void everyBadTokenizerExitsWith3_data() {
    QTest::addColumn<QString>("path");
    QDir bad(QStringLiteral(TRAMONTANE_FIXTURES "/bad"));
    for (const QFileInfo& fi : bad.entryInfoList({QStringLiteral("tokenizer_*")}, QDir::Files, QDir::Name))
      QTest::newRow(qPrintable(fi.fileName())) << fi.absoluteFilePath();
  }
  void everyBadTokenizerExitsWith3() {
    QFETCH(QString, path);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QDir src(good_model_dir());
    for (const QString& f : src.entryList({QStringLiteral("*.json"), QStringLiteral("*.safetensors")}, QDir::Files))
      QVERIFY(QFile::copy(src.filePath(f), tmp.filePath(f)));
    QVERIFY(QFile::copy(path, tmp.filePath(QStringLiteral("tokenizer.model"))));
    expect_bad({QStringLiteral("tokenize"), tmp.path(), QStringLiteral("--text"), QStringLiteral("hello")},
               QStringLiteral("tokenizer.model"));
  }

  void missingFileExitsWith3() {
    expect_bad({QStringLiteral("inspect"), QStringLiteral("/nonexistent/model.gguf")}, QStringLiteral("model.gguf"));
  }

  // selftest --faults checks its model before anything else, GPU or not.
  void selftestFaultsModelMustLoad() {
    expect_bad({QStringLiteral("selftest"), QStringLiteral("--backend"), QStringLiteral("cuda"), QStringLiteral("--faults"),
                QStringLiteral(TRAMONTANE_FIXTURES "/bad/gguf_truncated_in_data.gguf")},
               QStringLiteral("gguf_truncated_in_data.gguf"));
  }

  void usageErrorsExitWith2() {
    QCOMPARE(run({}).code, 2);
    QCOMPARE(run({QStringLiteral("no-such-command")}).code, 2);
    QCOMPARE(run({QStringLiteral("inspect")}).code, 2);
    QCOMPARE(run({QStringLiteral("tokenize"), good_model_dir()}).code, 2);  // no --text
  }
};

QTEST_GUILESS_MAIN(TestCliBadInputs)
#include "test_cli_bad_inputs.moc"
