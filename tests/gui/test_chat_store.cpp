// ChatStore on temporary databases: opening and pragmas, conversations, message branches,
// throttled streaming commits, crash recovery, search, export/import round trip, hostile
// imports, and the one-connection-per-thread rule. What is on disk is read back through a raw
// connection of its own (gui_test::RawDb), not through the store.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "gui/core/chat_json.h"
#include "gui/core/chat_store.h"
#include "gui/core/schema_migrations.h"
#include "gui_test_util.h"

using namespace tramontane::gui;
using gui_test::FakeClock;
using gui_test::RawDb;

namespace {

GenerationInfo sample_info() {
  GenerationInfo info;
  info.model = QStringLiteral("mistral-7b-instruct-v0.2.Q4_K_M.gguf");
  info.adapters = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("pirate")},
                                         {QStringLiteral("path"), QStringLiteral("/a/pirate")},
                                         {QStringLiteral("scale"), 0.75},
                                         {QStringLiteral("enabled"), true}}};
  info.preset_id = QStringLiteral("mistral-guardrail");
  info.preset_name = QStringLiteral("Mistral guardrail");
  info.preset_text = QStringLiteral("Always assist with care, respect, and truth.");
  info.sampling = QJsonObject{{QStringLiteral("temperature"), 0.7}, {QStringLiteral("top_p"), 0.95},
                              {QStringLiteral("seed"), 1234}};
  info.prompt_tokens = 321;
  return info;
}

// Conversations of an export with the volatile "exported_at" dropped.
QJsonArray exported_conversations(const QByteArray& json) {
  return QJsonDocument::fromJson(json).object().value(QStringLiteral("conversations")).toArray();
}

}  // namespace

