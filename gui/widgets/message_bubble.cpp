#include "gui/widgets/message_bubble.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QStyle>
#include <QTimer>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace tramontane::gui {

MessageBubble::MessageBubble(const Message& message, QWidget* parent) : QFrame(parent), message_(message) {
  const bool user = message_.role == Role::User;
  setObjectName(user ? QStringLiteral("userBubble") : QStringLiteral("assistantBubble"));
  setFrameShape(QFrame::StyledPanel);
  setStyleSheet(QStringLiteral(
      "QFrame#userBubble { background: #e3eefc; border: 1px solid #c4d7f2; border-radius: 8px; }"
      "QFrame#assistantBubble { background: #f4f4f4; border: 1px solid #dddddd; border-radius: 8px; }"
      "QFrame#userBubble[highlight=\"true\"], QFrame#assistantBubble[highlight=\"true\"] { border: 2px solid #e0a000; }"
      "QTextBrowser { background: transparent; border: none; }"));

  header_ = new QLabel(this);
  header_->setObjectName(QStringLiteral("bubbleHeader"));
  header_->setTextFormat(Qt::PlainText);
  QFont small = header_->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  small.setBold(true);
  header_->setFont(small);
  badge_ = new QLabel(this);
  badge_->setObjectName(QStringLiteral("moderationBadge"));
  badge_->setTextFormat(Qt::PlainText);
  QFont badge_font = badge_->font();
  badge_font.setPointSizeF(badge_font.pointSizeF() * 0.85);
  badge_->setFont(badge_font);

  body_ = new QTextBrowser(this);
  body_->setObjectName(QStringLiteral("bubbleBody"));
  body_->setOpenExternalLinks(true);
  body_->setFrameShape(QFrame::NoFrame);
  body_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  body_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  body_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
  body_->setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
  render_timer_ = new QTimer(this);
  render_timer_->setSingleShot(true);
  render_timer_->setInterval(kStreamRenderMs);
  connect(render_timer_, &QTimer::timeout, this, &MessageBubble::render);
  connect(body_->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
          [this] { fitHeight(); });

  auto make_button = [this](const char* name) {
    auto* b = new QToolButton(this);
    b->setObjectName(QLatin1String(name));
    b->setAutoRaise(true);
    return b;
  };
  copy_ = make_button("copyButton");
  copy_code_ = make_button("copyCodeButton");
  edit_ = make_button("editButton");
  regenerate_ = make_button("regenerateButton");
  previous_ = make_button("previousBranchButton");
  next_ = make_button("nextBranchButton");
  previous_->setText(QStringLiteral("<"));
  next_->setText(QStringLiteral(">"));
  branch_label_ = new QLabel(this);
  branch_label_->setObjectName(QStringLiteral("branchLabel"));
  connect(copy_, &QToolButton::clicked, this, &MessageBubble::copyText);
  connect(copy_code_, &QToolButton::clicked, this, &MessageBubble::copyCode);
  connect(edit_, &QToolButton::clicked, this, [this] { emit editRequested(message_.id); });
  connect(regenerate_, &QToolButton::clicked, this, [this] { emit regenerateRequested(message_.id); });
  connect(previous_, &QToolButton::clicked, this, [this] {
    if (branch_.previous) emit branchRequested(branch_.previous);
  });
  connect(next_, &QToolButton::clicked, this, [this] {
    if (branch_.next) emit branchRequested(branch_.next);
  });

  auto* actions = new QHBoxLayout;
  actions->setContentsMargins(0, 0, 0, 0);
  actions->addWidget(previous_);
  actions->addWidget(branch_label_);
  actions->addWidget(next_);
  actions->addStretch(1);
  actions->addWidget(edit_);
  actions->addWidget(regenerate_);
  actions->addWidget(copy_code_);
  actions->addWidget(copy_);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(10, 6, 10, 4);
  layout->setSpacing(2);
  auto* top = new QHBoxLayout;
  top->setContentsMargins(0, 0, 0, 0);
  top->addWidget(header_);
  top->addStretch(1);
  top->addWidget(badge_);
  layout->addLayout(top);
  layout->addWidget(body_);
  layout->addLayout(actions);

  edit_->setVisible(user);
  regenerate_->setVisible(false);
  setBranch({});
  render();
  retranslateUi();
}

