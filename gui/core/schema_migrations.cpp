#include "gui/core/schema_migrations.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QVariant>

#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

// Translation context for this file's messages (lupdate reads SchemaMigrations::tr).
struct SchemaMigrations {
  Q_DECLARE_TR_FUNCTIONS(SchemaMigrations)
};

// Version 1: conversations, messages (a tree per conversation), presets, adapters,
// moderation_runs, and an FTS5 trigram index over message text kept in sync by triggers.
SchemaMigration version_1() {
  return {1, {
    QStringLiteral(R"sql(
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  deleted_at INTEGER,
  preset_id TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '',
  current_leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
))sql"),
    QStringLiteral("CREATE INDEX conversations_by_update ON conversations(deleted_at, pinned, updated_at)"),
    QStringLiteral("CREATE INDEX conversations_by_leaf ON conversations(current_leaf_id)"),
    QStringLiteral(R"sql(
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
  content TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  streaming INTEGER NOT NULL DEFAULT 0 CHECK (streaming IN (0, 1)),
  model TEXT NOT NULL DEFAULT '',
  adapters TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(adapters)),
  preset_id TEXT NOT NULL DEFAULT '',
  preset_name TEXT NOT NULL DEFAULT '',
  preset_text TEXT NOT NULL DEFAULT '',
  sampling TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(sampling)),
  prompt_tokens INTEGER CHECK (prompt_tokens >= 0),
  completion_tokens INTEGER CHECK (completion_tokens >= 0),
  stop_reason TEXT,
  moderation TEXT CHECK (moderation IS NULL OR json_valid(moderation))
))sql"),
    QStringLiteral("CREATE INDEX messages_by_conversation ON messages(conversation_id, id)"),
    QStringLiteral("CREATE INDEX messages_by_parent ON messages(parent_id)"),
    QStringLiteral("CREATE INDEX messages_streaming ON messages(streaming) WHERE streaming = 1"),
    QStringLiteral(R"sql(
CREATE TABLE presets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
))sql"),
    QStringLiteral(R"sql(
CREATE TABLE adapters (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  scale REAL NOT NULL DEFAULT 1.0,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  added_at INTEGER NOT NULL
))sql"),
    QStringLiteral(R"sql(
CREATE TABLE moderation_runs (
  id INTEGER PRIMARY KEY,
  message_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  model TEXT NOT NULL,
  policy TEXT NOT NULL,
  input_text TEXT NOT NULL,
  verdict TEXT NOT NULL,
  scores TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scores))
))sql"),
    QStringLiteral("CREATE INDEX moderation_runs_by_message ON moderation_runs(message_id)"),
    // External-content FTS5 over messages.content; trigram so that substrings and CJK text match.
    QStringLiteral("CREATE VIRTUAL TABLE messages_fts USING fts5(content, content='messages', "
                   "content_rowid='id', tokenize='trigram')"),
    QStringLiteral("CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN "
                   "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END"),
    QStringLiteral("CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN "
                   "INSERT INTO messages_fts(messages_fts, rowid, content) "
                   "VALUES ('delete', old.id, old.content); END"),
    QStringLiteral("CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN "
                   "INSERT INTO messages_fts(messages_fts, rowid, content) "
                   "VALUES ('delete', old.id, old.content); "
                   "INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content); END"),
  }};
}

// Version 2: batch moderation runs from the moderation panel. moderation_runs (version 1: one
// verdict on one chat message) gains the run's kind, threshold, data source and row counts; a
// batch run's rows go to moderation_results (one row per input row, cascading with the run).
// For a batch run input_text and verdict are '' and message_id is NULL.
SchemaMigration version_2() {
  return {2, {
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'message' "
                   "CHECK (kind IN ('message', 'single', 'batch'))"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN threshold REAL "
                   "CHECK (threshold IS NULL OR (threshold >= 0 AND threshold <= 1))"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN source TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN text_column TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN label_column TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN total_rows INTEGER NOT NULL DEFAULT 0 CHECK (total_rows >= 0)"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN done_rows INTEGER NOT NULL DEFAULT 0 CHECK (done_rows >= 0)"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN flagged_rows INTEGER NOT NULL DEFAULT 0 CHECK (flagged_rows >= 0)"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN error_rows INTEGER NOT NULL DEFAULT 0 CHECK (error_rows >= 0)"),
    QStringLiteral("ALTER TABLE moderation_runs ADD COLUMN finished_at INTEGER"),
    QStringLiteral(R"sql(
CREATE TABLE moderation_results (
  run_id INTEGER NOT NULL REFERENCES moderation_runs(id) ON DELETE CASCADE,
  row INTEGER NOT NULL CHECK (row >= 1),
  line INTEGER,
  text TEXT NOT NULL DEFAULT '',
  label TEXT,
  flagged INTEGER CHECK (flagged IS NULL OR flagged IN (0, 1)),
  p_unsafe REAL,
  top TEXT,
  probs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(probs)),
  error TEXT,
  PRIMARY KEY (run_id, row)
))sql"),
  }};
}

