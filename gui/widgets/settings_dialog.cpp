#include "gui/widgets/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QVBoxLayout>

#include "gui/widgets/language.h"

namespace tramontane::gui {

SettingsDialog::SettingsDialog(const QString& language, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  language_ = new QComboBox(this);
  language_->setObjectName(QStringLiteral("languageCombo"));
  language_->addItem(tr("System language (%1)").arg(language_native_name(system_language())), QString());
  for (const QString& code : supported_languages()) language_->addItem(language_native_name(code), code);
  language_->setCurrentIndex(qMax(0, language_->findData(language)));
  auto* form = new QFormLayout;
  form->addRow(tr("Language"), language_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
}

QString SettingsDialog::language() const { return language_->currentData().toString(); }

}  // namespace tramontane::gui
