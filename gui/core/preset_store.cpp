#include "gui/core/preset_store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <mutex>

#include "gui/core/chat_store.h"
#include "gui/core/sql_util.h"

// Q_INIT_RESOURCE must be used outside any namespace; it keeps the static library's resources.
static void init_preset_resources() { Q_INIT_RESOURCE(presets); }

namespace tramontane::gui {

namespace {

const QString kPresetFormat = QStringLiteral("tramontane-preset");
const QString kExchangeFormat = QStringLiteral("tramontane-presets");
constexpr int kFormatVersion = 1;

// Built-in names as lupdate sees them; translated on display.
[[maybe_unused]] const char* const kBuiltinNames[] = {
    QT_TRANSLATE_NOOP("PresetStore", "None"),
    QT_TRANSLATE_NOOP("PresetStore", "Mistral guardrail"),
    QT_TRANSLATE_NOOP("PresetStore", "Llama 2 safety prompt"),
};

struct BuiltinFile {
  int order = 0;
  Preset preset;
};

// Reads one resource preset file; the files are ours, but a broken one still gives an error.
StoreResult<BuiltinFile> read_builtin(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    return StoreError{PresetStore::tr("%1: cannot read the preset").arg(path)};
  }
  const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
  const QJsonValue order = o.value(QLatin1String("order"));
  if (o.value(QLatin1String("format")).toString() != kPresetFormat ||
      o.value(QLatin1String("version")).toInt() != kFormatVersion || !order.isDouble() ||
      !o.value(QLatin1String("id")).isString() || !o.value(QLatin1String("name")).isString() ||
      !o.value(QLatin1String("text")).isString()) {
    return StoreError{PresetStore::tr("%1: not a valid preset file").arg(path)};
  }
  BuiltinFile b;
  b.order = order.toInt();
  b.preset.id = o.value(QLatin1String("id")).toString();
  b.preset.name = QCoreApplication::translate("PresetStore", o.value(QLatin1String("name")).toString().toUtf8().constData());
  b.preset.text = o.value(QLatin1String("text")).toString();
  b.preset.builtin = true;
  return b;
}

QJsonObject preset_json(const Preset& p) {
  return QJsonObject{{QStringLiteral("name"), p.name}, {QStringLiteral("text"), p.text}};
}

}  // namespace

StoreResult<QList<Preset>> PresetStore::builtin_presets() {
  static std::once_flag once;
  std::call_once(once, init_preset_resources);
  const QDir dir(QStringLiteral(":/presets"));
  QList<BuiltinFile> files;
  for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
    auto b = read_builtin(dir.filePath(name));
    if (!b) return StoreError{b.error()};
    files.append(*b);
  }
  if (files.isEmpty()) return StoreError{tr("the built-in presets are missing from this build")};
  std::stable_sort(files.begin(), files.end(),
                   [](const BuiltinFile& a, const BuiltinFile& b) { return a.order < b.order; });
  QList<Preset> out;
  for (const BuiltinFile& b : files) out.append(b.preset);
  return out;
}

StoreResult<QList<Preset>> PresetStore::user_presets() const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QSqlQuery q(store_.connection());
  q.setForwardOnly(true);
  if (auto err = sql_exec(q, QStringLiteral("SELECT id, name, text FROM presets ORDER BY name COLLATE NOCASE, id"))) {
    return StoreError{tr("%1: cannot read the presets: %2").arg(store_.path(), *err)};
  }
  QList<Preset> out;
  while (q.next()) out.append(Preset{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), false});
  return out;
}

StoreResult<QList<Preset>> PresetStore::presets() const {
  auto builtin = builtin_presets();
  if (!builtin) return builtin;
  auto user = user_presets();
  if (!user) return user;
  return *builtin + *user;
}

StoreResult<Preset> PresetStore::preset(const QString& id) const {
  auto all = presets();
  if (!all) return StoreError{all.error()};
  for (const Preset& p : *all) {
    if (p.id == id) return p;
  }
  return StoreError{tr("there is no preset '%1'").arg(id)};
}

