#include "gui/widgets/status_panel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>

namespace tramontane::gui {

StatusPanel::StatusPanel(QWidget* parent) : QWidget(parent) {
  auto make = [this](const char* name) {
    auto* l = new QLabel(this);
    l->setObjectName(QLatin1String(name));
    l->setTextFormat(Qt::PlainText);
    return l;
  };
  model_ = make("statusModel");
  backend_ = make("statusBackend");
  speed_ = make("statusSpeed");
  context_ = make("statusContext");
  adapters_label_ = make("statusAdapters");
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(14);
  for (QLabel* l : {model_, backend_, speed_, context_, adapters_label_}) layout->addWidget(l);
  retranslateUi();
}

void StatusPanel::setModel(const ModelInfo& info) {
  info_ = info;
  loaded_ = !info.path.isEmpty();
  used_ = 0;
  tps_ = -1;
  retranslateUi();
}

void StatusPanel::clearModel() { setModel({}); }

void StatusPanel::setTokensPerSecond(double tps) {
  tps_ = tps;
  speed_->setText(speedText());
}

void StatusPanel::setContextUsed(qint64 used) {
  used_ = used;
  context_->setText(contextText());
}

void StatusPanel::setAdapters(const QList<AdapterSpec>& set) {
  adapters_ = set;
  adapters_label_->setText(adaptersText());
}

QString StatusPanel::adaptersText() const {
  QStringList parts;
  for (const AdapterSpec& s : adapters_) {
    if (!s.active()) continue;
    QString scale = QString::number(s.scale, 'f', 2);
    while (scale.endsWith(QLatin1Char('0'))) scale.chop(1);
    if (scale.endsWith(QLatin1Char('.'))) scale.chop(1);
    parts << tr("%1 ×%2").arg(s.name(), scale);
  }
  if (parts.isEmpty()) return tr("No adapters");
  return tr("Adapters: %1").arg(parts.join(QStringLiteral(", ")));
}

QString StatusPanel::modelText() const { return loaded_ ? info_.name : tr("No model loaded"); }

QString StatusPanel::backendText() const {
  if (!loaded_) return {};
  if (info_.backend == QLatin1String("remote")) {
    // "Remote: llama.cpp server at http://127.0.0.1:8080"
    return info_.backend_note.isEmpty() ? tr("Remote server") : tr("Remote: %1").arg(info_.backend_note);
  }
  const QString name = info_.backend == QLatin1String("cuda") ? tr("CUDA") : tr("CPU");
  return name;
}

QString StatusPanel::speedText() const {
  if (!loaded_ || tps_ < 0) return {};
  return tr("%1 tokens/s").arg(tps_, 0, 'f', 1);
}

QString StatusPanel::contextText() const {
  if (!loaded_) return {};
  if (info_.window > 0) {
    return tr("Context: %1 used, window %2, limit %3").arg(used_).arg(info_.window).arg(info_.context_limit);
  }
  return tr("Context: %1 of %2").arg(used_).arg(info_.context_limit);
}

void StatusPanel::retranslateUi() {
  model_->setText(modelText());
  model_->setToolTip(loaded_ ? info_.path : QString());
  backend_->setText(backendText());
  backend_->setToolTip(info_.backend_note);
  backend_->setVisible(loaded_);
  speed_->setText(speedText());
  context_->setText(contextText());
  adapters_label_->setText(adaptersText());
  context_->setToolTip(info_.window > 0
                           ? tr("This model attends to the last %1 tokens (sliding window).").arg(info_.window)
                           : QString());
}

void StatusPanel::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QWidget::changeEvent(event);
}

}  // namespace tramontane::gui
