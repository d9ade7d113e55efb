// ChatStore: messages, branches and streaming answers.
#include <QJsonDocument>
#include <QSqlQuery>

#include "gui/core/chat_store.h"
#include "gui/core/chat_store_rows.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

// Longest parent chain followed; a deeper (or cyclic, in a damaged file) chain stops there.
constexpr int kMaxDepth = 1000000;

// The row of message `id`, or an error text.
std::optional<QString> load_message(const QSqlDatabase& db, qint64 id, Message* out) {
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM messages m WHERE m.id = ?").arg(kMessageColumns),
                          {id})) {
    return err;
  }
  if (!q.next()) return QCoreApplication::translate("ChatStore", "there is no message %1").arg(id);
  *out = read_message(q);
  return std::nullopt;
}

// Inserts a user message; the id through `id`.
std::optional<QString> insert_user(const QSqlDatabase& db, qint64 conversation_id,
                                   std::optional<qint64> parent_id, const QString& content,
                                   qint64 now, qint64* id) {
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, "
                                            "content, created_at, updated_at) VALUES (?, ?, 'user', ?, ?, ?)"),
                          {conversation_id, sql_nullable(parent_id), content, now, now})) {
    return err;
  }
  *id = q.lastInsertId().toLongLong();
  return std::nullopt;
}

}  // namespace

StoreResult<qint64> ChatStore::add_user_message(qint64 conversation_id, const QString& content) {
  const char* what = QT_TR_NOOP("cannot save the message");
  if (auto err = check_usable()) return StoreError{*err};
  if (content.size() > kMaxContentChars) return StoreError{fail(what, tr("the message is too long"))};
  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return StoreError{fail(what, *err)};
  auto conv = conversation(conversation_id);
  if (!conv) return StoreError{conv.error()};
  if (conv->deleted_at) return StoreError{fail(what, tr("conversation %1 is deleted").arg(conversation_id))};
  qint64 id = 0;
  if (auto err = insert_user(db, conversation_id, conv->current_leaf_id, content, wall_now(), &id)) {
    return StoreError{fail(what, *err)};
  }
  if (auto err = touch_conversation(db, conversation_id, id)) return StoreError{fail(what, *err)};
  if (auto err = tx.commit()) return StoreError{fail(what, *err)};
  return id;
}

StoreResult<qint64> ChatStore::edit_user_message(qint64 message_id, const QString& content) {
  const char* what = QT_TR_NOOP("cannot save the edited message");
  if (auto err = check_usable()) return StoreError{*err};
  if (content.size() > kMaxContentChars) return StoreError{fail(what, tr("the message is too long"))};
  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return StoreError{fail(what, *err)};
  Message old;
  if (auto err = load_message(db, message_id, &old)) return StoreError{fail(what, *err)};
  if (old.role != Role::User) {
    return StoreError{fail(what, tr("message %1 is not a user message").arg(message_id))};
  }
  qint64 id = 0;
  if (auto err = insert_user(db, old.conversation_id, old.parent_id, content, wall_now(), &id)) {
    return StoreError{fail(what, *err)};
  }
  if (auto err = touch_conversation(db, old.conversation_id, id)) return StoreError{fail(what, *err)};
  if (auto err = tx.commit()) return StoreError{fail(what, *err)};
  return id;
}

StoreResult<Message> ChatStore::message(qint64 id) const {
  if (auto err = check_usable()) return StoreError{*err};
  Message m;
  if (auto err = load_message(connection(), id, &m)) {
    return StoreError{fail(QT_TR_NOOP("cannot read the message"), *err)};
  }
  return m;
}

StoreResult<QList<Message>> ChatStore::messages(qint64 conversation_id) const {
  if (auto err = check_usable()) return StoreError{*err};
  QSqlQuery q(connection());
  q.setForwardOnly(true);
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? "
                                            "ORDER BY m.id").arg(kMessageColumns), {conversation_id})) {
    return StoreError{fail(QT_TR_NOOP("cannot read the messages"), *err)};
  }
  QList<Message> out;
  while (q.next()) out.append(read_message(q));
  return out;
}

StoreResult<QList<Message>> ChatStore::active_path(qint64 conversation_id) const {
  auto conv = conversation(conversation_id);
  if (!conv) return StoreError{conv.error()};
  QList<Message> out;
  if (!conv->current_leaf_id) return out;
  QSqlQuery q(connection());
  q.setForwardOnly(true);
  // Walk parent links from the leaf up: depth 0 is the leaf; reversed to root-first.
  const QString sql = QStringLiteral(
      "WITH RECURSIVE path(id, parent_id, depth) AS ("
      "  SELECT id, parent_id, 0 FROM messages WHERE id = ? AND conversation_id = ?"
      "  UNION ALL SELECT p.id, p.parent_id, path.depth + 1 FROM messages p"
      "  JOIN path ON p.id = path.parent_id WHERE path.depth < %2"
      ") SELECT %1 FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC")
                          .arg(kMessageColumns).arg(kMaxDepth);
  if (auto err = sql_exec(q, sql, {*conv->current_leaf_id, conversation_id})) {
    return StoreError{fail(QT_TR_NOOP("cannot read the messages"), *err)};
  }
  while (q.next()) out.append(read_message(q));
  return out;
}

