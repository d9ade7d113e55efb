#pragma once
// WelcomePanel: shown in the chat area while no model is loaded and the conversation is empty
// (MainWindow swaps it with the ChatView). Says what the app does and which model runs, offers
// "Open a model file…/folder…" (starting where the last recent model was) and the last model,
// lists the model files found in the usual places (Hugging Face cache, Ollama, LM Studio,
// GPT4All; one click opens one) and names the backend the engine would use.
//
// The scan (findModelCandidates) is bounded: each layout is read at its fixed depth only (no
// recursive walk) and at most kMaxScannedEntries directory entries are looked at in all.
#include <QList>
#include <QString>
#include <QWidget>

#include "gui/core/engine_worker.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace tramontane::gui {

class AppSettings;

struct ModelCandidate {
  QString path;     // what openModel gets: a .gguf file, a model directory or an Ollama blob
  QString name;     // e.g. "mistralai/Mistral-7B-Instruct-v0.3" or "mistral:7b"
  QString source;   // "huggingface", "ollama", "lmstudio" or "gpt4all"
};

class WelcomePanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kMaxScannedEntries = 4000;
  static constexpr int kMaxCandidates = 50;

  WelcomePanel(AppSettings& settings, QWidget* parent = nullptr);

  // The model files under `home` in the usual folders (HF_HOME / HUGGINGFACE_HUB_CACHE are
  // honoured for the Hugging Face cache when set). Sorted by source, then name.
  static QList<ModelCandidate> findModelCandidates(const QString& home);
  // "NVIDIA H100 80GB HBM3 (CUDA, 78.9 GiB free of 79.2 GiB)" or "CPU (16 threads, AVX2)".
  static QString backendText();

  // Scans again (QDir::homePath()) and refreshes the recent model and backend lines.
  void refresh();
  // The model running (info.path empty: none) or being loaded (`loading` non-empty).
  void setModel(const ModelInfo& info, const QString& loading = QString());

  QListWidget* candidateList() const { return list_; }
  const QList<ModelCandidate>& candidates() const { return candidates_; }
  void retranslateUi();

 signals:
  // The user chose a model (a candidate, the last one, or one picked in a file dialog).
  void openRequested(const QString& path);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void openFile();
  void openFolder();
  void onItemActivated(QListWidgetItem* item);
  QString startDir() const;
  void fillList();

  AppSettings& settings_;
  QList<ModelCandidate> candidates_;
  ModelInfo model_;
  QString loading_;
  QString backend_;

  QLabel* title_ = nullptr;
  QLabel* intro_ = nullptr;
  QLabel* model_label_ = nullptr;
  QLabel* backend_label_ = nullptr;
  QPushButton* open_file_ = nullptr;
  QPushButton* open_folder_ = nullptr;
  QPushButton* open_last_ = nullptr;
  QLabel* found_label_ = nullptr;
  QListWidget* list_ = nullptr;
  QLabel* places_label_ = nullptr;
};

}  // namespace tramontane::gui
