#include "core/prompts/caption.h"

#include <algorithm>

#include "core/prompts/text_util.h"

namespace olis::prompts {

namespace {

using detail::to_lower;
using detail::trim;

struct Tok {
  std::size_t begin = 0, end = 0;
  std::string lower;
  bool placeholder = false;
};

bool placeholder_at(const std::string& s, std::size_t i) {
  return i + 5 <= s.size() && to_lower(std::string_view(s).substr(i, 5)) == kPlaceholder;
}

bool is_caption_word_byte(unsigned char c) { return detail::is_word_byte(c) || c == '-' || c == '\''; }

std::vector<Tok> tokenize(const std::string& s) {
  std::vector<Tok> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (placeholder_at(s, i)) {
      out.push_back({i, i + 5, kPlaceholder, true});
      i += 5;
    } else if (is_caption_word_byte(static_cast<unsigned char>(s[i]))) {
      std::size_t b = i;
      while (i < s.size() && !placeholder_at(s, i) && is_caption_word_byte(static_cast<unsigned char>(s[i]))) ++i;
      out.push_back({b, i, to_lower(std::string_view(s).substr(b, i - b)), false});
    } else {
      ++i;
    }
  }
  return out;
}

// Start indices (in toks) of every occurrence of the phrase.
std::vector<std::size_t> find_phrase(const std::vector<Tok>& toks, const std::vector<Tok>& phrase) {
  std::vector<std::size_t> hits;
  if (phrase.empty() || phrase.size() > toks.size()) return hits;
  for (std::size_t j = 0; j + phrase.size() <= toks.size(); ++j) {
    bool match = true;
    for (std::size_t k = 0; k < phrase.size() && match; ++k)
      match = !toks[j + k].placeholder && toks[j + k].lower == phrase[k].lower;
    if (match) hits.push_back(j);
  }
  return hits;
}

struct ClassMatch {
  std::vector<std::size_t> starts;  // occurrences of the class phrase
  std::size_t length = 0;           // tokens in the phrase
};

// Occurrences of the specific class, else of the class noun.
ClassMatch match_class(const std::vector<Tok>& toks, const Subject& subject) {
  for (const auto* name : {&subject.specific_class, &subject.class_noun}) {
    auto phrase = tokenize(*name);
    if (phrase.empty()) continue;
    auto hits = find_phrase(toks, phrase);
    if (!hits.empty()) return {hits, phrase.size()};
  }
  return {};
}

std::string dq(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

bool CaptionCheck::ok() const {
  return std::none_of(issues.begin(), issues.end(), [](const auto& i) { return i.severity == Severity::Error; });
}
bool CaptionCheck::has(CaptionProblem p) const {
  return std::any_of(issues.begin(), issues.end(), [p](const auto& i) { return i.problem == p; });
}

std::string default_caption(const Subject& subject) { return std::string("a ") + kPlaceholder + " " + subject.prompt_class(); }

std::string render_caption(const std::string& caption, const std::string& identifier) {
  std::string out;
  for (std::size_t i = 0; i < caption.size();) {
    if (placeholder_at(caption, i)) {
      out += identifier;
      i += 5;
    } else {
      out += caption[i++];
    }
  }
  return out;
}

std::string apply_caption_template(const std::string& templ, const Subject& subject, const std::string& current_caption) {
  std::string t = trim(templ);
  const std::string background = extract_background(current_caption, subject);
  t = detail::replace_all(t, "{class}", subject.prompt_class());
  if (!background.empty()) t = detail::replace_all(t, kBackgroundPlaceholder, background);
  return t;
}

std::string extract_background(const std::string& caption, const Subject& subject) {
  const auto toks = tokenize(caption);
  const auto cls = match_class(toks, subject);
  if (cls.starts.empty()) return "";
  std::size_t start = cls.starts.front();
  for (auto s : cls.starts)
    if (s > 0 && toks[s - 1].placeholder) {
      start = s;
      break;
    }
  std::string rest = caption.substr(toks[start + cls.length - 1].end);
  rest = trim(rest);
  while (!rest.empty() && std::string_view(",;:").find(rest.front()) != std::string_view::npos) rest = trim(rest.substr(1));
  while (!rest.empty() && std::string_view(".,;:!?").find(rest.back()) != std::string_view::npos) {
    rest.pop_back();
    rest = trim(rest);
  }
  return rest;
}

int approximate_clip_tokens(const std::string& text) {
  const std::string s = to_lower(text);
  int n = 0;
  std::size_t i = 0;
  auto is_letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || c >= 0x80; };
  auto is_digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_space(c)) {
      ++i;
    } else if (is_letter(c)) {
      std::size_t b = i;
      while (i < s.size() && is_letter(static_cast<unsigned char>(s[i]))) ++i;
      const int len = static_cast<int>(i - b);
      n += 1 + (len > 7 ? (len - 7 + 3) / 4 : 0);
    } else if (is_digit(c)) {
      ++n;
      ++i;
    } else if (c == '\'' && i + 1 < s.size() && is_letter(static_cast<unsigned char>(s[i + 1]))) {
      // CLIP keeps 's 't 're 've 'm 'll 'd together.
      static const char* contractions[] = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
      std::size_t adv = 1;
      for (const char* k : contractions) {
        const std::size_t kl = std::char_traits<char>::length(k);
        if (s.compare(i, kl, k) == 0) adv = kl;
      }
      ++n;
      i += adv;
    } else {
      ++n;  // one token per symbol
      ++i;
    }
  }
  return n;
}

