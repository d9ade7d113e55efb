#pragma once
// ConversationPanel: the left side. A search box (full-text search over every conversation,
// hits with the matches in bold; a click jumps to the message), the conversation list (new,
// rename, delete with undo, pin from the context menu).
#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace tramontane::gui {

class ChatStore;
class ConversationListModel;

class ConversationPanel : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kUndoMs = 10000;

  ConversationPanel(ChatStore& store, ConversationListModel& model, QWidget* parent = nullptr);

  QListView* listView() const { return list_; }
  QLineEdit* searchBox() const { return search_; }
  QListWidget* searchResults() const { return results_; }
  qint64 currentConversation() const;
  void selectConversation(qint64 conversation_id);

  void renameConversation(qint64 conversation_id);   // starts editing the row
  void deleteConversation(qint64 conversation_id);   // soft delete, offers undo
  void undoDelete();
  void togglePinned(qint64 conversation_id);
  void runSearch(const QString& query);
  void retranslateUi();

 signals:
  void conversationActivated(qint64 conversation_id);   // 0: none left
  void newConversationRequested();
  void messageJumpRequested(qint64 conversation_id, qint64 message_id);
  void errorOccurred(const QString& message);

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void showContextMenu(const QPoint& pos);
  void report(const std::optional<QString>& error);

  ChatStore& store_;
  ConversationListModel& model_;
  QLineEdit* search_ = nullptr;
  QPushButton* new_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  QListView* list_ = nullptr;
  QListWidget* results_ = nullptr;
  QWidget* undo_bar_ = nullptr;
  QLabel* undo_label_ = nullptr;
  QToolButton* undo_button_ = nullptr;
  QTimer* undo_timer_ = nullptr;
  QTimer* search_timer_ = nullptr;
  qint64 deleted_id_ = 0;
  QString deleted_title_;
};

}  // namespace tramontane::gui
