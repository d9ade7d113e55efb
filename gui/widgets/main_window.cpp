#include "gui/widgets/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

#include "gui/core/chat_store.h"
#include "gui/core/conversation_list_model.h"
#include "gui/core/engine_controller.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/remote_backend.h"
#include "gui/core/remote_secrets.h"
#include "gui/core/user_policy_store.h"
#include "gui/core/preset_store.h"
#include "gui/widgets/adapter_manager.h"
#include "gui/widgets/chat_moderation_dialog.h"
#include "gui/widgets/chat_view.h"
#include "gui/widgets/composer.h"
#include "gui/widgets/conversation_panel.h"
#include "gui/widgets/history_transfer.h"
#include "gui/widgets/kv_visualizer.h"
#include "gui/widgets/language.h"
#include "gui/widgets/load_indicator.h"
#include "gui/widgets/moderation_panel.h"
#include "gui/widgets/preset_editor_dialog.h"
#include "gui/widgets/remote_dialog.h"
#include "gui/widgets/sampling_dialog.h"
#include "gui/widgets/settings_dialog.h"
#include "gui/widgets/status_panel.h"
#include "gui/widgets/welcome_panel.h"

namespace tramontane::gui {

namespace {
constexpr int kTitleChars = 60;

// A conversation's title from its first message: the first line, shortened.
QString title_from(const QString& text) {
  QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
  if (line.size() > kTitleChars) line = line.left(kTitleChars - 1) + QChar(0x2026);
  return line;
}
}  // namespace

MainWindow::MainWindow(ChatStore& store, EngineController& controller, const QString& data_dir, QWidget* parent)
    : QMainWindow(parent), store_(store), controller_(controller), settings_(data_dir) {
  setObjectName(QStringLiteral("mainWindow"));
  presets_ = std::make_unique<PresetStore>(store_);
  conversations_ = std::make_unique<ConversationListModel>(store_);
  flow_ = std::make_unique<ChatFlow>(store_, *presets_, controller_);
  keys_ = new ApiKeyStore(this);
  connect(keys_, &ApiKeyStore::keyWritten, this, [this](const QString&, const QString& error) {
    if (!error.isEmpty()) showStatus(tr("The API key was not saved: %1").arg(error));
  });
  if (auto e = conversations_->refresh()) showError(tr("History"), *e);

  panel_ = new ConversationPanel(store_, *conversations_, this);
  auto* right = new QWidget(this);
  buildChatBar(right);
  view_ = new ChatView(right);
  composer_ = new Composer(right);
  auto* bar = new QHBoxLayout;
  bar->addWidget(preset_label_);
  bar->addWidget(preset_combo_, 1);
  bar->addWidget(presets_button_);
  bar->addWidget(sampling_button_);
  bar->addWidget(moderation_button_);
  bar->addWidget(policy_label_, 1);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(4, 4, 4, 4);
  right_layout->addLayout(bar);
  // The chat view, or the welcome panel while no model is loaded and the chat is empty.
  welcome_ = new WelcomePanel(settings_, right);
  chat_stack_ = new QStackedWidget(right);
  chat_stack_->addWidget(view_);
  chat_stack_->addWidget(welcome_);
  connect(welcome_, &WelcomePanel::openRequested, this, &MainWindow::openModel);
  right_layout->addWidget(chat_stack_, 1);
  right_layout->addWidget(composer_);

  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->addWidget(panel_);
  splitter_->addWidget(right);
  splitter_->setStretchFactor(0, 1);
  splitter_->setStretchFactor(1, 3);
  splitter_->setSizes({260, 760});
  setCentralWidget(splitter_);

  status_ = new StatusPanel(this);
  load_ = new LoadIndicator(this);
  statusBar()->addWidget(load_);
  statusBar()->addPermanentWidget(status_);

  buildMenus();
  connectEngine();
  reloadPresets();

  connect(composer_, &Composer::sendRequested, this, &MainWindow::onSend);
  connect(composer_, &Composer::stopRequested, &controller_, &EngineController::stop);
  connect(view_, &ChatView::editRequested, this, &MainWindow::onEdit);
  connect(view_, &ChatView::regenerateRequested, this, &MainWindow::onRegenerate);
  connect(view_, &ChatView::branchRequested, this, &MainWindow::onBranch);
  connect(panel_, &ConversationPanel::conversationActivated, this, &MainWindow::showConversation);
  connect(panel_, &ConversationPanel::newConversationRequested, this, [this] { newConversation(); });
  connect(panel_, &ConversationPanel::messageJumpRequested, this, &MainWindow::onJump);
  connect(panel_, &ConversationPanel::errorOccurred, this, [this](const QString& m) { showError(tr("History"), m); });
  connect(preset_combo_, qOverload<int>(&QComboBox::activated), this, &MainWindow::onPresetChosen);

  const QByteArray geometry = settings_.window_state(QStringLiteral("geometry"));
  if (geometry.isEmpty() || !restoreGeometry(geometry)) resize(1100, 720);
  splitter_->restoreState(settings_.window_state(QStringLiteral("splitter")));

  if (conversations_->rowCount() > 0) panel_->selectConversation(conversations_->idAt(0));
  status_->setModel(controller_.isLoaded() ? controller_.modelInfo() : ModelInfo{});
  retranslateUi();
  updateWelcome();
  composer_->editor()->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildChatBar(QWidget* parent) {
  preset_label_ = new QLabel(parent);
  preset_combo_ = new QComboBox(parent);
  preset_combo_->setObjectName(QStringLiteral("presetCombo"));
  preset_combo_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  presets_button_ = new QPushButton(parent);
  presets_button_->setObjectName(QStringLiteral("editPresetsButton"));
  sampling_button_ = new QPushButton(parent);
  sampling_button_->setObjectName(QStringLiteral("samplingButton"));
  policy_label_ = new QLabel(parent);
  policy_label_->setObjectName(QStringLiteral("policyLabel"));
  policy_label_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  connect(presets_button_, &QPushButton::clicked, this, &MainWindow::editPresets);
  connect(sampling_button_, &QPushButton::clicked, this, &MainWindow::editSampling);
  // In-chat moderation of the current conversation (issue 7).
  moderation_button_ = new QPushButton(parent);
  moderation_button_->setObjectName(QStringLiteral("chatModerationButton"));
  connect(moderation_button_, &QPushButton::clicked, this, [this] {
    if (!conversation_id_) return;
    ChatModerationDialog dialog(settings_.moderation(conversation_id_), this,
                                UserPolicyStore::defaultDir(QFileInfo(store_.path()).absolutePath()));
    if (dialog.exec() != QDialog::Accepted) return;
    settings_.set_moderation(conversation_id_, dialog.settings());
    settings_.set_default_moderation(dialog.settings());   // new conversations start from the last choice
    updatePolicy();
  });
}

void MainWindow::buildMenus() {
  transfer_ = new HistoryTransfer(store_, this);
  file_menu_ = menuBar()->addMenu(QString());
  new_action_ = file_menu_->addAction(QString(), this, [this] { newConversation(); });
  new_action_->setShortcut(QKeySequence::New);
  open_file_action_ = file_menu_->addAction(QString(), this, &MainWindow::openModelFile);
  open_file_action_->setShortcut(QKeySequence::Open);
  open_folder_action_ = file_menu_->addAction(QString(), this, &MainWindow::openModelFolder);
  connect_action_ = file_menu_->addAction(QString(), this, &MainWindow::openConnectDialog);
  connect_action_->setObjectName(QStringLiteral("connectServerAction"));
  recent_menu_ = file_menu_->addMenu(QString());
  connect(recent_menu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
  file_menu_->addSeparator();
  export_action_ = file_menu_->addAction(QString(), this, [this] { transfer_->exportConversations(conversation_id_); });
  export_all_action_ = file_menu_->addAction(QString(), this, [this] { transfer_->exportConversations(0); });
  import_action_ = file_menu_->addAction(QString(), this, [this] {
    if (transfer_->importConversations() > 0) report_ignored(conversations_->refresh());
  });
  file_menu_->addSeparator();
  quit_action_ = file_menu_->addAction(QString(), this, &QWidget::close);
  quit_action_->setShortcut(QKeySequence::Quit);

  chat_menu_ = menuBar()->addMenu(QString());
  regenerate_action_ = chat_menu_->addAction(QString(), this, &MainWindow::regenerateLast);
  regenerate_action_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  stop_action_ = chat_menu_->addAction(QString(), &controller_, &EngineController::stop);
  stop_action_->setShortcut(QKeySequence(Qt::Key_Escape));
  chat_menu_->addSeparator();
  sampling_action_ = chat_menu_->addAction(QString(), this, &MainWindow::editSampling);
  presets_action_ = chat_menu_->addAction(QString(), this, &MainWindow::editPresets);

  // Tools: the moderation panel, the adapter manager and the KV/attention visualizer, each a
  // window of its own (one action per tool, added below this line).
  tools_menu_ = menuBar()->addMenu(QString());
  moderation_action_ = tools_menu_->addAction(QString(), this, [this] {
    if (!moderation_panel_) {
      moderation_panel_ = new ModerationPanel(&controller_, &store_, this);
      syncModerationBackend();
    }
    moderation_panel_->show();
    moderation_panel_->raise();
    moderation_panel_->activateWindow();
  });
  adapters_action_ = tools_menu_->addAction(QString(), this, &MainWindow::showAdapterManager);
  visualizer_action_ = tools_menu_->addAction(QString(), this, [this] {
    if (!visualizer_) visualizer_ = new KvVisualizer(controller_, this);
    visualizer_->show();
    visualizer_->raise();
    visualizer_->activateWindow();
  });
  moderation_action_->setObjectName(QStringLiteral("moderationAction"));
  adapters_action_->setObjectName(QStringLiteral("adaptersAction"));
  visualizer_action_->setObjectName(QStringLiteral("visualizerAction"));

  settings_menu_ = menuBar()->addMenu(QString());
  settings_action_ = settings_menu_->addAction(QString(), this, &MainWindow::editSettings);
  settings_action_->setMenuRole(QAction::PreferencesRole);
}

void MainWindow::connectEngine() {
  connect(&controller_, &EngineController::busyChanged, this, &MainWindow::setBusyUi);
  connect(&controller_, &EngineController::loadProgress, load_, &LoadIndicator::setStage);
  connect(load_, &LoadIndicator::cancelRequested, &controller_, &EngineController::stop);
  connect(&controller_, &EngineController::modelLoaded, this, [this](const ModelInfo& info) {
    load_->stop();
    connecting_remote_ = false;
    status_->setModel(info);
    syncModerationBackend();
    // A server is not a model file: it goes in the recent servers (connectToServer), not here.
    if (!controller_.isRemote()) settings_.add_recent_model(info.path.isEmpty() ? pending_model_ : info.path);
    if (conversation_id_) report_ignored(store_.set_conversation_model(conversation_id_, info.name));
    updatePolicy();
    // When the GPU was asked for (--backend auto, or the reload after a GPU failure) and the model
    // runs on the CPU, the engine says why ("running on the CPU: the model needs X GiB on <GPU>,
    // Y GiB free"): shown, and longer, instead of only in the backend label's tooltip.
    if (info.backend == QLatin1String("cpu") && !info.backend_note.isEmpty())
      showStatus(tr("Model loaded: %1 (%2)").arg(info.name, info.backend_note), 20000);
    else
      showStatus(tr("Model loaded: %1").arg(info.name));
    updateWelcome();
  });
  connect(&controller_, &EngineController::modelUnloaded, this, [this] {
    syncModerationBackend();
    updateWelcome();
  });
  connect(&controller_, &EngineController::loadFailed, this, [this](const QString& message, bool cancelled) {
    const bool remote = connecting_remote_;
    connecting_remote_ = false;
    load_->stop();
    syncModerationBackend();   // a failed connection may have left a server
    status_->setModel(controller_.isLoaded() ? controller_.modelInfo() : ModelInfo{});
    updateWelcome();
    if (cancelled) {
      showStatus(remote ? tr("Connection cancelled") : tr("Loading cancelled"));
    } else {
      showError(remote ? tr("Could not connect to the server") : tr("Could not open the model"), message);
    }
  });
  connect(flow_.get(), &ChatFlow::answerStarted, this, [this](qint64 conversation_id, qint64) {
    conversations_->refresh();
    if (conversation_id == conversation_id_) showConversation(conversation_id);
  });
  connect(flow_.get(), &ChatFlow::answerText, this,
          [this](qint64 answer_id, const QString& text, qint64, double tps) {
            view_->setStreamingText(answer_id, text);
            if (tps >= 0) status_->setTokensPerSecond(tps);
          });
  connect(flow_.get(), &ChatFlow::answerFinished, this,
          [this](qint64, qint64 answer_id, const GenerationResult& result) {
            auto message = store_.message(answer_id);
            if (message.ok()) view_->finishStreaming(answer_id, message->content, message->stop_reason);
            status_->setTokensPerSecond(result.tokens_per_second);
            status_->setContextUsed(result.context_used);
            conversations_->refresh();
          });
  connect(flow_.get(), &ChatFlow::answerFailed, this,
          [this](qint64, qint64 answer_id, const QString& message, bool reload_needed) {
            view_->finishStreaming(answer_id, flow_->streamingText(), StopReason::Error);
            if (auto m = store_.message(answer_id); m.ok()) {
              view_->finishStreaming(answer_id, m->content, StopReason::Error);
            }
            QString text = message;
            if (reload_needed) {
              status_->setModel({});
              text += QStringLiteral("\n\n") + tr("The model is being loaded again: on the GPU if it works "
                                                   "again, otherwise on the CPU.");
            }
            showError(tr("The answer failed"), text);
          });
  connect(flow_.get(), &ChatFlow::storeError, this, [this](const QString& m) { showError(tr("History"), m); });
  // In-chat moderation: a refused input goes back to the composer; verdicts update the badges.
  connect(flow_.get(), &ChatFlow::sendRefused, this, [this](qint64, const QString& text, const QString& reason) {
    if (composer_->text().trimmed().isEmpty()) composer_->setText(text);
    showError(tr("Send"), reason);
  });
  connect(flow_.get(), &ChatFlow::moderationStored, this, [this](qint64, qint64 message_id, const QJsonObject& verdict) {
    if (MessageBubble* b = view_->bubble(message_id)) b->setModeration(verdict);
  });
}

void MainWindow::report_ignored(const std::optional<QString>& error) {
  if (error) showError(tr("History"), *error);
}

void MainWindow::openModel(const QString& path) {
  if (path.isEmpty()) return;
  if (flow_->streaming() || controller_.busy()) {
    showError(tr("Open model"), tr("The engine is busy. Stop the answer first."));
    return;
  }
  pending_model_ = path;
  if (controller_.loadModel(path, backend_) == 0) {
    showError(tr("Open model"), tr("The engine is busy. Stop the answer first."));
    return;
  }
  load_->start(QFileInfo(path).fileName());
  welcome_->setModel(controller_.modelInfo(), QFileInfo(path).fileName());
}

void MainWindow::connectToServer(const RemoteConfig& config) {
  if (flow_->streaming() || controller_.busy()) {
    showError(tr("Connect to a server"), tr("The engine is busy. Stop the answer first."));
    return;
  }
  const QString where = config.base_url.toString(QUrl::RemoveUserInfo);
  pending_model_ = where;
  if (controller_.connectRemote(config) == 0) {
    showError(tr("Connect to a server"), tr("The engine is busy. Stop the answer first."));
    return;
  }
  connecting_remote_ = true;
  load_->start(where);
  load_->setStage(tr("connecting"));
  welcome_->setModel(controller_.modelInfo(), where);
}

void MainWindow::openConnectDialog() {
  const RemoteSettings last = settings_.remote();
  RemoteDialog dialog(last, settings_.recent_servers(), this);
  dialog.setKeychainAvailable(keys_->keychainAvailable(), keys_->unavailableReason());
  // The key of the server shown: this session's, else the keychain's (asynchronous).
  auto fill_key = [this, &dialog](const QString& url) {
    const QString entry = ApiKeyStore::entryName(url);
    if (session_keys_.contains(entry)) {
      dialog.setApiKey(session_keys_.value(entry));
    } else if (settings_.remote().remember_key && keys_->keychainAvailable() && !entry.isEmpty()) {
      dialog.setApiKey(QString());
      keys_->readKey(url);
    }
  };
  connect(keys_, &ApiKeyStore::keyRead, &dialog, [&dialog](const QString& url, const QString& key, const QString&) {
    if (ApiKeyStore::entryName(url) == ApiKeyStore::entryName(dialog.serverUrl()) && dialog.apiKey().isEmpty())
      dialog.setApiKey(key);
  });
  connect(keys_, &ApiKeyStore::keychainUnavailable, &dialog,
          [&dialog](const QString& reason) { dialog.setKeychainAvailable(false, reason); });
  connect(dialog.urlCombo(), qOverload<int>(&QComboBox::activated), &dialog,
          [&dialog, fill_key](int) { fill_key(dialog.serverUrl()); });
  fill_key(dialog.serverUrl());
  if (dialog.exec() != QDialog::Accepted) return;

  const RemoteConfig config = dialog.config();
  const QString url = dialog.serverUrl();
  const QString entry = ApiKeyStore::entryName(url);
  settings_.set_remote(dialog.settings());   // never the key
  settings_.add_recent_server(url);
  settings_.sync();
  if (config.api_key.isEmpty()) {
    session_keys_.remove(entry);
  } else {
    session_keys_.insert(entry, config.api_key);
  }
  if (dialog.rememberKey() && !config.api_key.isEmpty()) {
    keys_->writeKey(url, config.api_key);   // a failure is shown in the status bar (keyWritten)
  } else if (!dialog.rememberKey() && last.remember_key && keys_->keychainAvailable()) {
    keys_->deleteKey(url);   // "remember" was turned off: forget the stored key
  }
  connectToServer(config);
}

void MainWindow::syncModerationBackend() {
  RemoteBackend* remote = controller_.isRemote() ? controller_.remote() : nullptr;
  QList<ModerationController*> controllers;
  if (flow_->moderation()) controllers.append(flow_->moderation());
  if (moderation_panel_) controllers.append(moderation_panel_->controller());
  for (ModerationController* c : controllers) {
    // setRemote cancels what runs: only on a change, and back to local only when idle (a
    // disconnected server is not used anyway: isRemote() is false).
    if (remote) {
      if (!c->isRemote()) c->setRemote(remote);
    } else if (!c->busy()) {
      c->setRemote(nullptr);
    }
  }
}

void MainWindow::updateWelcome() {
  const bool loaded = controller_.isLoaded();
  welcome_->setModel(loaded ? controller_.modelInfo() : ModelInfo{}, controller_.busy() && !loaded ? QFileInfo(pending_model_).fileName() : QString());
  chat_stack_->setCurrentWidget(!loaded && view_->bubbles().isEmpty() ? static_cast<QWidget*>(welcome_) : view_);
}

void MainWindow::openModelFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open model file"), QString(),
                                                    tr("GGUF models (*.gguf);;All files (*)"));
  openModel(file);
}

void MainWindow::openModelFolder() {
  const QString dir = QFileDialog::getExistingDirectory(
      this, tr("Open model folder (config.json, *.safetensors, tokenizer.model)"));
  openModel(dir);
}

void MainWindow::fillRecentMenu() {
  recent_menu_->clear();
  const QStringList recent = settings_.recent_models();
  if (recent.isEmpty()) {
    recent_menu_->addAction(tr("No recent models"))->setEnabled(false);
    return;
  }
  for (const QString& path : recent) {
    QAction* a = recent_menu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openModel(path); });
    a->setToolTip(path);
    a->setEnabled(QFileInfo::exists(path));
  }
  recent_menu_->addSeparator();
  recent_menu_->addAction(tr("Clear the list"), this, [this] {
    for (const QString& p : settings_.recent_models()) settings_.remove_recent_model(p);
  });
}

