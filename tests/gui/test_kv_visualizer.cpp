// The KV cache and attention visualizer (gui/widgets/kv_visualizer.h) on a running conversation
// with tests/fixtures/gguf_models/model-q8_0.gguf (GGUF vocabulary, window 16): it subscribes when
// shown, receives frames while the chat streams (at most ~30 signals a second), draws a non-empty
// heatmap that changes with the head, a ring and the memory gauge, pauses and steps, exports PNG
// and .npy, and closing it unsubscribes (probe count 0).
// Head ranking: selecting a token of the strip lists the (layer, head) pairs attending most to its
// position, with the weights of the shown frame (read here straight from the probes' frames, and
// through a second subscription capturing every layer); choosing an entry shows that layer/head; a
// token outside the window says so. Eviction fade: evicted positions are reported fading in the
// ring and the strip, do not animate while paused, and are gone after KvVisualizer::kFadeMs.
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <optional>

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
// The frame with `seq` as the probes keep it (nullopt when dropped).
std::optional<ProbeFrame> frame_with_seq(EngineController& c, uint64_t seq) {
  if (seq == 0) return std::nullopt;
  for (ProbeFrame& f : c.worker()->probes()->frames_after(seq - 1))
    if (f.seq == seq) return std::move(f);
  return std::nullopt;
}

struct Rank {
  int layer, head;
  float weight;
};

