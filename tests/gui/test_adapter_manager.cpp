// The adapter manager (Tools > Adapters…) in the main window, offscreen, on the CPU engine with
// the LoRA fixtures of tests/fixtures/lora: gguf_r4_all (PEFT folder, rank 4, alpha 6, all seven
// projections) made for gguf_models/model-f32.gguf, a model with a GGUF vocabulary, so answers
// go through the real chat path; gqa_r8_attn, made for models/gqa, does not fit it.
// Adding, toggling and scaling go through the manager's API (and one click on a row's check box);
// the next answer uses the set (its text differs from the base model's, the stored message
// records the set), the set is kept per conversation, the status bar names it.
#include <QAction>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/widgets/adapter_manager.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/status_panel.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

const QString kModel = gui_test::fixture(QStringLiteral("gguf_models/model-f32.gguf"));
const QString kAdapter = gui_test::fixture(QStringLiteral("lora/gguf_r4_all"));
const QString kOther = gui_test::fixture(QStringLiteral("lora/gqa_r8_attn"));

QString clean(const QString& p) { return QDir::cleanPath(QFileInfo(p).absoluteFilePath()); }

}  // namespace

class TestAdapterManager : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void menuOpensManager();
  void addToggleScaleNextAnswer();
  void incompatibleAdapterShowsError();
  void refusesWhatIsNoAdapter();
  void compareView();
  void removeDropsFromSet();

 private:
  // Types `text` into the composer, presses Enter and waits for the answer (or the failure).
  GenerationResult sendAndWait(const QString& text, QString* failure = nullptr);
  void useGreedy();
  AdapterManager* manager() const { return window_->adapterManager(); }
  QCheckBox* checkBox(const QString& path) const;
  QSlider* slider(const QString& path) const;
  int row(const QString& path) const;

  QTemporaryDir dir_;
  std::unique_ptr<ChatStore> store_;
  std::unique_ptr<EngineController> controller_;
  std::unique_ptr<MainWindow> window_;
};

void TestAdapterManager::initTestCase() {
  QVERIFY(dir_.isValid());
  store_ = std::make_unique<ChatStore>();
  const auto error = store_->open(ChatStore::database_path(dir_.path()));
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  controller_ = std::make_unique<EngineController>();
  window_ = std::make_unique<MainWindow>(*store_, *controller_, dir_.path());
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  QSignalSpy loaded(controller_.get(), &EngineController::modelLoaded);
  QSignalSpy failed(controller_.get(), &EngineController::loadFailed);
  window_->openModel(kModel);
  QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
  QCOMPARE(failed.count(), 0);
  QVERIFY(window_->newConversation() > 0);
  useGreedy();
}

void TestAdapterManager::cleanupTestCase() {
  if (window_) window_->close();
  window_.reset();
  controller_.reset();
  if (store_) QVERIFY(!store_->close());
}

void TestAdapterManager::useGreedy() {
  ConversationSampling s;
  s.sampling.temperature = 0.0;
  s.sampling.max_tokens = 12;
  s.sampling.seed = 3;
  s.stop_at_context = false;
  window_->settings().set_sampling(window_->currentConversation(), s);
}

GenerationResult TestAdapterManager::sendAndWait(const QString& text, QString* failure) {
  QSignalSpy finished(controller_.get(), &EngineController::finished);
  QSignalSpy failed(controller_.get(), &EngineController::failed);
  QPlainTextEdit* editor = window_->composer()->editor();
  editor->setFocus();
  QTest::keyClicks(editor, text);
  QTest::keyClick(editor, Qt::Key_Return);
  [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 30000); }();
  if (failure) *failure = failed.isEmpty() ? QString() : failed.first().first().toString();
  if (!failure) [&] { QCOMPARE(failed.count(), 0); }();
  return finished.isEmpty() ? GenerationResult{} : finished.first().first().value<GenerationResult>();
}

int TestAdapterManager::row(const QString& path) const {
  QTableWidget* t = manager()->table();
  for (int r = 0; r < t->rowCount(); ++r)
    if (t->item(r, AdapterManager::ColName)->data(Qt::UserRole).toString() == clean(path)) return r;
  return -1;
}

QCheckBox* TestAdapterManager::checkBox(const QString& path) const {
  const int r = row(path);
  return r < 0 ? nullptr : qobject_cast<QCheckBox*>(manager()->table()->cellWidget(r, AdapterManager::ColEnabled));
}

QSlider* TestAdapterManager::slider(const QString& path) const {
  const int r = row(path);
  return r < 0 ? nullptr : manager()->table()->cellWidget(r, AdapterManager::ColScale)->findChild<QSlider*>();
}

