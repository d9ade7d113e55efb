// Faults of a REAL llama.cpp server (run by scripts/test-remote-live after the live replay tests,
// with TRAMONTANE_REMOTE_URL and TRAMONTANE_REMOTE_SERVER_PID; not a ctest of its own, since it
// needs the live server and ends it):
//   - a stalled server (the process stopped with SIGSTOP while a request waits): the answer fails
//     after the idle timeout with a message that says so; once resumed (SIGCONT) it answers again;
//   - a server that dies mid-stream (SIGKILL after the first tokens): the answer fails with a
//     message naming the server, and the text that arrived was delivered and is kept.
// The same faults against a scripted server are in test_remote_backend.cpp (with malformed events).
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

#include "gui/core/remote_backend.h"

using namespace tramontane::gui;

class RemoteLiveFaults : public QObject {
  Q_OBJECT
  QString url_;
  pid_t pid_ = 0;

  ChatRequest request(int max_tokens) {
    ChatRequest r;
    r.turns = {ChatTurn{Role::User, QStringLiteral("Tell me about the sea.")}};
    r.sampling.temperature = 0;
    r.sampling.max_tokens = max_tokens;
    return r;
  }

  bool connect_backend(RemoteBackend& b, int idle_ms) {
    RemoteConfig c;
    c.base_url = QUrl(url_);
    c.idle_timeout_ms = idle_ms;
    QSignalSpy ok(&b, &RemoteBackend::connected);
    QSignalSpy bad(&b, &RemoteBackend::connectFailed);
    b.connectTo(c);
    return QTest::qWaitFor([&] { return ok.count() + bad.count() > 0; }, 30000) && ok.count() == 1;
  }

 private slots:
  void initTestCase() {
    url_ = qEnvironmentVariable("TRAMONTANE_REMOTE_URL");
    pid_ = pid_t(qEnvironmentVariableIntValue("TRAMONTANE_REMOTE_SERVER_PID"));
    QVERIFY2(!url_.isEmpty() && pid_ > 0, "run by scripts/test-remote-live (needs the live server's URL and pid)");
  }

  void stalledServerTimesOutThenRecovers() {
    RemoteBackend b;
    QVERIFY(connect_backend(b, 1500));
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QCOMPARE(::kill(pid_, SIGSTOP), 0);
    QElapsedTimer t;
    t.start();
    QString err;
    QVERIFY(b.generate(request(8), &err));
    const bool ended = QTest::qWaitFor([&] { return failed.count() + done.count() > 0; }, 10000);
    ::kill(pid_, SIGCONT);
    QVERIFY(ended);
    QCOMPARE(done.count(), 0);
    const QString msg = failed.first().first().toString();
    qInfo("stalled: %s (after %lld ms)", qPrintable(msg), static_cast<long long>(t.elapsed()));
    QVERIFY2(msg.contains(QStringLiteral("sent nothing")), qPrintable(msg));
    QVERIFY(t.elapsed() >= 1400 && t.elapsed() < 8000);
    // Resumed, the same server answers the next request.
    QVERIFY(b.generate(request(8), &err));
    QVERIFY(QTest::qWaitFor([&] { return failed.count() + done.count() > 1; }, 30000));
    QCOMPARE(done.count(), 1);
    QVERIFY(!done.first().first().value<GenerationResult>().text.isEmpty());
  }

  // Last: the server is gone afterwards.
  void serverKilledMidStreamKeepsTheText() {
    RemoteBackend b;
    QVERIFY(connect_backend(b, 30000));
    QSignalSpy tokens(&b, &RemoteBackend::tokens);
    QSignalSpy failed(&b, &RemoteBackend::failed);
    QSignalSpy done(&b, &RemoteBackend::finished);
    QString err;
    QVERIFY(b.generate(request(900), &err));
    QVERIFY(QTest::qWaitFor([&] { return tokens.count() > 0 || failed.count() + done.count() > 0; }, 30000));
    QVERIFY2(done.isEmpty() && failed.isEmpty(), "the answer ended before the server could be killed");
    QCOMPARE(::kill(pid_, SIGKILL), 0);
    QVERIFY(QTest::qWaitFor([&] { return failed.count() + done.count() > 0; }, 10000));
    QVERIFY2(done.isEmpty(), "a killed server's answer was reported as finished");
    const QString msg = failed.first().first().toString();
    qInfo("killed: %s", qPrintable(msg));
    QVERIFY2(msg.contains(QUrl(url_).host()) && msg.contains(QStringLiteral("kept")), qPrintable(msg));
    QString text;
    for (const auto& args : tokens) text += args.at(0).toString();
    QVERIFY(!text.isEmpty());
  }
};

QTEST_MAIN(RemoteLiveFaults)
#include "remote_live_faults.moc"