StoreResult<QList<qint64>> ChatStore::sibling_ids(qint64 message_id) const {
  auto m = message(message_id);
  if (!m) return StoreError{m.error()};
  QSqlQuery q(connection());
  q.setForwardOnly(true);
  if (auto err = sql_exec(q, QStringLiteral("SELECT id FROM messages WHERE conversation_id = ? AND "
                                            "parent_id IS ? ORDER BY id"),
                          {m->conversation_id, sql_nullable(m->parent_id)})) {
    return StoreError{fail(QT_TR_NOOP("cannot read the messages"), *err)};
  }
  QList<qint64> ids;
  while (q.next()) ids.append(q.value(0).toLongLong());
  return ids;
}

std::optional<QString> ChatStore::select_branch(qint64 message_id) {
  const char* what = QT_TR_NOOP("cannot show the branch");
  auto m = message(message_id);
  if (!m) return m.error();
  const QSqlDatabase db = connection();
  qint64 leaf = message_id;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    QVariant child;
    if (auto err = sql_scalar(db, QStringLiteral("SELECT max(id) FROM messages WHERE parent_id = ?"),
                              &child, {leaf})) {
      return fail(what, *err);
    }
    if (child.isNull()) break;
    leaf = child.toLongLong();
  }
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral("UPDATE conversations SET current_leaf_id = ? WHERE id = ?"),
                          {leaf, m->conversation_id})) {
    return fail(what, *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::set_moderation(qint64 message_id, const QJsonObject& verdict) {
  if (auto err = check_usable()) return err;
  QSqlQuery q(connection());
  if (auto err = sql_exec(q, QStringLiteral("UPDATE messages SET moderation = ? WHERE id = ?"),
                          {json_text(verdict), message_id})) {
    return fail(QT_TR_NOOP("cannot save the moderation verdict"), *err);
  }
  if (q.numRowsAffected() != 1) {
    return fail(QT_TR_NOOP("cannot save the moderation verdict"), tr("there is no message %1").arg(message_id));
  }
  return std::nullopt;
}

// --- Streaming answers --------------------------------------------------------------------

StoreResult<qint64> ChatStore::begin_assistant_message(qint64 parent_id, const GenerationInfo& info) {
  const char* what = QT_TR_NOOP("cannot start the answer");
  if (auto err = check_usable()) return StoreError{*err};
  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return StoreError{fail(what, *err)};
  Message parent;
  if (auto err = load_message(db, parent_id, &parent)) return StoreError{fail(what, *err)};
  if (parent.role != Role::User) {
    return StoreError{fail(what, tr("message %1 is not a user message").arg(parent_id))};
  }
  const qint64 now = wall_now();
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral(
          "INSERT INTO messages (conversation_id, parent_id, role, content, created_at, updated_at, "
          "streaming, model, adapters, preset_id, preset_name, preset_text, sampling, prompt_tokens) "
          "VALUES (?, ?, 'assistant', '', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)"),
          {parent.conversation_id, parent_id, now, now, info.model, json_text(info.adapters),
           info.preset_id, info.preset_name, info.preset_text, json_text(info.sampling),
           sql_nullable(info.prompt_tokens)})) {
    return StoreError{fail(what, *err)};
  }
  const qint64 id = q.lastInsertId().toLongLong();
  if (auto err = touch_conversation(db, parent.conversation_id, id)) return StoreError{fail(what, *err)};
  if (auto err = tx.commit()) return StoreError{fail(what, *err)};
  Pending p;
  p.last_commit_steady = steady_ms_();
  pending_.insert(id, p);
  return id;
}

std::optional<QString> ChatStore::write_partial(qint64 message_id, Pending& pending) {
  QSqlQuery q(connection());
  if (auto err = sql_exec(q, QStringLiteral("UPDATE messages SET content = ?, updated_at = ?, "
                                            "completion_tokens = coalesce(?, completion_tokens) "
                                            "WHERE id = ? AND streaming = 1"),
                          {pending.text, wall_now(), sql_nullable(pending.completion_tokens), message_id})) {
    return fail(QT_TR_NOOP("cannot save the answer"), *err);
  }
  pending.last_commit_steady = steady_ms_();
  pending.dirty = false;
  return std::nullopt;
}

