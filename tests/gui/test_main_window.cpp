// The chat window end to end (offscreen): a message typed with key clicks is sent with Enter,
// the answer streams into the ChatView and the ChatStore, Stop ends it, the guardrail preset
// chosen changes the prompt the worker builds (token-exact against tramontane-cli chat-tokens).
// The fixture model (tests/fixtures/gguf_models/model-q8_0.gguf: GGUF vocabulary, v1 template,
// window 16) runs on the CPU engine thread.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/preset_store.h"
#include "gui/widgets/chat_flow.h"
#include "gui/widgets/chat_view.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/history_transfer.h"
#include "gui/widgets/language.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/status_panel.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

const QString kModel = gui_test::fixture(QStringLiteral("gguf_models/model-q8_0.gguf"));

// The prompt ids tramontane-cli builds for a system prompt and one user message.
QList<int> cli_chat_tokens(const QString& system, const QString& user, QTemporaryDir& dir) {
  QJsonArray messages;
  if (!system.isEmpty()) messages.append(QJsonObject{{"role", "system"}, {"content", system}});
  messages.append(QJsonObject{{"role", "user"}, {"content", user}});
  const QString file = dir.filePath(QStringLiteral("messages.json"));
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(QJsonDocument(messages).toJson());
  f.close();
  QProcess cli;
  cli.start(QStringLiteral(TRAMONTANE_CLI), {QStringLiteral("chat-tokens"), kModel, QStringLiteral("--messages"), file});
  if (!cli.waitForFinished(30000) || cli.exitCode() != 0) return {};
  QList<int> ids;
  for (const QJsonValue& v : QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value("ids").toArray()) {
    ids.append(v.toInt());
  }
  return ids;
}

}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void shiftEnterIsNewLine();
  void sendStreamsAnswer();
  void stopEndsAnswer();
  void presetChangesPromptIds();
  void languageSwitchChangesText();
  void exportImportRoundTrip();
  void cpuFallbackIsShown();

 private:
  // Types `text` into the composer and presses Enter; waits for the answer to finish.
  GenerationResult sendAndWait(const QString& text, QList<int>* prompt_ids = nullptr);
  void useSampling(int max_tokens, double temperature = 0.0);

  QTemporaryDir dir_;
  std::unique_ptr<ChatStore> store_;
  std::unique_ptr<EngineController> controller_;
  std::unique_ptr<MainWindow> window_;
};

void TestMainWindow::initTestCase() {
  QVERIFY(dir_.isValid());
  store_ = std::make_unique<ChatStore>();
  const auto error = store_->open(ChatStore::database_path(dir_.path()));
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  controller_ = std::make_unique<EngineController>();
  window_ = std::make_unique<MainWindow>(*store_, *controller_, dir_.path());
  window_->resize(900, 600);
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));

  QSignalSpy loaded(controller_.get(), &EngineController::modelLoaded);
  QSignalSpy failed(controller_.get(), &EngineController::loadFailed);
  window_->openModel(kModel);
  QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
  QCOMPARE(failed.count(), 0);
  QVERIFY(controller_->isLoaded());
  QVERIFY(!window_->statusPanel()->modelText().isEmpty());
  QCOMPARE(window_->settings().recent_models().value(0), controller_->modelInfo().path.isEmpty()
                                                              ? kModel : controller_->modelInfo().path);
}

void TestMainWindow::cleanupTestCase() {
  if (window_) window_->close();
  window_.reset();
  controller_.reset();
  if (store_) QVERIFY(!store_->close());
}

