#include "gui/widgets/history_transfer.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QWidget>

#include "gui/core/chat_store.h"

namespace tramontane::gui {

HistoryTransfer::HistoryTransfer(ChatStore& store, QWidget* parent) : QObject(parent), store_(store), parent_(parent) {}

std::optional<QString> HistoryTransfer::exportTo(const QString& path, qint64 conversation_id) {
  const bool markdown = !path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
  QByteArray bytes;
  if (markdown) {
    auto md = conversation_id ? store_.export_markdown(conversation_id) : store_.export_markdown_all();
    if (!md) return md.error();
    bytes = md->toUtf8();
  } else {
    auto json = conversation_id ? store_.export_json({conversation_id}) : store_.export_json_all();
    if (!json) return json.error();
    bytes = *json;
  }
  // QSaveFile: the old file stays whole until the new one is complete.
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
    return tr("%1: cannot write the file: %2").arg(path, f.errorString());
  return std::nullopt;
}

StoreResult<QList<qint64>> HistoryTransfer::importFrom(const QString& path) { return store_.import_json_file(path); }

QString HistoryTransfer::exportConversations(qint64 conversation_id) {
  QString filter;
  const QString md = tr("Markdown (*.md)"), json = tr("Tramontane JSON, every branch (*.json)");
  // File names stay ASCII; the suffix follows the chosen filter when the user types none.
  const QString suggested = conversation_id ? QStringLiteral("conversation") : QStringLiteral("conversations");
  QString path = QFileDialog::getSaveFileName(parent_, conversation_id ? tr("Export conversation") : tr("Export all conversations"),
                                              suggested, md + QStringLiteral(";;") + json, &filter);
  if (path.isEmpty()) return {};
  const bool want_json = filter == json;
  const QString suffix = want_json ? QStringLiteral(".json") : QStringLiteral(".md");
  if (QFileInfo(path).suffix().isEmpty()) path += suffix;
  if (auto err = exportTo(path, conversation_id)) {
    QMessageBox::warning(parent_, tr("Export failed"), *err);
    return {};
  }
  return path;
}

int HistoryTransfer::importConversations() {
  const QString path = QFileDialog::getOpenFileName(parent_, tr("Import conversations"), QString(),
                                                    tr("Tramontane JSON (*.json)"));
  if (path.isEmpty()) return 0;
  auto ids = importFrom(path);
  if (!ids) {
    QMessageBox::warning(parent_, tr("Import failed"), ids.error());
    return 0;
  }
  return int(ids->size());
}

}  // namespace tramontane::gui
