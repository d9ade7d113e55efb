// Faults of the history outside a crash (issue 11):
//  - a full disk while an answer streams: SQLITE_FULL from `PRAGMA max_page_count` on the store's
//    own connection (deterministic: the database cannot grow by one page), and, for the whole
//    app-level ChatFlow, a file-size limit (RLIMIT_FSIZE) that makes every WAL append fail;
//  - a damaged database at start (garbage, a SQLite header over garbage): recognised, kept aside
//    under a new name, a fresh history opened; other open failures are not taken for damage;
//  - daily backups with VACUUM INTO: due once a day, a consistent copy, the last 7 kept.
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

#include "gui/core/chat_store.h"
#include "gui/core/engine_controller.h"
#include "gui/core/history_safety.h"
#include "gui/core/preset_store.h"
#include "gui/widgets/chat_flow.h"
#include "gui_test_util.h"

using namespace tramontane::gui;

namespace {

QString integrity(const QString& path) {
  gui_test::RawDb raw(path);
  if (!raw.ok()) return QStringLiteral("cannot open");
  return raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString();
}

void write_file(const QString& path, const QByteArray& bytes) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
  QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray garbage(int n, quint32 seed) {
  QRandomGenerator rng(seed);
  QByteArray b(n, '\0');
  for (char& c : b) c = char(rng.bounded(256));
  return b;
}

// Limits the size of every file this process writes (restored on destruction). SIGXFSZ is
// ignored so that a write past the limit fails with EFBIG instead of killing the test.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    getrlimit(RLIMIT_FSIZE, &old_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit lim = old_;
    lim.rlim_cur = bytes;
    ok_ = setrlimit(RLIMIT_FSIZE, &lim) == 0;
  }
  ~FileSizeLimit() { lift(); }
  void lift() {
    if (lifted_) return;
    lifted_ = true;
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit old_{};
  void (*old_handler_)(int) = SIG_DFL;
  bool ok_ = false;
  bool lifted_ = false;
};

}  // namespace

class TestChatStoreFaults : public QObject {
  Q_OBJECT

 private slots:
  void fullDiskWhileStreaming();
  void chatFlowSurfacesWriteFailure();
  void garbageFileIsDamaged();
  void malformedFileIsDamaged();
  void otherOpenFailuresAreNotDamage();
  void keepCopyAndStartFresh();
  void backupOncePerDay();
  void backupsKeepTheLastSeven();
};

void TestChatStoreFaults::fullDiskWhileStreaming() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = ChatStore::database_path(dir.path());
  qint64 user = 0, answer = 0;
  {
    ChatStore store;
    QVERIFY(!store.open(path));
    store.set_partial_commit_interval_ms(0);   // every update commits
    const auto conv = store.create_conversation(QStringLiteral("full disk"));
    QVERIFY(conv.ok());
    const auto u = store.add_user_message(*conv, QStringLiteral("the committed question"));
    QVERIFY(u.ok());
    user = *u;
    const auto a = store.begin_assistant_message(user, GenerationInfo{});
    QVERIFY(a.ok());
    answer = *a;
    QVERIFY(!store.update_partial(answer, QStringLiteral("early text")));

    // The database cannot grow any more: the next page it needs is refused with SQLITE_FULL.
    QSqlQuery q(store.connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA max_page_count = 1")));
    const QString big = QStringLiteral("early text") + QString(300000, QLatin1Char('x'));
    const auto err = store.update_partial(answer, big);
    QVERIFY2(err, "a write past the page limit succeeded");
    qInfo("%s", qPrintable(*err));
    QVERIFY2(err->contains(path), qPrintable(*err));
    QVERIFY2(err->contains(QLatin1String("the disk is full")), qPrintable(*err));
    const auto finish = store.finish_assistant_message(answer, big, StopReason::EndOfText);
    QVERIFY(finish);
    QVERIFY2(finish->contains(path), qPrintable(*finish));

    // Nothing committed was lost, and reads still work.
    const auto m_user = store.message(user);
    QVERIFY(m_user.ok());
    QCOMPARE(m_user->content, QStringLiteral("the committed question"));
    const auto m_answer = store.message(answer);
    QVERIFY(m_answer.ok());
    QCOMPARE(m_answer->content, QStringLiteral("early text"));
    QVERIFY(m_answer->streaming);
    // close() tries to commit the answer as interrupted: still full, it says so and closes.
    const auto closed = store.close();
    QVERIFY(closed);
    QVERIFY(!store.is_open());
  }
  QCOMPARE(integrity(path), QStringLiteral("ok"));
  {
    // Next start (no limit): the answer left streaming is recovered with its committed text.
    ChatStore store;
    QVERIFY(!store.open(path));
    const auto recovered = store.recover_interrupted();
    QVERIFY(recovered.ok());
    QCOMPARE(*recovered, 1);
    QCOMPARE(store.message(user)->content, QStringLiteral("the committed question"));
    const auto m = store.message(answer);
    QVERIFY(m.ok());
    QCOMPARE(m->content, QStringLiteral("early text"));
    QVERIFY(!m->streaming);
    QCOMPARE(m->stop_reason, StopReason::Interrupted);
    QVERIFY(!store.close());
  }
  QCOMPARE(integrity(path), QStringLiteral("ok"));
}