// Installing a language retranslates the open window live (QEvent::LanguageChange): the menu
// titles and the composer's button change to the translation and back.
void TestMainWindow::languageSwitchChangesText() {
  auto texts = [&] {
    QStringList t;
    for (QAction* a : window_->menuBar()->actions()) t << a->text();
    return t;
  };
  QVERIFY(install_language(QStringLiteral("en")));
  QCoreApplication::processEvents();
  const QStringList english = texts();
  QCOMPARE(english.value(0), QStringLiteral("&File"));
  QVERIFY(english.size() >= 3);
  for (const QString& lang : {QStringLiteral("ko"), QStringLiteral("ja"), QStringLiteral("zh_CN")}) {
    QVERIFY2(install_language(lang), qPrintable(lang));  // the compiled-in .qm was found
    QCOMPARE(current_language(), lang);
    // QApplication posts LanguageChange to the top-level windows: wait for the event loop.
    QTRY_VERIFY(texts().value(0) != english.value(0));
    const QStringList translated = texts();
    QCOMPARE(translated.size(), english.size());
    for (int i = 0; i < english.size(); ++i)
      QVERIFY2(translated[i] != english[i], qPrintable(lang + ": " + translated[i]));
  }
  QVERIFY(install_language(QStringLiteral("en")));
  QTRY_COMPARE(texts(), english);
}

// File > Export / Import without the dialogs: the shown conversation as Markdown and JSON, and
// the JSON imported back as a new conversation with the same messages.
void TestMainWindow::exportImportRoundTrip() {
  useSampling(6);
  sendAndWait(QStringLiteral("export me"));
  const qint64 conversation = window_->currentConversation();
  const QList<Message> original = must(store_->active_path(conversation));
  QVERIFY(original.size() >= 2);
  HistoryTransfer transfer(*store_, window_.get());
  const QString md = dir_.filePath(QStringLiteral("one.md")), json = dir_.filePath(QStringLiteral("one.json"));
  QVERIFY(!transfer.exportTo(md, conversation));
  QVERIFY(!transfer.exportTo(json, conversation));
  QFile mdf(md);
  QVERIFY(mdf.open(QIODevice::ReadOnly));
  const QString markdown = QString::fromUtf8(mdf.readAll());
  QVERIFY2(markdown.contains(QStringLiteral("export me")), qPrintable(markdown));
  QVERIFY(markdown.contains(original.last().content));
  const auto before = must(store_->conversations()).size();
  const QList<qint64> added = must(transfer.importFrom(json));
  QCOMPARE(added.size(), 1);
  QCOMPARE(must(store_->conversations()).size(), before + 1);
  const QList<Message> copy = must(store_->active_path(added[0]));
  QCOMPARE(copy.size(), original.size());
  for (int i = 0; i < copy.size(); ++i) {
    QCOMPARE(copy[i].role, original[i].role);
    QCOMPARE(copy[i].content, original[i].content);
    QCOMPARE(copy[i].sampling, original[i].sampling);
  }
  // A file that is not an export: an error naming it, nothing added.
  const auto bad = transfer.importFrom(md);
  QVERIFY(!bad);
  QVERIFY2(bad.error().contains(QStringLiteral("one.md")), qPrintable(bad.error()));
  QCOMPARE(must(store_->conversations()).size(), before + 1);
}

void TestMainWindow::useSampling(int max_tokens, double temperature) {
  ConversationSampling s;
  s.sampling.temperature = temperature;
  s.sampling.max_tokens = max_tokens;
  s.sampling.seed = 7;
  s.stop_at_context = false;   // the fixture's window is 16: let the conversation slide past it
  window_->settings().set_sampling(window_->currentConversation(), s);
}

GenerationResult TestMainWindow::sendAndWait(const QString& text, QList<int>* prompt_ids) {
  QSignalSpy finished(controller_.get(), &EngineController::finished);
  QSignalSpy failed(controller_.get(), &EngineController::failed);
  QSignalSpy prompt(controller_.get(), &EngineController::promptReady);
  QPlainTextEdit* editor = window_->composer()->editor();
  editor->setFocus();
  QTest::keyClicks(editor, text);
  QTest::keyClick(editor, Qt::Key_Return);
  [&] { QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 30000); }();
  [&] { QCOMPARE(failed.count(), 0); }();
  if (prompt_ids && !prompt.isEmpty()) *prompt_ids = prompt.first().first().value<QList<int>>();
  return finished.isEmpty() ? GenerationResult{} : finished.first().first().value<GenerationResult>();
}