qint64 MainWindow::newConversation() {
  auto created = conversations_->create(tr("New conversation"), currentPresetId());
  if (!created.ok()) {
    showError(tr("History"), created.error());
    return 0;
  }
  settings_.set_sampling(*created, conversation_id_ ? settings_.sampling(conversation_id_)
                                                    : settings_.default_sampling());
  panel_->selectConversation(*created);
  showConversation(*created);
  composer_->editor()->setFocus();
  return *created;
}

void MainWindow::setCurrentConversation(qint64 conversation_id) {
  panel_->selectConversation(conversation_id);
  showConversation(conversation_id);
}

void MainWindow::showConversation(qint64 conversation_id) {
  conversation_id_ = conversation_id;
  status_->setAdapters(settings_.adapters(conversation_id));
  if (adapter_manager_) adapter_manager_->setConversation(conversation_id);
  if (!conversation_id) {
    view_->clearMessages();
    updatePolicy();
    updateWelcome();
    return;
  }
  auto conversation = store_.conversation(conversation_id);
  auto path = store_.active_path(conversation_id);
  if (!conversation.ok() || !path.ok()) {
    showError(tr("History"), conversation.ok() ? path.error() : conversation.error());
    return;
  }
  QHash<qint64, BranchPosition> branches;
  for (const Message& m : *path) {
    auto siblings = store_.sibling_ids(m.id);
    if (!siblings.ok() || siblings->size() < 2) continue;
    const int i = static_cast<int>(siblings->indexOf(m.id));
    branches.insert(m.id, {i, static_cast<int>(siblings->size()), i > 0 ? siblings->at(i - 1) : 0,
                           i + 1 < siblings->size() ? siblings->at(i + 1) : 0});
  }
  view_->setMessages(*path, branches);
  if (flow_->streaming() && flow_->streamingConversation() == conversation_id) {
    view_->setStreamingText(flow_->streamingMessage(), flow_->streamingText());
  }
  view_->setInteractive(!flow_->streaming());
  updateWelcome();
  const int index = preset_combo_->findData(conversation->preset_id.isEmpty() ? QStringLiteral("none")
                                                                               : conversation->preset_id);
  if (index >= 0) preset_combo_->setCurrentIndex(index);
  updatePolicy();
}

