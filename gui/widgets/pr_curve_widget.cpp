#include "gui/widgets/pr_curve_widget.h"

#include <QPainter>
#include <QPainterPath>

namespace tramontane::gui {

PrCurveWidget::PrCurveWidget(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void PrCurveWidget::setCurve(std::vector<PrPoint> curve) {
  curve_ = std::move(curve);
  update();
}

void PrCurveWidget::setThreshold(double threshold) {
  threshold_ = threshold;
  update();
}

int PrCurveWidget::markerIndex() const {
  // The curve runs from the highest threshold down; flagged = p >= threshold, so the matrix at
  // threshold t is that of the last point whose threshold is >= t.
  int found = -1;
  for (size_t i = 0; i < curve_.size(); ++i) {
    if (curve_[i].threshold >= threshold_) found = static_cast<int>(i);
  }
  return found;
}

void PrCurveWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  const QPalette pal = palette();
  p.fillRect(rect(), pal.base());
  const int fm_h = fontMetrics().height();
  // Left of the plot: the rotated "Precision" (one line high), then the tick labels, right-aligned.
  const double title_w = fm_h * 1.2;
  const double tick_w = fontMetrics().horizontalAdvance(QStringLiteral("0.75")) + fm_h * 0.3;
  const QRectF area = QRectF(rect()).adjusted(title_w + tick_w + 4, fm_h * 0.5, -fm_h * 0.5, -fm_h * 2);
  if (area.width() < 10 || area.height() < 10) return;
  auto at = [&](double recall, double precision) {
    return QPointF(area.left() + recall * area.width(), area.bottom() - precision * area.height());
  };
  p.setPen(QPen(pal.color(QPalette::Mid), 1));
  for (int i = 0; i <= 4; ++i) {
    const double v = i / 4.0;
    p.drawLine(at(v, 0), at(v, 1));
    p.drawLine(at(0, v), at(1, v));
    p.setPen(pal.color(QPalette::Text));
    p.drawText(QRectF(at(v, 0).x() - fm_h, area.bottom() + 2, fm_h * 2, fm_h), Qt::AlignCenter,
               QString::number(v, 'g', 2));
    p.drawText(QRectF(rect().left() + title_w, at(0, v).y() - fm_h / 2.0, tick_w, fm_h), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(v, 'g', 2));
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
  }
  p.setPen(pal.color(QPalette::Text));
  p.drawText(QRectF(area.left(), area.bottom() + fm_h, area.width(), fm_h), Qt::AlignCenter, tr("Recall"));
  p.save();
  p.translate(rect().left() + fm_h * 0.1, area.center().y());
  p.rotate(-90);
  p.drawText(QRectF(-area.height() / 2, 0, area.height(), fm_h), Qt::AlignCenter, tr("Precision"));
  p.restore();
  if (curve_.size() < 2) {
    p.drawText(area, Qt::AlignCenter, tr("No labelled results"));
    return;
  }
  QPainterPath path;
  path.moveTo(at(curve_[0].recall, curve_[0].precision));
  for (size_t i = 1; i < curve_.size(); ++i) {
    // Step: recall moves right at the new precision.
    path.lineTo(at(curve_[i - 1].recall, curve_[i].precision));
    path.lineTo(at(curve_[i].recall, curve_[i].precision));
  }
  p.setPen(QPen(pal.color(QPalette::Highlight), 2));
  p.drawPath(path);
  const int m = markerIndex();
  if (m >= 0) {
    p.setBrush(pal.color(QPalette::Highlight));
    p.setPen(QPen(pal.color(QPalette::Text), 1));
    p.drawEllipse(at(curve_[m].recall, curve_[m].precision), 4.5, 4.5);
  }
}

}  // namespace tramontane::gui
