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

// The independent random streams of a set (splitmix64 of seed and tag): what one part draws never
// shifts another part.
enum class Stream : std::uint64_t { Training = 0x7261696e, Prior = 0x7072696f, Retry = 0x72657472, Class = 0x636c6173 };
std::uint64_t stream_seed(std::uint64_t seed, Stream stream, std::uint64_t index = 0) {
  std::uint64_t z = seed ^ (static_cast<std::uint64_t>(stream) * 0x9E3779B97F4A7C15ull) ^ (index * 0xD1B54A32D192ED03ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

std::string item_id(std::size_t index) {
  char id[32];
  std::snprintf(id, sizeof id, "reg-%05zu", index);
  return id;
}

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

[[noreturn]] void identifier_in_pools(const Subject& subject) {
  throw Error("the identifier '" + subject.identifier + "' occurs in the prompt pools; choose a rarer word as identifier");
}

// The 20 % from the captions: item k's adjectives are dealt from the training stream (three cards and
// one seed per item, whatever the captions), its background is backgrounds[k % n].
void add_training_items(const KindPool& pool, const Subject& subject, const std::vector<std::string>& backgrounds,
                        int n, std::uint64_t seed, std::unordered_set<std::string>& seen, std::vector<PromptItem>& items) {
  PromptRng rng(stream_seed(seed, Stream::Training));
  std::array<Deck, 3> decks = {Deck(pool.slots[0].size()), Deck(pool.slots[1].size()), Deck(pool.slots[2].size())};
  for (int k = 0; k < n; ++k) {
    PromptSlots s;
    s.kind = subject.kind;
    s.class_name = subject.prompt_class();
    for (std::size_t a = 0; a < 3; ++a) s.adjectives[a] = pool.slots[a][decks[a].next(rng)];
    s.scene = backgrounds.empty() ? std::string() : backgrounds[static_cast<std::size_t>(k) % backgrounds.size()];
    s.scene_type = s.scene.empty() ? SceneType::None : SceneType::Background;
    const std::uint64_t image_seed = rng.next_u64() & kSeedMask;
    std::string text = render_prompt(s);
    // A repeat (or the identifier) is redrawn from this item's own stream, so no other item moves.
    PromptRng retry(stream_seed(seed, Stream::Retry, static_cast<std::uint64_t>(k)));
    for (int attempt = 1; attempt < kMaxAttempts && (seen.count(text) || detail::contains_word(text, subject.identifier));
         ++attempt) {
      for (std::size_t a = 0; a < 3; ++a) s.adjectives[a] = pool.slots[a][retry.below(pool.slots[a].size())];
      text = render_prompt(s);
    }
    if (detail::contains_word(text, subject.identifier)) identifier_in_pools(subject);
    seen.insert(text);
    PromptItem item;
    item.category = PromptCategory::Training;
    item.slots = std::move(s);
    item.prompt = std::move(text);
    item.seed = image_seed;
    item.id = item_id(items.size());
    items.push_back(std::move(item));
  }
}

}  // namespace

std::vector<PromptItem> sample_prompt_set(const PoolSet& pools, const PromptSetParams& params) {
  const Subject& subject = params.subject;
  if (auto problems = check_subject(subject); !problems.empty()) throw Error(problems.front());
  if (params.count < 0) throw Error("the number of regularization prompts must not be negative");
  const KindPool pool = pool_for_subject(pools, subject);  // birds, fish, reptiles: their group's entries
  for (std::size_t s = 0; s < kSlotCount; ++s)
    if (pool.slots[s].empty())
      throw Error(std::string("the ") + to_string(subject.kind) + " pool has no " +
                  slot_name(subject.kind, static_cast<PoolSlot>(s)) + " entries");
  std::vector<const Style*> photo_styles, art_styles;
  for (const auto& s : pools.styles) (s.photographic ? photo_styles : art_styles).push_back(&s);
  if (photo_styles.empty() || art_styles.empty())
    throw Error("the style pool needs at least one photographic and one non-photographic style");

  const auto counts = category_counts(params.count);
  std::vector<PromptItem> items;
  items.reserve(static_cast<std::size_t>(params.count));
  std::unordered_set<std::string> seen;  // membership only: iteration order never matters
  seen.reserve(static_cast<std::size_t>(params.count) * 2);
  add_training_items(pool, subject, caption_backgrounds(subject, params.captions), counts.training, params.seed, seen,
                     items);

  // The caption-independent 80 %. Its prompts always carry a style, training prompts never do, so the
  // two parts cannot repeat each other and `seen` is the same for this part whatever the captions are.
  PromptRng rng(stream_seed(params.seed, Stream::Prior));
  std::array<Deck, 3> adjective_decks = {Deck(pool.slots[0].size()), Deck(pool.slots[1].size()), Deck(pool.slots[2].size())};
  Deck scene_deck(pool[PoolSlot::Scene].size());
  Deck photo_deck(photo_styles.size()), art_deck(art_styles.size());
  const SceneType pool_scene = subject.kind == SubjectKind::Object ? SceneType::Background : SceneType::Motion;
  for (const auto& [category, n] : {std::pair{PromptCategory::Photoreal, counts.photoreal}, std::pair{PromptCategory::Styled, counts.styled}}) {
    for (int k = 0; k < n; ++k) {
      PromptItem item;
      item.category = category;
      bool found = false;
      for (int attempt = 0; attempt < kMaxAttempts && !found; ++attempt) {
        PromptSlots s;
        s.kind = subject.kind;
        s.class_name = subject.prompt_class();
        for (std::size_t a = 0; a < 3; ++a) s.adjectives[a] = pool.slots[a][adjective_decks[a].next(rng)];
        s.style = category == PromptCategory::Photoreal ? photo_styles[photo_deck.next(rng)]->text
                                                        : art_styles[art_deck.next(rng)]->text;
        s.scene = pool[PoolSlot::Scene][scene_deck.next(rng)];
        s.scene_type = pool_scene;
        std::string text = render_prompt(s);
        if (detail::contains_word(text, subject.identifier)) continue;  // never teach the identifier as a prior
        item.slots = std::move(s);
        item.prompt = std::move(text);
        found = seen.insert(item.prompt).second;
        if (!found && attempt + 1 < kMaxAttempts) item.prompt.clear();
      }
      if (item.prompt.empty()) identifier_in_pools(subject);
      item.seed = rng.next_u64() & kSeedMask;
      item.id = item_id(items.size());
      items.push_back(std::move(item));
    }
  }
  return items;
}

std::vector<PromptItem> sample_class_prompt_set(const Subject& subject, int count, std::uint64_t seed) {
  if (auto problems = check_subject(subject); !problems.empty()) throw Error(problems.front());
  if (count < 0) throw Error("the number of regularization prompts must not be negative");
  PromptRng rng(stream_seed(seed, Stream::Class));
  PromptSlots s;
  s.kind = subject.kind;
  s.class_name = detail::trim(subject.class_noun);
  const std::string text = render_prompt(s);  // "a backpack", "glasses"
  std::vector<PromptItem> items(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < items.size(); ++i) {
    items[i].id = item_id(i);
    items[i].category = PromptCategory::Class;
    items[i].slots = s;
    items[i].prompt = text;
    items[i].seed = rng.next_u64() & kSeedMask;
  }
  return items;
}

}  // namespace olis::prompts
