#include "gui/widgets/moderation_panel.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "engine/moderation/policy.h"
#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_store.h"
#include "gui/core/user_policy_store.h"
#include "gui/widgets/policy_editor_dialog.h"
#include "gui/widgets/pr_curve_widget.h"

namespace tramontane::gui {

namespace {

constexpr int kPreviewRows = 5;
const QString kPolicyFileItem = QStringLiteral("\x01file");

QString pct(std::optional<double> v) { return v ? QString::number(*v, 'f', 3) : QStringLiteral("–"); }

QString duration(double s) {
  if (!(s >= 0) || !std::isfinite(s)) return QStringLiteral("–");
  const qint64 t = qRound64(s);
  return t >= 3600 ? QStringLiteral("%1:%2:%3").arg(t / 3600).arg((t / 60) % 60, 2, 10, QLatin1Char('0')).arg(t % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

ModerationPanel::ModerationPanel(EngineController* engine, ChatStore* store, QWidget* parent)
    : QWidget(parent, Qt::Window) {
  setObjectName(QStringLiteral("moderationPanel"));
  if (store) {
    store_ = std::make_unique<ModerationStore>(*store);
    controller_.setStore(store_.get());
  }
  user_policies_ = std::make_unique<UserPolicyStore>(
      UserPolicyStore::defaultDir(store && !store->path().isEmpty() ? QFileInfo(store->path()).absolutePath() : QString()));
  buildUi();
  retranslateUi();
  if (engine) {
    if (engine->isLoaded()) setModelPath(engine->modelInfo().path);
    connect(engine, &EngineController::modelLoaded, this, [this](const ModelInfo& info) { setModelPath(info.path); });
    connect(engine, &EngineController::modelUnloaded, this, [this] { setModelPath({}); });
  }
  setPolicy(policy_combo_->currentData().toString());
  connect(&controller_, &ModerationController::busyChanged, this, &ModerationPanel::updateBatchButtons);
  connect(&controller_, &ModerationController::verdictReady, this, &ModerationPanel::showVerdict);
  connect(&controller_, &ModerationController::failed, this, &ModerationPanel::showError);
  connect(&controller_, &ModerationController::datasetOpened, this, &ModerationPanel::showDataset);
  connect(&controller_, &ModerationController::progress, this, [this](qint64 done, qint64 total, double rate, double eta) {
    progress_->setRange(0, static_cast<int>(total));
    progress_->setValue(static_cast<int>(done));
    rate_label_->setText(tr("%1 / %2 texts · %3 texts/s · %4 left")
                             .arg(done).arg(total).arg(rate, 0, 'f', 2).arg(done >= total ? duration(0) : duration(rate > 0 ? eta : -1)));
    refreshCurve();
  });
  connect(&controller_, &ModerationController::batchFinished, this, [this](bool cancelled, const QString& error) {
    if (!error.isEmpty()) showError(error);
    else if (cancelled) rate_label_->setText(rate_label_->text() + QStringLiteral(" · ") + tr("cancelled"));
    refreshCurve();
    updateBatchButtons();
    refreshRuns();
  });
  refreshRuns();
}

ModerationPanel::~ModerationPanel() = default;

void ModerationPanel::buildUi() {
  auto* root = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  policy_label_ = new QLabel(this);
  policy_combo_ = new QComboBox(this);
  policy_combo_->setObjectName(QStringLiteral("policyCombo"));
  policy_label_->setBuddy(policy_combo_);
  new_policy_button_ = new QPushButton(this);
  new_policy_button_->setObjectName(QStringLiteral("newPolicyButton"));
  edit_policy_button_ = new QPushButton(this);
  edit_policy_button_->setObjectName(QStringLiteral("editPolicyButton"));
  delete_policy_button_ = new QPushButton(this);
  delete_policy_button_->setObjectName(QStringLiteral("deletePolicyButton"));
  model_label_ = new QLabel(this);
  model_label_->setObjectName(QStringLiteral("modelLabel"));
  top->addWidget(policy_label_);
  top->addWidget(policy_combo_);
  top->addWidget(new_policy_button_);
  top->addWidget(edit_policy_button_);
  top->addWidget(delete_policy_button_);
  top->addStretch(1);
  top->addWidget(model_label_);
  root->addLayout(top);
  error_label_ = new QLabel(this);
  error_label_->setObjectName(QStringLiteral("errorLabel"));
  error_label_->setWordWrap(true);
  error_label_->setStyleSheet(QStringLiteral("color: #b00020"));
  error_label_->hide();
  root->addWidget(error_label_);
  tabs_ = new QTabWidget(this);
  root->addWidget(tabs_, 1);

  connect(policy_combo_, &QComboBox::activated, this, [this](int index) {
    QString key = policy_combo_->itemData(index).toString();
    if (key == kPolicyFileItem) {
      const QString path = QFileDialog::getOpenFileName(this, tr("Open a moderation policy"), QString(),
                                                        tr("Policy files (*.json)"));
      if (path.isEmpty()) return;
      key = path;
    }
    setPolicy(key);
  });
  connect(new_policy_button_, &QPushButton::clicked, this, &ModerationPanel::newPolicy);
  connect(edit_policy_button_, &QPushButton::clicked, this, &ModerationPanel::editPolicy);
  connect(delete_policy_button_, &QPushButton::clicked, this, [this] {
    const auto name = user_policies_->nameOfPath(controller_.policyKey());
    if (!name) return;
    if (QMessageBox::question(this, tr("Delete the policy"),
                              tr("Delete the policy '%1'? Its file is removed; stored runs keep their results.").arg(*name),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes) {
      return;
    }
    if (auto err = deleteUserPolicy(*name)) showError(*err);
  });

  // Single text.
  single_tab_ = new QWidget(tabs_);
  auto* sl = new QVBoxLayout(single_tab_);
  text_edit_ = new QPlainTextEdit(single_tab_);
  text_edit_->setObjectName(QStringLiteral("singleText"));
  sl->addWidget(text_edit_, 1);
  auto* srow = new QHBoxLayout;
  check_button_ = new QPushButton(single_tab_);
  check_button_->setObjectName(QStringLiteral("checkButton"));
  verdict_label_ = new QLabel(single_tab_);
  verdict_label_->setObjectName(QStringLiteral("verdictLabel"));
  verdict_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  srow->addWidget(check_button_);
  srow->addWidget(verdict_label_, 1);
  sl->addLayout(srow);
  bars_layout_ = new QGridLayout;
  sl->addLayout(bars_layout_);
  prompt_toggle_ = new QToolButton(single_tab_);
  prompt_toggle_->setCheckable(true);
  prompt_toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  prompt_toggle_->setArrowType(Qt::RightArrow);
  prompt_view_ = new QPlainTextEdit(single_tab_);
  prompt_view_->setObjectName(QStringLiteral("promptView"));
  prompt_view_->setReadOnly(true);
  prompt_view_->hide();
  sl->addWidget(prompt_toggle_);
  sl->addWidget(prompt_view_, 1);
  connect(prompt_toggle_, &QToolButton::toggled, this, [this](bool on) {
    prompt_view_->setVisible(on);
    prompt_toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
  });
  connect(check_button_, &QPushButton::clicked, this, [this] {
    error_label_->hide();
    if (!controller_.classify(text_edit_->toPlainText())) showError(tr("Moderation is busy"));
  });
  tabs_->addTab(single_tab_, QString());

  // Batch.
  batch_tab_ = new QWidget(tabs_);
  auto* bl = new QVBoxLayout(batch_tab_);
  auto* frow = new QHBoxLayout;
  open_button_ = new QPushButton(batch_tab_);
  open_button_->setObjectName(QStringLiteral("openButton"));
  file_label_ = new QLabel(batch_tab_);
  file_label_->setObjectName(QStringLiteral("fileLabel"));
  frow->addWidget(open_button_);
  frow->addWidget(file_label_, 1);
  bl->addLayout(frow);
  auto* crow = new QHBoxLayout;
  text_column_label_ = new QLabel(batch_tab_);
  text_column_ = new QComboBox(batch_tab_);
  text_column_->setObjectName(QStringLiteral("textColumn"));
  text_column_label_->setBuddy(text_column_);
  label_column_label_ = new QLabel(batch_tab_);
  label_column_ = new QComboBox(batch_tab_);
  label_column_->setObjectName(QStringLiteral("labelColumn"));
  label_column_label_->setBuddy(label_column_);
  crow->addWidget(text_column_label_);
  crow->addWidget(text_column_, 1);
  crow->addWidget(label_column_label_);
  crow->addWidget(label_column_, 1);
  bl->addLayout(crow);
  preview_ = new QTableWidget(batch_tab_);
  preview_->setObjectName(QStringLiteral("preview"));
  preview_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  preview_->setMaximumHeight(preview_->fontMetrics().height() * 10);
  bl->addWidget(preview_);
  auto* rrow = new QHBoxLayout;
  run_button_ = new QPushButton(batch_tab_);
  run_button_->setObjectName(QStringLiteral("runButton"));
  cancel_button_ = new QPushButton(batch_tab_);
  cancel_button_->setObjectName(QStringLiteral("cancelButton"));
  resume_button_ = new QPushButton(batch_tab_);
  resume_button_->setObjectName(QStringLiteral("resumeButton"));
  progress_ = new QProgressBar(batch_tab_);
  progress_->setObjectName(QStringLiteral("batchProgress"));
  progress_->setValue(0);
  rate_label_ = new QLabel(batch_tab_);
  rate_label_->setObjectName(QStringLiteral("rateLabel"));
  rrow->addWidget(run_button_);
  rrow->addWidget(cancel_button_);
  rrow->addWidget(resume_button_);
  rrow->addWidget(progress_, 1);
  rrow->addWidget(rate_label_);
  bl->addLayout(rrow);
  auto* qrow = new QHBoxLayout;
  search_ = new QLineEdit(batch_tab_);
  search_->setObjectName(QStringLiteral("searchBox"));
  search_->setClearButtonEnabled(true);
  show_combo_ = new QComboBox(batch_tab_);
  show_combo_->setObjectName(QStringLiteral("showCombo"));
  for (int i = 0; i < 6; ++i) show_combo_->addItem(QString(), i);
  export_button_ = new QPushButton(batch_tab_);
  export_button_->setObjectName(QStringLiteral("exportButton"));
  qrow->addWidget(search_, 1);
  qrow->addWidget(show_combo_);
  qrow->addWidget(export_button_);
  bl->addLayout(qrow);
  proxy_ = new ModerationFilterProxy(this);
  proxy_->setSourceModel(controller_.results());
  table_ = new QTableView(batch_tab_);
  table_->setObjectName(QStringLiteral("resultsTable"));
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(ModerationResultsModel::RowColumn, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->horizontalHeader()->setStretchLastSection(false);
  table_->verticalHeader()->hide();
  bl->addWidget(table_, 1);
  tabs_->addTab(batch_tab_, QString());

  connect(open_button_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open texts to moderate"), QString(),
                                                      tr("Texts (*.csv *.jsonl *.ndjson)"));
    if (!path.isEmpty()) openDataset(path);
  });
  connect(run_button_, &QPushButton::clicked, this, &ModerationPanel::runBatch);
  connect(cancel_button_, &QPushButton::clicked, &controller_, &ModerationController::cancel);
  connect(resume_button_, &QPushButton::clicked, this, [this] {
    error_label_->hide();
    if (auto err = controller_.resume()) showError(*err);
    updateBatchButtons();
  });
  connect(search_, &QLineEdit::textChanged, proxy_, &ModerationFilterProxy::setSearch);
  connect(show_combo_, &QComboBox::currentIndexChanged, this, [this](int i) {
    proxy_->setShow(static_cast<ModerationFilterProxy::Show>(i));
  });
  connect(export_button_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the results"), QString(),
                                                      tr("CSV (*.csv);;JSON Lines (*.jsonl)"));
    if (path.isEmpty()) return;
    if (auto err = exportResults(path)) showError(*err);
  });

  // Evaluation.
  eval_tab_ = new QWidget(tabs_);
  auto* el = new QVBoxLayout(eval_tab_);
  metrics_label_ = new QLabel(eval_tab_);
  metrics_label_->setObjectName(QStringLiteral("metricsLabel"));
  metrics_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  el->addWidget(metrics_label_);
  auto* mid = new QHBoxLayout;
  auto* grid = new QGridLayout;
  for (int i = 0; i < 4; ++i) {
    cm_headers_[i] = new QLabel(eval_tab_);
    cm_labels_[i] = new QLabel(eval_tab_);
    cm_labels_[i]->setAlignment(Qt::AlignCenter);
    cm_labels_[i]->setFrameShape(QFrame::Box);
    cm_labels_[i]->setMinimumWidth(cm_labels_[i]->fontMetrics().horizontalAdvance(QStringLiteral("0000000")));
  }
  cm_labels_[0]->setObjectName(QStringLiteral("cmTp"));
  cm_labels_[1]->setObjectName(QStringLiteral("cmFn"));
  cm_labels_[2]->setObjectName(QStringLiteral("cmFp"));
  cm_labels_[3]->setObjectName(QStringLiteral("cmTn"));
  grid->addWidget(cm_headers_[0], 0, 1, Qt::AlignCenter);
  grid->addWidget(cm_headers_[1], 0, 2, Qt::AlignCenter);
  grid->addWidget(cm_headers_[2], 1, 0);
  grid->addWidget(cm_headers_[3], 2, 0);
  grid->addWidget(cm_labels_[0], 1, 1);
  grid->addWidget(cm_labels_[1], 1, 2);
  grid->addWidget(cm_labels_[2], 2, 1);
  grid->addWidget(cm_labels_[3], 2, 2);
  grid->setRowStretch(3, 1);
  mid->addLayout(grid);
  curve_ = new PrCurveWidget(eval_tab_);
  curve_->setObjectName(QStringLiteral("prCurve"));
  mid->addWidget(curve_, 1);
  el->addLayout(mid, 1);
  auto* trow = new QHBoxLayout;
  threshold_title_ = new QLabel(eval_tab_);
  slider_ = new QSlider(Qt::Horizontal, eval_tab_);
  slider_->setObjectName(QStringLiteral("thresholdSlider"));
  slider_->setRange(0, kSliderSteps);
  threshold_title_->setBuddy(slider_);
  threshold_label_ = new QLabel(eval_tab_);
  threshold_label_->setObjectName(QStringLiteral("thresholdLabel"));
  save_threshold_button_ = new QPushButton(eval_tab_);
  save_threshold_button_->setObjectName(QStringLiteral("saveThresholdButton"));
  trow->addWidget(threshold_title_);
  trow->addWidget(slider_, 1);
  trow->addWidget(threshold_label_);
  trow->addWidget(save_threshold_button_);
  el->addLayout(trow);
  tabs_->addTab(eval_tab_, QString());
  connect(slider_, &QSlider::valueChanged, this, [this](int v) {
    const double t = double(v) / kSliderSteps;
    controller_.setThreshold(t);
    curve_->setThreshold(t);
    threshold_label_->setText(QString::number(t, 'f', 3));
    updateEvaluation();
  });
  connect(save_threshold_button_, &QPushButton::clicked, this, &ModerationPanel::saveThresholdForPolicy);

  // Runs.
  runs_tab_ = new QWidget(tabs_);
  auto* rl = new QVBoxLayout(runs_tab_);
  runs_table_ = new QTableWidget(0, 7, runs_tab_);
  runs_table_->setObjectName(QStringLiteral("runsTable"));
  runs_table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  runs_table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  runs_table_->setSelectionMode(QAbstractItemView::SingleSelection);
  runs_table_->verticalHeader()->hide();
  runs_table_->horizontalHeader()->setStretchLastSection(true);
  rl->addWidget(runs_table_, 1);
  auto* runs_row = new QHBoxLayout;
  refresh_runs_button_ = new QPushButton(runs_tab_);
  refresh_runs_button_->setObjectName(QStringLiteral("refreshRunsButton"));
  open_run_button_ = new QPushButton(runs_tab_);
  open_run_button_->setObjectName(QStringLiteral("openRunButton"));
  delete_run_button_ = new QPushButton(runs_tab_);
  delete_run_button_->setObjectName(QStringLiteral("deleteRunButton"));
  run_label_ = new QLabel(runs_tab_);
  run_label_->setObjectName(QStringLiteral("runLabel"));
  runs_row->addWidget(refresh_runs_button_);
  runs_row->addWidget(open_run_button_);
  runs_row->addWidget(delete_run_button_);
  runs_row->addWidget(run_label_, 1);
  rl->addLayout(runs_row);
  tabs_->addTab(runs_tab_, QString());
  connect(refresh_runs_button_, &QPushButton::clicked, this, &ModerationPanel::refreshRuns);
  auto open_selected = [this] {
    const qint64 id = selectedRun();
    if (id == 0) return;
    if (auto err = openRun(id)) showError(*err);
    else tabs_->setCurrentWidget(batch_tab_);
  };
  connect(open_run_button_, &QPushButton::clicked, this, open_selected);
  connect(runs_table_, &QTableWidget::cellDoubleClicked, this, open_selected);
  connect(delete_run_button_, &QPushButton::clicked, this, [this] {
    const qint64 id = selectedRun();
    if (id == 0) return;
    if (QMessageBox::question(this, tr("Delete the run"), tr("Delete the stored run %1 and its results?").arg(id),
                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes) {
      return;
    }
    if (auto err = deleteRun(id)) showError(*err);
  });
  connect(runs_table_, &QTableWidget::itemSelectionChanged, this, &ModerationPanel::updateBatchButtons);
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
    if (tabs_->widget(i) == runs_tab_) refreshRuns();
  });
  refreshPolicies();
  updateBatchButtons();
}

void ModerationPanel::retranslateUi() {
  setWindowTitle(tr("Moderation"));
  policy_label_->setText(tr("&Policy:"));
  refreshPolicies();
  new_policy_button_->setText(tr("&New policy…"));
  edit_policy_button_->setText(tr("E&dit policy…"));
  delete_policy_button_->setText(tr("Delete policy"));
  model_label_->setText(controller_.modelPath().isEmpty() ? tr("No model loaded")
                                                          : tr("Model: %1").arg(controller_.modelName()));
  tabs_->setTabText(0, tr("Single text"));
  tabs_->setTabText(1, tr("Batch"));
  tabs_->setTabText(2, tr("Evaluation"));
  tabs_->setTabText(3, tr("Stored runs"));
  runs_table_->setHorizontalHeaderLabels({tr("Started"), tr("Model"), tr("Policy"), tr("Threshold"), tr("Rows"),
                                          tr("Done"), tr("File")});
  refresh_runs_button_->setText(tr("Re&fresh"));
  open_run_button_->setText(tr("&Open run"));
  delete_run_button_->setText(tr("Delete run"));
  text_edit_->setPlaceholderText(tr("Type or paste the text to check"));
  check_button_->setText(tr("&Check"));
  prompt_toggle_->setText(tr("Prompt sent"));
  open_button_->setText(tr("&Open file…"));
  if (controller_.datasetPath().isEmpty()) file_label_->setText(tr("No file (CSV or JSON Lines)"));
  text_column_label_->setText(tr("&Text column:"));
  label_column_label_->setText(tr("&Label column:"));
  if (label_column_->count() > 0) label_column_->setItemText(0, tr("(none)"));
  run_button_->setText(tr("&Run"));
  cancel_button_->setText(tr("Cancel"));
  resume_button_->setText(tr("Res&ume"));
  search_->setPlaceholderText(tr("Search the results"));
  const char* shows[] = {QT_TR_NOOP("All rows"), QT_TR_NOOP("Flagged"), QT_TR_NOOP("Not flagged"),
                         QT_TR_NOOP("Errors"), QT_TR_NOOP("Pending"), QT_TR_NOOP("Verdict differs from label")};
  for (int i = 0; i < 6; ++i) show_combo_->setItemText(i, tr(shows[i]));
  export_button_->setText(tr("&Export…"));
  cm_headers_[0]->setText(tr("flagged"));
  cm_headers_[1]->setText(tr("not flagged"));
  cm_headers_[2]->setText(tr("positive label"));
  cm_headers_[3]->setText(tr("negative label"));
  threshold_title_->setText(tr("T&hreshold on P(unsafe):"));
  save_threshold_button_->setText(tr("&Save threshold with the policy"));
  updateEvaluation();
}

void ModerationPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

void ModerationPanel::setModelPath(const QString& path) {
  controller_.setModelPath(path);
  model_label_->setText(path.isEmpty() ? tr("No model loaded") : tr("Model: %1").arg(controller_.modelName()));
  updateBatchButtons();
}

QString ModerationPanel::thresholdSettingsKey(const QString& policyName) {
  return QStringLiteral("moderation/thresholds/") + policyName;
}

bool ModerationPanel::setPolicy(const QString& nameOrPath) {
  if (controller_.busy()) {
    showError(tr("Moderation is busy"));
    return false;
  }
  if (auto err = controller_.setPolicy(nameOrPath)) {
    showError(*err);
    return false;
  }
  error_label_->hide();
  const int known = policy_combo_->findData(nameOrPath);
  if (known >= 0) {
    policy_combo_->setCurrentIndex(known);
  } else {
    policy_file_ = nameOrPath;
    policy_combo_->setItemText(policy_combo_->count() - 1, QFileInfo(nameOrPath).fileName());
    policy_combo_->setCurrentIndex(policy_combo_->count() - 1);
  }
  const QVariant saved = QSettings().value(thresholdSettingsKey(controller_.policy().name));
  setThreshold(saved.isValid() ? saved.toDouble() : controller_.policy().threshold);
  updatePolicyButtons();
  return true;
}

void ModerationPanel::setUserPolicyDir(const QString& dir) {
  user_policies_ = std::make_unique<UserPolicyStore>(dir);
  refreshPolicies();
}

void ModerationPanel::refreshPolicies() {
  const QString current = controller_.policyKey();
  const QSignalBlocker block(policy_combo_);
  policy_combo_->clear();
  for (const std::string& name : moderation::builtin_policy_names()) {
    policy_combo_->addItem(QString::fromStdString(name), QString::fromStdString(name));
  }
  for (const UserPolicyEntry& e : user_policies_->list()) policy_combo_->addItem(tr("%1 (yours)").arg(e.name), e.path);
  policy_combo_->addItem(policy_file_.isEmpty() ? tr("Policy file…") : QFileInfo(policy_file_).fileName(),
                         kPolicyFileItem);
  const int i = current.isEmpty() ? 0 : policy_combo_->findData(current);
  policy_combo_->setCurrentIndex(i >= 0 ? i : policy_combo_->count() - 1);
  updatePolicyButtons();
}

void ModerationPanel::updatePolicyButtons() {
  if (!new_policy_button_) return;
  const bool busy = controller_.busy();
  const bool user = user_policies_ && user_policies_->nameOfPath(controller_.policyKey()).has_value();
  new_policy_button_->setEnabled(!busy);
  edit_policy_button_->setEnabled(!busy && user);
  delete_policy_button_->setEnabled(!busy && user);
}

std::optional<QString> ModerationPanel::deleteUserPolicy(const QString& name) {
  if (controller_.busy()) return tr("Moderation is busy");
  const bool current = user_policies_->nameOfPath(controller_.policyKey()) == name;
  if (auto err = user_policies_->remove(name)) return err;
  QSettings().remove(thresholdSettingsKey(name));
  refreshPolicies();
  if (current) setPolicy(QString::fromStdString(moderation::builtin_policy_names().front()));
  return std::nullopt;
}

void ModerationPanel::newPolicy() { runPolicyEditor(QString()); }

void ModerationPanel::editPolicy() {
  if (const auto name = user_policies_->nameOfPath(controller_.policyKey())) runPolicyEditor(*name);
}

void ModerationPanel::runPolicyEditor(const QString& editingName) {
  if (controller_.busy()) {
    showError(tr("Moderation is busy"));
    return;
  }
  moderation::Policy start;
  if (!editingName.isEmpty()) {
    auto p = user_policies_->load(editingName);
    if (!p) {
      showError(p.error());
      return;
    }
    start = std::move(*p);
  } else {
    auto p = moderation::resolve_policy(controller_.policyKey().toStdString());
    if (!p) p = moderation::builtin_policy(moderation::builtin_policy_names().front());
    if (!p) return;
    start = std::move(*p);
  }
  PolicyEditorDialog dialog(*user_policies_, start, editingName, this);
  if (dialog.exec() != QDialog::Accepted) return;
  refreshPolicies();
  setPolicy(dialog.savedPath());
}

void ModerationPanel::setThreshold(double t) {
  const int v = qBound(0, qRound(t * kSliderSteps), kSliderSteps);
  if (slider_->value() == v) {
    controller_.setThreshold(double(v) / kSliderSteps);
    curve_->setThreshold(double(v) / kSliderSteps);
    threshold_label_->setText(QString::number(double(v) / kSliderSteps, 'f', 3));
    updateEvaluation();
  } else {
    slider_->setValue(v);
  }
}

double ModerationPanel::threshold() const { return controller_.threshold(); }

void ModerationPanel::saveThresholdForPolicy() {
  // A user policy keeps it in its file (what the engine and the chat load); others in the settings.
  if (const auto name = user_policies_->nameOfPath(controller_.policyKey())) {
    const double t = threshold();
    if (auto err = user_policies_->setThreshold(*name, t)) {
      showError(*err);
      return;
    }
    QSettings().remove(thresholdSettingsKey(controller_.policy().name));
    if (!controller_.busy()) setPolicy(controller_.policyKey());   // re-read: its default is now `t`
    setThreshold(t);
  } else {
    QSettings().setValue(thresholdSettingsKey(controller_.policy().name), threshold());
  }
  controller_.saveThreshold();   // the run shown (started or opened) records it too
}

void ModerationPanel::refreshRuns() {
  if (!runs_table_) return;
  const qint64 selected = selectedRun();
  runs_table_->setRowCount(0);
  if (!store_) {
    run_label_->setText(tr("Runs are stored with the chat history."));
    updateBatchButtons();
    return;
  }
  auto runs = store_->runs();
  if (!runs) {
    showError(runs.error());
    return;
  }
  runs_table_->setRowCount(static_cast<int>(runs->size()));
  for (int r = 0; r < runs->size(); ++r) {
    const ModerationRun& run = (*runs)[r];
    const QString cells[] = {
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(run.created_at), QLocale::ShortFormat),
        run.model,
        run.policy,
        QString::number(run.threshold, 'f', 3),
        QString::number(run.total_rows),
        tr("%1 / %2").arg(run.done_rows).arg(run.total_rows),
        QFileInfo(run.source).fileName()};
    for (int c = 0; c < 7; ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setData(Qt::UserRole, run.id);
      if (c == 6) item->setToolTip(run.source);
      runs_table_->setItem(r, c, item);
    }
    if (run.id == selected) runs_table_->selectRow(r);
  }
  runs_table_->resizeColumnsToContents();
  run_label_->setText(runs->isEmpty() ? tr("No stored runs yet.") : QString());
  updateBatchButtons();
}

