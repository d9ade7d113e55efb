#include "gui/widgets/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

#include "gui/core/chat_store.h"
#include "gui/core/remote_prompt.h"

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

QString moderation_key(qint64 conversation_id) {
  return QStringLiteral("moderation/conversation_%1").arg(conversation_id);
}

}  // namespace

QString ChatModeration::side_key(Side s) {
  switch (s) {
    case Side::Input: return QStringLiteral("input");
    case Side::Answer: return QStringLiteral("answer");
    case Side::Both: break;
  }
  return QStringLiteral("both");
}

QString ChatModeration::action_key(Action a) {
  switch (a) {
    case Action::Block: return QStringLiteral("block");
    case Action::Log: return QStringLiteral("log");
    case Action::Warn: break;
  }
  return QStringLiteral("warn");
}

std::optional<ChatModeration::Side> ChatModeration::side_from(const QString& key) {
  for (Side s : {Side::Input, Side::Answer, Side::Both})
    if (side_key(s) == key) return s;
  return std::nullopt;
}

std::optional<ChatModeration::Action> ChatModeration::action_from(const QString& key) {
  for (Action a : {Action::Warn, Action::Block, Action::Log})
    if (action_key(a) == key) return a;
  return std::nullopt;
}

QJsonObject ChatModeration::to_json() const {
  return {{QStringLiteral("enabled"), enabled},
          {QStringLiteral("policy"), policy},
          {QStringLiteral("side"), side_key(side)},
          {QStringLiteral("action"), action_key(action)}};
}

ChatModeration ChatModeration::from_json(const QJsonObject& o) {
  ChatModeration m;
  m.enabled = o.value(QStringLiteral("enabled")).toBool(false);
  const QString policy = o.value(QStringLiteral("policy")).toString();
  if (!policy.isEmpty()) m.policy = policy;
  m.side = side_from(o.value(QStringLiteral("side")).toString()).value_or(Side::Both);
  m.action = action_from(o.value(QStringLiteral("action")).toString()).value_or(Action::Warn);
  return m;
}

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

static ChatModeration read_moderation(const QSettings& settings, const QString& key, const ChatModeration& fallback) {
  const QJsonDocument doc = QJsonDocument::fromJson(settings.value(key).toByteArray());
  return doc.isObject() ? ChatModeration::from_json(doc.object()) : fallback;
}

ChatModeration AppSettings::default_moderation() const {
  return read_moderation(settings_, QStringLiteral("moderation/default"), ChatModeration{});
}

void AppSettings::set_default_moderation(const ChatModeration& m) {
  settings_.setValue(QStringLiteral("moderation/default"), QJsonDocument(m.to_json()).toJson(QJsonDocument::Compact));
}

ChatModeration AppSettings::moderation(qint64 conversation_id) const {
  return read_moderation(settings_, moderation_key(conversation_id), default_moderation());
}

void AppSettings::set_moderation(qint64 conversation_id, const ChatModeration& m) {
  settings_.setValue(moderation_key(conversation_id), QJsonDocument(m.to_json()).toJson(QJsonDocument::Compact));
}

RemoteSettings AppSettings::remote() const {
  RemoteSettings r;
  r.base_url = settings_.value(QStringLiteral("remote/base_url")).toString();
  r.model = settings_.value(QStringLiteral("remote/model")).toString();
  r.timeout_seconds = std::clamp(settings_.value(QStringLiteral("remote/timeout_seconds"), r.timeout_seconds).toInt(), 5, 3600);
  r.max_in_flight = std::clamp(settings_.value(QStringLiteral("remote/max_in_flight"), r.max_in_flight).toInt(), 1, 64);
  r.max_retries = std::clamp(settings_.value(QStringLiteral("remote/max_retries"), r.max_retries).toInt(), 0, 10);
  r.remember_key = settings_.value(QStringLiteral("remote/remember_key"), false).toBool();
  // An unknown value (a newer version's, a hand edit) is the default.
  const QString format = settings_.value(QStringLiteral("remote/prompt_format"), r.prompt_format).toString();
  if (prompt_format_from_key(format)) r.prompt_format = format;
  return r;
}

void AppSettings::set_remote(const RemoteSettings& r) {
  settings_.setValue(QStringLiteral("remote/base_url"), r.base_url);
  settings_.setValue(QStringLiteral("remote/model"), r.model);
  settings_.setValue(QStringLiteral("remote/timeout_seconds"), r.timeout_seconds);
  settings_.setValue(QStringLiteral("remote/max_in_flight"), r.max_in_flight);
  settings_.setValue(QStringLiteral("remote/max_retries"), r.max_retries);
  settings_.setValue(QStringLiteral("remote/remember_key"), r.remember_key);
  settings_.setValue(QStringLiteral("remote/prompt_format"), r.prompt_format);
}

QStringList AppSettings::recent_servers() const {
  return settings_.value(QStringLiteral("remote/recent")).toStringList();
}

void AppSettings::add_recent_server(const QString& url) {
  if (url.trimmed().isEmpty()) return;
  QStringList list = recent_servers();
  list.removeAll(url);
  list.prepend(url);
  while (list.size() > kMaxRecentServers) list.removeLast();
  settings_.setValue(QStringLiteral("remote/recent"), list);
}

void AppSettings::remove_recent_server(const QString& url) {
  QStringList list = recent_servers();
  list.removeAll(url);
  settings_.setValue(QStringLiteral("remote/recent"), list);
}

}  // namespace tramontane::gui
