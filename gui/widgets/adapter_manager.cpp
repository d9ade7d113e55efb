#include "gui/widgets/adapter_manager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "gui/core/engine_controller.h"
#include "gui/core/remote_api.h"
#include "gui/core/remote_backend.h"
#include "gui/widgets/app_settings.h"

namespace tramontane::gui {

namespace {

QString scale_text(double scale) { return QString::number(scale, 'f', 2); }

}  // namespace

AdapterManager::AdapterManager(EngineController& controller, AppSettings& settings, QWidget* parent)
    : QWidget(parent, Qt::Window), controller_(controller), settings_(settings) {
  setObjectName(QStringLiteral("adapterManager"));
  intro_ = new QLabel(this);
  intro_->setWordWrap(true);
  table_ = new QTableWidget(0, ColCount, this);
  table_->setObjectName(QStringLiteral("adapterTable"));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setStretchLastSection(true);
  add_folder_ = new QPushButton(this);
  add_file_ = new QPushButton(this);
  remove_ = new QPushButton(this);
  memory_ = new QLabel(this);
  memory_->setObjectName(QStringLiteral("adapterMemory"));
  compare_button_ = new QPushButton(this);

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(add_folder_);
  buttons->addWidget(add_file_);
  buttons->addWidget(remove_);
  buttons->addWidget(compare_button_);
  buttons->addStretch(1);
  buttons->addWidget(memory_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro_);
  layout->addWidget(table_, 1);
  layout->addLayout(buttons);

  connect(add_folder_, &QPushButton::clicked, this, &AdapterManager::addFolder);
  connect(add_file_, &QPushButton::clicked, this, &AdapterManager::addFile);
  connect(remove_, &QPushButton::clicked, this, &AdapterManager::removeSelected);
  connect(compare_button_, &QPushButton::clicked, this, [this] { openCompare(); });
  connect(&controller_, &EngineController::adapterInfo, this, &AdapterManager::onInfo);
  connect(&controller_, &EngineController::adapterCacheChanged, this,
          [this](qint64, int) { memory_->setText(memoryText()); });
  // A new model: every adapter's fit (and its loaded copy) changes.
  connect(&controller_, &EngineController::modelLoaded, this, [this](const ModelInfo&) {
    addServerAdapters();
    inspectAll();
    retranslateUi();
  });
  connect(&controller_, &EngineController::modelUnloaded, this, [this] {
    inspectAll();
    retranslateUi();
  });

  resize(900, 320);
  addServerAdapters();
  rebuild();
  inspectAll();
  retranslateUi();
}

CompareView* AdapterManager::openCompare() {
  if (!compare_) {
    compare_ = new CompareView(controller_, settings_, this);
    compare_->setConversation(conversation_id_);
  }
  compare_->refreshChoices();
  compare_->show();
  compare_->raise();
  return compare_;
}

void AdapterManager::setConversation(qint64 conversation_id) {
  conversation_id_ = conversation_id;
  if (compare_) compare_->setConversation(conversation_id);
  rebuild();
  retranslateUi();
}

AdapterSpec AdapterManager::specFor(const QString& path) const {
  if (conversation_id_) {
    for (const AdapterSpec& s : settings_.adapters(conversation_id_))
      if (s.path == path) return s;
  }
  return AdapterSpec{path, 1.0, false};
}

QList<AdapterSpec> AdapterManager::currentSet() const {
  return conversation_id_ ? settings_.adapters(conversation_id_) : QList<AdapterSpec>{};
}

QStringList AdapterManager::adapters() const { return settings_.adapter_library(); }

void AdapterManager::store(const AdapterSpec& spec) {
  if (!conversation_id_) return;
  QList<AdapterSpec> set = settings_.adapters(conversation_id_);
  auto it = std::find_if(set.begin(), set.end(), [&](const AdapterSpec& s) { return s.path == spec.path; });
  if (it != set.end()) {
    *it = spec;
  } else {
    set.append(spec);
  }
  settings_.set_adapters(conversation_id_, set);
  const int row = rowOf(spec.path);
  if (row >= 0) fillRow(row);
  emit adapterSetChanged(conversation_id_, settings_.adapters(conversation_id_));
}

std::optional<QString> AdapterManager::addAdapter(const QString& path_in) {
  QString path = QDir::cleanPath(QFileInfo(path_in).absoluteFilePath());
  const QFileInfo fi(path);
  const bool peft = fi.isDir() && QFileInfo::exists(QDir(path).filePath(QStringLiteral("adapter_config.json")));
  const bool gguf = fi.isFile() && path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive);
  if (!peft && !gguf) {
    return tr("%1 is not a LoRA adapter: choose a folder with adapter_config.json or a .gguf LoRA file.")
        .arg(QDir::toNativeSeparators(path));
  }
  const bool is_new = !settings_.adapter_library().contains(path);
  settings_.add_adapter(path);
  if (is_new) {
    rebuild();
    if (compare_) compare_->refreshChoices();
    controller_.inspectAdapter(path);
  }
  if (conversation_id_) store(AdapterSpec{path, specFor(path).scale, true});
  return std::nullopt;
}

