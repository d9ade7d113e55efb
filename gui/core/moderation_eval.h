#pragma once
// Evaluation of a moderation run against labels, as pure functions (no Qt): the confusion matrix
// at a threshold and the precision-recall curve over every threshold. "flagged = positive": a
// text is flagged when P(not safe) >= threshold (engine/moderation/classifier.h); a row's truth
// comes from moderation::label_is_positive. Rows without a result or a label are left out.
#include <optional>
#include <vector>

#include "engine/moderation/dataset.h"

namespace tramontane::gui {

struct ScoredTruth {
  double p_unsafe = 0;  // the classifier's P(not safe)
  bool positive = false;  // the label says the text should be flagged
};

// The confusion matrix at `threshold` (flagged when p_unsafe >= threshold).
moderation::Confusion confusion_at(const std::vector<ScoredTruth>& items, double threshold);

struct PrPoint {
  double threshold = 0;           // the lowest threshold giving this point
  moderation::Confusion cm;       // at that threshold
  double recall = 0;              // tp / (tp + fn); 0 without positives
  double precision = 1;           // tp / (tp + fp); 1 when nothing is flagged (the usual convention)
};

// The precision-recall curve: one point per distinct p_unsafe value, from the highest threshold
// (fewest flagged) to the lowest, plus a first point above every score (nothing flagged). Its
// confusion matrices equal confusion_at(items, point.threshold). O(n log n).
std::vector<PrPoint> pr_curve(const std::vector<ScoredTruth>& items);

// The area under the PR curve by the step rule (average precision); nullopt without positives.
std::optional<double> average_precision(const std::vector<PrPoint>& curve);

}  // namespace tramontane::gui
