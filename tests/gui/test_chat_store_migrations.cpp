// Schema migrations: every earlier version opens and reaches the current schema with its data
// intact. Version 0 is an empty or missing file; version 1 is a database written by Python's
// sqlite3 module (tools/make_gui_fixtures.py), whose expected contents are in
// chat_store_v1.expected.json. A migrated database must have exactly the schema of a new one.
// The framework itself: a failing step rolls back, gaps and newer files are refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/core/chat_store.h"
#include "gui/core/preset_store.h"
#include "gui/core/schema_migrations.h"
#include "gui_test_util.h"

using namespace tramontane::gui;
using gui_test::RawDb;

class TestChatStoreMigrations : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  int n_ = 0;
  QString fresh_path() { return dir_.filePath(QStringLiteral("m%1.sqlite").arg(++n_)); }

  QStringList fresh_fingerprint() {
    const QString path = fresh_path();
    {
      ChatStore store;
      if (store.open(path)) return {QStringLiteral("open failed")};
    }
    RawDb raw(path);
    return gui_test::schema_fingerprint(raw);
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void every_earlier_version_migrates_data() {
    QTest::addColumn<QString>("source");   // "" = no file, "empty" = 0-byte file, else a fixture
    QTest::addColumn<int>("version");
    QTest::newRow("v0 missing file") << QString() << 0;
    QTest::newRow("v0 empty file") << QStringLiteral("empty") << 0;
    QTest::newRow("v1 python sqlite3") << QStringLiteral("gui/chat_store_v1.sqlite") << 1;
  }
  void every_earlier_version_migrates() {
    QFETCH(QString, source);
    QFETCH(int, version);
    const QString path = fresh_path();
    if (source == QLatin1String("empty")) {
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
    } else if (!source.isEmpty()) {
      QVERIFY(QFile::copy(gui_test::fixture(source), path));
      QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
      RawDb raw(path);
      QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), version);
    }
    {
      ChatStore store;
      const auto err = store.open(path);
      QVERIFY2(!err, err ? qPrintable(*err) : "");
    }
    RawDb raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), current_schema_version());
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QCOMPARE(raw.rows(QStringLiteral("PRAGMA foreign_key_check")), QStringList{});
    QCOMPARE(gui_test::schema_fingerprint(raw), fresh_fingerprint());
  }

  void v1_fixture_reads_back() {
    const QJsonObject expected = QJsonDocument::fromJson(
        gui_test::read_file(gui_test::fixture(QStringLiteral("gui/chat_store_v1.expected.json")))).object();
    QCOMPARE(expected.value(QStringLiteral("schema_version")).toInt(), 1);
    const QString path = fresh_path();
    QVERIFY(QFile::copy(gui_test::fixture(QStringLiteral("gui/chat_store_v1.sqlite")), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    ChatStore store;
    QVERIFY(!store.open(path));

    int live = 0;
    for (const QJsonValue& cv : expected.value(QStringLiteral("conversations")).toArray()) {
      const QJsonObject ce = cv.toObject();
      const qint64 id = ce.value(QStringLiteral("id")).toInteger();
      const Conversation c = must(store.conversation(id));
      QCOMPARE(c.title, ce.value(QStringLiteral("title")).toString());
      QCOMPARE(c.created_at, ce.value(QStringLiteral("created_at")).toInteger());
      QCOMPARE(c.updated_at, ce.value(QStringLiteral("updated_at")).toInteger());
      QCOMPARE(c.pinned, ce.value(QStringLiteral("pinned")).toBool());
      QCOMPARE(c.deleted_at.has_value(), ce.value(QStringLiteral("deleted")).toBool());
      QCOMPARE(c.preset_id, ce.value(QStringLiteral("preset_id")).toString());
      QCOMPARE(c.model, ce.value(QStringLiteral("model")).toString());
      QCOMPARE(c.current_leaf_id, std::optional<qint64>(ce.value(QStringLiteral("current_leaf")).toInteger()));
      live += c.deleted_at ? 0 : 1;
      const QList<Message> messages = must(store.messages(id));
      const QJsonArray me = ce.value(QStringLiteral("messages")).toArray();
      QCOMPARE(messages.size(), me.size());
      for (int i = 0; i < me.size(); ++i) {
        const QJsonObject e = me.at(i).toObject();
        const Message& m = messages.at(i);
        QCOMPARE(m.id, e.value(QStringLiteral("id")).toInteger());
        QCOMPARE(m.parent_id.has_value(), !e.value(QStringLiteral("parent")).isNull());
        if (m.parent_id) QCOMPARE(*m.parent_id, e.value(QStringLiteral("parent")).toInteger());
        QCOMPARE(role_code(m.role), e.value(QStringLiteral("role")).toString());
        QCOMPARE(m.content, e.value(QStringLiteral("content")).toString());
        QCOMPARE(m.created_at, e.value(QStringLiteral("created_at")).toInteger());
        QCOMPARE(m.streaming, e.value(QStringLiteral("streaming")).toBool());
        QCOMPARE(m.model, e.value(QStringLiteral("model")).toString());
        QCOMPARE(m.preset_id, e.value(QStringLiteral("preset_id")).toString());
        QCOMPARE(m.sampling, e.value(QStringLiteral("sampling")).toObject());
        QCOMPARE(m.adapters, e.value(QStringLiteral("adapters")).toArray());
        QCOMPARE(m.prompt_tokens.has_value(), !e.value(QStringLiteral("prompt_tokens")).isNull());
        if (m.prompt_tokens) QCOMPARE(*m.prompt_tokens, e.value(QStringLiteral("prompt_tokens")).toInteger());
        QCOMPARE(m.completion_tokens.has_value(), !e.value(QStringLiteral("completion_tokens")).isNull());
        if (m.completion_tokens) QCOMPARE(*m.completion_tokens, e.value(QStringLiteral("completion_tokens")).toInteger());
        QCOMPARE(stop_reason_code(m.stop_reason), e.value(QStringLiteral("stop_reason")).toString());
        QCOMPARE(m.moderation.has_value(), !e.value(QStringLiteral("moderation")).isNull());
        if (m.moderation) QCOMPARE(*m.moderation, e.value(QStringLiteral("moderation")).toObject());
      }
    }
    QCOMPARE(store.conversations()->size(), live);
    // The branch shown in conversation 1 is the edited one (leaf 6), through message 5.
    QList<qint64> path_ids;
    for (const Message& m : must(store.active_path(1))) path_ids.append(m.id);
    QCOMPARE(path_ids, (QList<qint64>{1, 2, 5, 6}));
    // The FTS index written by Python's sqlite3 works for our search.
    const auto hits = must(store.search(QStringLiteral("rolling buffer")));
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.at(0).message_id, 3);
    QCOMPARE(store.search(QStringLiteral("简短回答"))->size(), 1);
    QCOMPARE(store.search(QStringLiteral("deleted conversation"))->size(), 0);
    // The answer left streaming by the old session is recovered as interrupted.
    QCOMPARE(must(store.recover_interrupted()), 1);
    QCOMPARE(store.message(6)->stop_reason, StopReason::Interrupted);
    // User presets come through.
    PresetStore presets(store);
    const QJsonObject pe = expected.value(QStringLiteral("user_presets")).toArray().at(0).toObject();
    const Preset p = must(presets.preset(pe.value(QStringLiteral("id")).toString()));
    QCOMPARE(p.name, pe.value(QStringLiteral("name")).toString());
    QCOMPARE(p.text, pe.value(QStringLiteral("text")).toString());
    QVERIFY(!p.builtin);
    // And it takes new data.
    const qint64 u = must(store.add_user_message(2, QStringLiteral("after migration")));
    QCOMPARE(store.message(u)->parent_id, std::optional<qint64>(7));
  }

  // Version 2 (batch moderation runs): a version-1 verdict on a message keeps its data and becomes
  // kind 'message'; batch runs and their rows (moderation_results) can be stored and go together.
  void v1_moderation_runs_migrate_to_v2() {
    const QString path = fresh_path();
    RawDb raw(path);
    QVERIFY(!migrate_schema(raw.db(), path, {schema_migrations().at(0)}));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO conversations (id, title, created_at, updated_at) VALUES (1, 'c', 1, 1)")));
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO messages (id, conversation_id, role, content, created_at, updated_at) "
                                    "VALUES (1, 1, 'user', 'hi', 1, 1)")));
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO moderation_runs (id, message_id, created_at, model, policy, input_text, "
                                    "verdict, scores) VALUES (7, 1, 5, 'm', 'mistral13', 'hi', 'safe', '{\"safe\": 0.9}')")));
    QVERIFY(!migrate_schema(raw.db(), path, schema_migrations()));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), current_schema_version());
    QVERIFY(current_schema_version() >= 2);
    QCOMPARE(raw.rows(QStringLiteral("SELECT id, message_id, created_at, model, policy, input_text, verdict, scores, kind, "
                                     "threshold IS NULL, source, total_rows, done_rows, finished_at IS NULL "
                                     "FROM moderation_runs")),
             QStringList{QStringLiteral("7|1|5|m|mistral13|hi|safe|{\"safe\": 0.9}|message|1||0|0|1")});
    // A batch run with rows; the rows go with the run, and bad values are refused.
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO moderation_runs (id, kind, created_at, model, policy, input_text, verdict, "
                                    "threshold, source, total_rows) VALUES (8, 'batch', 6, 'm', 'binary', '', '', 0.4, 'x.csv', 2)")));
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO moderation_results (run_id, row, text, p_unsafe, probs) "
                                    "VALUES (8, 1, 't', 0.3, '{\"unsafe\": 0.3}')")));
    QVERIFY(!raw.exec(QStringLiteral("INSERT INTO moderation_runs (kind, created_at, model, policy, input_text, verdict) "
                                     "VALUES ('other', 6, 'm', 'p', '', '')")));
    QVERIFY(!raw.exec(QStringLiteral("INSERT INTO moderation_results (run_id, row, probs) VALUES (8, 2, 'not json')")));
    QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
    QVERIFY(raw.exec(QStringLiteral("DELETE FROM moderation_runs WHERE id = 8")));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM moderation_results")).toInt(), 0);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
  }

  void failed_step_rolls_back() {
    const QString path = fresh_path();
    RawDb raw(path);
    const std::vector<SchemaMigration> steps = {
        {1, {QStringLiteral("CREATE TABLE t1 (x)")}},
        {2, {QStringLiteral("CREATE TABLE t2 (x)"), QStringLiteral("INSERT INTO t1 VALUES (1)"),
             QStringLiteral("THIS IS NOT SQL")}},
    };
    const auto err = migrate_schema(raw.db(), path, steps);
    QVERIFY(err);
    QVERIFY2(err->contains(path) && err->contains(QStringLiteral("version 2")), qPrintable(*err));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 't2'")).toInt(), 0);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM t1")).toInt(), 0);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    // Fixed step 2 applies on the next run, from version 1.
    const std::vector<SchemaMigration> fixed = {steps[0], {2, {QStringLiteral("CREATE TABLE t2 (x)")}}};
    QVERIFY(!migrate_schema(raw.db(), path, fixed));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 2);
  }

  void step_breaking_foreign_keys_rolls_back() {
    const QString path = fresh_path();
    RawDb raw(path);
    const std::vector<SchemaMigration> steps = {
        {1, {QStringLiteral("CREATE TABLE parent (id INTEGER PRIMARY KEY)"),
             QStringLiteral("CREATE TABLE child (p INTEGER REFERENCES parent(id))"),
             QStringLiteral("INSERT INTO child VALUES (5)")}},
    };
    const auto err = migrate_schema(raw.db(), path, steps);
    QVERIFY(err);
    QVERIFY2(err->contains(QStringLiteral("foreign key")), qPrintable(*err));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 0);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt(), 0);
  }

  void gaps_and_newer_versions_are_refused() {
    {
      const QString path = fresh_path();
      RawDb raw(path);
      const std::vector<SchemaMigration> gap = {{1, {QStringLiteral("CREATE TABLE a (x)")}},
                                                {3, {QStringLiteral("CREATE TABLE b (x)")}}};
      const auto err = migrate_schema(raw.db(), path, gap);
      QVERIFY(err);
      QVERIFY2(err->contains(QStringLiteral("from schema version 1 to 3")), qPrintable(*err));
      QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    }
    {
      const QString path = fresh_path();
      RawDb raw(path);
      QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(current_schema_version() + 1)));
      const auto err = migrate_schema(raw.db(), path, schema_migrations());
      QVERIFY(err);
      QVERIFY2(err->contains(QStringLiteral("newer")), qPrintable(*err));
    }
  }

  void released_steps_are_numbered_in_order() {
    const auto& steps = schema_migrations();
    QVERIFY(!steps.empty());
    for (size_t i = 0; i < steps.size(); ++i) QCOMPARE(steps[i].to_version, static_cast<int>(i) + 1);
  }
};

QTEST_GUILESS_MAIN(TestChatStoreMigrations)
#include "test_chat_store_migrations.moc"