QString MainWindow::currentPresetId() const { return preset_combo_->currentData().toString(); }

void MainWindow::setCurrentPreset(const QString& preset_id) {
  const int index = preset_combo_->findData(preset_id);
  if (index < 0) return;
  preset_combo_->setCurrentIndex(index);
  onPresetChosen(index);
}

void MainWindow::onPresetChosen(int index) {
  const QString id = preset_combo_->itemData(index).toString();
  if (conversation_id_) report_ignored(store_.set_conversation_preset(conversation_id_, id));
}

void MainWindow::reloadPresets() {
  const QString keep = currentPresetId();
  auto list = presets_->presets();
  if (!list.ok()) {
    showError(tr("Guardrail presets"), list.error());
    return;
  }
  QSignalBlocker block(preset_combo_);
  preset_combo_->clear();
  for (const Preset& p : *list) {
    preset_combo_->addItem(p.name, p.id);
    preset_combo_->setItemData(preset_combo_->count() - 1, p.text.isEmpty() ? tr("No system prompt") : p.text,
                               Qt::ToolTipRole);
  }
  int index = preset_combo_->findData(keep);
  if (index < 0 && conversation_id_) {
    auto c = store_.conversation(conversation_id_);
    if (c.ok()) index = preset_combo_->findData(c->preset_id);
  }
  preset_combo_->setCurrentIndex(qMax(0, index));
}

