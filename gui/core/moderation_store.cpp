#include "gui/core/moderation_store.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

#include "gui/core/chat_store.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

const QString kRunColumns = QStringLiteral(
    "id, created_at, finished_at, model, policy, threshold, source, text_column, label_column, "
    "total_rows, done_rows, flagged_rows, error_rows");

ModerationRun read_run(const QSqlQuery& q) {
  ModerationRun r;
  r.id = q.value(0).toLongLong();
  r.created_at = q.value(1).toLongLong();
  r.finished_at = sql_optional_int(q.value(2));
  r.model = q.value(3).toString();
  r.policy = q.value(4).toString();
  r.threshold = q.value(5).isNull() ? 0.5 : q.value(5).toDouble();
  r.source = q.value(6).toString();
  r.text_column = q.value(7).toString();
  r.label_column = q.value(8).toString();
  r.total_rows = q.value(9).toLongLong();
  r.done_rows = q.value(10).toLongLong();
  r.flagged_rows = q.value(11).toLongLong();
  r.error_rows = q.value(12).toLongLong();
  return r;
}

}  // namespace

StoreResult<qint64> ModerationStore::create_run(const ModerationRun& run) {
  if (auto err = store_.check_usable()) return StoreError{*err};
  const QSqlDatabase db = store_.connection();
  QSqlQuery q(db);
  if (auto err = sql_exec(q, QStringLiteral(
          "INSERT INTO moderation_runs (kind, message_id, created_at, model, policy, input_text, verdict, "
          "threshold, source, text_column, label_column, total_rows, done_rows, flagged_rows, error_rows) "
          "VALUES ('batch', NULL, ?, ?, ?, '', '', ?, ?, ?, ?, ?, 0, 0, 0)"),
          {QDateTime::currentMSecsSinceEpoch(), run.model, run.policy, run.threshold, run.source,
           run.text_column, run.label_column, run.total_rows})) {
    return StoreError{tr("%1: cannot save the moderation run: %2").arg(store_.path(), *err)};
  }
  return q.lastInsertId().toLongLong();
}

std::optional<QString> ModerationStore::save_results(qint64 run_id, const QStringList& labels,
                                                     const QList<ModerationRowResult>& rows) {
  if (auto err = store_.check_usable()) return err;
  const QSqlDatabase db = store_.connection();
  SqlTransaction tx(db);
  auto fail = [&](const QString& e) {
    return tr("%1: cannot save the moderation results: %2").arg(store_.path(), e);
  };
  if (auto err = tx.begin()) return fail(*err);
  QSqlQuery q(db);
  for (const ModerationRowResult& r : rows) {
    QJsonObject probs;
    for (int l = 0; r.has_scores && l < labels.size() && l < r.probs.size(); ++l) probs.insert(labels[l], r.probs[l]);
    const QString top = r.has_scores && r.top >= 0 && r.top < labels.size() ? labels[r.top] : QString();
    if (auto err = sql_exec(q, QStringLiteral(
            "INSERT OR REPLACE INTO moderation_results (run_id, row, line, text, label, flagged, p_unsafe, top, "
            "probs, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {run_id, r.row, r.line, r.text, r.label.isEmpty() ? QVariant() : QVariant(r.label),
             QVariant(),  // the verdict depends on the threshold; recomputed from p_unsafe
             r.has_scores ? QVariant(r.p_unsafe) : QVariant(), top.isEmpty() ? QVariant() : QVariant(top),
             QString::fromUtf8(QJsonDocument(probs).toJson(QJsonDocument::Compact)),
             r.error.isEmpty() ? QVariant() : QVariant(r.error)})) {
      return fail(*err);
    }
  }
  if (auto err = tx.commit()) return fail(*err);
  return std::nullopt;
}

std::optional<QString> ModerationStore::update_counts(qint64 run_id, double threshold, qint64 done,
                                                      qint64 flagged, qint64 errors, bool finished) {
  if (auto err = store_.check_usable()) return err;
  const QSqlDatabase db = store_.connection();
  const QVariant finished_at = finished ? QVariant(QDateTime::currentMSecsSinceEpoch()) : QVariant();
  if (auto err = sql_exec(db, QStringLiteral(
          "UPDATE moderation_runs SET threshold = ?, done_rows = ?, flagged_rows = ?, error_rows = ?, "
          "finished_at = coalesce(?, finished_at) WHERE id = ? AND kind = 'batch'"),
          {threshold, done, flagged, errors, finished_at, run_id})) {
    return tr("%1: cannot save the moderation run: %2").arg(store_.path(), *err);
  }
  // Rows saved earlier get the verdict at this threshold too.
  if (auto err = sql_exec(db, QStringLiteral(
          "UPDATE moderation_results SET flagged = (p_unsafe >= ?) WHERE run_id = ? AND p_unsafe IS NOT NULL"),
          {threshold, run_id})) {
    return tr("%1: cannot save the moderation run: %2").arg(store_.path(), *err);
  }
  return std::nullopt;
}

