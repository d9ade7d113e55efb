#pragma once
// AppSettings: the window's settings in <data dir>/settings.ini (QSettings, INI format), so that
// --data-dir keeps everything of one profile together: the interface language, recent models,
// window geometry, and the sampling settings of each conversation (stored here, not in the
// history database; every answer still records the settings it was generated with), the LoRA
// adapters known to the adapter manager and the adapter set of each conversation, and the remote
// server connection (remote/*: its URL, model and limits, recent servers). A server's API key is
// NEVER stored here: it lives in the system keychain (gui/core/remote_secrets.h) or nowhere.
#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

#include <optional>

#include "gui/core/engine_worker.h"

namespace tramontane::gui {

// Sampling settings plus the context policy chosen for a conversation.
struct ConversationSampling {
  SamplingSettings sampling;
  bool stop_at_context = true;   // false: with a sliding window, older tokens leave the window
  QJsonObject to_json() const;   // the sampling keys plus "stop_at_context"
  static ConversationSampling from_json(const QJsonObject& o);
};

// In-chat moderation of one conversation (issue 7): whether it runs, with which policy (a
// built-in name or a policy file), on which side of the exchange, and what a flagged input does.
struct ChatModeration {
  enum class Side { Input, Answer, Both };
  // Warn: sent, the badge shows the flag. Block: a flagged input is not sent (the reason shown,
  // the text kept in the composer); a flagged answer cannot be unsent and is shown as Warn.
  // Log: the verdict is only stored with the message (no badge).
  enum class Action { Warn, Block, Log };

  bool enabled = false;
  QString policy = QStringLiteral("binary");
  Side side = Side::Both;
  Action action = Action::Warn;

  bool inputs() const { return enabled && side != Side::Answer; }
  bool answers() const { return enabled && side != Side::Input; }
  QJsonObject to_json() const;   // {"enabled", "policy", "side", "action"}
  static ChatModeration from_json(const QJsonObject& o);
  static QString side_key(Side s);       // "input" / "answer" / "both"
  static QString action_key(Action a);   // "warn" / "block" / "log"
  static std::optional<Side> side_from(const QString& key);
  static std::optional<Action> action_from(const QString& key);
};

// The remote server connection (File > Connect to a server…) as last used, without the API key.
struct RemoteSettings {
  QString base_url;              // as typed ("http://127.0.0.1:8080", with or without /v1)
  QString model;                 // "" = the first base model the server lists
  int timeout_seconds = 120;     // RemoteConfig::idle_timeout_ms / 1000
  int max_in_flight = 4;         // moderation requests at once
  int max_retries = 3;
  bool remember_key = false;     // keep the key in the system keychain
  QString prompt_format = QStringLiteral("server");  // prompt_format_key(): server, v1, v3, chatml
};

class AppSettings {
 public:
  static constexpr int kMaxRecentModels = 8;
  static constexpr int kMaxRecentServers = 8;

  explicit AppSettings(const QString& data_dir);

  QString language() const;                 // "" = follow the system
  void set_language(const QString& code);

  QStringList recent_models() const;        // newest first
  void add_recent_model(const QString& path);
  void remove_recent_model(const QString& path);

  QByteArray window_state(const QString& key) const;
  void set_window_state(const QString& key, const QByteArray& state);

  // The defaults for conversations without their own settings.
  ConversationSampling default_sampling() const;
  void set_default_sampling(const ConversationSampling& s);
  ConversationSampling sampling(qint64 conversation_id) const;
  void set_sampling(qint64 conversation_id, const ConversationSampling& s);

  // The adapters the manager lists (paths, in the order added).
  QStringList adapter_library() const;
  void add_adapter(const QString& path);       // no-op when listed already
  void remove_adapter(const QString& path);
  // A conversation's adapter set ({path, scale, enabled} per adapter the user set for it), only
  // the entries whose adapter is still in the library. Empty by default.
  QList<AdapterSpec> adapters(qint64 conversation_id) const;
  void set_adapters(qint64 conversation_id, const QList<AdapterSpec>& set);

  // In-chat moderation: the default for conversations without their own, and per conversation.
  ChatModeration default_moderation() const;
  void set_default_moderation(const ChatModeration& m);
  ChatModeration moderation(qint64 conversation_id) const;
  void set_moderation(qint64 conversation_id, const ChatModeration& m);

  // The remote connection settings (never the API key).
  RemoteSettings remote() const;
  void set_remote(const RemoteSettings& r);
  QStringList recent_servers() const;       // newest first
  void add_recent_server(const QString& url);
  void remove_recent_server(const QString& url);

  void sync() { settings_.sync(); }

 private:
  mutable QSettings settings_;
};

}  // namespace tramontane::gui
