// The guardrail/system-prompt presets file (gui/core/preset_store.h PresetStore::import_json: the
// exchange file "tramontane-presets" or a single "tramontane-preset" file) on arbitrary bytes,
// imported into this process's history database in its directory in /dev/shm; what an input
// imported is removed again before the next input. Checks: imported presets are user presets
// ("user-" ids) with a non-blank name of at most 200 characters and a text of at most 100,000;
// all preset names stay unique (case-insensitive); the export of the imported presets imports
// again, as many presets.
#include <QCoreApplication>
#include <QSet>

#include <cstdlib>
#include <memory>

#include "fuzz/fuzz_util.h"
#include "gui/core/chat_store.h"
#include "gui/core/preset_store.h"

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  static QCoreApplication app(*argc, *argv);
  return 0;
}

namespace {

using namespace tramontane::gui;

void check_names_unique(const PresetStore& presets) {
  const auto all = presets.presets();
  FUZZ_CHECK(all.ok());
  QSet<QString> names;
  for (const Preset& p : *all) {
    const QString key = p.name.toCaseFolded();
    FUZZ_CHECK(!names.contains(key));
    names.insert(key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<ChatStore> store = [] {
    auto s = std::make_unique<ChatStore>();
    const std::string dir = tramontane::fuzz::temp_dir("-presets");
    if (auto err = s->open(QString::fromStdString(dir + "/history.sqlite3"))) {
      __builtin_printf("%s\n", qPrintable(*err));
      std::abort();
    }
    return s;
  }();
  PresetStore presets(*store);
  const QByteArray json(reinterpret_cast<const char*>(data), qsizetype(size));
  const auto created = presets.import_json(json, QStringLiteral("presets.json"));
  if (!created) {
    FUZZ_CHECK(!created.error().isEmpty());
    tramontane::fuzz::note(created.error().toStdString());
    return 0;
  }
  tramontane::fuzz::note("accepted");
  FUZZ_CHECK(!created->isEmpty() && created->size() <= PresetStore::kMaxImportPresets);
  check_names_unique(presets);
  QStringList ids;
  for (const Preset& p : *created) {
    FUZZ_CHECK(p.id.startsWith(QStringLiteral("user-")) && !p.builtin);
    FUZZ_CHECK(!p.name.trimmed().isEmpty() && p.name.size() <= PresetStore::kMaxNameChars);
    FUZZ_CHECK(p.text.size() <= PresetStore::kMaxTextChars);
    const auto stored = presets.preset(p.id);
    FUZZ_CHECK(stored.ok() && *stored == p);
    ids.append(p.id);
  }
  const auto exported = presets.export_json(ids);
  FUZZ_CHECK(exported.ok());
  const auto again = presets.import_json(*exported, QStringLiteral("exported.json"));
  FUZZ_CHECK(again.ok() && again->size() == created->size());
  check_names_unique(presets);
  for (const Preset& p : *again) ids.append(p.id);
  for (const QString& id : ids) FUZZ_CHECK(!presets.remove(id));
  return 0;
}
