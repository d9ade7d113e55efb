#pragma once
// Plain records ChatStore reads and writes. Times are milliseconds since the Unix epoch (UTC).
//
// Messages form a tree per conversation: parent_id is the message answered (or, for the first
// user message of a branch, the assistant message before it; null for a root). Editing a user
// message adds a sibling with the same parent, so the old branch stays. The conversation's
// current_leaf_id picks the branch shown: the path root -> ... -> current leaf.
//
//   u1 -> a1 -> u2  -> a2          (old branch)
//            \-> u2' -> a2'        (edited u2, resent; current leaf = a2')
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace tramontane::gui {

enum class Role { System, User, Assistant };

// Stored as text: "system", "user", "assistant".
QString role_code(Role role);
std::optional<Role> role_from_code(const QString& code);

// Why an answer ended. Stored as text (NULL for None).
enum class StopReason {
  None,          // not finished (still streaming) or not an answer
  EndOfText,     // "eos": the model emitted its end-of-sequence token
  MaxTokens,     // "max_tokens": the token limit was reached
  ContextFull,   // "context_full": the context window is full
  Stopped,       // "stopped": the user pressed stop
  Error,         // "error": generation failed
  Interrupted,   // "interrupted": the app closed or crashed while streaming
};

QString stop_reason_code(StopReason reason);  // empty for None
std::optional<StopReason> stop_reason_from_code(const QString& code);  // "" -> None

struct Conversation {
  qint64 id = 0;
  QString title;
  qint64 created_at = 0;
  qint64 updated_at = 0;   // last change of the conversation or its messages
  bool pinned = false;
  std::optional<qint64> deleted_at;   // set while soft-deleted (undo possible until purged)
  QString preset_id;                  // the preset chosen for new answers
  QString model;                      // the model last chosen for this conversation
  std::optional<qint64> current_leaf_id;

  friend bool operator==(const Conversation&, const Conversation&) = default;
};

struct Message {
  qint64 id = 0;
  qint64 conversation_id = 0;
  std::optional<qint64> parent_id;
  Role role = Role::User;
  QString content;
  qint64 created_at = 0;
  qint64 updated_at = 0;
  bool streaming = false;   // an answer being written (or cut off by a crash before recovery)
  // What produced an assistant message (empty for user messages):
  QString model;
  QJsonArray adapters;      // [{"name": ..., "path": ..., "scale": 1.0, "enabled": true}, ...]
  QString preset_id;
  QString preset_name;
  QString preset_text;      // the system prompt as it was when the answer was generated
  QJsonObject sampling;     // {"temperature": 0.7, "top_k": 40, "top_p": 0.95, "seed": 1, ...}
  std::optional<qint64> prompt_tokens;
  std::optional<qint64> completion_tokens;
  StopReason stop_reason = StopReason::None;
  std::optional<QJsonObject> moderation;   // the moderation verdict, when one was run

  friend bool operator==(const Message&, const Message&) = default;
};

// Settings an answer is generated with; stored on the assistant message.
struct GenerationInfo {
  QString model;
  QJsonArray adapters;
  QString preset_id;
  QString preset_name;
  QString preset_text;
  QJsonObject sampling;
  std::optional<qint64> prompt_tokens;
};

struct SearchHit {
  qint64 message_id = 0;
  qint64 conversation_id = 0;
  QString conversation_title;
  Role role = Role::User;
  qint64 created_at = 0;
  QString snippet;                     // plain text around the match ("…" where cut)
  QList<QPair<int, int>> highlights;   // (start, length) in snippet, sorted, not overlapping
};

// The snippet as HTML with matches in <b>…</b>; all other text escaped.
QString snippet_html(const SearchHit& hit);

}  // namespace tramontane::gui