QString MessageBubble::renderedText() const { return body_->toPlainText(); }

void MessageBubble::setText(const QString& markdown) {
  message_.content = markdown;
  // While streaming, Markdown is rendered at most every kStreamRenderMs (the whole text is
  // parsed again each time, so rendering per token would fall behind a fast model).
  if (message_.streaming) {
    if (!render_timer_->isActive()) render_timer_->start();
    return;
  }
  render();
}

void MessageBubble::render() {
  render_timer_->stop();
  const QString& markdown = message_.content;
  if (markdown == rendered_source_ && !body_->document()->isEmpty()) return;
  rendered_source_ = markdown;
  if (message_.role == Role::User) {
    body_->setPlainText(markdown);   // what the user typed, exactly
  } else {
    body_->setMarkdown(markdown);
  }
  copy_code_->setVisible(!codeBlocks(markdown).isEmpty());
  fitHeight();
}

void MessageBubble::setStopReason(StopReason reason, bool streaming) {
  message_.stop_reason = reason;
  message_.streaming = streaming;
  header_->setText(headerText());
  if (!streaming) render();
}

void MessageBubble::setBranch(const BranchPosition& branch) {
  branch_ = branch;
  const bool show = branch.count > 1;
  previous_->setVisible(show);
  next_->setVisible(show);
  branch_label_->setVisible(show);
  previous_->setEnabled(branch.previous != 0);
  next_->setEnabled(branch.next != 0);
  branch_label_->setText(QStringLiteral("%1/%2").arg(branch.index + 1).arg(branch.count));
}

void MessageBubble::setCanRegenerate(bool can) { regenerate_->setVisible(can && message_.role == Role::Assistant); }

void MessageBubble::setActionsEnabled(bool enabled) {
  edit_->setEnabled(enabled);
  regenerate_->setEnabled(enabled);
  previous_->setEnabled(enabled && branch_.previous != 0);
  next_->setEnabled(enabled && branch_.next != 0);
}

void MessageBubble::setHighlighted(bool on) {
  setProperty("highlight", on);
  style()->unpolish(this);
  style()->polish(this);
}

QStringList MessageBubble::codeBlocks(const QString& markdown) {
  static const QRegularExpression fence(QStringLiteral("(?:^|\\n)[ ]{0,3}(```+|~~~+)[^\\n]*\\n(.*?)(?:\\n[ ]{0,3}\\1[ \\t]*(?=\\n|$)|$)"),
                                        QRegularExpression::DotMatchesEverythingOption);
  QStringList blocks;
  auto it = fence.globalMatch(markdown);
  while (it.hasNext()) blocks.append(it.next().captured(2));
  return blocks;
}

void MessageBubble::copyText() { QGuiApplication::clipboard()->setText(message_.content); }

void MessageBubble::copyCode() {
  const QStringList blocks = codeBlocks(message_.content);
  if (!blocks.isEmpty()) QGuiApplication::clipboard()->setText(blocks.join(QStringLiteral("\n\n")));
}

void MessageBubble::fitHeight() {
  const int width = body_->viewport()->width();
  if (width > 0) body_->document()->setTextWidth(width);
  const qreal h = body_->document()->size().height();
  body_->setFixedHeight(static_cast<int>(std::ceil(h)) + 2 * body_->frameWidth() + 2);
}

