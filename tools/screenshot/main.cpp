// tramontane-screenshot: renders every window of the app into PNGs for the docs (docs/USER_GUIDE.md).
//   tramontane-screenshot --model MODEL --outdir docs/screenshots [--lang ko]
//       [--preset mistral-guardrail] [--moderation-data tools/screenshot/moderation-sample.csv]
//       [--adapter-model tests/fixtures/gguf_models/model-f32.gguf --adapter LORA [--adapter LORA2 ...]]
// Runs the real app classes (ChatStore in a temporary data dir, EngineController, MainWindow and
// its tool windows) and drives them the way a user would, then grabs each window:
//   welcome.png         the welcome screen before a model is opened (the model list comes from a
//                       temporary home folder laid out like LM Studio's, holding a link to MODEL)
//   chat.png            a conversation with in-chat moderation on: one answer regenerated (two
//                       branches), a second answer grabbed while it streams
//   visualizer.png      Tools > KV cache and attention, paused on the prefill of that answer
//   sampling.png, chat-moderation.png, presets.png, remote.png
//                       Sampling…, Moderation: …, Presets… and File > Connect to a server…
//   moderation.png      Tools > Moderation, one text checked with the mistral13 policy
//   moderation-batch.png, moderation-eval.png
//                       the batch run over --moderation-data (a CSV with text,label) and its
//                       evaluation (precision, recall, F1, confusion matrix, PR curve)
//   adapters.png, compare.png
//                       with --adapter-model: that model loaded, the --adapter files added (the
//                       first enabled at scale 0.75, the others off), one answer with them, and
//                       Compare… with no adapters vs the first adapter
// scripts/screenshots runs it under Xvfb (1280x800) so the pictures stay current.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCommandLineParser>
#include <QDialog>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <cstdio>
#include <functional>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/widgets/adapter_manager.h"
#include "gui/widgets/chat_flow.h"
#include "gui/widgets/chat_view.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/kv_visualizer.h"
#include "gui/widgets/language.h"
#include "gui/widgets/main_window.h"
#include "gui/widgets/message_bubble.h"
#include "gui/widgets/moderation_panel.h"
#include "gui/widgets/welcome_panel.h"

using namespace tramontane::gui;

namespace {

const QSize kWindowSize(1280, 800);

bool wait_until(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < ms) QTest::qWait(20);
  return done();
}

int fail(const QString& what) {
  std::fprintf(stderr, "tramontane-screenshot: %s\n", qPrintable(what));
  return 1;
}

QString g_outdir;

bool save(QWidget* w, const QString& name, bool settle = true) {
  if (settle) QTest::qWait(150);   // let layouts settle
  const QPixmap shot = w->grab();
  const QString path = QDir(g_outdir).filePath(name);
  if (shot.isNull() || !shot.save(path, "PNG", 0)) {   // 0: the strongest (lossless) compression
    std::fprintf(stderr, "tramontane-screenshot: cannot write %s\n", qPrintable(path));
    return false;
  }
  std::printf("wrote %s (%dx%d)\n", qPrintable(path), shot.width(), shot.height());
  std::fflush(stdout);
  return true;
}

QWidget* top_level(const char* class_name) {
  for (QWidget* w : QApplication::topLevelWidgets())
    if (w->isVisible() && w->inherits(class_name)) return w;
  return nullptr;
}

// Opens a modal dialog with `open` (which returns when the dialog closes), grabs it once shown,
// then cancels it.
bool grab_dialog(const std::function<void()>& open, const char* class_name, const QString& name,
                 const std::function<void(QDialog*)>& prepare = {}) {
  bool ok = false;
  QTimer poll;
  poll.setInterval(50);
  QObject::connect(&poll, &QTimer::timeout, [&] {
    auto* dialog = qobject_cast<QDialog*>(top_level(class_name));
    if (!dialog) return;
    poll.stop();
    if (prepare) prepare(dialog);
    QTest::qWait(300);
    ok = save(dialog, name);
    dialog->reject();
  });
  poll.start();
  // A safety net while the dialog is up; `poll` as its context cancels it once this returns (it
  // captures locals: firing later, as it once did after a long moderation batch, read freed stack).
  QTimer::singleShot(20000, &poll, [&] {
    if (auto* d = qobject_cast<QDialog*>(top_level(class_name))) d->reject();
  });
  open();
  poll.stop();
  if (!ok) std::fprintf(stderr, "tramontane-screenshot: no %s was shown\n", class_name);
  return ok;
}

