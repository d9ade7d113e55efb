#include "gui/core/chat_types.h"

#include <QStringList>

namespace tramontane::gui {

QString role_code(Role role) {
  switch (role) {
    case Role::System: return QStringLiteral("system");
    case Role::User: return QStringLiteral("user");
    case Role::Assistant: return QStringLiteral("assistant");
  }
  return QStringLiteral("user");
}

std::optional<Role> role_from_code(const QString& code) {
  if (code == QLatin1String("system")) return Role::System;
  if (code == QLatin1String("user")) return Role::User;
  if (code == QLatin1String("assistant")) return Role::Assistant;
  return std::nullopt;
}

QString stop_reason_code(StopReason reason) {
  switch (reason) {
    case StopReason::None: return {};
    case StopReason::EndOfText: return QStringLiteral("eos");
    case StopReason::MaxTokens: return QStringLiteral("max_tokens");
    case StopReason::ContextFull: return QStringLiteral("context_full");
    case StopReason::Stopped: return QStringLiteral("stopped");
    case StopReason::Error: return QStringLiteral("error");
    case StopReason::Interrupted: return QStringLiteral("interrupted");
  }
  return {};
}

std::optional<StopReason> stop_reason_from_code(const QString& code) {
  for (StopReason r : {StopReason::None, StopReason::EndOfText, StopReason::MaxTokens,
                       StopReason::ContextFull, StopReason::Stopped, StopReason::Error,
                       StopReason::Interrupted}) {
    if (stop_reason_code(r) == code) return r;
  }
  return std::nullopt;
}

QString snippet_html(const SearchHit& hit) {
  QString html;
  int pos = 0;
  for (const auto& [start, length] : hit.highlights) {
    if (start < pos || start + length > hit.snippet.size()) continue;   // malformed: skip
    html += hit.snippet.mid(pos, start - pos).toHtmlEscaped();
    html += QStringLiteral("<b>") + hit.snippet.mid(start, length).toHtmlEscaped() +
            QStringLiteral("</b>");
    pos = start + length;
  }
  html += hit.snippet.mid(pos).toHtmlEscaped();
  return html;
}

}  // namespace tramontane::gui
