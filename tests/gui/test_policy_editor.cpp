// The moderation panel's user policies (the policy editor, gui/widgets/policy_editor_dialog.h,
// gui/core/user_policy_store.h) and its stored runs browser, on the tiny Mistral fixture
// (tests/fixtures/moderation/v1). Expected values come from the engine itself, never from
// numbers written here: a policy written in the dialog must load through
// moderation::load_policy_file with the fields typed, and classify exactly as the engine's
// Classifier does with that file; a stored run opened in the panel must show the rows the
// ModerationStore holds and the figures the panel showed when it ran.
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>

#include "engine/moderation/classifier.h"
#include "engine/moderation/policy.h"
#include "engine/runtime/engine.h"
#include "gui/core/chat_store.h"
#include "gui/core/moderation_store.h"
#include "gui/core/moderation_worker.h"
#include "gui/core/user_policy_store.h"
#include "gui/widgets/chat_moderation_dialog.h"
#include "gui/widgets/moderation_panel.h"
#include "gui/widgets/policy_editor_dialog.h"
#include "gui_test_util.h"

using namespace tramontane::gui;
namespace mod = tramontane::moderation;

namespace {

QString model_dir() { return gui_test::fixture(QStringLiteral("moderation/v1")); }

// Runs `body` on the next modal dialog of type T once it is shown (the caller then opens it).
template <class T>
void on_next_modal(std::function<void(T*)> body) {
  auto* timer = new QTimer;
  timer->setInterval(20);
  QObject::connect(timer, &QTimer::timeout, [timer, body] {
    if (auto* d = qobject_cast<T*>(QApplication::activeModalWidget())) {
      timer->stop();
      timer->deleteLater();
      body(d);
    }
  });
  timer->start();
}

void answer_next_question(QMessageBox::StandardButton button) {
  on_next_modal<QMessageBox>([button](QMessageBox* box) { box->button(button)->click(); });
}

QString open_and_wait(ModerationPanel& panel, const QString& path) {
  QSignalSpy opened(panel.controller(), &ModerationController::datasetOpened);
  if (!panel.openDataset(path)) return QStringLiteral("refused");
  if (!opened.wait(30000)) return QStringLiteral("timeout");
  return opened.at(0).at(1).toString();
}

QString write_csv(const QString& path, int rows, int salt) {
  static const char* const words[] = {"hello there", "how do I bake bread", "I will hurt you", "buy cheap pills now",
                                      "the weather is nice", "steal a car, quickly", "meet me at noon"};
  QString csv = QStringLiteral("text,label\n");
  for (int i = 0; i < rows; ++i) {
    csv += QStringLiteral("\"%1 #%2\",%3\n").arg(QString::fromLatin1(words[(i + salt) % 7])).arg(i + salt)
               .arg(i % 2 ? QStringLiteral("unsafe") : QStringLiteral("safe"));
  }
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly)) return {};
  f.write(csv.toUtf8());
  return path;
}

int combo_index_of(QComboBox* combo, const QString& data) { return combo->findData(data); }

}  // namespace

