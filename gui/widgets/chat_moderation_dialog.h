#pragma once
// ChatModerationDialog: the in-chat moderation settings of one conversation (issue 7): on or
// off, the policy (a built-in one, a user policy or a policy file), which side is checked (the user's input,
// the model's answer or both) and what a flagged input does (warn, block sending, log only).
#include <QDialog>

#include "gui/widgets/app_settings.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace tramontane::gui {

class ChatModerationDialog : public QDialog {
  Q_OBJECT
 public:
  // `userPolicyDir`: the user policies' folder (UserPolicyStore; empty: the default one), whose
  // policies are listed after the built-in ones (by file path, which is what is stored).
  explicit ChatModerationDialog(const ChatModeration& settings, QWidget* parent = nullptr,
                                const QString& userPolicyDir = {});

  ChatModeration settings() const;
  void setSettings(const ChatModeration& settings);
  // The settings in a few words for the chat bar ("Moderation: off", "Moderation: binary, warn").
  static QString summary(const ChatModeration& settings);

 private:
  void updateEnabled();
  void browsePolicy();

  QCheckBox* enabled_ = nullptr;
  QComboBox* policy_ = nullptr;
  QPushButton* browse_ = nullptr;
  QComboBox* side_ = nullptr;
  QComboBox* action_ = nullptr;
  QLabel* note_ = nullptr;
};

}  // namespace tramontane::gui