// Tools > Adapters… opens the manager (one instance), showing the current conversation.
void TestAdapterManager::menuOpensManager() {
  QVERIFY(!manager());
  QAction* action = nullptr;
  for (QAction* menu : window_->menuBar()->actions()) {
    if (!menu->menu()) continue;
    for (QAction* a : menu->menu()->actions())
      if (a->text() == QStringLiteral("&Adapters…")) action = a;
  }
  QVERIFY(action);
  action->trigger();
  QVERIFY(manager());
  QVERIFY(manager()->isVisible());
  QCOMPARE(manager()->conversation(), window_->currentConversation());
  AdapterManager* first = manager();
  action->trigger();
  QCOMPARE(manager(), first);
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("No adapters"));
}

void TestAdapterManager::addToggleScaleNextAnswer() {
  const qint64 conv_a = window_->currentConversation();
  // the base model's answer first (no adapters)
  const GenerationResult base = sendAndWait(QStringLiteral("hello there"));
  QVERIFY(!base.text.isEmpty());

  // add: listed, enabled at scale 1 in this conversation, details from the worker
  QVERIFY(!manager()->addAdapter(kAdapter));
  QCOMPARE(manager()->adapters(), QStringList{clean(kAdapter)});
  QCOMPARE(manager()->currentSet().size(), 1);
  QCOMPARE(manager()->currentSet().at(0), (AdapterSpec{clean(kAdapter), 1.0, true}));
  QTRY_COMPARE_WITH_TIMEOUT(manager()->fitsText(clean(kAdapter)), QStringLiteral("Yes"), 10000);
  const int r = row(kAdapter);
  QVERIFY(r >= 0);
  QTableWidget* t = manager()->table();
  QCOMPARE(t->item(r, AdapterManager::ColName)->text(), QStringLiteral("gguf_r4_all"));
  QCOMPARE(t->item(r, AdapterManager::ColRank)->text(), QStringLiteral("4"));
  QCOMPARE(t->item(r, AdapterManager::ColAlpha)->text(), QStringLiteral("6"));
  QVERIFY(t->item(r, AdapterManager::ColTargets)->text().contains(QStringLiteral("down_proj")));
  QVERIFY(!t->item(r, AdapterManager::ColSize)->text().isEmpty());
  QCOMPARE(t->item(r, AdapterManager::ColBase)->text(), QStringLiteral("tests/fixtures/gguf_models/model-f32.gguf"));
  QVERIFY(checkBox(kAdapter)->isChecked());
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("Adapters: gguf_r4_all ×1"));
  QTRY_VERIFY_WITH_TIMEOUT(controller_->adapterCacheBytes() > 0, 10000);
  QCOMPARE(controller_->adapterCacheBytes(), manager()->info(clean(kAdapter)).bytes);

  // scale 0.5: the slider follows, the status bar names it, the next answer uses it
  manager()->setScale(clean(kAdapter), 0.5);
  QCOMPARE(slider(kAdapter)->value(), 50);
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("Adapters: gguf_r4_all ×0.5"));
  const GenerationResult half = sendAndWait(QStringLiteral("hello there"));
  QVERIFY(!half.text.isEmpty());
  QVERIFY2(half.text != base.text, qPrintable(half.text));
  const QList<Message> path_a = must(store_->active_path(conv_a));
  QVERIFY(path_a.size() >= 4);
  const QJsonArray recorded = path_a.last().adapters;
  QCOMPARE(recorded.size(), 1);
  QCOMPARE(recorded.at(0).toObject().value("name").toString(), QStringLiteral("gguf_r4_all"));
  QCOMPARE(recorded.at(0).toObject().value("path").toString(), clean(kAdapter));
  QCOMPARE(recorded.at(0).toObject().value("scale").toDouble(), 0.5);
  QCOMPARE(recorded.at(0).toObject().value("enabled").toBool(), true);
  QCOMPARE(path_a.at(1).adapters, QJsonArray{});   // the base answer recorded no adapters

  // moving the slider (as the user drags it) changes the stored scale
  slider(kAdapter)->setValue(150);
  QCOMPARE(manager()->currentSet().at(0).scale, 1.5);
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("Adapters: gguf_r4_all ×1.5"));
  manager()->setScale(clean(kAdapter), 0.5);

  // another conversation: its own set (empty), the base model's answer again
  const qint64 conv_b = window_->newConversation();
  useGreedy();
  QCOMPARE(manager()->conversation(), conv_b);
  QVERIFY(manager()->currentSet().isEmpty());
  QVERIFY(!checkBox(kAdapter)->isChecked());
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("No adapters"));
  const GenerationResult plain = sendAndWait(QStringLiteral("hello there"));
  QCOMPARE(plain.text, base.text);
  QCOMPARE(must(store_->active_path(conv_b)).last().adapters, QJsonArray{});

  // enabling through the row's check box (a click): scale 1 in this conversation
  QTest::mouseClick(checkBox(kAdapter), Qt::LeftButton, {}, checkBox(kAdapter)->rect().center());
  QCOMPARE(manager()->currentSet(), (QList<AdapterSpec>{AdapterSpec{clean(kAdapter), 1.0, true}}));
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("Adapters: gguf_r4_all ×1"));

  // back to A: its set (scale 0.5) is shown; the same question gives A's adapted answer again
  window_->setCurrentConversation(conv_a);
  QCOMPARE(manager()->conversation(), conv_a);
  QCOMPARE(slider(kAdapter)->value(), 50);
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("Adapters: gguf_r4_all ×0.5"));

  // switched off in A: the next answer records it disabled
  manager()->setEnabled(clean(kAdapter), false);
  QVERIFY(!checkBox(kAdapter)->isChecked());
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("No adapters"));
  const GenerationResult off = sendAndWait(QStringLiteral("and then?"));
  QVERIFY(off.completion_tokens > 0);
  const QJsonObject rec = must(store_->active_path(conv_a)).last().adapters.at(0).toObject();
  QCOMPARE(rec.value("enabled").toBool(), false);
  QCOMPARE(rec.value("scale").toDouble(), 0.5);
}

