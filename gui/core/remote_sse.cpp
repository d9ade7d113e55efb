#include "gui/core/remote_sse.h"

#include <QCoreApplication>

namespace tramontane::gui {

QList<SseEvent> SseParser::feed(const QByteArray& bytes) {
  QList<SseEvent> out;
  if (failed()) return out;
  qsizetype i = 0;
  if (!started_) {
    line_.append(bytes);
    if (line_.size() < 3 && QByteArray("\xEF\xBB\xBF").startsWith(line_)) return out;
    started_ = true;
    QByteArray all = line_;
    line_.clear();
    if (all.startsWith("\xEF\xBB\xBF")) all.remove(0, 3);
    return feed(all);
  }
  const qsizetype n = bytes.size();
  while (i < n) {
    const char c = bytes[i];
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') {
        ++i;
        continue;
      }
    }
    // Find the next line end from i.
    qsizetype j = i;
    while (j < n && bytes[j] != '\n' && bytes[j] != '\r') ++j;
    if (line_.size() + (j - i) > kMaxLine) {
      error_ = QCoreApplication::translate("SseParser", "a line of the event stream is longer than %1 MiB")
                   .arg(kMaxLine >> 20);
      return out;
    }
    line_.append(bytes.constData() + i, j - i);
    if (j == n) break;  // unfinished line: wait for more bytes
    skip_lf_ = bytes[j] == '\r';
    i = j + 1;
    QByteArray l;
    l.swap(line_);
    line(l, out);
    if (failed()) return out;
  }
  return out;
}

void SseParser::line(const QByteArray& l, QList<SseEvent>& out) {
  if (l.isEmpty()) {  // dispatch
    if (has_data_) out.append(SseEvent{type_.isEmpty() ? QByteArray("message") : type_, data_});
    type_.clear();
    data_.clear();
    has_data_ = false;
    return;
  }
  if (l.startsWith(':')) return;  // comment (keep-alive)
  const qsizetype colon = l.indexOf(':');
  QByteArray field = colon < 0 ? l : l.left(colon);
  QByteArray value = colon < 0 ? QByteArray() : l.mid(colon + 1);
  if (value.startsWith(' ')) value.remove(0, 1);
  if (field == "data") {
    if (data_.size() + value.size() + 1 > kMaxEvent) {
      error_ = QCoreApplication::translate("SseParser", "an event of the stream is larger than %1 MiB")
                   .arg(kMaxEvent >> 20);
      return;
    }
    if (has_data_) data_.append('\n');
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    type_ = value;
  }
}

}  // namespace tramontane::gui
