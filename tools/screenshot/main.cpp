// tramontane-screenshot: renders the main window mid-conversation into a PNG for the docs.
//   tramontane-screenshot --model MODEL --out docs/screenshots/chat.png [--lang ko]
// Runs the real app classes (ChatStore in a temporary data dir, EngineController, MainWindow):
// opens the model, sends two messages through the composer with a guardrail preset (--preset),
// stops the second answer while it streams, and grabs the window. scripts/screenshots runs it
// under Xvfb so the pictures stay current.
#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/language.h"
#include "gui/widgets/main_window.h"

using namespace tramontane::gui;

namespace {

bool wait_until(const std::function<bool()>& done, int ms) {
  QElapsedTimer t;
  t.start();
  while (!done() && t.elapsed() < ms) QTest::qWait(20);
  return done();
}

int fail(const char* what) {
  std::fprintf(stderr, "tramontane-screenshot: %s\n", what);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCommandLineParser p;
  p.addOption({"model", "Model file or directory.", "path"});
  p.addOption({"out", "PNG to write.", "file"});
  p.addOption({"lang", "Interface language.", "code", "en"});
  p.addOption({"prompt", "First message.", "text", "Write a haiku about the tramontane wind."});
  p.addOption({"preset", "Guardrail preset id.", "id", "mistral-guardrail"});
  p.addOption({"visualizer", "Also grab Tools > KV cache and attention while the answer streams.", "file"});
  p.process(app);
  if (!p.isSet("model") || !p.isSet("out")) return fail("--model and --out are required");
  install_language(p.value("lang"));

  QTemporaryDir data;
  ChatStore store;
  if (auto err = store.open(ChatStore::database_path(data.path()))) return fail(qPrintable(*err));
  EngineController controller;
  {
    MainWindow window(store, controller, data.path());
    window.resize(1180, 760);
    window.show();
    window.openModel(p.value("model"));
    if (!wait_until([&] { return controller.isLoaded(); }, 60000)) return fail("the model did not load");
    store.create_conversation(QObject::tr("Trip to Marseille"));
    store.create_conversation(QObject::tr("Moderation policy draft"));
    window.newConversation();
    window.setCurrentPreset(p.value("preset"));

    auto send = [&](const QString& text) {
      window.composer()->setText(text);
      QTest::keyClick(window.composer()->editor(), Qt::Key_Return);
    };
    send(p.value("prompt"));
    if (!wait_until([&] { return !controller.busy(); }, 120000)) return fail("the first answer did not finish");
    send(QObject::tr("Now in French, please."));
    // Mid-stream: wait for some text, then grab while the answer is still being written.
    QTest::qWait(700);
    const QPixmap shot = window.grab();
    QPixmap viz;
    if (p.isSet("visualizer")) {
      auto* action = window.findChild<QAction*>(QStringLiteral("visualizerAction"));
      if (!action) return fail("no visualizer action");
      action->trigger();
      QWidget* top = nullptr;
      for (QWidget* w : QApplication::topLevelWidgets())
        if (w->isVisible() && w != &window && w->inherits("tramontane::gui::KvVisualizer")) top = w;
      if (!top) return fail("the visualizer did not open");
      top->resize(1180, 760);
      QTest::qWait(1200);  // frames arrive while the answer streams
      viz = top->grab();
    }
    controller.stop();
    wait_until([&] { return !controller.busy(); }, 30000);
    QDir().mkpath(QFileInfo(p.value("out")).absolutePath());
    if (!shot.save(p.value("out"))) return fail("cannot write the PNG");
    std::printf("wrote %s (%dx%d)\n", qPrintable(p.value("out")), shot.width(), shot.height());
    if (!viz.isNull()) {
      if (!viz.save(p.value("visualizer"))) return fail("cannot write the visualizer PNG");
      std::printf("wrote %s (%dx%d)\n", qPrintable(p.value("visualizer")), viz.width(), viz.height());
    }
  }
  store.close();
  return 0;
}
