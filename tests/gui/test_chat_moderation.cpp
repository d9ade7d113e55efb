// In-chat moderation (issue 7, "Panel", last bullet) on the tiny Mistral fixture
// (tests/fixtures/moderation/v1: a real SentencePiece tokenizer, the v1 chat template): the
// per-conversation settings in settings.ini, ChatFlow's hooks before sending and after the
// answer (block / warn / log), the verdict stored with its message and read back, the badge of
// MessageBubble, and the window keeping a blocked text in the composer with the reason shown.
//
// The verdicts are made deterministic with two policy files copied from the built-in "binary"
// policy: threshold 0 (every text is flagged) and threshold 1 (no text is: P(not safe) < 1).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

#include "engine/moderation/classifier.h"
#include "engine/moderation/policy.h"
#include "engine/runtime/engine.h"
#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/preset_store.h"
#include "gui/widgets/app_settings.h"
#include "gui/widgets/chat_flow.h"
#include "gui/widgets/chat_moderation_dialog.h"
#include "gui/widgets/chat_view.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/message_bubble.h"
#include "gui_test_util.h"

using namespace tramontane;
using namespace tramontane::gui;

namespace {

QString model_dir() { return gui_test::fixture(QStringLiteral("moderation/v1")); }

// The built-in "binary" policy as a file, with its own name and threshold.
QString write_policy(const QString& path, const QString& name, double threshold) {
  auto p = moderation::builtin_policy("binary");
  if (!p) return {};
  QJsonArray labels;
  for (const auto& l : p->labels)
    labels.append(QJsonObject{{"name", QString::fromStdString(l.name)},
                              {"description", QString::fromStdString(l.description)}});
  const QJsonObject o{{"name", name},
                      {"template", QString::fromStdString(p->template_text)},
                      {"labels", labels},
                      {"safe_label", QString::fromStdString(p->safe_label())},
                      {"threshold", threshold}};
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(QJsonDocument(o).toJson());
  return path;
}

ChatModeration settings_for(const QString& policy, ChatModeration::Side side, ChatModeration::Action action) {
  ChatModeration m;
  m.enabled = true;
  m.policy = policy;
  m.side = side;
  m.action = action;
  return m;
}

}  // namespace

class TestChatModeration : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void settingsRoundTrip();
  void dialogReturnsSettings();
  void badgeText();
  void disabledStoresNothing();
  void blockRefusesFlaggedInput();
  void blockLetsSafeInputThrough();
  void warnSendsAndMarksBothSides();
  void logOnlyStoresWithoutBadge();
  void verdictMatchesClassifier();
  void editIsModeratedToo();
  void windowKeepsBlockedTextInComposer();

 private:
  // Sends `text` with `options` and waits for the answer and every queued verdict.
  qint64 sendAndWait(const QString& text, const ChatFlow::Options& options, qint64* answer_id = nullptr);
  ChatFlow::Options options(const ChatModeration& m) const;
  qint64 newConversation();

  QTemporaryDir dir_;
  QString always_;   // threshold 0: every text flagged
  QString never_;    // threshold 1: no text flagged
  std::unique_ptr<ChatStore> store_;
  std::unique_ptr<PresetStore> presets_;
  std::unique_ptr<EngineController> controller_;
  std::unique_ptr<ChatFlow> flow_;
};

void TestChatModeration::initTestCase() {
  QVERIFY(dir_.isValid());
  always_ = write_policy(dir_.filePath("always.json"), "always", 0.0);
  never_ = write_policy(dir_.filePath("never.json"), "never", 1.0);
  QVERIFY(!always_.isEmpty() && !never_.isEmpty());
  QVERIFY(moderation::resolve_policy(always_.toStdString()).has_value());

  store_ = std::make_unique<ChatStore>();
  const auto error = store_->open(ChatStore::database_path(dir_.path()));
  QVERIFY2(!error, qPrintable(error.value_or(QString())));
  presets_ = std::make_unique<PresetStore>(*store_);
  controller_ = std::make_unique<EngineController>();
  QSignalSpy loaded(controller_.get(), &EngineController::modelLoaded);
  QSignalSpy failed(controller_.get(), &EngineController::loadFailed);
  controller_->loadModel(model_dir(), EngineWorker::Backend::Cpu);
  QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
  QCOMPARE(failed.count(), 0);
  QVERIFY(controller_->isLoaded());
  // The fixture's tokenizer is the real Mistral v1 SentencePiece model: the v1 template.
  QCOMPARE(controller_->modelInfo().chat_template, QStringLiteral("v1"));
  flow_ = std::make_unique<ChatFlow>(*store_, *presets_, *controller_);
}