// The expected ranking for key position `pos`, computed from the frame: the newest query's
// weight (the mean over the queries for a chunk), descending, ties by layer then head; top `n`.
std::vector<Rank> expected_ranking(const ProbeFrame& f, int64_t pos, size_t n) {
  std::vector<Rank> out;
  for (const AttentionFrame& a : f.attention) {
    const size_t n_q = a.q_pos.size();
    const size_t n_h = a.heads.size();
    for (size_t hi = 0; hi < n_h; ++hi) {
      double sum = 0;
      for (size_t q = 0; q < n_q; ++q) {
        const int64_t col = pos - a.key_first;
        if (col >= 0 && col < a.n_keys) sum += a.weights[(hi * n_q + q) * size_t(a.n_keys) + size_t(col)];
      }
      out.push_back({int(a.layer), int(a.heads[hi]), float(n_q == 1 ? sum : sum / double(n_q))});
    }
  }
  std::sort(out.begin(), out.end(), [](const Rank& x, const Rank& y) {
    if (x.weight != y.weight) return x.weight > y.weight;
    return x.layer != y.layer ? x.layer < y.layer : x.head < y.head;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

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

  void headRanking() {
    // A conversation long enough to fill the window (16) of the fixture model.
    QList<ChatTurn> turns{{Role::User, QStringLiteral("hello there")}};
    const QString first = answer(controller_, request(turns, 12));
    QVERIFY(!first.isEmpty());
    KvVisualizer v(controller_);
    v.resize(980, 720);
    v.show();
    QVERIFY(QTest::qWaitForWindowExposed(&v));
    QVERIFY(v.subscription() > 0);
    QVERIFY(v.rankingText().contains(QStringLiteral("Click")));
    QVERIFY(v.headRanking().empty());

    turns << ChatTurn{Role::Assistant, first.chopped(1)} << ChatTurn{Role::User, QStringLiteral("tell me more")};
    QVERIFY(!answer(controller_, request(turns, 24)).isEmpty());
    auto probes = controller_.worker()->probes();
    QVERIFY(QTest::qWaitFor([&] { return v.shownSeq() > 0 && v.shownSeq() == probes->last_seq(); }, kTimeoutMs));

    // --- one layer captured (the widget's own subscription): the ranking is over its heads.
    auto f = frame_with_seq(controller_, v.shownSeq());
    QVERIFY(f.has_value());
    QCOMPARE(f->attention.size(), size_t(1));
    QCOMPARE(f->attention[0].layer, int64_t(v.layer()));
    QVERIFY(f->has_kv && f->kv.window == 16);
    const AttentionFrame& a = f->attention[0];
    QVERIFY(!a.q_pos.empty());
    const int64_t q_newest = a.q_pos.back();
    QVERIFY(q_newest >= 20);   // several positions already left the window
    const int64_t pos = q_newest - 3;   // inside the window
    const auto expected = expected_ranking(*f, pos, KvVisualizer::kTopHeads);
    QCOMPARE(expected.size(), a.heads.size());   // 4 heads, fewer than the top 8
    QVERIFY(expected.front().weight > 0);

    // The strip's token is a link: activating it (a click, or Enter on it) selects the token.
    auto* strip = v.findChild<QLabel*>(QStringLiteral("kvTokenStrip"));
    QVERIFY(strip);
    QVERIFY(strip->textInteractionFlags() & Qt::LinksAccessibleByKeyboard);
    QVERIFY(v.tokenStripHtml().contains(QStringLiteral("href=\"pos:%1\"").arg(pos)));
    emit strip->linkActivated(QStringLiteral("pos:%1").arg(pos));
    QCOMPARE(v.selectedToken(), qint64(pos));
    QVERIFY(!v.selectedOutsideWindow());
    QVERIFY(v.tokenStripHtml().contains(QStringLiteral("font-weight:bold")));   // highlighted
    auto got = v.headRanking();
    QCOMPARE(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) {
      QCOMPARE(got[i].layer, expected[i].layer);
      QCOMPARE(got[i].head, expected[i].head);
      QCOMPARE(got[i].weight, expected[i].weight);
    }
    const QString text = v.rankingText();
    QVERIFY2(text.contains(QStringLiteral("in layer %1").arg(v.layer())), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("(position %1").arg(pos)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("L%1 H%2 ").arg(expected[0].layer).arg(expected[0].head)), qPrintable(text));
    if (a.q_pos.size() == 1) {
      QVERIFY2(text.contains(QStringLiteral("newest query, position %1").arg(q_newest)), qPrintable(text));
    } else {
      QVERIFY2(text.contains(QStringLiteral("mean over")), qPrintable(text));
    }

    // Clicking an entry of the list shows its head in the heatmap.
    auto* list = v.findChild<QListWidget*>(QStringLiteral("kvHeadRanking"));
    QVERIFY(list && list->isVisible());
    QCOMPARE(list->count(), int(expected.size()));
    int target = -1;
    for (size_t i = 0; i < expected.size(); ++i)
      if (expected[i].head != v.head()) target = int(i);
    QVERIFY(target >= 0);
    const QImage before = v.heatmapImage();
    QListWidgetItem* item = list->item(target);
    list->scrollToItem(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
    QCOMPARE(v.head(), expected[size_t(target)].head);
    QCOMPARE(v.layer(), expected[size_t(target)].layer);
    QVERIFY(v.heatmapImage() != before);
    QCOMPARE(list->currentRow(), target);

    // --- every layer captured (a second subscriber): the ranking covers (layer, head) pairs.
    ProbeSpec all;
    for (int64_t l = 0; l < f->kv.n_layer; ++l) all.layers.push_back(l);
    all.kv = false;
    all.max_queries = 64;
    const int second = controller_.worker()->subscribeProbe(all);
    QVERIFY(second > 0);
    turns << ChatTurn{Role::Assistant, QStringLiteral("ok")} << ChatTurn{Role::User, QStringLiteral("and then?")};
    QVERIFY(!answer(controller_, request(turns, 16)).isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return v.shownSeq() == probes->last_seq(); }, kTimeoutMs));
    f = frame_with_seq(controller_, v.shownSeq());
    QVERIFY(f.has_value());
    QCOMPARE(f->attention.size(), size_t(f->kv.n_layer));
    const int64_t q2 = f->attention[0].q_pos.back();
    const int64_t pos2 = q2 - 1;
    v.selectToken(pos2);
    const auto expected2 = expected_ranking(*f, pos2, KvVisualizer::kTopHeads);
    QCOMPARE(expected2.size(), size_t(KvVisualizer::kTopHeads));   // 2 layers x 4 heads
    got = v.headRanking();
    QCOMPARE(got.size(), expected2.size());
    for (size_t i = 0; i < got.size(); ++i) {
      QCOMPARE(got[i].layer, expected2[i].layer);
      QCOMPARE(got[i].head, expected2[i].head);
      QCOMPARE(got[i].weight, expected2[i].weight);
    }
    QVERIFY(!v.rankingText().contains(QStringLiteral("in layer")));
    // An entry of the other layer: the heatmap switches layer and head at once (the frame has it).
    target = -1;
    for (size_t i = 0; i < expected2.size(); ++i)
      if (expected2[i].layer != v.layer()) target = int(i);
    QVERIFY(target >= 0);
    const QImage before2 = v.heatmapImage();
    QVERIFY(v.chooseRankedHead(target));
    QCOMPARE(v.layer(), expected2[size_t(target)].layer);
    QCOMPARE(v.head(), expected2[size_t(target)].head);
    QVERIFY(!v.heatmapImage().isNull());
    QVERIFY(v.heatmapImage() != before2);
    controller_.worker()->unsubscribeProbe(second);

    // --- a token that left the window: no ranking, the text says why; every head gives it 0.
    const int64_t old = q2 - 16 - 2;
    QVERIFY(old >= 0);
    for (const AttentionFrame& fa : f->attention)
      for (size_t hi = 0; hi < fa.heads.size(); ++hi)
        for (size_t q = 0; q < fa.q_pos.size(); ++q) QCOMPARE(fa.at(hi, int64_t(q), old), 0.0f);
    v.selectToken(old);
    QCOMPARE(v.selectedToken(), qint64(old));
    QVERIFY(v.selectedOutsideWindow());
    QVERIFY(v.headRanking().empty());
    QVERIFY2(v.rankingText().contains(QStringLiteral("outside the window")), qPrintable(v.rankingText()));
    QVERIFY(!list->isVisible());
    // Keyboard: Tab into the strip's links, Enter selects the focused token (the strip's first).
    v.selectToken(-1);
    QCOMPARE(v.selectedToken(), qint64(-1));
    QVERIFY(v.rankingText().contains(QStringLiteral("Click")));
    v.activateWindow();
    strip->setFocus(Qt::OtherFocusReason);
    QTest::keyClick(strip, Qt::Key_Tab);
    QTest::keyClick(strip, Qt::Key_Return);
    const QString html = v.tokenStripHtml();
    const qsizetype at = html.indexOf(QStringLiteral("href=\"pos:")) + 10;
    QVERIFY(at >= 10);
    const qint64 strip_first = html.mid(at, html.indexOf(QLatin1Char('"'), at) - at).toLongLong();
    QCOMPARE(v.selectedToken(), strip_first);
    v.selectToken(-1);
    v.close();
  }

  void evictionFade() {
    QList<ChatTurn> turns{{Role::User, QStringLiteral("hello again")}};
    const QString first = answer(controller_, request(turns, 12));
    QVERIFY(!first.isEmpty());
    KvVisualizer v(controller_);
    v.show();
    QVERIFY(v.subscription() > 0);
    QVERIFY(v.fadingPositions().empty());
    // Paused: the frames wait; Step takes them one by one.
    v.setPaused(true);
    turns << ChatTurn{Role::Assistant, first.chopped(1)} << ChatTurn{Role::User, QStringLiteral("go on")};
    QVERIFY(!answer(controller_, request(turns, 24)).isEmpty());
    auto probes = controller_.worker()->probes();
    // Step to a frame that evicts positions.
    std::vector<int64_t> evicted;
    while (v.shownSeq() < probes->last_seq()) {
      v.step();
      auto f = frame_with_seq(controller_, v.shownSeq());
      QVERIFY(f.has_value() && f->has_kv);
      if (!f->kv.evicted.empty() && f->first_pos > 0) {
        evicted = f->kv.evicted;
        break;
      }
    }
    QVERIFY2(!evicted.empty(), "no frame evicted positions");
    auto fading = v.fadingPositions();
    for (int64_t p : evicted) {
      QVERIFY(std::find(fading.begin(), fading.end(), p) != fading.end());
      QCOMPARE(v.fadeLevel(p), 1.0);   // paused: the fade has not started
      const auto strip = v.stripFadingPositions();
      QVERIFY(std::find(strip.begin(), strip.end(), p) != strip.end());
      const auto ring_slots = v.ringFadingSlots();
      QVERIFY(std::find(ring_slots.begin(), ring_slots.end(), p % 16) != ring_slots.end());
    }
    QVERIFY(v.tokenStripHtml().contains(QStringLiteral("left the window")));
    // A paused view does not animate.
    QVERIFY(!v.fadeAnimating());
    const QImage ring = v.ringImage();
    const QString strip_html = v.tokenStripHtml();
    const auto strip_fading = v.stripFadingPositions();
    QTest::qWait(KvVisualizer::kFadeMs + 200);
    QCOMPARE(v.fadeLevel(evicted.front()), 1.0);
    QCOMPARE(v.ringImage(), ring);
    QCOMPARE(v.tokenStripHtml(), strip_html);
    QCOMPARE(v.stripFadingPositions(), strip_fading);

    // Resumed: the fade runs (partly faded after a while) and ends within kFadeMs.
    v.setPaused(false);
    QCOMPARE(v.shownSeq(), quint64(probes->last_seq()));
    // The paused time did not count: the fade starts now.
    QVERIFY2(v.fadeLevel(evicted.front()) > 0.5, qPrintable(QString::number(v.fadeLevel(evicted.front()))));
    QVERIFY(v.fadeAnimating());
    QTest::qWait(KvVisualizer::kFadeMs / 4);
    const double level = v.fadeLevel(evicted.front());
    QVERIFY2(level < 1.0, qPrintable(QString::number(level)));
    QVERIFY(QTest::qWaitFor([&] { return v.fadingPositions().empty(); }, KvVisualizer::kFadeMs * 4));
    QVERIFY(QTest::qWaitFor([&] { return !v.fadeAnimating(); }, 1000));
    QVERIFY(v.stripFadingPositions().empty());
    QVERIFY(v.ringFadingSlots().empty());
    QCOMPARE(v.fadeLevel(evicted.front()), 0.0);
    QVERIFY(!v.tokenStripHtml().contains(QStringLiteral("left the window")));
    v.close();
  }

 private:
  EngineController controller_;
};

QTEST_MAIN(TestKvVisualizer)
#include "test_kv_visualizer.moc"
