#pragma once
// Composer: where the user writes. Enter sends, Shift+Enter starts a new line; the button is
// Send while idle and Stop while an answer streams (or a model loads).
#include <QWidget>

class QPlainTextEdit;
class QPushButton;

namespace tramontane::gui {

class Composer : public QWidget {
  Q_OBJECT
 public:
  explicit Composer(QWidget* parent = nullptr);

  QPlainTextEdit* editor() const { return edit_; }
  QPushButton* button() const { return button_; }
  QString text() const;
  void clear();
  void setText(const QString& text);
  // Busy: the button stops instead of sending, and Enter does nothing.
  void setBusy(bool busy);
  bool isBusy() const { return busy_; }
  void retranslateUi();

 signals:
  void sendRequested(const QString& text);
  void stopRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void trySend();

  QPlainTextEdit* edit_ = nullptr;
  QPushButton* button_ = nullptr;
  bool busy_ = false;
};

}  // namespace tramontane::gui
