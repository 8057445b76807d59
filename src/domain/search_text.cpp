// Folded text and snippets for search; see search_text.h.

#include "domain/search_text.h"

#include <algorithm>
#include <set>

namespace tawasul::domain {

std::string FoldedText(std::string_view text) {
  std::string out;
  std::size_t last_begin = std::string::npos;
  for (const auto& t : Analyze(text)) {
    if (t.begin == last_begin) continue;  // a digit group's joined form already covers its piece
    last_begin = t.begin;
    if (!out.empty()) out.push_back(' ');
    out += t.term;
  }
  return out;
}

std::string FoldedCaseText(std::string_view reference, std::string_view subject,
                           std::string_view description) {
  return FoldedText(subject) + "\n" + FoldedText(description) + "\n" + FoldedText(reference);
}

std::string FoldedFragment(std::string_view typed) {
  std::string folded = FoldedText(typed);
  std::size_t chars = 0;
  for (unsigned char c : folded) chars += (c & 0xC0) != 0x80 && c != ' ';
  return chars >= kMinPrefixChars ? folded : std::string();
}

std::vector<std::string> DistinctStems(std::string_view text) {
  std::set<std::string> stems;
  for (const auto& t : Analyze(text)) stems.insert(t.stem);
  return {stems.begin(), stems.end()};
}

double StemSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t shared = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  const std::size_t all = a.size() + b.size() - shared;
  return all == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(all);
}

std::vector<SnippetPart> Snippet(std::string_view text, const Query& query,
                                 std::string_view fragment, std::size_t max_words) {
  std::vector<SnippetPart> parts;
  if (text.empty() || max_words == 0) return parts;
  std::set<std::string> stems;
  std::vector<std::string> prefixes;
  for (const auto& clause : query.clauses) {
    if (clause.exclude) continue;
    for (std::size_t i = 0; i < clause.terms.size(); ++i) {
      if (clause.prefix && i + 1 == clause.terms.size()) {
        prefixes.push_back(clause.terms[i].term);
      } else {
        stems.insert(clause.terms[i].stem);
      }
    }
  }
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < fragment.size();) {
    std::size_t end = std::min(fragment.find(' ', at), fragment.size());
    if (end > at) pieces.emplace_back(fragment.substr(at, end - at));
    at = end + 1;
  }
  // One token per original word (a digit group's joined form and its first piece share one).
  std::vector<Token> words;
  for (auto& t : Analyze(text)) {
    if (!words.empty() && t.begin < words.back().end) {
      // Same word: it matches if either form matches (kept on the first).
      if (stems.count(t.stem)) words.back().stem = t.stem;
      continue;
    }
    words.push_back(std::move(t));
  }
  auto matches = [&](const Token& t) {
    if (stems.count(t.stem)) return true;
    for (const auto& p : prefixes) {
      if (t.term.compare(0, p.size(), p) == 0) return true;
    }
    for (const auto& p : pieces) {
      if (t.term.find(p) != std::string::npos) return true;
    }
    return false;
  };
  std::size_t first = 0;
  while (first < words.size() && !matches(words[first])) ++first;
  if (first == words.size()) first = 0;
  const std::size_t start = first > max_words / 3 ? first - max_words / 3 : 0;
  const std::size_t end = std::min(words.size(), start + max_words);
  if (words.empty()) {
    parts.push_back({std::string(text.substr(0, 240)), false});
    return parts;
  }
  auto plain = [&](std::size_t from, std::size_t to) {
    if (to <= from) return;
    if (!parts.empty() && !parts.back().highlight) {
      parts.back().text.append(text.substr(from, to - from));
    } else {
      parts.push_back({std::string(text.substr(from, to - from)), false});
    }
  };
  if (start > 0) parts.push_back({"…", false});
  std::size_t cursor = words[start].begin;
  for (std::size_t i = start; i < end; ++i) {
    const Token& w = words[i];
    plain(cursor, w.begin);
    if (matches(w)) {
      parts.push_back({std::string(text.substr(w.begin, w.end - w.begin)), true});
    } else {
      plain(w.begin, w.end);
    }
    cursor = w.end;
  }
  if (end < words.size()) {
    parts.push_back({"…", false});
  } else {
    plain(cursor, text.size());  // closing punctuation
  }
  return parts;
}

}  // namespace tawasul::domain
