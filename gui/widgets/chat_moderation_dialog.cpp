#include "gui/widgets/chat_moderation_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "engine/moderation/policy.h"
#include "gui/core/user_policy_store.h"

namespace tramontane::gui {

ChatModerationDialog::ChatModerationDialog(const ChatModeration& settings, QWidget* parent,
                                           const QString& userPolicyDir)
    : QDialog(parent) {
  setObjectName(QStringLiteral("chatModerationDialog"));
  setWindowTitle(tr("Chat moderation"));

  enabled_ = new QCheckBox(tr("Moderate this conversation"), this);
  enabled_->setObjectName(QStringLiteral("moderationEnabled"));

  policy_ = new QComboBox(this);
  policy_->setObjectName(QStringLiteral("moderationPolicy"));
  policy_->setEditable(true);   // a built-in name or the path of a policy file
  for (const std::string& name : moderation::builtin_policy_names()) policy_->addItem(QString::fromStdString(name));
  const UserPolicyStore user_policies(userPolicyDir.isEmpty() ? UserPolicyStore::defaultDir() : userPolicyDir);
  for (const UserPolicyEntry& e : user_policies.list()) {
    policy_->addItem(e.path);
    policy_->setItemData(policy_->count() - 1, e.name, Qt::ToolTipRole);
  }
  browse_ = new QPushButton(tr("Policy file…"), this);
  browse_->setObjectName(QStringLiteral("moderationBrowse"));
  auto* policy_row = new QHBoxLayout;
  policy_row->addWidget(policy_, 1);
  policy_row->addWidget(browse_);

  side_ = new QComboBox(this);
  side_->setObjectName(QStringLiteral("moderationSide"));
  side_->addItem(tr("The user's messages"), ChatModeration::side_key(ChatModeration::Side::Input));
  side_->addItem(tr("The model's answers"), ChatModeration::side_key(ChatModeration::Side::Answer));
  side_->addItem(tr("Both"), ChatModeration::side_key(ChatModeration::Side::Both));

  action_ = new QComboBox(this);
  action_->setObjectName(QStringLiteral("moderationAction"));
  action_->addItem(tr("Warn: send, mark the message"), ChatModeration::action_key(ChatModeration::Action::Warn));
  action_->addItem(tr("Block: do not send a flagged message"), ChatModeration::action_key(ChatModeration::Action::Block));
  action_->addItem(tr("Log only: store the verdict, show nothing"), ChatModeration::action_key(ChatModeration::Action::Log));

  note_ = new QLabel(tr("Moderation runs the loaded model on the CPU with the policy's prompt. A flagged answer "
                        "cannot be unsent: with Block it is marked as with Warn. A policy is not a security boundary."),
                     this);
  note_->setWordWrap(true);

  auto* form = new QFormLayout;
  form->addRow(enabled_);
  form->addRow(tr("Policy:"), policy_row);
  form->addRow(tr("Check:"), side_);
  form->addRow(tr("When flagged:"), action_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(enabled_, &QCheckBox::toggled, this, &ChatModerationDialog::updateEnabled);
  connect(browse_, &QPushButton::clicked, this, &ChatModerationDialog::browsePolicy);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(note_);
  layout->addWidget(buttons);
  setSettings(settings);
}

void ChatModerationDialog::setSettings(const ChatModeration& s) {
  enabled_->setChecked(s.enabled);
  const int i = policy_->findText(s.policy);
  if (i >= 0) policy_->setCurrentIndex(i);
  else policy_->setEditText(s.policy);
  side_->setCurrentIndex(std::max(0, side_->findData(ChatModeration::side_key(s.side))));
  action_->setCurrentIndex(std::max(0, action_->findData(ChatModeration::action_key(s.action))));
  updateEnabled();
}

ChatModeration ChatModerationDialog::settings() const {
  ChatModeration s;
  s.enabled = enabled_->isChecked();
  const QString policy = policy_->currentText().trimmed();
  if (!policy.isEmpty()) s.policy = policy;
  s.side = ChatModeration::side_from(side_->currentData().toString()).value_or(ChatModeration::Side::Both);
  s.action = ChatModeration::action_from(action_->currentData().toString()).value_or(ChatModeration::Action::Warn);
  return s;
}

QString ChatModerationDialog::summary(const ChatModeration& s) {
  if (!s.enabled) return tr("Moderation: off");
  QString action;
  switch (s.action) {
    case ChatModeration::Action::Warn: action = tr("warn"); break;
    case ChatModeration::Action::Block: action = tr("block"); break;
    case ChatModeration::Action::Log: action = tr("log only"); break;
  }
  const QFileInfo file(s.policy);
  const QString policy = s.policy.contains(QLatin1Char('/')) ? file.completeBaseName() : s.policy;
  return tr("Moderation: %1, %2").arg(policy, action);
}

void ChatModerationDialog::updateEnabled() {
  const bool on = enabled_->isChecked();
  policy_->setEnabled(on);
  browse_->setEnabled(on);
  side_->setEnabled(on);
  action_->setEnabled(on);
}

void ChatModerationDialog::browsePolicy() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a moderation policy"), QString(),
                                                    tr("Moderation policies (*.json)"));
  if (!path.isEmpty()) policy_->setEditText(path);
}

}  // namespace tramontane::gui
