#pragma once
// A message for the user, shown in the message area of a tab.
#include <QList>
#include <QString>

namespace olis::ui {

struct UiMessage {
  enum class Level { Info, Warning, Error };
  Level level = Level::Info;
  QString text;
};
using UiMessages = QList<UiMessage>;

}  // namespace olis::ui
