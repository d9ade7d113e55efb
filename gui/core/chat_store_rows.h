#pragma once
// Column lists and row readers shared by the ChatStore .cpp files (internal to gui/core).
#include <QSqlQuery>
#include <QString>

#include "gui/core/chat_types.h"

namespace tramontane::gui {

// SELECT list for conversation rows, in the order read_conversation() expects.
extern const QString kConversationColumns;
// SELECT list for message rows (table alias m), in the order read_message() expects.
extern const QString kMessageColumns;

Conversation read_conversation(const QSqlQuery& q);
Message read_message(const QSqlQuery& q);

// JSON text columns <-> Qt JSON values (invalid text reads as empty).
QString json_text(const QJsonObject& o);
QString json_text(const QJsonArray& a);
QJsonObject json_object(const QString& text);
QJsonArray json_array(const QString& text);

}  // namespace tramontane::gui
