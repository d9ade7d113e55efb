#pragma once
// The question asked at start when the history file is damaged (HistorySafety::is_damaged):
// keep a copy of it aside and start with an empty history, or quit without touching it.
#include <QCoreApplication>
#include <QString>

class QWidget;

namespace tramontane::gui {

class DamagedHistoryDialog {
  Q_DECLARE_TR_FUNCTIONS(DamagedHistoryDialog)

 public:
  enum class Choice { KeepCopyAndStartFresh, Quit };
  // Modal; `error` is what opening the file said. Closing the box is Quit.
  static Choice ask(const QString& path, const QString& error, QWidget* parent = nullptr);
};

}  // namespace tramontane::gui