qint64 ModerationPanel::selectedRun() const {
  if (!runs_table_) return 0;
  const QList<QTableWidgetItem*> items = runs_table_->selectedItems();
  return items.isEmpty() ? 0 : items.first()->data(Qt::UserRole).toLongLong();
}

std::optional<QString> ModerationPanel::openRun(qint64 runId) {
  if (controller_.busy()) return tr("Moderation is busy");
  if (!store_) return tr("Runs are stored with the chat history.");
  auto run = store_->run(runId);
  if (!run) return run.error();
  // The run's policy when it is still known (built-in or the user's), for its labels and truth.
  QString key;
  const auto builtins = moderation::builtin_policy_names();
  if (std::find(builtins.begin(), builtins.end(), run->policy.toStdString()) != builtins.end()) key = run->policy;
  else if (user_policies_->contains(run->policy)) key = user_policies_->pathFor(run->policy);
  else if (controller_.policy().name == run->policy) key = controller_.policyKey();
  if (!key.isEmpty() && key != controller_.policyKey()) setPolicy(key);
  if (auto err = controller_.openRun(runId)) return err;
  error_label_->hide();
  setThreshold(run->threshold);
  file_label_->setText(tr("Stored run %1: %2").arg(runId).arg(QFileInfo(run->source).fileName()));
  progress_->setRange(0, static_cast<int>(std::max<qint64>(run->total_rows, 1)));
  progress_->setValue(static_cast<int>(controller_.results()->doneCount()));
  rate_label_->setText(tr("%1 / %2 texts (stored)").arg(controller_.results()->doneCount()).arg(run->total_rows));
  table_->resizeColumnToContents(ModerationResultsModel::RowColumn);
  run_label_->setText(tr("Showing run %1 (%2, %3)").arg(runId).arg(run->model, run->policy));
  refreshCurve();
  updateBatchButtons();
  return std::nullopt;
}

