#include "gui/core/user_policy_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace tramontane::gui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

QString UserPolicyStore::defaultDir(const QString& dataDir) {
  QString dir = dataDir;
  if (dir.isEmpty()) dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(dir).filePath(QStringLiteral("policies"));
}

QList<UserPolicyEntry> UserPolicyStore::list() const {
  QList<UserPolicyEntry> out;
  const QDir d(dir_);
  if (dir_.isEmpty() || !d.exists()) return out;
  for (const QFileInfo& f : d.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
    if (checkName(f.completeBaseName())) continue;   // not a name the editor would write
    out.append({f.completeBaseName(), f.absoluteFilePath()});
  }
  return out;
}

QString UserPolicyStore::pathFor(const QString& name) const {
  return QDir(dir_).absoluteFilePath(name + QStringLiteral(".json"));
}

bool UserPolicyStore::contains(const QString& name) const {
  return !checkName(name) && QFileInfo(pathFor(name)).isFile();
}

std::optional<QString> UserPolicyStore::nameOfPath(const QString& path) const {
  if (dir_.isEmpty() || path.isEmpty()) return std::nullopt;
  const QFileInfo f(path);
  if (f.absoluteDir() != QDir(dir_) || f.suffix() != QLatin1String("json")) return std::nullopt;
  if (checkName(f.completeBaseName())) return std::nullopt;
  return f.completeBaseName();
}

std::optional<QString> UserPolicyStore::checkName(const QString& name) {
  if (name.isEmpty()) return tr("The policy needs a name");
  static const QRegularExpression ok(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$"));
  if (!ok.match(name).hasMatch()) {
    return tr("The name '%1' cannot be used: use letters, digits, '-', '_' and '.' (at most 64)").arg(name);
  }
  const auto builtins = moderation::builtin_policy_names();
  if (std::find(builtins.begin(), builtins.end(), name.toStdString()) != builtins.end()) {
    return tr("'%1' is the name of a built-in policy").arg(name);
  }
  return std::nullopt;
}

QByteArray UserPolicyStore::toJson(const moderation::Policy& p) {
  QJsonObject o;
  o.insert(QStringLiteral("name"), qs(p.name));
  o.insert(QStringLiteral("title"), qs(p.title));
  if (!p.source.empty()) o.insert(QStringLiteral("source"), qs(p.source));
  o.insert(QStringLiteral("template"), qs(p.template_text));
  QJsonArray labels;
  for (const auto& l : p.labels) {
    labels.append(QJsonObject{{QStringLiteral("name"), qs(l.name)}, {QStringLiteral("description"), qs(l.description)}});
  }
  o.insert(QStringLiteral("labels"), labels);
  if (p.safe_index < p.labels.size()) o.insert(QStringLiteral("safe_label"), qs(p.labels[p.safe_index].name));
  o.insert(QStringLiteral("threshold"), p.threshold);
  return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

StoreResult<moderation::Policy> UserPolicyStore::save(const moderation::Policy& policy, const QString& previousName) {
  const QString name = qs(policy.name);
  if (auto err = checkName(name)) return StoreError{*err};
  if (name != previousName && contains(name)) return StoreError{tr("There is already a policy named '%1'").arg(name)};
  const QString path = pathFor(name);
  const QByteArray json = toJson(policy);
  // The engine's own parser first: nothing it refuses is written.
  auto parsed = moderation::parse_policy(std::string_view(json.constData(), size_t(json.size())), path.toStdString());
  if (!parsed) return StoreError{qs(parsed.error().message)};
  if (!QDir().mkpath(dir_)) return StoreError{tr("%1: cannot create the folder").arg(dir_)};
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit()) {
    return StoreError{tr("%1: cannot save the policy: %2").arg(path, f.errorString())};
  }
  // Read back as the panel and the chat will read it.
  auto loaded = moderation::load_policy_file(path.toStdString());
  if (!loaded) {
    QFile::remove(path);
    return StoreError{qs(loaded.error().message)};
  }
  if (!previousName.isEmpty() && previousName != name && contains(previousName)) QFile::remove(pathFor(previousName));
  return std::move(*loaded);
}

std::optional<QString> UserPolicyStore::remove(const QString& name) {
  if (!contains(name)) return tr("There is no policy named '%1'").arg(name);
  QFile f(pathFor(name));
  if (!f.remove()) return tr("%1: cannot delete the policy: %2").arg(f.fileName(), f.errorString());
  return std::nullopt;
}

StoreResult<moderation::Policy> UserPolicyStore::load(const QString& name) const {
  if (!contains(name)) return StoreError{tr("There is no policy named '%1'").arg(name)};
  auto p = moderation::load_policy_file(pathFor(name).toStdString());
  if (!p) return StoreError{qs(p.error().message)};
  return std::move(*p);
}

std::optional<QString> UserPolicyStore::setThreshold(const QString& name, double threshold) {
  auto p = load(name);
  if (!p) return p.error();
  moderation::Policy policy = std::move(*p);
  policy.threshold = threshold;
  auto saved = save(policy, name);
  if (!saved) return saved.error();
  return std::nullopt;
}

}  // namespace tramontane::gui