ChatFlow::Options MainWindow::optionsFor(qint64 conversation_id) const {
  return {currentPresetId(), settings_.sampling(conversation_id), settings_.adapters(conversation_id),
          settings_.moderation(conversation_id)};
}

void MainWindow::showAdapterManager() {
  if (!adapter_manager_) {
    adapter_manager_ = new AdapterManager(controller_, settings_, this);
    adapter_manager_->setConversation(conversation_id_);
    connect(adapter_manager_, &AdapterManager::adapterSetChanged, this,
            [this](qint64 conversation_id, const QList<AdapterSpec>& set) {
              if (conversation_id == conversation_id_) status_->setAdapters(set);
            });
  }
  adapter_manager_->show();
  adapter_manager_->raise();
  adapter_manager_->activateWindow();
}

void MainWindow::onSend(const QString& text) {
  if (!controller_.isLoaded()) {
    showError(tr("No model"), tr("No model is loaded. Open a model first (File > Open model file…)."));
    return;
  }
  qint64 id = conversation_id_;
  if (!id) id = newConversation();
  if (!id) return;
  auto conversation = store_.conversation(id);
  auto path = store_.active_path(id);
  if (conversation.ok() && path.ok() && path->isEmpty()) {
    report_ignored(conversations_->rename(id, title_from(text)));
  }
  if (auto e = flow_->send(id, text, optionsFor(id))) {
    showError(tr("Send"), *e);
    return;
  }
  composer_->clear();
}

