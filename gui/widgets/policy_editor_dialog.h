#pragma once
// PolicyEditorDialog: writes a user moderation policy (issue 7): its name (the file's), title,
// prompt template (the placeholder {text} exactly once, checked as it is typed), the labels
// (name and description; added, removed, moved), which label is safe and the default threshold.
// A new policy starts from a copy of another (a built-in one by default; "Start from" replaces
// the fields). Save writes it through UserPolicyStore, which refuses what the engine's policy
// loader refuses; the refusal is shown in the dialog and it stays open.
#include <QDialog>

#include "engine/moderation/policy.h"

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace tramontane::gui {

class UserPolicyStore;

class PolicyEditorDialog : public QDialog {
  Q_OBJECT
 public:
  // `start`: the fields to begin with. `editingName`: the user policy being edited (empty: a new
  // one; then a "Start from" choice lists the built-in and user policies).
  PolicyEditorDialog(UserPolicyStore& store, const moderation::Policy& start, const QString& editingName,
                     QWidget* parent = nullptr);

  // Fills the fields from `p`.
  void setPolicy(const moderation::Policy& p);
  // The policy as written in the fields (not checked).
  moderation::Policy policy() const;
  // Checks and saves; false with the message shown (error()) when refused.
  bool save();
  QString error() const;
  // After a save: the saved policy's name and file.
  QString savedName() const { return saved_name_; }
  QString savedPath() const { return saved_path_; }

 private:
  void addLabel(const QString& name = {}, const QString& description = {});
  void moveLabel(int delta);
  void refreshSafeChoice();
  void checkTemplate();
  void showError(const QString& message);
  std::optional<QString> check() const;

  UserPolicyStore& store_;
  QString editing_;
  QString saved_name_;
  QString saved_path_;
  std::string source_;   // kept from the policy copied

  QComboBox* start_from_ = nullptr;
  QLineEdit* name_ = nullptr;
  QLineEdit* title_ = nullptr;
  QPlainTextEdit* template_ = nullptr;
  QLabel* template_status_ = nullptr;
  QTableWidget* labels_ = nullptr;
  QPushButton* add_ = nullptr;
  QPushButton* remove_ = nullptr;
  QPushButton* up_ = nullptr;
  QPushButton* down_ = nullptr;
  QComboBox* safe_ = nullptr;
  QDoubleSpinBox* threshold_ = nullptr;
  QLabel* error_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace tramontane::gui