void TestChatModeration::cleanupTestCase() {
  flow_.reset();
  controller_.reset();
  presets_.reset();
  if (store_) QVERIFY(!store_->close());
}

ChatFlow::Options TestChatModeration::options(const ChatModeration& m) const {
  ChatFlow::Options o;
  o.sampling.sampling.temperature = 0;
  o.sampling.sampling.max_tokens = 6;
  o.sampling.sampling.seed = 7;
  o.moderation = m;
  return o;
}

qint64 TestChatModeration::newConversation() { return must(store_->create_conversation(QStringLiteral("chat"))); }

qint64 TestChatModeration::sendAndWait(const QString& text, const ChatFlow::Options& o, qint64* answer_id) {
  const qint64 conversation = newConversation();
  QSignalSpy finished(flow_.get(), &ChatFlow::answerFinished);
  QSignalSpy refused(flow_.get(), &ChatFlow::sendRefused);
  const auto e = flow_->send(conversation, text, o);
  if (e) {
    QTest::qFail(qPrintable(*e), __FILE__, __LINE__);
    return conversation;
  }
  if (!QTest::qWaitFor([&] { return finished.count() + refused.count() > 0; }, 60000))
    QTest::qFail("no answer", __FILE__, __LINE__);
  if (refused.count()) QTest::qFail(qPrintable(refused.at(0).at(2).toString()), __FILE__, __LINE__);
  if (!QTest::qWaitFor([&] { return !flow_->moderating() && !controller_->busy(); }, 60000))
    QTest::qFail("moderation did not end", __FILE__, __LINE__);
  if (answer_id && finished.count()) *answer_id = finished.at(0).at(1).toLongLong();
  return conversation;
}

// settings.ini: off by default; per conversation; the default follows set_default_moderation.
void TestChatModeration::settingsRoundTrip() {
  QTemporaryDir d;
  QVERIFY(d.isValid());
  {
    AppSettings s(d.path());
    QVERIFY(!s.moderation(5).enabled);
    QVERIFY(!s.moderation(5).inputs() && !s.moderation(5).answers());
    s.set_moderation(5, settings_for(always_, ChatModeration::Side::Input, ChatModeration::Action::Block));
    ChatModeration def;
    def.enabled = true;
    def.action = ChatModeration::Action::Log;
    def.side = ChatModeration::Side::Answer;
    s.set_default_moderation(def);
    s.sync();
  }
  AppSettings s(d.path());
  const ChatModeration m = s.moderation(5);
  QVERIFY(m.enabled);
  QCOMPARE(m.policy, always_);
  QCOMPARE(m.side, ChatModeration::Side::Input);
  QCOMPARE(m.action, ChatModeration::Action::Block);
  QVERIFY(m.inputs() && !m.answers());
  const ChatModeration other = s.moderation(6);   // no own settings: the default
  QVERIFY(other.enabled);
  QCOMPARE(other.policy, QStringLiteral("binary"));
  QCOMPARE(other.action, ChatModeration::Action::Log);
  QVERIFY(!other.inputs() && other.answers());
  QCOMPARE(ChatModeration::from_json(m.to_json()).to_json(), m.to_json());
  QCOMPARE(m.to_json().value("action").toString(), QStringLiteral("block"));
  QCOMPARE(m.to_json().value("side").toString(), QStringLiteral("input"));
}

void TestChatModeration::dialogReturnsSettings() {
  const ChatModeration in = settings_for(never_, ChatModeration::Side::Answer, ChatModeration::Action::Log);
  ChatModerationDialog dialog(in);
  QCOMPARE(dialog.settings().to_json(), in.to_json());
  const ChatModeration b = settings_for(QStringLiteral("mistral13"), ChatModeration::Side::Both, ChatModeration::Action::Block);
  dialog.setSettings(b);
  QCOMPARE(dialog.settings().to_json(), b.to_json());
  QCOMPARE(ChatModerationDialog::summary(ChatModeration{}), QStringLiteral("Moderation: off"));
  QCOMPARE(ChatModerationDialog::summary(b), QStringLiteral("Moderation: mistral13, block"));
}

