#pragma once
// Tooltips for the Train form's fields from the settings key table (core/jobs/train_settings_table.cpp),
// in the UI's language. core/ has no Qt, so the table's English texts are repeated here for lupdate;
// tests/ui/translation_test.cpp keeps the copies equal to the table.
#include <QString>

#include <vector>

namespace olis::ui {

// The English texts of one table key that have a translation here.
struct TranslatedKeyDoc {
  const char* key;
  const char* doc;
  const char* default_doc;
};
const std::vector<TranslatedKeyDoc>& translatedKeyDocs();

// "<doc> Default: <default>. (<key>)", translated where the texts above are; English otherwise (a key
// without a copy here, or a table text changed since). Empty for a key the table does not know.
QString settingTip(const char* key);

}  // namespace olis::ui
