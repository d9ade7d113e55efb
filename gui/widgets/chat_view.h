#pragma once
// ChatView: the shown branch of a conversation (ChatStore::active_path) as message bubbles, the
// streaming answer growing in the last one. Follows the end while the user has not scrolled up.
#include <QHash>
#include <QList>
#include <QScrollArea>

#include "gui/core/chat_types.h"
#include "gui/widgets/message_bubble.h"

class QVBoxLayout;
class QLabel;

namespace tramontane::gui {

class ChatView : public QScrollArea {
  Q_OBJECT
 public:
  explicit ChatView(QWidget* parent = nullptr);

  // Replaces what is shown. `branches` gives the switcher of messages with siblings.
  void setMessages(const QList<Message>& path, const QHash<qint64, BranchPosition>& branches = {});
  void clearMessages();
  // Adds a message at the end (the user message sent, the answer starting).
  MessageBubble* appendMessage(const Message& message);
  // The streaming answer: its whole text so far.
  void setStreamingText(qint64 message_id, const QString& text);
  void finishStreaming(qint64 message_id, const QString& text, StopReason reason);
  // Edit/regenerate/branch buttons off while an answer streams.
  void setInteractive(bool interactive);
  void scrollToMessage(qint64 message_id);   // and highlights it briefly

  QList<MessageBubble*> bubbles() const { return bubbles_; }
  MessageBubble* bubble(qint64 message_id) const;
  // Every message's rendered text, one per line block (for tests and copy of all).
  QString visibleText() const;
  void retranslateUi();

 signals:
  void editRequested(qint64 message_id);
  void regenerateRequested(qint64 message_id);
  void branchRequested(qint64 sibling_id);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void updateRegenerate();

  QWidget* content_ = nullptr;
  QVBoxLayout* layout_ = nullptr;
  QLabel* empty_ = nullptr;
  QList<MessageBubble*> bubbles_;
  bool interactive_ = true;
};

}  // namespace tramontane::gui
