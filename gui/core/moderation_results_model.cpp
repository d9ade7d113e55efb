#include "gui/core/moderation_results_model.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <limits>

namespace tramontane::gui {

namespace {

QString preview(const QString& text) {
  QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
  if (line.size() > ModerationResultsModel::kPreviewChars || line.size() < text.trimmed().size()) {
    line = line.left(ModerationResultsModel::kPreviewChars) + QChar(0x2026);
  }
  return line;
}

// RFC 4180 field: quoted when it holds a comma, quote, CR or LF.
QString csv_field(const QString& v) {
  if (!v.contains(QLatin1Char(',')) && !v.contains(QLatin1Char('"')) && !v.contains(QLatin1Char('\n')) &&
      !v.contains(QLatin1Char('\r'))) {
    return v;
  }
  QString q = v;
  q.replace(QLatin1String("\""), QLatin1String("\"\""));
  return QLatin1Char('"') + q + QLatin1Char('"');
}

QString number(double v) { return QString::number(v, 'g', 17); }

std::optional<QString> write_file(const QString& path, const QByteArray& bytes) {
  QSaveFile f(path);
  if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
    return ModerationResultsModel::tr("%1: cannot write the results: %2").arg(path, f.errorString());
  }
  return std::nullopt;
}

}  // namespace

ModerationResultsModel::ModerationResultsModel(QObject* parent) : QAbstractTableModel(parent) {}

void ModerationResultsModel::reset(const QStringList& labels, QList<ModerationRowResult> rows) {
  beginResetModel();
  labels_ = labels;
  rows_ = std::move(rows);
  index_of_row_.clear();
  for (int i = 0; i < rows_.size(); ++i) {
    const int r = rows_[i].row;
    if (r < 0) continue;
    if (index_of_row_.size() <= r) index_of_row_.resize(r + 1, -1);
    index_of_row_[r] = i;
  }
  endResetModel();
}

void ModerationResultsModel::applyResults(const QList<ModerationRowResult>& results) {
  int lo = rows_.size(), hi = -1;
  for (const ModerationRowResult& r : results) {
    if (r.row < 0 || r.row >= index_of_row_.size() || index_of_row_[r.row] < 0) continue;
    const int i = index_of_row_[r.row];
    ModerationRowResult& dst = rows_[i];
    const QString label = dst.label;
    const std::optional<bool> truth = dst.truth;
    const QString text = dst.text;
    dst = r;
    dst.label = label;   // the data set's, not the worker's copy
    dst.truth = truth;
    if (dst.text.isEmpty()) dst.text = text;
    dst.done = true;
    lo = std::min(lo, i);
    hi = std::max(hi, i);
  }
  if (hi >= lo) emit dataChanged(index(lo, 0), index(hi, columnCount() - 1));
}

void ModerationResultsModel::setThreshold(double threshold) {
  if (threshold == threshold_) return;
  threshold_ = threshold;
  if (!rows_.isEmpty()) emit dataChanged(index(0, VerdictColumn), index(rows_.size() - 1, VerdictColumn));
}

int ModerationResultsModel::doneCount() const {
  int n = 0;
  for (const auto& r : rows_) n += r.done ? 1 : 0;
  return n;
}

int ModerationResultsModel::flaggedCount() const {
  int n = 0;
  for (const auto& r : rows_) n += (r.has_scores && r.p_unsafe >= threshold_) ? 1 : 0;
  return n;
}

int ModerationResultsModel::errorCount() const {
  int n = 0;
  for (const auto& r : rows_) n += (r.done && !r.has_scores) ? 1 : 0;
  return n;
}

QList<int> ModerationResultsModel::pendingRows() const {
  QList<int> out;
  for (int i = 0; i < rows_.size(); ++i) {
    if (!rows_[i].done) out.append(i);
  }
  return out;
}

std::vector<ScoredTruth> ModerationResultsModel::scoredTruths() const {
  std::vector<ScoredTruth> out;
  for (const auto& r : rows_) {
    if (r.has_scores && r.truth) out.push_back({r.p_unsafe, *r.truth});
  }
  return out;
}

bool ModerationResultsModel::hasLabels() const {
  for (const auto& r : rows_) {
    if (r.truth) return true;
  }
  return false;
}

QString ModerationResultsModel::verdictCode(const ModerationRowResult& r) const {
  if (!r.done) return {};
  if (!r.has_scores) return QStringLiteral("error");
  return r.p_unsafe >= threshold_ ? QStringLiteral("flagged") : QStringLiteral("safe");
}

QString ModerationResultsModel::verdictText(const ModerationRowResult& r) const {
  if (!r.done) return tr("pending");
  if (!r.has_scores) return tr("error");
  return r.p_unsafe >= threshold_ ? tr("flagged") : tr("safe");
}

int ModerationResultsModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int ModerationResultsModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : kFixedColumns + static_cast<int>(labels_.size());
}