QString MessageBubble::headerText() const {
  if (message_.role == Role::User) return tr("You");
  QString text = message_.model.isEmpty() ? tr("Assistant") : tr("Assistant · %1").arg(message_.model);
  if (!message_.preset_name.isEmpty() && message_.preset_id != QLatin1String("none")) {
    text += QStringLiteral(" · ") + message_.preset_name;
  }
  if (message_.streaming) return text + QStringLiteral(" · ") + tr("writing…");
  switch (message_.stop_reason) {
    case StopReason::Stopped: return text + QStringLiteral(" · ") + tr("stopped");
    case StopReason::MaxTokens: return text + QStringLiteral(" · ") + tr("token limit reached");
    case StopReason::ContextFull: return text + QStringLiteral(" · ") + tr("context full");
    case StopReason::Error: return text + QStringLiteral(" · ") + tr("failed");
    case StopReason::Interrupted: return text + QStringLiteral(" · ") + tr("interrupted");
    default: return text;
  }
}

void MessageBubble::setModeration(const std::optional<QJsonObject>& verdict) {
  message_.moderation = verdict;
  updateBadge();
}

bool MessageBubble::badgeShown() const { return !badge_->isHidden(); }

QString MessageBubble::badgeText() const { return badgeShown() ? badge_->text() : QString(); }

QString MessageBubble::badgeTextFor(const std::optional<QJsonObject>& verdict) {
  if (!verdict || verdict->isEmpty()) return {};
  if (verdict->value(QStringLiteral("action")).toString() == QLatin1String("log")) return {};
  if (verdict->contains(QStringLiteral("error"))) return tr("Moderation failed");
  if (!verdict->value(QStringLiteral("flagged")).toBool()) return tr("Safe");
  const QString category = verdict->value(QStringLiteral("category")).toString();
  return category.isEmpty() ? tr("Flagged") : tr("Flagged: %1").arg(category);
}

void MessageBubble::updateBadge() {
  const QString text = badgeTextFor(message_.moderation);
  badge_->setText(text);
  badge_->setVisible(!text.isEmpty());
  if (text.isEmpty()) return;
  const QJsonObject& v = *message_.moderation;
  const bool flagged = v.value(QStringLiteral("flagged")).toBool() || v.contains(QStringLiteral("error"));
  badge_->setProperty("flagged", flagged);
  badge_->setStyleSheet(flagged ? QStringLiteral("QLabel { color: #ffffff; background: #c0392b; border-radius: 4px; padding: 0 4px; }")
                                : QStringLiteral("QLabel { color: #ffffff; background: #2e8b57; border-radius: 4px; padding: 0 4px; }"));
  QString tip = tr("Moderation (%1, policy %2)")
                    .arg(v.value(QStringLiteral("side")).toString() == QLatin1String("answer") ? tr("answer") : tr("input"),
                         v.value(QStringLiteral("policy")).toString());
  if (v.contains(QStringLiteral("error"))) {
    tip += QStringLiteral("\n") + v.value(QStringLiteral("error")).toString();
  } else {
    tip += QStringLiteral("\n") + tr("P(not safe) = %1, threshold %2")
                                      .arg(v.value(QStringLiteral("p_unsafe")).toDouble(), 0, 'f', 3)
                                      .arg(v.value(QStringLiteral("threshold")).toDouble(), 0, 'f', 2);
  }
  badge_->setToolTip(tip);
}

void MessageBubble::retranslateUi() {
  header_->setText(headerText());
  updateBadge();
  copy_->setText(tr("Copy"));
  copy_->setToolTip(tr("Copy the message"));
  copy_code_->setText(tr("Copy code"));
  copy_code_->setToolTip(tr("Copy the code blocks of the message"));
  edit_->setText(tr("Edit"));
  edit_->setToolTip(tr("Edit the message and send it again (the old version is kept)"));
  regenerate_->setText(tr("Regenerate"));
  regenerate_->setToolTip(tr("Write this answer again (the old answer is kept)"));
  previous_->setToolTip(tr("Previous version"));
  next_->setToolTip(tr("Next version"));
}

void MessageBubble::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslateUi();
  QFrame::changeEvent(event);
}

}  // namespace tramontane::gui
