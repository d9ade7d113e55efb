// ChatStore: export to Markdown and JSON, import from JSON (format in chat_json.h).
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QSqlQuery>

#include "gui/core/chat_json.h"
#include "gui/core/chat_store.h"
#include "gui/core/chat_store_rows.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

QString md_time(qint64 ms) {
  return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString role_label(Role role) {
  switch (role) {
    case Role::System: return QCoreApplication::translate("ChatStore", "System");
    case Role::User: return QCoreApplication::translate("ChatStore", "You");
    case Role::Assistant: return QCoreApplication::translate("ChatStore", "Assistant");
  }
  return {};
}

// Shown after an answer's heading when it did not end normally.
QString stop_note(const Message& m) {
  if (m.streaming) return QCoreApplication::translate("ChatStore", "still being written");
  switch (m.stop_reason) {
    case StopReason::MaxTokens: return QCoreApplication::translate("ChatStore", "cut at the token limit");
    case StopReason::ContextFull: return QCoreApplication::translate("ChatStore", "context full");
    case StopReason::Stopped: return QCoreApplication::translate("ChatStore", "stopped");
    case StopReason::Error: return QCoreApplication::translate("ChatStore", "ended by an error");
    case StopReason::Interrupted: return QCoreApplication::translate("ChatStore", "interrupted");
    case StopReason::None:
    case StopReason::EndOfText: return {};
  }
  return {};
}

}  // namespace

StoreResult<QString> ChatStore::export_markdown(qint64 conversation_id) const {
  auto conv = conversation(conversation_id);
  if (!conv) return StoreError{conv.error()};
  auto path = active_path(conversation_id);
  if (!path) return StoreError{path.error()};
  QString md = QStringLiteral("# %1\n\n").arg(conv->title);
  md += tr("*Created %1; last changed %2.*").arg(md_time(conv->created_at), md_time(conv->updated_at));
  md += QStringLiteral("\n\n");
  for (const Message& m : *path) {
    QStringList details{md_time(m.created_at)};
    if (m.role == Role::Assistant) {
      if (!m.model.isEmpty()) details.append(m.model);
      if (!m.preset_name.isEmpty()) details.append(tr("preset: %1").arg(m.preset_name));
      const QString note = stop_note(m);
      if (!note.isEmpty()) details.append(note);
    }
    md += QStringLiteral("## %1 \u2014 %2\n\n").arg(role_label(m.role), details.join(QStringLiteral(" \u00b7 ")));
    md += m.content;
    md += QStringLiteral("\n\n");
  }
  return md;
}

StoreResult<QString> ChatStore::export_markdown_all() const {
  auto ids = live_conversation_ids();
  if (!ids) return StoreError{ids.error()};
  QStringList parts;
  for (qint64 id : *ids) {
    auto md = export_markdown(id);
    if (!md) return StoreError{md.error()};
    parts.append(*md);
  }
  return parts.join(QStringLiteral("---\n\n"));
}

StoreResult<QByteArray> ChatStore::export_json(const QList<qint64>& conversation_ids) const {
  QList<ChatJsonConversation> list;
  for (qint64 id : conversation_ids) {
    ChatJsonConversation cj;
    auto conv = conversation(id);
    if (!conv) return StoreError{conv.error()};
    auto messages = this->messages(id);
    if (!messages) return StoreError{messages.error()};
    cj.conversation = *conv;
    cj.messages = *messages;
    list.append(cj);
  }
  return write_chat_json(list, wall_now());
}

StoreResult<QByteArray> ChatStore::export_json_all() const {
  auto ids = live_conversation_ids();
  if (!ids) return StoreError{ids.error()};
  return export_json(*ids);
}

StoreResult<QList<qint64>> ChatStore::import_json(const QByteArray& json, const QString& source_label) {
  const char* what = QT_TR_NOOP("cannot import the conversations");
  if (auto err = check_usable()) return StoreError{*err};
  ChatJsonLimits limits;
  limits.max_content_chars = kMaxContentChars;
  limits.max_title_chars = kMaxTitleChars;
  auto parsed = read_chat_json(json, source_label, limits);
  if (!parsed) return StoreError{parsed.error()};

  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return StoreError{fail(what, *err)};
  QList<qint64> new_ids;
  for (const ChatJsonConversation& cj : *parsed) {
    const Conversation& c = cj.conversation;
    QSqlQuery q(db);
    if (auto err = sql_exec(q, QStringLiteral("INSERT INTO conversations (title, created_at, updated_at, "
                                              "pinned, preset_id, model) VALUES (?, ?, ?, ?, ?, ?)"),
                            {c.title, c.created_at, c.updated_at, c.pinned ? 1 : 0, c.preset_id, c.model})) {
      return StoreError{fail(what, *err)};
    }
    const qint64 conversation_id = q.lastInsertId().toLongLong();
    QHash<qint64, qint64> stored;   // local id -> new row id
    for (const Message& m : cj.messages) {
      const std::optional<qint64> parent =
          m.parent_id ? std::optional<qint64>(stored.value(*m.parent_id)) : std::nullopt;
      QSqlQuery ins(db);
      if (auto err = sql_exec(ins, QStringLiteral(
              "INSERT INTO messages (conversation_id, parent_id, role, content, created_at, updated_at, "
              "streaming, model, adapters, preset_id, preset_name, preset_text, sampling, prompt_tokens, "
              "completion_tokens, stop_reason, moderation) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
              {conversation_id, sql_nullable(parent), role_code(m.role), m.content, m.created_at,
               m.updated_at, m.streaming ? 1 : 0, m.model, json_text(m.adapters), m.preset_id,
               m.preset_name, m.preset_text, json_text(m.sampling), sql_nullable(m.prompt_tokens),
               sql_nullable(m.completion_tokens),
               m.stop_reason == StopReason::None ? QVariant()
                                                 : QVariant(stop_reason_code(m.stop_reason)),
               m.moderation ? QVariant(json_text(*m.moderation)) : QVariant()})) {
        return StoreError{fail(what, *err)};
      }
      stored.insert(m.id, ins.lastInsertId().toLongLong());
    }
    if (c.current_leaf_id) {
      if (auto err = sql_exec(db, QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"),
                              {stored.value(*c.current_leaf_id), conversation_id})) {
        return StoreError{fail(what, *err)};
      }
    }
    new_ids.append(conversation_id);
  }
  if (auto err = tx.commit()) return StoreError{fail(what, *err)};
  return new_ids;
}

StoreResult<QList<qint64>> ChatStore::import_json_file(const QString& file_path) {
  QFile f(file_path);
  if (!f.open(QIODevice::ReadOnly)) return StoreError{tr("%1: cannot read: %2").arg(file_path, f.errorString())};
  const qint64 max_bytes = ChatJsonLimits{}.max_bytes;
  if (f.size() > max_bytes) {
    return StoreError{tr("%1: the file is larger than %2 MiB").arg(file_path).arg(max_bytes >> 20)};
  }
  const QByteArray json = f.read(max_bytes + 1);   // a file that grew meanwhile fails the size check
  if (f.error() != QFileDevice::NoError) return StoreError{tr("%1: cannot read: %2").arg(file_path, f.errorString())};
  return import_json(json, file_path);
}

}  // namespace tramontane::gui
