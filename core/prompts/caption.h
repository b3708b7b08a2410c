#pragma once
// Captions of the training photos: "a <new> backpack on a rock". The <new> placeholder becomes the
// subject's identifier when prompts are rendered for training. Captions are validated here; every problem
// carries a message (what is wrong), a fix hint (how to fix it) and a byte range for highlighting.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/prompts/subject.h"
#include "core/util/error.h"

namespace olis::prompts {

inline constexpr const char* kPlaceholder = "<new>";
// In caption templates: where the photo's background goes ("a <new> {class} {background}").
inline constexpr const char* kBackgroundPlaceholder = "{background}";
// The template a new project starts from: it asks for the background of each photo, because identical
// captions overfit and leave the regularization set's training-background prompts (20%) empty.
inline constexpr const char* kDefaultCaptionTemplate = "a <new> {class} {background}";
// CLIP's context: 77 tokens including the start and end tokens.
inline constexpr int kClipMaxTokens = 77;

enum class CaptionProblem {
  Empty,                      // warning: the default caption "a <new> {class}" is used instead
  MissingPlaceholder,         // no <new>
  RepeatedPlaceholder,        // <new> more than once (range: the second one)
  PlaceholderNotBeforeClass,  // <new> is there but not directly followed by the class name
  MissingClass,               // the class name does not appear at all
  TooManyTokens,              // longer than 77 CLIP tokens; CLIP would cut off the end
  UnfilledTemplate,           // the caption template's {background} is still in the caption
};
enum class Severity { Warning, Error };

struct CaptionIssue {
  CaptionProblem problem = CaptionProblem::Empty;
  Severity severity = Severity::Error;
  std::string message;   // "The caption has no <new> placeholder."
  std::string fix_hint;  // "Write <new> just before the class name, e.g. \"a <new> backpack on a rock\"."
  // Byte range [begin, end) in the UTF-8 caption to highlight; begin == end marks a position (e.g. where
  // <new> should go). Qt callers: QString::fromUtf8(caption.substr(0, begin)).size() is the QString index.
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct CaptionOptions {
  // Counts the CLIP BPE tokens of a text WITHOUT the start/end tokens. Unset: approximate_clip_tokens().
  // The exact CLIP tokenizer plugs in here: clip_token_counter(tokenizer) from clip_token_count.h.
  std::function<int(const std::string&)> token_counter;
  int max_tokens = kClipMaxTokens;  // including start and end tokens
};

struct CaptionCheck {
  std::vector<CaptionIssue> issues;
  // Tokens of the caption as trained (placeholder replaced by the identifier) plus start and end tokens.
  int token_count = 0;
  bool token_count_exact = false;  // true when options.token_counter was set
  std::string effective_caption;   // trimmed caption, or the default caption when it was empty
  std::string background;          // extract_background() of the effective caption

  bool ok() const;           // no issue of severity Error
  bool has(CaptionProblem p) const;
};

CaptionCheck check_caption(const std::string& caption, const Subject& subject, const CaptionOptions& options = {});

// "a <new> bear plushie" (the article is always "a": it stands before the identifier, as in DreamBooth).
std::string default_caption(const Subject& subject);

// The text after "<new> {class}" with leading/trailing spaces and final punctuation removed:
// "a <new> backpack on a rock." -> "on a rock". Empty when nothing follows or the class is not found.
// The class matches the specific class or the class noun, case-insensitively.
std::string extract_background(const std::string& caption, const Subject& subject);

// A caption from a template for one photo: {class} becomes the subject's class and {background} the
// background the photo's current caption describes ("on a rock"); without one, {background} stays for the
// user to fill in (check_caption reports it), so that applying the default template never makes the
// captions identical. A template without {background} is applied as written.
std::string apply_caption_template(const std::string& templ, const Subject& subject, const std::string& current_caption);

// Replaces <new> with the identifier: "a <new> backpack" -> "a olis backpack".
std::string render_caption(const std::string& caption, const std::string& identifier);

// Approximation of CLIP's BPE token count (without start/end tokens). Rule: the text is lowercased and
// split like CLIP's pre-tokenizer into words, single digits and runs of other symbols; a word of up to 7
// letters is 1 token and every further 4 letters (rounded up) add 1; each digit is 1 token; a run of
// symbols is 1 token per character. On Olis' own prompts it is off by about 10% on average against CLIP's tokenizer and
// errs high (warns a little early rather than late). Exact counts: core/prompts/clip_token_count.h.
int approximate_clip_tokens(const std::string& text);

// --- Sidecar captions (photo.jpg <-> photo.txt), the convention of other trainers ---
struct CaptionedPhoto {
  std::filesystem::path image;  // photo.jpg
  std::string caption;          // with <new>; empty when the photo has no .txt
  bool has_sidecar = false;     // a photo.txt exists
};

// True for .jpg .jpeg .png .webp .bmp (case-insensitive).
bool is_photo_file(const std::filesystem::path& path);

// Lists the photos of dir (sorted by file name) with the text of their .txt sidecars (trimmed). Sidecars
// written by other trainers hold the identifier instead of <new>: the first whole-word occurrence of
// `identifier` is turned back into <new> when the caption has no <new>.
Expected<std::vector<CaptionedPhoto>> read_sidecar_captions(const std::filesystem::path& dir,
                                                            const std::string& identifier = "olis");

// Writes photo.txt next to each photo (atomically), with <new> replaced by `identifier` so other trainers
// can use the folder. Photos with an empty caption get no sidecar (an existing one is left alone).
Expected<void> write_sidecar_captions(const std::vector<CaptionedPhoto>& photos,
                                      const std::string& identifier = "olis");

}  // namespace olis::prompts
