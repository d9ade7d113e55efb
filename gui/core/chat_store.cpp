// ChatStore: opening, connection per thread, conversations. Messages and streaming are in
// chat_store_messages.cpp, search in chat_store_search.cpp, export/import in chat_store_transfer.cpp.
#include "gui/core/chat_store.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <chrono>

#include "gui/core/chat_store_rows.h"
#include "gui/core/schema_migrations.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

const QString kConversationColumns = QStringLiteral(
    "id, title, created_at, updated_at, pinned, deleted_at, preset_id, model, current_leaf_id");

const QString kMessageColumns = QStringLiteral(
    "m.id, m.conversation_id, m.parent_id, m.role, m.content, m.created_at, m.updated_at, "
    "m.streaming, m.model, m.adapters, m.preset_id, m.preset_name, m.preset_text, m.sampling, "
    "m.prompt_tokens, m.completion_tokens, m.stop_reason, m.moderation");

Conversation read_conversation(const QSqlQuery& q) {
  Conversation c;
  c.id = q.value(0).toLongLong();
  c.title = q.value(1).toString();
  c.created_at = q.value(2).toLongLong();
  c.updated_at = q.value(3).toLongLong();
  c.pinned = q.value(4).toInt() != 0;
  c.deleted_at = sql_optional_int(q.value(5));
  c.preset_id = q.value(6).toString();
  c.model = q.value(7).toString();
  c.current_leaf_id = sql_optional_int(q.value(8));
  return c;
}

Message read_message(const QSqlQuery& q) {
  Message m;
  m.id = q.value(0).toLongLong();
  m.conversation_id = q.value(1).toLongLong();
  m.parent_id = sql_optional_int(q.value(2));
  m.role = role_from_code(q.value(3).toString()).value_or(Role::User);
  m.content = q.value(4).toString();
  m.created_at = q.value(5).toLongLong();
  m.updated_at = q.value(6).toLongLong();
  m.streaming = q.value(7).toInt() != 0;
  m.model = q.value(8).toString();
  m.adapters = json_array(q.value(9).toString());
  m.preset_id = q.value(10).toString();
  m.preset_name = q.value(11).toString();
  m.preset_text = q.value(12).toString();
  m.sampling = json_object(q.value(13).toString());
  m.prompt_tokens = sql_optional_int(q.value(14));
  m.completion_tokens = sql_optional_int(q.value(15));
  // An unknown code (written by a newer version) reads as None rather than failing the read.
  m.stop_reason = stop_reason_from_code(q.value(16).toString()).value_or(StopReason::None);
  if (!q.value(17).isNull()) m.moderation = json_object(q.value(17).toString());
  return m;
}

