#include "gui/widgets/remote_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "gui/core/remote_backend.h"

namespace tramontane::gui {

RemoteDialog::RemoteDialog(const RemoteSettings& initial, const QStringList& recent, QWidget* parent)
    : QDialog(parent) {
  setObjectName(QStringLiteral("remoteDialog"));
  intro_ = new QLabel(this);
  intro_->setObjectName(QStringLiteral("remoteIntro"));
  intro_->setWordWrap(true);

  url_label_ = new QLabel(this);
  url_ = new QComboBox(this);
  url_->setObjectName(QStringLiteral("remoteUrl"));
  url_->setEditable(true);
  url_->setInsertPolicy(QComboBox::NoInsert);
  url_->addItems(recent);
  url_->setCurrentText(initial.base_url.isEmpty() && !recent.isEmpty() ? recent.first() : initial.base_url);
  url_->setMinimumContentsLength(32);

  key_label_ = new QLabel(this);
  key_ = new QLineEdit(this);
  key_->setObjectName(QStringLiteral("remoteKey"));
  key_->setEchoMode(QLineEdit::Password);
  remember_ = new QCheckBox(this);
  remember_->setObjectName(QStringLiteral("remoteRememberKey"));
  remember_->setChecked(initial.remember_key);

  model_label_ = new QLabel(this);
  model_ = new QComboBox(this);
  model_->setObjectName(QStringLiteral("remoteModel"));
  model_->setEditable(true);
  model_->setInsertPolicy(QComboBox::NoInsert);
  model_->setCurrentText(initial.model);
  fetch_ = new QPushButton(this);
  fetch_->setObjectName(QStringLiteral("remoteFetch"));
  auto* model_row = new QHBoxLayout;
  model_row->addWidget(model_, 1);
  model_row->addWidget(fetch_);

  status_ = new QLabel(this);
  status_->setObjectName(QStringLiteral("remoteStatus"));
  status_->setWordWrap(true);
  status_->setTextFormat(Qt::PlainText);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  status_->hide();

  advanced_ = new QGroupBox(this);
  timeout_label_ = new QLabel(advanced_);
  timeout_ = new QSpinBox(advanced_);
  timeout_->setObjectName(QStringLiteral("remoteTimeout"));
  timeout_->setRange(5, 3600);
  timeout_->setValue(initial.timeout_seconds);
  in_flight_label_ = new QLabel(advanced_);
  in_flight_ = new QSpinBox(advanced_);
  in_flight_->setObjectName(QStringLiteral("remoteInFlight"));
  in_flight_->setRange(1, 64);
  in_flight_->setValue(initial.max_in_flight);
  retries_label_ = new QLabel(advanced_);
  retries_ = new QSpinBox(advanced_);
  retries_->setObjectName(QStringLiteral("remoteRetries"));
  retries_->setRange(0, 10);
  retries_->setValue(initial.max_retries);
  format_label_ = new QLabel(advanced_);
  format_ = new QComboBox(advanced_);
  format_->setObjectName(QStringLiteral("remotePromptFormat"));
  for (PromptFormat f : {PromptFormat::Server, PromptFormat::MistralV1, PromptFormat::MistralV3, PromptFormat::ChatML})
    format_->addItem(QString(), prompt_format_key(f));  // texts: retranslateUi()
  format_->setCurrentIndex(std::max(0, format_->findData(initial.prompt_format)));
  auto* advanced_form = new QFormLayout(advanced_);
  advanced_form->addRow(format_label_, format_);
  advanced_form->addRow(timeout_label_, timeout_);
  advanced_form->addRow(in_flight_label_, in_flight_);
  advanced_form->addRow(retries_label_, retries_);

  auto* form = new QFormLayout;
  form->addRow(url_label_, url_);
  form->addRow(key_label_, key_);
  form->addRow(QString(), remember_);
  form->addRow(model_label_, model_row);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &RemoteDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &RemoteDialog::reject);
  connect(fetch_, &QPushButton::clicked, this, &RemoteDialog::fetchModels);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro_);
  layout->addLayout(form);
  layout->addWidget(status_);
  layout->addWidget(advanced_);
  layout->addStretch(1);
  layout->addWidget(buttons_);
  setMinimumWidth(480);

  retranslateUi();
}

