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
// LoRA fixtures (tests/fixtures/lora/README.md): gguf_r4_all (PEFT directory, rank 4, alpha 6,
// all seven projections) and gguf_r4_all.gguf (the same adapter as a llama.cpp GGUF LoRA file)
// were made for gguf_models/model-f32.gguf, which has a GGUF vocabulary (so the worker can build
// chat prompts); gqa_r8_attn was made for models/gqa and does not fit it.
QString lora_base() { return fixture(QStringLiteral("gguf_models/model-f32.gguf")); }
QString lora_dir() { return fixture(QStringLiteral("lora/gguf_r4_all")); }
QString lora_gguf() { return fixture(QStringLiteral("lora/gguf_r4_all.gguf")); }
QString lora_other() { return fixture(QStringLiteral("lora/gqa_r8_attn")); }

ChatRequest with_adapters(ChatRequest r, const QList<AdapterSpec>& set) {
  r.adapters = set;
  return r;
}

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

// Asks the controller about an adapter and waits for the answer.
AdapterInfo inspect(EngineController& c, const QString& path) {
  QSignalSpy spy(&c, &EngineController::adapterInfo);
  c.inspectAdapter(path);
  if (!spy.wait(kTimeoutMs)) return {};
  return spy.at(0).at(0).value<AdapterInfo>();
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

  // A device error mid-answer (injected: this machine needs no GPU for the path), a sticky fault or
  // the device out of memory: the answer fails with reload_needed, the model is dropped
  // (modelUnloaded), and the controller loads the same file again by itself (Backend::Auto: the
  // CPU here, as after a GPU that stays broken or has no room); the next answer works and equals
  // one from before the fault.
  void deviceFaultReloadsTheModel_data() {
    QTest::addColumn<bool>("out_of_memory");
    QTest::addColumn<QString>("message");
    QTest::newRow("sticky fault") << false << QStringLiteral("cuda: injected device fault");
    QTest::newRow("out of memory") << true << QStringLiteral("cuda: injected allocation (test): out of memory");
  }
  void deviceFaultReloadsTheModel() {
    QFETCH(bool, out_of_memory);
    QFETCH(QString, message);
    EngineController c;
    QVERIFY(load(c, good_model()));
    const ChatRequest r = request(QStringLiteral("hello there"), 0.0, 1, 12);
    const Answer before = answer(c, r);
    QVERIFY2(before.error.isEmpty(), qPrintable(before.error));

    QSignalSpy unloaded(&c, &EngineController::modelUnloaded);
    QSignalSpy reloaded(&c, &EngineController::modelLoaded);
    QSignalSpy reload_failed(&c, &EngineController::loadFailed);
    bool reload_needed = false;
    auto conn = QObject::connect(&c, &EngineController::failed,
                                 [&](const QString&, bool reload) { reload_needed = reload; });
    c.worker()->injectDeviceFault(out_of_memory);
    const Answer faulted = answer(c, r);
    QObject::disconnect(conn);
    QCOMPARE(faulted.events.last(), QStringLiteral("failed"));
    QVERIFY2(faulted.error.startsWith(message), qPrintable(faulted.error));
    QVERIFY(reload_needed);
    QCOMPARE(unloaded.count(), 1);
    QVERIFY(QTest::qWaitFor([&] { return reloaded.count() + reload_failed.count() > 0; }, kTimeoutMs));
    QCOMPARE(reload_failed.count(), 0);
    QCOMPARE(reloaded.count(), 1);
    const auto info = reloaded.at(0).at(0).value<ModelInfo>();
    QCOMPARE(info.path, good_model());
    QCOMPARE(info.backend, QStringLiteral("cpu"));
    QVERIFY(c.isLoaded());
    QVERIFY(!c.busy());

    const Answer after = answer(c, r);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QCOMPARE(after.result.text, before.result.text);
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

  // ---- LoRA adapters ----

  void adapterSpecJson() {
    const AdapterSpec s{QStringLiteral("/x/style-r8/"), 0.8, false};
    QCOMPARE(s.name(), QStringLiteral("style-r8"));
    const QJsonObject o = s.to_json();
    QCOMPARE(o.value("name").toString(), QStringLiteral("style-r8"));
    QCOMPARE(o.value("path").toString(), s.path);
    QCOMPARE(o.value("scale").toDouble(), 0.8);
    QCOMPARE(o.value("enabled").toBool(), false);
    QCOMPARE(AdapterSpec::from_json(o), std::optional<AdapterSpec>(s));
    QCOMPARE(adapters_from_json(adapters_to_json({s, s})).size(), 2);
    // out-of-range scales are clamped, a missing path drops the entry
    QCOMPARE(AdapterSpec::from_json(QJsonObject{{"path", "a"}, {"scale", 7.0}})->scale, 2.0);
    QCOMPARE(AdapterSpec::from_json(QJsonObject{{"path", "a"}, {"scale", -1.0}})->scale, 0.0);
    QVERIFY(!AdapterSpec::from_json(QJsonObject{{"scale", 1.0}}));
    QCOMPARE(AdapterSpec{QStringLiteral("m.gguf")}.name(), QStringLiteral("m.gguf"));
  }

  // The adapter changes the answer; scale 0 and disabled give the base model's answer exactly;
  // the same adapter as a GGUF LoRA file gives the same answer as its PEFT directory.
  void adapterChangesAnswer() {
    EngineController c;
    QVERIFY(load(c, lora_base()));
    const ChatRequest r = request(QStringLiteral("hello there"), 0.0, 1, 24);
    const Answer base = answer(c, r);
    QVERIFY2(base.error.isEmpty(), qPrintable(base.error));
    QVERIFY(!base.result.text.isEmpty());

    const Answer on = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 1.0, true}}));
    QVERIFY2(on.error.isEmpty(), qPrintable(on.error));
    QCOMPARE(on.prompt, base.prompt);  // the prompt is the same, the model's answer is not
    QVERIFY2(on.result.text != base.result.text, qPrintable(on.result.text));

    const Answer half = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 0.5, true}}));
    QVERIFY(half.error.isEmpty());
    QVERIFY(half.result.text != on.result.text);

    const Answer zero = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 0.0, true}}));
    QCOMPARE(zero.result.text, base.result.text);
    const Answer off = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 1.0, false}}));
    QCOMPARE(off.result.text, base.result.text);

    const Answer gguf = answer(c, with_adapters(r, {AdapterSpec{lora_gguf(), 1.0, true}}));
    QVERIFY2(gguf.error.isEmpty(), qPrintable(gguf.error));
    QCOMPARE(gguf.result.text, on.result.text);
    // two adapters stacked (the same deltas twice) differ from one
    const Answer both = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 0.5, true}, AdapterSpec{lora_gguf(), 0.5, true}}));
    QVERIFY(both.error.isEmpty());
    QCOMPARE(both.result.text, on.result.text);  // 0.5 + 0.5 of the same delta = 1.0 of it
  }

  // Cache policy (engine_worker.h): a different set recomputes the whole conversation, so turn 2
  // without the adapter equals a fresh session's turn 2 without it; the same set reuses the cache.
  void adapterSwitchRecomputes() {
    // Turn 1 only prefills (max_tokens 0), so the cache holds exactly its prompt and turn 2's
    // prompt extends it (a generated answer need not tokenize back to the tokens generated).
    const ChatRequest r1 = request(QStringLiteral("hello there"), 0.0, 1, 0);
    const QList<AdapterSpec> set{AdapterSpec{lora_dir(), 1.0, true}};
    EngineController c;
    QVERIFY(load(c, lora_base()));
    const Answer a1 = answer(c, with_adapters(r1, set));
    QVERIFY2(a1.error.isEmpty(), qPrintable(a1.error));
    QVERIFY(!a1.result.recomputed);  // the first answer: nothing to recompute
    ChatRequest r2 = r1;
    r2.sampling.max_tokens = 16;
    r2.turns << ChatTurn{Role::Assistant, QStringLiteral("Hello! How can I help?")}
             << ChatTurn{Role::User, QStringLiteral("and then?")};

    // same set: only the new tokens are prefilled
    const Answer same = answer(c, with_adapters(r2, set));
    QVERIFY(same.error.isEmpty());
    QVERIFY(!same.result.recomputed);
    QVERIFY(starts_with(same.prompt, a1.prompt));
    QCOMPARE(same.prefill.last().second, qint64(same.prompt.size() - a1.prompt.size()));

    // the adapter switched off: the whole prompt again, and the answer a fresh session gives
    QVERIFY(answer(c, with_adapters(r1, set)).error.isEmpty());  // back to turn 1 with the set
    const Answer switched = answer(c, r2);
    QVERIFY(switched.error.isEmpty());
    QVERIFY(switched.result.recomputed);
    QCOMPARE(switched.prefill.last().second, qint64(switched.prompt.size()));
    EngineController fresh;
    QVERIFY(load(fresh, lora_base()));
    const Answer reference = answer(fresh, r2);
    QCOMPARE(switched.result.text, reference.result.text);
    QVERIFY(switched.result.text != same.result.text);
  }

  // Loaded adapters stay in the LRU cache (memory reported); inspectAdapter reports their fields
  // and whether they fit the model.
  void adapterCacheAndInfo() {
    EngineController c;
    // without a model: the configuration only
    const AdapterInfo early = inspect(c, lora_dir());
    QCOMPARE(early.name, QStringLiteral("gguf_r4_all"));
    QCOMPARE(early.rank, 4);
    QCOMPARE(early.alpha, 6.0);
    QVERIFY(!early.compatible);
    QVERIFY(!early.error.isEmpty());

    QVERIFY(load(c, lora_base()));
    QSignalSpy cache(&c, &EngineController::adapterCacheChanged);
    const AdapterInfo info = inspect(c, lora_dir());
    QVERIFY2(info.compatible, qPrintable(info.error));
    QVERIFY(info.error.isEmpty());
    QCOMPARE(info.rank, 4);
    QCOMPARE(info.alpha, 6.0);
    QVERIFY(!info.use_rslora);
    QCOMPARE(info.targets.size(), 7);
    QVERIFY(info.targets.contains(QStringLiteral("q_proj")));
    QCOMPARE(info.base_model, QStringLiteral("tests/fixtures/gguf_models/model-f32.gguf"));
    QVERIFY(info.bytes > 0);
    QTRY_COMPARE_WITH_TIMEOUT(c.adapterCacheCount(), 1, kTimeoutMs);
    QCOMPARE(c.adapterCacheBytes(), info.bytes);
    QVERIFY(cache.count() >= 1);

    // an answer with the same adapter loads nothing more; the GGUF file is a second entry
    QVERIFY(answer(c, with_adapters(request(QStringLiteral("hi"), 0.0, 1, 4), {AdapterSpec{lora_dir()}})).error.isEmpty());
    QCOMPARE(c.adapterCacheCount(), 1);
    const AdapterInfo g = inspect(c, lora_gguf());
    QVERIFY2(g.compatible, qPrintable(g.error));
    QCOMPARE(g.rank, 4);
    QTRY_COMPARE_WITH_TIMEOUT(c.adapterCacheCount(), 2, kTimeoutMs);
    QCOMPARE(c.adapterCacheBytes(), info.bytes + g.bytes);
    c.forgetAdapter(lora_gguf());
    QTRY_COMPARE_WITH_TIMEOUT(c.adapterCacheCount(), 1, kTimeoutMs);

    // an adapter for another model: not compatible, the error names the mismatch
    const AdapterInfo other = inspect(c, lora_other());
    QVERIFY(!other.compatible);
    QVERIFY2(other.error.contains(QStringLiteral("shape")) || other.error.contains(QStringLiteral("expected")),
             qPrintable(other.error));
    QCOMPARE(other.rank, 8);   // read from its configuration anyway
    QCOMPARE(c.adapterCacheCount(), 1);

    // a new model empties the cache
    QVERIFY(load(c, lora_base()));
    QTRY_COMPARE_WITH_TIMEOUT(c.adapterCacheCount(), 0, kTimeoutMs);
    QCOMPARE(c.adapterCacheBytes(), 0);
  }

  // Compare: four sets in one batch give what four separate answers give (greedy).
  void compareInOneBatch() {
    EngineController c;
    QVERIFY(load(c, lora_base()));
    const ChatRequest r = request(QStringLiteral("hello there"), 0.0, 1, 12);
    const QList<QList<AdapterSpec>> sets{
        {}, {AdapterSpec{lora_dir(), 1.0, true}}, {AdapterSpec{lora_dir(), 0.5, true}}, {AdapterSpec{lora_gguf(), 1.0, false}}};
    QSignalSpy texts(&c, &EngineController::compareText);
    QSignalSpy done(&c, &EngineController::compareFinished);
    QVERIFY(c.compare(r, sets) > 0);
    QVERIFY(c.busy());
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kTimeoutMs);
    QVERIFY(!c.busy());
    const auto columns = done.at(0).at(0).value<QList<CompareColumn>>();
    QCOMPARE(columns.size(), 4);
    QVERIFY(texts.count() > 0);
    for (int i = 0; i < 4; ++i) {
      QCOMPARE(columns[i].adapters, sets[i]);
      const Answer single = answer(c, with_adapters(r, sets[i]));
      QVERIFY2(single.error.isEmpty(), qPrintable(single.error));
      QCOMPARE(columns[i].text, single.result.text);
      QCOMPARE(columns[i].tokens, single.result.completion_tokens);
      QVERIFY(columns[i].tokens == 0 || columns[i].ms_per_token > 0);
      QCOMPARE(columns[i].stop_reason, single.result.stop_reason);
    }
    QVERIFY(columns[1].text != columns[0].text);
    QCOMPARE(columns[3].text, columns[0].text);
    // more than four sets, or an incompatible one: failed
    QSignalSpy failed(&c, &EngineController::failed);
    QVERIFY(c.compare(r, {{}, {}, {}, {}, {}}) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY(c.compare(r, {{AdapterSpec{lora_other()}}}) > 0);
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, kTimeoutMs);
    QVERIFY(failed.at(1).at(0).toString().contains(QStringLiteral("gqa_r8_attn")));
  }

  // An enabled adapter that does not fit fails the request naming it; the worker stays usable.
  // A disabled one is not even loaded. A scale outside 0..2 is refused.
  void incompatibleAdapterFails() {
    EngineController c;
    QVERIFY(load(c, lora_base()));
    const ChatRequest r = request(QStringLiteral("hello"), 0.0, 1, 4);
    const Answer bad = answer(c, with_adapters(r, {AdapterSpec{lora_other(), 1.0, true}}));
    QCOMPARE(bad.events, QStringList{QStringLiteral("failed")});
    QVERIFY2(bad.error.contains(QStringLiteral("gqa_r8_attn")), qPrintable(bad.error));
    const Answer off = answer(c, with_adapters(r, {AdapterSpec{lora_other(), 1.0, false}}));
    QVERIFY2(off.error.isEmpty(), qPrintable(off.error));
    const Answer scale = answer(c, with_adapters(r, {AdapterSpec{lora_dir(), 2.5, true}}));
    QCOMPARE(scale.events, QStringList{QStringLiteral("failed")});
    const Answer missing = answer(c, with_adapters(r, {AdapterSpec{fixture(QStringLiteral("lora/nope")), 1.0, true}}));
    QCOMPARE(missing.events, QStringList{QStringLiteral("failed")});
    QVERIFY(answer(c, r).error.isEmpty());
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
