#include "gui/widgets/composer.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QPushButton>

namespace tramontane::gui {

Composer::Composer(QWidget* parent) : QWidget(parent) {
  edit_ = new QPlainTextEdit(this);
  edit_->setObjectName(QStringLiteral("composerEdit"));
  edit_->setTabChangesFocus(true);
  edit_->setMaximumHeight(140);
  edit_->installEventFilter(this);
  button_ = new QPushButton(this);
  button_->setObjectName(QStringLiteral("sendButton"));
  button_->setDefault(false);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit_, 1);
  layout->addWidget(button_, 0, Qt::AlignBottom);
  connect(button_, &QPushButton::clicked, this, [this] {
    if (busy_) {
      emit stopRequested();
    } else {
      trySend();
    }
  });
  retranslateUi();
}

QString Composer::text() const { return edit_->toPlainText(); }

void Composer::clear() { edit_->clear(); }

void Composer::setText(const QString& text) { edit_->setPlainText(text); }

void Composer::setBusy(bool busy) {
  busy_ = busy;
  retranslateUi();
}

void Composer::retranslateUi() {
  edit_->setPlaceholderText(tr("Write a message (Enter sends, Shift+Enter for a new line)"));
  button_->setText(busy_ ? tr("Stop") : tr("Send"));
  button_->setToolTip(busy_ ? tr("Stop the answer") : tr("Send the message"));
}

void Composer::trySend() {
  const QString message = edit_->toPlainText();
  if (busy_ || message.trimmed().isEmpty()) return;
  emit sendRequested(message);
}

bool Composer::eventFilter(QObject* watched, QEvent* event) {
  if (watched == edit_ && event->type() == QEvent::KeyPress) {
    auto* key = static_cast<QKeyEvent*>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    if (enter && (key->modifiers() & Qt::ShiftModifier)) {
      edit_->insertPlainText(QStringLiteral("\n"));   // a real line break, not U+2028
      return true;
    }
    if (enter) {
      trySend();
      return true;   // Enter never inserts a line break
    }
  }
  return QWidget::eventFilter(watched, event);
}

void Composer::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
