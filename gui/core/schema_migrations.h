#pragma once
// The history database schema as a list of forward migrations. PRAGMA user_version holds the
// version reached; 0 is an empty file. Step k moves version k-1 to k. Each step runs in one
// transaction together with its user_version update, with foreign keys off (so later steps may
// rebuild tables) and PRAGMA foreign_key_check before commit. A failed step leaves the database
// at the previous version. Later versions append steps; a step is never edited once released.
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tramontane::gui {

struct SchemaMigration {
  int to_version = 0;
  QStringList statements;   // one SQL statement each (the Qt SQLite driver runs one per exec)
};

// All released steps, in order (to_version 1, 2, ...).
const std::vector<SchemaMigration>& schema_migrations();
int current_schema_version();

// Brings `db` to the last step of `steps`. `file_label` names the file in errors. Refuses a
// database newer than the steps know, and a non-empty version-0 file (not a history database).
std::optional<QString> migrate_schema(const QSqlDatabase& db, const QString& file_label,
                                      const std::vector<SchemaMigration>& steps);

}  // namespace tramontane::gui