void TestChatModeration::badgeText() {
  Message m;
  m.id = 1;
  m.role = Role::User;
  m.content = QStringLiteral("hi");
  MessageBubble none(m);
  QVERIFY(!none.badgeShown());
  QCOMPARE(none.badgeText(), QString());
  m.moderation = QJsonObject{{"action", "warn"}, {"flagged", true}, {"category", "unsafe"}, {"side", "input"}};
  MessageBubble flagged(m);
  QVERIFY(flagged.badgeShown());
  QCOMPARE(flagged.badgeText(), QStringLiteral("Flagged: unsafe"));
  m.moderation = QJsonObject{{"action", "block"}, {"flagged", false}, {"category", "safe"}};
  MessageBubble safe(m);
  QCOMPARE(safe.badgeText(), QStringLiteral("Safe"));
  m.moderation = QJsonObject{{"action", "log"}, {"flagged", true}, {"category", "unsafe"}};
  MessageBubble logged(m);
  QVERIFY(!logged.badgeShown());
  safe.setModeration(QJsonObject{{"action", "warn"}, {"error", "no model"}});
  QCOMPARE(safe.badgeText(), QStringLiteral("Moderation failed"));
  safe.setModeration(std::nullopt);
  QVERIFY(!safe.badgeShown());
}

void TestChatModeration::disabledStoresNothing() {
  qint64 answer = 0;
  const qint64 c = sendAndWait(QStringLiteral("hello there"), options(ChatModeration{}), &answer);
  const auto path = must(store_->active_path(c));
  QCOMPARE(path.size(), 2);
  QVERIFY(!path[0].moderation.has_value());
  QVERIFY(!path[1].moderation.has_value());
  QCOMPARE(path[1].id, answer);
}

// Block + a flagged input: refused with a reason naming the category, nothing written, no answer.
void TestChatModeration::blockRefusesFlaggedInput() {
  const qint64 c = newConversation();
  QSignalSpy refused(flow_.get(), &ChatFlow::sendRefused);
  QSignalSpy started(flow_.get(), &ChatFlow::answerStarted);
  QSignalSpy stored(flow_.get(), &ChatFlow::moderationStored);
  const QString text = QStringLiteral("I will hurt you");
  const auto o = options(settings_for(always_, ChatModeration::Side::Input, ChatModeration::Action::Block));
  QVERIFY(!flow_->send(c, text, o));
  QVERIFY(flow_->pending());
  QVERIFY(flow_->send(c, QStringLiteral("again"), o).has_value());   // one input at a time
  QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 60000);
  QCOMPARE(refused.at(0).at(0).toLongLong(), c);
  QCOMPARE(refused.at(0).at(1).toString(), text);
  const QString reason = refused.at(0).at(2).toString();
  QVERIFY2(reason.startsWith(QStringLiteral("Not sent")), qPrintable(reason));
  QVERIFY2(reason.contains(QStringLiteral("\"unsafe\"")), qPrintable(reason));
  QVERIFY(!flow_->pending());
  QCOMPARE(started.count(), 0);
  QCOMPARE(stored.count(), 0);
  QVERIFY(must(store_->active_path(c)).isEmpty());
  QVERIFY(!flow_->streaming());
}

// Block + a safe input: sent, the "safe" verdict stored with the user message.
void TestChatModeration::blockLetsSafeInputThrough() {
  const auto o = options(settings_for(never_, ChatModeration::Side::Input, ChatModeration::Action::Block));
  const qint64 c = sendAndWait(QStringLiteral("how do I bake bread"), o);
  const auto path = must(store_->active_path(c));
  QCOMPARE(path.size(), 2);
  QVERIFY(path[0].moderation.has_value());
  const QJsonObject v = *path[0].moderation;
  QCOMPARE(v.value("flagged").toBool(true), false);
  QCOMPARE(v.value("category").toString(), QStringLiteral("safe"));
  QCOMPARE(v.value("action").toString(), QStringLiteral("block"));
  QCOMPARE(v.value("side").toString(), QStringLiteral("input"));
  QCOMPARE(v.value("policy").toString(), QStringLiteral("never"));
  QVERIFY(!path[1].moderation.has_value());   // answers not moderated (side = input)
  MessageBubble bubble(path[0]);
  QCOMPARE(bubble.badgeText(), QStringLiteral("Safe"));
}

