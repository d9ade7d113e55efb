#pragma once
// A precision-recall curve painted with QPainter: recall on x, precision on y, both 0..1, the
// curve as steps through the points of gui/core/moderation_eval.h's pr_curve, and a marker at
// the point of the current threshold.
#include <QWidget>

#include <vector>

#include "gui/core/moderation_eval.h"

namespace tramontane::gui {

class PrCurveWidget : public QWidget {
  Q_OBJECT
 public:
  explicit PrCurveWidget(QWidget* parent = nullptr);
  void setCurve(std::vector<PrPoint> curve);
  void setThreshold(double threshold);
  const std::vector<PrPoint>& curve() const { return curve_; }
  // The curve point in effect at `threshold` (the lowest point threshold >= it), or -1.
  int markerIndex() const;
  QSize sizeHint() const override { return {320, 240}; }
  QSize minimumSizeHint() const override { return {160, 120}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  std::vector<PrPoint> curve_;
  double threshold_ = 0.5;
};

}  // namespace tramontane::gui
