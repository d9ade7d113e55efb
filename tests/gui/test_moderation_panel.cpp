// The moderation panel (gui/widgets/moderation_panel.h) and its core (moderation_worker.h,
// moderation_results_model.h, moderation_eval.h, moderation_store.h) on the tiny Mistral fixture
// (tests/fixtures/moderation/v1, real v1 tokenizer) with the built-in "binary" policy:
// evaluation functions against hand counts, a batch run with progress, cancel and resume, the
// results equal to the engine's Classifier, the threshold slider against confusion_at, the
// exports, and the run in SQLite.
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <limits>
#include <random>

#include "engine/moderation/classifier.h"
#include "engine/runtime/engine.h"
#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_eval.h"
#include "gui/core/moderation_results_model.h"
#include "gui/core/moderation_worker.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/moderation_panel.h"
#include "gui_test_util.h"

using namespace tramontane::gui;
using gui_test::RawDb;

namespace {

constexpr int kRows = 24;
constexpr int kBatch = 3;

QString model_dir() { return gui_test::fixture(QStringLiteral("moderation/v1")); }

QString text_of(int i) {
  static const char* const words[] = {"hello there", "how do I bake bread", "I will hurt you",
                                      "buy cheap pills now", "the weather is nice", "steal a car, quickly",
                                      "a poem about \"rain\"", "meet me at noon"};
  return QStringLiteral("%1 #%2").arg(QString::fromLatin1(words[i % 8])).arg(i);
}

// Opens `path` in the panel and waits for the worker's answer; returns the error ("" when read).
QString open_and_wait(ModerationPanel& panel, const QString& path) {
  QSignalSpy opened(panel.controller(), &ModerationController::datasetOpened);
  if (!panel.openDataset(path)) return QStringLiteral("refused");
  if (!opened.wait(30000)) return QStringLiteral("timeout");
  return opened.at(0).at(1).toString();
}

QString fmt(std::optional<double> v) { return v ? QString::number(*v, 'f', 3) : QStringLiteral("–"); }

}  // namespace

