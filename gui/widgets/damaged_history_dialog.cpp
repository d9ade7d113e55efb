#include "gui/widgets/damaged_history_dialog.h"

#include <QMessageBox>
#include <QPushButton>

namespace tramontane::gui {

DamagedHistoryDialog::Choice DamagedHistoryDialog::ask(const QString& path, const QString& error,
                                                       QWidget* parent) {
  QMessageBox box(parent);
  box.setIcon(QMessageBox::Warning);
  box.setWindowTitle(tr("Damaged chat history"));
  box.setText(tr("The chat history file is damaged and cannot be opened:\n%1").arg(path));
  box.setInformativeText(tr("Tramontane can keep the damaged file under a new name beside it (nothing is "
                            "deleted) and start with an empty history; backups are in the backups "
                            "folder next to it. Or quit and leave the file as it is."));
  box.setDetailedText(error);
  QPushButton* fresh = box.addButton(tr("Keep a copy and start fresh"), QMessageBox::AcceptRole);
  QPushButton* quit = box.addButton(tr("Quit"), QMessageBox::RejectRole);
  box.setDefaultButton(quit);
  box.setEscapeButton(quit);
  box.exec();
  return box.clickedButton() == fresh ? Choice::KeepCopyAndStartFresh : Choice::Quit;
}

}  // namespace tramontane::gui