void TestMainWindow::shiftEnterIsNewLine() {
  QPlainTextEdit* editor = window_->composer()->editor();
  editor->clear();
  QSignalSpy sent(window_->composer(), &Composer::sendRequested);
  QTest::keyClicks(editor, QStringLiteral("one"));
  QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
  QTest::keyClicks(editor, QStringLiteral("two"));
  QCOMPARE(sent.count(), 0);
  QCOMPARE(editor->toPlainText(), QStringLiteral("one\ntwo"));
  editor->clear();
  QTest::keyClick(editor, Qt::Key_Return);   // nothing to send
  QCOMPARE(sent.count(), 0);
}

void TestMainWindow::sendStreamsAnswer() {
  const qint64 conversation = window_->newConversation();
  QVERIFY(conversation > 0);
  window_->setCurrentPreset(QStringLiteral("none"));
  useSampling(12);

  // Every token batch: what the view shows at that moment (the flow updates it first).
  QStringList seen;
  auto probe = connect(controller_.get(), &EngineController::tokens, this, [&] {
    const auto bubbles = window_->chatView()->bubbles();
    if (!bubbles.isEmpty()) seen.append(bubbles.last()->text());
  });
  const GenerationResult result = sendAndWait(QStringLiteral("hello"));
  disconnect(probe);

  QVERIFY(!result.text.isEmpty());
  QVERIFY(result.completion_tokens > 0);
  QVERIFY(!seen.isEmpty());
  for (const QString& partial : seen) QVERIFY2(result.text.startsWith(partial), qPrintable(partial));
  QVERIFY(window_->composer()->text().isEmpty());

  // The store: the user message, then the answer, finished.
  const QList<Message> path = must(store_->active_path(conversation));
  QCOMPARE(path.size(), 2);
  QCOMPARE(path[0].role, Role::User);
  QCOMPARE(path[0].content, QStringLiteral("hello"));
  QCOMPARE(path[1].role, Role::Assistant);
  QCOMPARE(path[1].content, result.text);
  QVERIFY(!path[1].streaming);
  QCOMPARE(path[1].stop_reason, result.stop_reason);
  QCOMPARE(path[1].model, controller_->modelInfo().name);
  QCOMPARE(path[1].sampling.value("max_tokens").toInt(), 12);
  // What the engine reported: the prompt size, and the seed it used.
  QVERIFY(result.prompt_tokens > 0);
  QCOMPARE(path[1].prompt_tokens, std::optional<qint64>(result.prompt_tokens));
  QVERIFY(result.seed > 0);
  QCOMPARE(qint64(path[1].sampling.value("seed").toDouble()), result.seed);
  QCOMPARE(path[1].completion_tokens, std::optional<qint64>(result.completion_tokens));
  QCOMPARE(must(store_->conversation(conversation)).title, QStringLiteral("hello"));

  // The view: both bubbles, the answer as stored.
  const auto bubbles = window_->chatView()->bubbles();
  QCOMPARE(bubbles.size(), 2);
  QCOMPARE(bubbles[0]->renderedText(), QStringLiteral("hello"));
  QCOMPARE(bubbles[1]->text(), result.text);
  QVERIFY(!window_->composer()->isBusy());
}

