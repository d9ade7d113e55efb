#pragma once
// A guardrail preset: the system prompt put before a conversation. Built-in presets ship in
// resources/presets/*.json (ids "none", "mistral-guardrail", "llama2-safety"); user presets live in
// the `presets` table with ids "user-<uuid>".
#include <QString>

namespace tramontane::gui {

struct Preset {
  QString id;
  QString name;   // shown to the user (built-in names are translated on display)
  QString text;   // the system prompt; empty means no system prompt
  bool builtin = false;

  friend bool operator==(const Preset&, const Preset&) = default;
};

}  // namespace tramontane::gui