class TestModerationPanel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString csv_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("tramontane-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_moderation_panel"));
    // text,label; row 5 has an empty text (a per-row error), labels alternate.
    QString csv = QStringLiteral("text,label\n");
    for (int i = 0; i < kRows; ++i) {
      const QString t = i == 4 ? QString() : text_of(i);
      QString q = t;
      q.replace(QLatin1String("\""), QLatin1String("\"\""));
      csv += QStringLiteral("\"%1\",%2\n").arg(q, (i % 3 == 0) ? QStringLiteral("unsafe") : QStringLiteral("safe"));
    }
    csv_ = dir_.filePath(QStringLiteral("texts.csv"));
    QFile f(csv_);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(csv.toUtf8());
  }

  // --- Pure evaluation ---------------------------------------------------------------------

  void confusion_and_curve_by_hand_data() {
    QTest::addColumn<std::vector<ScoredTruth>>("items");
    const std::vector<ScoredTruth> plain = {{0.9, true}, {0.8, false}, {0.8, true}, {0.4, true}, {0.1, false}};
    QTest::newRow("plain") << plain;
    // The same with NaN and infinite scores mixed in, which are left out: the same matrix and
    // curve, and no endless loop (a NaN never equals itself) or broken sort.
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    std::vector<ScoredTruth> odd = {{nan, true}, {0.9, true}, {0.8, false}, {nan, false}, {0.8, true},
                                    {0.4, true}, {-inf, true}, {0.1, false}, {inf, false}};
    for (int i = 0; i < 40; ++i) odd.push_back({nan, i % 2 == 0});   // enough for introsort's partitions
    QTest::newRow("with NaN and infinities") << odd;
  }

  void confusion_and_curve_by_hand() {
    QFETCH(std::vector<ScoredTruth>, items);
    const auto cm = confusion_at(items, 0.5);
    QCOMPARE(cm.tp, 2);
    QCOMPARE(cm.fp, 1);
    QCOMPARE(cm.fn, 1);
    QCOMPARE(cm.tn, 1);
    QCOMPARE(*cm.precision(), 2.0 / 3.0);
    QCOMPARE(*cm.recall(), 2.0 / 3.0);
    const auto curve = pr_curve(items);
    QCOMPARE(curve.size(), size_t(5));   // nothing flagged, then 0.9, 0.8 (tie), 0.4, 0.1
    QCOMPARE(curve[0].cm.tp + curve[0].cm.fp, 0);
    QCOMPARE(curve[0].precision, 1.0);
    QCOMPARE(curve[1].threshold, 0.9);
    QCOMPARE(curve[1].precision, 1.0);
    QCOMPARE(curve[1].recall, 1.0 / 3.0);
    QCOMPARE(curve[2].threshold, 0.8);
    QCOMPARE(curve[2].cm.tp, 2);
    QCOMPARE(curve[2].cm.fp, 1);
    QCOMPARE(curve[4].recall, 1.0);
    QCOMPARE(curve[4].precision, 3.0 / 5.0);
    // AP by the step rule: 1/3*1 + 1/3*(2/3) + 1/3*(3/4).
    QCOMPARE(*average_precision(curve), (1.0 + 2.0 / 3.0 + 3.0 / 4.0) / 3.0);
    QVERIFY(!average_precision(pr_curve({{0.3, false}})));
    QCOMPARE(pr_curve({{std::numeric_limits<double>::quiet_NaN(), true}}).size(), size_t(1));   // nothing scored
  }

  void curve_matches_confusion_at_every_threshold() {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> score(0, 20);
    std::vector<ScoredTruth> items;
    for (int i = 0; i < 200; ++i) items.push_back({score(rng) / 20.0, rng() % 3 == 0});
    const auto curve = pr_curve(items);
    for (const PrPoint& p : curve) {
      const auto cm = confusion_at(items, p.threshold);
      QCOMPARE(p.cm.tp, cm.tp);
      QCOMPARE(p.cm.fp, cm.fp);
      QCOMPARE(p.cm.fn, cm.fn);
      QCOMPARE(p.cm.tn, cm.tn);
    }
    for (size_t i = 1; i < curve.size(); ++i) {
      QVERIFY(curve[i].threshold < curve[i - 1].threshold);
      QVERIFY(curve[i].recall >= curve[i - 1].recall);
    }
    QCOMPARE(curve.back().cm.fn + curve.back().cm.tn, 0);
  }

  // --- Results model -----------------------------------------------------------------------

  void model_sorts_filters_and_follows_threshold() {
    ModerationResultsModel model;
    QList<ModerationRowResult> rows;
    for (int i = 1; i <= 4; ++i) {
      ModerationRowResult r;
      r.row = i;
      r.text = QStringLiteral("text %1").arg(i);
      rows.append(r);
    }
    model.reset({QStringLiteral("safe"), QStringLiteral("unsafe")}, rows);
    QCOMPARE(model.columnCount(), ModerationResultsModel::kFixedColumns + 2);
    QCOMPARE(model.pendingRows().size(), 4);
    QList<ModerationRowResult> done;
    for (int i : {1, 2, 3}) {
      ModerationRowResult r;
      r.row = i;
      r.has_scores = i != 2;
      r.error = i == 2 ? QStringLiteral("empty text") : QString();
      r.p_unsafe = i == 1 ? 0.7 : 0.2;
      r.top = i == 1 ? 1 : 0;
      r.probs = {1 - r.p_unsafe, r.p_unsafe};
      done.append(r);
    }
    model.applyResults(done);
    QCOMPARE(model.pendingRows(), QList<int>{3});
    QCOMPARE(model.doneCount(), 3);
    QCOMPARE(model.errorCount(), 1);
    QCOMPARE(model.flaggedCount(), 1);
    QCOMPARE(model.index(0, ModerationResultsModel::VerdictColumn).data().toString(), QStringLiteral("flagged"));
    QCOMPARE(model.index(0, ModerationResultsModel::TextColumn).data().toString(), QStringLiteral("text 1"));
    QCOMPARE(model.index(0, ModerationResultsModel::TopColumn).data().toString(), QStringLiteral("unsafe"));
    model.setThreshold(0.8);
    QCOMPARE(model.flaggedCount(), 0);
    QCOMPARE(model.index(0, ModerationResultsModel::VerdictColumn).data().toString(), QStringLiteral("safe"));
    model.setThreshold(0.1);
    QCOMPARE(model.flaggedCount(), 2);

    ModerationFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ModerationResultsModel::PUnsafeColumn, Qt::DescendingOrder);
    // Pending and error rows sort as +inf: first in descending order; then 0.7, 0.2.
    QCOMPARE(proxy.index(2, ModerationResultsModel::RowColumn).data().toInt(), 1);
    QCOMPARE(proxy.index(3, ModerationResultsModel::RowColumn).data().toInt(), 3);
    proxy.setShow(ModerationFilterProxy::Show::Errors);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, ModerationResultsModel::ErrorColumn).data().toString(), QStringLiteral("empty text"));
    proxy.setShow(ModerationFilterProxy::Show::Pending);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setShow(ModerationFilterProxy::Show::Flagged);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearch(QStringLiteral("TEXT 3"));
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, ModerationResultsModel::RowColumn).data().toInt(), 3);
  }

  // --- The panel ----------------------------------------------------------------------------

  void single_text() {
    ModerationPanel panel(nullptr, nullptr);
    panel.setModelPath(model_dir());
    QVERIFY(panel.setPolicy(QStringLiteral("binary")));
    auto* check = panel.findChild<QPushButton*>(QStringLiteral("checkButton"));
    QVERIFY(check && check->isEnabled());
    panel.findChild<QPlainTextEdit*>(QStringLiteral("singleText"))->setPlainText(QStringLiteral("is this fine?"));
    QSignalSpy verdict(panel.controller(), &ModerationController::verdictReady);
    check->click();
    QVERIFY(verdict.wait(30000));
    const auto v = verdict.at(0).at(0).value<ModerationVerdict>();
    QVERIFY2(v.has_scores, qPrintable(v.error));
    QCOMPARE(v.probs.size(), 2);
    QVERIFY(std::abs(v.probs[0] + v.probs[1] - 1.0) < 1e-9);
    QVERIFY(std::abs(v.p_unsafe - v.probs[1]) < 1e-12);
    const QString prompt = panel.findChild<QPlainTextEdit*>(QStringLiteral("promptView"))->toPlainText();
    QVERIFY2(prompt.startsWith(QStringLiteral("<s>[INST]")) && prompt.contains(QStringLiteral("is this fine?")) &&
                 prompt.endsWith(QStringLiteral("[/INST]")),
             qPrintable(prompt));
    auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("bar_1"));
    QVERIFY(bar);
    QCOMPARE(bar->value(), qRound(v.probs[1] * 1000));
    const QString label = panel.findChild<QLabel*>(QStringLiteral("verdictLabel"))->text();
    QVERIFY2(label.contains(QString::number(v.p_unsafe, 'f', 3)), qPrintable(label));
  }

  void batch_cancel_resume_evaluate_export_store() {
    ChatStore store;
    const QString db_path = dir_.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(!store.open(db_path));
    ModerationPanel panel(nullptr, &store);
    ModerationController* ctl = panel.controller();
    ctl->setBatchSize(kBatch);
    panel.setModelPath(model_dir());
    QVERIFY(panel.setPolicy(QStringLiteral("binary")));
    QCOMPARE(open_and_wait(panel, csv_), QString());
    QCOMPARE(panel.controller()->columns(), (QStringList{QStringLiteral("text"), QStringLiteral("label")}));
    auto* preview = panel.findChild<QTableWidget*>(QStringLiteral("preview"));
    QCOMPARE(preview->rowCount(), 5);
    QCOMPARE(preview->columnCount(), 2);
    QCOMPARE(preview->item(0, 0)->text(), text_of(0));
    QCOMPARE(preview->item(3, 1)->text(), QStringLiteral("unsafe"));
    QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("textColumn"))->currentText(), QStringLiteral("text"));
    QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("labelColumn"))->currentData().toString(), QStringLiteral("label"));
    auto* run = panel.findChild<QPushButton*>(QStringLiteral("runButton"));
    auto* cancel = panel.findChild<QPushButton*>(QStringLiteral("cancelButton"));
    auto* resume = panel.findChild<QPushButton*>(QStringLiteral("resumeButton"));
    auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("batchProgress"));
    QVERIFY(run->isEnabled());
    QVERIFY(!cancel->isEnabled());

    // Cancel right after the second chunk, on the worker's thread, so the stop point is exact.
    int chunks = 0;
    auto conn = connect(ctl->worker(), &ModerationWorker::progress, ctl->worker(),
                        [&](quint64, qint64, qint64, double, double) {
                          if (++chunks == 2) ctl->worker()->requestCancel();
                        }, Qt::DirectConnection);
    QSignalSpy progress(ctl, &ModerationController::progress);
    QSignalSpy finished(ctl, &ModerationController::batchFinished);
    run->click();
    QVERIFY(cancel->isEnabled());
    QVERIFY(!run->isEnabled());
    QVERIFY(finished.wait(60000));
    disconnect(conn);
    QCOMPARE(finished.at(0).at(0).toBool(), true);   // cancelled
    ModerationResultsModel* results = ctl->results();
    QCOMPARE(results->rowCount(), kRows);
    QCOMPARE(results->doneCount(), 2 * kBatch);
    QCOMPARE(results->pendingRows().first(), 2 * kBatch);   // resume starts at the first row without a result
    QCOMPARE(bar->value(), 2 * kBatch);
    QCOMPARE(bar->maximum(), kRows);
    QVERIFY(progress.size() >= 2);
    const auto last = progress.last();
    QCOMPARE(last.at(0).toLongLong(), 2 * kBatch);
    QCOMPARE(last.at(1).toLongLong(), kRows);
    QVERIFY(last.at(2).toDouble() > 0);   // rate
    QVERIFY(resume->isEnabled());
    QVERIFY(!cancel->isEnabled());
    {
      RawDb raw(db_path);
      QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM moderation_runs WHERE kind = 'batch'")).toInt(), 1);
      QCOMPARE(raw.scalar(QStringLiteral("SELECT done_rows FROM moderation_runs")).toInt(), 2 * kBatch);
      QVERIFY(raw.scalar(QStringLiteral("SELECT finished_at FROM moderation_runs")).isNull());
      QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM moderation_results")).toInt(), 2 * kBatch);
    }

    // Resume: only the rest is sent, progress counts on from 6.
    progress.clear();
    finished.clear();
    resume->click();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(0).at(1).toString(), QString());
    QVERIFY(progress.first().at(0).toLongLong() >= 2 * kBatch);
    QCOMPARE(progress.last().at(0).toLongLong(), kRows);
    QCOMPARE(results->doneCount(), kRows);
    QVERIFY(results->pendingRows().isEmpty());
    QCOMPARE(results->errorCount(), 1);   // the empty text
    QVERIFY(!results->rows()[4].has_scores);
    QVERIFY(!results->rows()[4].error.isEmpty());
    QVERIFY(!resume->isEnabled());
    QCOMPARE(bar->value(), kRows);

    // The results are the engine's: the Classifier on the same model, one text at a time.
    auto engine = tramontane::Engine::load(model_dir().toStdString());
    QVERIFY(engine);
    auto policy = tramontane::moderation::builtin_policy("binary");
    QVERIFY(policy);
    auto classifier = tramontane::moderation::Classifier::create(**engine, *policy);
    QVERIFY(classifier);
    for (const auto& r : results->rows()) {
      if (!r.has_scores) continue;
      auto direct = classifier->classify(r.text.toStdString());
      QVERIFY(direct);
      QVERIFY2(std::abs(direct->p_unsafe - r.p_unsafe) < 1e-6, qPrintable(QString::number(r.row)));
      QCOMPARE(r.truth.value(), (r.row - 1) % 3 == 0);
    }

    // Threshold slider: the figures equal confusion_at at that threshold.
    const auto items = results->scoredTruths();
    QCOMPARE(static_cast<int>(items.size()), kRows - 1);
    std::vector<double> ps;
    for (const auto& s : items) ps.push_back(s.p_unsafe);
    std::sort(ps.begin(), ps.end());
    auto* slider = panel.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
    auto* metrics = panel.findChild<QLabel*>(QStringLiteral("metricsLabel"));
    auto* tp = panel.findChild<QLabel*>(QStringLiteral("cmTp"));
    auto* fp = panel.findChild<QLabel*>(QStringLiteral("cmFp"));
    auto* fn = panel.findChild<QLabel*>(QStringLiteral("cmFn"));
    auto* tn = panel.findChild<QLabel*>(QStringLiteral("cmTn"));
    QStringList seen;
    for (int v : {0, static_cast<int>(ps[ps.size() / 2] * ModerationPanel::kSliderSteps), ModerationPanel::kSliderSteps}) {
      slider->setValue(v);
      const double t = double(v) / ModerationPanel::kSliderSteps;
      QCOMPARE(panel.threshold(), t);
      QCOMPARE(results->threshold(), t);
      const auto cm = confusion_at(items, t);
      QCOMPARE(tp->text().toLongLong(), cm.tp);
      QCOMPARE(fp->text().toLongLong(), cm.fp);
      QCOMPARE(fn->text().toLongLong(), cm.fn);
      QCOMPARE(tn->text().toLongLong(), cm.tn);
      const QString m = metrics->text();
      QVERIFY2(m.contains(QStringLiteral("Precision %1").arg(fmt(cm.precision()))), qPrintable(m));
      QVERIFY2(m.contains(QStringLiteral("Recall %1").arg(fmt(cm.recall()))), qPrintable(m));
      QVERIFY2(m.contains(QStringLiteral("F1 %1").arg(fmt(cm.f1()))), qPrintable(m));
      QVERIFY2(m.contains(QStringLiteral("Accuracy %1").arg(fmt(cm.accuracy()))), qPrintable(m));
      QCOMPARE(results->flaggedCount(), static_cast<int>(cm.tp + cm.fp));
      seen.append(m);
    }
    QCOMPARE(seen[0].contains(QStringLiteral("Recall 1.000")), true);   // threshold 0 flags everything
    QVERIFY(seen[0] != seen[2]);

    // Save the threshold with the policy; a new panel picks it up.
    const int mid = static_cast<int>(ps[ps.size() / 2] * ModerationPanel::kSliderSteps);
    slider->setValue(mid);
    panel.findChild<QPushButton*>(QStringLiteral("saveThresholdButton"))->click();
    QCOMPARE(QSettings().value(ModerationPanel::thresholdSettingsKey(QStringLiteral("binary"))).toDouble(),
             double(mid) / ModerationPanel::kSliderSteps);
    {
      ModerationPanel other(nullptr, nullptr);
      QVERIFY(other.setPolicy(QStringLiteral("binary")));
      QCOMPARE(other.threshold(), double(mid) / ModerationPanel::kSliderSteps);
    }

    // Exports at the current threshold.
    const double t = panel.threshold();
    const QString jsonl = dir_.filePath(QStringLiteral("out.jsonl"));
    QVERIFY(!panel.exportResults(jsonl));
    const QList<QByteArray> lines = gui_test::read_file(jsonl).trimmed().split('\n');
    QCOMPARE(lines.size(), kRows);
    for (int i = 0; i < kRows; ++i) {
      const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
      const auto& r = results->rows()[i];
      QCOMPARE(o.value(QStringLiteral("row")).toInt(), i + 1);
      QCOMPARE(o.value(QStringLiteral("label")).toString(), r.label);
      if (r.has_scores) {
        QCOMPARE(o.value(QStringLiteral("p_unsafe")).toDouble(), r.p_unsafe);
        QCOMPARE(o.value(QStringLiteral("text")).toString(), text_of(i));
        QCOMPARE(o.value(QStringLiteral("verdict")).toString(),
                 r.p_unsafe >= t ? QStringLiteral("flagged") : QStringLiteral("safe"));
        QCOMPARE(o.value(QStringLiteral("probs")).toObject().value(QStringLiteral("unsafe")).toDouble(), r.probs[1]);
      } else {
        QCOMPARE(o.value(QStringLiteral("verdict")).toString(), QStringLiteral("error"));
        QVERIFY(!o.value(QStringLiteral("error")).toString().isEmpty());
      }
    }
    const QString csv = dir_.filePath(QStringLiteral("out.csv"));
    QVERIFY(!panel.exportResults(csv));
    const QString csv_text = QString::fromUtf8(gui_test::read_file(csv));
    const QStringList csv_lines = csv_text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(csv_lines.size(), kRows + 1);
    QCOMPARE(csv_lines[0], QStringLiteral("row,line,text,label,verdict,p_unsafe,top,safe,unsafe,error"));
    // Row 7's text has quotes and row 6's a comma: quoted per RFC 4180.
    QVERIFY2(csv_lines[7].startsWith(QStringLiteral("7,8,\"a poem about \"\"rain\"\" #6\",unsafe,")), qPrintable(csv_lines[7]));
    QVERIFY2(csv_lines[6].startsWith(QStringLiteral("6,7,\"steal a car, quickly #5\",safe,")), qPrintable(csv_lines[6]));
    QVERIFY(csv_lines[1].contains(QString::number(results->rows()[0].p_unsafe, 'g', 17)));

    // The run in SQLite: finished, counted, every row stored.
    RawDb raw(db_path);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM moderation_runs WHERE kind = 'batch'")).toInt(), 1);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT model || '|' || policy || '|' || text_column || '|' || label_column "
                                       "FROM moderation_runs")).toString(),
             QStringLiteral("v1|binary|text|label"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT total_rows FROM moderation_runs")).toInt(), kRows);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT done_rows FROM moderation_runs")).toInt(), kRows);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT error_rows FROM moderation_runs")).toInt(), 1);
    QVERIFY(!raw.scalar(QStringLiteral("SELECT finished_at FROM moderation_runs")).isNull());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM moderation_results")).toInt(), kRows);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT p_unsafe FROM moderation_results WHERE row = 1")).toDouble(),
             results->rows()[0].p_unsafe);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT error IS NOT NULL FROM moderation_results WHERE row = 5")).toInt(), 1);
  }

  // Tools > Moderation… opens the panel (one window, reused) on the model loaded in the app.
  void opened_from_main_window() {
    ChatStore store;
    QVERIFY(!store.open(dir_.filePath(QStringLiteral("main.sqlite"))));
    EngineController engine;
    {
      MainWindow window(store, engine, dir_.filePath(QStringLiteral("data")));
      QSignalSpy loaded(&engine, &EngineController::modelLoaded);
      QSignalSpy load_failed(&engine, &EngineController::loadFailed);
      window.openModel(model_dir());
      QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + load_failed.count() > 0, 30000);
      QCOMPARE(load_failed.count(), 0);
      QAction* action = nullptr;
      for (QAction* menu : window.menuBar()->actions()) {
        if (!menu->menu()) continue;
        for (QAction* a : menu->menu()->actions()) {
          if (a->text() == QStringLiteral("&Moderation…")) action = a;
        }
      }
      QVERIFY(action);
      action->trigger();
      auto* panel = window.findChild<ModerationPanel*>();
      QVERIFY(panel);
      QVERIFY(panel->isVisible());
      QVERIFY(panel->isWindow());
      QCOMPARE(panel->controller()->modelPath(), engine.modelInfo().path);
      action->trigger();
      QCOMPARE(window.findChildren<ModerationPanel*>().size(), 1);
      panel->findChild<QPlainTextEdit*>(QStringLiteral("singleText"))->setPlainText(QStringLiteral("hello"));
      QSignalSpy verdict(panel->controller(), &ModerationController::verdictReady);
      panel->findChild<QPushButton*>(QStringLiteral("checkButton"))->click();
      QVERIFY(verdict.wait(30000));
      QVERIFY(verdict.at(0).at(0).value<ModerationVerdict>().has_scores);
      window.close();
    }
    QVERIFY(!store.close());
  }

  void errors_are_shown() {
    ModerationPanel panel(nullptr, nullptr);
    QVERIFY(!panel.setPolicy(QStringLiteral("no-such-policy")));
    auto* error = panel.findChild<QLabel*>(QStringLiteral("errorLabel"));
    QVERIFY(error->text().contains(QStringLiteral("no-such-policy")));
    const QString missing = open_and_wait(panel, dir_.filePath(QStringLiteral("missing.csv")));
    QVERIFY2(missing.contains(QStringLiteral("missing.csv")), qPrintable(missing));
    QCOMPARE(error->text(), missing);
    QVERIFY(!error->isHidden());
    QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("runButton"))->isEnabled());   // no model, no data
    // A model path that is not a model: the run fails with the engine's message.
    QVERIFY(panel.setPolicy(QStringLiteral("binary")));
    QCOMPARE(open_and_wait(panel, csv_), QString());
    panel.setModelPath(dir_.filePath(QStringLiteral("no-model")));
    QSignalSpy failed(panel.controller(), &ModerationController::failed);
    panel.findChild<QPushButton*>(QStringLiteral("runButton"))->click();
    QVERIFY(failed.wait(30000));
    QVERIFY(!panel.controller()->busy());
    QVERIFY(!error->isHidden());
  }
};

QTEST_MAIN(TestModerationPanel)
#include "test_moderation_panel.moc"