void AdapterManager::removeAdapter(const QString& path) {
  settings_.remove_adapter(path);
  infos_.remove(path);
  controller_.forgetAdapter(path);
  rebuild();
  if (compare_) compare_->refreshChoices();
  if (conversation_id_) emit adapterSetChanged(conversation_id_, settings_.adapters(conversation_id_));
}

void AdapterManager::setEnabled(const QString& path, bool enabled) {
  AdapterSpec s = specFor(path);
  s.enabled = enabled;
  store(s);
}

void AdapterManager::setScale(const QString& path, double scale) {
  AdapterSpec s = specFor(path);
  s.scale = std::isfinite(scale) ? std::clamp(scale, 0.0, 2.0) : 1.0;
  store(s);
}

int AdapterManager::rowOf(const QString& path) const {
  for (int r = 0; r < table_->rowCount(); ++r) {
    const QTableWidgetItem* item = table_->item(r, ColName);
    if (item && item->data(Qt::UserRole).toString() == path) return r;
  }
  return -1;
}

void AdapterManager::rebuild() {
  const QStringList paths = settings_.adapter_library();
  table_->setRowCount(0);
  table_->setRowCount(int(paths.size()));
  for (int r = 0; r < paths.size(); ++r) {
    const QString path = paths.at(r);
    for (int c = ColName; c < ColScale; ++c) table_->setItem(r, c, new QTableWidgetItem);
    table_->item(r, ColName)->setData(Qt::UserRole, path);

    auto* box = new QCheckBox(table_);
    box->setObjectName(QStringLiteral("adapterEnabled"));
    connect(box, &QCheckBox::toggled, this, [this, path](bool on) {
      if (!filling_) setEnabled(path, on);
    });
    table_->setCellWidget(r, ColEnabled, box);

    auto* cell = new QWidget(table_);
    auto* slider = new QSlider(Qt::Horizontal, cell);
    slider->setObjectName(QStringLiteral("adapterScale"));
    slider->setRange(0, kSliderSteps);
    slider->setSingleStep(5);
    slider->setPageStep(25);
    auto* value = new QLabel(cell);
    value->setObjectName(QStringLiteral("adapterScaleValue"));
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    auto* row_layout = new QHBoxLayout(cell);
    row_layout->setContentsMargins(4, 0, 4, 0);
    row_layout->addWidget(slider, 1);
    row_layout->addWidget(value);
    connect(slider, &QSlider::valueChanged, this, [this, path, value](int v) {
      value->setText(scale_text(v / 100.0));
      if (!filling_) setScale(path, v / 100.0);
    });
    table_->setCellWidget(r, ColScale, cell);
    fillRow(r);
  }
  table_->resizeColumnsToContents();
  // A long reason ("No: <path>: tensor ...") must not push the scale sliders off the window: the
  // column is capped and elides; the whole reason is in the cell's tooltip.
  constexpr int kMaxFitsWidth = 320;
  if (table_->columnWidth(ColFits) > kMaxFitsWidth) table_->setColumnWidth(ColFits, kMaxFitsWidth);
  memory_->setText(memoryText());
}

