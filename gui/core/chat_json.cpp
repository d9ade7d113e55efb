#include "gui/core/chat_json.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>

namespace tramontane::gui {

namespace {

// Translation context for this file's messages (lupdate reads ChatJson::tr).
struct ChatJson {
  Q_DECLARE_TR_FUNCTIONS(ChatJson)
};

const QString kFormat = QStringLiteral("tramontane-chat");
constexpr double kMaxExactInt = 9007199254740992.0;   // 2^53: the largest exact JSON integer
const QLatin1String kUtcZ("Z");

QJsonValue nullable(const std::optional<qint64>& v) {
  return v ? QJsonValue(static_cast<double>(*v)) : QJsonValue(QJsonValue::Null);
}

// Reads one JSON object's fields; errors carry "<label>: <where>: <field>: <problem>".
class FieldReader {
 public:
  FieldReader(const QJsonObject& o, QString where, const ChatJsonLimits& limits)
      : o_(o), where_(std::move(where)), limits_(limits) {}

  const QString& error() const { return error_; }
  bool failed() const { return !error_.isEmpty(); }

  QString string(const char* key, qint64 max_chars, bool required, const QString& fallback = {}) {
    const QJsonValue v = o_.value(QLatin1String(key));
    if (v.isUndefined() && !required) return fallback;
    if (!v.isString()) {
      fail(key, ChatJson::tr("must be a string"));
      return QString();
    }
    const QString s = v.toString();
    if (s.size() > max_chars) {
      fail(key, ChatJson::tr("is longer than %1 characters").arg(max_chars));
      return QString();
    }
    // An unpaired surrogate ("\ud800") parses, but the history (SQLite, UTF-8) would store
    // something else: refused, so that an import is what the file says.
    if (!s.isValidUtf16()) {
      fail(key, ChatJson::tr("is not valid Unicode (an unpaired surrogate)"));
      return QString();
    }
    return s;
  }

  bool boolean(const char* key, bool fallback) {
    const QJsonValue v = o_.value(QLatin1String(key));
    if (v.isUndefined()) return fallback;
    if (!v.isBool()) {
      fail(key, ChatJson::tr("must be true or false"));
      return false;
    }
    return v.toBool();
  }

  // A non-negative integer or null/absent.
  std::optional<qint64> optional_count(const char* key) {
    const QJsonValue v = o_.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) return std::nullopt;
    return count(key);
  }

  qint64 count(const char* key) {
    const QJsonValue v = o_.value(QLatin1String(key));
    const double d = v.toDouble(-1.0);
    if (!v.isDouble() || !std::isfinite(d) || d < 0 || d > kMaxExactInt || d != std::floor(d)) {
      fail(key, ChatJson::tr("must be a whole number from 0 to 2^53"));
      return 0;
    }
    return static_cast<qint64>(d);
  }

  qint64 time(const char* key, std::optional<qint64> fallback) {
    const QJsonValue v = o_.value(QLatin1String(key));
    if (v.isUndefined() && fallback) return *fallback;
    const auto ms = v.isString() ? parse_iso_time(v.toString()) : std::nullopt;
    if (!ms) {
      fail(key, ChatJson::tr("must be a time like 2024-05-01T12:00:00.000Z"));
      return 0;
    }
    return *ms;
  }

  // An object or array kept as-is; its compact text must stay under the field limit.
  template <class T>
  T json(const char* key, bool is_object) {
    const QJsonValue v = o_.value(QLatin1String(key));
    if (v.isUndefined()) return T();
    if (is_object ? !v.isObject() : !v.isArray()) {
      fail(key, is_object ? ChatJson::tr("must be an object") : ChatJson::tr("must be an array"));
      return T();
    }
    T out;
    if constexpr (std::is_same_v<T, QJsonObject>) {
      out = v.toObject();
    } else {
      out = v.toArray();
    }
    if (QJsonDocument(out).toJson(QJsonDocument::Compact).size() > limits_.max_field_chars) {
      fail(key, ChatJson::tr("is too large"));
      return T();
    }
    return out;
  }

  void fail(const char* key, const QString& problem) {
    if (error_.isEmpty()) error_ = ChatJson::tr("%1: '%2' %3").arg(where_, QLatin1String(key), problem);
  }