class TestPolicyEditor : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("tramontane-test"));
    QCoreApplication::setApplicationName(QStringLiteral("test_policy_editor"));
  }

  // The store alone: refuses bad names, built-in names, and what the engine refuses.
  void store_refuses_bad_policies() {
    UserPolicyStore store(dir_.filePath(QStringLiteral("store-only")));
    auto p = mod::builtin_policy("binary");
    QVERIFY(p);
    mod::Policy policy = *p;
    policy.name = "binary";
    QVERIFY(!store.save(policy));   // a built-in name
    policy.name = "../escape";
    QVERIFY(!store.save(policy));
    policy.name = "ok";
    policy.template_text = "no placeholder";
    auto refused = store.save(policy);
    QVERIFY(!refused);
    // The engine's own message for the same policy.
    auto engine_says = mod::parse_policy(UserPolicyStore::toJson(policy).toStdString(), store.pathFor("ok").toStdString());
    QVERIFY(!engine_says);
    QCOMPARE(refused.error(), QString::fromStdString(engine_says.error().message));
    QVERIFY(!QFile::exists(store.pathFor(QStringLiteral("ok"))));
    QVERIFY(store.list().isEmpty());
    // A new policy may not take an existing one's name; editing it (previousName) may.
    policy = *p;
    policy.name = "ok";
    QVERIFY(store.save(policy));
    QVERIFY(!store.save(policy));
    policy.title = "edited";
    auto edited = store.save(policy, QStringLiteral("ok"));
    QVERIFY(edited);
    QCOMPARE(edited->title, std::string("edited"));
    // Renamed while editing: the old file goes.
    policy.name = "renamed";
    QVERIFY(store.save(policy, QStringLiteral("ok")));
    QCOMPARE(store.list().size(), 1);
    QCOMPARE(store.list().first().name, QStringLiteral("renamed"));
    QVERIFY(!store.remove(QStringLiteral("renamed")));
    QVERIFY(store.list().isEmpty());
  }

  // A policy file damaged outside the app (truncated JSON): listed, refused on load with the
  // engine's message naming the file, never a crash; it can still be removed.
  void damaged_policy_file_is_reported() {
    const QString d = dir_.filePath(QStringLiteral("damaged"));
    QVERIFY(QDir().mkpath(d));
    QFile f(d + QStringLiteral("/broken.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    // (a plain string: moc's parser counts the braces inside raw strings)
    f.write("{\"name\": \"broken\", \"template\": \"Classify");
    f.close();
    UserPolicyStore store(d);
    QCOMPARE(store.list().size(), 1);
    auto p = store.load(QStringLiteral("broken"));
    QVERIFY(!p);
    QVERIFY2(p.error().contains(QStringLiteral("broken.json")), qPrintable(p.error()));
    QVERIFY(store.setThreshold(QStringLiteral("broken"), 0.3).has_value());  // refused, file untouched
    QVERIFY(!store.remove(QStringLiteral("broken")));
    QVERIFY(store.list().isEmpty());
  }

  void editor_writes_a_policy_that_classifies_like_the_engine() {
    ChatStore history;
    QVERIFY(!history.open(dir_.filePath(QStringLiteral("editor/history.sqlite"))));
    ModerationPanel panel(nullptr, &history);
    QCOMPARE(QDir(panel.userPolicies()->dir()).absolutePath(),
             QDir(dir_.filePath(QStringLiteral("editor/policies"))).absolutePath());
    panel.setModelPath(model_dir());
    QVERIFY(panel.setPolicy(QStringLiteral("binary")));
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("policyCombo"));
    auto* edit_button = panel.findChild<QPushButton*>(QStringLiteral("editPolicyButton"));
    auto* delete_button = panel.findChild<QPushButton*>(QStringLiteral("deletePolicyButton"));
    QVERIFY(!edit_button->isEnabled());   // built-in policies are not edited in place
    QVERIFY(!delete_button->isEnabled());
    const int builtin_items = combo->count();

    const auto binary = mod::builtin_policy("binary");
    QVERIFY(binary);
    const QString my_template = QStringLiteral("Is this text spam, unsafe or safe?\n\n<TEXT>\n{text}\n</TEXT>\n\nAnswer in one word.");
    QString template_status_without, template_status_twice, dup_error, no_placeholder_error;
    bool save_enabled_without = true;
    bool copied_from_builtin = false;
    on_next_modal<PolicyEditorDialog>([&](PolicyEditorDialog* dlg) {
      // It starts from a copy of the current (built-in) policy.
      auto* tmpl = dlg->findChild<QPlainTextEdit*>(QStringLiteral("policyTemplate"));
      copied_from_builtin = tmpl->toPlainText() == QString::fromStdString(binary->template_text);
      dlg->findChild<QLineEdit*>(QStringLiteral("policyName"))->setText(QStringLiteral("mine"));
      dlg->findChild<QLineEdit*>(QStringLiteral("policyTitle"))->setText(QStringLiteral("My policy"));
      auto* status = dlg->findChild<QLabel*>(QStringLiteral("templateStatus"));
      auto* buttons = dlg->findChild<QDialogButtonBox*>();
      // Live check: no placeholder, then two.
      tmpl->setPlainText(QStringLiteral("Is this text safe?"));
      template_status_without = status->text();
      save_enabled_without = buttons->button(QDialogButtonBox::Save)->isEnabled();
      no_placeholder_error = dlg->save() ? QString() : dlg->error();
      tmpl->setPlainText(QStringLiteral("{text} and {text}"));
      template_status_twice = status->text();
      tmpl->setPlainText(my_template);
      // Labels: add "spam", a duplicate "safe" (refused), then fix it; move "spam" to the top.
      auto* table = dlg->findChild<QTableWidget*>(QStringLiteral("labelsTable"));
      dlg->findChild<QPushButton*>(QStringLiteral("addLabel"))->click();
      table->item(2, 0)->setText(QStringLiteral("safe"));
      table->item(2, 1)->setText(QStringLiteral("unsolicited advertising"));
      dup_error = dlg->save() ? QString() : dlg->error();
      table->item(2, 0)->setText(QStringLiteral("spam"));
      table->setCurrentCell(2, 0);
      dlg->findChild<QPushButton*>(QStringLiteral("labelUp"))->click();
      dlg->findChild<QPushButton*>(QStringLiteral("labelUp"))->click();
      auto* safe = dlg->findChild<QComboBox*>(QStringLiteral("safeLabel"));
      safe->setCurrentIndex(safe->findText(QStringLiteral("safe")));
      dlg->findChild<QDoubleSpinBox*>(QStringLiteral("policyThreshold"))->setValue(0.375);
      buttons->button(QDialogButtonBox::Save)->click();
    });
    panel.findChild<QPushButton*>(QStringLiteral("newPolicyButton"))->click();   // exec() returns on Save

    QVERIFY(copied_from_builtin);
    QVERIFY2(template_status_without.contains(QStringLiteral("{text}")), qPrintable(template_status_without));
    QVERIFY(!save_enabled_without);
    QVERIFY2(no_placeholder_error.contains(QStringLiteral("{text}")), qPrintable(no_placeholder_error));
    QVERIFY2(template_status_twice.contains(QStringLiteral("more than once")), qPrintable(template_status_twice));
    QVERIFY2(dup_error.contains(QStringLiteral("'safe'")), qPrintable(dup_error));

    // Saved as <data dir>/policies/mine.json, loaded by the engine with the fields written.
    const QString path = dir_.filePath(QStringLiteral("editor/policies/mine.json"));
    QVERIFY(QFile::exists(path));
    auto loaded = mod::load_policy_file(path.toStdString());
    QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->name, std::string("mine"));
    QCOMPARE(loaded->title, std::string("My policy"));
    QCOMPARE(QString::fromStdString(loaded->template_text), my_template);
    QCOMPARE(loaded->labels.size(), size_t(3));
    QCOMPARE(loaded->labels[0].name, std::string("spam"));
    QCOMPARE(loaded->labels[0].description, std::string("unsolicited advertising"));
    QCOMPARE(loaded->labels[1].name, binary->labels[0].name);
    QCOMPARE(loaded->labels[1].description, binary->labels[0].description);
    QCOMPARE(loaded->labels[2].name, binary->labels[1].name);
    QCOMPARE(loaded->safe_label(), std::string("safe"));
    QCOMPARE(loaded->threshold, 0.375);

    // In the choice, chosen, editable and deletable.
    QCOMPARE(combo->count(), builtin_items + 1);
    const int item = combo_index_of(combo, QFileInfo(path).absoluteFilePath());
    QVERIFY(item >= 0);
    QCOMPARE(combo->currentIndex(), item);
    QCOMPARE(panel.controller()->policy().name, QStringLiteral("mine"));
    QCOMPARE(panel.controller()->policy().labels,
             (QStringList{QStringLiteral("spam"), QStringLiteral("safe"), QStringLiteral("unsafe")}));
    QCOMPARE(panel.threshold(), 0.375);
    QVERIFY(edit_button->isEnabled());
    QVERIFY(delete_button->isEnabled());
    // A second panel on the same data folder lists it too.
    {
      ModerationPanel other(nullptr, &history);
      QVERIFY(other.findChild<QComboBox*>(QStringLiteral("policyCombo"))->findData(QFileInfo(path).absoluteFilePath()) >= 0);
    }

    // The in-chat moderation dialog offers it too (stored by its file, which the engine resolves).
    {
      ChatModerationDialog chat(ChatModeration{}, nullptr, panel.userPolicies()->dir());
      auto* choice = chat.findChild<QComboBox*>(QStringLiteral("moderationPolicy"));
      const int i = choice->findText(QFileInfo(path).absoluteFilePath());
      QVERIFY(i >= 0);
      choice->setCurrentIndex(i);
      const QString chosen = chat.settings().policy;
      QCOMPARE(chosen, QFileInfo(path).absoluteFilePath());
      auto resolved = mod::resolve_policy(chosen.toStdString());
      QVERIFY(resolved);
      QCOMPARE(resolved->name, std::string("mine"));
    }

    // Classifies as the engine does with the file it loads itself.
    const QString text = QStringLiteral("buy cheap pills now, limited offer");
    panel.findChild<QPlainTextEdit*>(QStringLiteral("singleText"))->setPlainText(text);
    QSignalSpy verdict(panel.controller(), &ModerationController::verdictReady);
    QSignalSpy failed(panel.controller(), &ModerationController::failed);
    panel.findChild<QPushButton*>(QStringLiteral("checkButton"))->click();
    QTRY_VERIFY_WITH_TIMEOUT(verdict.count() + failed.count() > 0, 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    const auto v = verdict.at(0).at(0).value<ModerationVerdict>();
    QVERIFY2(v.has_scores, qPrintable(v.error));
    auto engine = tramontane::Engine::load(model_dir().toStdString());
    QVERIFY(engine);
    auto direct_policy = mod::load_policy_file(path.toStdString());
    QVERIFY(direct_policy);
    auto classifier = mod::Classifier::create(**engine, *direct_policy);
    QVERIFY2(classifier, classifier ? "" : classifier.error().message.c_str());
    auto direct = classifier->classify(text.toStdString());
    QVERIFY(direct);
    QCOMPARE(v.probs.size(), 3);
    QVERIFY(std::abs(direct->p_unsafe - v.p_unsafe) < 1e-6);
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(direct->probs[size_t(i)] - v.probs[i]) < 1e-6);
    QCOMPARE(v.top, static_cast<int>(direct->top));
    QVERIFY(v.prompt.contains(QString::fromStdString(direct_policy->fill(text.toStdString()))));

    // Save threshold to the policy: written into its file.
    auto* slider = panel.findChild<QSlider*>(QStringLiteral("thresholdSlider"));
    slider->setValue(612);
    panel.findChild<QPushButton*>(QStringLiteral("saveThresholdButton"))->click();
    auto rethresholded = mod::load_policy_file(path.toStdString());
    QVERIFY(rethresholded);
    QCOMPARE(rethresholded->threshold, 0.612);
    QCOMPARE(rethresholded->template_text, loaded->template_text);
    QCOMPARE(panel.threshold(), 0.612);

    // Edit: a new title, the same file; the classifier follows the rewritten file.
    QString edited_name;
    on_next_modal<PolicyEditorDialog>([&](PolicyEditorDialog* dlg) {
      edited_name = dlg->findChild<QLineEdit*>(QStringLiteral("policyName"))->text();
      dlg->findChild<QLineEdit*>(QStringLiteral("policyTitle"))->setText(QStringLiteral("Mine, edited"));
      dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    });
    edit_button->click();
    QCOMPARE(edited_name, QStringLiteral("mine"));
    auto edited = mod::load_policy_file(path.toStdString());
    QVERIFY(edited);
    QCOMPARE(edited->title, std::string("Mine, edited"));
    QCOMPARE(edited->threshold, 0.612);
    QCOMPARE(combo->count(), builtin_items + 1);

    // Delete, cancelled at the question, then confirmed.
    answer_next_question(QMessageBox::No);
    delete_button->click();
    QVERIFY(QFile::exists(path));
    answer_next_question(QMessageBox::Yes);
    delete_button->click();
    QVERIFY(!QFile::exists(path));
    QCOMPARE(combo->count(), builtin_items);
    QVERIFY(combo->findData(QFileInfo(path).absoluteFilePath()) < 0);
    QVERIFY(panel.controller()->policy().origin == QStringLiteral("built-in"));
    QVERIFY(panel.userPolicies()->list().isEmpty());
    QVERIFY(!history.close());
  }

  void runs_browser_opens_and_deletes_stored_runs() {
    ChatStore history;
    QVERIFY(!history.open(dir_.filePath(QStringLiteral("runs/history.sqlite"))));
    ModerationStore store(history);
    const QString csv_a = write_csv(dir_.filePath(QStringLiteral("runs/a.csv")), 7, 0);
    const QString csv_b = write_csv(dir_.filePath(QStringLiteral("runs/b.csv")), 5, 3);
    QVERIFY(!csv_a.isEmpty() && !csv_b.isEmpty());

    QList<ModerationRowResult> shown_a;
    QString metrics_a, tp_a, fp_a;
    double threshold_a = 0;
    qint64 id_a = 0;
    {
      ModerationPanel panel(nullptr, &history);
      panel.controller()->setBatchSize(3);
      panel.setModelPath(model_dir());
      QVERIFY(panel.setPolicy(QStringLiteral("binary")));
      auto* runs = panel.findChild<QTableWidget*>(QStringLiteral("runsTable"));
      QCOMPARE(runs->rowCount(), 0);
      panel.setThreshold(0.25);
      QCOMPARE(open_and_wait(panel, csv_a), QString());
      QSignalSpy finished(panel.controller(), &ModerationController::batchFinished);
      panel.findChild<QPushButton*>(QStringLiteral("runButton"))->click();
      QVERIFY(finished.wait(60000));
      QCOMPARE(finished.at(0).at(1).toString(), QString());
      id_a = panel.controller()->runId();
      shown_a = panel.controller()->results()->rows();
      metrics_a = panel.findChild<QLabel*>(QStringLiteral("metricsLabel"))->text();
      tp_a = panel.findChild<QLabel*>(QStringLiteral("cmTp"))->text();
      fp_a = panel.findChild<QLabel*>(QStringLiteral("cmFp"))->text();
      threshold_a = panel.threshold();
      QCOMPARE(runs->rowCount(), 1);
      // A second run replaces what the table shows.
      panel.setThreshold(0.75);
      QCOMPARE(open_and_wait(panel, csv_b), QString());
      finished.clear();
      panel.findChild<QPushButton*>(QStringLiteral("runButton"))->click();
      QVERIFY(finished.wait(60000));
      QCOMPARE(runs->rowCount(), 2);
    }

    // A new panel (the app restarted) lists both, newest first, as the store has them.
    auto stored_runs = store.runs();
    QVERIFY(stored_runs);
    QCOMPARE(stored_runs->size(), 2);
    ModerationPanel panel(nullptr, &history);
    auto* runs = panel.findChild<QTableWidget*>(QStringLiteral("runsTable"));
    QCOMPARE(runs->rowCount(), 2);
    for (int r = 0; r < 2; ++r) {
      const ModerationRun& run = (*stored_runs)[r];
      QCOMPARE(runs->item(r, 0)->data(Qt::UserRole).toLongLong(), run.id);
      QCOMPARE(runs->item(r, 1)->text(), run.model);
      QCOMPARE(runs->item(r, 2)->text(), run.policy);
      QCOMPARE(runs->item(r, 3)->text(), QString::number(run.threshold, 'f', 3));
      QCOMPARE(runs->item(r, 4)->text(), QString::number(run.total_rows));
      QCOMPARE(runs->item(r, 5)->text(), QStringLiteral("%1 / %2").arg(run.done_rows).arg(run.total_rows));
    }
    QCOMPARE((*stored_runs)[1].id, id_a);
    QCOMPARE((*stored_runs)[1].threshold, threshold_a);

    // Open run A (no model: nothing can run, it only reads the store).
    runs->selectRow(1);
    auto* open = panel.findChild<QPushButton*>(QStringLiteral("openRunButton"));
    QVERIFY(open->isEnabled());
    QSignalSpy busy(panel.controller(), &ModerationController::busyChanged);
    open->click();
    QVERIFY(busy.isEmpty());   // nothing was sent to the worker
    QCOMPARE(panel.controller()->runId(), id_a);
    const auto stored_rows = store.results(id_a, panel.controller()->policy().labels);
    QVERIFY(stored_rows);
    const QList<ModerationRowResult>& rows = panel.controller()->results()->rows();
    QCOMPARE(rows.size(), stored_rows->size());
    QCOMPARE(rows.size(), shown_a.size());
    for (int i = 0; i < rows.size(); ++i) {
      QCOMPARE(rows[i].row, (*stored_rows)[i].row);
      QCOMPARE(rows[i].text, (*stored_rows)[i].text);
      QCOMPARE(rows[i].label, (*stored_rows)[i].label);
      QCOMPARE(rows[i].p_unsafe, (*stored_rows)[i].p_unsafe);
      QCOMPARE(rows[i].probs, (*stored_rows)[i].probs);
      QCOMPARE(rows[i].top, (*stored_rows)[i].top);
      // ... which are what the run showed when it ran.
      QCOMPARE(rows[i].text, shown_a[i].text);
      QCOMPARE(rows[i].p_unsafe, shown_a[i].p_unsafe);
      QCOMPARE(rows[i].probs, shown_a[i].probs);
      QCOMPARE(rows[i].top, shown_a[i].top);
      QCOMPARE(rows[i].truth, shown_a[i].truth);
    }
    QCOMPARE(panel.threshold(), threshold_a);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("metricsLabel"))->text(), metrics_a);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("cmTp"))->text(), tp_a);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("cmFp"))->text(), fp_a);
    QCOMPARE(panel.findChild<QTableView*>(QStringLiteral("resultsTable"))->model()->rowCount(), rows.size());

    // Delete run A: cancelled, then confirmed; the store no longer has it or its rows.
    runs->selectRow(1);
    auto* del = panel.findChild<QPushButton*>(QStringLiteral("deleteRunButton"));
    answer_next_question(QMessageBox::No);
    del->click();
    QCOMPARE(store.runs()->size(), 2);
    answer_next_question(QMessageBox::Yes);
    del->click();
    QCOMPARE(store.runs()->size(), 1);
    QVERIFY(!store.run(id_a));
    QCOMPARE(*store.result_count(id_a), 0);
    QCOMPARE(runs->rowCount(), 1);
    QVERIFY(runs->item(0, 0)->data(Qt::UserRole).toLongLong() != id_a);
    QCOMPARE(panel.controller()->runId(), 0);
    // Saving the threshold now writes to no run.
    panel.findChild<QPushButton*>(QStringLiteral("saveThresholdButton"))->click();
    QCOMPARE(store.runs()->size(), 1);
    QVERIFY(!history.close());
  }
};

QTEST_MAIN(TestPolicyEditor)
#include "test_policy_editor.moc"
