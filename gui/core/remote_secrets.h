#pragma once
// ApiKeyStore: the API key of a remote server (remote_backend.h) in the system keychain (QtKeychain:
// Secret Service, KWallet, macOS Keychain, Windows Credential Store), under the service name
// "Tramontane" and keyed by the server's root URL string (server_root() of the base URL).
//
// Every call is asynchronous (a QtKeychain job): readKey answers keyRead(url, key, error),
// writeKey keyWritten(url, error), deleteKey keyDeleted(url, error); `error` is "" on success.
// A key that is not stored reads as "" with no error.
//
// Without QtKeychain (TRAMONTANE_HAVE_KEYCHAIN not defined), or once a job failed because no
// keychain service answers (NoBackendAvailable, NotImplemented, OtherError), keychainAvailable()
// is false and the key can only be kept for this session: the answers say so in `error`, and the
// caller keeps the key in memory only. There is NO insecure fallback: the key is never written to
// QSettings (settings.ini), to the history database, or to any other file by Tramontane.
#include <QObject>
#include <QString>

namespace tramontane::gui {

class ApiKeyStore : public QObject {
  Q_OBJECT
 public:
  static constexpr const char* kService = "Tramontane";

  explicit ApiKeyStore(QObject* parent = nullptr);

  // False without QtKeychain, or after a job found no keychain service.
  bool keychainAvailable() const { return available_; }
  // Why the keychain cannot be used ("" while it can).
  QString unavailableReason() const { return reason_; }

  void readKey(const QString& url);
  void writeKey(const QString& url, const QString& key);
  void deleteKey(const QString& url);

  // The keychain entry name of a server URL: its root string (server_root), else the URL as given.
  static QString entryName(const QString& url);

 signals:
  void keyRead(const QString& url, const QString& key, const QString& error);
  void keyWritten(const QString& url, const QString& error);
  void keyDeleted(const QString& url, const QString& error);
  // keychainAvailable() became false (`reason` says why).
  void keychainUnavailable(const QString& reason);

 private:
  void mark_unavailable(const QString& reason);
  QString session_only_message() const;

  bool available_ = true;
  QString reason_;
};

}  // namespace tramontane::gui