 private:
  QJsonObject o_;
  QString where_;
  const ChatJsonLimits& limits_;
  QString error_;
};

std::optional<QString> read_message(const QJsonValue& value, const QString& where,
                                    const QHash<qint64, int>& earlier, const ChatJsonLimits& limits,
                                    Message* m) {
  if (!value.isObject()) return ChatJson::tr("%1: must be an object").arg(where);
  const QJsonObject o = value.toObject();
  FieldReader r(o, where, limits);
  m->id = r.count("id");
  if (!r.failed() && earlier.contains(m->id)) r.fail("id", ChatJson::tr("repeats an earlier message id"));
  const QJsonValue parent = o.value(QLatin1String("parent"));
  if (!parent.isUndefined() && !parent.isNull()) {
    const qint64 p = r.count("parent");
    if (!r.failed() && !earlier.contains(p)) {
      r.fail("parent", ChatJson::tr("refers to message %1, which does not come earlier").arg(p));
    }
    m->parent_id = p;
  }
  const QString role = r.string("role", 16, true);
  if (!r.failed()) {
    const auto parsed = role_from_code(role);
    if (!parsed) r.fail("role", ChatJson::tr("must be \"system\", \"user\" or \"assistant\""));
    m->role = parsed.value_or(Role::User);
  }
  m->content = r.string("content", limits.max_content_chars, true);
  m->created_at = r.time("created_at", std::nullopt);
  m->updated_at = r.time("updated_at", m->created_at);
  m->streaming = r.boolean("streaming", false);
  m->model = r.string("model", limits.max_field_chars, false);
  m->adapters = r.json<QJsonArray>("adapters", false);
  const QJsonValue preset = o.value(QLatin1String("preset"));
  if (!preset.isUndefined()) {
    if (!preset.isObject()) {
      r.fail("preset", ChatJson::tr("must be an object"));
    } else {
      FieldReader p(preset.toObject(), where + QStringLiteral(", preset"), limits);
      m->preset_id = p.string("id", limits.max_field_chars, false);
      m->preset_name = p.string("name", limits.max_field_chars, false);
      m->preset_text = p.string("text", limits.max_field_chars, false);
      if (p.failed()) return p.error();
    }
  }
  m->sampling = r.json<QJsonObject>("sampling", true);
  m->prompt_tokens = r.optional_count("prompt_tokens");
  m->completion_tokens = r.optional_count("completion_tokens");
  const QJsonValue stop = o.value(QLatin1String("stop_reason"));
  if (!stop.isUndefined() && !stop.isNull()) {
    const auto reason = stop.isString() ? stop_reason_from_code(stop.toString()) : std::nullopt;
    if (!reason || *reason == StopReason::None) r.fail("stop_reason", ChatJson::tr("is not a known stop reason"));
    m->stop_reason = reason.value_or(StopReason::None);
  }
  const QJsonValue moderation = o.value(QLatin1String("moderation"));
  if (!moderation.isUndefined() && !moderation.isNull()) m->moderation = r.json<QJsonObject>("moderation", true);
  if (r.failed()) return r.error();
  return std::nullopt;
}

std::optional<QString> read_conversation(const QJsonValue& value, const QString& where,
                                         const ChatJsonLimits& limits, qint64* total_messages,
                                         ChatJsonConversation* out) {
  if (!value.isObject()) return ChatJson::tr("%1: must be an object").arg(where);
  const QJsonObject o = value.toObject();
  FieldReader r(o, where, limits);
  Conversation& c = out->conversation;
  c.title = r.string("title", limits.max_title_chars, true);
  c.created_at = r.time("created_at", std::nullopt);
  c.updated_at = r.time("updated_at", c.created_at);
  c.pinned = r.boolean("pinned", false);
  c.preset_id = r.string("preset_id", limits.max_field_chars, false);
  c.model = r.string("model", limits.max_field_chars, false);
  if (r.failed()) return r.error();

  const QJsonValue messages = o.value(QLatin1String("messages"));
  if (!messages.isArray()) return ChatJson::tr("%1: 'messages' must be an array").arg(where);
  const QJsonArray list = messages.toArray();
  if (list.size() > limits.max_messages_per_conversation) {
    return ChatJson::tr("%1: more than %2 messages").arg(where).arg(limits.max_messages_per_conversation);
  }
  *total_messages += list.size();
  if (*total_messages > limits.max_messages) {
    return ChatJson::tr("%1: more than %2 messages in the file").arg(where).arg(limits.max_messages);
  }
  QHash<qint64, int> earlier;   // local id -> position
  for (int i = 0; i < list.size(); ++i) {
    Message m;
    const QString at = ChatJson::tr("%1, message %2").arg(where).arg(i + 1);
    if (auto err = read_message(list.at(i), at, earlier, limits, &m)) return err;
    earlier.insert(m.id, i);
    out->messages.append(m);
  }
  const QJsonValue leaf = o.value(QLatin1String("current_leaf"));
  if (!leaf.isUndefined() && !leaf.isNull()) {
    const qint64 id = r.count("current_leaf");
    if (!r.failed() && !earlier.contains(id)) {
      r.fail("current_leaf", ChatJson::tr("refers to message %1, which is not in this conversation").arg(id));
    }
    c.current_leaf_id = id;
  }
  if (r.failed()) return r.error();
  return std::nullopt;
}

}  // namespace

