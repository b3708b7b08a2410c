#include "core/jobs/train_settings_keys.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "core/util/nearest_name.h"

namespace olis::jobs {


namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string format_bound(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

}  // namespace

std::string format_setting_value(const SettingValue& v) {
  struct {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return fmt::format("{}", i); }
    std::string operator()(uint64_t u) const { return fmt::format("{}", u); }
    std::string operator()(double d) const { return fmt::format("{}", d); }
    std::string operator()(const std::string& s) const { return s; }
  } visit;
  return std::visit(visit, v);
}

std::string describe_allowed(const SettingKey& k) {
  switch (k.type) {
    case SettingType::Bool: return "true or false";
    case SettingType::Int: {
      std::string s = fmt::format("a whole number from {} to {}", format_bound(k.min), format_bound(k.max));
      if (k.multiple_of > 1) s += fmt::format(" that is a multiple of {}", k.multiple_of);
      return s;
    }
    case SettingType::Unsigned: return "a whole number from 0 to 18446744073709551615";
    case SettingType::Float:
      return k.min_exclusive ? fmt::format("a number greater than {} and at most {}", format_bound(k.min), format_bound(k.max))
                             : fmt::format("a number from {} to {}", format_bound(k.min), format_bound(k.max));
    case SettingType::Text: return "text";
    case SettingType::Path: return "a file or folder path";
    case SettingType::Choice: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < k.choices.size(); ++i) s += (i ? ", " : "") + k.choices[i];
      return s;
    }
  }
  return "text";
}

std::optional<SettingValue> parse_setting_text(const SettingKey& k, const std::string& text) {
  const char* b = text.data();
  const char* e = text.data() + text.size();
  switch (k.type) {
    case SettingType::Bool: {
      const auto t = lower(text);
      if (t == "true" || t == "yes" || t == "on") return SettingValue(true);
      if (t == "false" || t == "no" || t == "off") return SettingValue(false);
      return std::nullopt;
    }
    case SettingType::Int: {
      int64_t v = 0;
      auto r = std::from_chars(b, e, v);
      if (r.ec != std::errc() || r.ptr != e || text.empty()) return std::nullopt;
      return SettingValue(v);
    }
    case SettingType::Unsigned: {
      uint64_t v = 0;
      auto r = std::from_chars(b, e, v);
      if (r.ec != std::errc() || r.ptr != e || text.empty()) return std::nullopt;
      return SettingValue(v);
    }
    case SettingType::Float: {
      // from_chars, not strtod: the GUI runs under the user's locale, where strtod may expect "0,001".
      double v = 0;
      auto r = std::from_chars(b, e, v);
      if (r.ec != std::errc() || r.ptr != e || text.empty() || !std::isfinite(v)) return std::nullopt;
      return SettingValue(v);
    }
    case SettingType::Choice: {
      const auto t = lower(text);
      for (const auto& c : k.choices)
        if (c == t) return SettingValue(c);
      return std::nullopt;
    }
    case SettingType::Text:
    case SettingType::Path: return SettingValue(text);
  }
  return std::nullopt;
}

std::optional<std::string> check_setting_value(const SettingKey& k, const SettingValue& value, const std::string& who) {
  const std::string shown = format_setting_value(value);
  const auto wrong = [&]() -> std::string {
    return fmt::format("{} is {}, but it must be {}.", who, shown.empty() ? "empty" : shown, describe_allowed(k));
  };
  switch (k.type) {
    case SettingType::Bool:
      if (!std::holds_alternative<bool>(value)) return wrong();
      return std::nullopt;
    case SettingType::Int: {
      if (!std::holds_alternative<int64_t>(value)) return wrong();
      const auto v = std::get<int64_t>(value);
      const bool out = static_cast<double>(v) < k.min || static_cast<double>(v) > k.max ||
                       (k.multiple_of > 1 && v % k.multiple_of != 0);
      if (!out) return std::nullopt;
      std::string msg = wrong();
      if (v == 0 && !k.zero_hint.empty()) msg += " " + k.zero_hint;
      return msg;
    }
    case SettingType::Unsigned:
      if (!std::holds_alternative<uint64_t>(value)) return wrong();
      return std::nullopt;
    case SettingType::Float: {
      if (!std::holds_alternative<double>(value)) return wrong();
      const auto v = std::get<double>(value);
      const bool out = !std::isfinite(v) || (k.min_exclusive ? v <= k.min : v < k.min) || v > k.max;
      if (!out) return std::nullopt;
      std::string msg = wrong();
      if (v == 0 && !k.zero_hint.empty()) msg += " " + k.zero_hint;
      return msg;
    }
    case SettingType::Choice: {
      if (!std::holds_alternative<std::string>(value)) return wrong();
      const auto& s = std::get<std::string>(value);
      if (std::find(k.choices.begin(), k.choices.end(), s) != k.choices.end()) return std::nullopt;
      std::string msg = wrong();
      if (auto near = nearest_name(s, k.choices); !near.empty()) msg += fmt::format(" Did you mean {}?", near);
      return msg;
    }
    case SettingType::Text:
    case SettingType::Path:
      if (!std::holds_alternative<std::string>(value)) return wrong();
      if (k.name == "base_model" && std::get<std::string>(value).empty())
        return fmt::format("{} is empty, but it must name the base model (a diffusers folder or a .safetensors file).", who);
      if (k.name == "device") {
        const auto& d = std::get<std::string>(value);
        const bool ok = d == "auto" || d == "cpu" || d == "cuda" ||
                        (d.rfind("cuda:", 0) == 0 && d.size() > 5 && d.size() <= 8 &&
                         std::all_of(d.begin() + 5, d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
        if (!ok) return fmt::format("{} is {}, but it must be auto, cpu, cuda or cuda:N (N = 0, 1, ...).", who, d.empty() ? "empty" : d);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::string settings_reference_markdown() {
  std::string out = "| key | allowed | default | what it does |\n|---|---|---|---|\n";
  for (const auto& k : train_setting_keys()) {
    std::string doc = k.doc;
    for (std::size_t p = doc.find('|'); p != std::string::npos; p = doc.find('|', p + 2)) doc.replace(p, 1, "\\|");
    out += fmt::format("| `{}` | {} | {} | {} |\n", k.name, describe_allowed(k), k.default_doc, doc);
  }
  return out;
}

std::string nearest_train_setting(std::string_view unknown, std::string_view group) {
  const std::string prefix = group.empty() ? std::string() : std::string(group) + ".";
  const std::string full = prefix + std::string(unknown);
  const auto key_lower = lower(unknown);
  // Names other trainers use, wherever they are written.
  for (const auto& k : train_setting_keys())
    for (const auto& a : k.aliases)
      if (a == key_lower) return k.name;
  // Typos of a key of the same mapping, then of any key (written in the wrong place or by its last part).
  std::vector<std::string> same_group, all, last_parts;
  for (const auto& k : train_setting_keys()) {
    all.push_back(k.name);
    const auto dot = k.name.rfind('.');
    const std::string k_group = dot == std::string::npos ? "" : k.name.substr(0, dot);
    if (k_group == group) same_group.push_back(k.name.substr(dot == std::string::npos ? 0 : dot + 1));
    if (dot != std::string::npos && k.name.substr(dot + 1) == key_lower) return k.name;
  }
  if (auto n = nearest_name(unknown, same_group); !n.empty()) return prefix + n;
  if (auto n = nearest_name(full, all); !n.empty()) return n;
  for (const auto& g : train_setting_groups())
    if (g == key_lower) return g;
  return {};
}

}  // namespace olis::jobs