void MainWindow::onRegenerate(qint64 answer_id) {
  if (auto e = flow_->regenerate(conversation_id_, answer_id, optionsFor(conversation_id_))) {
    showError(tr("Regenerate"), *e);
  }
}

void MainWindow::regenerateLast() {
  const auto bubbles = view_->bubbles();
  if (!bubbles.isEmpty() && bubbles.last()->message().role == Role::Assistant) {
    onRegenerate(bubbles.last()->messageId());
  }
}

void MainWindow::onEdit(qint64 message_id) {
  const MessageBubble* b = view_->bubble(message_id);
  if (!b) return;
  bool ok = false;
  const QString text = QInputDialog::getMultiLineText(this, tr("Edit message"),
                                                      tr("The message is sent again; the old version is kept."),
                                                      b->text(), &ok);
  if (!ok || text.trimmed().isEmpty() || text == b->text()) return;
  if (auto e = flow_->editAndResend(conversation_id_, message_id, text, optionsFor(conversation_id_))) {
    showError(tr("Edit message"), *e);
  }
}

void MainWindow::onBranch(qint64 sibling_id) {
  if (flow_->streaming()) return;
  if (auto e = store_.select_branch(sibling_id)) {
    showError(tr("History"), *e);
    return;
  }
  showConversation(conversation_id_);
}

