#pragma once
// The rows of a batch moderation run as a table (QAbstractTableModel), plus a filter proxy and
// export. One model row per input row, in input order; a row is pending until its result or
// error arrives (applyResults). The verdict shown is recomputed from P(unsafe) at the model's
// threshold (setThreshold), so moving the threshold updates the table without running again.
//
// Columns: Row, Text (first line, at most kPreviewChars), Verdict, Top category, P(unsafe),
// Label, Error, then one column per policy label with its probability. DisplayRole is text;
// kSortRole holds the raw value (numbers sort as numbers; pending rows sort last).
#include <QAbstractTableModel>
#include <QList>
#include <QSortFilterProxyModel>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

#include "gui/core/moderation_eval.h"

namespace tramontane::gui {

struct ModerationRowResult {
  int row = 0;                 // 1-based row of the data set
  qint64 line = 0;             // line of the file where the row starts
  QString text;                // the text classified ('' when the row has none)
  QString label;               // the label column's value ('' without one)
  std::optional<bool> truth;   // moderation::label_is_positive of the label
  bool done = false;           // a result or an error arrived
  bool has_scores = false;     // done without an error
  double p_unsafe = 0;
  int top = -1;                // index into the policy's labels
  QList<double> probs;         // [labels]
  qint64 prompt_tokens = 0;
  qint64 computed_tokens = 0;
  double seconds = 0;
  QString error;               // non-empty: the row could not be classified
};

class ModerationResultsModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { RowColumn, TextColumn, VerdictColumn, TopColumn, PUnsafeColumn, LabelColumn, ErrorColumn,
                kFixedColumns };
  static constexpr int kSortRole = Qt::UserRole + 1;
  static constexpr int kPreviewChars = 120;

  explicit ModerationResultsModel(QObject* parent = nullptr);

  // New run: the policy's labels (category columns) and every row, all pending.
  void reset(const QStringList& labels, QList<ModerationRowResult> rows);
  // Fills in finished rows (matched by `row`).
  void applyResults(const QList<ModerationRowResult>& results);
  void setThreshold(double threshold);
  double threshold() const { return threshold_; }

  const QStringList& labels() const { return labels_; }
  const QList<ModerationRowResult>& rows() const { return rows_; }
  int doneCount() const;
  int flaggedCount() const;   // at the current threshold
  int errorCount() const;
  // The indexes (0-based) of the rows still pending, in order.
  QList<int> pendingRows() const;
  // Rows with scores and a label, for evaluation.
  std::vector<ScoredTruth> scoredTruths() const;
  bool hasLabels() const;

  // Writes every row in input order; nullopt on success, else a translated error naming the file.
  // CSV columns: row,line,text,label,verdict,p_unsafe,top,<one per label>,error.
  // JSONL: {"row","line","text","label","verdict","p_unsafe","top","probs":{..},"error"}; keys
  // without a value are left out. The verdict is at the current threshold.
  std::optional<QString> exportCsv(const QString& path) const;
  std::optional<QString> exportJsonl(const QString& path) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // "flagged", "safe", "error" or "" (pending), untranslated: what the exports write.
  QString verdictCode(const ModerationRowResult& r) const;

 private:
  QString verdictText(const ModerationRowResult& r) const;

  QStringList labels_;
  QList<ModerationRowResult> rows_;
  QList<int> index_of_row_;  // row number -> position (row numbers are 1..n in practice)
  double threshold_ = 0.5;
};

// Sorting (by kSortRole) and filtering of the results: a case-insensitive text search over the
// text, label, top category and error, and a verdict filter.
class ModerationFilterProxy : public QSortFilterProxyModel {
  Q_OBJECT
 public:
  enum class Show { All, Flagged, NotFlagged, Errors, Pending, Disagreeing };
  explicit ModerationFilterProxy(QObject* parent = nullptr);
  void setSearch(const QString& text);
  void setShow(Show show);
  Show show() const { return show_; }

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;

 private:
  QString search_;
  Show show_ = Show::All;
};

}  // namespace tramontane::gui