StoreResult<ModerationRun> ModerationStore::run(qint64 run_id) const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QSqlQuery q(store_.connection());
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM moderation_runs WHERE id = ? AND kind = 'batch'").arg(kRunColumns),
                          {run_id})) {
    return StoreError{tr("%1: cannot read the moderation runs: %2").arg(store_.path(), *err)};
  }
  if (!q.next()) return StoreError{tr("there is no moderation run %1").arg(run_id)};
  return read_run(q);
}

StoreResult<QList<ModerationRun>> ModerationStore::runs() const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QSqlQuery q(store_.connection());
  if (auto err = sql_exec(q, QStringLiteral("SELECT %1 FROM moderation_runs WHERE kind = 'batch' "
                                            "ORDER BY created_at DESC, id DESC").arg(kRunColumns))) {
    return StoreError{tr("%1: cannot read the moderation runs: %2").arg(store_.path(), *err)};
  }
  QList<ModerationRun> out;
  while (q.next()) out.append(read_run(q));
  return out;
}

StoreResult<qint64> ModerationStore::result_count(qint64 run_id) const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QVariant n;
  if (auto err = sql_scalar(store_.connection(), QStringLiteral("SELECT count(*) FROM moderation_results WHERE run_id = ?"),
                            &n, {run_id})) {
    return StoreError{tr("%1: cannot read the moderation runs: %2").arg(store_.path(), *err)};
  }
  return n.toLongLong();
}

StoreResult<QList<ModerationRowResult>> ModerationStore::results(qint64 run_id, const QStringList& labels) const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QSqlQuery q(store_.connection());
  if (auto err = sql_exec(q, QStringLiteral("SELECT row, line, text, label, p_unsafe, top, probs, error "
                                            "FROM moderation_results WHERE run_id = ? ORDER BY row"),
                          {run_id})) {
    return StoreError{tr("%1: cannot read the moderation results: %2").arg(store_.path(), *err)};
  }
  QList<ModerationRowResult> out;
  while (q.next()) {
    ModerationRowResult r;
    r.row = q.value(0).toInt();
    r.line = q.value(1).toLongLong();
    r.text = q.value(2).toString();
    r.label = q.value(3).toString();
    r.done = true;
    r.error = q.value(7).toString();
    r.has_scores = !q.value(4).isNull() && r.error.isEmpty();
    if (r.has_scores) {
      r.p_unsafe = q.value(4).toDouble();
      r.top = static_cast<int>(labels.indexOf(q.value(5).toString()));
      const QJsonObject probs = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
      for (const QString& l : labels) r.probs.append(probs.value(l).toDouble(0.0));
    }
    out.append(std::move(r));
  }
  return out;
}

StoreResult<QStringList> ModerationStore::result_labels(qint64 run_id) const {
  if (auto err = store_.check_usable()) return StoreError{*err};
  QVariant probs;
  if (auto err = sql_scalar(store_.connection(), QStringLiteral("SELECT probs FROM moderation_results WHERE run_id = ? "
                                                                "AND p_unsafe IS NOT NULL ORDER BY row LIMIT 1"),
                            &probs, {run_id})) {
    return StoreError{tr("%1: cannot read the moderation results: %2").arg(store_.path(), *err)};
  }
  return QJsonDocument::fromJson(probs.toString().toUtf8()).object().keys();
}

std::optional<QString> ModerationStore::delete_run(qint64 run_id) {
  if (auto err = store_.check_usable()) return err;
  const QSqlDatabase db = store_.connection();
  SqlTransaction tx(db);
  auto fail = [&](const QString& e) { return tr("%1: cannot delete the moderation run: %2").arg(store_.path(), e); };
  if (auto err = tx.begin()) return fail(*err);
  if (auto err = sql_exec(db, QStringLiteral("DELETE FROM moderation_results WHERE run_id = ?"), {run_id})) return fail(*err);
  if (auto err = sql_exec(db, QStringLiteral("DELETE FROM moderation_runs WHERE id = ? AND kind = 'batch'"), {run_id})) {
    return fail(*err);
  }
  if (auto err = tx.commit()) return fail(*err);
  return std::nullopt;
}

}  // namespace tramontane::gui
