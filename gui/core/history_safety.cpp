#include "gui/core/history_safety.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include "gui/core/chat_store.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

QAtomicInteger<quint64> g_probe_counter;

const QByteArray kSqliteMagic("SQLite format 3\0", 16);

// Runs `PRAGMA quick_check` read-only on a private connection: "ok", or the problem.
std::optional<QString> quick_check(const QString& path) {
  const QString name = QStringLiteral("tramontane-probe-%1").arg(g_probe_counter.fetchAndAddRelaxed(1));
  std::optional<QString> problem;
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
    if (!db.open()) {
      problem = db.lastError().text();
    } else {
      QVariant v;
      if (auto err = sql_scalar(db, QStringLiteral("PRAGMA quick_check"), &v)) {
        problem = *err;
      } else if (v.toString() != QLatin1String("ok")) {
        problem = v.toString();
      }
      db.close();
    }
  }
  QSqlDatabase::removeDatabase(name);
  return problem;
}

// A file with the SQLite header that cannot be checked is damaged, unless another program holds it
// (then it is only busy, and moving it aside would be wrong).
bool says_damaged(const QString& text) {
  return !text.contains(QLatin1String("locked"), Qt::CaseInsensitive) &&
         !text.contains(QLatin1String("busy"), Qt::CaseInsensitive);
}

const QString kBackupPrefix = QStringLiteral("history-");
const QString kBackupSuffix = QStringLiteral(".sqlite");

}  // namespace

bool HistorySafety::is_damaged(const QString& path) {
  const QFileInfo info(path);
  if (!info.exists() || !info.isFile() || info.size() == 0) return false;   // SQLite creates it
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return false;   // unreadable is not damage: reported as is
  if (f.read(16) != kSqliteMagic) return true;
  f.close();
  const auto problem = quick_check(path);
  return problem && says_damaged(*problem);
}

HistorySafety::OpenFailure HistorySafety::classify_open_failure(const QString& path) {
  return is_damaged(path) ? OpenFailure::Damaged : OpenFailure::Other;
}

StoreResult<QString> HistorySafety::set_aside(const QString& path, const QDateTime& now) {
  const QString base = path + QStringLiteral(".corrupt-") + now.toString(QStringLiteral("yyyyMMdd-HHmmss"));
  QString target = base;
  for (int i = 2; QFileInfo::exists(target) && i < 1000; ++i) target = base + QStringLiteral("-%1").arg(i);
  if (!QFile::rename(path, target)) {
    return StoreError{tr("%1: cannot rename the damaged history to %2").arg(path, target)};
  }
  for (const QString& side : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
    if (QFileInfo::exists(path + side) && !QFile::rename(path + side, target + side)) {
      // A stale -wal beside a new database would be replayed into it: it must go.
      if (!QFile::remove(path + side)) {
        return StoreError{tr("%1: cannot move %2 aside").arg(path, path + side)};
      }
    }
  }
  return target;
}

QString HistorySafety::backup_dir(const QString& database_path) {
  return QFileInfo(database_path).absoluteDir().filePath(QStringLiteral("backups"));
}

QStringList HistorySafety::backups(const QString& dir) {
  QStringList out;
  const QStringList names = QDir(dir).entryList({kBackupPrefix + QStringLiteral("*") + kBackupSuffix},
                                                QDir::Files, QDir::Name);
  for (const QString& n : names) {
    const QString date = n.mid(kBackupPrefix.size(), n.size() - kBackupPrefix.size() - kBackupSuffix.size());
    if (date.size() == 8 && QDate::fromString(date, QStringLiteral("yyyyMMdd")).isValid()) {
      out.append(QDir(dir).filePath(n));
    }
  }
  return out;
}

bool HistorySafety::backup_due(const QString& dir, const QDateTime& now) {
  const QStringList list = backups(dir);
  if (list.isEmpty()) return true;
  qint64 newest = 0;
  for (const QString& f : list) {
    newest = qMax(newest, QFileInfo(f).lastModified().toSecsSinceEpoch());
  }
  return now.toSecsSinceEpoch() - newest >= kBackupIntervalSecs;
}

StoreResult<QString> HistorySafety::backup_now(ChatStore& store, const QDateTime& now, int keep) {
  if (auto err = store.check_usable()) return StoreError{*err};
  const QString dir = backup_dir(store.path());
  if (!QDir().mkpath(dir)) return StoreError{tr("%1: cannot create the backup folder").arg(dir)};
  const QString target = QDir(dir).filePath(kBackupPrefix + now.toString(QStringLiteral("yyyyMMdd")) + kBackupSuffix);
  // VACUUM INTO writes a consistent, compact copy (the WAL content included) and needs a path that
  // does not exist: written under a temporary name, then renamed over the day's backup.
  const QString temp = target + QStringLiteral(".partial");
  QFile::remove(temp);
  if (auto err = sql_exec(store.connection(), QStringLiteral("VACUUM INTO ?"), {temp})) {
    QFile::remove(temp);
    return StoreError{tr("%1: cannot write the backup %2: %3").arg(store.path(), target, *err)};
  }
  if (QFileInfo::exists(target) && !QFile::remove(target)) {
    QFile::remove(temp);
    return StoreError{tr("%1: cannot replace the backup").arg(target)};
  }
  if (!QFile::rename(temp, target)) {
    QFile::remove(temp);
    return StoreError{tr("%1: cannot write the backup").arg(target)};
  }
  {
    QFile f(target);   // the date the interval is measured from, whatever the file system keeps
    if (f.open(QIODevice::ReadWrite)) f.setFileTime(now, QFileDevice::FileModificationTime);
  }
  QStringList list = backups(dir);
  while (keep > 0 && list.size() > keep) {
    const QString oldest = list.takeFirst();
    if (!QFile::remove(oldest)) return StoreError{tr("%1: cannot remove an old backup").arg(oldest)};
  }
  return target;
}

StoreResult<std::optional<QString>> HistorySafety::backup_if_due(ChatStore& store, const QDateTime& now,
                                                                 int keep) {
  if (auto err = store.check_usable()) return StoreError{*err};
  if (!backup_due(backup_dir(store.path()), now)) return std::optional<QString>();
  auto written = backup_now(store, now, keep);
  if (!written) return StoreError{written.error()};
  return std::optional<QString>(*written);
}

}  // namespace tramontane::gui
