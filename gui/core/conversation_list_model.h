#pragma once
// ConversationListModel: the conversation list (not deleted), pinned first, then most recently
// updated first. Reads and writes through a ChatStore on the GUI thread. Changes made through
// this model update it in place; after changes made elsewhere (a message added, an import)
// call refresh(), which moves, inserts, removes and updates rows (no reset, so the selection
// stays). Row text is the title; the Edit role renames.
#include <QAbstractListModel>
#include <QList>

#include <optional>

#include "gui/core/chat_types.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

class ChatStore;

class ConversationListModel : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Roles {
    IdRole = Qt::UserRole + 1,
    PinnedRole,
    CreatedAtRole,   // ms since the epoch
    UpdatedAtRole,
    PresetIdRole,
    ModelRole,
  };

  // Starts empty: call refresh() to load (and to see a store error).
  explicit ConversationListModel(ChatStore& store, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QHash<int, QByteArray> roleNames() const override;

  // Row of the conversation, or -1.
  int rowOf(qint64 conversation_id) const;
  qint64 idAt(int row) const;

  // Re-reads the store and applies the difference.
  std::optional<QString> refresh();

  StoreResult<qint64> create(const QString& title, const QString& preset_id = {});
  std::optional<QString> rename(qint64 conversation_id, const QString& title);
  std::optional<QString> setPinned(qint64 conversation_id, bool pinned);
  std::optional<QString> remove(qint64 conversation_id);    // soft delete; restore() undoes
  std::optional<QString> restore(qint64 conversation_id);

 signals:
  // A store error from setData() (the other calls return theirs).
  void errorOccurred(const QString& message);

 private:
  std::optional<QString> after(std::optional<QString> error);

  ChatStore& store_;
  QList<Conversation> rows_;
};

}  // namespace tramontane::gui
