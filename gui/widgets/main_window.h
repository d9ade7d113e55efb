#pragma once
// MainWindow: conversations on the left (ConversationPanel), the chat on the right (guardrail
// preset and sampling bar, ChatView, Composer), the model and engine state in the status bar.
// It only shows and forwards: ChatStore keeps the history, EngineController runs the engine,
// ChatFlow carries one answer between them.
#include <QMainWindow>
#include <QHash>
#include <QPointer>

#include <memory>

#include "gui/core/engine_worker.h"
#include "gui/core/remote_api.h"
#include "gui/widgets/app_settings.h"
#include "gui/widgets/chat_flow.h"

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace tramontane::gui {

class ChatFlow;
class ChatStore;
class ChatView;
class HistoryTransfer;
class Composer;
class ConversationListModel;
class ConversationPanel;
class EngineController;
class LoadIndicator;
class PresetStore;
class StatusPanel;
class WelcomePanel;
class AdapterManager;
class ApiKeyStore;
class KvVisualizer;
class ModerationPanel;
class RemoteDialog;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  // `store` is open; both outlive the window. Settings live in <data_dir>/settings.ini.
  MainWindow(ChatStore& store, EngineController& controller, const QString& data_dir, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads a model directory or .gguf on the worker (progress and Cancel in the status bar).
  void openModel(const QString& path);
  // Connects the chat (and its moderation) to an OpenAI-compatible server in place of a local model
  // (progress and Cancel in the status bar, as a model load; errors in a message box).
  void connectToServer(const RemoteConfig& config);
  // File > Connect to a server…: the dialog, then the settings saved (the key only in the system
  // keychain, when asked) and connectToServer().
  void openConnectDialog();
  // The API keys in the system keychain (or, without one, for this session only).
  ApiKeyStore* apiKeys() const { return keys_; }
  // The backend openModel asks for (--backend; default Cpu).
  void setBackend(EngineWorker::Backend backend) { backend_ = backend; }
  // Shown instead of the chat view while no model is loaded and the chat is empty.
  WelcomePanel* welcomePanel() const { return welcome_; }
  qint64 currentConversation() const { return conversation_id_; }
  void setCurrentConversation(qint64 conversation_id);
  qint64 newConversation();
  // The guardrail preset of the current conversation (and of new ones).
  QString currentPresetId() const;
  void setCurrentPreset(const QString& preset_id);

  Composer* composer() const { return composer_; }
  ChatView* chatView() const { return view_; }
  ConversationPanel* conversationPanel() const { return panel_; }
  QComboBox* presetCombo() const { return preset_combo_; }
  StatusPanel* statusPanel() const { return status_; }
  LoadIndicator* loadIndicator() const { return load_; }
  // Tools > Adapters… (null until first opened).
  AdapterManager* adapterManager() const { return adapter_manager_; }
  // Tools > KV cache and attention… (null until first opened).
  KvVisualizer* visualizer() const { return visualizer_; }
  ModerationPanel* moderationPanel() const { return moderation_panel_; }
  QAction* connectAction() const { return connect_action_; }
  ChatFlow* flow() const { return flow_.get(); }
  AppSettings& settings() { return settings_; }

  // Sets every visible string again (after a language change; also called by changeEvent).
  void retranslateUi();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void buildMenus();
  void buildChatBar(QWidget* parent);
  void connectEngine();
  void reloadPresets();
  void showConversation(qint64 conversation_id);
  void updateWelcome();
  void updatePolicy();
  void setBusyUi(bool busy);
  ChatFlow::Options optionsFor(qint64 conversation_id) const;
  void showAdapterManager();
  // Every moderation controller of the window moderates where the chat runs: the server while
  // connected to one, else the local model.
  void syncModerationBackend();
  void onSend(const QString& text);
  void onRegenerate(qint64 answer_id);
  void onEdit(qint64 message_id);
  void onBranch(qint64 sibling_id);
  void onJump(qint64 conversation_id, qint64 message_id);
  void onPresetChosen(int index);
  void regenerateLast();
  void editSampling();
  void editPresets();
  void editSettings();
  void openModelFile();
  void openModelFolder();
  void fillRecentMenu();
  void showError(const QString& title, const QString& message);
  void showStatus(const QString& message, int timeout_ms = 5000);
  void report_ignored(const std::optional<QString>& error);

  ChatStore& store_;
  EngineController& controller_;
  AppSettings settings_;
  std::unique_ptr<PresetStore> presets_;
  std::unique_ptr<ConversationListModel> conversations_;
  std::unique_ptr<ChatFlow> flow_;
  qint64 conversation_id_ = 0;
  QString pending_model_;
  bool connecting_remote_ = false;               // the request in progress is connectToServer's
  ApiKeyStore* keys_ = nullptr;
  QHash<QString, QString> session_keys_;         // server root -> key, in memory only (this session)
  EngineWorker::Backend backend_ = EngineWorker::Backend::Cpu;  // the app's --backend (default cpu)

  QSplitter* splitter_ = nullptr;
  ConversationPanel* panel_ = nullptr;
  ChatView* view_ = nullptr;
  WelcomePanel* welcome_ = nullptr;
  QStackedWidget* chat_stack_ = nullptr;
  Composer* composer_ = nullptr;
  QLabel* preset_label_ = nullptr;
  QComboBox* preset_combo_ = nullptr;
  QPushButton* presets_button_ = nullptr;
  QPushButton* sampling_button_ = nullptr;
  QPushButton* moderation_button_ = nullptr;   // in-chat moderation settings (ChatModerationDialog)
  QLabel* policy_label_ = nullptr;
  StatusPanel* status_ = nullptr;
  LoadIndicator* load_ = nullptr;

  QMenu* file_menu_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QMenu* chat_menu_ = nullptr;
  QMenu* settings_menu_ = nullptr;
  QAction* new_action_ = nullptr;
  QAction* open_file_action_ = nullptr;
  QAction* open_folder_action_ = nullptr;
  QAction* connect_action_ = nullptr;            // File > Connect to a server…
  QAction* quit_action_ = nullptr;
  QMenu* tools_menu_ = nullptr;
  QAction* moderation_action_ = nullptr;
  ModerationPanel* moderation_panel_ = nullptr;   // Tools > Moderation…, created on first use
  QAction* adapters_action_ = nullptr;
  AdapterManager* adapter_manager_ = nullptr;   // Tools > Adapters…, created on first use
  QAction* visualizer_action_ = nullptr;
  KvVisualizer* visualizer_ = nullptr;          // Tools > KV cache and attention…, created on first use
  QAction* export_action_ = nullptr;
  QAction* export_all_action_ = nullptr;
  QAction* import_action_ = nullptr;
  HistoryTransfer* transfer_ = nullptr;
  QAction* regenerate_action_ = nullptr;
  QAction* stop_action_ = nullptr;
  QAction* sampling_action_ = nullptr;
  QAction* presets_action_ = nullptr;
  QAction* settings_action_ = nullptr;
  QList<QPointer<QWidget>> open_messages_;
};

}  // namespace tramontane::gui
