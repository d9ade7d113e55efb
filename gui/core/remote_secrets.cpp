#include "gui/core/remote_secrets.h"

#include <QTimer>
#include <QUrl>

#include "gui/core/remote_api.h"

#ifdef TRAMONTANE_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace tramontane::gui {

ApiKeyStore::ApiKeyStore(QObject* parent) : QObject(parent) {
#ifndef TRAMONTANE_HAVE_KEYCHAIN
  available_ = false;
  reason_ = tr("This build of Tramontane has no keychain support (QtKeychain).");
#endif
}

QString ApiKeyStore::entryName(const QString& url) {
  if (auto root = server_root(QUrl(url.trimmed()))) return root->toString();
  return url.trimmed();
}

QString ApiKeyStore::session_only_message() const {
  return tr("The system keychain is not available (%1); the key is kept for this session only.").arg(reason_);
}

void ApiKeyStore::mark_unavailable(const QString& reason) {
  const bool was = available_;
  available_ = false;
  reason_ = reason;
  if (was) emit keychainUnavailable(reason);
}

#ifdef TRAMONTANE_HAVE_KEYCHAIN
namespace {
// Errors that say no keychain service can be used at all (not a problem with this entry).
bool no_keychain(QKeychain::Error e) {
  return e == QKeychain::NoBackendAvailable || e == QKeychain::NotImplemented || e == QKeychain::OtherError;
}
}  // namespace
#endif

void ApiKeyStore::readKey(const QString& url) {
  const QString name = entryName(url);
  if (!available_) {
    QTimer::singleShot(0, this, [this, url] { emit keyRead(url, QString(), session_only_message()); });
    return;
  }
#ifdef TRAMONTANE_HAVE_KEYCHAIN
  auto* job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kService), this);
  job->setInsecureFallback(false);
  job->setAutoDelete(true);
  job->setKey(name);
  connect(job, &QKeychain::Job::finished, this, [this, url, job] {
    const QKeychain::Error e = job->error();
    if (e == QKeychain::NoError) {
      emit keyRead(url, job->textData(), QString());
    } else if (e == QKeychain::EntryNotFound) {
      emit keyRead(url, QString(), QString());
    } else {
      if (no_keychain(e)) mark_unavailable(job->errorString());
      emit keyRead(url, QString(), available_ ? job->errorString() : session_only_message());
    }
  });
  job->start();
#endif
}

void ApiKeyStore::writeKey(const QString& url, const QString& key) {
  const QString name = entryName(url);
  if (!available_) {
    QTimer::singleShot(0, this, [this, url] { emit keyWritten(url, session_only_message()); });
    return;
  }
#ifdef TRAMONTANE_HAVE_KEYCHAIN
  auto* job = new QKeychain::WritePasswordJob(QString::fromLatin1(kService), this);
  job->setInsecureFallback(false);
  job->setAutoDelete(true);
  job->setKey(name);
  job->setTextData(key);
  connect(job, &QKeychain::Job::finished, this, [this, url, job] {
    const QKeychain::Error e = job->error();
    if (e == QKeychain::NoError) {
      emit keyWritten(url, QString());
      return;
    }
    if (no_keychain(e)) mark_unavailable(job->errorString());
    emit keyWritten(url, available_ ? job->errorString() : session_only_message());
  });
  job->start();
#else
  Q_UNUSED(key);
#endif
}

void ApiKeyStore::deleteKey(const QString& url) {
  const QString name = entryName(url);
  if (!available_) {
    // Nothing can have been stored: no error to report.
    QTimer::singleShot(0, this, [this, url] { emit keyDeleted(url, QString()); });
    return;
  }
#ifdef TRAMONTANE_HAVE_KEYCHAIN
  auto* job = new QKeychain::DeletePasswordJob(QString::fromLatin1(kService), this);
  job->setInsecureFallback(false);
  job->setAutoDelete(true);
  job->setKey(name);
  connect(job, &QKeychain::Job::finished, this, [this, url, job] {
    const QKeychain::Error e = job->error();
    if (e == QKeychain::NoError || e == QKeychain::EntryNotFound) {
      emit keyDeleted(url, QString());
      return;
    }
    if (no_keychain(e)) mark_unavailable(job->errorString());
    emit keyDeleted(url, job->errorString());
  });
  job->start();
#endif
}

}  // namespace tramontane::gui