void AdapterManager::fillRow(int row) {
  const QString path = table_->item(row, ColName)->data(Qt::UserRole).toString();
  const AdapterSpec spec = specFor(path);
  const AdapterInfo info = infos_.value(path);
  const bool known = infos_.contains(path);
  filling_ = true;
  auto* box = qobject_cast<QCheckBox*>(table_->cellWidget(row, ColEnabled));
  box->setChecked(spec.enabled);
  box->setEnabled(conversation_id_ != 0);
  box->setToolTip(tr("Use %1 in this conversation").arg(spec.name()));
  QWidget* cell = table_->cellWidget(row, ColScale);
  auto* slider = cell->findChild<QSlider*>();
  slider->setValue(int(std::lround(spec.scale * 100)));
  slider->setEnabled(conversation_id_ != 0);
  cell->findChild<QLabel*>()->setText(scale_text(spec.scale));
  filling_ = false;

  // A server's adapter by the name the server gives it (its key is "remote-lora:<id>:<name>").
  table_->item(row, ColName)->setText(is_remote_adapter_path(path) && !info.name.isEmpty() ? info.name : spec.name());
  table_->item(row, ColName)->setToolTip(QDir::toNativeSeparators(path));
  table_->item(row, ColRank)->setText(known && info.rank > 0 ? QString::number(info.rank) : QString());
  table_->item(row, ColAlpha)->setText(known && info.rank > 0 ? QString::number(info.alpha) +
                                                                    (info.use_rslora ? tr(" (rsLoRA)") : QString())
                                                              : QString());
  table_->item(row, ColTargets)->setText(info.targets.join(QStringLiteral(", ")));
  table_->item(row, ColSize)->setText(info.bytes > 0 ? QLocale().formattedDataSize(info.bytes) : QString());
  table_->item(row, ColBase)->setText(info.base_model);
  table_->item(row, ColFits)->setText(fitsText(path));
  table_->item(row, ColFits)->setToolTip(info.error);
}

QString AdapterManager::fitsText(const QString& path) const {
  if (!infos_.contains(path)) return tr("Checking…");
  const AdapterInfo info = infos_.value(path);
  if (info.compatible) return tr("Yes");
  if (!controller_.isLoaded()) return tr("No model loaded");
  return tr("No: %1").arg(info.error);
}

QString AdapterManager::memoryText() const {
  return tr("Adapters in memory: %1 (%2)")
      .arg(controller_.adapterCacheCount())
      .arg(QLocale().formattedDataSize(controller_.adapterCacheBytes()));
}

void AdapterManager::onInfo(const AdapterInfo& info) {
  if (!settings_.adapter_library().contains(info.path)) return;
  infos_.insert(info.path, info);
  const int row = rowOf(info.path);
  if (row >= 0) fillRow(row);
}

void AdapterManager::addServerAdapters() {
  if (!controller_.isRemote() || !controller_.remote()) return;
  const QStringList library = settings_.adapter_library();
  bool added = false;
  for (const RemoteAdapter& a : controller_.remote()->adapters()) {
    if (library.contains(a.key)) continue;
    settings_.add_adapter(a.key);
    added = true;
  }
  if (added && table_) rebuild();
}

void AdapterManager::inspectAll() {
  infos_.clear();
  for (const QString& path : settings_.adapter_library()) controller_.inspectAdapter(path);
  for (int r = 0; r < table_->rowCount(); ++r) fillRow(r);
}

void AdapterManager::addFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Add a LoRA adapter folder"));
  if (dir.isEmpty()) return;
  if (auto e = addAdapter(dir)) intro_->setText(*e);
}

void AdapterManager::addFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Add a GGUF LoRA file"), QString(),
                                                    tr("GGUF LoRA adapters (*.gguf)"));
  if (file.isEmpty()) return;
  if (auto e = addAdapter(file)) intro_->setText(*e);
}

void AdapterManager::removeSelected() {
  const int row = table_->currentRow();
  if (row < 0) return;
  removeAdapter(table_->item(row, ColName)->data(Qt::UserRole).toString());
}

