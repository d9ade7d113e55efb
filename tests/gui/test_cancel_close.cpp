// Cancel and close while the workers are busy: EngineController destroyed (the window closes)
// inside a load, a prefill and a decode; ModerationController destroyed inside a batch; Stop
// during prefill; the main window closed while a model loads and while an answer streams. Each
// wait has a timeout (a hang fails the test instead of stalling the run) and the build with
// -DTRAMONTANE_SANITIZE=ON runs it under LeakSanitizer (label sanitize).
// The worker is held inside the phase by a direct connection on its own signal, so the close
// lands there and not before or after it.
#include <QElapsedTimer>
#include <QFile>
#include <QPlainTextEdit>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <memory>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/engine_worker.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/remote_backend.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/main_window.h"
#include "tests/gui/fake_http_server.h"

using namespace tramontane::gui;
using tramontane::test::FakeHttpServer;
using tramontane::test::HttpRequest;
using tramontane::test::HttpResponse;

namespace {

constexpr int kTimeoutMs = 30000;
constexpr int kJoinMs = 10000;   // a close must not wait for the rest of the work
QString fixture(const char* rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + QLatin1String(rel); }
QString model() { return fixture("gguf_models/model-q8_0.gguf"); }

ChatRequest long_request(int max_tokens) {
  ChatRequest r;
  r.turns = {ChatTurn{Role::User, QStringLiteral("hello there, tell me a long story please")}};
  r.sampling.temperature = 0.8;
  r.sampling.seed = 3;
  r.sampling.max_tokens = max_tokens;
  r.stop_at_context = false;
  return r;
}

// Holds the worker thread in its first call (released by the close, or after 200 ms).
struct Hold {
  QSemaphore inside, resume;
  std::atomic<bool> first{true};
  void operator()() {
    if (!first.exchange(false)) return;
    inside.release();
    resume.tryAcquire(1, 200);
  }
};

bool load(EngineController& c) {
  QSignalSpy loaded(&c, &EngineController::modelLoaded);
  QSignalSpy failed(&c, &EngineController::loadFailed);
  if (c.loadModel(model(), EngineWorker::Backend::Cpu) == 0) return false;
  return QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, kTimeoutMs) && loaded.count() == 1;
}

// A server: /v1/models, and chat answered by `chat`.
FakeHttpServer::Handler server_with(std::function<HttpResponse(const HttpRequest&)> chat) {
  return [chat](const HttpRequest& r) {
    if (r.path == "/v1/models")
      return HttpResponse::json(200, R"({"object":"list","data":[{"id":"tiny","object":"model","owned_by":"llamacpp"}]})");
    if (r.path == "/lora-adapters") return HttpResponse::json(200, "[]");
    return chat(r);
  };
}

RemoteConfig config_for(const FakeHttpServer& s) {
  RemoteConfig c;
  c.base_url = QUrl(s.url() + QStringLiteral("/v1"));
  c.api_key = QStringLiteral("sk-test-123");
  c.idle_timeout_ms = 60000;
  c.backoff_ms = 10;
  return c;
}

}  // namespace

class TestCancelClose : public QObject {
  Q_OBJECT

  enum Phase { Load, Prefill, Decode };

 private slots:
  void closeEngineController_data() {
    QTest::addColumn<int>("phase");
    QTest::addColumn<bool>("stopFirst");
    for (bool stop : {false, true}) {
      const char* s = stop ? " after Stop" : "";
      QTest::newRow(qPrintable(QStringLiteral("load%1").arg(QLatin1String(s)))) << int(Load) << stop;
      QTest::newRow(qPrintable(QStringLiteral("prefill%1").arg(QLatin1String(s)))) << int(Prefill) << stop;
      QTest::newRow(qPrintable(QStringLiteral("decode%1").arg(QLatin1String(s)))) << int(Decode) << stop;
    }
  }
  // ~EngineController while the worker is inside the phase: it stops within one step and joins.
  void closeEngineController() {
    QFETCH(int, phase);
    QFETCH(bool, stopFirst);
    auto c = std::make_unique<EngineController>();
    if (phase != Load) QVERIFY(load(*c));
    Hold hold;
    EngineWorker* w = c->worker();
    if (phase == Load) {
      connect(w, &EngineWorker::loadProgress, w, [&](quint64, const QString&) { hold(); }, Qt::DirectConnection);
      QVERIFY(c->loadModel(model(), EngineWorker::Backend::Cpu) > 0);
    } else {
      if (phase == Prefill) {
        connect(w, &EngineWorker::prefillProgress, w, [&](quint64, qint64, qint64) { hold(); }, Qt::DirectConnection);
      } else {
        connect(w, &EngineWorker::tokens, w, [&](quint64, const QString&, qint64) { hold(); }, Qt::DirectConnection);
      }
      QVERIFY(c->generate(long_request(1000000)) > 0);
    }
    QVERIFY(hold.inside.tryAcquire(1, kTimeoutMs));
    if (stopFirst) c->stop();
    QElapsedTimer t;
    t.start();
    c.reset();
    QVERIFY2(t.elapsed() < kJoinMs, qPrintable(QStringLiteral("joined after %1 ms").arg(t.elapsed())));
  }

