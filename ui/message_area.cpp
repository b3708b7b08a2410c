#include "ui/message_area.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace olis::ui {

QString breakableHtml(const QString& text) {
  return text.toHtmlEscaped().replace(QLatin1Char('/'), QStringLiteral("/&#8203;"));
}

MessageArea::MessageArea(QWidget* parent) : QWidget(parent) {
  label_ = new QLabel(this);
  label_->setObjectName("messages");
  label_->setWordWrap(true);
  label_->setTextFormat(Qt::RichText);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  close_ = new QToolButton(this);
  close_->setAutoRaise(true);
  close_->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
  close_->setToolTip(tr("Dismiss these messages"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 6, 4, 6);
  layout->addWidget(label_, 1);
  layout->addWidget(close_, 0, Qt::AlignTop);
  setAutoFillBackground(true);
  connect(close_, &QToolButton::clicked, this, &MessageArea::clear);
  hide();
}

void MessageArea::showMessages(const UiMessages& messages) {
  messages_ = messages;
  if (messages.isEmpty()) {
    clear();
    return;
  }
  QStringList lines;
  bool any_error = false, any_warning = false;
  for (const UiMessage& m : messages) {
    QString icon, color;
    switch (m.level) {
      case UiMessage::Level::Error: icon = QStringLiteral("✖"); color = QStringLiteral("#b71c1c"); any_error = true; break;
      case UiMessage::Level::Warning: icon = QStringLiteral("⚠"); color = QStringLiteral("#8a5a00"); any_warning = true; break;
      case UiMessage::Level::Info: icon = QStringLiteral("✔"); color = QStringLiteral("#1b5e20"); break;
    }
    lines << QStringLiteral("<span style='color:%1'>%2 %3</span>").arg(color, icon, breakableHtml(m.text));
  }
  label_->setText(lines.join(QStringLiteral("<br>")));
  QPalette p = palette();
  p.setColor(QPalette::Window, any_error ? QColor(0xfd, 0xec, 0xea) : any_warning ? QColor(0xff, 0xf4, 0xe0)
                                                                                  : QColor(0xe8, 0xf5, 0xe9));
  setPalette(p);
  show();
}

void MessageArea::clear() {
  messages_.clear();
  label_->clear();
  hide();
}

QString MessageArea::plainText() const {
  QStringList lines;
  for (const UiMessage& m : messages_) lines << m.text;
  return lines.join(QLatin1Char('\n'));
}

}  // namespace olis::ui