RemoteDialog::~RemoteDialog() {
  if (fetcher_) fetcher_->disconnectFrom();
}

QPushButton* RemoteDialog::connectButton() const { return buttons_->button(QDialogButtonBox::Ok); }

void RemoteDialog::setKeychainAvailable(bool available, const QString& reason) {
  keychain_ = available;
  keychain_reason_ = reason;
  if (!available) remember_->setChecked(false);
  remember_->setEnabled(available);
  retranslateUi();
}

void RemoteDialog::setApiKey(const QString& key) { key_->setText(key); }

QString RemoteDialog::serverUrl() const {
  QString text = url_->currentText().trimmed();
  if (!text.isEmpty() && !text.contains(QStringLiteral("://"))) text.prepend(QStringLiteral("http://"));
  return text;
}

QString RemoteDialog::apiKey() const { return key_->text().trimmed(); }

bool RemoteDialog::rememberKey() const { return keychain_ && remember_->isChecked(); }

RemoteConfig RemoteDialog::config() const {
  RemoteConfig c;
  c.base_url = QUrl(serverUrl());
  c.api_key = apiKey();
  c.model = model_->currentText().trimmed();
  c.idle_timeout_ms = timeout_->value() * 1000;
  c.max_in_flight = in_flight_->value();
  c.max_retries = retries_->value();
  c.prompt_format = prompt_format_from_key(format_->currentData().toString()).value_or(PromptFormat::Server);
  return c;
}

RemoteSettings RemoteDialog::settings() const {
  RemoteSettings s;
  s.base_url = serverUrl();
  s.model = model_->currentText().trimmed();
  s.timeout_seconds = timeout_->value();
  s.max_in_flight = in_flight_->value();
  s.max_retries = retries_->value();
  s.remember_key = rememberKey();
  s.prompt_format = format_->currentData().toString();
  return s;
}

QString RemoteDialog::errorText() const { return status_->isVisibleTo(this) ? status_->text() : QString(); }

void RemoteDialog::showError(const QString& message) {
  status_->setText(message);
  status_->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
  status_->setVisible(!message.isEmpty());
}

void RemoteDialog::setBusy(bool busy) {
  fetch_->setEnabled(!busy);
  fetch_->setText(busy ? tr("Fetching…") : tr("Fetch models"));
  url_->setEnabled(!busy);
  key_->setEnabled(!busy);
  if (busy) {
    status_->setStyleSheet(QString());
    status_->setText(tr("Asking %1 for its models…").arg(serverUrl()));
    status_->show();
    setCursor(Qt::BusyCursor);
  } else {
    unsetCursor();
  }
}

void RemoteDialog::fetchModels() {
  if (fetcher_) return;
  RemoteConfig c = config();
  c.model.clear();   // any base model: the list is what is wanted
  if (!server_root(c.base_url)) {
    showError(tr("%1 is not a server address: give http://host:port or https://host/…").arg(serverUrl()));
    return;
  }
  auto* backend = new RemoteBackend(this);
  fetcher_ = backend;
  setBusy(true);
  connect(backend, &RemoteBackend::connected, this, [this, backend](const ModelInfo&) {
    fetched_.clear();
    for (const RemoteModel& m : backend->models())
      if (m.parent.isEmpty()) fetched_.append(m.id);
    const QString keep = model_->currentText();
    model_->clear();
    model_->addItems(fetched_);
    model_->setCurrentText(keep.isEmpty() || (!fetched_.contains(keep) && !fetched_.isEmpty()) ? fetched_.value(0) : keep);
    fetcher_.clear();
    backend->disconnectFrom();
    backend->deleteLater();
    setBusy(false);
    if (fetched_.isEmpty()) {
      showError(tr("The server lists no base model."));
    } else {
      showError(QString());
      status_->setText(tr("Models on the server: %1").arg(fetched_.size()));
      status_->show();
    }
    emit modelsFetched(fetched_);
  });
  connect(backend, &RemoteBackend::connectFailed, this, [this, backend](const QString& message) {
    fetcher_.clear();
    backend->deleteLater();
    setBusy(false);
    showError(message);
    emit fetchFailed(message);
  });
  backend->connectTo(c);
}

