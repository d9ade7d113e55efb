#pragma once
// SamplingDialog: the sampling settings of one conversation (temperature, top-p, top-k, min-p,
// repetition penalty, max tokens, seed) and its context policy.
#include <QDialog>

#include "gui/widgets/app_settings.h"

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace tramontane::gui {

class SamplingDialog : public QDialog {
  Q_OBJECT
 public:
  // `window`: the loaded model's sliding window (0: none), to explain the policy.
  SamplingDialog(const ConversationSampling& settings, qint64 window, QWidget* parent = nullptr);

  ConversationSampling settings() const;
  // The policy in words, as shown in the window.
  static QString policyText(bool stop_at_context, qint64 window);

 private:
  void updatePolicy();

  ConversationSampling initial_;
  qint64 window_ = 0;
  QDoubleSpinBox* temperature_ = nullptr;
  QDoubleSpinBox* top_p_ = nullptr;
  QSpinBox* top_k_ = nullptr;
  QDoubleSpinBox* min_p_ = nullptr;
  QDoubleSpinBox* repeat_penalty_ = nullptr;
  QSpinBox* max_tokens_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QCheckBox* stop_at_context_ = nullptr;
  QLabel* policy_ = nullptr;
};

}  // namespace tramontane::gui
