// EngineWorker and EngineController on the real engine (CPU) with the small GGUF fixture
// (tests/fixtures/gguf_models/model-q8_0.gguf: SentencePiece vocabulary of 320 pieces, v1 chat
// template, sliding window 16, context limit 128 positions).
#include <QJsonObject>
#include <QSemaphore>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <functional>

#include "engine/runtime/engine.h"
#include "gui/core/engine_controller.h"
#include "gui/core/engine_worker.h"

using namespace tramontane::gui;

namespace {

constexpr int kTimeoutMs = 10000;  // every wait here normally ends within a second

QString fixture(const QString& rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + rel; }
QString good_model() { return fixture(QStringLiteral("gguf_models/model-q8_0.gguf")); }
QString bad_model() { return fixture(QStringLiteral("bad/gguf_truncated_in_data.gguf")); }

ChatRequest request(const QString& user, double temperature = 0.0, qint64 seed = 1, int max_tokens = 40) {
  ChatRequest r;
  r.turns = {ChatTurn{Role::User, user}};
  r.sampling.temperature = temperature;
  r.sampling.seed = seed;
  r.sampling.max_tokens = max_tokens;
  return r;
}

// A worker on its own thread, as the header's example sets it up.
struct WorkerOnThread {
  QThread thread;
  EngineWorker* worker = new EngineWorker;
  WorkerOnThread() {
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
  }
  ~WorkerOnThread() {
    worker->requestStop();
    thread.quit();
    thread.wait();
  }
  void load(quint64 id, const QString& path, EngineWorker::Backend b = EngineWorker::Backend::Cpu) {
    QMetaObject::invokeMethod(worker, "loadModel", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(QString, path), Q_ARG(int, int(b)));
  }
  void generate(quint64 id, const ChatRequest& r) {
    QMetaObject::invokeMethod(worker, "generate", Qt::QueuedConnection, Q_ARG(quint64, id),
                              Q_ARG(tramontane::gui::ChatRequest, r));
  }
  // Blocks the worker's thread until the returned semaphore is released (so that what is queued
  // meanwhile is still waiting when the test acts).
  static void block(QObject* on, QSemaphore& gate) {
    QMetaObject::invokeMethod(on, [&gate] { gate.acquire(); }, Qt::QueuedConnection);
  }
};

// One answer as the controller reports it, in signal order.
struct Answer {
  QStringList events;             // "tokens" / "finished" / "failed" / "prompt", in order
  QStringList pieces;
  QList<qint64> counts;
  QList<int> prompt;
  QList<QPair<qint64, qint64>> prefill;
  GenerationResult result;
  QString error;
  bool done = false;
};

void record(EngineController& c, Answer& a, QList<QMetaObject::Connection>& conns) {
  conns << QObject::connect(&c, &EngineController::promptReady, [&a](const QList<int>& ids) {
    a.events << QStringLiteral("prompt");
    a.prompt = ids;
  });
  conns << QObject::connect(&c, &EngineController::prefillProgress,
                            [&a](qint64 done, qint64 total) { a.prefill.append({done, total}); });
  conns << QObject::connect(&c, &EngineController::tokens, [&a](const QString& text, qint64 count) {
    a.events << QStringLiteral("tokens");
    a.pieces << text;
    a.counts << count;
  });
  conns << QObject::connect(&c, &EngineController::finished, [&a](const GenerationResult& r) {
    a.events << QStringLiteral("finished");
    a.result = r;
    a.done = true;
  });
  conns << QObject::connect(&c, &EngineController::failed, [&a](const QString& message, bool) {
    a.events << QStringLiteral("failed");
    a.error = message;
    a.done = true;
  });
}

// Runs one request through the controller and waits for its end.
Answer answer(EngineController& c, const ChatRequest& r) {
  Answer a;
  QList<QMetaObject::Connection> conns;
  record(c, a, conns);
  const quint64 id = c.generate(r);
  if (id == 0) {
    a.error = QStringLiteral("refused: busy");
  } else {
    if (!QTest::qWaitFor([&] { return a.done; }, kTimeoutMs)) a.error = QStringLiteral("timed out");
  }
  for (const auto& conn : conns) QObject::disconnect(conn);
  return a;
}

bool load(EngineController& c, const QString& path, QString* error = nullptr) {
  QSignalSpy loaded(&c, &EngineController::modelLoaded);
  QSignalSpy failed(&c, &EngineController::loadFailed);
  if (c.loadModel(path, EngineWorker::Backend::Cpu) == 0) return false;
  if (!QTest::qWaitFor([&] { return loaded.count() + failed.count() > 0; }, kTimeoutMs)) return false;
  if (error && failed.count() > 0) *error = failed.at(0).at(0).toString();
  return loaded.count() == 1 && failed.count() == 0;
}

bool starts_with(const QList<int>& a, const QList<int>& prefix) {
  return a.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), a.begin());
}

}  // namespace