QString iso_time(qint64 ms) {
  return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<qint64> parse_iso_time(const QString& text) {
  if (text.size() > 64) return std::nullopt;
  const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
  if (!t.isValid()) return std::nullopt;
  return t.toMSecsSinceEpoch();
}

QByteArray write_chat_json(const QList<ChatJsonConversation>& conversations, qint64 exported_at_ms) {
  QJsonArray list;
  for (const ChatJsonConversation& cj : conversations) {
    QHash<qint64, qint64> local;   // stored id -> 1-based position
    QJsonArray messages;
    for (const Message& m : cj.messages) {
      local.insert(m.id, local.size() + 1);
      QJsonObject preset{{QStringLiteral("id"), m.preset_id},
                         {QStringLiteral("name"), m.preset_name},
                         {QStringLiteral("text"), m.preset_text}};
      const QString stop = stop_reason_code(m.stop_reason);
      QJsonObject o{
          {QStringLiteral("id"), static_cast<double>(local.value(m.id))},
          {QStringLiteral("parent"), m.parent_id && local.contains(*m.parent_id)
                                         ? QJsonValue(static_cast<double>(local.value(*m.parent_id)))
                                         : QJsonValue(QJsonValue::Null)},
          {QStringLiteral("role"), role_code(m.role)},
          {QStringLiteral("content"), m.content},
          {QStringLiteral("created_at"), iso_time(m.created_at)},
          {QStringLiteral("updated_at"), iso_time(m.updated_at)},
          {QStringLiteral("streaming"), m.streaming},
          {QStringLiteral("model"), m.model},
          {QStringLiteral("adapters"), m.adapters},
          {QStringLiteral("preset"), preset},
          {QStringLiteral("sampling"), m.sampling},
          {QStringLiteral("prompt_tokens"), nullable(m.prompt_tokens)},
          {QStringLiteral("completion_tokens"), nullable(m.completion_tokens)},
          {QStringLiteral("stop_reason"), stop.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(stop)},
          {QStringLiteral("moderation"), m.moderation ? QJsonValue(*m.moderation) : QJsonValue(QJsonValue::Null)},
      };
      messages.append(o);
    }
    const auto& c = cj.conversation;
    const QJsonValue leaf = c.current_leaf_id && local.contains(*c.current_leaf_id)
                                ? QJsonValue(static_cast<double>(local.value(*c.current_leaf_id)))
                                : QJsonValue(QJsonValue::Null);
    list.append(QJsonObject{
        {QStringLiteral("title"), c.title},
        {QStringLiteral("created_at"), iso_time(c.created_at)},
        {QStringLiteral("updated_at"), iso_time(c.updated_at)},
        {QStringLiteral("pinned"), c.pinned},
        {QStringLiteral("preset_id"), c.preset_id},
        {QStringLiteral("model"), c.model},
        {QStringLiteral("current_leaf"), leaf},
        {QStringLiteral("messages"), messages},
    });
  }
  const QJsonObject root{{QStringLiteral("format"), kFormat},
                         {QStringLiteral("version"), kChatJsonVersion},
                         {QStringLiteral("exported_at"), iso_time(exported_at_ms)},
                         {QStringLiteral("conversations"), list}};
  return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

StoreResult<QList<ChatJsonConversation>> read_chat_json(const QByteArray& json, const QString& label,
                                                        const ChatJsonLimits& limits) {
  if (json.size() > limits.max_bytes) {
    return StoreError{ChatJson::tr("%1: the file is larger than %2 MiB").arg(label).arg(limits.max_bytes >> 20)};
  }
  QJsonParseError parse_error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parse_error);
  if (parse_error.error != QJsonParseError::NoError) {
    return StoreError{ChatJson::tr("%1: not valid JSON at byte %2: %3")
                          .arg(label).arg(parse_error.offset).arg(parse_error.errorString())};
  }
  if (!doc.isObject()) return StoreError{ChatJson::tr("%1: the top level must be a JSON object").arg(label)};
  const QJsonObject root = doc.object();
  if (root.value(QLatin1String("format")).toString() != kFormat) {
    return StoreError{ChatJson::tr("%1: not a Tramontane chat export ('format' is not \"%2\")").arg(label, kFormat)};
  }
  const QJsonValue version = root.value(QLatin1String("version"));
  if (!version.isDouble() || version.toDouble() != kChatJsonVersion) {
    if (version.isDouble() && version.toDouble() > kChatJsonVersion) {
      return StoreError{ChatJson::tr("%1: made by a newer Tramontane (format version %2; this one reads %3)")
                            .arg(label).arg(version.toDouble()).arg(kChatJsonVersion)};
    }
    return StoreError{ChatJson::tr("%1: unsupported format version").arg(label)};
  }
  const QJsonValue conversations = root.value(QLatin1String("conversations"));
  if (!conversations.isArray()) return StoreError{ChatJson::tr("%1: 'conversations' must be an array").arg(label)};
  const QJsonArray list = conversations.toArray();
  if (list.size() > limits.max_conversations) {
    return StoreError{ChatJson::tr("%1: more than %2 conversations").arg(label).arg(limits.max_conversations)};
  }
  QList<ChatJsonConversation> out;
  qint64 total_messages = 0;
  for (int i = 0; i < list.size(); ++i) {
    ChatJsonConversation cj;
    const QString where = ChatJson::tr("%1: conversation %2").arg(label).arg(i + 1);
    if (auto err = read_conversation(list.at(i), where, limits, &total_messages, &cj)) return StoreError{*err};
    out.append(cj);
  }
  return out;
}

}  // namespace tramontane::gui
