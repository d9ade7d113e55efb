// PresetStore: the built-in guardrail presets with their exact published texts, user presets
// (create, edit, duplicate, delete, unique names), JSON export/import with validation, and the
// preset recorded with a conversation and with each answer it produced.
// The Llama 2 text is compared with transformers' DEFAULT_SYSTEM_PROMPT (fixture written by
// tools/make_gui_fixtures.py); the Mistral text is the one in Mistral's guardrailing docs.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/core/chat_store.h"
#include "gui/core/preset_store.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

const QString kMistralGuardrail = QStringLiteral(
    "Always assist with care, respect, and truth. Respond with utmost utility yet securely. Avoid "
    "harmful, unethical, prejudiced, or negative content. Ensure replies promote fairness and positivity.");

}  // namespace

class TestPresetStore : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  int n_ = 0;
  QString fresh_path() { return dir_.filePath(QStringLiteral("p%1.sqlite").arg(++n_)); }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void builtin_presets_have_the_published_texts() {
    const QList<Preset> builtin = must(PresetStore::builtin_presets());
    QCOMPARE(builtin.size(), 3);
    QCOMPARE(builtin[0].id, QStringLiteral("none"));
    QCOMPARE(builtin[0].name, QStringLiteral("None"));
    QCOMPARE(builtin[0].text, QString());
    QCOMPARE(builtin[1].id, QStringLiteral("mistral-guardrail"));
    QCOMPARE(builtin[1].name, QStringLiteral("Mistral guardrail"));
    QCOMPARE(builtin[1].text, kMistralGuardrail);
    QCOMPARE(builtin[2].id, QStringLiteral("llama2-safety"));
    QCOMPARE(builtin[2].name, QStringLiteral("Llama 2 safety prompt"));
    const QString llama2 = QString::fromUtf8(
        gui_test::read_file(gui_test::fixture(QStringLiteral("gui/llama2_default_system_prompt.txt"))));
    QVERIFY(llama2.startsWith(QStringLiteral("You are a helpful, respectful and honest assistant.")));
    QCOMPARE(builtin[2].text, llama2);
    for (const Preset& p : builtin) QVERIFY(p.builtin);
  }

  void user_presets_create_edit_duplicate_delete() {
    ChatStore chat;
    QVERIFY(!chat.open(fresh_path()));
    PresetStore store(chat);
    QCOMPARE(store.presets()->size(), 3);

    const Preset pirate = must(store.create(QStringLiteral("Pirate"), QStringLiteral("Answer like a pirate.")));
    QVERIFY(pirate.id.startsWith(QStringLiteral("user-")));
    QVERIFY(!pirate.builtin);
    QCOMPARE(must(store.preset(pirate.id)), pirate);
    const Preset brief = must(store.create(QStringLiteral("brief"), QStringLiteral("Be brief.")));
    QList<QString> names;
    for (const Preset& p : must(store.presets())) names.append(p.name);
    QCOMPARE(names, (QList<QString>{QStringLiteral("None"), QStringLiteral("Mistral guardrail"),
                                    QStringLiteral("Llama 2 safety prompt"), QStringLiteral("brief"),
                                    QStringLiteral("Pirate")}));

    // Names are unique (case-insensitive), non-empty and bounded; texts bounded.
    QVERIFY(!store.create(QStringLiteral("pirate"), QStringLiteral("x")));
    QVERIFY(!store.create(QStringLiteral("mistral GUARDRAIL"), QStringLiteral("x")));
    QVERIFY(!store.create(QStringLiteral("   "), QStringLiteral("x")));
    QVERIFY(!store.create(QString(PresetStore::kMaxNameChars + 1, QLatin1Char('n')), QStringLiteral("x")));
    QVERIFY(!store.create(QStringLiteral("long"), QString(PresetStore::kMaxTextChars + 1, QLatin1Char('t'))));

    QVERIFY(!store.update(pirate.id, QStringLiteral("Pirate"), QStringLiteral("Arr.")));   // same name ok
    QCOMPARE(store.preset(pirate.id)->text, QStringLiteral("Arr."));
    QVERIFY(store.update(pirate.id, QStringLiteral("Brief"), QStringLiteral("x")));       // taken
    QVERIFY(store.update(QStringLiteral("mistral-guardrail"), QStringLiteral("M"), QStringLiteral("x")));
    QVERIFY(store.update(QStringLiteral("user-missing"), QStringLiteral("M"), QStringLiteral("x")));

    const Preset copy = must(store.duplicate(QStringLiteral("llama2-safety")));
    QCOMPARE(copy.name, QStringLiteral("Llama 2 safety prompt (copy)"));
    QCOMPARE(copy.text, store.preset(QStringLiteral("llama2-safety"))->text);
    QVERIFY(!copy.builtin);
    const Preset copy2 = must(store.duplicate(QStringLiteral("llama2-safety")));
    QCOMPARE(copy2.name, QStringLiteral("Llama 2 safety prompt (copy) (2)"));

    QVERIFY(store.remove(QStringLiteral("none")));   // built-in
    QVERIFY(!store.remove(brief.id));
    QVERIFY(!store.preset(brief.id));
    QVERIFY(store.remove(brief.id));
    QCOMPARE(store.presets()->size(), 3 + 3);
  }

  void export_import_round_trip() {
    ChatStore chat;
    QVERIFY(!chat.open(fresh_path()));
    PresetStore store(chat);
    const Preset a = must(store.create(QStringLiteral("Älpha ✓"), QStringLiteral("line 1\nline 2 \"quoted\"")));
    const QByteArray json = must(store.export_json({a.id, QStringLiteral("mistral-guardrail")}));
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("tramontane-presets"));
    QCOMPARE(root.value(QStringLiteral("presets")).toArray().size(), 2);

    ChatStore other_chat;
    QVERIFY(!other_chat.open(fresh_path()));
    PresetStore other(other_chat);
    const QList<Preset> imported = must(other.import_json(json, QStringLiteral("presets.json")));
    QCOMPARE(imported.size(), 2);
    QCOMPARE(imported[0].name, a.name);
    QCOMPARE(imported[0].text, a.text);
    // The built-in name is taken, so the imported copy gets a free one.
    QCOMPARE(imported[1].name, QStringLiteral("Mistral guardrail (2)"));
    QCOMPARE(imported[1].text, kMistralGuardrail);
    // Importing again renames every preset.
    const QList<Preset> again = must(other.import_json(json, QStringLiteral("presets.json")));
    QCOMPARE(again[0].name, a.name + QStringLiteral(" (2)"));
    QCOMPARE(again[1].name, QStringLiteral("Mistral guardrail (3)"));
    // A single shipped preset file imports too.
    const QByteArray single = gui_test::read_file(QStringLiteral(":/presets/llama2_safety.json"));
    QVERIFY(!single.isEmpty());
    const QList<Preset> one = must(other.import_json(single, QStringLiteral("llama2_safety.json")));
    QCOMPARE(one.size(), 1);
    QCOMPARE(one[0].text, other.preset(QStringLiteral("llama2-safety"))->text);
  }

  void import_rejects_bad_files_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expect");
    QTest::newRow("not json") << QByteArray("{") << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << "not a Tramontane preset file";
    QTest::newRow("format") << QByteArray(R"({"format":"x","version":1,"presets":[]})") << "not a Tramontane preset file";
    QTest::newRow("version") << QByteArray(R"({"format":"tramontane-presets","version":9,"presets":[]})") << "version";
    // Two names that differ only in an unpaired surrogate (found by fuzz_presets): SQLite would
    // store them alike.
    QTest::newRow("unpaired surrogate")
        << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":[{"name":"x\ud800","text":""},{"name":"x\udc00","text":""}]})")
        << "unpaired surrogate";
    QTest::newRow("presets type") << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":{}})") << "'presets'";
    QTest::newRow("item type") << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":[3]})") << "preset 1";
    QTest::newRow("name type") << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":[{"name":1,"text":""}]})") << "'name'";
    QTest::newRow("text missing") << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":[{"name":"a","text":"b"},{"name":"c"}]})") << "preset 2";
    QTest::newRow("empty name") << QByteArray(R"({"format":"tramontane-presets","version":1,"presets":[{"name":" ","text":""}]})") << "name";
    QTest::newRow("too big") << QByteArray(PresetStore::kMaxImportBytes + 1, ' ') << "larger than";
    QByteArray many = R"({"format":"tramontane-presets","version":1,"presets":[)";
    for (int i = 0; i <= PresetStore::kMaxImportPresets; ++i) many += (i ? "," : "") + QByteArray(R"({"name":"n","text":"t"})");
    QTest::newRow("too many") << many + "]}" << "more than";
  }
  void import_rejects_bad_files() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expect);
    ChatStore chat;
    QVERIFY(!chat.open(fresh_path()));
    PresetStore store(chat);
    const auto r = store.import_json(json, QStringLiteral("bad.json"));
    QVERIFY(!r);
    QVERIFY2(r.error().contains(QStringLiteral("bad.json")) && r.error().contains(expect), qPrintable(r.error()));
    QCOMPARE(store.presets()->size(), 3);   // nothing added
  }

  void import_from_file() {
    ChatStore chat;
    QVERIFY(!chat.open(fresh_path()));
    PresetStore store(chat);
    const QString file = dir_.filePath(QStringLiteral("presets-%1.json").arg(++n_));
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(must(store.export_json({QStringLiteral("llama2-safety")})));
    }
    QCOMPARE(must(store.import_json_file(file)).size(), 1);
    const QString big = dir_.filePath(QStringLiteral("big-%1.json").arg(++n_));
    {
      QFile f(big);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QVERIFY(f.resize(PresetStore::kMaxImportBytes + 1));
    }
    const auto r = store.import_json_file(big);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(big) && r.error().contains(QStringLiteral("larger than")), qPrintable(r.error()));
    QVERIFY(!store.import_json_file(dir_.filePath(QStringLiteral("missing.json"))).ok());
    QCOMPARE(must(store.presets()).size(), 4);
  }

  void preset_is_stored_with_conversation_and_answer() {
    ChatStore chat;
    QVERIFY(!chat.open(fresh_path()));
    PresetStore presets(chat);
    const Preset guard = must(presets.preset(QStringLiteral("mistral-guardrail")));
    const qint64 conv = must(chat.create_conversation(QStringLiteral("c"), guard.id));
    QCOMPARE(chat.conversation(conv)->preset_id, guard.id);
    const qint64 u = must(chat.add_user_message(conv, QStringLiteral("q")));
    GenerationInfo info;
    info.preset_id = guard.id;
    info.preset_name = guard.name;
    info.preset_text = guard.text;
    const qint64 a = must(chat.begin_assistant_message(u, info));
    QVERIFY(!chat.finish_assistant_message(a, QStringLiteral("ok"), StopReason::EndOfText));
    // A user preset used for an answer, then edited and deleted: the answer keeps what was used.
    const Preset mine = must(presets.create(QStringLiteral("Mine"), QStringLiteral("v1")));
    QVERIFY(!chat.set_conversation_preset(conv, mine.id));
    const qint64 u2 = must(chat.add_user_message(conv, QStringLiteral("q2")));
    info.preset_id = mine.id;
    info.preset_name = mine.name;
    info.preset_text = mine.text;
    const qint64 a2 = must(chat.begin_assistant_message(u2, info));
    QVERIFY(!chat.finish_assistant_message(a2, QStringLiteral("ok"), StopReason::EndOfText));
    QVERIFY(!presets.update(mine.id, QStringLiteral("Mine"), QStringLiteral("v2")));
    QVERIFY(!presets.remove(mine.id));
    QCOMPARE(chat.conversation(conv)->preset_id, mine.id);
    const Message m1 = must(chat.message(a));
    QCOMPARE(m1.preset_id, guard.id);
    QCOMPARE(m1.preset_text, kMistralGuardrail);
    const Message m2 = must(chat.message(a2));
    QCOMPARE(m2.preset_id, mine.id);
    QCOMPARE(m2.preset_name, QStringLiteral("Mine"));
    QCOMPARE(m2.preset_text, QStringLiteral("v1"));
  }
};

QTEST_GUILESS_MAIN(TestPresetStore)
#include "test_preset_store.moc"
