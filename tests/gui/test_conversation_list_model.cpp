// ConversationListModel under QAbstractItemModelTester: order (pinned first, then most recent),
// create / rename / pin / delete / undo through the model, refresh after outside changes with
// row moves instead of resets, and a seeded random sequence checked against the store.
#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "gui/core/chat_store.h"
#include "gui/core/conversation_list_model.h"
#include "gui_test_util.h"

using namespace tramontane::gui;
using gui_test::FakeClock;

class TestConversationListModel : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  int n_ = 0;
  QString fresh_path() { return dir_.filePath(QStringLiteral("l%1.sqlite").arg(++n_)); }

  static QList<qint64> model_ids(const ConversationListModel& model) {
    QList<qint64> ids;
    for (int r = 0; r < model.rowCount(); ++r) ids.append(model.data(model.index(r), ConversationListModel::IdRole).toLongLong());
    return ids;
  }
  static QList<qint64> store_ids(const ChatStore& store) {
    QList<qint64> ids;
    for (const Conversation& c : must(store.conversations())) ids.append(c.id);
    return ids;
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void order_and_operations() {
    ChatStore store;
    FakeClock wall;
    store.set_clocks(wall.fn(), nullptr);
    QVERIFY(!store.open(fresh_path()));
    ConversationListModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.refresh());

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    const qint64 a = must(model.create(QStringLiteral("A")));
    wall.now += 1;
    const qint64 b = must(model.create(QStringLiteral("B")));
    wall.now += 1;
    const qint64 c = must(model.create(QString(), QStringLiteral("none")));
    QCOMPARE(inserted.size(), 3);
    QCOMPARE(model_ids(model), (QList<qint64>{c, b, a}));
    QCOMPARE(model.data(model.index(0), Qt::DisplayRole).toString(), QStringLiteral("New conversation"));
    QCOMPARE(model.data(model.index(0), Qt::EditRole).toString(), QString());
    QCOMPARE(model.data(model.index(0), ConversationListModel::PresetIdRole).toString(), QStringLiteral("none"));
    QCOMPARE(model.rowOf(a), 2);
    QCOMPARE(model.idAt(1), b);
    QCOMPARE(model.idAt(7), 0);
    QCOMPARE(model.rowOf(999), -1);
    QVERIFY(model.flags(model.index(0)) & Qt::ItemIsEditable);
    QVERIFY(model.roleNames().contains(ConversationListModel::PinnedRole));

    // Pinning the last row moves it to the top.
    QVERIFY(!model.setPinned(a, true));
    QCOMPARE(model_ids(model), (QList<qint64>{a, c, b}));
    QCOMPARE(moved.size(), 1);
    QVERIFY(model.data(model.index(0), ConversationListModel::PinnedRole).toBool());

    // Rename through the Edit role.
    QVERIFY(model.setData(model.index(model.rowOf(b)), QStringLiteral("B renamed")));
    QCOMPARE(store.conversation(b)->title, QStringLiteral("B renamed"));
    QCOMPARE(model.data(model.index(model.rowOf(b))).toString(), QStringLiteral("B renamed"));
    QVERIFY(!changed.isEmpty());
    QSignalSpy errors(&model, &ConversationListModel::errorOccurred);
    QVERIFY(!model.setData(model.index(0), QString(ChatStore::kMaxTitleChars + 1, QLatin1Char('x'))));
    QCOMPARE(errors.size(), 1);

    // Activity elsewhere (a new message) + refresh: b moves above c, below pinned a.
    wall.now += 1;
    QVERIFY(store.add_user_message(b, QStringLiteral("hello")).ok());
    QVERIFY(!model.refresh());
    QCOMPARE(model_ids(model), (QList<qint64>{a, b, c}));

    // Delete and undo.
    QVERIFY(!model.remove(b));
    QCOMPARE(model_ids(model), (QList<qint64>{a, c}));
    QCOMPARE(removed.size(), 1);
    QVERIFY(!model.restore(b));
    QCOMPARE(model_ids(model), (QList<qint64>{a, b, c}));
    QVERIFY(model.remove(12345));   // store errors come back

    // Outside import + refresh.
    ChatStore source;
    QVERIFY(!source.open(fresh_path()));
    const qint64 s = must(source.create_conversation(QStringLiteral("imported")));
    const QByteArray json = must(source.export_json({s}));
    const qint64 imported = store.import_json(json, QStringLiteral("x.json"))->first();
    QVERIFY(!model.refresh());
    QCOMPARE(model_ids(model), store_ids(store));
    QVERIFY(model.rowOf(imported) >= 0);
    QCOMPARE(reset.size(), 0);   // never a reset: selections survive
  }

  void random_operations_match_the_store() {
    ChatStore store;
    FakeClock wall;
    store.set_clocks(wall.fn(), nullptr);
    QVERIFY(!store.open(fresh_path()));
    ConversationListModel model(store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model.refresh());
    QRandomGenerator rng(7);
    QList<qint64> deleted;
    for (int step = 0; step < 400; ++step) {
      wall.now += rng.bounded(3);   // equal times happen: ties order by id
      const QList<qint64> ids = store_ids(store);
      const qint64 any = ids.isEmpty() ? 0 : ids.at(rng.bounded(static_cast<int>(ids.size())));
      switch (rng.bounded(7)) {
        case 0: QVERIFY(model.create(QStringLiteral("c%1").arg(step)).ok()); break;
        case 1: if (any) QVERIFY(!model.setPinned(any, rng.bounded(2) == 0)); break;
        case 2: if (any) { QVERIFY(!model.remove(any)); deleted.append(any); } break;
        case 3: if (!deleted.isEmpty()) QVERIFY(!model.restore(deleted.takeLast())); break;
        case 4: if (any) QVERIFY(store.add_user_message(any, QStringLiteral("m")).ok()); break;   // outside
        case 5: if (any) QVERIFY(!model.rename(any, QStringLiteral("r%1").arg(step))); break;
        case 6: QVERIFY(store.create_conversation(QStringLiteral("outside")).ok()); break;        // outside
      }
      QVERIFY(!model.refresh());
      QCOMPARE(model_ids(model), store_ids(store));
      for (int r = 0; r < model.rowCount(); ++r) {
        const Conversation c = must(store.conversation(model.idAt(r)));
        QCOMPARE(model.data(model.index(r), Qt::EditRole).toString(), c.title);
        QCOMPARE(model.data(model.index(r), ConversationListModel::PinnedRole).toBool(), c.pinned);
        QCOMPARE(model.data(model.index(r), ConversationListModel::UpdatedAtRole).toLongLong(), c.updated_at);
      }
    }
  }
};

QTEST_GUILESS_MAIN(TestConversationListModel)
#include "test_conversation_list_model.moc"