std::optional<QString> user_version(const QSqlDatabase& db, int* out) {
  QVariant v;
  if (auto err = sql_scalar(db, QStringLiteral("PRAGMA user_version"), &v)) return err;
  *out = v.toInt();
  return std::nullopt;
}

std::optional<QString> run_step(const QSqlDatabase& db, const SchemaMigration& step) {
  SqlTransaction tx(db);
  if (auto err = tx.begin()) return err;
  for (const QString& sql : step.statements) {
    if (auto err = sql_exec(db, sql)) return err;
  }
  {
    QSqlQuery check(db);
    if (auto err = sql_exec(check, QStringLiteral("PRAGMA foreign_key_check"))) return err;
    if (check.next()) {
      return QStringLiteral("foreign key violation in table %1").arg(check.value(0).toString());
    }
  }
  // PRAGMA takes no bound parameters; to_version is an int from our own table.
  if (auto err = sql_exec(db, QStringLiteral("PRAGMA user_version = %1").arg(step.to_version))) return err;
  return tx.commit();
}

}  // namespace

const std::vector<SchemaMigration>& schema_migrations() {
  static const std::vector<SchemaMigration> steps = {version_1(), version_2()};
  return steps;
}

int current_schema_version() { return schema_migrations().back().to_version; }

std::optional<QString> migrate_schema(const QSqlDatabase& db, const QString& file_label,
                                      const std::vector<SchemaMigration>& steps) {
  const int target = steps.empty() ? 0 : steps.back().to_version;
  int version = 0;
  if (auto err = user_version(db, &version)) {
    return SchemaMigrations::tr("%1: cannot read the schema version: %2").arg(file_label, *err);
  }
  if (version > target) {
    return SchemaMigrations::tr("%1: the history database has schema version %2, newer than this version of "
              "Tramontane supports (%3); use a newer Tramontane")
        .arg(file_label).arg(version).arg(target);
  }
  if (version < 0) {
    return SchemaMigrations::tr("%1: invalid schema version %2").arg(file_label).arg(version);
  }
  if (version == 0) {
    QVariant n;
    if (auto err = sql_scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &n)) {
      return SchemaMigrations::tr("%1: cannot read the database: %2").arg(file_label, *err);
    }
    if (n.toLongLong() != 0) {
      return SchemaMigrations::tr("%1: not a Tramontane history database (it has tables but no schema version)")
          .arg(file_label);
    }
  }
  if (version == target) return std::nullopt;

  // foreign_keys cannot change inside a transaction; steps check with foreign_key_check instead.
  if (auto err = sql_exec(db, QStringLiteral("PRAGMA foreign_keys = OFF"))) {
    return SchemaMigrations::tr("%1: cannot prepare the migration: %2").arg(file_label, *err);
  }
  std::optional<QString> failure;
  for (const SchemaMigration& step : steps) {
    if (step.to_version <= version) continue;
    if (step.to_version != version + 1) {
      failure = SchemaMigrations::tr("%1: no migration from schema version %2 to %3")
                    .arg(file_label).arg(version).arg(step.to_version);
      break;
    }
    if (auto err = run_step(db, step)) {
      failure = SchemaMigrations::tr("%1: migration to schema version %2 failed: %3")
                    .arg(file_label).arg(step.to_version).arg(*err);
      break;
    }
    version = step.to_version;
  }
  if (auto err = sql_exec(db, QStringLiteral("PRAGMA foreign_keys = ON"))) {
    if (!failure) failure = SchemaMigrations::tr("%1: cannot enable foreign keys: %2").arg(file_label, *err);
  }
  return failure;
}

}  // namespace tramontane::gui
