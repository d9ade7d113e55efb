// The KV cache and attention visualizer (gui/widgets/kv_visualizer.h) on a running conversation
// with tests/fixtures/gguf_models/model-q8_0.gguf (GGUF vocabulary, window 16): it subscribes when
// shown, receives frames while the chat streams (at most ~30 signals a second), draws a non-empty
// heatmap that changes with the head, a ring and the memory gauge, pauses and steps, exports PNG
// and .npy, and closing it unsubscribes (probe count 0).
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/format/npy.h"
#include "engine/runtime/probes.h"
#include "gui/core/engine_controller.h"
#include "gui/core/engine_worker.h"
#include "gui/widgets/kv_visualizer.h"

using namespace tramontane;
using namespace tramontane::gui;

namespace {

constexpr int kTimeoutMs = 20000;

QString model_path() { return QStringLiteral(TRAMONTANE_FIXTURES "/gguf_models/model-q8_0.gguf"); }

ChatRequest request(const QList<ChatTurn>& turns, int max_tokens) {
  ChatRequest r;
  r.turns = turns;
  r.sampling.temperature = 0.0;
  r.sampling.seed = 1;
  r.sampling.max_tokens = max_tokens;
  return r;
}

// Runs one answer and waits for it; returns its text (or "" on failure).
QString answer(EngineController& c, const ChatRequest& r) {
  QSignalSpy finished(&c, &EngineController::finished);
  QSignalSpy failed(&c, &EngineController::failed);
  if (c.generate(r) == 0) return {};
  if (!QTest::qWaitFor([&] { return finished.count() + failed.count() > 0; }, kTimeoutMs)) return {};
  if (finished.count() != 1) return {};
  return finished.at(0).at(0).value<GenerationResult>().text + QStringLiteral("\x01");
}

// Pixels that are not the "masked" grey: the heatmap shows some weight.
int colored_pixels(const QImage& img) {
  int n = 0;
  for (int y = 0; y < img.height(); ++y)
    for (int x = 0; x < img.width(); ++x) n += img.pixel(x, y) != QColor(40, 40, 40).rgb() ? 1 : 0;
  return n;
}

}  // namespace