class TestEngineWorker : public QObject {
  Q_OBJECT

 private slots:
  void samplingJson() {
    SamplingSettings s;
    s.temperature = 0.3;
    s.top_k = 7;
    s.top_p = 0.5;
    s.min_p = 0.05;
    s.repeat_penalty = 1.1;
    s.seed = (qint64(1) << 52) + 3;
    s.max_tokens = 99;
    const SamplingSettings t = SamplingSettings::from_json(s.to_json());
    QCOMPARE(t.temperature, s.temperature);
    QCOMPARE(t.top_k, s.top_k);
    QCOMPARE(t.top_p, s.top_p);
    QCOMPARE(t.min_p, s.min_p);
    QCOMPARE(t.repeat_penalty, s.repeat_penalty);
    QCOMPARE(t.seed, s.seed);
    QCOMPARE(t.max_tokens, s.max_tokens);
    QCOMPARE(s.to_json().value(QStringLiteral("seed")).toInteger(), s.seed);

    // Missing and unusable keys keep the defaults.
    const SamplingSettings d;
    QJsonObject o{{QStringLiteral("top_k"), 3},
                  {QStringLiteral("temperature"), QStringLiteral("hot")},
                  {QStringLiteral("top_p"), 1.5},
                  {QStringLiteral("max_tokens"), 2.5},
                  {QStringLiteral("seed"), -4}};
    const SamplingSettings u = SamplingSettings::from_json(o);
    QCOMPARE(u.top_k, 3);
    QCOMPARE(u.temperature, d.temperature);
    QCOMPARE(u.top_p, d.top_p);
    QCOMPARE(u.max_tokens, d.max_tokens);
    QCOMPARE(u.seed, d.seed);
    QCOMPARE(u.min_p, d.min_p);
  }

  void generateWithoutModel() {
    {
      WorkerOnThread w;
      QSignalSpy failed(w.worker, &EngineWorker::failed);
      QSignalSpy finished(w.worker, &EngineWorker::finished);
      w.generate(3, request(QStringLiteral("hello")));
      QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
      QCOMPARE(failed.at(0).at(0).toULongLong(), 3ull);
      QVERIFY(!failed.at(0).at(1).toString().isEmpty());
      QCOMPARE(failed.at(0).at(2).toBool(), false);
      QCOMPARE(finished.count(), 0);
    }
    EngineController c;
    QSignalSpy busy(&c, &EngineController::busyChanged);
    const Answer a = answer(c, request(QStringLiteral("hello")));
    QCOMPARE(a.events, QStringList{QStringLiteral("failed")});
    QVERIFY(!c.busy());
    QCOMPARE(busy.count(), 2);
    QCOMPARE(busy.at(0).at(0).toBool(), true);
    QCOMPARE(busy.at(1).at(0).toBool(), false);
  }

  void loadReportsTheModel() {
    EngineController c;
    QSignalSpy progress(&c, &EngineController::loadProgress);
    QSignalSpy loaded(&c, &EngineController::modelLoaded);
    QVERIFY(c.loadModel(good_model(), EngineWorker::Backend::Cpu) > 0);
    QVERIFY(c.busy());
    QCOMPARE(c.loadModel(good_model()), 0ull);  // one request at a time
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QVERIFY(!c.busy());
    QVERIFY(c.isLoaded());
    QVERIFY(progress.count() >= 1);
    const ModelInfo info = loaded.at(0).at(0).value<ModelInfo>();
    QCOMPARE(info.name, QStringLiteral("model-q8_0.gguf"));
    QCOMPARE(info.path, good_model());
    QCOMPARE(info.backend, QStringLiteral("cpu"));
    QCOMPARE(info.chat_template, QStringLiteral("v1"));
    QCOMPARE(info.window, 16);
    QCOMPARE(info.context_limit, 128);
    QCOMPARE(info.n_vocab, 320);
    QVERIFY(info.model_bytes > 0);
    QCOMPARE(c.modelInfo().name, info.name);
  }