std::optional<QString> ChatStore::update_partial(qint64 message_id, const QString& text_so_far,
                                                 std::optional<qint64> completion_tokens) {
  if (auto err = check_usable()) return err;
  auto it = pending_.find(message_id);
  if (it == pending_.end()) {
    return fail(QT_TR_NOOP("cannot save the answer"), tr("message %1 is not streaming").arg(message_id));
  }
  if (text_so_far.size() > kMaxContentChars) {
    return fail(QT_TR_NOOP("cannot save the answer"), tr("the answer is too long"));
  }
  it->text = text_so_far;
  if (completion_tokens) it->completion_tokens = completion_tokens;
  it->dirty = true;
  if (steady_ms_() - it->last_commit_steady < partial_commit_ms_) return std::nullopt;
  return write_partial(message_id, *it);
}

std::optional<QString> ChatStore::flush_partials() {
  if (auto err = check_usable()) return err;
  std::optional<QString> first_error;
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (!it->dirty) continue;
    if (auto err = write_partial(it.key(), *it); err && !first_error) first_error = err;
  }
  return first_error;
}

std::optional<QString> ChatStore::finish_assistant_message(qint64 message_id, const QString& final_text,
                                                           StopReason reason,
                                                           std::optional<qint64> completion_tokens) {
  const char* what = QT_TR_NOOP("cannot save the answer");
  if (auto err = check_usable()) return err;
  if (reason == StopReason::None) return fail(what, tr("a finished answer needs a stop reason"));
  if (final_text.size() > kMaxContentChars) return fail(what, tr("the answer is too long"));
  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return fail(what, *err);
  Message m;
  if (auto err = load_message(db, message_id, &m)) return fail(what, *err);
  if (!m.streaming) return fail(what, tr("message %1 is not streaming").arg(message_id));
  if (!completion_tokens) completion_tokens = pending_.value(message_id).completion_tokens;
  if (auto err = sql_exec(db, QStringLiteral("UPDATE messages SET content = ?, updated_at = ?, streaming = 0, "
                                             "stop_reason = ?, completion_tokens = coalesce(?, completion_tokens) "
                                             "WHERE id = ?"),
                          {final_text, wall_now(), stop_reason_code(reason),
                           sql_nullable(completion_tokens), message_id})) {
    return fail(what, *err);
  }
  if (auto err = touch_conversation(db, m.conversation_id, std::nullopt)) return fail(what, *err);
  if (auto err = tx.commit()) return fail(what, *err);
  pending_.remove(message_id);
  return std::nullopt;
}

std::optional<QString> ChatStore::set_generation_result(qint64 message_id, qint64 prompt_tokens, qint64 seed) {
  const char* what = QT_TR_NOOP("cannot save the answer");
  if (auto err = check_usable()) return err;
  if (prompt_tokens < 0 || seed < 0) return fail(what, tr("negative token count or seed"));
  const QSqlDatabase db = connection();
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return fail(what, *err);
  Message m;
  if (auto err = load_message(db, message_id, &m)) return fail(what, *err);
  if (m.role != Role::Assistant) return fail(what, tr("message %1 is not an answer").arg(message_id));
  QJsonObject sampling = m.sampling;
  sampling.insert(QStringLiteral("seed"), seed);
  const QString json = QString::fromUtf8(QJsonDocument(sampling).toJson(QJsonDocument::Compact));
  if (auto err = sql_exec(db, QStringLiteral("UPDATE messages SET prompt_tokens = ?, sampling = ? WHERE id = ?"),
                          {prompt_tokens, json, message_id})) {
    return fail(what, *err);
  }
  if (auto err = tx.commit()) return fail(what, *err);
  return std::nullopt;
}

StoreResult<int> ChatStore::recover_interrupted() {
  if (auto err = check_usable()) return StoreError{*err};
  QStringList mine;   // answers this store is writing are not interrupted
  for (auto it = pending_.cbegin(); it != pending_.cend(); ++it) mine.append(QString::number(it.key()));
  QString sql = QStringLiteral("UPDATE messages SET streaming = 0, stop_reason = 'interrupted' "
                               "WHERE streaming = 1");
  if (!mine.isEmpty()) sql += QStringLiteral(" AND id NOT IN (%1)").arg(mine.join(QLatin1Char(',')));
  QSqlQuery q(connection());
  if (auto err = sql_exec(q, sql)) {
    return StoreError{fail(QT_TR_NOOP("cannot recover interrupted answers"), *err)};
  }
  return q.numRowsAffected();
}

}  // namespace tramontane::gui