std::optional<QString> PresetStore::validate(const QString& name, const QString& text,
                                             const QString& except_id) const {
  if (name.trimmed().isEmpty()) return tr("a preset needs a name");
  if (name.size() > kMaxNameChars) return tr("the preset name is longer than %1 characters").arg(kMaxNameChars);
  if (text.size() > kMaxTextChars) return tr("the preset text is longer than %1 characters").arg(kMaxTextChars);
  auto all = presets();
  if (!all) return all.error();
  for (const Preset& p : *all) {
    if (p.id != except_id && p.name.compare(name, Qt::CaseInsensitive) == 0) {
      return tr("a preset named '%1' already exists").arg(p.name);
    }
  }
  return std::nullopt;
}

StoreResult<QString> PresetStore::unique_name(const QString& base) const {
  auto all = presets();
  if (!all) return StoreError{all.error()};
  auto taken = [&](const QString& name) {
    return std::any_of(all->begin(), all->end(),
                       [&](const Preset& p) { return p.name.compare(name, Qt::CaseInsensitive) == 0; });
  };
  const QString stem = base.left(kMaxNameChars - 8);
  if (!taken(base) && base.size() <= kMaxNameChars) return base;
  for (int n = 2; n <= all->size() + 2; ++n) {
    const QString name = QStringLiteral("%1 (%2)").arg(stem).arg(n);
    if (!taken(name)) return name;
  }
  return StoreError{tr("no free name for the preset '%1'").arg(base)};
}

std::optional<QString> PresetStore::insert(const Preset& preset) {
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (auto err = sql_exec(store_.connection(),
                          QStringLiteral("INSERT INTO presets (id, name, text, created_at, updated_at) "
                                         "VALUES (?, ?, ?, ?, ?)"),
                          {preset.id, preset.name, preset.text, now, now})) {
    return tr("%1: cannot save the preset: %2").arg(store_.path(), *err);
  }
  return std::nullopt;
}

StoreResult<Preset> PresetStore::create(const QString& name, const QString& text) {
  if (auto err = store_.check_usable()) return StoreError{*err};
  if (auto err = validate(name, text, {})) return StoreError{*err};
  const Preset p{QStringLiteral("user-") + QUuid::createUuid().toString(QUuid::WithoutBraces), name, text, false};
  if (auto err = insert(p)) return StoreError{*err};
  return p;
}

std::optional<QString> PresetStore::update(const QString& id, const QString& name, const QString& text) {
  if (auto err = store_.check_usable()) return err;
  auto existing = preset(id);
  if (!existing) return existing.error();
  if (existing->builtin) return tr("the built-in preset '%1' cannot be changed; duplicate it").arg(existing->name);
  if (auto err = validate(name, text, id)) return err;
  if (auto err = sql_exec(store_.connection(),
                          QStringLiteral("UPDATE presets SET name = ?, text = ?, updated_at = ? WHERE id = ?"),
                          {name, text, QDateTime::currentMSecsSinceEpoch(), id})) {
    return tr("%1: cannot save the preset: %2").arg(store_.path(), *err);
  }
  return std::nullopt;
}

StoreResult<Preset> PresetStore::duplicate(const QString& id) {
  if (auto err = store_.check_usable()) return StoreError{*err};
  auto source = preset(id);
  if (!source) return source;
  auto name = unique_name(tr("%1 (copy)").arg(source->name));
  if (!name) return StoreError{name.error()};
  return create(*name, source->text);
}

std::optional<QString> PresetStore::remove(const QString& id) {
  if (auto err = store_.check_usable()) return err;
  auto existing = preset(id);
  if (!existing) return existing.error();
  if (existing->builtin) return tr("the built-in preset '%1' cannot be deleted").arg(existing->name);
  if (auto err = sql_exec(store_.connection(), QStringLiteral("DELETE FROM presets WHERE id = ?"), {id})) {
    return tr("%1: cannot delete the preset: %2").arg(store_.path(), *err);
  }
  return std::nullopt;
}

