#pragma once
// RemoteDialog (File > Connect to a server…): the address of an OpenAI-compatible server (llama.cpp's
// server, vLLM, ...), its API key, the model, and the advanced limits. "Fetch models" asks the server
// (a temporary RemoteBackend) for its base models and fills the model list; errors show inline.
// "Prompt format": the server's chat template (/v1/chat/completions) or one of Tramontane's chat
// formats rendered here and sent to /v1/completions (remote_prompt.h, docs/REMOTE.md).
// The dialog only collects: MainWindow saves the settings (AppSettings::set_remote, never the key),
// keeps the key in the system keychain when asked (ApiKeyStore) and connects (EngineController).
#include <QDialog>
#include <QPointer>

#include "gui/core/remote_api.h"
#include "gui/widgets/app_settings.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace tramontane::gui {

class RemoteBackend;

class RemoteDialog : public QDialog {
  Q_OBJECT
 public:
  // `initial`: the last settings; `recent`: the recent server URLs (newest first).
  RemoteDialog(const RemoteSettings& initial, const QStringList& recent, QWidget* parent = nullptr);
  ~RemoteDialog() override;

  // Without a keychain the "remember" box is off and disabled; `reason` goes in its tooltip.
  void setKeychainAvailable(bool available, const QString& reason = QString());
  void setApiKey(const QString& key);

  // What the fields say. The URL gets "http://" when typed without a scheme.
  RemoteConfig config() const;
  RemoteSettings settings() const;   // without the key
  QString apiKey() const;
  bool rememberKey() const;
  QString serverUrl() const;          // the URL as config() uses it

  // Asks the server for its models (the "Fetch models" button).
  void fetchModels();
  bool fetching() const { return !fetcher_.isNull(); }
  QStringList fetchedModels() const { return fetched_; }
  QString errorText() const;

  QComboBox* urlCombo() const { return url_; }
  QLineEdit* keyEdit() const { return key_; }
  QCheckBox* rememberBox() const { return remember_; }
  QComboBox* modelCombo() const { return model_; }
  QPushButton* fetchButton() const { return fetch_; }
  QSpinBox* timeoutBox() const { return timeout_; }
  QSpinBox* inFlightBox() const { return in_flight_; }
  QSpinBox* retriesBox() const { return retries_; }
  // The prompt format (item data: prompt_format_key()).
  QComboBox* promptFormatCombo() const { return format_; }
  QPushButton* connectButton() const;

  void retranslateUi();

 signals:
  void modelsFetched(const QStringList& models);
  void fetchFailed(const QString& message);

 public slots:
  void accept() override;

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void setBusy(bool busy);
  void showError(const QString& message);

  QPointer<RemoteBackend> fetcher_;
  QStringList fetched_;
  bool keychain_ = true;
  QString keychain_reason_;

  QLabel* intro_ = nullptr;
  QLabel* url_label_ = nullptr;
  QComboBox* url_ = nullptr;
  QLabel* key_label_ = nullptr;
  QLineEdit* key_ = nullptr;
  QCheckBox* remember_ = nullptr;
  QLabel* model_label_ = nullptr;
  QComboBox* model_ = nullptr;
  QPushButton* fetch_ = nullptr;
  QLabel* status_ = nullptr;          // fetch progress and errors
  QGroupBox* advanced_ = nullptr;
  QLabel* timeout_label_ = nullptr;
  QSpinBox* timeout_ = nullptr;
  QLabel* in_flight_label_ = nullptr;
  QSpinBox* in_flight_ = nullptr;
  QLabel* retries_label_ = nullptr;
  QSpinBox* retries_ = nullptr;
  QLabel* format_label_ = nullptr;
  QComboBox* format_ = nullptr;
  QDialogButtonBox* buttons_ = nullptr;
};

}  // namespace tramontane::gui
