// ChatStore::search: full-text search over every conversation that is not deleted.
//
// The index is FTS5 with the trigram tokenizer: a quoted term of 3 or more characters matches
// anywhere inside a word, in any script. Shorter terms cannot use a trigram index, so they
// filter with LIKE (ASCII case-insensitive). "cat sat ok" -> MATCH '"cat" "sat"' AND LIKE '%ok%'.
// Matches come back as a plain-text snippet plus highlight ranges (never HTML from the data).
#include <QSqlQuery>

#include <algorithm>

#include "gui/core/chat_store.h"
#include "gui/core/chat_store_rows.h"
#include "gui/core/sql_util.h"

namespace tramontane::gui {

namespace {

constexpr int kMaxQueryChars = 1000;
constexpr int kMaxTerms = 16;
constexpr int kMaxResults = 1000;
constexpr int kSnippetBefore = 30;   // characters of context before a LIKE match
constexpr int kSnippetChars = 90;    // snippet length for LIKE matches
const QChar kMarkStart(0x02);        // snippet() markers; stripped from the text shown
const QChar kMarkEnd(0x03);
const QString kEllipsis = QStringLiteral("\u2026");

int code_points(const QString& s) { return static_cast<int>(s.toUcs4().size()); }

QString like_pattern(const QString& term) {
  QString escaped;
  for (QChar c : term) {
    if (c == QLatin1Char('\\') || c == QLatin1Char('%') || c == QLatin1Char('_')) escaped += QLatin1Char('\\');
    escaped += c;
  }
  return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// Splits an FTS snippet with markers into text and (start, length) ranges.
void parse_marked(const QString& marked, SearchHit* hit) {
  int start = -1;
  for (QChar c : marked) {
    if (c == kMarkStart) {
      start = static_cast<int>(hit->snippet.size());
    } else if (c == kMarkEnd) {
      if (start >= 0 && hit->snippet.size() > start) {
        hit->highlights.append({start, static_cast<int>(hit->snippet.size()) - start});
      }
      start = -1;
    } else {
      hit->snippet += c;
    }
  }
}

// A window of `content` around the first case-insensitive occurrence of any term.
QString window_around(const QString& content, const QStringList& terms) {
  qsizetype first = -1;
  for (const QString& t : terms) {
    const qsizetype at = content.indexOf(t, 0, Qt::CaseInsensitive);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  qsizetype begin = std::max<qsizetype>(0, first - kSnippetBefore);
  qsizetype end = std::min<qsizetype>(content.size(), begin + kSnippetChars);
  if (begin > 0 && content.at(begin).isLowSurrogate()) ++begin;   // never split a pair
  if (end < content.size() && content.at(end).isLowSurrogate()) ++end;
  QString out = content.mid(begin, end - begin);
  out.remove(kMarkStart);
  out.remove(kMarkEnd);
  if (begin > 0) out.prepend(kEllipsis);
  if (end < content.size()) out.append(kEllipsis);
  return out;
}

// Adds ranges for every occurrence of the terms, then sorts and merges overlapping ranges.
void highlight_terms(const QStringList& terms, SearchHit* hit) {
  for (const QString& t : terms) {
    for (qsizetype at = hit->snippet.indexOf(t, 0, Qt::CaseInsensitive); at >= 0;
         at = hit->snippet.indexOf(t, at + t.size(), Qt::CaseInsensitive)) {
      hit->highlights.append({static_cast<int>(at), static_cast<int>(t.size())});
    }
  }
  std::sort(hit->highlights.begin(), hit->highlights.end());
  QList<QPair<int, int>> merged;
  for (const auto& r : hit->highlights) {
    if (!merged.isEmpty() && r.first <= merged.back().first + merged.back().second) {
      const int end = std::max(merged.back().first + merged.back().second, r.first + r.second);
      merged.back().second = end - merged.back().first;
    } else {
      merged.append(r);
    }
  }
  hit->highlights = merged;
  hit->snippet.replace(QLatin1Char('\n'), QLatin1Char(' '));   // one line; same length
  hit->snippet.replace(QLatin1Char('\r'), QLatin1Char(' '));
}

}  // namespace

StoreResult<QList<SearchHit>> ChatStore::search(const QString& query, int limit) const {
  if (auto err = check_usable()) return StoreError{*err};
  QList<SearchHit> hits;
  QStringList terms = query.left(kMaxQueryChars).simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
  if (terms.isEmpty()) return hits;
  if (terms.size() > kMaxTerms) terms = terms.mid(0, kMaxTerms);
  limit = std::clamp(limit, 1, kMaxResults);

  QStringList fts_terms, short_terms;
  for (const QString& t : terms) (code_points(t) >= 3 ? fts_terms : short_terms).append(t);

  QString sql;
  QVariantList values;
  QString like_clause;
  QVariantList like_values;
  for (const QString& t : short_terms) {
    like_clause += QStringLiteral(" AND m.content LIKE ? ESCAPE '\\'");
    like_values.append(like_pattern(t));
  }
  if (!fts_terms.isEmpty()) {
    QStringList phrases;
    for (QString t : fts_terms) {
      phrases.append(QLatin1Char('"') + t.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"'));
    }
    sql = QStringLiteral(
        "SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, "
        "snippet(messages_fts, 0, char(2), char(3), '\u2026', 64) "
        "FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid "
        "JOIN conversations c ON c.id = m.conversation_id "
        "WHERE messages_fts MATCH ? AND c.deleted_at IS NULL%1 ORDER BY rank, m.id DESC LIMIT ?")
              .arg(like_clause);
    values.append(phrases.join(QLatin1Char(' ')));
  } else {
    sql = QStringLiteral(
        "SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, m.content "
        "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "WHERE c.deleted_at IS NULL%1 ORDER BY m.id DESC LIMIT ?")
              .arg(like_clause);
  }
  values.append(like_values);
  values.append(limit);

  QSqlQuery q(connection());
  q.setForwardOnly(true);
  if (auto err = sql_exec(q, sql, values)) return StoreError{fail(QT_TR_NOOP("cannot search"), *err)};
  while (q.next()) {
    SearchHit hit;
    hit.message_id = q.value(0).toLongLong();
    hit.conversation_id = q.value(1).toLongLong();
    hit.conversation_title = q.value(2).toString();
    hit.role = role_from_code(q.value(3).toString()).value_or(Role::User);
    hit.created_at = q.value(4).toLongLong();
    if (!fts_terms.isEmpty()) {
      parse_marked(q.value(5).toString(), &hit);
    } else {
      hit.snippet = window_around(q.value(5).toString(), short_terms);
    }
    highlight_terms(short_terms, &hit);
    hits.append(hit);
  }
  return hits;
}

}  // namespace tramontane::gui
