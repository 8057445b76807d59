#pragma once
// Search around the analyzer (text_analyzer.h): the folded text the partial-word path indexes,
// and the highlighted snippet shown with a hit. Pure; both stores and the API use them, so a hit
// looks the same whatever the backend.

#include <string>
#include <string_view>
#include <vector>

#include "domain/text_analyzer.h"

namespace tawasul::domain {

// The analyzer's terms of `text` joined by single spaces: what the partial-word (trigram) index
// holds, so that a substring typed in any written form meets it after the same folding.
std::string FoldedText(std::string_view text);

// What the partial-word index holds for a case: the folded subject, description and reference
// (whose digit group also appears joined, so "0000123" finds "26-0000123-4").
std::string FoldedCaseText(std::string_view reference, std::string_view subject,
                           std::string_view description);

// The folded form of a typed fragment for the partial-word path: its terms joined by spaces, or
// "" when it is shorter than kMinPrefixChars characters.
std::string FoldedFragment(std::string_view typed);

// The distinct stems of `text` (sorted): what "similar cases" compares.
std::vector<std::string> DistinctStems(std::string_view text);
// Jaccard similarity of two sorted stem sets: shared / all, in [0, 1]; 0 when both are empty.
double StemSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b);

// A piece of a snippet: original text, highlighted or not.
struct SnippetPart {
  std::string text;
  bool highlight = false;
  friend bool operator==(const SnippetPart&, const SnippetPart&) = default;
};

// Up to `max_words` words of `text` around the first word that matches a positive clause of
// `query` (same stem, or for a prefix clause a term that starts with it; a partial-word
// `fragment` also marks words containing it), with every matching word highlighted in the
// original text. "…" parts mark cut ends. The start of the text when nothing matches.
std::vector<SnippetPart> Snippet(std::string_view text, const Query& query,
                                 std::string_view fragment, std::size_t max_words = 24);

}  // namespace tawasul::domain