  // Stop during prefill: the answer ends Stopped with no token; the next one is not affected.
  void stopDuringPrefill() {
    EngineController c;
    QVERIFY(load(c));
    QSignalSpy finished(&c, &EngineController::finished);
    QSignalSpy failed(&c, &EngineController::failed);
    auto conn = connect(c.worker(), &EngineWorker::prefillProgress, c.worker(),
                        [&](quint64, qint64, qint64) { c.worker()->requestStop(); }, Qt::DirectConnection);
    QVERIFY(c.generate(long_request(50)) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, kTimeoutMs);
    disconnect(conn);
    QCOMPARE(failed.count(), 0);
    const auto stopped = finished.at(0).at(0).value<GenerationResult>();
    QCOMPARE(stopped.stop_reason, StopReason::Stopped);
    QCOMPARE(stopped.completion_tokens, 0);
    QVERIFY(!c.busy());
    QVERIFY(c.generate(long_request(5)) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
    QVERIFY(finished.at(1).at(0).value<GenerationResult>().completion_tokens > 0);
  }

  void closeModerationBatch_data() {
    QTest::addColumn<bool>("cancelFirst");
    QTest::newRow("close") << false;
    QTest::newRow("close after Cancel") << true;
  }
  // ~ModerationController between two chunks of a batch.
  void closeModerationBatch() {
    QFETCH(bool, cancelFirst);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csv = dir.filePath(QStringLiteral("texts.csv"));
    {
      QFile f(csv);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QByteArray b = "text,label\n";
      for (int i = 0; i < 60; ++i) b += "\"some text number " + QByteArray::number(i) + "\"," + (i % 2 ? "safe" : "unsafe") + "\n";
      f.write(b);
    }
    auto m = std::make_unique<ModerationController>();
    m->setBatchSize(2);
    m->setModelPath(fixture("moderation/v1"));
    QVERIFY(!m->setPolicy(QStringLiteral("binary")));
    QSignalSpy opened(m.get(), &ModerationController::datasetOpened);
    QVERIFY(m->openDataset(csv));
    QVERIFY(opened.wait(kTimeoutMs));
    QCOMPARE(opened.at(0).at(1).toString(), QString());
    Hold hold;
    std::atomic<int> chunks{0};
    connect(m->worker(), &ModerationWorker::progress, m->worker(),
            [&](quint64, qint64, qint64, double, double) { if (++chunks == 2) hold(); }, Qt::DirectConnection);
    QVERIFY(!m->startBatch(QStringLiteral("text"), QStringLiteral("label")));
    QVERIFY(hold.inside.tryAcquire(1, kTimeoutMs));
    if (cancelFirst) m->cancel();
    QElapsedTimer t;
    t.start();
    m.reset();
    QVERIFY2(t.elapsed() < kJoinMs, qPrintable(QStringLiteral("joined after %1 ms").arg(t.elapsed())));
    QVERIFY(chunks.load() < 30);   // it did not run to the end first
  }

  void closeMainWindow_data() {
    QTest::addColumn<bool>("duringLoad");
    QTest::newRow("during load") << true;
    QTest::newRow("during decode") << false;
  }
  // The window closed while a model loads / an answer streams, then torn down in main()'s order
  // (window, controller, store): the answer is kept as Interrupted.
  void closeMainWindow() {
    QFETCH(bool, duringLoad);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto store = std::make_unique<ChatStore>();
    QVERIFY(!store->open(ChatStore::database_path(dir.path())));
    auto controller = std::make_unique<EngineController>();
    auto window = std::make_unique<MainWindow>(*store, *controller, dir.path());
    window->show();
    Hold hold;
    EngineWorker* w = controller->worker();
    qint64 conversation = 0;
    if (duringLoad) {
      connect(w, &EngineWorker::loadProgress, w, [&](quint64, const QString&) { hold(); }, Qt::DirectConnection);
      window->openModel(model());
    } else {
      QSignalSpy loaded(controller.get(), &EngineController::modelLoaded);
      window->openModel(model());
      QVERIFY(loaded.wait(kTimeoutMs));
      conversation = window->newConversation();
      QVERIFY(conversation > 0);
      ConversationSampling s;
      s.sampling.temperature = 0.8;
      s.sampling.max_tokens = 1000000;
      s.sampling.seed = 7;
      s.stop_at_context = false;
      window->settings().set_sampling(window->currentConversation(), s);
      connect(w, &EngineWorker::tokens, w, [&](quint64, const QString&, qint64 n) { if (n >= 3) hold(); },
              Qt::DirectConnection);
      QSignalSpy tokens(controller.get(), &EngineController::tokens);
      QPlainTextEdit* editor = window->composer()->editor();
      QTest::keyClicks(editor, QStringLiteral("tell me a long story"));
      QTest::keyClick(editor, Qt::Key_Return);
      QTRY_VERIFY_WITH_TIMEOUT(tokens.count() >= 2, kTimeoutMs);
    }
    QVERIFY(hold.inside.tryAcquire(1, kTimeoutMs));
    QElapsedTimer t;
    t.start();
    window->close();
    window.reset();
    controller.reset();
    QVERIFY2(t.elapsed() < kJoinMs, qPrintable(QStringLiteral("torn down after %1 ms").arg(t.elapsed())));
    if (!duringLoad) {
      const auto path = store->active_path(conversation);
      QVERIFY(path.ok());
      QCOMPARE(path.value().size(), 2);
      QCOMPARE(path.value()[1].stop_reason, StopReason::Interrupted);
      QVERIFY(!path.value()[1].streaming);
      QVERIFY(!path.value()[1].content.isEmpty());
    }
    QVERIFY(!store->close());
  }

  // ~EngineController on a server while the answer streams (the server then says nothing more).
  void closeRemoteDuringAnswer() {
    FakeHttpServer server(server_with([](const HttpRequest&) {
      HttpResponse r = HttpResponse::sse({{0, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Bon\"}}]}\n\n"}});
      r.end = HttpResponse::End::Hang;
      return r;
    }));
    auto c = std::make_unique<EngineController>();
    QSignalSpy loaded(c.get(), &EngineController::modelLoaded);
    QVERIFY(c->connectRemote(config_for(server)) != 0);
    QVERIFY(loaded.wait(kTimeoutMs));
    QSignalSpy tokens(c.get(), &EngineController::tokens);
    ChatRequest r = long_request(100);
    QVERIFY(c->generate(r) != 0);
    QVERIFY(tokens.wait(kTimeoutMs));
    QElapsedTimer t;
    t.start();
    c.reset();
    QVERIFY(t.elapsed() < kJoinMs);
    QTest::qWait(50);   // the aborted reply's deferred deletes run
  }

  // ~ModerationController on a server with requests in flight and one waiting out a Retry-After.
  void closeRemoteModeration() {
    auto tries = std::make_shared<std::atomic<int>>(0);
    FakeHttpServer server(server_with([tries](const HttpRequest&) {
      if (++*tries == 1) {
        HttpResponse busy = HttpResponse::json(429, R"({"error":{"message":"slow down"}})");
        busy.extra_headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("30")));
        return busy;
      }
      HttpResponse slow = HttpResponse::json(200, "{}");
      slow.delay_headers_ms = 100000;
      slow.end = HttpResponse::End::Hang;
      return slow;
    }));
    auto backend = std::make_unique<RemoteBackend>();
    QSignalSpy ok(backend.get(), &RemoteBackend::connected);
    RemoteConfig cfg = config_for(server);
    cfg.max_in_flight = 3;
    cfg.max_retries = 2;
    backend->connectTo(cfg);
    QVERIFY(ok.wait(kTimeoutMs));
    auto m = std::make_unique<ModerationController>();
    m->setRemote(backend.get());
    QVERIFY(!m->setPolicy(QStringLiteral("binary")));
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("texts.csv"));
    {
      QFile f(csv);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QByteArray b = "text\n";
      for (int i = 0; i < 10; ++i) b += "text " + QByteArray::number(i) + "\n";
      f.write(b);
    }
    QSignalSpy opened(m.get(), &ModerationController::datasetOpened);
    QVERIFY(m->openDataset(csv));
    QVERIFY(opened.wait(kTimeoutMs));
    QVERIFY(!m->startBatch(QStringLiteral("text"), QString()));
    QTRY_VERIFY_WITH_TIMEOUT(server.requests().size() >= 5, kTimeoutMs);   // models, lora?, 429, 3 hanging
    QVERIFY(m->busy());
    QElapsedTimer t;
    t.start();
    m.reset();
    backend.reset();
    QVERIFY(t.elapsed() < kJoinMs);
    QTest::qWait(50);
  }
};

QTEST_MAIN(TestCancelClose)
#include "test_cancel_close.moc"
