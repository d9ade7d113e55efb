#include "gui/widgets/preset_editor_dialog.h"

#include <QDialogButtonBox>
#include <algorithm>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include "gui/core/preset_store.h"

namespace tramontane::gui {

PresetEditorDialog::PresetEditorDialog(PresetStore& presets, const QString& select_id, QWidget* parent)
    : QDialog(parent), presets_(presets) {
  setWindowTitle(tr("Guardrail presets"));
  resize(760, 480);
  view_ = new QListWidget(this);
  view_->setObjectName(QStringLiteral("presetList"));
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("presetName"));
  text_ = new QPlainTextEdit(this);
  text_->setObjectName(QStringLiteral("presetText"));
  text_->setPlaceholderText(tr("The system prompt given to the model (empty: none)"));
  save_ = new QPushButton(tr("Save"), this);
  new_ = new QPushButton(tr("New"), this);
  duplicate_ = new QPushButton(tr("Duplicate"), this);
  delete_ = new QPushButton(tr("Delete"), this);
  import_ = new QPushButton(tr("Import…"), this);
  export_ = new QPushButton(tr("Export…"), this);
  connect(view_, &QListWidget::currentRowChanged, this, &PresetEditorDialog::showCurrent);
  connect(save_, &QPushButton::clicked, this, &PresetEditorDialog::saveCurrent);
  connect(new_, &QPushButton::clicked, this, &PresetEditorDialog::createPreset);
  connect(duplicate_, &QPushButton::clicked, this, &PresetEditorDialog::duplicatePreset);
  connect(delete_, &QPushButton::clicked, this, &PresetEditorDialog::deletePreset);
  connect(import_, &QPushButton::clicked, this, &PresetEditorDialog::importPresets);
  connect(export_, &QPushButton::clicked, this, &PresetEditorDialog::exportPresets);

  auto* left = new QVBoxLayout;
  left->addWidget(view_, 1);
  auto* list_buttons = new QHBoxLayout;
  list_buttons->addWidget(new_);
  list_buttons->addWidget(duplicate_);
  list_buttons->addWidget(delete_);
  left->addLayout(list_buttons);
  auto* file_buttons = new QHBoxLayout;
  file_buttons->addWidget(import_);
  file_buttons->addWidget(export_);
  left->addLayout(file_buttons);
  auto* form = new QFormLayout;
  form->addRow(tr("Name"), name_);
  form->addRow(tr("System prompt"), text_);
  auto* right = new QVBoxLayout;
  right->addLayout(form, 1);
  right->addWidget(save_, 0, Qt::AlignRight);
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 2);
  columns->addLayout(right, 3);
  auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(close, &QDialogButtonBox::rejected, this, &QDialog::accept);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(columns, 1);
  layout->addWidget(close);
  reload(select_id);
}

QString PresetEditorDialog::selectedId() const {
  const int row = view_->currentRow();
  return row >= 0 && row < list_.size() ? list_[row].id : QString();
}

void PresetEditorDialog::reload(const QString& select_id) {
  auto all = presets_.presets();
  if (!all.ok()) {
    error(all.error());
    return;
  }
  list_ = *all;
  QSignalBlocker block(view_);
  view_->clear();
  int select = 0;
  for (int i = 0; i < list_.size(); ++i) {
    const Preset& p = list_[i];
    view_->addItem(p.builtin ? tr("%1 (built-in)").arg(p.name) : p.name);
    if (p.id == select_id) select = i;
  }
  view_->setCurrentRow(list_.isEmpty() ? -1 : select);
  showCurrent();
}

void PresetEditorDialog::showCurrent() {
  const int row = view_->currentRow();
  const bool valid = row >= 0 && row < list_.size();
  const bool editable = valid && !list_[row].builtin;
  name_->setText(valid ? list_[row].name : QString());
  text_->setPlainText(valid ? list_[row].text : QString());
  name_->setReadOnly(!editable);
  text_->setReadOnly(!editable);
  save_->setEnabled(editable);
  delete_->setEnabled(editable);
  duplicate_->setEnabled(valid);
  export_->setEnabled(valid);
}

void PresetEditorDialog::saveCurrent() {
  const QString id = selectedId();
  if (id.isEmpty()) return;
  if (auto e = presets_.update(id, name_->text().trimmed(), text_->toPlainText())) {
    error(*e);
    return;
  }
  reload(id);
  emit presetsChanged();
}

void PresetEditorDialog::createPreset() {
  // A unique default name: "New preset", "New preset 2", ...
  QString name = tr("New preset");
  for (int n = 2; std::any_of(list_.begin(), list_.end(),
                              [&](const Preset& p) { return p.name.compare(name, Qt::CaseInsensitive) == 0; });
       ++n) {
    name = tr("New preset %1").arg(n);
  }
  auto created = presets_.create(name, QString());
  if (!created.ok()) {
    error(created.error());
    return;
  }
  reload(created->id);
  name_->setFocus();
  name_->selectAll();
  emit presetsChanged();
}

void PresetEditorDialog::duplicatePreset() {
  auto copy = presets_.duplicate(selectedId());
  if (!copy.ok()) {
    error(copy.error());
    return;
  }
  reload(copy->id);
  emit presetsChanged();
}

void PresetEditorDialog::deletePreset() {
  const int row = view_->currentRow();
  if (row < 0 || row >= list_.size() || list_[row].builtin) return;
  const auto answer = QMessageBox::question(this, tr("Delete preset"),
                                            tr("Delete the preset “%1”?").arg(list_[row].name));
  if (answer != QMessageBox::Yes) return;
  if (auto e = presets_.remove(list_[row].id)) {
    error(*e);
    return;
  }
  reload(QString());
  emit presetsChanged();
}

void PresetEditorDialog::importPresets() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Import presets"), QString(),
                                                    tr("Preset files (*.json);;All files (*)"));
  if (file.isEmpty()) return;
  auto imported = presets_.import_json_file(file);
  if (!imported.ok()) {
    error(imported.error());
    return;
  }
  reload(imported->isEmpty() ? selectedId() : imported->first().id);
  emit presetsChanged();
}

void PresetEditorDialog::exportPresets() {
  const QString id = selectedId();
  if (id.isEmpty()) return;
  const QString file = QFileDialog::getSaveFileName(this, tr("Export preset"), QString(),
                                                    tr("Preset files (*.json)"));
  if (file.isEmpty()) return;
  auto json = presets_.export_json({id});
  if (!json.ok()) {
    error(json.error());
    return;
  }
  QSaveFile out(file);
  if (!out.open(QIODevice::WriteOnly) || out.write(*json) != json->size() || !out.commit()) {
    error(tr("Could not write %1: %2").arg(file, out.errorString()));
  }
}

bool PresetEditorDialog::error(const QString& message) {
  QMessageBox::warning(this, tr("Guardrail presets"), message);
  return false;
}

}  // namespace tramontane::gui
