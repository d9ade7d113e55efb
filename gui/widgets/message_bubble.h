#pragma once
// MessageBubble: one message of the shown branch. The text is Markdown rendered by
// QTextDocument (code blocks in a monospace font); under it: Copy, Copy code (when the message
// has code blocks), Edit (user messages), Regenerate (the last answer) and, when the message has
// siblings (edited or regenerated versions), the branch switcher "< 1/2 >". Beside the header,
// the in-chat moderation badge ("Safe" / "Flagged: category") when the message has a verdict
// whose action is not "log" (log-only verdicts are stored, not shown).
#include <QFrame>

#include "gui/core/chat_types.h"

class QLabel;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace tramontane::gui {

// Where a message stands among its siblings; count 1 means no switcher.
struct BranchPosition {
  int index = 0;        // 0-based
  int count = 1;
  qint64 previous = 0;  // the sibling before (0: none)
  qint64 next = 0;      // the sibling after (0: none)
};

class MessageBubble : public QFrame {
  Q_OBJECT
 public:
  static constexpr int kStreamRenderMs = 60;

  explicit MessageBubble(const Message& message, QWidget* parent = nullptr);

  qint64 messageId() const { return message_.id; }
  const Message& message() const { return message_; }
  // The Markdown source shown (the answer so far while streaming).
  QString text() const { return message_.content; }
  // The rendered text as the user sees it.
  QString renderedText() const;
  void setText(const QString& markdown);
  void setStopReason(StopReason reason, bool streaming);
  void setBranch(const BranchPosition& branch);
  void setCanRegenerate(bool can);
  void setActionsEnabled(bool enabled);   // off while an answer streams
  void setHighlighted(bool on);           // a search hit jumped to
  // The message's moderation verdict (ChatFlow::verdictJson); nullopt hides the badge.
  void setModeration(const std::optional<QJsonObject>& verdict);
  // The badge as shown ("" when hidden).
  QString badgeText() const;
  bool badgeShown() const;
  // The badge for a verdict: "" for none and for the "log" action.
  static QString badgeTextFor(const std::optional<QJsonObject>& verdict);
  void retranslateUi();

  // The fenced code blocks of Markdown text, without the fences.
  static QStringList codeBlocks(const QString& markdown);

 signals:
  void editRequested(qint64 message_id);
  void regenerateRequested(qint64 message_id);
  void branchRequested(qint64 sibling_id);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void copyText();
  void copyCode();
  void render();
  void fitHeight();
  QString headerText() const;
  void updateBadge();

  Message message_;
  BranchPosition branch_;
  QLabel* header_ = nullptr;
  QLabel* badge_ = nullptr;
  QTextBrowser* body_ = nullptr;
  QToolButton* copy_ = nullptr;
  QToolButton* copy_code_ = nullptr;
  QToolButton* edit_ = nullptr;
  QToolButton* regenerate_ = nullptr;
  QToolButton* previous_ = nullptr;
  QLabel* branch_label_ = nullptr;
  QToolButton* next_ = nullptr;
  QString rendered_source_;
  QTimer* render_timer_ = nullptr;
};

}  // namespace tramontane::gui