class TestKvVisualizer : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    QSignalSpy loaded(&controller_, &EngineController::modelLoaded);
    QVERIFY(controller_.loadModel(model_path(), EngineWorker::Backend::Cpu) > 0);
    QVERIFY(QTest::qWaitFor([&] { return loaded.count() == 1; }, kTimeoutMs));
  }

  void closedCostsNothing() {
    // No visualizer: no subscription, no frames.
    QCOMPARE(controller_.worker()->probeSubscriberCount(), 0);
    QVERIFY(!answer(controller_, request({{Role::User, QStringLiteral("hello")}}, 8)).isEmpty());
    QCOMPARE(controller_.worker()->probes()->last_seq(), uint64_t(0));
  }

  void liveConversation() {
    // A conversation is under way (first answer done); the window opens and the next turn streams.
    const QList<ChatTurn> turn1{{Role::User, QStringLiteral("hello")}};
    const QString first = answer(controller_, request(turn1, 12));
    QVERIFY(!first.isEmpty());

    KvVisualizer v(controller_);
    v.show();
    QVERIFY(v.subscription() > 0);
    QCOMPARE(controller_.worker()->probeSubscriberCount(), 1);
    QCOMPARE(v.framesSeen(), quint64(0));
    // Opened after the first answer: the strip already knows every token of the conversation so far.
    const auto held = controller_.worker()->historyTokens();
    QVERIFY(held && !held->empty());
    QCOMPARE(v.tokensKnown(), qint64(held->size()));

    QSignalSpy ready(controller_.worker(), &EngineWorker::probeFramesReady);
    QElapsedTimer timer;
    timer.start();
    QList<ChatTurn> turns = turn1;
    turns << ChatTurn{Role::Assistant, first.chopped(1)} << ChatTurn{Role::User, QStringLiteral("tell me more")};
    QVERIFY(!answer(controller_, request(turns, 40)).isEmpty());
    const qint64 ms = timer.elapsed();
    QVERIFY(QTest::qWaitFor([&] { return v.framesSeen() > 0 && !v.heatmapImage().isNull(); }, kTimeoutMs));
    QVERIFY(ready.count() >= 1);
    // Throttled to one per kProbeIntervalMs, plus the ones always sent: the first frame of the
    // request (the throttle timer is older than the interval), the end of the prefill and the
    // end of the answer.
    QVERIFY2(ready.count() <= ms / EngineWorker::kProbeIntervalMs + 3,
             qPrintable(QString("%1 signals in %2 ms").arg(ready.count()).arg(ms)));

    // The heatmap shows weights; the ring and memory gauge are drawn; the token strip marks the window.
    const QImage h0 = v.heatmapImage();
    QVERIFY(h0.width() > 0 && h0.height() > 0);
    QVERIFY(colored_pixels(h0) > 0);
    QVERIFY(!v.ringImage().isNull());
    QVERIFY(v.memoryText().contains(QStringLiteral("MiB")));
    QVERIFY(v.tokenStripHtml().contains(QStringLiteral("background")));

    // Another head gives another picture.
    QCOMPARE(v.head(), 0);
    v.setHead(1);
    QCOMPARE(v.head(), 1);
    QVERIFY(v.heatmapImage() != h0);
    v.setLogScale(true);
    QVERIFY(!v.heatmapImage().isNull());

    // Export: PNG and the raw weights [heads, queries, keys].
    QTemporaryDir tmp;
    QVERIFY(v.exportPng(tmp.path() + "/heat.png"));
    QImage png(tmp.path() + "/heat.png");
    QCOMPARE(png.size(), v.heatmapImage().size());
    QVERIFY(v.exportNpy(tmp.path() + "/heat.npy"));
    auto npy = read_npy((tmp.path() + "/heat.npy").toStdString());
    QVERIFY(npy.has_value());
    QCOMPARE(npy->shape.size(), size_t(3));
    QVERIFY(npy->shape[0] >= 2 && npy->shape[1] >= 1 && npy->shape[2] >= 1);
    // Each query row sums to 1 (softmax).
    double row = 0;
    for (int64_t k = 0; k < npy->shape[2]; ++k) row += npy->at(k);
    QVERIFY(std::fabs(row - 1.0) < 1e-4);

    // Pause: frames wait; Step shows one; resuming catches up.
    v.setPaused(true);
    const quint64 seen = v.framesSeen();
    turns << ChatTurn{Role::Assistant, QStringLiteral("ok")} << ChatTurn{Role::User, QStringLiteral("again")};
    QVERIFY(!answer(controller_, request(turns, 6)).isEmpty());
    QTest::qWait(100);
    QCOMPARE(v.framesSeen(), seen);
    v.step();
    QCOMPARE(v.framesSeen(), seen + 1);
    v.setPaused(false);
    QVERIFY(v.framesSeen() > seen + 1);
    QCOMPARE(v.shownSeq(), quint64(controller_.worker()->probes()->last_seq()));

    // Another layer: the subscription follows it.
    v.setLayer(1);
    QCOMPARE(v.layer(), 1);

    // Closing unsubscribes: the engine runs without probes again.
    v.close();
    QCOMPARE(v.subscription(), 0);
    QCOMPARE(controller_.worker()->probeSubscriberCount(), 0);
    const uint64_t last = controller_.worker()->probes()->last_seq();
    QVERIFY(!answer(controller_, request({{Role::User, QStringLiteral("bye")}}, 4)).isEmpty());
    QCOMPARE(controller_.worker()->probes()->last_seq(), last);
  }

 private:
  EngineController controller_;
};

QTEST_MAIN(TestKvVisualizer)
#include "test_kv_visualizer.moc"