QVariant ModerationResultsModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rows_.size()) return {};
  const ModerationRowResult& r = rows_[index.row()];
  const int c = index.column();
  const bool scored = r.has_scores;
  if (role == Qt::DisplayRole) {
    switch (c) {
      case RowColumn: return r.row;
      case TextColumn: return preview(r.text);
      case VerdictColumn: return verdictText(r);
      case TopColumn: return scored && r.top >= 0 && r.top < labels_.size() ? labels_[r.top] : QString();
      case PUnsafeColumn: return scored ? QString::number(r.p_unsafe, 'f', 4) : QString();
      case LabelColumn: return r.label;
      case ErrorColumn: return r.error;
      default: {
        const int l = c - kFixedColumns;
        return scored && l < r.probs.size() ? QString::number(r.probs[l], 'f', 4) : QString();
      }
    }
  }
  if (role == kSortRole) {
    // Pending rows and rows without scores sort after every number (as +inf).
    const double missing = std::numeric_limits<double>::infinity();
    switch (c) {
      case RowColumn: return r.row;
      case TextColumn: return r.text;
      case VerdictColumn: return verdictCode(r).isEmpty() ? QStringLiteral("~") : verdictCode(r);
      case TopColumn: return data(index, Qt::DisplayRole);
      case PUnsafeColumn: return scored ? r.p_unsafe : missing;
      case LabelColumn: return r.label;
      case ErrorColumn: return r.error;
      default: {
        const int l = c - kFixedColumns;
        return scored && l < r.probs.size() ? r.probs[l] : missing;
      }
    }
  }
  if (role == Qt::ToolTipRole && c == TextColumn) return r.text.left(4000);
  if (role == Qt::TextAlignmentRole && (c == RowColumn || c == PUnsafeColumn || c >= kFixedColumns)) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  return {};
}

QVariant ModerationResultsModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
  switch (section) {
    case RowColumn: return tr("Row");
    case TextColumn: return tr("Text");
    case VerdictColumn: return tr("Verdict");
    case TopColumn: return tr("Top category");
    case PUnsafeColumn: return tr("P(unsafe)");
    case LabelColumn: return tr("Label");
    case ErrorColumn: return tr("Error");
    default: {
      const int l = section - kFixedColumns;
      return l >= 0 && l < labels_.size() ? labels_[l] : QVariant();
    }
  }
}

std::optional<QString> ModerationResultsModel::exportCsv(const QString& path) const {
  QStringList header = {QStringLiteral("row"), QStringLiteral("line"), QStringLiteral("text"),
                        QStringLiteral("label"), QStringLiteral("verdict"), QStringLiteral("p_unsafe"),
                        QStringLiteral("top")};
  for (const QString& l : labels_) header.append(csv_field(l));
  header.append(QStringLiteral("error"));
  QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  for (const auto& r : rows_) {
    QStringList f = {QString::number(r.row), QString::number(r.line), csv_field(r.text), csv_field(r.label),
                     verdictCode(r), r.has_scores ? number(r.p_unsafe) : QString(),
                     r.has_scores && r.top >= 0 && r.top < labels_.size() ? csv_field(labels_[r.top]) : QString()};
    for (int l = 0; l < labels_.size(); ++l) f.append(r.has_scores && l < r.probs.size() ? number(r.probs[l]) : QString());
    f.append(csv_field(r.error));
    out += f.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  }
  return write_file(path, out.toUtf8());
}

std::optional<QString> ModerationResultsModel::exportJsonl(const QString& path) const {
  QByteArray out;
  for (const auto& r : rows_) {
    QJsonObject o;
    o.insert(QStringLiteral("row"), r.row);
    o.insert(QStringLiteral("line"), r.line);
    o.insert(QStringLiteral("text"), r.text);
    if (!r.label.isEmpty()) o.insert(QStringLiteral("label"), r.label);
    if (r.truth) o.insert(QStringLiteral("truth"), *r.truth);
    if (r.done) o.insert(QStringLiteral("verdict"), verdictCode(r));
    if (r.has_scores) {
      o.insert(QStringLiteral("p_unsafe"), r.p_unsafe);
      if (r.top >= 0 && r.top < labels_.size()) o.insert(QStringLiteral("top"), labels_[r.top]);
      QJsonObject probs;
      for (int l = 0; l < labels_.size() && l < r.probs.size(); ++l) probs.insert(labels_[l], r.probs[l]);
      o.insert(QStringLiteral("probs"), probs);
    }
    if (!r.error.isEmpty()) o.insert(QStringLiteral("error"), r.error);
    out += QJsonDocument(o).toJson(QJsonDocument::Compact);
    out += '\n';
  }
  return write_file(path, out);
}

ModerationFilterProxy::ModerationFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(ModerationResultsModel::kSortRole);
  setDynamicSortFilter(true);
}

void ModerationFilterProxy::setSearch(const QString& text) {
  search_ = text;
  invalidateFilter();
}

void ModerationFilterProxy::setShow(Show show) {
  show_ = show;
  invalidateFilter();
}

bool ModerationFilterProxy::filterAcceptsRow(int source_row, const QModelIndex&) const {
  const auto* m = qobject_cast<const ModerationResultsModel*>(sourceModel());
  if (!m || source_row >= m->rows().size()) return true;
  const ModerationRowResult& r = m->rows()[source_row];
  const bool flagged = r.has_scores && r.p_unsafe >= m->threshold();
  switch (show_) {
    case Show::All: break;
    case Show::Flagged: if (!flagged) return false; break;
    case Show::NotFlagged: if (!r.has_scores || flagged) return false; break;
    case Show::Errors: if (!r.done || r.has_scores) return false; break;
    case Show::Pending: if (r.done) return false; break;
    case Show::Disagreeing: if (!r.has_scores || !r.truth || *r.truth == flagged) return false; break;
  }
  if (search_.isEmpty()) return true;
  const QString top = r.has_scores && r.top >= 0 && r.top < m->labels().size() ? m->labels()[r.top] : QString();
  for (const QString* s : {&r.text, &r.label, &top, &r.error}) {
    if (s->contains(search_, Qt::CaseInsensitive)) return true;
  }
  return false;
}

}  // namespace tramontane::gui
