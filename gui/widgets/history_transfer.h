#pragma once
// HistoryTransfer: File > Export / Import of conversations. Export writes the shown conversation
// or all of them as Markdown (to read) or JSON (lossless, every branch; see gui/core/chat_json.h);
// import adds the conversations of a JSON export as new ones, all or nothing. Errors are shown
// in a dialog with the store's message; nothing is changed on error.
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

#include "gui/core/store_result.h"

class QWidget;

namespace tramontane::gui {

class ChatStore;

class HistoryTransfer : public QObject {
  Q_OBJECT
 public:
  HistoryTransfer(ChatStore& store, QWidget* parent);

  // Asks for a file (Markdown or JSON by the chosen filter) and writes it. conversation_id 0:
  // all conversations. Returns the path written, or empty when cancelled or failed.
  QString exportConversations(qint64 conversation_id);
  // Asks for a JSON export and imports it. Returns the number of conversations added (0 when
  // cancelled or failed).
  int importConversations();

  // Without dialogs (tests and scripts): write `path` (.md or .json) / import `path`.
  std::optional<QString> exportTo(const QString& path, qint64 conversation_id);
  StoreResult<QList<qint64>> importFrom(const QString& path);

 private:
  ChatStore& store_;
  QWidget* parent_;
};

}  // namespace tramontane::gui
