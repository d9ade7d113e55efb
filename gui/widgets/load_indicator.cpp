#include "gui/widgets/load_indicator.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace tramontane::gui {

LoadIndicator::LoadIndicator(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("loadIndicator"));
  label_ = new QLabel(this);
  label_->setTextFormat(Qt::PlainText);
  bar_ = new QProgressBar(this);
  bar_->setObjectName(QStringLiteral("loadProgress"));
  bar_->setRange(0, 0);   // the engine reports stages, not fractions
  bar_->setMaximumWidth(160);
  bar_->setTextVisible(false);
  cancel_ = new QPushButton(this);
  cancel_->setObjectName(QStringLiteral("cancelLoadButton"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(label_);
  layout->addWidget(bar_);
  layout->addWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, &LoadIndicator::cancelRequested);
  hide();
  retranslateUi();
}

void LoadIndicator::start(const QString& model_name) {
  name_ = model_name;
  stage_.clear();
  cancel_->setEnabled(true);
  retranslateUi();
  show();
}

void LoadIndicator::setStage(const QString& stage) {
  stage_ = stage;
  retranslateUi();
}

void LoadIndicator::stop() { hide(); }

void LoadIndicator::retranslateUi() {
  label_->setText(stage_.isEmpty() ? tr("Loading %1…").arg(name_) : tr("Loading %1: %2").arg(name_, stage_));
  cancel_->setText(tr("Cancel"));
}

void LoadIndicator::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
