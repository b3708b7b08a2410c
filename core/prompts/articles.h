#pragma once
// English indefinite articles for rendered prompts: "a" before a consonant sound, "an" before a vowel
// sound. The vowel rule covers most words; an exceptions list covers the rest ("a unicorn", "a one-eyed",
// "a European", "a U-shaped", "a useful"; "an hour", "an honest", "an heir", "an 8-bit", "an HDR", "an LED",
// "an MRI", "an X-ray").
#include <string>

namespace olis::prompts {

// True when `word` takes "an". Only the word's start matters; case-insensitive except for acronyms
// (all-caps words are read letter by letter: "an LED", "a USB").
bool takes_an(const std::string& word);

// Rewrites every standalone "a"/"an" (any case) to agree with the next word, keeping the capitalisation
// of the article; also collapses runs of spaces and trims. Words listed in `keep_before` (e.g. the
// identifier) keep the article written before them.
std::string fix_articles(const std::string& text, const std::string& keep_before = "");

}  // namespace olis::prompts
