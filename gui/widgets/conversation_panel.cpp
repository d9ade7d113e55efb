#include "gui/widgets/conversation_panel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "gui/core/chat_store.h"
#include "gui/core/conversation_list_model.h"

namespace tramontane::gui {

namespace {
constexpr int kConversationRole = Qt::UserRole + 1;
constexpr int kMessageRole = Qt::UserRole + 2;
}  // namespace

ConversationPanel::ConversationPanel(ChatStore& store, ConversationListModel& model, QWidget* parent)
    : QWidget(parent), store_(store), model_(model) {
  search_ = new QLineEdit(this);
  search_->setObjectName(QStringLiteral("searchBox"));
  search_->setClearButtonEnabled(true);
  new_ = new QPushButton(this);
  new_->setObjectName(QStringLiteral("newConversationButton"));

  list_ = new QListView(this);
  list_->setObjectName(QStringLiteral("conversationList"));
  list_->setModel(&model_);
  list_->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
  list_->setContextMenuPolicy(Qt::CustomContextMenu);
  list_->setSelectionMode(QAbstractItemView::SingleSelection);
  // Long titles end in "…" within the panel (the whole title is the tooltip) instead of widening
  // the list behind a horizontal scroll bar.
  list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  list_->setTextElideMode(Qt::ElideRight);
  list_->setUniformItemSizes(true);

  results_ = new QListWidget(this);
  results_->setObjectName(QStringLiteral("searchResults"));
  results_->setWordWrap(true);

  stack_ = new QStackedWidget(this);
  stack_->addWidget(list_);
  stack_->addWidget(results_);

  undo_bar_ = new QWidget(this);
  undo_bar_->setObjectName(QStringLiteral("undoBar"));
  undo_label_ = new QLabel(undo_bar_);
  undo_label_->setWordWrap(true);
  undo_button_ = new QToolButton(undo_bar_);
  undo_button_->setObjectName(QStringLiteral("undoDeleteButton"));
  auto* undo_layout = new QHBoxLayout(undo_bar_);
  undo_layout->setContentsMargins(0, 0, 0, 0);
  undo_layout->addWidget(undo_label_, 1);
  undo_layout->addWidget(undo_button_);
  undo_bar_->hide();
  undo_timer_ = new QTimer(this);
  undo_timer_->setSingleShot(true);
  undo_timer_->setInterval(kUndoMs);
  connect(undo_timer_, &QTimer::timeout, undo_bar_, &QWidget::hide);
  connect(undo_button_, &QToolButton::clicked, this, &ConversationPanel::undoDelete);

  auto* top = new QHBoxLayout;
  top->addWidget(search_, 1);
  top->addWidget(new_);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addWidget(stack_, 1);
  layout->addWidget(undo_bar_);

  search_timer_ = new QTimer(this);
  search_timer_->setSingleShot(true);
  search_timer_->setInterval(200);
  connect(search_, &QLineEdit::textChanged, search_timer_, qOverload<>(&QTimer::start));
  connect(search_timer_, &QTimer::timeout, this, [this] { runSearch(search_->text()); });
  connect(new_, &QPushButton::clicked, this, &ConversationPanel::newConversationRequested);
  connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { emit conversationActivated(model_.idAt(current.row())); });
  connect(list_, &QListView::customContextMenuRequested, this, &ConversationPanel::showContextMenu);
  connect(&model_, &ConversationListModel::errorOccurred, this, &ConversationPanel::errorOccurred);
  connect(results_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    emit messageJumpRequested(item->data(kConversationRole).toLongLong(), item->data(kMessageRole).toLongLong());
  });
  connect(results_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    emit messageJumpRequested(item->data(kConversationRole).toLongLong(), item->data(kMessageRole).toLongLong());
  });
  retranslateUi();
}

qint64 ConversationPanel::currentConversation() const { return model_.idAt(list_->currentIndex().row()); }

void ConversationPanel::selectConversation(qint64 conversation_id) {
  const int row = model_.rowOf(conversation_id);
  if (row < 0) return;
  const QModelIndex index = model_.index(row);
  if (list_->currentIndex() != index) {
    list_->setCurrentIndex(index);   // emits conversationActivated
  }
  list_->scrollTo(index);
}