void RemoteDialog::accept() {
  if (!server_root(QUrl(serverUrl()))) {
    showError(url_->currentText().trimmed().isEmpty()
                  ? tr("Give the server's address, for example http://127.0.0.1:8080.")
                  : tr("%1 is not a server address: give http://host:port or https://host/…").arg(serverUrl()));
    url_->setFocus();
    return;
  }
  if (RemoteBackend* f = fetcher_) {
    fetcher_.clear();
    f->disconnectFrom();
    f->deleteLater();
    setBusy(false);
  }
  QDialog::accept();
}

void RemoteDialog::retranslateUi() {
  setWindowTitle(tr("Connect to a server"));
  intro_->setText(tr("Chat with a model served by an OpenAI-compatible server (llama.cpp's server, vLLM, …). "
                     "The conversation history stays on this computer; the prompts and answers go to that server."));
  url_label_->setText(tr("Server URL:"));
  url_->lineEdit()->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
  url_->setToolTip(tr("The server's address, with or without /v1"));
  key_label_->setText(tr("API key:"));
  key_->setPlaceholderText(tr("Optional"));
  key_->setToolTip(tr("Sent to the server as \"Authorization: Bearer\"; never stored in the history"));
  remember_->setText(tr("Remember the key in the system keychain"));
  remember_->setToolTip(keychain_ ? tr("Keep the key in the system keychain (never in Tramontane's files)")
                                  : tr("The system keychain is not available, so the key is kept for this session "
                                       "only and never written to disk.%1")
                                        .arg(keychain_reason_.isEmpty() ? QString() : QStringLiteral("\n") + keychain_reason_));
  model_label_->setText(tr("Model:"));
  model_->lineEdit()->setPlaceholderText(tr("The server's first model"));
  if (!fetcher_) fetch_->setText(tr("Fetch models"));
  fetch_->setToolTip(tr("Ask the server which models it serves"));
  advanced_->setTitle(tr("Advanced"));
  timeout_label_->setText(tr("Timeout:"));
  timeout_->setSuffix(tr(" s"));
  timeout_->setToolTip(tr("The longest wait for the next part of an answer"));
  in_flight_label_->setText(tr("Moderation requests in flight:"));
  in_flight_->setToolTip(tr("How many moderation requests are sent to the server at once"));
  retries_label_->setText(tr("Retries:"));
  retries_->setToolTip(tr("Retries of a moderation request after a busy server, a server error or a network error"));
  format_label_->setText(tr("Prompt format:"));
  format_->setItemText(0, tr("Server's chat template (/v1/chat/completions)"));
  format_->setItemText(1, tr("Mistral v1 [INST] (/v1/completions)"));
  format_->setItemText(2, tr("Mistral v3 (/v1/completions)"));
  format_->setItemText(3, tr("ChatML (/v1/completions)"));
  format_->setToolTip(tr("Who turns the conversation into the model's prompt: the server, with the model's own chat "
                         "template, or Tramontane, with one of its chat formats sent as plain text to /v1/completions "
                         "(for a model served without a chat template, or the same prompt as the local engine). "
                         "The server then reads \"[INST]\" or \"<|im_start|>\" inside a message as control tokens."));
  connectButton()->setText(tr("Connect"));
}

void RemoteDialog::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QDialog::changeEvent(event);
}

}  // namespace tramontane::gui