void TestMainWindow::stopEndsAnswer() {
  const qint64 conversation = window_->newConversation();
  QVERIFY(conversation > 0);
  useSampling(1000000, 0.8);   // would run for a long time

  QSignalSpy tokens(controller_.get(), &EngineController::tokens);
  QSignalSpy finished(controller_.get(), &EngineController::finished);
  QPlainTextEdit* editor = window_->composer()->editor();
  QTest::keyClicks(editor, QStringLiteral("tell me a long story"));
  QTest::keyClick(editor, Qt::Key_Return);
  QTRY_VERIFY_WITH_TIMEOUT(tokens.count() >= 2, 30000);
  QVERIFY(window_->composer()->isBusy());
  QCOMPARE(window_->composer()->button()->text(), QStringLiteral("Stop"));
  QTest::mouseClick(window_->composer()->button(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);

  const auto result = finished.first().first().value<GenerationResult>();
  QCOMPARE(result.stop_reason, StopReason::Stopped);
  QTRY_VERIFY(!window_->composer()->isBusy());
  QCOMPARE(window_->composer()->button()->text(), QStringLiteral("Send"));
  const QList<Message> path = must(store_->active_path(conversation));
  QCOMPARE(path.size(), 2);
  QCOMPARE(path[1].stop_reason, StopReason::Stopped);
  QCOMPARE(path[1].content, result.text);
  QVERIFY(!path[1].streaming);
  QCOMPARE(window_->chatView()->bubbles().last()->text(), result.text);
}

void TestMainWindow::presetChangesPromptIds() {
  QTemporaryDir scratch;
  QVERIFY(scratch.isValid());

  window_->newConversation();
  window_->setCurrentPreset(QStringLiteral("none"));
  useSampling(2);
  QList<int> plain;
  sendAndWait(QStringLiteral("hi"), &plain);

  const qint64 guarded_conversation = window_->newConversation();
  window_->setCurrentPreset(QStringLiteral("mistral-guardrail"));
  QCOMPARE(window_->currentPresetId(), QStringLiteral("mistral-guardrail"));
  useSampling(2);
  QList<int> guarded;
  sendAndWait(QStringLiteral("hi"), &guarded);

  QVERIFY(!plain.isEmpty());
  QVERIFY(guarded.size() > plain.size());
  QCOMPARE(plain.first(), 1);   // BOS
  QCOMPARE(guarded.first(), 1);

  // Token-exact: the same prompts as the engine's own chat template through the CLI.
  PresetStore presets(*store_);
  const Preset guardrail = must(presets.preset(QStringLiteral("mistral-guardrail")));
  QVERIFY(!guardrail.text.isEmpty());
  QCOMPARE(plain, cli_chat_tokens(QString(), QStringLiteral("hi"), scratch));
  QCOMPARE(guarded, cli_chat_tokens(guardrail.text, QStringLiteral("hi"), scratch));

  // The preset is stored with the conversation and with the answer it produced.
  QCOMPARE(must(store_->conversation(guarded_conversation)).preset_id, QStringLiteral("mistral-guardrail"));
  const QList<Message> path = must(store_->active_path(guarded_conversation));
  QCOMPARE(path.size(), 2);
  QCOMPARE(path[1].preset_id, QStringLiteral("mistral-guardrail"));
  QCOMPARE(path[1].preset_text, guardrail.text);
}

// --backend auto on a machine whose GPU cannot take the model (here: none, or a build without
// CUDA): the model runs on the CPU and the status bar says why, in the engine's words.
void TestMainWindow::cpuFallbackIsShown() {
  QSignalSpy loaded(controller_.get(), &EngineController::modelLoaded);
  window_->setBackend(EngineWorker::Backend::Auto);
  window_->openModel(kModel);
  QTRY_VERIFY_WITH_TIMEOUT(loaded.count() > 0, 30000);
  window_->setBackend(EngineWorker::Backend::Cpu);
  const ModelInfo info = controller_->modelInfo();
  const QString shown = window_->statusBar()->currentMessage();
  if (info.backend == QLatin1String("cuda")) {  // a machine with a GPU that took it
    QCOMPARE(shown, QStringLiteral("Model loaded: %1").arg(info.name));
    return;
  }
  QCOMPARE(info.backend, QStringLiteral("cpu"));
  QVERIFY2(info.backend_note.startsWith(QLatin1String("running on the CPU: ")), qPrintable(info.backend_note));
  QCOMPARE(shown, QStringLiteral("Model loaded: %1 (%2)").arg(info.name, info.backend_note));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