std::optional<QString> ModerationPanel::deleteRun(qint64 runId) {
  if (!store_) return tr("Runs are stored with the chat history.");
  if (controller_.busy() && controller_.runId() == runId) return tr("Moderation is busy");
  if (auto err = store_->delete_run(runId)) return err;
  controller_.forgetRun(runId);
  refreshRuns();
  return std::nullopt;
}

bool ModerationPanel::openDataset(const QString& path) {
  error_label_->hide();
  if (!controller_.openDataset(path)) {
    showError(tr("Moderation is busy"));
    return false;
  }
  file_label_->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
  return true;
}

void ModerationPanel::showDataset(const QString& path, const QString& error) {
  if (!error.isEmpty()) {
    showError(error);
    file_label_->setText(controller_.datasetPath().isEmpty() ? tr("No file (CSV or JSON Lines)")
                                                             : QFileInfo(controller_.datasetPath()).fileName());
    return;
  }
  file_label_->setText(QFileInfo(path).fileName());
  const QStringList cols = controller_.columns();
  text_column_->clear();
  text_column_->addItems(cols);
  label_column_->clear();
  label_column_->addItem(tr("(none)"), QString());
  for (const QString& c : cols) label_column_->addItem(c, c);
  // Guesses: a column named like a text, and one named like a label.
  for (const QString& c : cols) {
    const QString l = c.toLower();
    if (l == QLatin1String("text") || l == QLatin1String("prompt") || l == QLatin1String("content")) {
      text_column_->setCurrentText(c);
    }
    if (l == QLatin1String("label") || l == QLatin1String("labels") || l == QLatin1String("truth")) {
      label_column_->setCurrentIndex(label_column_->findData(c));
    }
  }
  const QList<QStringList> rows = controller_.preview(kPreviewRows);
  preview_->clear();
  preview_->setColumnCount(static_cast<int>(cols.size()));
  preview_->setHorizontalHeaderLabels(cols);
  preview_->setRowCount(static_cast<int>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    for (int c = 0; c < rows[r].size() && c < cols.size(); ++c) {
      preview_->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    }
  }
  updateBatchButtons();
}

