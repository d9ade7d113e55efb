#include "gui/widgets/chat_view.h"

#include <QEvent>
#include <QLabel>
#include <QPointer>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace tramontane::gui {

ChatView::ChatView(QWidget* parent) : QScrollArea(parent) {
  setObjectName(QStringLiteral("chatView"));
  setWidgetResizable(true);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  content_ = new QWidget(this);
  layout_ = new QVBoxLayout(content_);
  layout_->setContentsMargins(12, 12, 12, 12);
  layout_->setSpacing(10);
  empty_ = new QLabel(content_);
  empty_->setObjectName(QStringLiteral("emptyChatLabel"));
  empty_->setAlignment(Qt::AlignCenter);
  empty_->setWordWrap(true);
  layout_->addWidget(empty_);
  layout_->addStretch(1);
  setWidget(content_);
  // Keep following the answer when the content grows while the view is at its end.
  connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int max) {
    if (property("following").toBool()) verticalScrollBar()->setValue(max);
  });
  connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
    setProperty("following", value >= verticalScrollBar()->maximum() - 4);
  });
  setProperty("following", true);
  retranslateUi();
}

void ChatView::clearMessages() {
  for (MessageBubble* b : bubbles_) {
    layout_->removeWidget(b);
    b->deleteLater();
  }
  bubbles_.clear();
  empty_->setVisible(true);
}

void ChatView::setMessages(const QList<Message>& path, const QHash<qint64, BranchPosition>& branches) {
  setUpdatesEnabled(false);
  clearMessages();
  for (const Message& m : path) {
    MessageBubble* b = appendMessage(m);
    if (branches.contains(m.id)) b->setBranch(branches.value(m.id));
  }
  setUpdatesEnabled(true);
  setProperty("following", true);
  QTimer::singleShot(0, this, [this] { verticalScrollBar()->setValue(verticalScrollBar()->maximum()); });
}

MessageBubble* ChatView::appendMessage(const Message& message) {
  auto* b = new MessageBubble(message, content_);
  b->setStopReason(message.stop_reason, message.streaming);
  b->setActionsEnabled(interactive_);
  connect(b, &MessageBubble::editRequested, this, &ChatView::editRequested);
  connect(b, &MessageBubble::regenerateRequested, this, &ChatView::regenerateRequested);
  connect(b, &MessageBubble::branchRequested, this, &ChatView::branchRequested);
  // User messages lean right, answers left.
  b->setContentsMargins(0, 0, 0, 0);
  layout_->insertWidget(layout_->count() - 1, b);
  bubbles_.append(b);
  empty_->setVisible(false);
  updateRegenerate();
  return b;
}

MessageBubble* ChatView::bubble(qint64 message_id) const {
  for (MessageBubble* b : bubbles_) {
    if (b->messageId() == message_id) return b;
  }
  return nullptr;
}

void ChatView::setStreamingText(qint64 message_id, const QString& text) {
  if (MessageBubble* b = bubble(message_id)) b->setText(text);
}

void ChatView::finishStreaming(qint64 message_id, const QString& text, StopReason reason) {
  if (MessageBubble* b = bubble(message_id)) {
    b->setText(text);
    b->setStopReason(reason, false);
  }
}

void ChatView::setInteractive(bool interactive) {
  interactive_ = interactive;
  for (MessageBubble* b : bubbles_) b->setActionsEnabled(interactive);
}

void ChatView::scrollToMessage(qint64 message_id) {
  MessageBubble* b = bubble(message_id);
  if (!b) return;
  setProperty("following", false);
  // The bubble may be gone by then (the conversation reloaded in the same event-loop turn).
  QTimer::singleShot(0, this, [this, bubble = QPointer<MessageBubble>(b)] {
    if (bubble) ensureWidgetVisible(bubble, 0, 40);
  });
  b->setHighlighted(true);
  QTimer::singleShot(2500, b, [b] { b->setHighlighted(false); });
}

QString ChatView::visibleText() const {
  QStringList parts;
  for (const MessageBubble* b : bubbles_) parts.append(b->renderedText());
  return parts.join(QStringLiteral("\n\n"));
}

void ChatView::updateRegenerate() {
  // Only the last answer of the branch can be regenerated.
  for (int i = 0; i < bubbles_.size(); ++i) bubbles_[i]->setCanRegenerate(i == bubbles_.size() - 1);
}

void ChatView::retranslateUi() {
  empty_->setText(tr("No messages yet. Write below to start the conversation."));
}

void ChatView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QScrollArea::changeEvent(event);
}

}  // namespace tramontane::gui