void ConversationPanel::renameConversation(qint64 conversation_id) {
  const int row = model_.rowOf(conversation_id);
  if (row >= 0) list_->edit(model_.index(row));
}

void ConversationPanel::deleteConversation(qint64 conversation_id) {
  const int row = model_.rowOf(conversation_id);
  if (row < 0) return;
  const QString title = model_.data(model_.index(row)).toString();
  const bool was_current = currentConversation() == conversation_id;
  if (auto error = model_.remove(conversation_id)) {
    report(error);
    return;
  }
  deleted_id_ = conversation_id;
  deleted_title_ = title;
  undo_label_->setText(tr("Deleted “%1”").arg(title));
  undo_bar_->show();
  undo_timer_->start();
  if (was_current) {
    const int next = qMin(row, model_.rowCount() - 1);
    if (next >= 0) {
      list_->setCurrentIndex(model_.index(next));
    } else {
      emit conversationActivated(0);
    }
  }
}

void ConversationPanel::undoDelete() {
  if (!deleted_id_) return;
  const qint64 id = deleted_id_;
  deleted_id_ = 0;
  undo_bar_->hide();
  undo_timer_->stop();
  if (auto error = model_.restore(id)) {
    report(error);
    return;
  }
  selectConversation(id);
}

void ConversationPanel::togglePinned(qint64 conversation_id) {
  const int row = model_.rowOf(conversation_id);
  if (row < 0) return;
  const bool pinned = model_.data(model_.index(row), ConversationListModel::PinnedRole).toBool();
  report(model_.setPinned(conversation_id, !pinned));
}

void ConversationPanel::runSearch(const QString& query) {
  results_->clear();
  if (query.trimmed().isEmpty()) {
    stack_->setCurrentWidget(list_);
    return;
  }
  stack_->setCurrentWidget(results_);
  auto hits = store_.search(query.trimmed());
  if (!hits.ok()) {
    emit errorOccurred(hits.error());
    return;
  }
  if (hits->isEmpty()) {
    auto* item = new QListWidgetItem(tr("No messages match “%1”.").arg(query.trimmed()), results_);
    item->setFlags(Qt::NoItemFlags);
    return;
  }
  for (const SearchHit& hit : *hits) {
    auto* item = new QListWidgetItem(results_);
    item->setData(kConversationRole, hit.conversation_id);
    item->setData(kMessageRole, hit.message_id);
    // Plain text for accessibility and tests; the label shows the highlighted snippet.
    item->setData(Qt::AccessibleTextRole, hit.conversation_title + QStringLiteral(": ") + hit.snippet);
    item->setToolTip(hit.snippet);
    auto* label = new QLabel(results_);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setContentsMargins(4, 3, 4, 3);
    label->setAttribute(Qt::WA_TransparentForMouseEvents);
    label->setText(QStringLiteral("<small>%1</small><br>%2")
                       .arg(hit.conversation_title.toHtmlEscaped(), snippet_html(hit)));
    item->setSizeHint(QSize(0, label->sizeHint().height() + 6));
    results_->setItemWidget(item, label);
  }
}

void ConversationPanel::showContextMenu(const QPoint& pos) {
  const QModelIndex index = list_->indexAt(pos);
  if (!index.isValid()) return;
  const qint64 id = model_.idAt(index.row());
  const bool pinned = index.data(ConversationListModel::PinnedRole).toBool();
  QMenu menu(this);
  menu.addAction(tr("Rename"), this, [this, id] { renameConversation(id); });
  menu.addAction(pinned ? tr("Unpin") : tr("Pin to top"), this, [this, id] { togglePinned(id); });
  menu.addSeparator();
  menu.addAction(tr("Delete"), this, [this, id] { deleteConversation(id); });
  menu.exec(list_->viewport()->mapToGlobal(pos));
}

void ConversationPanel::report(const std::optional<QString>& error) {
  if (error) emit errorOccurred(*error);
}

void ConversationPanel::retranslateUi() {
  search_->setPlaceholderText(tr("Search all conversations"));
  new_->setText(tr("New"));
  new_->setToolTip(tr("Start a new conversation"));
  undo_button_->setText(tr("Undo"));
  if (undo_bar_->isVisible()) undo_label_->setText(tr("Deleted “%1”").arg(deleted_title_));
}

void ConversationPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