class TestChatStore : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  int n_ = 0;
  QString fresh_path() { return dir_.filePath(QStringLiteral("db%1/history.sqlite").arg(++n_)); }

  // A conversation with a user turn, an answer, a second turn and an edited second turn.
  struct Tree { qint64 conv, u1, a1, u2, a2, u2b, a2b; };
  Tree make_tree(ChatStore& store) {
    Tree t{};
    t.conv = must(store.create_conversation(QStringLiteral("Tree"), QStringLiteral("mistral-guardrail")));
    t.u1 = must(store.add_user_message(t.conv, QStringLiteral("What is a rolling buffer?")));
    t.a1 = must(store.begin_assistant_message(t.u1, sample_info()));
    [&] { QVERIFY(!store.finish_assistant_message(t.a1, QStringLiteral("A ring of W slots."), StopReason::EndOfText, 6)); }();
    t.u2 = must(store.add_user_message(t.conv, QStringLiteral("Show slot arithmetic")));
    t.a2 = must(store.begin_assistant_message(t.u2, sample_info()));
    [&] { QVERIFY(!store.finish_assistant_message(t.a2, QStringLiteral("slot = pos mod W"), StopReason::Stopped)); }();
    t.u2b = must(store.edit_user_message(t.u2, QStringLiteral("Show slot arithmetic with W = 4")));
    t.a2b = must(store.begin_assistant_message(t.u2b, sample_info()));
    [&] { QVERIFY(!store.finish_assistant_message(t.a2b, QStringLiteral("pos 5 -> slot 1"), StopReason::MaxTokens, 4)); }();
    return t;
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void open_sets_pragmas_and_schema() {
    const QString path = fresh_path();   // the folder does not exist yet
    ChatStore store;
    QVERIFY2(!store.open(path), "open failed");
    QVERIFY(QFile::exists(path));
    QSqlQuery q(store.connection());
    auto pragma = [&](const char* name) {
      q.exec(QStringLiteral("PRAGMA %1").arg(QLatin1String(name)));
      q.next();
      return q.value(0).toString();
    };
    QCOMPARE(pragma("journal_mode"), QStringLiteral("wal"));
    QCOMPARE(pragma("synchronous"), QStringLiteral("2"));   // FULL
    QCOMPARE(pragma("foreign_keys"), QStringLiteral("1"));
    QCOMPARE(pragma("user_version").toInt(), current_schema_version());
    q.finish();
    RawDb raw(path);
    for (const char* table : {"conversations", "messages", "presets", "adapters", "moderation_runs", "messages_fts"}) {
      QVERIFY2(raw.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = ?"),
                          {QString::fromLatin1(table)}).toInt() == 1, table);
    }
  }

  void open_rejects_bad_files() {
    {
      const QString path = fresh_path();
      QDir().mkpath(QFileInfo(path).absolutePath());
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(QByteArray(4096, 'x'));
      f.close();
      ChatStore store;
      const auto err = store.open(path);
      QVERIFY(err);
      QVERIFY2(err->contains(path), qPrintable(*err));
      QVERIFY(!store.is_open());
    }
    {
      const QString path = fresh_path();
      QDir().mkpath(QFileInfo(path).absolutePath());
      { RawDb raw(path); QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99"))); }
      ChatStore store;
      const auto err = store.open(path);
      QVERIFY(err);
      QVERIFY2(err->contains(QStringLiteral("99")) && err->contains(QStringLiteral("newer")), qPrintable(*err));
    }
    {
      const QString path = fresh_path();
      QDir().mkpath(QFileInfo(path).absolutePath());
      { RawDb raw(path); QVERIFY(raw.exec(QStringLiteral("CREATE TABLE something_else (x)"))); }
      ChatStore store;
      const auto err = store.open(path);
      QVERIFY(err);
      QVERIFY2(err->contains(QStringLiteral("not a Tramontane history database")), qPrintable(*err));
      RawDb raw(path);   // untouched
      QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master")).toInt(), 1);
    }
  }

  void database_path_uses_data_dir() {
    QCOMPARE(ChatStore::database_path(QStringLiteral("/x/y")), QStringLiteral("/x/y/history.sqlite"));
    QVERIFY(ChatStore::database_path().endsWith(QStringLiteral("/history.sqlite")));
  }

  void conversations_crud_pin_delete_undo_purge() {
    ChatStore store;
    FakeClock wall;
    store.set_clocks(wall.fn(), nullptr);
    QVERIFY(!store.open(fresh_path()));
    const qint64 a = must(store.create_conversation(QStringLiteral("A"), QStringLiteral("none"), QStringLiteral("m1")));
    wall.now += 10;
    const qint64 b = must(store.create_conversation(QStringLiteral("B")));
    wall.now += 10;
    const qint64 c = must(store.create_conversation(QStringLiteral("C")));
    auto ids = [&] {
      QList<qint64> out;
      for (const Conversation& x : must(store.conversations())) out.append(x.id);
      return out;
    };
    QCOMPARE(ids(), (QList<qint64>{c, b, a}));          // newest first
    QVERIFY(!store.set_pinned(a, true));
    QCOMPARE(ids(), (QList<qint64>{a, c, b}));          // pinned first
    wall.now += 10;
    QVERIFY(store.add_user_message(b, QStringLiteral("hi")).ok());
    QCOMPARE(ids(), (QList<qint64>{a, b, c}));          // activity moves b up
    QVERIFY(!store.rename_conversation(c, QStringLiteral("C renamed")));
    QCOMPARE(store.conversation(c)->title, QStringLiteral("C renamed"));
    QCOMPARE(ids(), (QList<qint64>{a, b, c}));          // renaming is not activity
    QVERIFY(!store.set_conversation_preset(c, QStringLiteral("llama2-safety")));
    QVERIFY(!store.set_conversation_model(c, QStringLiteral("m2")));
    const Conversation cc = must(store.conversation(c));
    QCOMPARE(cc.preset_id, QStringLiteral("llama2-safety"));
    QCOMPARE(cc.model, QStringLiteral("m2"));
    QCOMPARE(store.conversation(a)->model, QStringLiteral("m1"));

    QVERIFY(!store.delete_conversation(b));
    QCOMPARE(ids(), (QList<qint64>{a, c}));
    QCOMPARE(store.deleted_conversations()->size(), 1);
    QVERIFY(store.delete_conversation(b));              // already deleted: error
    QVERIFY(!store.restore_conversation(b));            // undo
    QCOMPARE(ids(), (QList<qint64>{a, b, c}));
    QVERIFY(store.restore_conversation(b));             // not deleted: error

    QVERIFY(!store.delete_conversation(b));
    QCOMPARE(must(store.purge_deleted()), 1);
    QVERIFY(!store.conversation(b));
    RawDb raw(store.path());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = ?"), {b}).toInt(), 0);
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")));

    QVERIFY(store.rename_conversation(9999, QStringLiteral("x")));
    const auto too_long = store.create_conversation(QString(ChatStore::kMaxTitleChars + 1, QLatin1Char('t')));
    QVERIFY(!too_long);
    QVERIFY2(too_long.error().contains(store.path()), qPrintable(too_long.error()));
  }

  void branches_edit_and_resend() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const Tree t = make_tree(store);
    auto path_ids = [&] {
      QList<qint64> out;
      for (const Message& m : must(store.active_path(t.conv))) out.append(m.id);
      return out;
    };
    QCOMPARE(path_ids(), (QList<qint64>{t.u1, t.a1, t.u2b, t.a2b}));
    QCOMPARE(store.messages(t.conv)->size(), 6);        // the old branch is kept
    QCOMPARE(must(store.sibling_ids(t.u2)), (QList<qint64>{t.u2, t.u2b}));
    QCOMPARE(must(store.sibling_ids(t.u1)), (QList<qint64>{t.u1}));
    QCOMPARE(store.message(t.u2b)->parent_id, std::optional<qint64>(t.a1));

    QVERIFY(!store.select_branch(t.u2));                // back to the old branch
    QCOMPARE(path_ids(), (QList<qint64>{t.u1, t.a1, t.u2, t.a2}));
    QVERIFY(!store.select_branch(t.u1));                // newest descendants
    QCOMPARE(path_ids(), (QList<qint64>{t.u1, t.a1, t.u2b, t.a2b}));

    // A regenerated answer is a sibling of the first answer.
    const qint64 a1b = must(store.begin_assistant_message(t.u1, sample_info()));
    QVERIFY(!store.finish_assistant_message(a1b, QStringLiteral("again"), StopReason::EndOfText));
    QCOMPARE(must(store.sibling_ids(t.a1)), (QList<qint64>{t.a1, a1b}));
    QCOMPARE(path_ids(), (QList<qint64>{t.u1, a1b}));
    // The next user message follows the current leaf.
    const qint64 u3 = must(store.add_user_message(t.conv, QStringLiteral("third")));
    QCOMPARE(store.message(u3)->parent_id, std::optional<qint64>(a1b));

    // Stored fields of an answer.
    const Message a = must(store.message(t.a2b));
    const GenerationInfo info = sample_info();
    QCOMPARE(a.role, Role::Assistant);
    QCOMPARE(a.model, info.model);
    QCOMPARE(a.adapters, info.adapters);
    QCOMPARE(a.preset_id, info.preset_id);
    QCOMPARE(a.preset_name, info.preset_name);
    QCOMPARE(a.preset_text, info.preset_text);
    QCOMPARE(a.sampling, info.sampling);
    QCOMPARE(a.prompt_tokens, info.prompt_tokens);
    QCOMPARE(a.completion_tokens, std::optional<qint64>(4));
    QCOMPARE(a.stop_reason, StopReason::MaxTokens);
    QVERIFY(!a.streaming);

    QVERIFY(!store.edit_user_message(t.a1, QStringLiteral("x")).ok());        // not a user message
    QVERIFY(!store.begin_assistant_message(t.a1, sample_info()).ok());       // answers follow users
    QVERIFY(!store.add_user_message(9999, QStringLiteral("x")).ok());
    QVERIFY(!store.delete_conversation(t.conv));
    QVERIFY(!store.add_user_message(t.conv, QStringLiteral("x")).ok());       // deleted
    QVERIFY(!store.restore_conversation(t.conv));
    QVERIFY(!store.set_moderation(t.a1, QJsonObject{{QStringLiteral("label"), QStringLiteral("safe")}}));
    QCOMPARE(store.message(t.a1)->moderation->value(QStringLiteral("label")).toString(), QStringLiteral("safe"));
  }

  void user_message_is_on_disk_before_generation() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const qint64 conv = must(store.create_conversation(QStringLiteral("c")));
    const qint64 u = must(store.add_user_message(conv, QStringLiteral("committed now")));
    RawDb raw(store.path());   // another connection sees it: committed, not in an open transaction
    QCOMPARE(raw.scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {u}).toString(),
             QStringLiteral("committed now"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT current_leaf_id FROM conversations WHERE id = ?"), {conv}).toLongLong(), u);
  }

  void partial_answers_commit_at_most_every_interval() {
    ChatStore store;
    FakeClock steady;
    steady.now = 0;
    store.set_clocks(nullptr, steady.fn());
    QVERIFY(!store.open(fresh_path()));
    QCOMPARE(store.partial_commit_interval_ms(), ChatStore::kDefaultPartialCommitMs);
    const qint64 conv = must(store.create_conversation(QStringLiteral("c")));
    const qint64 u = must(store.add_user_message(conv, QStringLiteral("q")));
    const qint64 a = must(store.begin_assistant_message(u, sample_info()));
    RawDb raw(store.path());
    auto on_disk = [&] { return raw.scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {a}).toString(); };
    auto streaming = [&] { return raw.scalar(QStringLiteral("SELECT streaming FROM messages WHERE id = ?"), {a}).toInt(); };
    QCOMPARE(on_disk(), QString());
    QCOMPARE(streaming(), 1);

    // One token per 100 ms: the text reaches the disk when 1000 ms passed since the last commit.
    QString text;
    QString committed;
    for (int i = 1; i <= 35; ++i) {
      steady.now = i * 100;
      text += QStringLiteral("t%1 ").arg(i);
      QVERIFY(!store.update_partial(a, text, i));
      if (i % 10 == 0) committed = text;
      QCOMPARE(on_disk(), committed);
      // The promise: what is on disk is never more than 2 s of streaming behind.
      QVERIFY(steady.now - (committed.isEmpty() ? 0 : (committed.count(QLatin1Char(' ')) * 100)) <= 2000);
    }
    QCOMPARE(raw.scalar(QStringLiteral("SELECT completion_tokens FROM messages WHERE id = ?"), {a}).toInt(), 30);
    QVERIFY(!store.flush_partials());                   // on demand
    QCOMPARE(on_disk(), text);
    QVERIFY(!store.finish_assistant_message(a, text + QStringLiteral("end"), StopReason::Stopped));
    QCOMPARE(on_disk(), text + QStringLiteral("end"));
    QCOMPARE(streaming(), 0);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT stop_reason FROM messages WHERE id = ?"), {a}).toString(),
             QStringLiteral("stopped"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT completion_tokens FROM messages WHERE id = ?"), {a}).toInt(), 35);
    QVERIFY(store.update_partial(a, text));             // finished: no longer streaming
    QVERIFY(store.finish_assistant_message(a, text, StopReason::Stopped));

    // With an interval of 0 every call commits.
    store.set_partial_commit_interval_ms(0);
    const qint64 b = must(store.begin_assistant_message(u, sample_info()));
    QVERIFY(!store.update_partial(b, QStringLiteral("x")));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {b}).toString(), QStringLiteral("x"));
    QVERIFY(store.finish_assistant_message(b, QStringLiteral("x"), StopReason::None));   // needs a reason
  }

  void close_commits_streaming_answer_as_interrupted() {
    const QString path = fresh_path();
    qint64 a = 0;
    {
      ChatStore store;
      FakeClock steady;
      store.set_clocks(nullptr, steady.fn());
      QVERIFY(!store.open(path));
      const qint64 conv = must(store.create_conversation(QStringLiteral("c")));
      const qint64 u = must(store.add_user_message(conv, QStringLiteral("q")));
      a = must(store.begin_assistant_message(u, sample_info()));
      QVERIFY(!store.update_partial(a, QStringLiteral("partial answer"), 2));   // not yet committed
      QVERIFY(!store.close());
    }
    RawDb raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT content FROM messages WHERE id = ?"), {a}).toString(), QStringLiteral("partial answer"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT stop_reason FROM messages WHERE id = ?"), {a}).toString(), QStringLiteral("interrupted"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT streaming FROM messages WHERE id = ?"), {a}).toInt(), 0);
  }

  void recover_marks_crashed_answers_interrupted() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const qint64 conv = must(store.create_conversation(QStringLiteral("c")));
    const qint64 u = must(store.add_user_message(conv, QStringLiteral("q")));
    const qint64 mine = must(store.begin_assistant_message(u, sample_info()));
    qint64 crashed = 0;
    {
      // Another process crashed while streaming: a row left streaming = 1.
      RawDb raw(store.path());
      QVERIFY(raw.exec(QStringLiteral("INSERT INTO messages (conversation_id, parent_id, role, content, created_at, "
                                      "updated_at, streaming) VALUES (?, ?, 'assistant', 'half', 1, 1, 1)"), {conv, u}));
      crashed = raw.scalar(QStringLiteral("SELECT max(id) FROM messages")).toLongLong();
    }
    QCOMPARE(must(store.recover_interrupted()), 1);   // not the answer this store is writing
    QCOMPARE(store.message(crashed)->stop_reason, StopReason::Interrupted);
    QVERIFY(!store.message(crashed)->streaming);
    QVERIFY(store.message(mine)->streaming);
    QCOMPARE(must(store.recover_interrupted()), 0);
  }

  void search_finds_highlights_and_skips_deleted() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const qint64 c1 = must(store.create_conversation(QStringLiteral("Attention")));
    const qint64 m1 = must(store.add_user_message(c1, QStringLiteral("How does Sliding Window attention work in Mistral?")));
    const qint64 a1 = must(store.begin_assistant_message(m1, sample_info()));
    QVERIFY(!store.finish_assistant_message(a1, QStringLiteral("The sliding window limits attention to W <tokens>."), StopReason::EndOfText));
    const qint64 c2 = must(store.create_conversation(QStringLiteral("CJK")));
    const qint64 m2 = must(store.add_user_message(c2, QStringLiteral("请用中文解释滑动窗口注意力机制")));
    const qint64 c3 = must(store.create_conversation(QStringLiteral("Gone")));
    must(store.add_user_message(c3, QStringLiteral("sliding window in a deleted conversation")));
    QVERIFY(!store.delete_conversation(c3));

    auto hit_ids = [&](const QString& q) {
      QList<qint64> out;
      const auto hits = store.search(q);
      if (!hits) return QList<qint64>{-1};
      for (const SearchHit& h : *hits) out.append(h.message_id);
      std::sort(out.begin(), out.end());
      return out;
    };
    QCOMPARE(hit_ids(QStringLiteral("sliding window")), (QList<qint64>{m1, a1}));
    QCOMPARE(hit_ids(QStringLiteral("SLIDING")), (QList<qint64>{m1, a1}));           // case-insensitive
    QCOMPARE(hit_ids(QStringLiteral("indow")), (QList<qint64>{m1, a1}));             // substring
    QCOMPARE(hit_ids(QStringLiteral("Mistral sliding")), (QList<qint64>{m1}));       // all terms
    QCOMPARE(hit_ids(QStringLiteral("滑动窗口")), (QList<qint64>{m2}));               // CJK
    QCOMPARE(hit_ids(QStringLiteral("中文")), (QList<qint64>{m2}));                   // 2 chars: LIKE
    QCOMPARE(hit_ids(QStringLiteral("W")), (QList<qint64>{m1, a1}));                 // 1 char: LIKE
    QCOMPARE(hit_ids(QStringLiteral("W <tokens>")), (QList<qint64>{a1}));            // mixed
    QCOMPARE(hit_ids(QStringLiteral("nothing-like-this")), QList<qint64>{});
    QCOMPARE(hit_ids(QStringLiteral("   ")), QList<qint64>{});
    // FTS syntax in the query is taken literally, never an error.
    for (const char* q : {"\"", "\"sliding", "sli*", "AND", "NEAR(a b)", "a OR b", "col:x", "-x", "^x",
                          "(((", "%", "_", "\\", "'", "';DROP TABLE messages;--"}) {
      QVERIFY2(store.search(QString::fromUtf8(q)).ok(), q);
    }
    QCOMPARE(hit_ids(QStringLiteral("%")), QList<qint64>{});   // LIKE wildcards escaped

    const QList<SearchHit> hits = must(store.search(QStringLiteral("sliding W")));
    QCOMPARE(hits.size(), 2);
    for (const SearchHit& h : hits) {
      QVERIFY(!h.highlights.isEmpty());
      bool saw_sliding = false;
      for (const auto& [start, len] : h.highlights) {
        const QString part = h.snippet.mid(start, len);
        QVERIFY2(part.contains(QStringLiteral("sliding"), Qt::CaseInsensitive) ||
                 part.compare(QStringLiteral("w"), Qt::CaseInsensitive) == 0 ||
                 part.contains(QStringLiteral("w"), Qt::CaseInsensitive), qPrintable(part));
        saw_sliding |= part.contains(QStringLiteral("sliding"), Qt::CaseInsensitive);
      }
      QVERIFY(saw_sliding);
      QCOMPARE(h.conversation_id, c1);
      QCOMPARE(h.conversation_title, QStringLiteral("Attention"));
    }
    const SearchHit a1_hit = hits.at(0).message_id == a1 ? hits.at(0) : hits.at(1);
    QCOMPARE(a1_hit.role, Role::Assistant);
    const QString html = snippet_html(a1_hit);
    QVERIFY2(html.contains(QStringLiteral("&lt;tokens&gt;")), qPrintable(html));   // escaped
    QVERIFY2(html.contains(QStringLiteral("<b>sliding</b>")) || html.contains(QStringLiteral("<b>sliding")), qPrintable(html));

    // Jump to a message: its branch becomes the one shown.
    QVERIFY(!store.select_branch(m1));
    QCOMPARE(store.active_path(c1)->last().id, a1);

    // The index follows edits and deletions.
    QVERIFY(!store.restore_conversation(c3));
    QCOMPARE(hit_ids(QStringLiteral("deleted conversation")).size(), 1);
    QVERIFY(!store.delete_conversation(c3));
    QCOMPARE(must(store.purge_deleted()), 1);
    QCOMPARE(hit_ids(QStringLiteral("deleted conversation")), QList<qint64>{});
    RawDb raw(store.path());
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")));
  }

  void export_import_round_trip_is_lossless() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const Tree t = make_tree(store);
    QVERIFY(!store.set_pinned(t.conv, true));
    QVERIFY(!store.set_moderation(t.a1, QJsonObject{{QStringLiteral("label"), QStringLiteral("unsafe")},
                                                     {QStringLiteral("scores"), QJsonObject{{QStringLiteral("S1"), 0.25}}}}));
    QVERIFY(!store.select_branch(t.u2));   // the old branch is the one shown
    const qint64 c2 = must(store.create_conversation(QStringLiteral("Ünïcødé ✓ \"quotes\" \\ 🚀"), QStringLiteral("none")));
    const qint64 u = must(store.add_user_message(c2, QStringLiteral("line1\nline2\ttab \u0001 🚀 \"q\"")));
    const qint64 streaming = must(store.begin_assistant_message(u, GenerationInfo{}));
    QVERIFY(!store.flush_partials());
    must(store.create_conversation(QString()));   // empty conversation, empty title
    Q_UNUSED(streaming);

    const QByteArray first = must(store.export_json_all());
    const QJsonObject root = QJsonDocument::fromJson(first).object();
    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("tramontane-chat"));
    QCOMPARE(root.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(exported_conversations(first).size(), 3);

    ChatStore other;
    QVERIFY(!other.open(fresh_path()));
    const QList<qint64> ids = must(other.import_json(first, QStringLiteral("export.json")));
    QCOMPARE(ids.size(), 3);
    const QByteArray second = must(other.export_json_all());
    QCOMPARE(exported_conversations(second), exported_conversations(first));

    // Record by record, ids aside.
    const QList<Message> before = must(store.messages(t.conv));
    const QList<Message> after = must(other.messages(ids.at(0)));
    QCOMPARE(after.size(), before.size());
    QHash<qint64, qint64> map;
    for (int i = 0; i < before.size(); ++i) map.insert(before[i].id, after[i].id);
    for (int i = 0; i < before.size(); ++i) {
      Message b = before[i];
      b.id = after[i].id;
      b.conversation_id = after[i].conversation_id;
      if (b.parent_id) b.parent_id = map.value(*b.parent_id);
      QCOMPARE(after[i], b);
    }
    Conversation cb = must(store.conversation(t.conv));
    const Conversation ca = must(other.conversation(ids.at(0)));
    cb.id = ca.id;
    cb.current_leaf_id = map.value(*cb.current_leaf_id);
    QCOMPARE(ca, cb);

    // Importing into the same store adds copies.
    QCOMPARE(store.import_json(first, QStringLiteral("export.json"))->size(), 3);
    QCOMPARE(store.conversations()->size(), 6);
    // One conversation.
    const QByteArray one = must(store.export_json({c2}));
    QCOMPARE(exported_conversations(one).size(), 1);
  }

  void export_markdown_shows_current_branch() {
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    const Tree t = make_tree(store);
    const QString md = must(store.export_markdown(t.conv));
    QVERIFY(md.startsWith(QStringLiteral("# Tree\n")));
    QVERIFY(md.contains(QStringLiteral("What is a rolling buffer?")));
    QVERIFY(md.contains(QStringLiteral("A ring of W slots.")));
    QVERIFY(md.contains(QStringLiteral("Show slot arithmetic with W = 4")));
    QVERIFY(md.contains(QStringLiteral("pos 5 -> slot 1")));
    QVERIFY(!md.contains(QStringLiteral("slot = pos mod W")));   // old branch not shown
    QVERIFY(md.contains(QStringLiteral("## You")));
    QVERIFY(md.contains(QStringLiteral("## Assistant")));
    QVERIFY(md.contains(QStringLiteral("preset: Mistral guardrail")));
    QVERIFY(md.contains(QStringLiteral("cut at the token limit")));
    QVERIFY(md.indexOf(QStringLiteral("What is a rolling")) < md.indexOf(QStringLiteral("pos 5 -> slot 1")));
    must(store.create_conversation(QStringLiteral("Second")));
    const QString all = must(store.export_markdown_all());
    QVERIFY(all.contains(QStringLiteral("# Tree\n")));
    QVERIFY(all.contains(QStringLiteral("# Second\n")));
    QVERIFY(all.contains(QStringLiteral("\n---\n")));
  }

  void import_rejects_hostile_json_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expect");
    const QByteArray head = R"({"format":"tramontane-chat","version":1,"conversations":)";
    const QByteArray conv = R"([{"title":"t","created_at":"2024-05-01T12:00:00.000Z","messages":)";
    const QByteArray msg = R"({"role":"user","content":"x","created_at":"2024-05-01T12:00:00.000Z")";
    auto messages = [&](const QByteArray& list) { return head + conv + list + "}]}"; };
    QTest::newRow("not json") << QByteArray("{nope") << "not valid JSON";
    QTest::newRow("empty") << QByteArray() << "not valid JSON";
    // Text that is not valid UTF-16 would be stored differently from the file (fuzz_chat_import).
    QTest::newRow("content surrogate")
        << messages(R"([{"id":1,"role":"user","content":"a\ud800","created_at":"2024-05-01T12:00:00.000Z"}])")
        << "'content' is not valid Unicode";
    QTest::newRow("title surrogate") << head + R"([{"title":"\udc00","created_at":"2024-05-01T12:00:00.000Z","messages":[]}]})"
                                     << "'title' is not valid Unicode";
    QTest::newRow("array") << QByteArray("[]") << "top level";
    QTest::newRow("format") << QByteArray(R"({"format":"other","version":1,"conversations":[]})") << "not a Tramontane chat export";
    QTest::newRow("newer") << QByteArray(R"({"format":"tramontane-chat","version":2,"conversations":[]})") << "newer";
    QTest::newRow("version type") << QByteArray(R"({"format":"tramontane-chat","version":"1","conversations":[]})") << "version";
    QTest::newRow("conversations type") << head + "{}}" << "'conversations' must be an array";
    QTest::newRow("conversation type") << head + "[1]}" << "conversation 1: must be an object";
    QTest::newRow("title missing") << head + R"([{"created_at":"2024-05-01T12:00:00.000Z","messages":[]}]})" << "'title'";
    QTest::newRow("title type") << head + R"([{"title":5,"created_at":"2024-05-01T12:00:00.000Z","messages":[]}]})" << "'title' must be a string";
    QTest::newRow("bad time") << head + R"([{"title":"t","created_at":"yesterday","messages":[]}]})" << "'created_at'";
    QTest::newRow("messages type") << head + conv + "{}}]}" << "'messages' must be an array";
    QTest::newRow("id missing") << messages("[" + msg + "}]") << "message 1: 'id'";
    QTest::newRow("id negative") << messages("[" + msg + R"(,"id":-1}])") << "'id'";
    QTest::newRow("id fraction") << messages("[" + msg + R"(,"id":1.5}])") << "'id'";
    QTest::newRow("id huge") << messages("[" + msg + R"(,"id":1e300}])") << "'id'";
    QTest::newRow("id duplicate") << messages("[" + msg + R"(,"id":1},)" + msg + R"(,"id":1}])") << "repeats";
    QTest::newRow("parent forward") << messages("[" + msg + R"(,"id":1,"parent":2},)" + msg + R"(,"id":2}])") << "does not come earlier";
    QTest::newRow("parent self") << messages("[" + msg + R"(,"id":1,"parent":1}])") << "does not come earlier";
    QTest::newRow("role") << messages(R"([{"id":1,"role":"root","content":"x","created_at":"2024-05-01T12:00:00.000Z"}])") << "'role'";
    QTest::newRow("content type") << messages(R"([{"id":1,"role":"user","content":7,"created_at":"2024-05-01T12:00:00.000Z"}])") << "'content'";
    QTest::newRow("tokens negative") << messages("[" + msg + R"(,"id":1,"prompt_tokens":-3}])") << "'prompt_tokens'";
    QTest::newRow("tokens string") << messages("[" + msg + R"(,"id":1,"completion_tokens":"9"}])") << "'completion_tokens'";
    QTest::newRow("stop reason") << messages("[" + msg + R"(,"id":1,"stop_reason":"exploded"}])") << "'stop_reason'";
    QTest::newRow("sampling type") << messages("[" + msg + R"(,"id":1,"sampling":[1]}])") << "'sampling'";
    QTest::newRow("adapters type") << messages("[" + msg + R"(,"id":1,"adapters":{}}])") << "'adapters'";
    QTest::newRow("preset type") << messages("[" + msg + R"(,"id":1,"preset":"x"}])") << "'preset'";
    QTest::newRow("preset text type") << messages("[" + msg + R"(,"id":1,"preset":{"text":1}}])") << "'text'";
    QTest::newRow("streaming type") << messages("[" + msg + R"(,"id":1,"streaming":1}])") << "'streaming'";
    QTest::newRow("leaf unknown") << head + conv + "[" + msg + R"(,"id":1}],"current_leaf":7}]})" << "'current_leaf'";
    QTest::newRow("deep nesting") << messages("[" + msg + R"(,"id":1,"sampling":{"a":)" + QByteArray(5000, '[') +
                                              QByteArray(5000, ']') + "}}]") << "not valid JSON";
  }

  void import_rejects_hostile_json() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expect);
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    must(store.create_conversation(QStringLiteral("existing")));
    const auto result = store.import_json(json, QStringLiteral("hostile.json"));
    QVERIFY(!result);
    QVERIFY2(result.error().contains(QStringLiteral("hostile.json")), qPrintable(result.error()));
    QVERIFY2(result.error().contains(expect), qPrintable(result.error()));
    QCOMPARE(store.conversations()->size(), 1);   // all or nothing
  }

  void import_limits() {
    ChatJsonLimits limits;
    limits.max_bytes = 100;
    QVERIFY(!read_chat_json(QByteArray(101, ' '), QStringLiteral("big.json"), limits));
    limits = {};
    limits.max_conversations = 1;
    const QByteArray two = R"({"format":"tramontane-chat","version":1,"conversations":[
      {"title":"a","created_at":"2024-05-01T12:00:00.000Z","messages":[]},
      {"title":"b","created_at":"2024-05-01T12:00:00.000Z","messages":[]}]})";
    QVERIFY(read_chat_json(two, QStringLiteral("x"), {}).ok());
    const auto r = read_chat_json(two, QStringLiteral("x"), limits);
    QVERIFY(!r);
    QVERIFY(r.error().contains(QStringLiteral("more than 1 conversations")));
    limits = {};
    limits.max_content_chars = 3;
    const QByteArray long_content = R"({"format":"tramontane-chat","version":1,"conversations":[
      {"title":"a","created_at":"2024-05-01T12:00:00.000Z","messages":[
        {"id":1,"role":"user","content":"four","created_at":"2024-05-01T12:00:00.000Z"}]}]})";
    QVERIFY(!read_chat_json(long_content, QStringLiteral("x"), limits));
    limits = {};
    limits.max_messages = 0;
    QVERIFY(!read_chat_json(long_content, QStringLiteral("x"), limits));
  }

  void import_from_file() {
    ChatStore source;
    QVERIFY(!source.open(fresh_path()));
    make_tree(source);
    const QString file = dir_.filePath(QStringLiteral("export-%1.json").arg(++n_));
    {
      QFile f(file);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(must(source.export_json_all()));
    }
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    QCOMPARE(must(store.import_json_file(file)).size(), 1);
    // Too big: refused from its size, without reading it (a sparse file).
    const QString big = dir_.filePath(QStringLiteral("big-%1.json").arg(++n_));
    {
      QFile f(big);
      QVERIFY(f.open(QIODevice::WriteOnly));
      QVERIFY(f.resize(ChatJsonLimits{}.max_bytes + 1));
    }
    const auto r = store.import_json_file(big);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(big) && r.error().contains(QStringLiteral("larger than")), qPrintable(r.error()));
    QFile::remove(big);
    const auto missing = store.import_json_file(dir_.filePath(QStringLiteral("missing.json")));
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().contains(QStringLiteral("missing.json")));
    QCOMPARE(must(store.conversations()).size(), 1);
  }

  void import_survives_mutated_exports() {
    // Random byte edits and truncations of a valid export: each import either fails with a
    // message or succeeds; the database stays consistent either way.
    ChatStore source;
    QVERIFY(!source.open(fresh_path()));
    make_tree(source);
    const QByteArray valid = must(source.export_json_all());
    ChatStore store;
    QVERIFY(!store.open(fresh_path()));
    QRandomGenerator rng(20240501);
    const char alphabet[] = "{}[]\":,0123456789-.eE truefalsnul\\/x";
    for (int trial = 0; trial < 300; ++trial) {
      QByteArray bad = valid;
      if (trial % 3 == 0) {
        bad.truncate(rng.bounded(static_cast<int>(valid.size())));
      } else {
        for (int k = 0, n = 1 + rng.bounded(4); k < n; ++k) {
          bad[rng.bounded(static_cast<int>(bad.size()))] = alphabet[rng.bounded(static_cast<int>(sizeof(alphabet) - 1))];
        }
      }
      const auto r = store.import_json(bad, QStringLiteral("mutated.json"));
      if (!r) QVERIFY(!r.error().isEmpty());
    }
    RawDb raw(store.path());
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    QCOMPARE(raw.rows(QStringLiteral("PRAGMA foreign_key_check")), QStringList{});
    QVERIFY(raw.exec(QStringLiteral("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")));
  }

  void store_refuses_other_threads_and_threads_get_own_connections() {
    const QString path = fresh_path();
    ChatStore store;
    QVERIFY(!store.open(path));
    const qint64 conv = must(store.create_conversation(QStringLiteral("threads")));
    QString misuse_error;
    QString worker_error;
    qint64 worker_message = 0;
    QThread* worker = QThread::create([&] {
      // The GUI thread's store may not be used here...
      misuse_error = store.conversations().error();
      // ...but a store opened on this thread may, on the same file.
      ChatStore own;
      if (auto err = own.open(path)) {
        worker_error = *err;
        return;
      }
      auto id = own.add_user_message(conv, QStringLiteral("from the worker"));
      if (!id) worker_error = id.error();
      else worker_message = *id;
    });
    worker->start();
    QVERIFY(worker->wait(30000));
    delete worker;
    QVERIFY2(misuse_error.contains(QStringLiteral("thread")), qPrintable(misuse_error));
    QVERIFY2(worker_error.isEmpty(), qPrintable(worker_error));
    QCOMPARE(store.message(worker_message)->content, QStringLiteral("from the worker"));
    QVERIFY(!store.close());
    QVERIFY(!store.is_open());
    for (const QString& name : QSqlDatabase::connectionNames()) {   // both connections removed
      QVERIFY2(!name.startsWith(QStringLiteral("tramontane-history")), qPrintable(name));
    }
    QVERIFY(store.conversations().error().contains(QStringLiteral("not open")));
  }
};

QTEST_GUILESS_MAIN(TestChatStore)
#include "test_chat_store.moc"