void AdapterManager::retranslateUi() {
  setWindowTitle(tr("Adapters"));
  intro_->setText(conversation_id_
                      ? tr("LoRA adapters for this conversation. Changes apply to the next answer; the model is not reloaded.")
                      : tr("Open a conversation to choose its adapters."));
  const bool remote = controller_.isRemote();
  if (remote) {
    intro_->setText(intro_->text() + QLatin1Char(' ') +
                    tr("The model runs on the server %1: its adapters are the server's own (the ones it lists are "
                       "added here); adapter files on this computer are not used.")
                        .arg(controller_.remote() ? controller_.remote()->root().toString() : QString()));
  }
  add_folder_->setEnabled(!remote);
  add_file_->setEnabled(!remote);
  compare_button_->setEnabled(!remote);
  const QString local_only = remote ? tr("Not while connected to a server") : QString();
  add_folder_->setToolTip(local_only);
  add_file_->setToolTip(local_only);
  compare_button_->setToolTip(local_only);
  table_->setHorizontalHeaderLabels({tr("On"), tr("Name"), tr("Rank"), tr("Alpha"), tr("Targets"), tr("Size"),
                                     tr("Trained for"), tr("Fits the model"), tr("Scale")});
  add_folder_->setText(tr("Add folder…"));
  add_file_->setText(tr("Add .gguf file…"));
  remove_->setText(tr("Remove"));
  compare_button_->setText(tr("Compare…"));
  memory_->setText(memoryText());
  for (int r = 0; r < table_->rowCount(); ++r) fillRow(r);
}

void AdapterManager::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

// ---- CompareView ----

namespace {
// Combo box data of the set choices (>= 0: an adapter of the library, at scale 1).
constexpr int kUnused = -1, kNone = -2, kConversation = -3, kCustom = -4;
}  // namespace

CompareView::CompareView(EngineController& controller, AppSettings& settings, QWidget* parent)
    : QWidget(parent, Qt::Window), controller_(controller), settings_(settings), sets_(kColumns) {
  setObjectName(QStringLiteral("compareView"));
  prompt_ = new QLineEdit(this);
  run_ = new QPushButton(this);
  stop_ = new QPushButton(this);
  error_ = new QLabel(this);
  error_->setWordWrap(true);
  auto* top = new QHBoxLayout;
  top->addWidget(prompt_, 1);
  top->addWidget(run_);
  top->addWidget(stop_);
  auto* grid = new QGridLayout;
  for (int i = 0; i < kColumns; ++i) {
    auto* combo = new QComboBox(this);
    auto* out = new QPlainTextEdit(this);
    out->setReadOnly(true);
    auto* stats = new QLabel(this);
    grid->addWidget(combo, 0, i);
    grid->addWidget(out, 1, i);
    grid->addWidget(stats, 2, i);
    grid->setColumnStretch(i, 1);
    choice_ << combo;
    output_ << out;
    stats_ << stats;
    connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, [this, i](int) {
      if (!filling_) onChoice(i);
    });
  }
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(error_);
  layout->addLayout(grid, 1);

  connect(run_, &QPushButton::clicked, this, [this] {
    const auto e = run(prompt_->text());
    error_->setText(e.value_or(QString()));
  });
  connect(stop_, &QPushButton::clicked, &controller_, &EngineController::stop);
  connect(prompt_, &QLineEdit::returnPressed, run_, &QPushButton::click);
  connect(&controller_, &EngineController::compareText, this, [this](int column, const QString& text) {
    if (column >= 0 && column < running_.size()) output_[running_[column]]->setPlainText(text);
  });
  connect(&controller_, &EngineController::compareFinished, this, &CompareView::onFinished);
  connect(&controller_, &EngineController::failed, this, [this](const QString& message, bool) {
    if (running_.isEmpty()) return;
    running_.clear();
    error_->setText(message);
  });

  // Defaults: no adapters beside the conversation's set.
  sets_[0] = QList<AdapterSpec>{};
  resize(1000, 480);
  refreshChoices();
  retranslateUi();
}

QString CompareView::setSummary(const QList<AdapterSpec>& set) const {
  QStringList parts;
  for (const AdapterSpec& s : set)
    if (s.active()) parts << tr("%1 ×%2").arg(s.name(), QString::number(s.scale, 'g', 3));
  return parts.isEmpty() ? tr("No adapters") : parts.join(QStringLiteral(", "));
}

