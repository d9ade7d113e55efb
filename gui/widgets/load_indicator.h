#pragma once
// LoadIndicator: shown in the status bar while a model loads: the stage, a busy progress bar
// and Cancel.
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace tramontane::gui {

class LoadIndicator : public QWidget {
  Q_OBJECT
 public:
  explicit LoadIndicator(QWidget* parent = nullptr);

  void start(const QString& model_name);
  void setStage(const QString& stage);
  void stop();
  QPushButton* cancelButton() const { return cancel_; }
  void retranslateUi();

 signals:
  void cancelRequested();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  QString name_;
  QString stage_;
  QLabel* label_ = nullptr;
  QProgressBar* bar_ = nullptr;
  QPushButton* cancel_ = nullptr;
};

}  // namespace tramontane::gui