void MainWindow::onJump(qint64 conversation_id, qint64 message_id) {
  setCurrentConversation(conversation_id);
  if (!view_->bubble(message_id) && !flow_->streaming()) {
    report_ignored(store_.select_branch(message_id));   // the hit is on another branch
    showConversation(conversation_id);
  }
  view_->scrollToMessage(message_id);
}

void MainWindow::updatePolicy() {
  const ConversationSampling s = settings_.sampling(conversation_id_);
  policy_label_->setText(SamplingDialog::policyText(s.stop_at_context, controller_.modelInfo().window));
  sampling_button_->setEnabled(conversation_id_ != 0);
  moderation_button_->setEnabled(conversation_id_ != 0);
  moderation_button_->setText(ChatModerationDialog::summary(settings_.moderation(conversation_id_)));
  moderation_button_->setToolTip(tr("In-chat moderation of this conversation"));
  sampling_action_->setEnabled(conversation_id_ != 0);
}

void MainWindow::setBusyUi(bool busy) {
  composer_->setBusy(busy);
  view_->setInteractive(!busy);
  regenerate_action_->setEnabled(!busy);
  open_file_action_->setEnabled(!busy);
  open_folder_action_->setEnabled(!busy);
  connect_action_->setEnabled(!busy);
  recent_menu_->setEnabled(!busy);
  stop_action_->setEnabled(busy);
}

