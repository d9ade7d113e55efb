#pragma once
// StatusPanel: the permanent part of the status bar: the model, the backend (and why), the
// speed of the last answer, the context used against the window and the limit, the LoRA adapter
// set of the conversation shown.
#include <QWidget>

#include "gui/core/engine_worker.h"

class QLabel;

namespace tramontane::gui {

class StatusPanel : public QWidget {
  Q_OBJECT
 public:
  explicit StatusPanel(QWidget* parent = nullptr);

  void setModel(const ModelInfo& info);   // an empty path: no model
  void clearModel();
  void setTokensPerSecond(double tps);    // < 0: unknown
  void setContextUsed(qint64 used);       // positions held by the conversation
  void setAdapters(const QList<AdapterSpec>& set);  // the current conversation's set
  QString modelText() const;
  QString backendText() const;
  QString speedText() const;
  QString contextText() const;
  // "Adapters: style-r8 ×0.8, chat ×1" (the enabled ones with a scale > 0) or "No adapters".
  QString adaptersText() const;
  void retranslateUi();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  ModelInfo info_;
  bool loaded_ = false;
  double tps_ = -1;
  qint64 used_ = 0;
  QList<AdapterSpec> adapters_;
  QLabel* model_ = nullptr;
  QLabel* backend_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* context_ = nullptr;
  QLabel* adapters_label_ = nullptr;
};

}  // namespace tramontane::gui
