#pragma once
// ModerationPanel: the Tools > Moderation window. A policy chooser (built-in policies and policy
// files) over three tabs:
//   Single text  a text box, Check, the verdict, a bar per category and the exact prompt sent.
//   Batch        a CSV/JSONL file, its text and label columns and first rows, Run / Cancel /
//                Resume with progress, rate and ETA, the results (sortable, filterable), export.
//   Evaluation   with a label column: precision, recall, F1, accuracy, the confusion matrix and
//                the precision-recall curve, all recomputed live as the threshold slider moves;
//                the threshold can be saved for the policy (QSettings, keyed by policy name;
//                for a user policy, into its file).
//   Runs         the batch runs stored in the history database: open one (its stored rows in
//                the Batch table and the Evaluation, nothing re-run) or delete it.
// Policies: the built-in ones, the user's (written with the policy editor, New / Edit / Delete;
// files in <data dir>/policies, UserPolicyStore) and any policy file.
// The work runs on a ModerationController (gui/core/moderation_worker.h), which loads its own
// CPU Engine from the chat model's path (memory: see there). Runs are stored in the history
// database (ModerationStore) when a ChatStore is given.
#include <QWidget>

#include <memory>

#include "gui/core/moderation_worker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QTabWidget;
class QTableView;
class QTableWidget;
class QToolButton;
class QGridLayout;

namespace tramontane::gui {

class ChatStore;
class EngineController;
class ModerationStore;
class PrCurveWidget;
class UserPolicyStore;

class ModerationPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kSliderSteps = 1000;
  // `engine` gives the model path (it follows loads); `store` keeps the runs. Both may be null.
  explicit ModerationPanel(EngineController* engine, ChatStore* store, QWidget* parent = nullptr);
  ~ModerationPanel() override;

  ModerationController* controller() { return &controller_; }
  void setModelPath(const QString& path);
  // Without dialogs (tests and the buttons' second half). openDataset reads the file on the
  // worker (controller()->datasetOpened answers); false when busy.
  bool openDataset(const QString& path);
  std::optional<QString> exportResults(const QString& path);
  bool setPolicy(const QString& nameOrPath);
  void setThreshold(double t);   // moves the slider
  double threshold() const;
  void saveThresholdForPolicy();
  static QString thresholdSettingsKey(const QString& policyName);

  // User policies: the folder (default: <folder of the history database>/policies, else the app
  // data folder's), the list in the policy choice (re-read), deletion without confirmation.
  void setUserPolicyDir(const QString& dir);
  UserPolicyStore* userPolicies() { return user_policies_.get(); }
  void refreshPolicies();
  std::optional<QString> deleteUserPolicy(const QString& name);
  // The policy editor (modal): a new policy from a copy of the current one, or the current user
  // policy. The saved policy is chosen.
  void newPolicy();
  void editPolicy();

  // Stored runs: the list (re-read from the store), open one without running, delete one.
  void refreshRuns();
  std::optional<QString> openRun(qint64 runId);
  std::optional<QString> deleteRun(qint64 runId);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void buildUi();
  void retranslateUi();
  void runBatch();
  void showVerdict(const ModerationVerdict& v);
  void updateBatchButtons();
  void updateEvaluation();
  void refreshCurve();
  void showError(const QString& message);
  void showDataset(const QString& path, const QString& error);
  void runPolicyEditor(const QString& editingName);
  void updatePolicyButtons();
  qint64 selectedRun() const;

  ModerationController controller_;
  std::unique_ptr<ModerationStore> store_;

  QLabel* policy_label_ = nullptr;
  QComboBox* policy_combo_ = nullptr;
  QPushButton* new_policy_button_ = nullptr;
  QPushButton* edit_policy_button_ = nullptr;
  QPushButton* delete_policy_button_ = nullptr;
  QLabel* model_label_ = nullptr;
  QLabel* error_label_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  // Single text
  QWidget* single_tab_ = nullptr;
  QPlainTextEdit* text_edit_ = nullptr;
  QPushButton* check_button_ = nullptr;
  QLabel* verdict_label_ = nullptr;
  QGridLayout* bars_layout_ = nullptr;
  QToolButton* prompt_toggle_ = nullptr;
  QPlainTextEdit* prompt_view_ = nullptr;
  // Batch
  QWidget* batch_tab_ = nullptr;
  QPushButton* open_button_ = nullptr;
  QLabel* file_label_ = nullptr;
  QLabel* text_column_label_ = nullptr;
  QComboBox* text_column_ = nullptr;
  QLabel* label_column_label_ = nullptr;
  QComboBox* label_column_ = nullptr;
  QTableWidget* preview_ = nullptr;
  QPushButton* run_button_ = nullptr;
  QPushButton* cancel_button_ = nullptr;
  QPushButton* resume_button_ = nullptr;
  QProgressBar* progress_ = nullptr;
  QLabel* rate_label_ = nullptr;
  QLineEdit* search_ = nullptr;
  QComboBox* show_combo_ = nullptr;
  QTableView* table_ = nullptr;
  QPushButton* export_button_ = nullptr;
  ModerationFilterProxy* proxy_ = nullptr;
  // Evaluation
  QWidget* eval_tab_ = nullptr;
  QLabel* metrics_label_ = nullptr;
  QLabel* cm_labels_[4] = {};      // tp, fn, fp, tn
  QLabel* cm_headers_[4] = {};     // flagged, not flagged, positive, negative
  PrCurveWidget* curve_ = nullptr;
  QLabel* threshold_title_ = nullptr;
  QSlider* slider_ = nullptr;
  QLabel* threshold_label_ = nullptr;
  QPushButton* save_threshold_button_ = nullptr;
  // Runs
  QWidget* runs_tab_ = nullptr;
  QTableWidget* runs_table_ = nullptr;
  QPushButton* refresh_runs_button_ = nullptr;
  QPushButton* open_run_button_ = nullptr;
  QPushButton* delete_run_button_ = nullptr;
  QLabel* run_label_ = nullptr;

  std::unique_ptr<UserPolicyStore> user_policies_;

  QString policy_file_;   // the user's policy file, when chosen
};

}  // namespace tramontane::gui