void MainWindow::editSampling() {
  if (!conversation_id_) return;
  SamplingDialog dialog(settings_.sampling(conversation_id_), controller_.modelInfo().window, this);
  if (dialog.exec() != QDialog::Accepted) return;
  settings_.set_sampling(conversation_id_, dialog.settings());
  settings_.set_default_sampling(dialog.settings());   // new conversations start from the last choice
  updatePolicy();
}

void MainWindow::editPresets() {
  PresetEditorDialog dialog(*presets_, currentPresetId(), this);
  connect(&dialog, &PresetEditorDialog::presetsChanged, this, &MainWindow::reloadPresets);
  dialog.exec();
  reloadPresets();
  setCurrentPreset(dialog.selectedId());
}

void MainWindow::editSettings() {
  SettingsDialog dialog(settings_.language(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  settings_.set_language(dialog.language());
  if (!install_language(dialog.language())) {
    showStatus(tr("No translation for this language was found; English is shown."));
  }
}

void MainWindow::showError(const QString& title, const QString& message) {
  // Not modal-blocking: the engine keeps running and tests are never stuck on a dialog.
  auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("errorBox"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::showStatus(const QString& message, int timeout_ms) { statusBar()->showMessage(message, timeout_ms); }

void MainWindow::retranslateUi() {
  setWindowTitle(tr("Tramontane"));
  preset_label_->setText(tr("Guardrail:"));
  preset_combo_->setToolTip(tr("The system prompt put before this conversation"));
  presets_button_->setText(tr("Presets…"));
  sampling_button_->setText(tr("Sampling…"));
  file_menu_->setTitle(tr("&File"));
  new_action_->setText(tr("&New conversation"));
  open_file_action_->setText(tr("&Open model file…"));
  open_folder_action_->setText(tr("Open model &folder…"));
  connect_action_->setText(tr("&Connect to a server…"));
  connect_action_->setToolTip(tr("Chat with a model served by llama.cpp's server, vLLM or another "
                                 "OpenAI-compatible server"));
  recent_menu_->setTitle(tr("&Recent models"));
  export_action_->setText(tr("&Export conversation…"));
  export_all_action_->setText(tr("Export &all conversations…"));
  import_action_->setText(tr("&Import conversations…"));
  quit_action_->setText(tr("&Quit"));
  chat_menu_->setTitle(tr("&Chat"));
  regenerate_action_->setText(tr("&Regenerate last answer"));
  stop_action_->setText(tr("&Stop"));
  sampling_action_->setText(tr("S&ampling settings…"));
  presets_action_->setText(tr("&Guardrail presets…"));
  tools_menu_->setTitle(tr("&Tools"));
  moderation_action_->setText(tr("&Moderation…"));
  adapters_action_->setText(tr("&Adapters…"));
  visualizer_action_->setText(tr("&KV cache and attention…"));
  settings_menu_->setTitle(tr("&Settings"));
  settings_action_->setText(tr("&Preferences…"));
  reloadPresets();   // built-in preset names are translated
  updatePolicy();
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  flow_->shutdown();   // the answer in progress is committed (interrupted), pending text flushed
  settings_.set_window_state(QStringLiteral("geometry"), saveGeometry());
  settings_.set_window_state(QStringLiteral("splitter"), splitter_->saveState());
  settings_.sync();
  event->accept();
}

}  // namespace tramontane::gui