// Warn + both sides + a flagged text: sent and answered; both verdicts stored, both badges show.
void TestChatModeration::warnSendsAndMarksBothSides() {
  QSignalSpy stored(flow_.get(), &ChatFlow::moderationStored);
  qint64 answer = 0;
  const auto o = options(settings_for(always_, ChatModeration::Side::Both, ChatModeration::Action::Warn));
  const qint64 c = sendAndWait(QStringLiteral("buy cheap pills now"), o, &answer);
  const auto path = must(store_->active_path(c));
  QCOMPARE(path.size(), 2);
  QVERIFY(!path[1].content.isEmpty());
  QCOMPARE(path[1].id, answer);
  QVERIFY(path[0].moderation && path[1].moderation);
  for (const Message& m : path) {
    const QJsonObject v = *m.moderation;
    QVERIFY(v.value("flagged").toBool());
    QCOMPARE(v.value("category").toString(), QStringLiteral("unsafe"));
    QCOMPARE(v.value("action").toString(), QStringLiteral("warn"));
    QCOMPARE(v.value("threshold").toDouble(-1), 0.0);
    const double p = v.value("p_unsafe").toDouble(-1);
    QVERIFY(p > 0 && p < 1);
    const QJsonObject probs = v.value("probs").toObject();
    QCOMPARE(probs.size(), 2);
    QVERIFY(std::abs(probs.value("unsafe").toDouble() - p) < 1e-12);
    QVERIFY(std::abs(probs.value("safe").toDouble() + p - 1.0) < 1e-9);
    QCOMPARE(MessageBubble(m).badgeText(), QStringLiteral("Flagged: unsafe"));
  }
  QCOMPARE(path[0].moderation->value("side").toString(), QStringLiteral("input"));
  QCOMPARE(path[1].moderation->value("side").toString(), QStringLiteral("answer"));
  // Signalled in order: the input (when written), then the answer (after it finished).
  QCOMPARE(stored.count(), 2);
  QCOMPARE(stored.at(0).at(1).toLongLong(), path[0].id);
  QCOMPARE(stored.at(1).at(1).toLongLong(), path[1].id);
  QCOMPARE(stored.at(1).at(2).value<QJsonObject>(), *path[1].moderation);
}

// Log + a flagged input: sent; the verdict stored but no badge.
void TestChatModeration::logOnlyStoresWithoutBadge() {
  const auto o = options(settings_for(always_, ChatModeration::Side::Both, ChatModeration::Action::Log));
  const qint64 c = sendAndWait(QStringLiteral("steal a car, quickly"), o);
  const auto path = must(store_->active_path(c));
  QCOMPARE(path.size(), 2);
  for (const Message& m : path) {
    QVERIFY(m.moderation.has_value());
    QVERIFY(m.moderation->value("flagged").toBool());
    QCOMPARE(m.moderation->value("action").toString(), QStringLiteral("log"));
    MessageBubble b(m);
    QVERIFY(!b.badgeShown());
  }
}

// The stored P(not safe) is the engine Classifier's on the same text and policy.
void TestChatModeration::verdictMatchesClassifier() {
  const QString text = QStringLiteral("meet me at noon");
  const auto o = options(settings_for(QStringLiteral("binary"), ChatModeration::Side::Input, ChatModeration::Action::Warn));
  const qint64 c = sendAndWait(text, o);
  const auto path = must(store_->active_path(c));
  QVERIFY(!path.isEmpty() && path[0].moderation);
  const QJsonObject v = *path[0].moderation;
  QCOMPARE(v.value("policy").toString(), QStringLiteral("binary"));

  auto engine = Engine::load(model_dir().toStdString(), {.backend = BackendKind::Cpu});
  QVERIFY(engine.has_value());
  auto policy = moderation::resolve_policy("binary");
  QVERIFY(policy.has_value());
  const double threshold = policy->threshold;
  auto classifier = moderation::Classifier::create(**engine, std::move(*policy));
  QVERIFY(classifier.has_value());
  auto r = classifier->classify(text.toStdString());
  QVERIFY(r.has_value());
  QVERIFY2(std::abs(v.value("p_unsafe").toDouble() - r->p_unsafe) < 1e-9,
           qPrintable(QStringLiteral("%1 vs %2").arg(v.value("p_unsafe").toDouble()).arg(r->p_unsafe)));
  QCOMPARE(v.value("flagged").toBool(), r->p_unsafe >= threshold);
  QCOMPARE(v.value("threshold").toDouble(), threshold);
}

