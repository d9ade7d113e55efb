#pragma once
// AdapterManager (Tools > Adapters…): the LoRA adapters the app knows (AppSettings' library) and
// the adapter set of the current conversation. One row per adapter: enabled, name, rank, alpha,
// targets, size once loaded, the base model it was trained for, whether it fits the loaded model
// (or why not), and a scale slider 0..2. Adding (a PEFT folder or a llama.cpp .gguf LoRA file)
// enables the adapter for the current conversation at scale 1. Every change is stored at once in
// the conversation's settings, so the next answer uses it (ChatFlow sends the set with the request
// and records it on the answer); the engine never reloads the model for it
// (EngineWorker's cache policy). Row details come from the worker (EngineController::inspectAdapter),
// asked again when a model is loaded.
//
// While the chat runs on a remote server (EngineController::isRemote) the adapters are the
// server's: those it lists (RemoteBackend::adapters, keyed by remote_adapter_path) are added to the
// library and chosen per conversation like local ones; adding local files and Compare are off.
//
// The non-dialog API (addAdapter, setEnabled, setScale, removeAdapter) is what the buttons and
// widgets call; tests drive it directly.
#include <QHash>
#include <QWidget>

#include <optional>
#include <vector>

#include "gui/core/engine_worker.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace tramontane::gui {

class AppSettings;
class EngineController;
class CompareView;

class AdapterManager : public QWidget {
  Q_OBJECT
 public:
  enum Column { ColEnabled = 0, ColName, ColRank, ColAlpha, ColTargets, ColSize, ColBase, ColFits, ColScale, ColCount };
  static constexpr int kSliderSteps = 200;  // the slider's range 0..200 is the scale 0..2

  AdapterManager(EngineController& controller, AppSettings& settings, QWidget* parent = nullptr);

  // The conversation whose set is shown and edited (0: none; then the rows cannot be changed).
  void setConversation(qint64 conversation_id);
  qint64 conversation() const { return conversation_id_; }

  // Adds `path` to the library (if new) and enables it in the current conversation at scale 1.
  // Returns an error for the user (not a folder with adapter_config.json nor a .gguf file).
  std::optional<QString> addAdapter(const QString& path);
  // Removes it from the library (every conversation stops using it) and the worker's cache.
  void removeAdapter(const QString& path);
  void setEnabled(const QString& path, bool enabled);
  void setScale(const QString& path, double scale);   // clamped to 0..2

  // The current conversation's set (what the next answer uses).
  QList<AdapterSpec> currentSet() const;
  QStringList adapters() const;                        // the rows' paths, in order
  // What the worker reported for `path` (empty until it answered).
  AdapterInfo info(const QString& path) const { return infos_.value(path); }
  // The text of the "fits the loaded model" column for `path`.
  QString fitsText(const QString& path) const;
  QString memoryText() const;
  QTableWidget* table() const { return table_; }
  // The compare view (the "Compare…" button), created and shown on first use.
  CompareView* openCompare();
  CompareView* compareView() const { return compare_; }

  void retranslateUi();

 signals:
  // The set of `conversation_id` changed (stored already).
  void adapterSetChanged(qint64 conversation_id, const QList<tramontane::gui::AdapterSpec>& set);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  AdapterSpec specFor(const QString& path) const;      // the conversation's entry or a disabled default
  void store(const AdapterSpec& spec);
  void rebuild();
  void fillRow(int row);
  int rowOf(const QString& path) const;
  void onInfo(const AdapterInfo& info);
  void inspectAll();
  // Connected to a server: its adapters into the library (rows rebuilt when any is new).
  void addServerAdapters();
  void addFolder();
  void addFile();
  void removeSelected();

  EngineController& controller_;
  AppSettings& settings_;
  qint64 conversation_id_ = 0;
  QHash<QString, AdapterInfo> infos_;
  bool filling_ = false;

  QLabel* intro_ = nullptr;
  QTableWidget* table_ = nullptr;
  QPushButton* add_folder_ = nullptr;
  QPushButton* add_file_ = nullptr;
  QPushButton* remove_ = nullptr;
  QLabel* memory_ = nullptr;
  QPushButton* compare_button_ = nullptr;
  CompareView* compare_ = nullptr;
};

// Compare view: one prompt (a single user message, no system prompt, the conversation's sampling
// settings with one seed for all) answered with up to four adapter sets side by side, generated
// together in one batch (EngineController::compare), with the time per token of each column.
// A column's set: unused, no adapters, the conversation's set, or one listed adapter at scale 1
// (or any set through setColumnSet).
class CompareView : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kColumns = EngineWorker::kMaxCompare;
  CompareView(EngineController& controller, AppSettings& settings, QWidget* parent = nullptr);

  void setConversation(qint64 conversation_id) { conversation_id_ = conversation_id; }
  // Rebuilds the set choices (after the library changed).
  void refreshChoices();
  // Uses `set` for `column`; nullopt leaves the column unused.
  void setColumnSet(int column, const std::optional<QList<AdapterSpec>>& set);
  std::optional<QList<AdapterSpec>> columnSet(int column) const;
  // Starts the comparison; an error for the user, or nullopt when it started.
  std::optional<QString> run(const QString& prompt);
  QString columnText(int column) const;
  QString columnStats(int column) const;
  QLineEdit* promptEdit() const { return prompt_; }

  void retranslateUi();

 signals:
  void compared(const QList<tramontane::gui::CompareColumn>& columns);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void onChoice(int column);
  void onFinished(const QList<CompareColumn>& columns);
  QString setSummary(const QList<AdapterSpec>& set) const;

  EngineController& controller_;
  AppSettings& settings_;
  qint64 conversation_id_ = 0;
  std::vector<std::optional<QList<AdapterSpec>>> sets_;
  QList<int> running_;            // column of each set sent, in order
  bool filling_ = false;
  QLineEdit* prompt_ = nullptr;
  QPushButton* run_ = nullptr;
  QPushButton* stop_ = nullptr;
  QLabel* error_ = nullptr;
  QList<QComboBox*> choice_;
  QList<QPlainTextEdit*> output_;
  QList<QLabel*> stats_;
};

}  // namespace tramontane::gui