  // Tokens arrive in order before `finished`, their text is the answer, counts increase.
  void streamingOrder() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    ChatRequest r = request(QStringLiteral("hello there"), 0.0, 1, 300);
    r.stop_at_context = false;  // the window lets the answer run past the 128 trained positions
    const Answer a = answer(c, r);
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    QVERIFY(a.done);
    QVERIFY(a.events.size() >= 3);
    QCOMPARE(a.events.first(), QStringLiteral("prompt"));
    QCOMPARE(a.events.last(), QStringLiteral("finished"));
    QCOMPARE(a.events.count(QStringLiteral("finished")), 1);
    for (int i = 1; i + 1 < a.events.size(); ++i) QCOMPARE(a.events.at(i), QStringLiteral("tokens"));
    QVERIFY(!a.result.text.isEmpty());
    QCOMPARE(a.pieces.join(QString()), a.result.text);
    for (int i = 1; i < a.counts.size(); ++i) QVERIFY(a.counts.at(i) > a.counts.at(i - 1));
    QCOMPARE(a.counts.last(), a.result.completion_tokens);
    QVERIFY(a.result.completion_tokens > 0);
    QCOMPARE(a.result.prompt_tokens, qint64(a.prompt.size()));
    QCOMPARE(a.result.context_used, a.result.prompt_tokens + a.result.completion_tokens);
    QCOMPARE(a.result.seed, 1);
    QVERIFY(a.result.stop_reason == StopReason::MaxTokens || a.result.stop_reason == StopReason::EndOfText);
    if (a.result.stop_reason == StopReason::MaxTokens) QCOMPARE(a.result.completion_tokens, 300);
    // Prefill progress ends at its total.
    QVERIFY(!a.prefill.isEmpty());
    QCOMPARE(a.prefill.last().first, a.prefill.last().second);
  }

  void greedyIsDeterministic() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    const Answer a = answer(c, request(QStringLiteral("hello there"), 0.0, 11));
    const Answer b = answer(c, request(QStringLiteral("hello there"), 0.0, 22));
    QVERIFY(a.error.isEmpty() && b.error.isEmpty());
    QVERIFY(!a.result.text.isEmpty());
    QCOMPARE(b.result.text, a.result.text);
    QCOMPARE(b.result.completion_tokens, a.result.completion_tokens);
    // With max_tokens 40 and the context limit (128) far away: MaxTokens unless EOS came first.
    QVERIFY(a.result.stop_reason == StopReason::MaxTokens || a.result.stop_reason == StopReason::EndOfText);
  }

  // Regenerate: the same request with the same seed gives the same answer; seed 0 picks one and
  // reports it, and that seed reproduces the answer.
  void regenerateWithSeed() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    const Answer a = answer(c, request(QStringLiteral("tell me a story"), 0.9, 1234));
    const Answer b = answer(c, request(QStringLiteral("tell me a story"), 0.9, 1234));
    QVERIFY(a.error.isEmpty() && b.error.isEmpty());
    QCOMPARE(a.result.seed, 1234);
    QCOMPARE(b.result.text, a.result.text);

    const Answer r = answer(c, request(QStringLiteral("tell me a story"), 0.9, 0));
    QVERIFY(r.error.isEmpty());
    QVERIFY(r.result.seed > 0);
    QVERIFY(r.result.seed < (qint64(1) << 53));
    const Answer again = answer(c, request(QStringLiteral("tell me a story"), 0.9, r.result.seed));
    QCOMPARE(again.result.text, r.result.text);
  }

  // Stop from the GUI thread while the first `tokens` signal is being handled: the answer ends
  // within one token.
  void stopWithinOneToken() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    qint64 seen_at_stop = -1;
    // Blocking: the worker waits in its emission until this slot (on the test thread) returns,
    // so `count` is exactly the number of tokens generated when Stop is pressed.
    auto conn = QObject::connect(
        c.worker(), &EngineWorker::tokens, &c,
        [&](quint64, const QString&, qint64 count) {
          if (seen_at_stop >= 0) return;
          seen_at_stop = count;
          c.stop();
        },
        Qt::BlockingQueuedConnection);
    ChatRequest r = request(QStringLiteral("hello there"), 0.8, 5, 20000);
    r.stop_at_context = false;
    const Answer a = answer(c, r);
    QObject::disconnect(conn);
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    QVERIFY(seen_at_stop >= 1);
    QCOMPARE(a.result.stop_reason, StopReason::Stopped);
    QVERIFY2(a.result.completion_tokens <= seen_at_stop + 1,
             qPrintable(QStringLiteral("%1 tokens, stop at %2").arg(a.result.completion_tokens).arg(seen_at_stop)));
    QCOMPARE(a.pieces.join(QString()), a.result.text);
    QVERIFY(!c.busy());

    // The next answer is not affected by the earlier stop.
    const Answer next = answer(c, request(QStringLiteral("hello there"), 0.0, 1, 30));
    QVERIFY(next.error.isEmpty());
    QVERIFY(next.result.stop_reason != StopReason::Stopped);
    QVERIFY(next.result.completion_tokens > 0);
  }

  // Turn 2 extends turn 1: its prompt starts with turn 1's prompt, and the session is kept
  // (only what is not in the cache yet is prefilled).
  void secondTurnReusesSession() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    ChatRequest r1 = request(QStringLiteral("hello there"), 0.0, 1, 20);
    const Answer a1 = answer(c, r1);
    QVERIFY(a1.error.isEmpty());
    QVERIFY(!a1.result.text.isEmpty());
    QVERIFY(!a1.prompt.isEmpty());

    ChatRequest r2 = r1;
    r2.turns << ChatTurn{Role::Assistant, a1.result.text} << ChatTurn{Role::User, QStringLiteral("and then?")};
    const Answer a2 = answer(c, r2);
    QVERIFY2(a2.error.isEmpty(), qPrintable(a2.error));
    QVERIFY(a2.prompt.size() > a1.prompt.size() + 2);
    QVERIFY(starts_with(a2.prompt, a1.prompt));
    // At least turn 1's prompt stayed in the cache: fewer tokens prefilled than the prompt has.
    QVERIFY(!a2.prefill.isEmpty());
    QVERIFY2(a2.prefill.last().second <= a2.prompt.size() - a1.prompt.size(),
             qPrintable(QStringLiteral("prefilled %1 of %2").arg(a2.prefill.last().second).arg(a2.prompt.size())));
    QCOMPARE(a2.result.context_used, a2.result.prompt_tokens + a2.result.completion_tokens);
  }

  void systemPromptChangesPrompt() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    const QString system = QStringLiteral("Always answer in French.");
    ChatRequest plain = request(QStringLiteral("hello there"), 0.0, 1, 5);
    ChatRequest with = plain;
    with.system_prompt = system;
    const Answer a = answer(c, plain);
    const Answer b = answer(c, with);
    QVERIFY(a.error.isEmpty() && b.error.isEmpty());
    QVERIFY(a.prompt != b.prompt);
    QVERIFY(b.prompt.size() > a.prompt.size());

    auto engine = tramontane::Engine::load(good_model().toStdString());
    QVERIFY(engine.has_value());
    const std::vector<int32_t> sys = (*engine)->tokenizer().encode(system.toStdString());
    QVERIFY(!sys.empty());
    const auto at = std::search(b.prompt.begin(), b.prompt.end(), sys.begin(), sys.end());
    QVERIFY2(at != b.prompt.end(), "the system prompt's tokens are not in the prompt");
    QVERIFY(std::search(a.prompt.begin(), a.prompt.end(), sys.begin(), sys.end()) == a.prompt.end());
  }

  // requestStop(id) before the worker has started request `id`: the load answers cancelled and
  // loads nothing; the next request (a larger id) is not affected. Plain requestStop() with
  // nothing running does not stop the next request either.
  void cancelLoadBeforeItStarts() {
    WorkerOnThread w;
    QSignalSpy loaded(w.worker, &EngineWorker::modelLoaded);
    QSignalSpy failed(w.worker, &EngineWorker::loadFailed);
    QSignalSpy finished(w.worker, &EngineWorker::finished);
    w.worker->requestStop(5);
    w.load(5, good_model());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(0).toULongLong(), 5ull);
    QCOMPARE(failed.at(0).at(2).toBool(), true);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("model-q8_0.gguf")));
    QCOMPARE(loaded.count(), 0);

    w.load(6, good_model());
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QCOMPARE(loaded.at(0).at(0).toULongLong(), 6ull);

    w.worker->requestStop();  // nothing runs
    w.generate(7, request(QStringLiteral("hello"), 0.0, 1, 10));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    const auto result = finished.at(0).at(1).value<GenerationResult>();
    QVERIFY(result.stop_reason != StopReason::Stopped);
    QVERIFY(result.completion_tokens > 0);

    // A generation stopped before it starts answers Stopped with no text.
    w.worker->requestStop(8);
    w.generate(8, request(QStringLiteral("hello"), 0.0, 1, 10));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
    const auto stopped = finished.at(1).at(1).value<GenerationResult>();
    QCOMPARE(finished.at(1).at(0).toULongLong(), 8ull);
    QCOMPARE(stopped.stop_reason, StopReason::Stopped);
    QCOMPARE(stopped.completion_tokens, 0);
    QVERIFY(stopped.text.isEmpty());
  }

  // The GUI's Stop during a load the worker has not picked up yet (its thread is busy).
  void controllerStopsQueuedLoad() {
    EngineController c;
    QSemaphore gate;
    WorkerOnThread::block(c.worker(), gate);
    QSignalSpy loaded(&c, &EngineController::modelLoaded);
    QSignalSpy failed(&c, &EngineController::loadFailed);
    QVERIFY(c.loadModel(good_model(), EngineWorker::Backend::Cpu) > 0);
    c.stop();
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(1).toBool(), true);
    QCOMPARE(loaded.count(), 0);
    QVERIFY(!c.isLoaded());
    QVERIFY(!c.busy());
    QVERIFY(load(c, good_model()));
    QVERIFY(c.isLoaded());
  }

  // A broken file: loadFailed naming it; the worker goes on (loads the good model, generates),
  // and a later failed load keeps the model that is loaded.
  void badModelFile() {
    EngineController c;
    QString error;
    QVERIFY(!load(c, bad_model(), &error));
    QVERIFY2(error.contains(QStringLiteral("gguf_truncated_in_data.gguf")), qPrintable(error));
    QVERIFY(!c.isLoaded());

    QVERIFY(load(c, good_model()));
    const Answer a = answer(c, request(QStringLiteral("hello"), 0.0, 1, 10));
    QVERIFY2(a.error.isEmpty(), qPrintable(a.error));
    QVERIFY(a.result.completion_tokens > 0);

    QSignalSpy failed(&c, &EngineController::loadFailed);
    QVERIFY(!load(c, bad_model(), &error));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(1).toBool(), false);
    QVERIFY(c.isLoaded());
    QCOMPARE(c.modelInfo().name, QStringLiteral("model-q8_0.gguf"));
    const Answer b = answer(c, request(QStringLiteral("hello"), 0.0, 1, 10));
    QVERIFY2(b.error.isEmpty(), qPrintable(b.error));
    QCOMPARE(b.result.text, a.result.text);
  }

  void unloadThenGenerateFails() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    QSignalSpy unloaded(&c, &EngineController::modelUnloaded);
    c.unloadModel();
    QTRY_COMPARE_WITH_TIMEOUT(unloaded.count(), 1, kTimeoutMs);
    QVERIFY(!c.isLoaded());
    const Answer a = answer(c, request(QStringLiteral("hello")));
    QCOMPARE(a.events, QStringList{QStringLiteral("failed")});
    QVERIFY(!a.error.isEmpty());
  }

  // Only one request at a time; a late signal of an earlier request is not re-emitted.
  void controllerRefusesWhileBusy() {
    EngineController c;
    QVERIFY(load(c, good_model()));
    QSemaphore gate;
    WorkerOnThread::block(c.worker(), gate);
    QSignalSpy finished(&c, &EngineController::finished);
    const quint64 id = c.generate(request(QStringLiteral("hello"), 0.0, 1, 5));
    QVERIFY(id > 0);
    QCOMPARE(c.generate(request(QStringLiteral("hello"))), 0ull);
    QCOMPARE(c.loadModel(good_model()), 0ull);
    gate.release();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(!c.busy());
    // A stray answer for an old id (as after an abandoned request) is ignored.
    emit c.worker()->finished(id, GenerationResult{});
    emit c.worker()->tokens(id, QStringLiteral("late"), 1);
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);
  }
};

QTEST_GUILESS_MAIN(TestEngineWorker)
#include "test_engine_worker.moc"