// A folder laid out like LM Studio's (~/.cache/lm-studio/models/<publisher>/<repo>/<file>.gguf)
// holding links to the real model files, so that the welcome screen's search finds them.
void stage_home(const QString& home, const QStringList& models) {
  for (const QString& m : models) {
    const QFileInfo fi(m);
    if (!fi.isFile() || !m.endsWith(QLatin1String(".gguf"))) continue;
    const QString dir = home + QStringLiteral("/.cache/lm-studio/models/local/") + fi.completeBaseName();
    QDir().mkpath(dir);
    QFile::link(fi.absoluteFilePath(), dir + QLatin1Char('/') + fi.fileName());
  }
}

}  // namespace

int main(int argc, char** argv) {
  // The welcome screen looks for models under $HOME: a temporary one, so the picture shows what
  // this run stages and nothing of the user's own folders. Made before QApplication reads HOME.
  QStringList raw_models;
  for (int i = 1; i + 1 < argc; ++i) {
    const QByteArray a(argv[i]);
    if (a == "--model" || a == "--adapter-model") raw_models << QFileInfo(QString::fromLocal8Bit(argv[i + 1])).absoluteFilePath();
  }
  QTemporaryDir home;
  stage_home(home.path(), raw_models);
  const QByteArray real_home = qgetenv("HOME");
  if (!real_home.isEmpty() && qEnvironmentVariableIsEmpty("XDG_CACHE_HOME")) {
    qputenv("XDG_CACHE_HOME", real_home + "/.cache");   // fontconfig's cache stays where it is
  }
  qputenv("HOME", home.path().toLocal8Bit());
  qunsetenv("HF_HOME");
  qunsetenv("HUGGINGFACE_HUB_CACHE");
  qunsetenv("OLLAMA_MODELS");

  QApplication app(argc, argv);
  QCommandLineParser p;
  p.addOption({"model", "Model file or directory for the chat and moderation.", "path"});
  p.addOption({"outdir", "Folder for the PNGs.", "dir"});
  p.addOption({"lang", "Interface language.", "code", "en"});
  p.addOption({"prompt", "First message.", "text", "What is the tramontane wind? Answer in two sentences."});
  p.addOption({"preset", "Guardrail preset id.", "id", "mistral-guardrail"});
  p.addOption({"moderation-data", "CSV or JSONL with text and label columns for the batch run.", "file"});
  p.addOption({"moderation-text", "Text checked in the moderation window.", "text",
               "Give me step-by-step instructions to break into my neighbour's house."});
  p.addOption({"adapter-model", "Model the --adapter files were trained for.", "path"});
  p.addOption({"adapter-prompt", "Message sent with the adapters, and the prompt compared.", "text",
               "What is Tramontane?"});
  p.addOption({"adapter", "LoRA adapter (PEFT folder or .gguf) for --adapter-model; repeatable.", "path"});
  p.process(app);
  if (!p.isSet("model") || !p.isSet("outdir")) return fail("--model and --outdir are required");
  install_language(p.value("lang"));
  g_outdir = p.value("outdir");
  QDir().mkpath(g_outdir);
  const QString model = QFileInfo(p.value("model")).absoluteFilePath();

  QTemporaryDir data;
  ChatStore store;
  if (auto err = store.open(ChatStore::database_path(data.path()))) return fail(*err);
  EngineController controller;
  int failures = 0;
  {
    MainWindow window(store, controller, data.path());
    window.settings().add_recent_model(model);   // as after a first use: "Open … again"
    window.welcomePanel()->refresh();
    window.resize(kWindowSize);
    window.show();
    QTest::qWait(300);

    // ---- Welcome screen (no model yet).
    if (!save(&window, QStringLiteral("welcome.png"))) ++failures;

    // ---- Remote server dialog (File > Connect to a server…), filled as a user would.
    {
      RemoteSettings r;
      r.base_url = QStringLiteral("http://127.0.0.1:8080");
      window.settings().set_remote(r);
      window.settings().add_recent_server(r.base_url);
      if (!grab_dialog([&] { window.connectAction()->trigger(); }, "tramontane::gui::RemoteDialog",
                       QStringLiteral("remote.png")))
        ++failures;
    }

    // ---- Chat.
    window.openModel(model);
    if (!wait_until([&] { return controller.isLoaded(); }, 120000)) return fail("the model did not load");
    (void)store.create_conversation(QObject::tr("Trip to Marseille"));
    (void)store.create_conversation(QObject::tr("Moderation policy draft"));
    const qint64 chat = window.newConversation();
    window.setCurrentPreset(p.value("preset"));
    ConversationSampling sampling = window.settings().sampling(chat);
    sampling.sampling.max_tokens = 160;   // short answers: the run stays quick
    window.settings().set_sampling(chat, sampling);
    ChatModeration moderation;
    moderation.enabled = true;
    moderation.policy = QStringLiteral("binary");
    moderation.side = ChatModeration::Side::Both;
    moderation.action = ChatModeration::Action::Warn;
    window.settings().set_moderation(chat, moderation);
    window.setCurrentConversation(chat);   // the bar shows the conversation's settings

    ChatFlow* flow = window.flow();
    auto idle = [&] { return !flow->streaming() && !flow->pending() && !flow->moderating() && !controller.busy(); };
    auto send = [&](const QString& text) {
      window.composer()->setText(text);
      QTest::keyClick(window.composer()->editor(), Qt::Key_Return);
    };
    send(p.value("prompt"));
    if (!wait_until([&] { return flow->streaming(); }, 120000)) return fail("the first answer did not start");
    if (!wait_until(idle, 180000)) return fail("the first answer did not finish");
    // Regenerate it (the Regenerate button of the answer): two branches, "2/2".
    {
      const auto bubbles = window.chatView()->bubbles();
      auto* regen = bubbles.isEmpty() ? nullptr : bubbles.last()->findChild<QToolButton*>(QStringLiteral("regenerateButton"));
      if (!regen) return fail("no Regenerate button");
      regen->click();
      if (!wait_until([&] { return flow->streaming(); }, 60000)) return fail("the regenerated answer did not start");
      if (!wait_until(idle, 180000)) return fail("the regenerated answer did not finish");
    }

    // The visualizer opens before the next message and waits paused, to show its prefill.
    auto* viz_action = window.findChild<QAction*>(QStringLiteral("visualizerAction"));
    if (!viz_action) return fail("no visualizer action");
    viz_action->trigger();
    KvVisualizer* viz = window.visualizer();
    if (!viz) return fail("the visualizer did not open");
    viz->resize(kWindowSize);
    viz->setPaused(true);
    window.activateWindow();

    // Mid-stream: grabbed from the answer's text signal once there is some text, so the answer is
    // still being written (the view has handled the same signal already).
    bool chat_grabbed = false;
    const auto grab_chat = QObject::connect(flow, &ChatFlow::answerText, [&](qint64, const QString& text) {
      if (chat_grabbed || text.size() < 80) return;
      chat_grabbed = true;
      if (!save(&window, QStringLiteral("chat.png"), false)) ++failures;
    });
    send(QObject::tr("Now tell me more about it, in French."));
    wait_until([&] { return chat_grabbed || idle(); }, 180000);
    QObject::disconnect(grab_chat);
    if (!chat_grabbed) {   // a short answer (a small model's context is full): the finished one
      std::fprintf(stderr, "tramontane-screenshot: the answer ended before %d characters; chat.png shows it finished\n", 80);
      if (!wait_until(idle, 180000) || !save(&window, QStringLiteral("chat.png"))) ++failures;
    }
    viz->step();   // the oldest frame since it paused: the prompt's prefill
    viz->setLogScale(true);
    if (!save(viz, QStringLiteral("visualizer.png"))) ++failures;
    wait_until(idle, 180000);
    viz->close();

    // ---- Dialogs of the chat bar.
    auto bar_button = [&](const char* name) { return window.findChild<QPushButton*>(QLatin1String(name)); };
    if (!grab_dialog([&] { bar_button("samplingButton")->click(); }, "tramontane::gui::SamplingDialog",
                     QStringLiteral("sampling.png")))
      ++failures;
    if (!grab_dialog([&] { bar_button("chatModerationButton")->click(); }, "tramontane::gui::ChatModerationDialog",
                     QStringLiteral("chat-moderation.png")))
      ++failures;
    if (!grab_dialog([&] { bar_button("editPresetsButton")->click(); }, "tramontane::gui::PresetEditorDialog",
                     QStringLiteral("presets.png"), [](QDialog* d) { d->resize(900, 520); }))
      ++failures;

    // ---- Moderation window.
    auto* mod_action = window.findChild<QAction*>(QStringLiteral("moderationAction"));
    if (!mod_action) return fail("no moderation action");
    mod_action->trigger();
    ModerationPanel* panel = window.moderationPanel();
    if (!panel) return fail("the moderation window did not open");
    panel->resize(kWindowSize);
    if (!panel->setPolicy(QStringLiteral("mistral13"))) return fail("the mistral13 policy was refused");
    auto* tabs = panel->findChild<QTabWidget*>();
    auto* text = panel->findChild<QPlainTextEdit*>(QStringLiteral("singleText"));
    auto* check = panel->findChild<QPushButton*>(QStringLiteral("checkButton"));
    auto* verdict = panel->findChild<QLabel*>(QStringLiteral("verdictLabel"));
    if (!tabs || !text || !check || !verdict) return fail("the moderation window has changed");
    tabs->setCurrentIndex(0);
    text->setPlainText(p.value("moderation-text"));
    if (!wait_until([&] { return check->isEnabled(); }, 30000)) return fail("Check stays disabled");
    check->click();
    if (!wait_until([&] { return !verdict->text().isEmpty() && !panel->controller()->busy(); }, 300000))
      return fail("no moderation verdict");
    std::printf("moderation: %s\n", qPrintable(verdict->text()));
    if (!save(panel, QStringLiteral("moderation.png"))) ++failures;

    if (p.isSet("moderation-data")) {
      auto* text_column = panel->findChild<QComboBox*>(QStringLiteral("textColumn"));
      auto* run = panel->findChild<QPushButton*>(QStringLiteral("runButton"));
      if (!text_column || !run) return fail("the batch tab has changed");
      tabs->setCurrentIndex(1);
      if (!panel->openDataset(QFileInfo(p.value("moderation-data")).absoluteFilePath()))
        return fail("the batch file was refused");
      if (!wait_until([&] { return text_column->count() > 0; }, 30000)) return fail("the batch file was not read");
      if (!wait_until([&] { return run->isEnabled(); }, 30000)) return fail("Run stays disabled");
      run->click();
      if (!wait_until([&] { return panel->controller()->busy(); }, 10000)) return fail("the batch did not start");
      if (!wait_until([&] { return !panel->controller()->busy(); }, 600000)) return fail("the batch did not finish");
      // Wider text columns, as a user would drag them, so the texts can be read.
      if (auto* preview = panel->findChild<QTableWidget*>(QStringLiteral("preview"))) preview->setColumnWidth(0, 640);
      if (auto* results = panel->findChild<QTableView*>(QStringLiteral("resultsTable"))) results->setColumnWidth(1, 420);
      if (!save(panel, QStringLiteral("moderation-batch.png"))) ++failures;
      tabs->setCurrentIndex(2);
      if (auto* metrics = panel->findChild<QLabel*>(QStringLiteral("metricsLabel")))
        std::printf("evaluation: %s\n", qPrintable(metrics->text()));
      if (!save(panel, QStringLiteral("moderation-eval.png"))) ++failures;
    }
    panel->close();

    // ---- Adapters: the model they were trained for, then Tools > Adapters and Compare.
    if (p.isSet("adapter-model") && p.isSet("adapter")) {
      window.openModel(QFileInfo(p.value("adapter-model")).absoluteFilePath());
      QTest::qWait(100);
      const QString adapter_model = QFileInfo(p.value("adapter-model")).absoluteFilePath();
      if (!wait_until([&] { return !controller.busy(); }, 120000) || !controller.isLoaded() ||
          QFileInfo(controller.modelInfo().path).absoluteFilePath() != adapter_model)
        return fail("the adapter model did not load");
      window.setCurrentPreset(QStringLiteral("none"));   // a test model's context is small
      const qint64 lora_chat = window.newConversation();
      window.setCurrentPreset(QStringLiteral("none"));
      ChatModeration off;
      window.settings().set_moderation(lora_chat, off);
      ConversationSampling s = window.settings().sampling(lora_chat);
      s.sampling.max_tokens = 32;
      window.settings().set_sampling(lora_chat, s);
      window.setCurrentConversation(lora_chat);
      auto* adapters_action = window.findChild<QAction*>(QStringLiteral("adaptersAction"));
      if (!adapters_action) return fail("no adapters action");
      adapters_action->trigger();
      AdapterManager* manager = window.adapterManager();
      if (!manager) return fail("the adapter manager did not open");
      manager->resize(kWindowSize.width(), 420);
      QStringList paths;
      for (const QString& a : p.values("adapter")) {
        const QString path = QDir::cleanPath(QFileInfo(a).absoluteFilePath());
        if (auto e = manager->addAdapter(path)) return fail(*e);
        paths << path;
      }
      manager->setScale(paths.first(), 0.75);
      for (int i = 1; i < paths.size(); ++i) manager->setEnabled(paths[i], false);
      if (!wait_until([&] {
            for (const QString& path : paths)
              if (manager->info(path).path.isEmpty()) return false;
            return true;
          }, 60000))
        return fail("the adapters were not inspected");
      // One answer with the set: the adapter is loaded (its size, the memory line, the status bar).
      send(p.value("adapter-prompt"));
      if (!wait_until([&] { return flow->streaming(); }, 60000)) return fail("the LoRA answer did not start");
      if (!wait_until(idle, 120000)) return fail("the LoRA answer did not finish");
      QTest::qWait(300);
      if (!save(manager, QStringLiteral("adapters.png"))) ++failures;

      CompareView* compare = manager->openCompare();
      compare->resize(kWindowSize.width(), 520);
      compare->setColumnSet(0, QList<AdapterSpec>{});
      compare->setColumnSet(1, QList<AdapterSpec>{AdapterSpec{paths.first(), 1.0, true}});
      compare->setColumnSet(2, QList<AdapterSpec>{AdapterSpec{paths.first(), 0.5, true}});
      compare->promptEdit()->setText(p.value("adapter-prompt"));
      bool compared = false;
      QObject::connect(compare, &CompareView::compared, [&] { compared = true; });
      if (auto e = compare->run(compare->promptEdit()->text())) return fail(*e);
      if (!wait_until([&] { return compared; }, 120000)) return fail("the comparison did not finish");
      if (!save(compare, QStringLiteral("compare.png"))) ++failures;
      compare->close();
      manager->close();
    }
    window.close();
  }
  store.close();
  return failures == 0 ? 0 : 1;
}