void TestChatStoreFaults::chatFlowSurfacesWriteFailure() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = ChatStore::database_path(dir.path());
  ChatStore store;
  QVERIFY(!store.open(path));
  store.set_partial_commit_interval_ms(0);
  PresetStore presets(store);
  EngineController controller;
  {
    QSignalSpy loaded(&controller, &EngineController::modelLoaded);
    QSignalSpy failed(&controller, &EngineController::loadFailed);
    controller.loadModel(gui_test::fixture(QStringLiteral("gguf_models/model-q8_0.gguf")),
                         EngineWorker::Backend::Cpu);
    QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
    QCOMPARE(failed.count(), 0);
  }
  ChatFlow flow(store, presets, controller);
  const auto conv = store.create_conversation(QStringLiteral("flow"));
  QVERIFY(conv.ok());

  // From the moment the answer is created, no file may grow: every WAL append fails (EFBIG).
  std::unique_ptr<FileSizeLimit> limit;
  connect(&flow, &ChatFlow::answerStarted, this, [&] {
    limit = std::make_unique<FileSizeLimit>(rlim_t(QFileInfo(path + QStringLiteral("-wal")).size()));
  });
  QSignalSpy errors(&flow, &ChatFlow::storeError);
  QSignalSpy finished(&flow, &ChatFlow::answerFinished);
  QSignalSpy answer_failed(&flow, &ChatFlow::answerFailed);
  QSignalSpy texts(&flow, &ChatFlow::answerText);
  ChatFlow::Options options;
  options.sampling.sampling.temperature = 0;
  options.sampling.sampling.max_tokens = 8;
  options.sampling.stop_at_context = false;
  const auto sent = flow.send(*conv, QStringLiteral("hello"), options);
  QVERIFY2(!sent, qPrintable(sent.value_or(QString())));
  QVERIFY(limit && limit->ok());
  QTRY_VERIFY_WITH_TIMEOUT(finished.count() + answer_failed.count() > 0, 30000);
  limit->lift();
  QVERIFY(!flow.streaming());
  QVERIFY(texts.count() > 0);   // tokens arrived and their saves failed
  QCOMPARE(errors.count(), 1);  // said once, not once per token
  const QString message = errors.first().first().toString();
  qInfo("%s", qPrintable(message));
  QVERIFY2(message.contains(path), qPrintable(message));
  QVERIFY2(message.contains(QLatin1String("free some space")), qPrintable(message));

  // The question was committed before the failure; the answer is still the empty streaming row.
  const auto path_msgs = store.active_path(*conv);
  QVERIFY(path_msgs.ok());
  QCOMPARE(path_msgs->size(), 2);
  QCOMPARE(path_msgs->at(0).content, QStringLiteral("hello"));
  QVERIFY(path_msgs->at(1).streaming);
  // With room again, closing commits the text kept in memory as interrupted.
  const QString streamed = texts.last().at(1).toString();
  controller.unloadModel();
  QVERIFY(!store.close());
  QCOMPARE(integrity(path), QStringLiteral("ok"));
  ChatStore again;
  QVERIFY(!again.open(path));
  const auto msgs = again.active_path(*conv);
  QVERIFY(msgs.ok());
  QCOMPARE(msgs->size(), 2);
  QCOMPARE(msgs->at(0).content, QStringLiteral("hello"));
  QVERIFY(!msgs->at(1).streaming);
  QCOMPARE(msgs->at(1).stop_reason, StopReason::Interrupted);
  QVERIFY(msgs->at(1).content.startsWith(streamed));
  QVERIFY(!again.close());
}

