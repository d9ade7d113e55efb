#include "gui/widgets/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include "gui/core/chat_store.h"

namespace tramontane::gui {

namespace {

// Beside the history database: <data dir>/settings.ini.
QString settings_file(const QString& data_dir) {
  return QFileInfo(ChatStore::database_path(data_dir)).dir().filePath(QStringLiteral("settings.ini"));
}

QString sampling_key(qint64 conversation_id) {
  return QStringLiteral("sampling/conversation_%1").arg(conversation_id);
}

QString adapters_key(qint64 conversation_id) {
  return QStringLiteral("adapters/conversation_%1").arg(conversation_id);
}

}  // namespace

QJsonObject ConversationSampling::to_json() const {
  QJsonObject o = sampling.to_json();
  o.insert(QStringLiteral("stop_at_context"), stop_at_context);
  return o;
}

ConversationSampling ConversationSampling::from_json(const QJsonObject& o) {
  ConversationSampling s;
  s.sampling = SamplingSettings::from_json(o);
  s.stop_at_context = o.value(QStringLiteral("stop_at_context")).toBool(true);
  return s;
}

AppSettings::AppSettings(const QString& data_dir) : settings_(settings_file(data_dir), QSettings::IniFormat) {}

QString AppSettings::language() const { return settings_.value(QStringLiteral("ui/language")).toString(); }

void AppSettings::set_language(const QString& code) { settings_.setValue(QStringLiteral("ui/language"), code); }

QStringList AppSettings::recent_models() const {
  return settings_.value(QStringLiteral("models/recent")).toStringList();
}

void AppSettings::add_recent_model(const QString& path) {
  QStringList list = recent_models();
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecentModels) list.removeLast();
  settings_.setValue(QStringLiteral("models/recent"), list);
}

void AppSettings::remove_recent_model(const QString& path) {
  QStringList list = recent_models();
  list.removeAll(path);
  settings_.setValue(QStringLiteral("models/recent"), list);
}

QByteArray AppSettings::window_state(const QString& key) const {
  return settings_.value(QStringLiteral("window/") + key).toByteArray();
}

void AppSettings::set_window_state(const QString& key, const QByteArray& state) {
  settings_.setValue(QStringLiteral("window/") + key, state);
}

static ConversationSampling read_sampling(const QSettings& settings, const QString& key,
                                          const ConversationSampling& fallback) {
  const QByteArray raw = settings.value(key).toByteArray();
  if (raw.isEmpty()) return fallback;
  const QJsonDocument doc = QJsonDocument::fromJson(raw);
  return doc.isObject() ? ConversationSampling::from_json(doc.object()) : fallback;
}

ConversationSampling AppSettings::default_sampling() const {
  return read_sampling(settings_, QStringLiteral("sampling/default"), ConversationSampling{});
}

void AppSettings::set_default_sampling(const ConversationSampling& s) {
  settings_.setValue(QStringLiteral("sampling/default"),
                     QJsonDocument(s.to_json()).toJson(QJsonDocument::Compact));
}

ConversationSampling AppSettings::sampling(qint64 conversation_id) const {
  return read_sampling(settings_, sampling_key(conversation_id), default_sampling());
}

void AppSettings::set_sampling(qint64 conversation_id, const ConversationSampling& s) {
  settings_.setValue(sampling_key(conversation_id), QJsonDocument(s.to_json()).toJson(QJsonDocument::Compact));
}

QStringList AppSettings::adapter_library() const {
  return settings_.value(QStringLiteral("adapters/library")).toStringList();
}

void AppSettings::add_adapter(const QString& path) {
  QStringList list = adapter_library();
  if (list.contains(path)) return;
  list.append(path);
  settings_.setValue(QStringLiteral("adapters/library"), list);
}

void AppSettings::remove_adapter(const QString& path) {
  QStringList list = adapter_library();
  list.removeAll(path);
  settings_.setValue(QStringLiteral("adapters/library"), list);
}

QList<AdapterSpec> AppSettings::adapters(qint64 conversation_id) const {
  const QJsonDocument doc = QJsonDocument::fromJson(settings_.value(adapters_key(conversation_id)).toByteArray());
  const QStringList library = adapter_library();
  QList<AdapterSpec> out;
  for (const AdapterSpec& s : adapters_from_json(doc.array()))
    if (library.contains(s.path)) out.append(s);
  return out;
}

void AppSettings::set_adapters(qint64 conversation_id, const QList<AdapterSpec>& set) {
  settings_.setValue(adapters_key(conversation_id),
                     QJsonDocument(adapters_to_json(set)).toJson(QJsonDocument::Compact));
}

}  // namespace tramontane::gui
