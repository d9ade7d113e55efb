#pragma once
// The interface languages: English (the source strings), Korean, Japanese, Simplified Chinese.
// Translations are compiled-in resources :/i18n/tramontane_<code>.qm; a missing file is not an
// error (the English source strings are shown). Installing a language replaces the previous
// translators, which sends QEvent::LanguageChange to every widget (live retranslation).
#include <QString>
#include <QStringList>

namespace tramontane::gui {

// "en", "ko", "ja", "zh_CN".
QStringList supported_languages();
// The language's own name ("English", "한국어", ...), not translated on purpose.
QString language_native_name(const QString& code);
// The supported language closest to the system locale; "en" when none fits.
QString system_language();
// Installs the translators of `code` (empty: the system language). Returns whether the
// application's translation was found (always true for "en", which needs none).
bool install_language(const QString& code);
// The language installed last ("en" before any).
QString current_language();

}  // namespace tramontane::gui
