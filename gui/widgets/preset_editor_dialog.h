#pragma once
// PresetEditorDialog: the guardrail presets. Built-in presets are shown read-only (duplicate one
// to change it); user presets can be created, edited, duplicated, deleted, and every preset
// exported to or imported from JSON files (PresetStore's exchange format).
#include <QDialog>

#include "gui/core/preset.h"

class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace tramontane::gui {

class PresetStore;

class PresetEditorDialog : public QDialog {
  Q_OBJECT
 public:
  PresetEditorDialog(PresetStore& presets, const QString& select_id, QWidget* parent = nullptr);

  // The preset selected when the dialog closed.
  QString selectedId() const;

 signals:
  void presetsChanged();

 private:
  void reload(const QString& select_id);
  void showCurrent();
  void saveCurrent();
  void createPreset();
  void duplicatePreset();
  void deletePreset();
  void importPresets();
  void exportPresets();
  bool error(const QString& message);

  PresetStore& presets_;
  QList<Preset> list_;
  QListWidget* view_ = nullptr;
  QLineEdit* name_ = nullptr;
  QPlainTextEdit* text_ = nullptr;
  QPushButton* save_ = nullptr;
  QPushButton* new_ = nullptr;
  QPushButton* duplicate_ = nullptr;
  QPushButton* delete_ = nullptr;
  QPushButton* import_ = nullptr;
  QPushButton* export_ = nullptr;
};

}  // namespace tramontane::gui