QString json_text(const QJsonObject& o) {
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString json_text(const QJsonArray& a) {
  return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
QJsonObject json_object(const QString& text) { return QJsonDocument::fromJson(text.toUtf8()).object(); }
QJsonArray json_array(const QString& text) { return QJsonDocument::fromJson(text.toUtf8()).array(); }

namespace {

QAtomicInteger<quint64> g_store_counter;

qint64 system_wall_ms() { return QDateTime::currentMSecsSinceEpoch(); }
qint64 system_steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ChatStore::ChatStore() : wall_ms_(system_wall_ms), steady_ms_(system_steady_ms) {}

ChatStore::~ChatStore() { close(); }   // errors cannot be reported here; call close() first

QString ChatStore::database_path(const QString& data_dir) {
  QString dir = data_dir;
  if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(dir).filePath(QStringLiteral("history.sqlite"));
}

void ChatStore::set_clocks(Clock wall_ms, Clock steady_ms) {
  wall_ms_ = wall_ms ? std::move(wall_ms) : Clock(system_wall_ms);
  steady_ms_ = steady_ms ? std::move(steady_ms) : Clock(system_steady_ms);
}

QString ChatStore::fail(const char* what, const QString& detail) const {
  return tr("%1: %2: %3").arg(path_, tr(what), detail);
}

std::optional<QString> ChatStore::check_usable() const {
  if (!is_open()) return tr("the history database is not open");
  if (QThread::currentThreadId() != owner_thread_) {
    return tr("%1: the history database was used from a thread that did not open it").arg(path_);
  }
  return std::nullopt;
}

QSqlDatabase ChatStore::connection() const {
  if (check_usable()) return {};
  return QSqlDatabase::database(connection_name_, false);
}

std::optional<QString> ChatStore::open(const QString& path) {
  close();
  const QFileInfo info(path);
  if (!QDir().mkpath(info.absolutePath())) {
    return tr("%1: cannot create the folder %2").arg(path, info.absolutePath());
  }
  // Connection names are per store and per thread: QSqlDatabase connections are never shared.
  const QString name = QStringLiteral("tramontane-history-%1-%2")
                           .arg(reinterpret_cast<quintptr>(QThread::currentThreadId()), 0, 16)
                           .arg(g_store_counter.fetchAndAddRelaxed(1));
  std::optional<QString> error;
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    auto pragma = [&](const char* sql, const char* expect) -> std::optional<QString> {
      QVariant v;
      if (auto err = sql_scalar(db, QString::fromLatin1(sql), &v)) return err;
      if (expect && v.toString().compare(QLatin1String(expect), Qt::CaseInsensitive) != 0) {
        return tr("%1 gave '%2' (expected '%3')").arg(QLatin1String(sql), v.toString(),
                                                     QLatin1String(expect));
      }
      return std::nullopt;
    };
    if (!db.open()) {
      error = tr("%1: cannot open the history database: %2").arg(path, db.lastError().text());
    } else if (auto err = pragma("PRAGMA schema_version", nullptr)) {
      // The first read fails here for a file that is not a SQLite database.
      error = tr("%1: cannot read the history database: %2").arg(path, *err);
    } else if (auto err = pragma("PRAGMA journal_mode = WAL", "wal")) {
      error = tr("%1: cannot switch to WAL journaling: %2").arg(path, *err);
    } else if (auto err = sql_exec(db, QStringLiteral("PRAGMA synchronous = FULL"))) {
      error = tr("%1: cannot set synchronous=FULL: %2").arg(path, *err);
    } else if (auto err = migrate_schema(db, path, schema_migrations())) {
      error = err;
    } else if (auto err = sql_exec(db, QStringLiteral("PRAGMA foreign_keys = ON"))) {
      error = tr("%1: cannot enable foreign keys: %2").arg(path, *err);
    } else if (auto err = pragma("PRAGMA foreign_keys", "1")) {
      error = tr("%1: foreign keys are not available: %2").arg(path, *err);
    }
    if (error) db.close();
  }
  if (error) {
    QSqlDatabase::removeDatabase(name);
    return error;
  }
  path_ = path;
  connection_name_ = name;
  owner_thread_ = QThread::currentThreadId();
  return std::nullopt;
}

std::optional<QString> ChatStore::close() {
  if (!is_open()) return std::nullopt;
  std::optional<QString> first_error = check_usable();
  if (!first_error) {
    // Answers still streaming end as Interrupted with the text received so far.
    const QList<qint64> ids = pending_.keys();
    for (qint64 id : ids) {
      const Pending p = pending_.value(id);
      auto err = finish_assistant_message(id, p.text, StopReason::Interrupted, p.completion_tokens);
      if (err && !first_error) first_error = err;
    }
  }
  // Called from a wrong thread (a caller's bug) nothing can be written, but the connection is
  // still released rather than leaked.
  pending_.clear();
  {
    QSqlDatabase db = QSqlDatabase::database(connection_name_, false);
    db.close();
  }
  QSqlDatabase::removeDatabase(connection_name_);
  connection_name_.clear();
  owner_thread_ = nullptr;
  return first_error;
}

// --- Conversations ------------------------------------------------------------------------

StoreResult<qint64> ChatStore::create_conversation(const QString& title, const QString& preset_id,
                                                   const QString& model) {
  if (auto err = check_usable()) return StoreError{*err};
  if (title.size() > kMaxTitleChars) return StoreError{fail(QT_TR_NOOP("cannot create the conversation"),
                                                            tr("the title is too long"))};
  const qint64 now = wall_now();
  QSqlQuery q(connection());
  if (auto err = sql_exec(q, QStringLiteral("INSERT INTO conversations (title, created_at, updated_at, "
                                            "preset_id, model) VALUES (?, ?, ?, ?, ?)"),
                          {title, now, now, preset_id, model})) {
    return StoreError{fail(QT_TR_NOOP("cannot create the conversation"), *err)};
  }
  return q.lastInsertId().toLongLong();
}

StoreResult<Conversation> ChatStore::conversation(qint64 id) const {
  if (auto err = check_usable()) return StoreError{*err};
  QSqlQuery q(connection());
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM conversations WHERE id = ?")
                                 .arg(kConversationColumns), {id})) {
    return StoreError{fail(QT_TR_NOOP("cannot read the conversation"), *err)};
  }
  if (!q.next()) return StoreError{fail(QT_TR_NOOP("cannot read the conversation"),
                                        tr("there is no conversation %1").arg(id))};
  return read_conversation(q);
}

StoreResult<QList<Conversation>> ChatStore::conversations_where(const QString& where,
                                                                const QString& order) const {
  if (auto err = check_usable()) return StoreError{*err};
  QSqlQuery q(connection());
  q.setForwardOnly(true);
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM conversations WHERE %2 ORDER BY %3")
                                 .arg(kConversationColumns, where, order))) {
    return StoreError{fail(QT_TR_NOOP("cannot list the conversations"), *err)};
  }
  QList<Conversation> out;
  while (q.next()) out.append(read_conversation(q));
  return out;
}

