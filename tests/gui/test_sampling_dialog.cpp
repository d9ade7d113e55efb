// SamplingDialog (Chat > Sampling…): every setting the engine takes is shown, edited and given
// back, Restore Defaults resets them all, and a conversation's settings survive their JSON form.
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include "gui/widgets/sampling_dialog.h"

using namespace tramontane::gui;

class TestSamplingDialog : public QObject {
  Q_OBJECT

 private slots:
  void shows_and_returns_every_setting() {
    ConversationSampling in;
    in.sampling.temperature = 0.35;
    in.sampling.top_p = 0.8;
    in.sampling.top_k = 12;
    in.sampling.min_p = 0.05;
    in.sampling.repeat_penalty = 1.15;
    in.sampling.max_tokens = 300;
    in.sampling.seed = 42;
    in.stop_at_context = false;
    SamplingDialog d(in, 4096);
    auto* min_p = d.findChild<QDoubleSpinBox*>(QStringLiteral("minP"));
    auto* penalty = d.findChild<QDoubleSpinBox*>(QStringLiteral("repeatPenalty"));
    QVERIFY(min_p && penalty);
    QCOMPARE(min_p->value(), 0.05);
    QCOMPARE(penalty->value(), 1.15);
    ConversationSampling out = d.settings();
    QCOMPARE(out.sampling.temperature, 0.35);
    QCOMPARE(out.sampling.top_p, 0.8);
    QCOMPARE(out.sampling.top_k, 12);
    QCOMPARE(out.sampling.min_p, 0.05);
    QCOMPARE(out.sampling.repeat_penalty, 1.15);
    QCOMPARE(out.sampling.max_tokens, 300);
    QCOMPARE(out.sampling.seed, qint64(42));
    QCOMPARE(out.stop_at_context, false);

    min_p->setValue(0.1);
    penalty->setValue(1.3);
    out = d.settings();
    QCOMPARE(out.sampling.min_p, 0.1);
    QCOMPARE(out.sampling.repeat_penalty, 1.3);
    // Through the conversation's stored form and back.
    const ConversationSampling back = ConversationSampling::from_json(out.to_json());
    QCOMPARE(back.sampling.min_p, 0.1);
    QCOMPARE(back.sampling.repeat_penalty, 1.3);
    QCOMPARE(back.stop_at_context, false);
  }

  void restore_defaults_resets_everything() {
    ConversationSampling in;
    in.sampling.temperature = 1.5;
    in.sampling.top_k = 3;
    in.sampling.min_p = 0.2;
    in.sampling.repeat_penalty = 1.5;
    in.sampling.max_tokens = 7;
    in.sampling.seed = 9;
    in.stop_at_context = false;
    SamplingDialog d(in, 0);
    auto* buttons = d.findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    buttons->button(QDialogButtonBox::RestoreDefaults)->click();
    const ConversationSampling out = d.settings();
    const ConversationSampling defaults;
    QCOMPARE(out.sampling.temperature, defaults.sampling.temperature);
    QCOMPARE(out.sampling.top_p, defaults.sampling.top_p);
    QCOMPARE(out.sampling.top_k, defaults.sampling.top_k);
    QCOMPARE(out.sampling.min_p, defaults.sampling.min_p);
    QCOMPARE(out.sampling.repeat_penalty, defaults.sampling.repeat_penalty);
    QCOMPARE(out.sampling.max_tokens, defaults.sampling.max_tokens);
    QCOMPARE(out.sampling.seed, qint64(0));
    QCOMPARE(out.stop_at_context, defaults.stop_at_context);
  }

  void off_values_read_as_off() {
    SamplingDialog d(ConversationSampling{}, 0);   // defaults: min-p 0, penalty 1
    QCOMPARE(d.findChild<QDoubleSpinBox*>(QStringLiteral("minP"))->text(), SamplingDialog::tr("off"));
    QCOMPARE(d.findChild<QDoubleSpinBox*>(QStringLiteral("repeatPenalty"))->text(), SamplingDialog::tr("off"));
  }
};

QTEST_MAIN(TestSamplingDialog)
#include "test_sampling_dialog.moc"
