#pragma once
// UserPolicyStore: the moderation policies written in the app (the policy editor), one JSON file
// per policy in a directory (<data dir>/policies/<name>.json), in the format the engine loads
// (engine/moderation/policy.h). A policy is saved only when the engine's parser accepts it, and
// it is read back through moderation::load_policy_file, so what the panel and the chat use is
// exactly what the engine loads. Names are file names: letters, digits, '-', '_' and '.', not a
// built-in policy's name.
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

#include "engine/moderation/policy.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

struct UserPolicyEntry {
  QString name;    // the file's stem (and the policy's "name")
  QString path;    // absolute path of the JSON file
};

class UserPolicyStore {
  Q_DECLARE_TR_FUNCTIONS(UserPolicyStore)

 public:
  explicit UserPolicyStore(QString dir) : dir_(std::move(dir)) {}
  // <data dir>/policies; data dir empty: the platform's app data location.
  static QString defaultDir(const QString& dataDir = {});

  QString dir() const { return dir_; }
  // The *.json files of the directory, sorted by name (nothing when it does not exist).
  QList<UserPolicyEntry> list() const;
  QString pathFor(const QString& name) const;
  bool contains(const QString& name) const;
  // The path when `path` is one of this store's files, else nullopt.
  std::optional<QString> nameOfPath(const QString& path) const;

  // A translated error when `name` cannot name a user policy.
  static std::optional<QString> checkName(const QString& name);
  // The policy as the JSON the engine reads (name, title, source, template, labels, safe_label,
  // threshold).
  static QByteArray toJson(const moderation::Policy& policy);

  // Writes `policy` to <dir>/<policy.name>.json once the engine's parser accepts it, then loads
  // it back with moderation::load_policy_file and returns that. `previousName` (editing): the
  // file it had, removed when the name changed. Refused: a bad name, a name taken by another
  // policy, anything the engine refuses (its message).
  StoreResult<moderation::Policy> save(const moderation::Policy& policy, const QString& previousName = {});
  std::optional<QString> remove(const QString& name);
  // Rewrites the policy file's threshold (the evaluation's "Save threshold").
  std::optional<QString> setThreshold(const QString& name, double threshold);
  StoreResult<moderation::Policy> load(const QString& name) const;

 private:
  QString dir_;
};

}  // namespace tramontane::gui
