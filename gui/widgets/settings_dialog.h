#pragma once
// SettingsDialog: the interface language (follow the system, English, Korean, Japanese,
// Simplified Chinese). The choice applies at once (live retranslation).
#include <QDialog>

class QComboBox;

namespace tramontane::gui {

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  // `language`: "" (follow the system) or a supported code.
  explicit SettingsDialog(const QString& language, QWidget* parent = nullptr);
  QString language() const;

 private:
  QComboBox* language_ = nullptr;
};

}  // namespace tramontane::gui