CaptionCheck check_caption(const std::string& caption_in, const Subject& subject, const CaptionOptions& options) {
  CaptionCheck r;
  const std::string cls = subject.prompt_class();
  std::string caption = trim(caption_in);
  const auto offset = caption_in.find_first_not_of(" \t\n\r\f\v");  // ranges refer to the caption as given
  const std::size_t shift = offset == std::string::npos ? 0 : offset;
  auto add = [&](CaptionProblem p, Severity sev, std::string msg, std::string hint, std::size_t b, std::size_t e) {
    r.issues.push_back({p, sev, std::move(msg), std::move(hint), b + shift, e + shift});
  };

  if (caption.empty()) {
    caption = default_caption(subject);
    r.issues.push_back({CaptionProblem::Empty, Severity::Warning, "The caption is empty.",
                        "Olis will use " + dq(caption) +
                            ". A caption that also says where the subject is (\"a <new> " + cls +
                            " on a rock\") teaches the model better.",
                        0, 0});
  }
  r.effective_caption = caption;

  const auto toks = tokenize(caption);
  std::vector<std::size_t> ph;
  for (std::size_t j = 0; j < toks.size(); ++j)
    if (toks[j].placeholder) ph.push_back(j);
  const auto match = match_class(toks, subject);
  const bool class_found = !match.starts.empty();

  if (ph.empty()) {
    if (class_found) {
      const auto at = toks[match.starts.front()].begin;
      add(CaptionProblem::MissingPlaceholder, Severity::Error,
          "The caption has no <new> placeholder, so the identifier would not be learned.",
          "Write <new> just before '" + cls + "': " + dq(caption.substr(0, at) + "<new> " + caption.substr(at)) + ".",
          at, at);
    } else {
      add(CaptionProblem::MissingPlaceholder, Severity::Error,
          "The caption has no <new> placeholder, so the identifier would not be learned.",
          "Name the subject as '<new> " + cls + "', e.g. " + dq(default_caption(subject) + " on a rock") + ".", 0, 0);
    }
  }
  if (ph.size() > 1) {
    add(CaptionProblem::RepeatedPlaceholder, Severity::Error,
        "The caption uses <new> " + std::to_string(ph.size()) + " times; it must appear exactly once.",
        "Keep only the <new> just before '" + cls + "' and remove the others.", toks[ph[1]].begin, toks[ph[1]].end);
  }
  if (detail::trim(cls).empty()) {
    // No class to check against yet (the subject is still being set up): check_subject() reports that.
  } else if (!class_found) {
    std::string hint = "Name the class right after <new>, e.g. " + dq(default_caption(subject) + " on a rock") + ".";
    std::size_t b = 0, e = caption.size();
    if (!ph.empty()) {
      const auto at = toks[ph[0]].end;
      hint = "Write '" + cls + "' right after <new>: " + dq(caption.substr(0, at) + " " + cls + caption.substr(at)) + ".";
      b = toks[ph[0]].begin;
      e = toks[ph[0]].end;
    }
    add(CaptionProblem::MissingClass, Severity::Error, "The caption does not name the class '" + cls + "'.", hint, b, e);
  } else if (!ph.empty()) {
    bool before = false;
    for (auto s : match.starts)
      if (s > 0 && toks[s - 1].placeholder) before = true;
    if (!before) {
      const auto& p = toks[ph[0]];
      // Suggest the caption with <new> moved in front of the first mention of the class.
      std::string moved = caption;
      const auto cls_at = toks[match.starts.front()].begin;
      std::size_t rb = p.begin, re = p.end;
      if (re < moved.size() && moved[re] == ' ') ++re;
      else if (rb > 0 && moved[rb - 1] == ' ') --rb;
      std::size_t ins = cls_at > p.begin ? cls_at - (re - rb) : cls_at;
      moved.erase(rb, re - rb);
      moved.insert(ins, "<new> ");
      const std::string after = p.end < caption.size() && ph[0] + 1 < toks.size() ? toks[ph[0] + 1].lower : "";
      add(CaptionProblem::PlaceholderNotBeforeClass, Severity::Error,
          "<new> must stand directly before the class name '" + cls + "'" +
              (after.empty() ? std::string(".") : ", but it is followed by '" + after + "'."),
          "Move it: " + dq(moved) + ".", p.begin, p.end);
    }
  }

  // A caption template's placeholder left in ("a <new> dog {background}"): the photo's background is
  // what the caption must add (paper: identical captions overfit and leave the 20% empty).
  if (auto at = caption.find(kBackgroundPlaceholder); at != std::string::npos) {
    add(CaptionProblem::UnfilledTemplate, Severity::Error,
        std::string("The caption still has the template's ") + kBackgroundPlaceholder + " placeholder.",
        std::string("Replace ") + kBackgroundPlaceholder + " with where the photo was taken: " +
            dq(caption.substr(0, at) + "on a rock" + caption.substr(at + std::string(kBackgroundPlaceholder).size())) + ".",
        at, at + std::string(kBackgroundPlaceholder).size());
  }

  // Token length of the caption as it is trained.
  const bool exact = static_cast<bool>(options.token_counter);
  auto count = [&](const std::string& text) {
    return (exact ? options.token_counter(text) : approximate_clip_tokens(text)) + 2;
  };
  r.token_count_exact = exact;
  r.token_count = count(render_caption(caption, subject.identifier));
  if (r.token_count > options.max_tokens) {
    // First word whose prefix no longer fits: everything from there on is cut off by CLIP.
    std::size_t lo = 0, hi = toks.size();
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (count(render_caption(caption.substr(0, toks[mid].end), subject.identifier)) > options.max_tokens) hi = mid;
      else lo = mid + 1;
    }
    const std::size_t cut = lo < toks.size() ? toks[lo].begin : caption.size();
    add(CaptionProblem::TooManyTokens, Severity::Error,
        std::string("The caption is ") + (exact ? "" : "about ") + std::to_string(r.token_count) +
            " CLIP tokens long; CLIP reads at most " + std::to_string(options.max_tokens) +
            " (including its start and end tokens) and ignores the rest.",
        "Shorten it: the highlighted words would be cut off.", cut, caption.size());
  }
  r.background = extract_background(caption, subject);
  return r;
}

}  // namespace olis::prompts
