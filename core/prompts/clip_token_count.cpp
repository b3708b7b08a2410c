#include "core/prompts/clip_token_count.h"

namespace olis::prompts {

std::function<int(const std::string&)> clip_token_counter(const text::ClipTokenizer& tokenizer) {
  return [tok = tokenizer](const std::string& text) { return static_cast<int>(tok.tokenize(text).size()); };
}

}  // namespace olis::prompts
