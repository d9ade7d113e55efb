#include "gui/widgets/policy_editor_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

#include "gui/core/user_policy_store.h"

namespace tramontane::gui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }
const QString kPlaceholder = QStringLiteral("{text}");

}  // namespace

PolicyEditorDialog::PolicyEditorDialog(UserPolicyStore& store, const moderation::Policy& start,
                                       const QString& editingName, QWidget* parent)
    : QDialog(parent), store_(store), editing_(editingName) {
  setObjectName(QStringLiteral("policyEditor"));
  setWindowTitle(editing_.isEmpty() ? tr("New moderation policy") : tr("Edit moderation policy"));
  auto* root = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  if (editing_.isEmpty()) {
    start_from_ = new QComboBox(this);
    start_from_->setObjectName(QStringLiteral("startFrom"));
    for (const std::string& n : moderation::builtin_policy_names()) start_from_->addItem(qs(n), qs(n));
    for (const UserPolicyEntry& e : store_.list()) start_from_->addItem(e.name, e.path);
    start_from_->setCurrentIndex(-1);
    form->addRow(tr("&Start from a copy of:"), start_from_);
    connect(start_from_, &QComboBox::activated, this, [this](int i) {
      auto p = moderation::resolve_policy(start_from_->itemData(i).toString().toStdString());
      if (!p) {
        showError(qs(p.error().message));
        return;
      }
      const QString name = name_->text();
      setPolicy(*p);
      name_->setText(name);   // the copy keeps the name being written
    });
  }
  name_ = new QLineEdit(this);
  name_->setObjectName(QStringLiteral("policyName"));
  name_->setPlaceholderText(tr("letters, digits, '-', '_'"));
  form->addRow(tr("&Name:"), name_);
  title_ = new QLineEdit(this);
  title_->setObjectName(QStringLiteral("policyTitle"));
  form->addRow(tr("&Title:"), title_);
  root->addLayout(form);

  auto* template_label = new QLabel(tr("&Prompt template (the text to check goes where {text} is):"), this);
  template_ = new QPlainTextEdit(this);
  template_->setObjectName(QStringLiteral("policyTemplate"));
  template_label->setBuddy(template_);
  template_status_ = new QLabel(this);
  template_status_->setObjectName(QStringLiteral("templateStatus"));
  template_status_->setWordWrap(true);
  root->addWidget(template_label);
  root->addWidget(template_, 2);
  root->addWidget(template_status_);

  auto* labels_label = new QLabel(tr("&Labels (each answer exactly as the model would write it):"), this);
  labels_ = new QTableWidget(0, 2, this);
  labels_->setObjectName(QStringLiteral("labelsTable"));
  labels_->setHorizontalHeaderLabels({tr("Label"), tr("Description")});
  labels_->horizontalHeader()->setStretchLastSection(true);
  labels_->verticalHeader()->hide();
  labels_->setSelectionBehavior(QAbstractItemView::SelectRows);
  labels_->setSelectionMode(QAbstractItemView::SingleSelection);
  labels_label->setBuddy(labels_);
  root->addWidget(labels_label);
  auto* lrow = new QHBoxLayout;
  lrow->addWidget(labels_, 1);
  auto* lbuttons = new QVBoxLayout;
  add_ = new QPushButton(tr("&Add"), this);
  add_->setObjectName(QStringLiteral("addLabel"));
  remove_ = new QPushButton(tr("&Remove"), this);
  remove_->setObjectName(QStringLiteral("removeLabel"));
  up_ = new QPushButton(tr("Move &up"), this);
  up_->setObjectName(QStringLiteral("labelUp"));
  down_ = new QPushButton(tr("Move &down"), this);
  down_->setObjectName(QStringLiteral("labelDown"));
  for (QPushButton* b : {add_, remove_, up_, down_}) lbuttons->addWidget(b);
  lbuttons->addStretch(1);
  lrow->addLayout(lbuttons);
  root->addLayout(lrow, 2);

  auto* form2 = new QFormLayout;
  safe_ = new QComboBox(this);
  safe_->setObjectName(QStringLiteral("safeLabel"));
  form2->addRow(tr("Sa&fe label:"), safe_);
  threshold_ = new QDoubleSpinBox(this);
  threshold_->setObjectName(QStringLiteral("policyThreshold"));
  threshold_->setRange(0.0, 1.0);
  threshold_->setDecimals(3);
  threshold_->setSingleStep(0.01);
  form2->addRow(tr("T&hreshold on P(unsafe):"), threshold_);
  root->addLayout(form2);

  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("policyError"));
  error_->setWordWrap(true);
  error_->setStyleSheet(QStringLiteral("color: #b00020"));
  error_->hide();
  root->addWidget(error_);
  buttons_ = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  root->addWidget(buttons_);

  connect(buttons_, &QDialogButtonBox::accepted, this, [this] {
    if (save()) accept();
  });
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(template_, &QPlainTextEdit::textChanged, this, &PolicyEditorDialog::checkTemplate);
  connect(add_, &QPushButton::clicked, this, [this] {
    addLabel();
    labels_->setCurrentCell(labels_->rowCount() - 1, 0);
    labels_->editItem(labels_->item(labels_->rowCount() - 1, 0));
  });
  connect(remove_, &QPushButton::clicked, this, [this] {
    const int r = labels_->currentRow();
    if (r < 0) return;
    labels_->removeRow(r);
    refreshSafeChoice();
  });
  connect(up_, &QPushButton::clicked, this, [this] { moveLabel(-1); });
  connect(down_, &QPushButton::clicked, this, [this] { moveLabel(1); });
  connect(labels_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (item->column() == 0) refreshSafeChoice();
  });

  setPolicy(start);
  if (start_from_) {
    const int i = start_from_->findText(qs(start.name));
    start_from_->setCurrentIndex(i);
  }
  if (editing_.isEmpty()) name_->clear();
  resize(720, 640);
}

