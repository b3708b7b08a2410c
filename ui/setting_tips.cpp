#include "ui/setting_tips.h"

#include <QCoreApplication>

#include "core/jobs/train_settings_keys.h"

namespace olis::ui {

namespace {
constexpr const char* kContext = "olis::ui::SettingTips";
}

const std::vector<TranslatedKeyDoc>& translatedKeyDocs() {
  static const std::vector<TranslatedKeyDoc> docs = {
      {"mode",
       QT_TRANSLATE_NOOP("olis::ui::SettingTips",
                         "full: fine-tune the entire model (UNet and text encoder); lora: rank-r adapters on the UNet "
                         "and the text encoders plus the identifier's embedding rows."),
       QT_TRANSLATE_NOOP("olis::ui::SettingTips",
                         "full for SD 1.x/2.x, lora for SDXL (the paper); lora for every family with memory_profile 12gb")},
      {"steps", QT_TRANSLATE_NOOP("olis::ui::SettingTips", "Training steps (one photo and one regularization image each)."),
       QT_TRANSLATE_NOOP("olis::ui::SettingTips", "4000 for full, 8000 for lora (the paper)")},
      {"lr", QT_TRANSLATE_NOOP("olis::ui::SettingTips", "AdamW learning rate."),
       QT_TRANSLATE_NOOP("olis::ui::SettingTips", "2e-6 for full, 1e-4 for lora (the paper)")},
      {"resolution", QT_TRANSLATE_NOOP("olis::ui::SettingTips", "Training and validation image size in pixels (square)."),
       QT_TRANSLATE_NOOP("olis::ui::SettingTips", "the model's (512 SD 1.x, 768 SD 2.x v-prediction, 1024 SDXL)")},
  };
  return docs;
}

QString settingTip(const char* key) {
  const auto* k = olis::jobs::find_train_setting(key);
  if (!k) return {};
  auto translated = [](const std::string& english) { return QCoreApplication::translate(kContext, english.c_str()); };
  return QCoreApplication::translate("olis::ui::SettingTips", "%1 Default: %2. (%3)")
      .arg(translated(k->doc), translated(k->default_doc), QString::fromLatin1(key));
}

}  // namespace olis::ui
