#pragma once
// Helpers shared by the tests/gui tests: raw SQLite connections that bypass ChatStore (so the
// tests read what is really on disk), a schema fingerprint, and a fake clock.
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>
#include <QtTest>

#include <source_location>

#include "gui/core/store_result.h"

// The value of a store result. On an error the current test is marked failed with the store's
// message (and where), and a default value comes back so the test goes on to its next check
// instead of aborting the whole run.
template <class T>
T must(tramontane::gui::StoreResult<T> result, std::source_location at = std::source_location::current()) {
  if (!result.ok()) {
    QTest::qFail(qPrintable(QStringLiteral("store error: ") + result.error()), at.file_name(),
                 static_cast<int>(at.line()));
    return T{};
  }
  return std::move(result).value();
}

namespace gui_test {

inline QString fixture(const QString& rel) { return QStringLiteral(TRAMONTANE_FIXTURES "/") + rel; }

inline QByteArray read_file(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

// A raw QSQLITE connection of its own; removed when the object dies.
class RawDb {
 public:
  explicit RawDb(const QString& path)
      : name_(QStringLiteral("raw-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name_);
    db.setDatabaseName(path);
    ok_ = db.open();
  }
  ~RawDb() {
    {
      QSqlDatabase db = QSqlDatabase::database(name_, false);
      db.close();
    }
    QSqlDatabase::removeDatabase(name_);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  bool ok() const { return ok_; }
  QSqlDatabase db() const { return QSqlDatabase::database(name_, false); }

  // First column of the first row (invalid QVariant on error or no row).
  QVariant scalar(const QString& sql, const QVariantList& values = {}) const {
    QSqlQuery q(db());
    if (!q.prepare(sql)) return {};
    for (const QVariant& v : values) q.addBindValue(v);
    if (!q.exec() || !q.next()) return {};
    return q.value(0);
  }
  bool exec(const QString& sql, const QVariantList& values = {}) const {
    QSqlQuery q(db());
    if (!q.prepare(sql)) return false;
    for (const QVariant& v : values) q.addBindValue(v);
    return q.exec();
  }
  // All rows, columns joined with '|'.
  QStringList rows(const QString& sql) const {
    QSqlQuery q(db());
    QStringList out;
    if (!q.exec(sql)) return {QStringLiteral("error: ") + sql};
    while (q.next()) {
      QStringList cols;
      for (int i = 0; i < q.record().count(); ++i) cols.append(q.value(i).toString());
      out.append(cols.join(QLatin1Char('|')));
    }
    return out;
  }

 private:
  QString name_;
  bool ok_ = false;
};

// Tables, columns (name, type, not null, default, pk), indexes, foreign keys, and every
// object's CREATE text with whitespace normalised: equal fingerprints mean equal schemas.
inline QStringList schema_fingerprint(const RawDb& raw) {
  QStringList out;
  for (const QString& row : raw.rows(QStringLiteral(
           "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"))) {
    out.append(QStringLiteral("object ") + row);
    const QStringList parts = row.split(QLatin1Char('|'));
    const QString type = parts.value(0), name = parts.value(1);
    if (type == QLatin1String("table")) {
      for (const QString& c : raw.rows(QStringLiteral("PRAGMA table_xinfo('%1')").arg(name))) {
        out.append(QStringLiteral("column %1 ").arg(name) + c);
      }
      for (const QString& f : raw.rows(QStringLiteral("PRAGMA foreign_key_list('%1')").arg(name))) {
        out.append(QStringLiteral("fk %1 ").arg(name) + f);
      }
    } else if (type == QLatin1String("index")) {
      for (const QString& c : raw.rows(QStringLiteral("PRAGMA index_xinfo('%1')").arg(name))) {
        out.append(QStringLiteral("index %1 ").arg(name) + c);
      }
    }
    {
      // The statement text, whitespace-normalised (CHECK clauses, partial indexes, triggers).
      out.append(QStringLiteral("sql %1 ").arg(name) +
                 raw.scalar(QStringLiteral("SELECT sql FROM sqlite_master WHERE name = ?"), {name})
                     .toString().simplified());
    }
  }
  return out;
}

// A settable clock for ChatStore::set_clocks.
struct FakeClock {
  qint64 now = 1714564800000;
  auto fn() {
    return [this] { return now; };
  }
};

}  // namespace gui_test