void TestChatStoreFaults::garbageFileIsDamaged() {
  QTemporaryDir dir;
  const QString path = ChatStore::database_path(dir.path());
  write_file(path, garbage(10000, 1));
  ChatStore store;
  const auto err = store.open(path);
  QVERIFY(err);
  QVERIFY2(err->contains(path), qPrintable(*err));
  QVERIFY(HistorySafety::is_damaged(path));
  QCOMPARE(HistorySafety::classify_open_failure(path), HistorySafety::OpenFailure::Damaged);
  QVERIFY(!store.is_open());
}

void TestChatStoreFaults::malformedFileIsDamaged() {
  QTemporaryDir dir;
  const QString path = ChatStore::database_path(dir.path());
  // The right header, then garbage: SQLite recognises the file and finds it malformed.
  QByteArray bytes = QByteArray("SQLite format 3\0", 16) + garbage(8192 - 16, 2);
  bytes[16] = 0x10;   // page size 4096
  bytes[17] = 0x00;
  write_file(path, bytes);
  ChatStore store;
  QVERIFY(store.open(path));
  QVERIFY(HistorySafety::is_damaged(path));
  QCOMPARE(HistorySafety::classify_open_failure(path), HistorySafety::OpenFailure::Damaged);
}

void TestChatStoreFaults::otherOpenFailuresAreNotDamage() {
  QTemporaryDir dir;
  // A good database is not damaged, nor is a missing or empty file (SQLite creates it).
  const QString good = ChatStore::database_path(dir.path());
  {
    ChatStore store;
    QVERIFY(!store.open(good));
    QVERIFY(store.create_conversation(QStringLiteral("kept")).ok());
    QVERIFY(!HistorySafety::is_damaged(good));   // also while open (WAL)
    QVERIFY(!store.close());
  }
  QVERIFY(!HistorySafety::is_damaged(good));
  QVERIFY(!HistorySafety::is_damaged(dir.filePath(QStringLiteral("missing.sqlite"))));
  write_file(dir.filePath(QStringLiteral("empty.sqlite")), {});
  QVERIFY(!HistorySafety::is_damaged(dir.filePath(QStringLiteral("empty.sqlite"))));
  // A folder that cannot be created (a file is in the way): reported, not "damaged".
  write_file(dir.filePath(QStringLiteral("file")), "x");
  const QString blocked = dir.filePath(QStringLiteral("file/sub/history.sqlite"));
  ChatStore store;
  QVERIFY(store.open(blocked));
  QCOMPARE(HistorySafety::classify_open_failure(blocked), HistorySafety::OpenFailure::Other);
}

void TestChatStoreFaults::keepCopyAndStartFresh() {
  QTemporaryDir dir;
  const QString path = ChatStore::database_path(dir.path());
  const QByteArray bad = garbage(5000, 3);
  write_file(path, bad);
  write_file(path + QStringLiteral("-wal"), garbage(100, 4));   // a stale WAL must not follow
  const QDateTime now(QDate(2026, 3, 4), QTime(5, 6, 7));
  const auto kept = HistorySafety::set_aside(path, now);
  QVERIFY2(kept.ok(), qPrintable(kept.error()));
  QCOMPARE(*kept, path + QStringLiteral(".corrupt-20260304-050607"));
  QCOMPARE(gui_test::read_file(*kept), bad);   // the copy is the file, byte for byte
  QVERIFY(QFileInfo::exists(*kept + QStringLiteral("-wal")));
  QVERIFY(!QFileInfo::exists(path));
  QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal")));
  // A second damaged file the same second gets its own name.
  write_file(path, bad);
  const auto kept2 = HistorySafety::set_aside(path, now);
  QVERIFY(kept2.ok());
  QVERIFY(*kept2 != *kept);
  QCOMPARE(gui_test::read_file(*kept), bad);

  ChatStore store;
  const auto err = store.open(path);
  QVERIFY2(!err, qPrintable(err.value_or(QString())));
  const auto list = store.conversations();
  QVERIFY(list.ok());
  QVERIFY(list->isEmpty());
  QVERIFY(store.create_conversation(QStringLiteral("new start")).ok());
  QVERIFY(!store.close());
  QCOMPARE(integrity(path), QStringLiteral("ok"));
}

