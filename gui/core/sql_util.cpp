#include "gui/core/sql_util.h"

#include <QCoreApplication>
#include <QSqlError>

namespace tramontane::gui {

namespace {

QString error_text(const QSqlError& e) {
  QString text = e.databaseText();
  if (text.isEmpty()) text = e.driverText();
  if (text.isEmpty()) text = e.text();
  // A full disk (SQLITE_FULL) or a failed write (SQLITE_IOERR, e.g. a file-size limit) says what
  // the user can do; SQLite's own words follow in brackets.
  bool numeric = false;
  const int code = e.nativeErrorCode().toInt(&numeric) & 0xff;
  if (numeric && code == 13) {
    return QCoreApplication::translate("SqlUtil", "the disk is full or the database reached its size "
                                                  "limit: free some space (%1)").arg(text);
  }
  if (numeric && code == 10) {
    return QCoreApplication::translate("SqlUtil", "the disk could not be written (full, or a file size "
                                                  "limit): free some space (%1)").arg(text);
  }
  return text;
}

}  // namespace

std::optional<QString> sql_exec(QSqlQuery& query, const QString& sql, const QVariantList& values) {
  if (!query.prepare(sql)) return error_text(query.lastError());
  for (const QVariant& v : values) {
    // A null QString (QString()) is text, never SQL NULL: the stores pass QVariant() for NULL.
    if (v.typeId() == QMetaType::QString && v.toString().isNull()) {
      query.addBindValue(QStringLiteral(""));   // empty, not null
    } else {
      query.addBindValue(v);
    }
  }
  if (!query.exec()) return error_text(query.lastError());
  return std::nullopt;
}

std::optional<QString> sql_exec(const QSqlDatabase& db, const QString& sql, const QVariantList& values) {
  QSqlQuery query(db);
  return sql_exec(query, sql, values);
}

std::optional<QString> sql_scalar(const QSqlDatabase& db, const QString& sql, QVariant* out,
                                  const QVariantList& values) {
  QSqlQuery query(db);
  if (auto err = sql_exec(query, sql, values)) return err;
  if (!query.next()) {
    if (query.lastError().isValid()) return error_text(query.lastError());
    return QStringLiteral("no result row");
  }
  *out = query.value(0);
  return std::nullopt;
}

QVariant sql_nullable(const std::optional<qint64>& v) {
  return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<qint64> sql_optional_int(const QVariant& v) {
  if (v.isNull()) return std::nullopt;
  return v.toLongLong();
}

SqlTransaction::~SqlTransaction() {
  if (open_) sql_exec(db_, QStringLiteral("ROLLBACK"));
}

std::optional<QString> SqlTransaction::begin() {
  if (auto err = sql_exec(db_, QStringLiteral("BEGIN IMMEDIATE"))) return err;
  open_ = true;
  return std::nullopt;
}

std::optional<QString> SqlTransaction::commit() {
  if (auto err = sql_exec(db_, QStringLiteral("COMMIT"))) return err;
  open_ = false;
  return std::nullopt;
}

}  // namespace tramontane::gui
