// The translations in i18n/ are complete: lupdate run over the sources today (into a copy of
// each .ts file) finds every user-visible string already translated, and no translation is
// empty, unfinished, or has the wrong number of plural forms.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString kSource = QStringLiteral(TRAMONTANE_SOURCE_DIR);

struct Counts {
  int messages = 0;
  int unfinished = 0;
  QStringList examples;  // the first few untranslated sources
};

// Reads a .ts file: every current (not vanished/obsolete) message must have a finished, non-empty
// translation (each plural form non-empty for numerus messages).
Counts scan(const QString& path) {
  Counts c;
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    c.unfinished = -1;
    return c;
  }
  QXmlStreamReader xml(&f);
  QString source;
  while (!xml.atEnd()) {
    xml.readNext();
    if (!xml.isStartElement()) continue;
    if (xml.name() == QLatin1String("source")) {
      source = xml.readElementText();
    } else if (xml.name() == QLatin1String("translation")) {
      const QString type = xml.attributes().value("type").toString();
      if (type == "vanished" || type == "obsolete") continue;
      ++c.messages;
      bool empty = false;
      QString text;
      int forms = 0;
      while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
          ++forms;
          if (xml.readElementText().trimmed().isEmpty()) empty = true;
        } else if (xml.isCharacters()) {
          text += xml.text();
        }
      }
      if (forms == 0 && text.trimmed().isEmpty()) empty = true;
      if (type == "unfinished" || empty) {
        ++c.unfinished;
        if (c.examples.size() < 5) c.examples << source;
      }
    }
  }
  if (xml.hasError()) c.unfinished = -2;
  return c;
}

}  // namespace

class TestTranslations : public QObject {
  Q_OBJECT
 private slots:
  void complete_data() {
    QTest::addColumn<QString>("lang");
    for (const char* l : {"en", "ko", "ja", "zh_CN"}) QTest::newRow(l) << l;
  }
  void complete() {
    QFETCH(QString, lang);
    const QString ts = kSource + "/i18n/tramontane_" + lang + ".ts";
    QVERIFY2(QFile::exists(ts), qPrintable(ts));
    // lupdate into a copy: strings added to the sources since the .ts was updated show up as
    // unfinished there.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString copy = tmp.filePath("check.ts");
    QVERIFY(QFile::copy(ts, copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(TRAMONTANE_LUPDATE), {"-silent", "-no-obsolete", "-locations", "none", "-I", kSource, kSource + "/gui", "-ts", copy});
    QVERIFY(p.waitForFinished(120000));
    QVERIFY2(p.exitCode() == 0, p.readAll().constData());
    const Counts c = scan(copy);
    QVERIFY2(c.unfinished >= 0, "unreadable .ts file");
    QVERIFY2(c.messages > 50, qPrintable(QString::number(c.messages)));
    QVERIFY2(c.unfinished == 0, qPrintable(QString("%1: %2 of %3 strings untranslated, e.g. %4")
                                               .arg(lang).arg(c.unfinished).arg(c.messages)
                                               .arg(c.examples.join(" | "))));
  }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
