#include "gui/widgets/language.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace tramontane::gui {

namespace {

struct Installed {
  std::unique_ptr<QTranslator> app;
  std::unique_ptr<QTranslator> qt;
  QString code = QStringLiteral("en");
};

Installed& installed() {
  static Installed state;
  return state;
}

}  // namespace

QStringList supported_languages() {
  return {QStringLiteral("en"), QStringLiteral("ko"), QStringLiteral("ja"), QStringLiteral("zh_CN")};
}

QString language_native_name(const QString& code) {
  if (code == QLatin1String("ko")) return QStringLiteral("한국어");
  if (code == QLatin1String("ja")) return QStringLiteral("日本語");
  if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
  return QStringLiteral("English");
}

QString system_language() {
  const QLocale locale = QLocale::system();
  switch (locale.language()) {
    case QLocale::Korean: return QStringLiteral("ko");
    case QLocale::Japanese: return QStringLiteral("ja");
    case QLocale::Chinese: return QStringLiteral("zh_CN");
    default: return QStringLiteral("en");
  }
}

bool install_language(const QString& requested) {
  const QString code = supported_languages().contains(requested) ? requested : system_language();
  Installed& state = installed();
  if (state.app) QCoreApplication::removeTranslator(state.app.get());
  if (state.qt) QCoreApplication::removeTranslator(state.qt.get());
  state.app.reset();
  state.qt.reset();
  state.code = code;
  if (code == QLatin1String("en")) {
    // Removing the translators already sent LanguageChange; make sure one is sent when there
    // was nothing to remove either, so a caller can rely on it.
    QEvent event(QEvent::LanguageChange);
    QCoreApplication::sendEvent(QCoreApplication::instance(), &event);
    return true;
  }
  auto qt = std::make_unique<QTranslator>();
  if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
    QCoreApplication::installTranslator(qt.get());
    state.qt = std::move(qt);
  }
  auto app = std::make_unique<QTranslator>();
  const QString file = QStringLiteral(":/i18n/tramontane_%1.qm").arg(code);
  if (!QFile::exists(file) || !app->load(file)) return false;
  QCoreApplication::installTranslator(app.get());
  state.app = std::move(app);
  return true;
}

QString current_language() { return installed().code; }

}  // namespace tramontane::gui