void CompareView::refreshChoices() {
  filling_ = true;
  const QStringList library = settings_.adapter_library();
  for (int i = 0; i < kColumns; ++i) {
    QComboBox* c = choice_[i];
    c->clear();
    c->addItem(tr("(unused)"), kUnused);
    c->addItem(tr("No adapters"), kNone);
    c->addItem(tr("This conversation's set"), kConversation);
    for (int k = 0; k < library.size(); ++k)
      c->addItem(tr("%1 ×%2").arg(AdapterSpec{library[k]}.name(), QStringLiteral("1")), k);
    if (!sets_[size_t(i)]) {
      c->setCurrentIndex(0);
    } else {
      c->addItem(setSummary(*sets_[size_t(i)]), kCustom);
      c->setCurrentIndex(c->count() - 1);
    }
  }
  filling_ = false;
}

void CompareView::onChoice(int column) {
  const int code = choice_[column]->currentData().toInt();
  const QStringList library = settings_.adapter_library();
  if (code == kUnused) {
    sets_[size_t(column)].reset();
  } else if (code == kNone) {
    sets_[size_t(column)] = QList<AdapterSpec>{};
  } else if (code == kConversation) {
    sets_[size_t(column)] = conversation_id_ ? settings_.adapters(conversation_id_) : QList<AdapterSpec>{};
  } else if (code >= 0 && code < library.size()) {
    sets_[size_t(column)] = QList<AdapterSpec>{AdapterSpec{library[code], 1.0, true}};
  }
}

void CompareView::setColumnSet(int column, const std::optional<QList<AdapterSpec>>& set) {
  if (column < 0 || column >= kColumns) return;
  sets_[size_t(column)] = set;
  refreshChoices();
}

std::optional<QList<AdapterSpec>> CompareView::columnSet(int column) const {
  return column >= 0 && column < kColumns ? sets_[size_t(column)] : std::nullopt;
}

std::optional<QString> CompareView::run(const QString& prompt) {
  if (!controller_.isLoaded()) return tr("No model is loaded. Open a model first (File > Open model file…).");
  if (controller_.busy()) return tr("The engine is busy. Wait for it or press Stop.");
  if (prompt.trimmed().isEmpty()) return tr("Type a prompt to compare.");
  QList<QList<AdapterSpec>> sets;
  QList<int> columns;
  for (int i = 0; i < kColumns; ++i) {
    if (choice_[i]->currentData().toInt() == kConversation) onChoice(i);  // the set as it is now
    if (!sets_[size_t(i)]) continue;
    sets << *sets_[size_t(i)];
    columns << i;
  }
  if (sets.isEmpty()) return tr("Choose an adapter set for at least one column.");
  ChatRequest request;
  request.turns = {ChatTurn{Role::User, prompt}};
  const ConversationSampling s = conversation_id_ ? settings_.sampling(conversation_id_) : settings_.default_sampling();
  request.sampling = s.sampling;
  request.stop_at_context = s.stop_at_context;
  for (int i = 0; i < kColumns; ++i) {
    output_[i]->clear();
    stats_[i]->clear();
  }
  error_->clear();
  if (controller_.compare(request, sets) == 0) return tr("The engine is busy. Wait for it or press Stop.");
  running_ = columns;
  return std::nullopt;
}

void CompareView::onFinished(const QList<CompareColumn>& columns) {
  if (running_.isEmpty()) return;
  for (int k = 0; k < columns.size() && k < running_.size(); ++k) {
    const int i = running_[k];
    output_[i]->setPlainText(columns[k].text);
    stats_[i]->setText(tr("%1 tokens, %2 ms/token").arg(columns[k].tokens).arg(columns[k].ms_per_token, 0, 'f', 1));
  }
  running_.clear();
  emit compared(columns);
}

QString CompareView::columnText(int column) const {
  return column >= 0 && column < kColumns ? output_[column]->toPlainText() : QString();
}

QString CompareView::columnStats(int column) const {
  return column >= 0 && column < kColumns ? stats_[column]->text() : QString();
}

void CompareView::retranslateUi() {
  setWindowTitle(tr("Compare adapter sets"));
  prompt_->setPlaceholderText(tr("One prompt, answered with each set"));
  run_->setText(tr("Compare"));
  stop_->setText(tr("Stop"));
  refreshChoices();
}

void CompareView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
