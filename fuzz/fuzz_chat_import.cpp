// File > Import of conversations (gui/core/chat_json.h read_chat_json, then ChatStore::import_json
// into a history database) on arbitrary bytes. The database is this process's, in its directory
// in /dev/shm; what an input imported is deleted and purged again before the next input. Checks:
// the store accepts exactly what read_chat_json (with the store's limits) accepts, with as many
// conversations and messages, the same titles, and messages with the same roles and contents; what was read writes back (write_chat_json) to a file that reads
// back and writes the same bytes again; the store's export of the imported conversations reads
// back with the same number of conversations.
#include <QCoreApplication>

#include <cstdlib>
#include <memory>

#include "fuzz/fuzz_util.h"
#include "gui/core/chat_json.h"
#include "gui/core/chat_store.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  static QCoreApplication app(*argc, *argv);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tramontane::gui;
  static const std::unique_ptr<ChatStore> store = [] {
    auto s = std::make_unique<ChatStore>();
    const std::string dir = tramontane::fuzz::temp_dir("-chats");
    if (auto err = s->open(QString::fromStdString(dir + "/history.sqlite3"))) {
      __builtin_printf("%s\n", qPrintable(*err));
      std::abort();
    }
    return s;
  }();
  const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
  ChatJsonLimits limits;
  limits.max_content_chars = ChatStore::kMaxContentChars;
  limits.max_title_chars = ChatStore::kMaxTitleChars;
  const QString label = QStringLiteral("import.json");

  const auto parsed = read_chat_json(json, label, limits);
  if (parsed) {
    const QByteArray once = write_chat_json(*parsed, 0);
    const auto again = read_chat_json(once, label, limits);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(write_chat_json(*again, 0) == once);
  } else {
    FUZZ_CHECK(!parsed.error().isEmpty());
    tramontane::fuzz::note(parsed.error().toStdString());
  }

  const auto ids = store->import_json(json, label);
  FUZZ_CHECK(ids.ok() == parsed.ok());
  if (!ids) return 0;
  tramontane::fuzz::note("accepted");
  FUZZ_CHECK(ids->size() == parsed->size());
  for (qsizetype i = 0; i < ids->size(); ++i) {
    const auto conversation = store->conversation(ids->at(i));
    FUZZ_CHECK(conversation.ok() && conversation->title == parsed->at(i).conversation.title);
    const auto messages = store->messages(ids->at(i));
    FUZZ_CHECK(messages.ok() && messages->size() == parsed->at(i).messages.size());
    for (qsizetype j = 0; j < messages->size(); ++j) {  // by id: the order of the file
      FUZZ_CHECK(messages->at(j).content == parsed->at(i).messages.at(j).content);
      FUZZ_CHECK(messages->at(j).role == parsed->at(i).messages.at(j).role);
    }
    FUZZ_CHECK(store->active_path(ids->at(i)).ok());
  }
  const auto exported = store->export_json(*ids);
  FUZZ_CHECK(exported.ok());
  const auto back = read_chat_json(*exported, label, limits);
  FUZZ_CHECK(back.ok() && back->size() == ids->size());
  for (qint64 id : *ids) FUZZ_CHECK(!store->delete_conversation(id));
  FUZZ_CHECK(store->purge_deleted().ok());
  return 0;
}