// An adapter made for another model: listed, marked as not fitting with the engine's reason;
// an answer with it enabled fails naming it, and works again once it is off.
void TestAdapterManager::incompatibleAdapterShowsError() {
  window_->newConversation();
  useGreedy();
  QVERIFY(!manager()->addAdapter(kOther));
  QTRY_VERIFY_WITH_TIMEOUT(manager()->fitsText(clean(kOther)) != QStringLiteral("Checking…"), 10000);
  const QString fits = manager()->fitsText(clean(kOther));
  QVERIFY2(fits.startsWith(QStringLiteral("No: ")), qPrintable(fits));
  const AdapterInfo info = manager()->info(clean(kOther));
  QVERIFY(!info.compatible);
  QVERIFY(!info.error.isEmpty());
  QCOMPARE(info.rank, 8);
  QCOMPARE(manager()->table()->item(row(kOther), AdapterManager::ColFits)->text(), fits);

  QString failure;
  sendAndWait(QStringLiteral("hello"), &failure);
  QVERIFY2(failure.contains(QStringLiteral("gqa_r8_attn")), qPrintable(failure));
  manager()->setEnabled(clean(kOther), false);
  QString none;
  const GenerationResult ok = sendAndWait(QStringLiteral("hello"), &none);
  QVERIFY2(none.isEmpty(), qPrintable(none));
  QVERIFY(ok.completion_tokens > 0);
}

void TestAdapterManager::refusesWhatIsNoAdapter() {
  const auto rows = manager()->adapters().size();
  const auto e = manager()->addAdapter(dir_.path());   // a folder without adapter_config.json
  QVERIFY(e.has_value());
  QVERIFY2(e->contains(QStringLiteral("adapter_config.json")), qPrintable(*e));
  QVERIFY(manager()->addAdapter(kModel + QStringLiteral(".missing")).has_value());
  QCOMPARE(manager()->adapters().size(), rows);
}

// Compare…: two columns (no adapters, the adapter at scale 1) answered side by side.
void TestAdapterManager::compareView() {
  CompareView* view = manager()->openCompare();
  QVERIFY(view);
  QVERIFY(view->isVisible());
  QCOMPARE(manager()->openCompare(), view);
  view->setColumnSet(0, QList<AdapterSpec>{});
  view->setColumnSet(1, QList<AdapterSpec>{AdapterSpec{clean(kAdapter), 1.0, true}});
  view->setColumnSet(2, std::nullopt);
  view->setColumnSet(3, std::nullopt);
  QCOMPARE(view->columnSet(1)->size(), 1);
  QVERIFY(view->run(QString()).has_value());   // no prompt
  QSignalSpy compared(view, &CompareView::compared);
  const auto e = view->run(QStringLiteral("hello there"));
  QVERIFY2(!e, qPrintable(e.value_or(QString())));
  QTRY_COMPARE_WITH_TIMEOUT(compared.count(), 1, 30000);
  QCOMPARE(compared.at(0).at(0).value<QList<CompareColumn>>().size(), 2);
  QVERIFY(!view->columnText(0).isEmpty());
  QVERIFY(view->columnText(0) != view->columnText(1));
  QVERIFY(view->columnText(2).isEmpty());
  QVERIFY2(view->columnStats(1).contains(QStringLiteral("ms/token")), qPrintable(view->columnStats(1)));
}

void TestAdapterManager::removeDropsFromSet() {
  QVERIFY(!manager()->addAdapter(kAdapter));   // already listed: enabled here
  const int rows = manager()->table()->rowCount();
  QVERIFY(manager()->currentSet().size() >= 1);
  manager()->removeAdapter(clean(kAdapter));
  QCOMPARE(manager()->table()->rowCount(), rows - 1);
  QCOMPARE(row(kAdapter), -1);
  for (const AdapterSpec& s : manager()->currentSet()) QVERIFY(s.path != clean(kAdapter));
  QCOMPARE(window_->statusPanel()->adaptersText(), QStringLiteral("No adapters"));
  QTRY_COMPARE_WITH_TIMEOUT(controller_->adapterCacheCount(), 0, 10000);
}

QTEST_MAIN(TestAdapterManager)
#include "test_adapter_manager.moc"
