#include "gui/widgets/sampling_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace tramontane::gui {

SamplingDialog::SamplingDialog(const ConversationSampling& settings, qint64 window, QWidget* parent)
    : QDialog(parent), initial_(settings), window_(window) {
  setWindowTitle(tr("Sampling settings"));
  temperature_ = new QDoubleSpinBox(this);
  temperature_->setRange(0.0, 2.0);
  temperature_->setSingleStep(0.05);
  temperature_->setDecimals(2);
  temperature_->setValue(settings.sampling.temperature);
  temperature_->setToolTip(tr("0 always picks the most likely token"));
  top_p_ = new QDoubleSpinBox(this);
  top_p_->setRange(0.01, 1.0);
  top_p_->setSingleStep(0.05);
  top_p_->setDecimals(2);
  top_p_->setValue(settings.sampling.top_p);
  top_p_->setToolTip(tr("1 turns top-p off"));
  top_k_ = new QSpinBox(this);
  top_k_->setRange(0, 100000);
  top_k_->setValue(settings.sampling.top_k);
  top_k_->setSpecialValueText(tr("off"));
  min_p_ = new QDoubleSpinBox(this);
  min_p_->setObjectName(QStringLiteral("minP"));
  min_p_->setRange(0.0, 1.0);
  min_p_->setSingleStep(0.01);
  min_p_->setDecimals(2);
  min_p_->setSpecialValueText(tr("off"));
  min_p_->setValue(settings.sampling.min_p);
  min_p_->setToolTip(tr("Drops tokens less likely than this fraction of the most likely one; 0 turns it off"));
  repeat_penalty_ = new QDoubleSpinBox(this);
  repeat_penalty_->setObjectName(QStringLiteral("repeatPenalty"));
  repeat_penalty_->setRange(1.0, 2.0);
  repeat_penalty_->setSingleStep(0.05);
  repeat_penalty_->setDecimals(2);
  repeat_penalty_->setSpecialValueText(tr("off"));
  repeat_penalty_->setValue(std::clamp(settings.sampling.repeat_penalty, 1.0, 2.0));
  repeat_penalty_->setToolTip(tr("Above 1, tokens already in the conversation become less likely (fewer loops "
                                 "in small models); 1 turns it off"));
  max_tokens_ = new QSpinBox(this);
  max_tokens_->setRange(1, 1000000);
  max_tokens_->setValue(settings.sampling.max_tokens);
  seed_ = new QSpinBox(this);
  seed_->setRange(0, std::numeric_limits<int>::max());
  seed_->setValue(static_cast<int>(std::clamp<qint64>(settings.sampling.seed, 0, std::numeric_limits<int>::max())));
  seed_->setSpecialValueText(tr("random"));
  stop_at_context_ = new QCheckBox(tr("Stop at the context limit"), this);
  stop_at_context_->setChecked(settings.stop_at_context);
  policy_ = new QLabel(this);
  policy_->setWordWrap(true);
  connect(stop_at_context_, &QCheckBox::toggled, this, &SamplingDialog::updatePolicy);

  auto* form = new QFormLayout;
  form->addRow(tr("Temperature"), temperature_);
  form->addRow(tr("Top-p"), top_p_);
  form->addRow(tr("Top-k"), top_k_);
  form->addRow(tr("Min-p"), min_p_);
  form->addRow(tr("Repetition penalty"), repeat_penalty_);
  form->addRow(tr("Max tokens"), max_tokens_);
  form->addRow(tr("Seed"), seed_);
  form->addRow(stop_at_context_);
  form->addRow(policy_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                       QDialogButtonBox::RestoreDefaults, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
    const ConversationSampling d;
    temperature_->setValue(d.sampling.temperature);
    top_p_->setValue(d.sampling.top_p);
    top_k_->setValue(d.sampling.top_k);
    min_p_->setValue(d.sampling.min_p);
    repeat_penalty_->setValue(d.sampling.repeat_penalty);
    max_tokens_->setValue(d.sampling.max_tokens);
    seed_->setValue(0);
    stop_at_context_->setChecked(d.stop_at_context);
  });
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  updatePolicy();
}

ConversationSampling SamplingDialog::settings() const {
  ConversationSampling s = initial_;
  s.sampling.temperature = temperature_->value();
  s.sampling.top_p = top_p_->value();
  s.sampling.top_k = top_k_->value();
  s.sampling.min_p = min_p_->value();
  s.sampling.repeat_penalty = repeat_penalty_->value();
  s.sampling.max_tokens = max_tokens_->value();
  s.sampling.seed = seed_->value();
  s.stop_at_context = stop_at_context_->isChecked();
  return s;
}

QString SamplingDialog::policyText(bool stop_at_context, qint64 window) {
  if (stop_at_context || window <= 0) return tr("Stops at the context limit");
  return tr("Sliding window: older tokens leave the window");
}

void SamplingDialog::updatePolicy() {
  QString text = policyText(stop_at_context_->isChecked(), window_);
  if (window_ > 0 && !stop_at_context_->isChecked()) {
    text += QStringLiteral("\n") + tr("The model sees only the last %1 tokens; the conversation can go on "
                                      "past the context limit.").arg(window_);
  }
  policy_->setText(text);
}

}  // namespace tramontane::gui
