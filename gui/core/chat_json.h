#pragma once
// The JSON exchange format of the chat history, "tramontane-chat" version 1. Lossless: every
// branch and every stored field; ids are local to the file (messages numbered 1..n per
// conversation in creation order; "parent" and "current_leaf" refer to those numbers).
//
// {"format": "tramontane-chat", "version": 1, "exported_at": "2024-05-01T12:00:00.000Z",
//  "conversations": [{"title": "...", "created_at": "...Z", "updated_at": "...Z", "pinned": false,
//    "preset_id": "none", "model": "...", "current_leaf": 2,
//    "messages": [{"id": 1, "parent": null, "role": "user", "content": "...",
//      "created_at": "...Z", "updated_at": "...Z", "streaming": false, "model": "",
//      "adapters": [], "preset": {"id": "", "name": "", "text": ""}, "sampling": {},
//      "prompt_tokens": null, "completion_tokens": null, "stop_reason": null,
//      "moderation": null}, ...]}]}
//
// Reading treats the file as hostile: size, counts, lengths, types, times, references (a parent
// must come earlier, so the tree has no cycles) are all checked; errors name the file, the
// conversation and message (1-based positions) and the field.
#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

#include "gui/core/chat_types.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

inline constexpr int kChatJsonVersion = 1;

struct ChatJsonConversation {
  Conversation conversation;   // id unused; current_leaf_id is a local message id
  QList<Message> messages;     // id / parent_id are local ids; conversation_id unused
};

struct ChatJsonLimits {
  qint64 max_bytes = 256LL * 1024 * 1024;
  int max_conversations = 100000;
  int max_messages_per_conversation = 100000;
  qint64 max_messages = 2000000;
  qint64 max_content_chars = 16LL * 1024 * 1024;
  qint64 max_title_chars = 1000;
  qint64 max_field_chars = 1024 * 1024;   // model, preset fields, JSON sub-objects as text
};

// Messages are written in the order given (parents first); local ids are 1..n in that order.
QByteArray write_chat_json(const QList<ChatJsonConversation>& conversations, qint64 exported_at_ms);

StoreResult<QList<ChatJsonConversation>> read_chat_json(const QByteArray& json, const QString& label,
                                                        const ChatJsonLimits& limits = {});

// ISO 8601 UTC with milliseconds ("2024-05-01T12:00:00.000Z") <-> ms since the epoch.
QString iso_time(qint64 ms);
std::optional<qint64> parse_iso_time(const QString& text);

}  // namespace tramontane::gui
