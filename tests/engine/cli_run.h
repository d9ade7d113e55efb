#pragma once
// Running tramontane-cli from a test: exit code (-1 for a crash, a signal or a hang), stdout, stderr.
#include <QProcess>
#include <QString>
#include <QStringList>

struct Run {
  int code = -1;
  QString out, err;
};

inline Run cli(const QStringList& args, int timeout_ms = 120000) {
  QProcess p;
  p.start(QStringLiteral(TRAMONTANE_CLI), args);
  const bool finished = p.waitForFinished(timeout_ms);
  if (!finished) {
    p.kill();
    p.waitForFinished();
  }
  Run r;
  r.code = finished && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  r.out = QString::fromUtf8(p.readAllStandardOutput());
  r.err = QString::fromUtf8(p.readAllStandardError());
  return r;
}