StoreResult<QByteArray> PresetStore::export_json(const QStringList& ids) const {
  QJsonArray list;
  for (const QString& id : ids) {
    auto p = preset(id);
    if (!p) return StoreError{p.error()};
    list.append(preset_json(*p));
  }
  const QJsonObject root{{QStringLiteral("format"), kExchangeFormat},
                         {QStringLiteral("version"), kFormatVersion},
                         {QStringLiteral("presets"), list}};
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

StoreResult<QList<Preset>> PresetStore::import_json(const QByteArray& json, const QString& source_label) {
  if (auto err = store_.check_usable()) return StoreError{*err};
  if (json.size() > kMaxImportBytes) {
    return StoreError{tr("%1: the file is larger than %2 MiB").arg(source_label).arg(kMaxImportBytes >> 20)};
  }
  QJsonParseError parse_error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parse_error);
  if (parse_error.error != QJsonParseError::NoError) {
    return StoreError{tr("%1: not valid JSON at byte %2: %3")
                          .arg(source_label).arg(parse_error.offset).arg(parse_error.errorString())};
  }
  const QJsonObject root = doc.object();
  const QString format = root.value(QLatin1String("format")).toString();
  QJsonArray items;
  if (!doc.isObject() || (format != kExchangeFormat && format != kPresetFormat)) {
    return StoreError{tr("%1: not a Tramontane preset file").arg(source_label)};
  }
  if (root.value(QLatin1String("version")).toDouble() != kFormatVersion) {
    return StoreError{tr("%1: unsupported preset file version").arg(source_label)};
  }
  if (format == kPresetFormat) {
    items.append(root);
  } else if (root.value(QLatin1String("presets")).isArray()) {
    items = root.value(QLatin1String("presets")).toArray();
  } else {
    return StoreError{tr("%1: 'presets' must be an array").arg(source_label)};
  }
  if (items.size() > kMaxImportPresets) {
    return StoreError{tr("%1: more than %2 presets").arg(source_label).arg(kMaxImportPresets)};
  }
  QList<Preset> parsed;
  for (int i = 0; i < items.size(); ++i) {
    const QJsonObject o = items.at(i).toObject();
    const QJsonValue name = o.value(QLatin1String("name"));
    const QJsonValue text = o.value(QLatin1String("text"));
    const QString where = tr("%1: preset %2").arg(source_label).arg(i + 1);
    if (!items.at(i).isObject() || !name.isString() || !text.isString()) {
      return StoreError{tr("%1: needs string fields 'name' and 'text'").arg(where)};
    }
    // An unpaired surrogate ("\ud800") parses but cannot be stored as it is (SQLite keeps UTF-8):
    // two such names would be stored alike, past the uniqueness check.
    if (!name.toString().isValidUtf16() || !text.toString().isValidUtf16()) {
      return StoreError{tr("%1: the name or text is not valid Unicode (an unpaired surrogate)").arg(where)};
    }
    if (name.toString().trimmed().isEmpty() || name.toString().size() > kMaxNameChars) {
      return StoreError{tr("%1: the name must have 1 to %2 characters").arg(where).arg(kMaxNameChars)};
    }
    if (text.toString().size() > kMaxTextChars) {
      return StoreError{tr("%1: the text is longer than %2 characters").arg(where).arg(kMaxTextChars)};
    }
    parsed.append(Preset{{}, name.toString(), text.toString(), false});
  }
  SqlTransaction tx(store_.connection());
  if (auto err = tx.begin()) return StoreError{tr("%1: cannot import presets: %2").arg(store_.path(), *err)};
  QList<Preset> created;
  for (Preset p : parsed) {
    auto name = unique_name(p.name);   // sees the rows inserted earlier in this transaction
    if (!name) return StoreError{name.error()};
    p.name = *name;
    p.id = QStringLiteral("user-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (auto err = insert(p)) return StoreError{*err};
    created.append(p);
  }
  if (auto err = tx.commit()) return StoreError{tr("%1: cannot import presets: %2").arg(store_.path(), *err)};
  return created;
}

StoreResult<QList<Preset>> PresetStore::import_json_file(const QString& file_path) {
  QFile f(file_path);
  if (!f.open(QIODevice::ReadOnly)) return StoreError{tr("%1: cannot read: %2").arg(file_path, f.errorString())};
  if (f.size() > kMaxImportBytes) {
    return StoreError{tr("%1: the file is larger than %2 MiB").arg(file_path).arg(kMaxImportBytes >> 20)};
  }
  const QByteArray json = f.read(kMaxImportBytes + 1);   // a file that grew meanwhile fails the size check
  if (f.error() != QFileDevice::NoError) return StoreError{tr("%1: cannot read: %2").arg(file_path, f.errorString())};
  return import_json(json, file_path);
}

}  // namespace tramontane::gui
