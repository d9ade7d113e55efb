#include "gui/core/moderation_eval.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tramontane::gui {

moderation::Confusion confusion_at(const std::vector<ScoredTruth>& items, double threshold) {
  moderation::Confusion cm;
  for (const ScoredTruth& s : items)
    if (std::isfinite(s.p_unsafe)) cm.add(s.positive, s.p_unsafe >= threshold);   // as pr_curve
  return cm;
}

namespace {

PrPoint make_point(double threshold, const moderation::Confusion& cm) {
  PrPoint p;
  p.threshold = threshold;
  p.cm = cm;
  p.recall = cm.recall().value_or(0.0);
  p.precision = cm.precision().value_or(1.0);
  return p;
}

}  // namespace

std::vector<PrPoint> pr_curve(const std::vector<ScoredTruth>& items) {
  // Only real probabilities: a NaN would break the sort's ordering and never equal itself below.
  std::vector<ScoredTruth> sorted;
  sorted.reserve(items.size());
  std::copy_if(items.begin(), items.end(), std::back_inserter(sorted),
               [](const ScoredTruth& s) { return std::isfinite(s.p_unsafe); });
  std::sort(sorted.begin(), sorted.end(),
            [](const ScoredTruth& a, const ScoredTruth& b) { return a.p_unsafe > b.p_unsafe; });
  int64_t positives = 0;
  for (const ScoredTruth& s : sorted) positives += s.positive ? 1 : 0;
  moderation::Confusion cm;
  cm.fn = positives;
  cm.tn = static_cast<int64_t>(sorted.size()) - positives;
  std::vector<PrPoint> curve;
  const double top = sorted.empty() ? 1.0 : sorted.front().p_unsafe;
  curve.push_back(make_point(std::nextafter(std::max(top, 1.0), 2.0), cm));
  for (size_t i = 0; i < sorted.size();) {
    const double t = sorted[i].p_unsafe;
    // Every item with this score becomes flagged at threshold t.
    for (; i < sorted.size() && sorted[i].p_unsafe == t; ++i) {
      if (sorted[i].positive) {
        ++cm.tp;
        --cm.fn;
      } else {
        ++cm.fp;
        --cm.tn;
      }
    }
    curve.push_back(make_point(t, cm));
  }
  return curve;
}

std::optional<double> average_precision(const std::vector<PrPoint>& curve) {
  if (curve.empty() || curve.front().cm.tp + curve.front().cm.fn == 0) return std::nullopt;
  double ap = 0, last_recall = 0;
  for (const PrPoint& p : curve) {
    ap += (p.recall - last_recall) * p.precision;
    last_recall = p.recall;
  }
  return ap;
}

}  // namespace tramontane::gui
