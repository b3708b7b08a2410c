// Validation of pool entries: empty, duplicate, trailing punctuation, $concept in motions.
#include <map>

#include "core/prompts/articles.h"
#include "core/prompts/pools.h"
#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

constexpr std::string_view kTrailingPunctuation = ".,;:!?";

// "a old barn" -> "an old barn": the message names the first article that disagrees with its word.
std::string article_problem(const std::string& entry) {
  const auto fixed = fix_articles(entry);
  if (fixed == detail::join(detail::split_words(entry), " ")) return "";
  const auto a = detail::split_words(entry), b = detail::split_words(fixed);
  for (std::size_t i = 0; i + 1 < a.size() && i < b.size(); ++i)
    if (a[i] != b[i]) return "write '" + b[i] + " " + a[i + 1] + "' instead of '" + a[i] + " " + a[i + 1] + "'";
  return "";
}

std::string where(const std::vector<int>& lines, std::size_t i) {
  if (i < lines.size() && lines[i] > 0) return "line " + std::to_string(lines[i]);
  return "entry " + std::to_string(i + 1);
}

}  // namespace

std::string format_problem(const PoolProblem& p) {
  std::string out = p.file.empty() ? std::string("pool") : p.file.filename().string();
  if (p.line > 0) out += ":" + std::to_string(p.line);
  out += ": " + p.slot;
  if (!p.entry.empty()) out += " '" + p.entry + "'";
  return out + ": " + p.message;
}

std::vector<PoolProblem> check_slot_entries(SubjectKind kind, PoolSlot slot, const std::vector<std::string>& entries,
                                            const std::filesystem::path& file, const std::vector<int>& lines) {
  std::vector<PoolProblem> problems;
  const std::string name = slot_name(kind, slot);
  const bool motion = slot == PoolSlot::Scene && kind != SubjectKind::Object;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string t = detail::trim(entries[i]);
    const int line = i < lines.size() ? lines[i] : 0;
    auto add = [&](std::string msg) { problems.push_back({file, line, name, t, std::move(msg)}); };
    if (t.empty()) {
      add("empty entry; remove it");
      continue;
    }
    if (kTrailingPunctuation.find(t.back()) != std::string_view::npos)
      add(std::string("ends with punctuation; remove the final '") + t.back() + "'");
    const auto key = detail::normalize_key(t);
    if (auto it = seen.find(key); it != seen.end()) {
      add("duplicate of " + where(lines, it->second) + " ('" + detail::trim(entries[it->second]) + "')");
    } else {
      seen.emplace(key, i);
    }
    if (auto art = article_problem(t); !art.empty()) add(art);
    const auto concepts = detail::count_occurrences(t, kConceptToken);
    if (motion) {
      if (concepts != 1)
        add("has " + std::to_string(concepts) + " $concept; a motion needs exactly one, e.g. 'a $concept sitting in a temple'");
      else if (!detail::starts_with(t, "a $concept "))
        add("must start with 'a $concept ' so that styles and adjectives fit in front of it");
    } else if (t.find('$') != std::string::npos) {
      add("contains '$'; only motions use $concept");
    }
  }
  return problems;
}

std::vector<PoolProblem> check_styles(const std::vector<Style>& styles, const std::filesystem::path& file,
                                      const std::vector<int>& lines) {
  std::vector<PoolProblem> problems;
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < styles.size(); ++i) {
    const std::string t = detail::trim(styles[i].text);
    const int line = i < lines.size() ? lines[i] : 0;
    auto add = [&](std::string msg) { problems.push_back({file, line, "styles", t, std::move(msg)}); };
    if (t.empty()) {
      add("empty style; remove it");
      continue;
    }
    if (kTrailingPunctuation.find(t.back()) != std::string_view::npos)
      add(std::string("ends with punctuation; remove the final '") + t.back() + "'");
    else if (!detail::ends_with(t, " of"))
      add("a style must end with 'of' so that the subject can follow, e.g. 'a watercolor painting of'");
    if (t.find('$') != std::string::npos) add("contains '$'; only motions use $concept");
    if (auto art = article_problem(t); !art.empty()) add(art);
    const auto key = detail::normalize_key(t);
    if (auto it = seen.find(key); it != seen.end()) {
      add("duplicate of " + where(lines, it->second) + " ('" + detail::trim(styles[it->second].text) + "')");
    } else {
      seen.emplace(key, i);
    }
  }
  return problems;
}

}  // namespace olis::prompts
