#pragma once
// ChatStore: the chat history in SQLite (QtSql). One store object = one connection, used only on
// the thread that opened it; another thread opens its own ChatStore on the same file (WAL lets
// readers run beside the writer). Every write is its own committed transaction, made durable
// with synchronous=FULL:
//   add_user_message       commits before generation starts (never lost in a crash);
//   begin_assistant_message commits an empty streaming answer;
//   update_partial         is called per token; commits the text at most every
//                          partial_commit_interval_ms (default 1 s), so a crash loses at most
//                          that much streaming; finish/close commit the rest.
// Errors are translated strings naming the database file; nothing throws.
#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

#include "gui/core/chat_types.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

class ChatStore {
  Q_DECLARE_TR_FUNCTIONS(ChatStore)

 public:
  using Clock = std::function<qint64()>;   // milliseconds
  static constexpr qint64 kDefaultPartialCommitMs = 1000;
  static constexpr qint64 kMaxContentChars = 16 * 1024 * 1024;
  static constexpr qint64 kMaxTitleChars = 1000;

  ChatStore();
  ~ChatStore();   // close(), errors dropped
  ChatStore(const ChatStore&) = delete;
  ChatStore& operator=(const ChatStore&) = delete;

  // <data_dir>/history.sqlite; an empty data_dir means QStandardPaths::AppDataLocation.
  static QString database_path(const QString& data_dir = {});

  // Creates the folder and file if needed, sets WAL, synchronous=FULL, foreign_keys=ON, busy
  // timeout, and migrates the schema to current_schema_version().
  std::optional<QString> open(const QString& path);
  // Commits answers still streaming as Interrupted, then closes the connection (also after an
  // error, which is returned).
  std::optional<QString> close();
  bool is_open() const { return !connection_name_.isEmpty(); }
  QString path() const { return path_; }
  // The connection, for PresetStore; valid only on the opening thread while open.
  QSqlDatabase connection() const;
  // Error when called from a thread other than the one that opened the store, or when closed.
  std::optional<QString> check_usable() const;

  // Tests replace the clocks: wall = timestamps stored, steady = the partial-commit throttle.
  void set_clocks(Clock wall_ms, Clock steady_ms);
  void set_partial_commit_interval_ms(qint64 ms) { partial_commit_ms_ = ms; }
  qint64 partial_commit_interval_ms() const { return partial_commit_ms_; }

  // --- Conversations --------------------------------------------------------------------
  StoreResult<qint64> create_conversation(const QString& title, const QString& preset_id = {},
                                          const QString& model = {});
  StoreResult<Conversation> conversation(qint64 id) const;
  // Not deleted: pinned first, then updated_at newest first, then id newest first.
  StoreResult<QList<Conversation>> conversations() const;
  StoreResult<QList<Conversation>> deleted_conversations() const;   // newest deletion first
  std::optional<QString> rename_conversation(qint64 id, const QString& title);
  std::optional<QString> set_pinned(qint64 id, bool pinned);
  std::optional<QString> set_conversation_preset(qint64 id, const QString& preset_id);
  std::optional<QString> set_conversation_model(qint64 id, const QString& model);
  std::optional<QString> delete_conversation(qint64 id);    // soft delete (hidden, restorable)
  std::optional<QString> restore_conversation(qint64 id);   // undo of delete_conversation
  StoreResult<int> purge_deleted();                          // removes soft-deleted for good

  // --- Messages -------------------------------------------------------------------------
  // Appends after the conversation's current leaf and makes it the leaf. Committed on return.
  StoreResult<qint64> add_user_message(qint64 conversation_id, const QString& content);
  // Edit and resend: a new user message beside `message_id` (same parent); the old branch stays.
  StoreResult<qint64> edit_user_message(qint64 message_id, const QString& content);
  StoreResult<Message> message(qint64 id) const;
  StoreResult<QList<Message>> messages(qint64 conversation_id) const;      // all branches, by id
  StoreResult<QList<Message>> active_path(qint64 conversation_id) const;   // root .. current leaf
  StoreResult<QList<qint64>> sibling_ids(qint64 message_id) const;         // itself included, by id
  // Shows the branch through `message_id`: current leaf := its newest descendant.
  std::optional<QString> select_branch(qint64 message_id);
  std::optional<QString> set_moderation(qint64 message_id, const QJsonObject& verdict);

  // --- Streaming answers ----------------------------------------------------------------
  // A new streaming assistant message answering `parent_id` (a user message); a second answer
  // to the same message is a regenerated sibling.
  StoreResult<qint64> begin_assistant_message(qint64 parent_id, const GenerationInfo& info);
  // text_so_far: the whole answer so far. Commits when the last commit is interval old.
  std::optional<QString> update_partial(qint64 message_id, const QString& text_so_far,
                                        std::optional<qint64> completion_tokens = {});
  std::optional<QString> finish_assistant_message(qint64 message_id, const QString& final_text,
                                                  StopReason reason,
                                                  std::optional<qint64> completion_tokens = {});
  std::optional<QString> flush_partials();   // commits pending text now (no finish)
  // What the engine reported for an answer: the prompt size and the seed it used (the one drawn
  // when the request asked for a random seed), merged into the stored sampling settings.
  std::optional<QString> set_generation_result(qint64 message_id, qint64 prompt_tokens, qint64 seed);
  // After a crash: marks answers left streaming as Interrupted. Call once at start-up, on the
  // first store opened (not while another store of this app streams into the same file).
  StoreResult<int> recover_interrupted();

  // --- Search (FTS5 trigram index; terms under 3 characters filter with LIKE) -----------------
  StoreResult<QList<SearchHit>> search(const QString& query, int limit = 100) const;

  // --- Export / import ------------------------------------------------------------------
  // Markdown of the shown branch (root .. current leaf); not meant for import.
  StoreResult<QString> export_markdown(qint64 conversation_id) const;
  StoreResult<QString> export_markdown_all() const;
  // JSON format "tramontane-chat" version 1 (see chat_json.h): every branch and field.
  StoreResult<QByteArray> export_json(const QList<qint64>& conversation_ids) const;
  StoreResult<QByteArray> export_json_all() const;
  // Adds the conversations of an export as new conversations, all or nothing.
  StoreResult<QList<qint64>> import_json(const QByteArray& json, const QString& source_label);
  // The same from a file; a file over the size limit is refused before it is read.
  StoreResult<QList<qint64>> import_json_file(const QString& file_path);

 private:
  struct Pending {
    QString text;
    std::optional<qint64> completion_tokens;
    qint64 last_commit_steady = 0;
    bool dirty = false;
  };

  QString fail(const char* what, const QString& detail) const;
  std::optional<QString> write_partial(qint64 message_id, Pending& pending);
  std::optional<QString> touch_conversation(const QSqlDatabase& db, qint64 conversation_id,
                                            std::optional<qint64> leaf);
  StoreResult<QList<Conversation>> conversations_where(const QString& where,
                                                       const QString& order) const;
  StoreResult<QList<qint64>> live_conversation_ids() const;
  qint64 wall_now() const { return wall_ms_(); }

  QString path_;
  QString connection_name_;
  Qt::HANDLE owner_thread_ = nullptr;
  Clock wall_ms_;
  Clock steady_ms_;
  qint64 partial_commit_ms_ = kDefaultPartialCommitMs;
  QHash<qint64, Pending> pending_;
};

}  // namespace tramontane::gui
