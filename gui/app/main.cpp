// tramontane: the desktop chat window.
//   tramontane [--data-dir DIR] [--model PATH] [--backend cpu|cuda|auto] [--lang en|ko|ja|zh_CN]
//   tramontane --version | --help   (answered without a display)
#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QMessageBox>

#include <cstdio>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/history_safety.h"
#include "gui/widgets/damaged_history_dialog.h"
#include "gui/widgets/language.h"
#include "gui/widgets/main_window.h"

using namespace tramontane::gui;

namespace {

struct Options {
  QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                             QCoreApplication::translate("main", "Print the version and exit.")};
  QCommandLineOption data_dir{
      QStringLiteral("data-dir"),
      QCoreApplication::translate("main", "Keep the history and settings in DIR instead of the user's data folder."),
      QStringLiteral("DIR")};
  QCommandLineOption model{QStringLiteral("model"),
                           QCoreApplication::translate("main", "Load the model at PATH (.gguf or a folder) at start."),
                           QStringLiteral("PATH")};
  QCommandLineOption backend{
      QStringLiteral("backend"),
      QCoreApplication::translate("main", "Run models on BACKEND: cpu, cuda or auto (the GPU when there is one)."),
      // The CPU until the CUDA backend has been verified on a GPU (docs/PERFORMANCE.md): cuda and
      // auto are opt-in.
      QStringLiteral("BACKEND"), QStringLiteral("cpu")};
  QCommandLineOption lang{QStringLiteral("lang"),
                          QCoreApplication::translate("main", "Interface language: en, ko, ja or zh_CN."),
                          QStringLiteral("LANG")};
};

void set_names() {
  QCoreApplication::setOrganizationName(QStringLiteral("Tramontane"));
  QCoreApplication::setApplicationName(QStringLiteral("Tramontane"));
  QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
}

void add_options(QCommandLineParser& parser, const Options& o) {
  parser.setApplicationDescription(QCoreApplication::translate("main", "Local chat with Mistral-family models"));
  parser.addHelpOption();
  parser.addOptions({o.version, o.data_dir, o.model, o.backend, o.lang});
}

// --help and --version need no display: they are answered before QApplication is made.
bool wants_info(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const QByteArray a(argv[i]);
    if (a == "--") break;
    if (a == "-h" || a == "--help" || a == "-?" || a == "--help-all" || a == "-v" || a == "--version") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (wants_info(argc, argv)) {
    QCoreApplication app(argc, argv);
    set_names();
    QCommandLineParser parser;
    Options o;
    add_options(parser, o);
    parser.process(app);   // --help prints and exits; a bad option prints the error and exits
    std::fputs("tramontane 0.1.0\n", stdout);
    return 0;
  }

  QApplication app(argc, argv);
  set_names();
  QGuiApplication::setDesktopFileName(QStringLiteral("tramontane"));

  QCommandLineParser parser;
  Options o;
  add_options(parser, o);
  parser.process(app);
  const QCommandLineOption& data_dir_option = o.data_dir;
  const QCommandLineOption& model_option = o.model;
  const QCommandLineOption& lang_option = o.lang;
  const QString backend_name = parser.value(o.backend).toLower();
  EngineWorker::Backend backend = EngineWorker::Backend::Cpu;
  if (backend_name == QLatin1String("auto")) {
    backend = EngineWorker::Backend::Auto;
  } else if (backend_name == QLatin1String("cpu")) {
    backend = EngineWorker::Backend::Cpu;
  } else if (backend_name == QLatin1String("cuda")) {
    backend = EngineWorker::Backend::Cuda;
  } else {
    std::fprintf(stderr, "%s\n",
                 qPrintable(QCoreApplication::translate("main", "Unknown backend '%1' (expected cpu, cuda or auto).")
                                .arg(backend_name)));
    return 2;
  }

  const QString data_dir = parser.isSet(data_dir_option) ? QDir(parser.value(data_dir_option)).absolutePath()
                                                        : QString();
  AppSettings settings(data_dir);
  const QString language = parser.isSet(lang_option) ? parser.value(lang_option) : settings.language();
  install_language(language);   // a missing translation falls back to English

  ChatStore store;
  const QString history_path = ChatStore::database_path(data_dir);
  if (auto error = store.open(history_path)) {
    // A damaged file (not a database, malformed): offer to keep it aside and start fresh.
    if (HistorySafety::classify_open_failure(history_path) != HistorySafety::OpenFailure::Damaged) {
      QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tramontane"), *error);
      return 1;
    }
    if (DamagedHistoryDialog::ask(history_path, *error) == DamagedHistoryDialog::Choice::Quit) return 1;
    auto kept = HistorySafety::set_aside(history_path, QDateTime::currentDateTime());
    std::optional<QString> retry = kept ? store.open(history_path) : std::optional<QString>(kept.error());
    if (retry) {
      QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Tramontane"), *retry);
      return 1;
    }
    qInfo("%s", qPrintable(QCoreApplication::translate("main", "The damaged history was kept as %1").arg(*kept)));
  }
  (void)store.recover_interrupted();   // answers cut off by a crash are marked interrupted
  // A daily copy in <data dir>/backups (the last 7 kept); a failure is only a warning.
  if (auto backup = HistorySafety::backup_if_due(store, QDateTime::currentDateTime()); !backup) {
    qWarning("%s", qPrintable(backup.error()));
  }

  int rc = 0;
  {
    EngineController controller;
    MainWindow window(store, controller, data_dir);
    window.setBackend(backend);
    window.show();
    if (parser.isSet(model_option)) window.openModel(QDir(parser.value(model_option)).absolutePath());
    rc = app.exec();
  }   // the window, then the engine thread (stopped and joined), go before the store closes
  if (auto error = store.close()) qWarning("%s", qPrintable(*error));
  return rc;
}
