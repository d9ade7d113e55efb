#include "gui/core/conversation_list_model.h"

#include <QSet>

#include "gui/core/chat_store.h"

namespace tramontane::gui {

ConversationListModel::ConversationListModel(ChatStore& store, QObject* parent)
    : QAbstractListModel(parent), store_(store) {}

int ConversationListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QVariant ConversationListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Conversation& c = rows_.at(index.row());
  switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
      if (role == Qt::DisplayRole && c.title.isEmpty()) return tr("New conversation");
      return c.title;
    case Qt::ToolTipRole: return c.title;
    case IdRole: return c.id;
    case PinnedRole: return c.pinned;
    case CreatedAtRole: return c.created_at;
    case UpdatedAtRole: return c.updated_at;
    case PresetIdRole: return c.preset_id;
    case ModelRole: return c.model;
    default: return {};
  }
}

bool ConversationListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole ||
      !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
    return false;
  }
  if (auto err = rename(rows_.at(index.row()).id, value.toString())) {
    emit errorOccurred(*err);
    return false;
  }
  return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  return QAbstractListModel::flags(index) | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> ConversationListModel::roleNames() const {
  QHash<int, QByteArray> names = QAbstractListModel::roleNames();
  names.insert(IdRole, "conversationId");
  names.insert(PinnedRole, "pinned");
  names.insert(CreatedAtRole, "createdAt");
  names.insert(UpdatedAtRole, "updatedAt");
  names.insert(PresetIdRole, "presetId");
  names.insert(ModelRole, "model");
  return names;
}

int ConversationListModel::rowOf(qint64 conversation_id) const {
  for (int i = 0; i < rows_.size(); ++i) {
    if (rows_.at(i).id == conversation_id) return i;
  }
  return -1;
}

qint64 ConversationListModel::idAt(int row) const {
  return row >= 0 && row < rows_.size() ? rows_.at(row).id : 0;
}

std::optional<QString> ConversationListModel::refresh() {
  auto fresh = store_.conversations();
  if (!fresh) return fresh.error();
  const QList<Conversation>& target = *fresh;
  QSet<qint64> wanted;
  for (const Conversation& c : target) wanted.insert(c.id);

  // 1. Remove rows that are gone (bottom up so indexes stay valid).
  for (int i = static_cast<int>(rows_.size()) - 1; i >= 0; --i) {
    if (wanted.contains(rows_.at(i).id)) continue;
    beginRemoveRows({}, i, i);
    rows_.removeAt(i);
    endRemoveRows();
  }
  // 2. Walk the target order: rows [0, t) already match. At t, the right row is either here
  //    (update), further down (move it up to t) or new (insert at t).
  for (int t = 0; t < target.size(); ++t) {
    const Conversation& want = target.at(t);
    int at = -1;
    for (int i = t; i < rows_.size(); ++i) {
      if (rows_.at(i).id == want.id) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      beginInsertRows({}, t, t);
      rows_.insert(t, want);
      endInsertRows();
      continue;
    }
    if (at != t) {
      beginMoveRows({}, at, at, {}, t);
      rows_.move(at, t);
      endMoveRows();
    }
    if (!(rows_.at(t) == want)) {
      rows_[t] = want;
      emit dataChanged(index(t), index(t));
    }
  }
  return std::nullopt;
}

std::optional<QString> ConversationListModel::after(std::optional<QString> error) {
  if (error) return error;
  return refresh();
}

StoreResult<qint64> ConversationListModel::create(const QString& title, const QString& preset_id) {
  auto id = store_.create_conversation(title, preset_id);
  if (!id) return id;
  if (auto err = refresh()) return StoreError{*err};
  return id;
}

std::optional<QString> ConversationListModel::rename(qint64 conversation_id, const QString& title) {
  return after(store_.rename_conversation(conversation_id, title));
}

std::optional<QString> ConversationListModel::setPinned(qint64 conversation_id, bool pinned) {
  return after(store_.set_pinned(conversation_id, pinned));
}

std::optional<QString> ConversationListModel::remove(qint64 conversation_id) {
  return after(store_.delete_conversation(conversation_id));
}

std::optional<QString> ConversationListModel::restore(qint64 conversation_id) {
  return after(store_.restore_conversation(conversation_id));
}

}  // namespace tramontane::gui