StoreResult<QList<Conversation>> ChatStore::conversations() const {
  return conversations_where(QStringLiteral("deleted_at IS NULL"),
                             QStringLiteral("pinned DESC, updated_at DESC, id DESC"));
}

StoreResult<QList<Conversation>> ChatStore::deleted_conversations() const {
  return conversations_where(QStringLiteral("deleted_at IS NOT NULL"),
                             QStringLiteral("deleted_at DESC, id DESC"));
}

StoreResult<QList<qint64>> ChatStore::live_conversation_ids() const {
  auto list = conversations_where(QStringLiteral("deleted_at IS NULL"),
                                  QStringLiteral("created_at, id"));
  if (!list) return StoreError{list.error()};
  QList<qint64> ids;
  for (const Conversation& c : *list) ids.append(c.id);
  return ids;
}

namespace {

// One UPDATE of one conversation row; "no such conversation" when nothing matched.
std::optional<QString> update_conversation(const QSqlDatabase& db, const QString& set_and_where,
                                           const QVariantList& values, qint64 id) {
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral("UPDATE conversations SET ") + set_and_where, values)) {
    return err;
  }
  if (q.numRowsAffected() != 1) {
    return QCoreApplication::translate("ChatStore", "there is no conversation %1").arg(id);
  }
  return std::nullopt;
}

}  // namespace

std::optional<QString> ChatStore::rename_conversation(qint64 id, const QString& title) {
  if (auto err = check_usable()) return err;
  if (title.size() > kMaxTitleChars) return fail(QT_TR_NOOP("cannot rename the conversation"),
                                                 tr("the title is too long"));
  if (auto err = update_conversation(connection(), QStringLiteral("title = ? WHERE id = ?"),
                                     {title, id}, id)) {
    return fail(QT_TR_NOOP("cannot rename the conversation"), *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::set_pinned(qint64 id, bool pinned) {
  if (auto err = check_usable()) return err;
  // Pinning does not touch updated_at: the order among pinned rows stays by last activity.
  if (auto err = update_conversation(connection(), QStringLiteral("pinned = ? WHERE id = ?"),
                                     {pinned ? 1 : 0, id}, id)) {
    return fail(QT_TR_NOOP("cannot pin the conversation"), *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::set_conversation_preset(qint64 id, const QString& preset_id) {
  if (auto err = check_usable()) return err;
  if (auto err = update_conversation(connection(), QStringLiteral("preset_id = ? WHERE id = ?"),
                                     {preset_id, id}, id)) {
    return fail(QT_TR_NOOP("cannot set the conversation's preset"), *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::set_conversation_model(qint64 id, const QString& model) {
  if (auto err = check_usable()) return err;
  if (auto err = update_conversation(connection(), QStringLiteral("model = ? WHERE id = ?"),
                                     {model, id}, id)) {
    return fail(QT_TR_NOOP("cannot set the conversation's model"), *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::delete_conversation(qint64 id) {
  if (auto err = check_usable()) return err;
  if (auto err = update_conversation(connection(),
                                     QStringLiteral("deleted_at = ? WHERE id = ? AND deleted_at IS NULL"),
                                     {wall_now(), id}, id)) {
    return fail(QT_TR_NOOP("cannot delete the conversation"), *err);
  }
  return std::nullopt;
}

std::optional<QString> ChatStore::restore_conversation(qint64 id) {
  if (auto err = check_usable()) return err;
  if (auto err = update_conversation(connection(),
                                     QStringLiteral("deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL"),
                                     {id}, id)) {
    return fail(QT_TR_NOOP("cannot restore the conversation"), *err);
  }
  return std::nullopt;
}

StoreResult<int> ChatStore::purge_deleted() {
  if (auto err = check_usable()) return StoreError{*err};
  QSqlQuery q(connection());
  // Messages, their FTS rows (trigger) and moderation runs go with the conversation (cascade).
  if (auto err = sql_exec(q, QStringLiteral("DELETE FROM conversations WHERE deleted_at IS NOT NULL"))) {
    return StoreError{fail(QT_TR_NOOP("cannot purge deleted conversations"), *err)};
  }
  return q.numRowsAffected();
}

std::optional<QString> ChatStore::touch_conversation(const QSqlDatabase& db, qint64 conversation_id,
                                                     std::optional<qint64> leaf) {
  if (leaf) {
    return update_conversation(db, QStringLiteral("updated_at = ?, current_leaf_id = ? WHERE id = ?"),
                               {wall_now(), *leaf, conversation_id}, conversation_id);
  }
  return update_conversation(db, QStringLiteral("updated_at = ? WHERE id = ?"),
                             {wall_now(), conversation_id}, conversation_id);
}

}  // namespace tramontane::gui
