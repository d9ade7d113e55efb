// tramontane-cli tokenize / chat-tokens against the reference ids in the tokenizer fixtures
// (made by tools/make_tokenizer_fixtures.py with sentencepiece and mistral-common).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QJsonDocument load_json(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot open %s", qPrintable(path));
  return QJsonDocument::fromJson(f.readAll());
}

QString tokenizer_path(const QString& version) {
  return QStringLiteral(TRAMONTANE_FIXTURES "/tokenizers/tokenizer.model.") + version;
}

// Runs the CLI; returns its stdout's "ids" array, failing the test on a non-zero exit.
QJsonArray run_ids(const QStringList& args, int* exit_code = nullptr) {
  QProcess p;
  p.start(QStringLiteral(TRAMONTANE_CLI), args);
  if (!p.waitForFinished(60000)) {
    p.kill();
    return {};
  }
  if (exit_code) *exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    qWarning("cli failed (%d): %s", p.exitCode(), p.readAllStandardError().constData());
    return {};
  }
  return QJsonDocument::fromJson(p.readAllStandardOutput()).object().value(QStringLiteral("ids")).toArray();
}

}  // namespace

class TestCliTokens : public QObject {
  Q_OBJECT

 private slots:
  void tokenizeMatchesSentencepiece_data() {
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonArray>("expected");
    const QJsonObject d = load_json(QStringLiteral(TRAMONTANE_FIXTURES "/tokenizer/strings.json")).object();
    const QJsonArray strings = d.value(QStringLiteral("strings")).toArray();
    // Every 7th string through the CLI (the library test covers all of them).
    for (const QString version : {QStringLiteral("v1"), QStringLiteral("v3")}) {
      const QJsonArray ids = d.value(version).toObject().value(QStringLiteral("ids")).toArray();
      for (int i = 0; i < strings.size(); i += 7)
        QTest::newRow(qPrintable(QStringLiteral("%1/%2").arg(version).arg(i)))
            << version << strings[i].toString() << ids[i].toArray();
    }
  }
  void tokenizeMatchesSentencepiece() {
    QFETCH(QString, version);
    QFETCH(QString, text);
    QFETCH(QJsonArray, expected);
    QCOMPARE(run_ids({QStringLiteral("tokenize"), tokenizer_path(version), QStringLiteral("--text"), text}), expected);
    QJsonArray with_bos = expected;
    with_bos.prepend(1);
    QCOMPARE(run_ids({QStringLiteral("tokenize"), tokenizer_path(version), QStringLiteral("--text"), text,
                      QStringLiteral("--bos")}),
             with_bos);
  }

  void chatTokensMatchMistralCommon_data() {
    QTest::addColumn<QString>("version");
    QTest::addColumn<QJsonArray>("messages");
    QTest::addColumn<QJsonArray>("expected");
    const QJsonArray chats = load_json(QStringLiteral(TRAMONTANE_FIXTURES "/tokenizer/chats.json")).array();
    for (const QString version : {QStringLiteral("v1"), QStringLiteral("v3")})
      for (const QJsonValue& c : chats) {
        const QJsonObject o = c.toObject();
        if (!o.contains(version) || !o.value(version).isArray()) continue;  // conversations mistral-common refuses
        QTest::newRow(qPrintable(version + QLatin1Char('/') + o.value(QStringLiteral("name")).toString()))
            << version << o.value(QStringLiteral("messages")).toArray() << o.value(version).toArray();
      }
  }
  void chatTokensMatchMistralCommon() {
    QFETCH(QString, version);
    QFETCH(QJsonArray, messages);
    QFETCH(QJsonArray, expected);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile f(tmp.filePath(QStringLiteral("messages.json")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(messages).toJson());
    f.close();
    // The CLI contract allows at most one system message, and only first; mistral-common
    // merges others, the CLI refuses them as bad input.
    int systems = 0;
    bool system_not_first = false;
    for (int i = 0; i < messages.size(); ++i)
      if (messages[i].toObject().value(QStringLiteral("role")).toString() == QLatin1String("system")) {
        ++systems;
        system_not_first |= i != 0;
      }
    if (systems > 1 || system_not_first) {
      int code = 0;
      run_ids({QStringLiteral("chat-tokens"), tokenizer_path(version), QStringLiteral("--messages"), f.fileName()},
              &code);
      QCOMPARE(code, 3);
      return;
    }
    // The template is detected from the tokenizer ([INST] is a control token only in v3) ...
    QCOMPARE(run_ids({QStringLiteral("chat-tokens"), tokenizer_path(version), QStringLiteral("--messages"),
                      f.fileName()}),
             expected);
    // ... and can be named explicitly.
    QCOMPARE(run_ids({QStringLiteral("chat-tokens"), tokenizer_path(version), QStringLiteral("--messages"),
                      f.fileName(), QStringLiteral("--template"), version}),
             expected);
  }
};

QTEST_GUILESS_MAIN(TestCliTokens)
#include "test_cli_tokens.moc"
