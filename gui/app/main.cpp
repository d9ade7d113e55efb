// tramontane: the desktop chat window.
//   tramontane [--data-dir DIR] [--model PATH] [--lang en|ko|ja|zh_CN]
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/widgets/language.h"
#include "gui/widgets/main_window.h"

using namespace tramontane::gui;

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCoreApplication::setOrganizationName(QStringLiteral("Tramontane"));
  QCoreApplication::setApplicationName(QStringLiteral("Tramontane"));
  QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  QGuiApplication::setDesktopFileName(QStringLiteral("tramontane"));

  QCommandLineParser parser;
  parser.setApplicationDescription(QCoreApplication::translate("main", "Local chat with Mistral-family models"));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption data_dir_option(
      QStringLiteral("data-dir"),
      QCoreApplication::translate("main", "Keep the history and settings in DIR instead of the user's data folder."),
      QStringLiteral("DIR"));
  const QCommandLineOption model_option(
      QStringLiteral("model"), QCoreApplication::translate("main", "Load the model at PATH (.gguf or a folder) at start."),
      QStringLiteral("PATH"));
  const QCommandLineOption lang_option(
      QStringLiteral("lang"), QCoreApplication::translate("main", "Interface language: en, ko, ja or zh_CN."),
      QStringLiteral("LANG"));
  parser.addOptions({data_dir_option, model_option, lang_option});
  parser.process(app);

  const QString data_dir = parser.isSet(data_dir_option) ? QDir(parser.value(data_dir_option)).absolutePath()
                                                        : QString();
  AppSettings settings(data_dir);
  const QString language = parser.isSet(lang_option) ? parser.value(lang_option) : settings.language();
  install_language(language);   // a missing translation falls back to English

  ChatStore store;
  if (auto error = store.open(ChatStore::database_path(data_dir))) {
    QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tramontane"), *error);
    return 1;
  }
  (void)store.recover_interrupted();   // answers cut off by a crash are marked interrupted

  int rc = 0;
  {
    EngineController controller;
    MainWindow window(store, controller, data_dir);
    window.show();
    if (parser.isSet(model_option)) window.openModel(QDir(parser.value(model_option)).absolutePath());
    rc = app.exec();
  }   // the window, then the engine thread (stopped and joined), go before the store closes
  if (auto error = store.close()) qWarning("%s", qPrintable(*error));
  return rc;
}
