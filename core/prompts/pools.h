#pragma once
// Attribute pools (resources/prompts/{object,living,person,style}.yaml, schema "olis-pool/1") and the
// user's own pool files. Each kind has four slots; the names differ by kind:
//   object:          shape, color, texture, background   (background: "on a rock")
//   living / person: body,  skin,  emotion, motion       (motion: "a $concept sitting in a temple")
// A style pool lists {text, photographic} pairs ("a photo of", true).
//
// The living pool's slots describe furry animals (dogs, cats, rabbits, ...). Animals with another body
// (birds, fish, reptiles) get their own entries from a group that names the class words it applies to:
//   groups:
//     bird:
//       classes: [bird, parrot, owl, ...]
//       slots: {body: [...], skin: [...], motion: [...]}   # a slot left out keeps the main pool's entries
// A subject whose specific class or class noun has one of those words (its last word first) samples
// from its group: "a fluffy parrot perched on a mossy branch", never "a fluffy parrot curled up on a sofa".
//
// User pool files are either a complete pool file (schema olis-pool/1, replaces the built-in pool of that
// kind) or an overlay that edits one:
//   schema: olis-pool-overlay/1
//   kind: object            # object | living | person | style
//   add:    {shape: [lumpy, knobbly], background: ["on a picnic blanket"]}
//   remove: {color: [beige]}
// and for kind: style
//   add:    {styles: [{text: "a linocut print of", photographic: false}]}
//   remove: {styles: ["a blurry photo of"]}
// Removal matches case- and whitespace-insensitively. Files are applied in the order given.
#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/prompts/subject.h"
#include "core/util/error.h"

namespace olis::prompts {

inline constexpr const char* kPoolSchema = "olis-pool/1";
inline constexpr const char* kPoolOverlaySchema = "olis-pool-overlay/1";
inline constexpr const char* kConceptToken = "$concept";

// Slot index, the same for every kind: Shape/Body, Color/Skin, Texture/Emotion, Scene (background/motion).
enum class PoolSlot { Adjective1 = 0, Adjective2 = 1, Adjective3 = 2, Scene = 3 };
inline constexpr std::size_t kSlotCount = 4;

// "shape", "color", "texture", "background" for objects; "body", "skin", "emotion", "motion" otherwise.
const char* slot_name(SubjectKind kind, PoolSlot slot);
// Paper's counts after deduplication (object: 85/93/96/455; living: 89/86/75/744; person: same as living).
std::size_t minimum_pool_size(SubjectKind kind, PoolSlot slot);
inline constexpr std::size_t kMinimumStyles = 99;

// Animals of one body plan within a kind (see above).
struct AnimalGroup {
  std::string name;                                        // "bird"
  std::vector<std::string> classes;                        // lower-case class words: "parrot", "owl"
  std::array<std::vector<std::string>, kSlotCount> slots;  // empty: the kind's own entries
};
inline constexpr std::size_t kMinimumGroupAdjectives = 40;  // Olis' own floor for a group's body / skin
inline constexpr std::size_t kMinimumGroupMotions = 150;

struct KindPool {
  SubjectKind kind = SubjectKind::Object;
  std::array<std::vector<std::string>, kSlotCount> slots;  // indexed by PoolSlot
  std::vector<AnimalGroup> groups;
  const std::vector<std::string>& operator[](PoolSlot s) const { return slots[static_cast<std::size_t>(s)]; }
  std::vector<std::string>& operator[](PoolSlot s) { return slots[static_cast<std::size_t>(s)]; }
};

struct Style {
  std::string text;  // "a watercolor painting of"
  bool photographic = false;
};

struct PoolSet {
  KindPool object, living, person;
  std::vector<Style> styles;
  // Hex digest of every entry in order (and the schema); keys the cache of regularization images.
  std::string version;
  std::vector<std::filesystem::path> sources;  // files that were read, in order

  const KindPool& for_kind(SubjectKind kind) const;
  KindPool& for_kind(SubjectKind kind);
};

struct PoolProblem {
  std::filesystem::path file;
  int line = 0;          // 1-based line in the file, 0 when unknown
  std::string slot;      // "background", "styles"
  std::string entry;     // the offending entry
  std::string message;   // "duplicate of line 40 ('On a rock')"
};
// "object.yaml:41: background 'on a rock.': ends with punctuation; remove the final '.'"
std::string format_problem(const PoolProblem& p);

// Checks one slot's entries: empty entries, duplicates (case/whitespace-insensitive), trailing
// punctuation, and for motions exactly one $concept at the start ("a $concept ..."). `lines` (optional,
// same length) gives each entry's line for the messages.
std::vector<PoolProblem> check_slot_entries(SubjectKind kind, PoolSlot slot, const std::vector<std::string>& entries,
                                            const std::filesystem::path& file = {}, const std::vector<int>& lines = {});
std::vector<PoolProblem> check_styles(const std::vector<Style>& styles, const std::filesystem::path& file = {},
                                      const std::vector<int>& lines = {});

// olis::resources_dir() (core/util/resources.h).
std::filesystem::path resources_dir();
// resources_dir() / "prompts".
std::filesystem::path default_pool_dir();

// Reads and validates one complete pool file. Fails with every problem found (one per line).
Expected<KindPool> load_kind_pool_file(const std::filesystem::path& path);
Expected<std::vector<Style>> load_style_file(const std::filesystem::path& path);

struct PoolOverlay {
  std::string kind;  // "object", "living", "person" or "style"
  std::map<std::string, std::vector<std::string>> add;     // slot name -> entries (not for styles)
  std::map<std::string, std::vector<std::string>> remove;  // slot name -> entries; "styles" -> style texts
  std::vector<Style> add_styles;
};
Expected<PoolOverlay> load_pool_overlay(const std::filesystem::path& path);
// Writes an overlay file (atomically) that load_pool_overlay reads back equal.
Expected<void> save_pool_overlay(const std::filesystem::path& path, const PoolOverlay& overlay);
// Applies an overlay in place; entries to remove that are not there are ignored, added duplicates are skipped.
Expected<void> apply_pool_overlay(PoolSet& pools, const PoolOverlay& overlay);

struct PoolLoadOptions {
  std::filesystem::path pool_dir;                 // empty: default_pool_dir()
  std::vector<std::filesystem::path> user_files;  // complete pool files or overlays, applied in order
};

// Loads object/living/person/style.yaml from pool_dir, applies the user files, validates the result (every
// slot needs at least one entry, the styles at least one photographic and one non-photographic) and
// computes the version.
Expected<PoolSet> load_pool_set(const PoolLoadOptions& options = {});

// Slots below the paper's minimum counts, as messages ("object shape: 40 entries, the paper used 85").
std::vector<std::string> below_minimum(const PoolSet& pools);

// The group whose class words name the subject (its prompt class's words from the last, then the class
// noun's), or nullptr: the kind's own pool.
const AnimalGroup* animal_group_for(const KindPool& pool, const Subject& subject);
// The slots a subject samples from: its group's over the kind's.
KindPool pool_for_subject(const PoolSet& pools, const Subject& subject);

// Recomputes PoolSet::version from the contents.
std::string compute_pool_version(const PoolSet& pools);

}  // namespace olis::prompts