// An edited message goes through the same check: blocked, the old branch stays as it was;
// warned, the new version carries its verdict.
void TestChatModeration::editIsModeratedToo() {
  const qint64 c = sendAndWait(QStringLiteral("hello there"), options(ChatModeration{}));
  const auto before = must(store_->active_path(c));
  QCOMPARE(before.size(), 2);
  QSignalSpy refused(flow_.get(), &ChatFlow::sendRefused);
  const auto block = options(settings_for(always_, ChatModeration::Side::Input, ChatModeration::Action::Block));
  QVERIFY(!flow_->editAndResend(c, before[0].id, QStringLiteral("I will hurt you"), block));
  QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 60000);
  const auto same = must(store_->active_path(c));
  QCOMPARE(same.size(), 2);
  QCOMPARE(same[0].id, before[0].id);
  QCOMPARE(same[1].id, before[1].id);

  QSignalSpy finished(flow_.get(), &ChatFlow::answerFinished);
  const auto warn = options(settings_for(always_, ChatModeration::Side::Input, ChatModeration::Action::Warn));
  QVERIFY(!flow_->editAndResend(c, before[0].id, QStringLiteral("I will hurt you"), warn));
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QTRY_VERIFY(!controller_->busy() && !flow_->moderating());
  const auto after = must(store_->active_path(c));
  QCOMPARE(after.size(), 2);
  QVERIFY(after[0].id != before[0].id);
  QCOMPARE(after[0].content, QStringLiteral("I will hurt you"));
  QVERIFY(after[0].moderation && after[0].moderation->value("flagged").toBool());
  QVERIFY(!after[1].moderation);
  QCOMPARE(refused.count(), 1);
}

// The window: a blocked text stays in the composer, the reason is shown, nothing is written;
// with Warn the shown bubbles get their badges.
void TestChatModeration::windowKeepsBlockedTextInComposer() {
  flow_.reset();   // the window has its own flow on the same controller
  QTemporaryDir d;
  QVERIFY(d.isValid());
  MainWindow window(*store_, *controller_, d.path());
  window.resize(900, 600);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.newConversation();
  const qint64 c = window.currentConversation();
  QVERIFY(c != 0);
  ConversationSampling s;
  s.sampling.temperature = 0;
  s.sampling.max_tokens = 6;
  window.settings().set_sampling(c, s);
  window.settings().set_moderation(c, settings_for(always_, ChatModeration::Side::Input, ChatModeration::Action::Block));

  QSignalSpy refused(window.flow(), &ChatFlow::sendRefused);
  Composer* composer = window.findChild<Composer*>();
  QVERIFY(composer);
  const QString text = QStringLiteral("I will hurt you");
  composer->setText(text);
  QTest::keyClick(composer->editor(), Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 60000);
  QTRY_COMPARE(composer->text(), text);
  QMessageBox* box = nullptr;
  QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("errorBox"))) != nullptr);
  QVERIFY2(box->text().contains(QStringLiteral("\"unsafe\"")), qPrintable(box->text()));
  box->close();
  QVERIFY(must(store_->active_path(c)).isEmpty());

  // Warn: sent; the user's bubble shows the flag once the answer started (the view reloads).
  window.settings().set_moderation(c, settings_for(always_, ChatModeration::Side::Both, ChatModeration::Action::Warn));
  QSignalSpy finished(window.flow(), &ChatFlow::answerFinished);
  QSignalSpy stored(window.flow(), &ChatFlow::moderationStored);
  QTest::keyClick(composer->editor(), Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
  QTRY_COMPARE_WITH_TIMEOUT(stored.count(), 2, 60000);
  QTRY_VERIFY(composer->text().isEmpty());
  ChatView* view = window.findChild<ChatView*>();
  QVERIFY(view);
  const auto path = must(store_->active_path(c));
  QCOMPARE(path.size(), 2);
  for (const Message& m : path) {
    MessageBubble* b = view->bubble(m.id);
    QVERIFY(b);
    QTRY_COMPARE(b->badgeText(), QStringLiteral("Flagged: unsafe"));
  }
  QTRY_VERIFY(!controller_->busy());
  window.close();
}

QTEST_MAIN(TestChatModeration)
#include "test_chat_moderation.moc"