void TestChatStoreFaults::backupOncePerDay() {
  QTemporaryDir dir;
  const QString path = ChatStore::database_path(dir.path());
  ChatStore store;
  QVERIFY(!store.open(path));
  const auto conv = store.create_conversation(QStringLiteral("backed up"));
  QVERIFY(conv.ok());
  QVERIFY(store.add_user_message(*conv, QStringLiteral("a question")).ok());
  const QString backups = HistorySafety::backup_dir(path);
  QCOMPARE(backups, QDir(dir.path()).filePath(QStringLiteral("backups")));

  const QDateTime day1(QDate(2026, 1, 10), QTime(12, 0));
  QVERIFY(HistorySafety::backup_due(backups, day1));
  const auto first = HistorySafety::backup_if_due(store, day1);
  QVERIFY2(first.ok(), qPrintable(first.error()));
  QVERIFY(first->has_value());
  QCOMPARE(**first, QDir(backups).filePath(QStringLiteral("history-20260110.sqlite")));
  QCOMPARE(integrity(**first), QStringLiteral("ok"));
  {
    gui_test::RawDb raw(**first);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT content FROM messages")).toString(), QStringLiteral("a question"));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT title FROM conversations")).toString(), QStringLiteral("backed up"));
  }
  // Not again within 24 hours (even on the next calendar day), then again.
  const auto later = HistorySafety::backup_if_due(store, day1.addSecs(23 * 3600));
  QVERIFY(later.ok());
  QVERIFY(!later->has_value());
  const auto next = HistorySafety::backup_if_due(store, day1.addSecs(24 * 3600 + 60));
  QVERIFY(next.ok());
  QVERIFY(next->has_value());
  QCOMPARE(HistorySafety::backups(backups).size(), 2);
  // No partial file is left behind.
  QCOMPARE(QDir(backups).entryList(QDir::Files).size(), 2);
  QVERIFY(!store.close());
}

void TestChatStoreFaults::backupsKeepTheLastSeven() {
  QTemporaryDir dir;
  const QString path = ChatStore::database_path(dir.path());
  ChatStore store;
  QVERIFY(!store.open(path));
  const QString backups = HistorySafety::backup_dir(path);
  QVERIFY(QDir().mkpath(backups));
  write_file(QDir(backups).filePath(QStringLiteral("notes.txt")), "not a backup");   // left alone
  const QDateTime start(QDate(2026, 2, 1), QTime(9, 0));
  for (int day = 0; day < 10; ++day) {
    QVERIFY(store.create_conversation(QStringLiteral("day %1").arg(day)).ok());
    const auto r = HistorySafety::backup_if_due(store, start.addDays(day));
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QVERIFY(r->has_value());
  }
  const QStringList list = HistorySafety::backups(backups);
  QCOMPARE(list.size(), HistorySafety::kBackupsKept);
  QCOMPARE(QFileInfo(list.first()).fileName(), QStringLiteral("history-20260204.sqlite"));
  QCOMPARE(QFileInfo(list.last()).fileName(), QStringLiteral("history-20260210.sqlite"));
  QVERIFY(QFileInfo::exists(QDir(backups).filePath(QStringLiteral("notes.txt"))));
  {
    gui_test::RawDb raw(list.last());
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM conversations")).toInt(), 10);
  }
  QVERIFY(!store.close());
}

QTEST_MAIN(TestChatStoreFaults)
#include "test_chat_store_faults.moc"