void ModerationPanel::runBatch() {
  error_label_->hide();
  if (auto err = controller_.startBatch(text_column_->currentText(), label_column_->currentData().toString())) {
    showError(*err);
  }
  table_->resizeColumnToContents(ModerationResultsModel::RowColumn);
  refreshCurve();
  updateBatchButtons();
  refreshRuns();
}

std::optional<QString> ModerationPanel::exportResults(const QString& path) {
  if (path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) ||
      path.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive)) {
    return controller_.results()->exportJsonl(path);
  }
  return controller_.results()->exportCsv(path);
}

void ModerationPanel::showVerdict(const ModerationVerdict& v) {
  while (QLayoutItem* item = bars_layout_->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  prompt_view_->setPlainText(v.prompt);
  prompt_toggle_->setText(tr("Prompt sent (tokens: %1)").arg(v.prompt_tokens));
  if (!v.has_scores) {
    verdict_label_->setText(tr("Error: %1").arg(v.error));
    return;
  }
  const QStringList& labels = controller_.policy().labels;
  const bool flagged = v.p_unsafe >= threshold();
  const QString top = v.top >= 0 && v.top < labels.size() ? labels[v.top] : QString();
  verdict_label_->setText(flagged ? tr("Flagged: %1 (P(unsafe) = %2)").arg(top).arg(v.p_unsafe, 0, 'f', 3)
                                  : tr("Safe (P(unsafe) = %1)").arg(v.p_unsafe, 0, 'f', 3));
  for (int i = 0; i < labels.size() && i < v.probs.size(); ++i) {
    auto* name = new QLabel(labels[i], single_tab_);
    auto* bar = new QProgressBar(single_tab_);
    bar->setObjectName(QStringLiteral("bar_%1").arg(i));
    bar->setRange(0, 1000);
    bar->setValue(qRound(v.probs[i] * 1000));
    bar->setFormat(QString::number(v.probs[i], 'f', 3));
    bars_layout_->addWidget(name, i, 0);
    bars_layout_->addWidget(bar, i, 1);
  }
}

void ModerationPanel::updateBatchButtons() {
  const bool busy = controller_.busy();
  const bool have_model = !controller_.modelPath().isEmpty();
  check_button_->setEnabled(!busy && have_model);
  run_button_->setEnabled(!busy && have_model && !controller_.datasetPath().isEmpty());
  cancel_button_->setEnabled(busy);
  resume_button_->setEnabled(have_model && controller_.canResume() && controller_.results()->rowCount() > 0);
  export_button_->setEnabled(!busy && controller_.results()->rowCount() > 0);
  policy_combo_->setEnabled(!busy);
  updatePolicyButtons();
  if (open_run_button_) {
    const bool run = selectedRun() != 0;
    open_run_button_->setEnabled(!busy && run);
    delete_run_button_->setEnabled(run && !(busy && selectedRun() == controller_.runId()));
  }
}

void ModerationPanel::refreshCurve() {
  curve_->setCurve(pr_curve(controller_.results()->scoredTruths()));
  updateEvaluation();
}

void ModerationPanel::updateEvaluation() {
  const std::vector<ScoredTruth> items = controller_.results()->scoredTruths();
  const moderation::Confusion cm = confusion_at(items, threshold());
  const int64_t values[4] = {cm.tp, cm.fn, cm.fp, cm.tn};
  for (int i = 0; i < 4; ++i) cm_labels_[i]->setText(items.empty() ? QStringLiteral("–") : QString::number(values[i]));
  if (items.empty()) {
    metrics_label_->setText(tr("Run a batch with a label column to see precision and recall."));
    return;
  }
  const auto ap = average_precision(curve_->curve());
  metrics_label_->setText(tr("Positive class: flagged. Precision %1 · Recall %2 · F1 %3 · Accuracy %4 · "
                             "Average precision %5 · Labelled rows: %6")
                              .arg(pct(cm.precision()), pct(cm.recall()), pct(cm.f1()), pct(cm.accuracy()), pct(ap),
                                   QString::number(cm.total())));
}

void ModerationPanel::showError(const QString& message) {
  error_label_->setText(message);
  error_label_->show();
}

}  // namespace tramontane::gui
