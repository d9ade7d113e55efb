#pragma once
// StatusPanel: the permanent part of the status bar: the model, the backend (and why), the
// speed of the last answer, the context used against the window and the limit.
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
  QString modelText() const;
  QString backendText() const;
  QString speedText() const;
  QString contextText() const;
  void retranslateUi();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  ModelInfo info_;
  bool loaded_ = false;
  double tps_ = -1;
  qint64 used_ = 0;
  QLabel* model_ = nullptr;
  QLabel* backend_ = nullptr;
  QLabel* speed_ = nullptr;
  QLabel* context_ = nullptr;
};

}  // namespace tramontane::gui
