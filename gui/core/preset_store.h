#pragma once
// PresetStore: the guardrail presets offered for a conversation. Built-in presets come from the
// compiled-in resources (:/presets/*.json, read-only); user presets live in the history
// database's `presets` table (through the ChatStore's connection, on its thread).
//
// Preset file (one built-in preset, resources/presets/<name>.json):
//   {"format": "tramontane-preset", "version": 1, "id": "none", "order": 0, "name": "None",
//    "text": "", "source": "..."}
// Exchange file (export_json / import_json):
//   {"format": "tramontane-presets", "version": 1, "presets": [{"name": "...", "text": "..."}]}
// import_json also takes a single preset file. Names are unique (case-insensitive).
#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

#include "gui/core/preset.h"
#include "gui/core/store_result.h"

namespace tramontane::gui {

class ChatStore;

class PresetStore {
  Q_DECLARE_TR_FUNCTIONS(PresetStore)

 public:
  static constexpr qint64 kMaxNameChars = 200;
  static constexpr qint64 kMaxTextChars = 100000;
  static constexpr qint64 kMaxImportBytes = 8 * 1024 * 1024;
  static constexpr int kMaxImportPresets = 1000;

  explicit PresetStore(ChatStore& store) : store_(store) {}

  // The shipped presets in their fixed order (None, Mistral guardrail, Llama 2 safety prompt),
  // names translated.
  static StoreResult<QList<Preset>> builtin_presets();

  // Built-ins first, then user presets by name.
  StoreResult<QList<Preset>> presets() const;
  StoreResult<Preset> preset(const QString& id) const;
  StoreResult<Preset> create(const QString& name, const QString& text);
  std::optional<QString> update(const QString& id, const QString& name, const QString& text);
  StoreResult<Preset> duplicate(const QString& id);   // a user copy named "<name> (copy)"
  std::optional<QString> remove(const QString& id);

  // The given presets (built-in ones too) in the exchange format.
  StoreResult<QByteArray> export_json(const QStringList& ids) const;
  // Adds every preset of the file as a new user preset (name made unique); all or nothing.
  StoreResult<QList<Preset>> import_json(const QByteArray& json, const QString& source_label);
  // The same from a file; a file over kMaxImportBytes is refused before it is read.
  StoreResult<QList<Preset>> import_json_file(const QString& file_path);

 private:
  StoreResult<QList<Preset>> user_presets() const;
  std::optional<QString> validate(const QString& name, const QString& text, const QString& except_id) const;
  StoreResult<QString> unique_name(const QString& base) const;
  std::optional<QString> insert(const Preset& preset);

  ChatStore& store_;
};

}  // namespace tramontane::gui
