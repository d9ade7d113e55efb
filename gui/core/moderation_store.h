#pragma once
// ModerationStore: batch moderation runs in the history database (tables moderation_runs, kind
// 'batch', and moderation_results; schema version 2, gui/core/schema_migrations.cpp), through a
// ChatStore's connection on its thread, like PresetStore. A run is created when it starts, its
// rows are saved as they finish (so a cancelled run keeps what was done), and its counts are
// updated after every chunk and when it ends.
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

#include "gui/core/moderation_results_model.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

class ChatStore;

struct ModerationRun {
  qint64 id = 0;
  qint64 created_at = 0;        // ms since the epoch
  std::optional<qint64> finished_at;
  QString model;
  QString policy;
  double threshold = 0.5;
  QString source;               // the data file
  QString text_column;
  QString label_column;
  qint64 total_rows = 0;
  qint64 done_rows = 0;
  qint64 flagged_rows = 0;      // at `threshold`
  qint64 error_rows = 0;
};

class ModerationStore {
  Q_DECLARE_TR_FUNCTIONS(ModerationStore)

 public:
  explicit ModerationStore(ChatStore& store) : store_(store) {}

  // Inserts the run (id and created_at are set from the database and clock); returns its id.
  StoreResult<qint64> create_run(const ModerationRun& run);
  // Saves (inserts or replaces) finished rows of a run; labels name the probabilities.
  std::optional<QString> save_results(qint64 run_id, const QStringList& labels,
                                      const QList<ModerationRowResult>& rows);
  // Updates the counts and threshold; `finished` sets finished_at to now.
  std::optional<QString> update_counts(qint64 run_id, double threshold, qint64 done, qint64 flagged,
                                       qint64 errors, bool finished);
  StoreResult<ModerationRun> run(qint64 run_id) const;
  StoreResult<QList<ModerationRun>> runs() const;   // newest first
  StoreResult<qint64> result_count(qint64 run_id) const;
  // The stored rows of a run, in row order, done (a result or an error). `labels` orders the
  // probabilities (ModerationRowResult::probs, top); a label missing from a row's stored
  // probabilities reads 0. The truth is not stored: the caller derives it from `label`.
  StoreResult<QList<ModerationRowResult>> results(qint64 run_id, const QStringList& labels) const;
  // The label names a run's stored probabilities use (from its first scored row, sorted by name),
  // for a run whose policy is no longer known.
  StoreResult<QStringList> result_labels(qint64 run_id) const;
  // Deletes a batch run and its rows.
  std::optional<QString> delete_run(qint64 run_id);

 private:
  ChatStore& store_;
};

}  // namespace tramontane::gui