void PolicyEditorDialog::setPolicy(const moderation::Policy& p) {
  name_->setText(qs(p.name));
  title_->setText(qs(p.title));
  source_ = p.source;
  template_->setPlainText(qs(p.template_text));
  {
    const QSignalBlocker block(labels_);
    labels_->setRowCount(0);
    for (const auto& l : p.labels) addLabel(qs(l.name), qs(l.description));
  }
  refreshSafeChoice();
  if (p.safe_index < p.labels.size()) safe_->setCurrentIndex(safe_->findText(qs(p.labels[p.safe_index].name)));
  threshold_->setValue(p.threshold);
  checkTemplate();
  error_->hide();
}

void PolicyEditorDialog::addLabel(const QString& name, const QString& description) {
  const int r = labels_->rowCount();
  labels_->insertRow(r);
  labels_->setItem(r, 0, new QTableWidgetItem(name));
  labels_->setItem(r, 1, new QTableWidgetItem(description));
  refreshSafeChoice();
}

void PolicyEditorDialog::moveLabel(int delta) {
  const int r = labels_->currentRow();
  const int to = r + delta;
  if (r < 0 || to < 0 || to >= labels_->rowCount()) return;
  const QSignalBlocker block(labels_);
  for (int c = 0; c < 2; ++c) {
    QTableWidgetItem* a = labels_->takeItem(r, c);
    QTableWidgetItem* b = labels_->takeItem(to, c);
    labels_->setItem(r, c, b);
    labels_->setItem(to, c, a);
  }
  labels_->setCurrentCell(to, labels_->currentColumn() < 0 ? 0 : labels_->currentColumn());
  refreshSafeChoice();
}

void PolicyEditorDialog::refreshSafeChoice() {
  const QString current = safe_->currentText();
  const QSignalBlocker block(safe_);
  safe_->clear();
  for (int r = 0; r < labels_->rowCount(); ++r) {
    const QTableWidgetItem* it = labels_->item(r, 0);
    const QString name = it ? it->text() : QString();
    if (!name.isEmpty() && safe_->findText(name) < 0) safe_->addItem(name);
  }
  const int i = safe_->findText(current);
  safe_->setCurrentIndex(i >= 0 ? i : (safe_->count() > 0 ? 0 : -1));
}

void PolicyEditorDialog::checkTemplate() {
  const qsizetype n = template_->toPlainText().count(kPlaceholder);
  QString message;
  if (n == 0) message = tr("The template has no {text}: the text to check would not be in the prompt.");
  else if (n > 1) message = tr("The template has {text} more than once; it must appear exactly once.");
  template_status_->setText(message.isEmpty() ? tr("The template has {text} once.") : message);
  template_status_->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("color: #b00020"));
  if (QPushButton* save = buttons_ ? buttons_->button(QDialogButtonBox::Save) : nullptr) save->setEnabled(n == 1);
}

moderation::Policy PolicyEditorDialog::policy() const {
  moderation::Policy p;
  p.name = name_->text().trimmed().toStdString();
  p.title = title_->text().trimmed().toStdString();
  if (p.title.empty()) p.title = p.name;
  p.source = source_;
  p.template_text = template_->toPlainText().toStdString();
  for (int r = 0; r < labels_->rowCount(); ++r) {
    const QTableWidgetItem* n = labels_->item(r, 0);
    const QTableWidgetItem* d = labels_->item(r, 1);
    p.labels.push_back({n ? n->text().toStdString() : std::string(), d ? d->text().toStdString() : std::string()});
  }
  p.safe_index = 0;
  for (size_t i = 0; i < p.labels.size(); ++i) {
    if (qs(p.labels[i].name) == safe_->currentText()) p.safe_index = i;
  }
  p.threshold = threshold_->value();
  return p;
}

std::optional<QString> PolicyEditorDialog::check() const {
  if (auto err = UserPolicyStore::checkName(name_->text().trimmed())) return err;
  const qsizetype n = template_->toPlainText().count(kPlaceholder);
  if (n == 0) return tr("The template has no {text}: the text to check would not be in the prompt.");
  if (n > 1) return tr("The template has {text} more than once; it must appear exactly once.");
  if (labels_->rowCount() < 2) return tr("A policy needs at least two labels: a safe one and another.");
  QSet<QString> seen;
  for (int r = 0; r < labels_->rowCount(); ++r) {
    const QTableWidgetItem* it = labels_->item(r, 0);
    const QString name = it ? it->text() : QString();
    if (name.isEmpty()) return tr("Label %1 has no name.").arg(r + 1);
    if (name.trimmed() != name) return tr("Label '%1' begins or ends with a space.").arg(name);
    if (seen.contains(name)) return tr("The label '%1' appears twice: label names must differ.").arg(name);
    seen.insert(name);
  }
  if (safe_->currentIndex() < 0) return tr("Choose the safe label.");
  return std::nullopt;
}

bool PolicyEditorDialog::save() {
  if (auto err = check()) {
    showError(*err);
    return false;
  }
  auto saved = store_.save(policy(), editing_);
  if (!saved) {
    showError(saved.error());
    return false;
  }
  saved_name_ = qs(saved->name);
  saved_path_ = store_.pathFor(saved_name_);
  editing_ = saved_name_;
  error_->hide();
  return true;
}

QString PolicyEditorDialog::error() const { return error_->isHidden() ? QString() : error_->text(); }

void PolicyEditorDialog::showError(const QString& message) {
  error_->setText(message);
  error_->show();
}

}  // namespace tramontane::gui
