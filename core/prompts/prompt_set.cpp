// The structured sampler: 20 / 60 / 20 training-based, photoreal and styled prompts (paper §3).
#include "core/prompts/prompt_set.h"

#include <cstdio>
#include <set>
#include <unordered_set>
#include <utility>

#include "core/prompts/caption.h"
#include "core/prompts/text_util.h"
#include "core/util/error.h"

namespace olis::prompts {

namespace {

// Deals indices 0..n-1 in a shuffled order and reshuffles when all were dealt, so every entry of a pool
// is used about equally often.
class Deck {
 public:
  explicit Deck(std::size_t n) : order_(n) {
    for (std::size_t i = 0; i < n; ++i) order_[i] = i;
    pos_ = n;
  }
  std::size_t next(PromptRng& rng) {
    if (pos_ >= order_.size()) {
      for (std::size_t i = order_.size(); i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);  // Fisher-Yates
      pos_ = 0;
    }
    return order_[pos_++];
  }

 private:
  std::vector<std::size_t> order_;
  std::size_t pos_ = 0;
};

constexpr int kMaxAttempts = 16;
constexpr std::uint64_t kSeedMask = (std::uint64_t{1} << 53) - 1;

// Backgrounds of the user's captions, deduplicated, without any trace of the identifier.
std::vector<std::string> caption_backgrounds(const Subject& subject, const std::vector<std::string>& captions) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& c : captions) {
    auto bg = extract_background(detail::trim(c).empty() ? default_caption(subject) : c, subject);
    if (bg.empty() || bg.find(kPlaceholder) != std::string::npos || detail::contains_word(bg, subject.identifier)) continue;
    if (seen.insert(detail::normalize_key(bg)).second) out.push_back(bg);
  }
  return out;
}

}  // namespace

std::vector<PromptItem> sample_prompt_set(const PoolSet& pools, const PromptSetParams& params) {
  const Subject& subject = params.subject;
  if (auto problems = check_subject(subject); !problems.empty()) throw Error(problems.front());
  if (params.count < 0) throw Error("the number of regularization prompts must not be negative");
  const KindPool& pool = pools.for_kind(subject.kind);
  for (std::size_t s = 0; s < kSlotCount; ++s)
    if (pool.slots[s].empty())
      throw Error(std::string("the ") + to_string(subject.kind) + " pool has no " +
                  slot_name(subject.kind, static_cast<PoolSlot>(s)) + " entries");
  std::vector<const Style*> photo_styles, art_styles;
  for (const auto& s : pools.styles) (s.photographic ? photo_styles : art_styles).push_back(&s);
  if (photo_styles.empty() || art_styles.empty())
    throw Error("the style pool needs at least one photographic and one non-photographic style");

  auto backgrounds = caption_backgrounds(subject, params.captions);
  if (backgrounds.empty()) backgrounds.push_back("");  // training prompts without a background

  PromptRng rng(params.seed);
  std::array<Deck, 3> adjective_decks = {Deck(pool.slots[0].size()), Deck(pool.slots[1].size()), Deck(pool.slots[2].size())};
  Deck scene_deck(pool[PoolSlot::Scene].size());
  Deck photo_deck(photo_styles.size()), art_deck(art_styles.size()), background_deck(backgrounds.size());
  const SceneType pool_scene = subject.kind == SubjectKind::Object ? SceneType::Background : SceneType::Motion;

  const auto counts = category_counts(params.count);
  std::vector<std::pair<PromptCategory, int>> plan = {{PromptCategory::Training, counts.training},
                                                      {PromptCategory::Photoreal, counts.photoreal},
                                                      {PromptCategory::Styled, counts.styled}};
  std::vector<PromptItem> items;
  items.reserve(static_cast<std::size_t>(params.count));
  std::unordered_set<std::string> seen;  // membership only: iteration order never matters
  seen.reserve(static_cast<std::size_t>(params.count) * 2);
  for (const auto& [category, n] : plan) {
    for (int k = 0; k < n; ++k) {
      PromptItem item;
      item.category = category;
      bool found = false;
      for (int attempt = 0; attempt < kMaxAttempts && !found; ++attempt) {
        PromptSlots s;
        s.kind = subject.kind;
        s.class_name = subject.prompt_class();
        for (std::size_t a = 0; a < 3; ++a) s.adjectives[a] = pool.slots[a][adjective_decks[a].next(rng)];
        if (category == PromptCategory::Training) {
          s.scene = backgrounds[background_deck.next(rng)];
          s.scene_type = s.scene.empty() ? SceneType::None : SceneType::Background;
        } else {
          s.style = category == PromptCategory::Photoreal ? photo_styles[photo_deck.next(rng)]->text
                                                          : art_styles[art_deck.next(rng)]->text;
          s.scene = pool[PoolSlot::Scene][scene_deck.next(rng)];
          s.scene_type = pool_scene;
        }
        std::string text = render_prompt(s);
        if (detail::contains_word(text, subject.identifier)) continue;  // never teach the identifier as a prior
        item.slots = std::move(s);
        item.prompt = std::move(text);
        found = seen.insert(item.prompt).second;
        if (!found && attempt + 1 < kMaxAttempts) item.prompt.clear();
      }
      if (item.prompt.empty())
        throw Error("the identifier '" + subject.identifier +
                    "' occurs in the prompt pools; choose a rarer word as identifier");
      item.seed = rng.next_u64() & kSeedMask;
      char id[32];
      std::snprintf(id, sizeof id, "reg-%05zu", items.size());
      item.id = id;
      items.push_back(std::move(item));
    }
  }
  return items;
}

}  // namespace olis::prompts
