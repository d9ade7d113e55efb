#pragma once
// Keeping the history safe outside normal use (issue 11), QtCore/QtSql only:
//  - a damaged history file at start (not a SQLite database, or malformed): recognised here so the
//    app can offer to keep a copy aside and start with an empty history (the dialog is in
//    gui/widgets/damaged_history_dialog.h, the decision in gui/app/main.cpp);
//  - daily backups: `VACUUM INTO` a consistent copy, <data dir>/backups/history-YYYYMMDD.sqlite,
//    the newest kBackupsKept kept.
// Errors are translated strings naming the files; nothing throws.
#include <QCoreApplication>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

#include "gui/core/store_result.h"

namespace tramontane::gui {

class ChatStore;

class HistorySafety {
  Q_DECLARE_TR_FUNCTIONS(HistorySafety)

 public:
  static constexpr int kBackupsKept = 7;
  static constexpr qint64 kBackupIntervalSecs = 24 * 3600;

  // What to do when ChatStore::open(path) failed.
  enum class OpenFailure {
    Damaged,   // the file is there but is not a usable SQLite database: offer keep-a-copy/start-fresh
    Other,     // anything else (a folder not writable, a locked file...): report and quit
  };
  // Looks at the file itself (header bytes, then a read-only quick_check on a private connection).
  static OpenFailure classify_open_failure(const QString& path);
  // True when the file exists, is not empty, and is not a readable SQLite database.
  static bool is_damaged(const QString& path);

  // Renames `path` (and its -wal / -shm files, if any) to <path>.corrupt-<yyyyMMdd-HHmmss>[-wal|-shm]
  // so that a new history can be created at `path`. Returns the new name of the main file.
  static StoreResult<QString> set_aside(const QString& path, const QDateTime& now);

  // --- Backups -------------------------------------------------------------------------
  // <folder of the database>/backups
  static QString backup_dir(const QString& database_path);
  // history-YYYYMMDD.sqlite files of the folder, oldest first (by name = by date).
  static QStringList backups(const QString& dir);
  // Due when there is no backup or the newest one was written more than 24 hours before `now`.
  static bool backup_due(const QString& dir, const QDateTime& now);
  // Writes the backup of the open store for `now`'s date (replacing one of the same date), then
  // keeps only the newest `keep`. Returns the file written.
  static StoreResult<QString> backup_now(ChatStore& store, const QDateTime& now, int keep = kBackupsKept);
  // backup_now when backup_due; nullopt path (no error) when not due.
  static StoreResult<std::optional<QString>> backup_if_due(ChatStore& store, const QDateTime& now,
                                                           int keep = kBackupsKept);
};

}  // namespace tramontane::gui
