#pragma once
// Small helpers over QSqlQuery for the stores: run a statement with positional bindings, read
// nullable columns, and an RAII write transaction (BEGIN IMMEDIATE ... COMMIT, rollback on scope
// exit). Errors come back as the driver's text; the callers add the file and the operation.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <QVariantList>

#include <optional>

namespace tramontane::gui {

// Prepares `sql`, binds `values` in order and executes. nullopt on success, else the error text.
// A null QString binds as '' (so optional text fields never turn into SQL NULL); an invalid
// QVariant() or sql_nullable(nullopt) binds NULL.
std::optional<QString> sql_exec(QSqlQuery& query, const QString& sql, const QVariantList& values = {});

// For statements without results (and PRAGMAs whose row is ignored).
std::optional<QString> sql_exec(const QSqlDatabase& db, const QString& sql,
                                const QVariantList& values = {});

// The first column of the first row, or an error (also when there is no row).
std::optional<QString> sql_scalar(const QSqlDatabase& db, const QString& sql, QVariant* out,
                                  const QVariantList& values = {});

// NULL-aware conversions for bindings and reads.
QVariant sql_nullable(const std::optional<qint64>& v);
std::optional<qint64> sql_optional_int(const QVariant& v);

class SqlTransaction {
 public:
  explicit SqlTransaction(QSqlDatabase db) : db_(std::move(db)) {}
  ~SqlTransaction();
  SqlTransaction(const SqlTransaction&) = delete;
  SqlTransaction& operator=(const SqlTransaction&) = delete;

  std::optional<QString> begin();   // BEGIN IMMEDIATE: takes the write lock now
  std::optional<QString> commit();

 private:
  QSqlDatabase db_;
  bool open_ = false;
};

}  // namespace tramontane::gui
