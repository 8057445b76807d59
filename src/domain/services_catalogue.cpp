// The e-services catalogue's lists, validator and search index (services_catalogue.h). The index
// keeps, per service, the sorted stems of its name (both languages) and of its other texts, and
// its sorted terms for prefix clauses; a search is a binary search per query word and service,
// which is ample for the few thousand services a national portal lists.

#include "domain/services_catalogue.h"

#include <algorithm>
#include <cmath>

#include "domain/text_analyzer.h"

namespace tawasul::domain {

const std::vector<NamedCode>& ServiceChannels() {
  static const std::vector<NamedCode> kList = {
      {"online", "عبر الإنترنت", "Online"},
      {"centre", "مركز الخدمة", "Service centre"},
      {"phone", "الهاتف", "Phone"},
      {"app", "التطبيق", "Mobile app"},
  };
  return kList;
}

const std::vector<NamedCode>& LifeEvents() {
  static const std::vector<NamedCode> kList = {
      {"birth", "ولادة طفل", "Having a baby"},
      {"marriage", "الزواج", "Getting married"},
      {"education", "التعليم", "Education"},
      {"work", "العمل والتوظيف", "Work and employment"},
      {"business", "بدء عمل تجاري", "Starting a business"},
      {"housing", "السكن", "Housing"},
      {"health", "الصحة", "Health"},
      {"vehicles", "المركبات والقيادة", "Vehicles and driving"},
      {"travel", "السفر والإقامة", "Travel and residence"},
      {"utilities", "الكهرباء والماء", "Electricity and water"},
      {"support", "الدعم الاجتماعي", "Social support"},
      {"justice", "القضاء والتوثيق", "Courts and notary"},
      {"retirement", "التقاعد", "Retirement"},
      {"death", "الوفاة", "Death of a relative"},
  };
  return kList;
}

const NamedCode* FindNamedCode(const std::vector<NamedCode>& list, std::string_view code) {
  for (const auto& c : list) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::string_view NameIn(const NamedCode& c, Language language) {
  return language == Language::kArabic ? c.name_ar : c.name_en;
}

void NormalizeSets(EService& s) {
  for (auto* set : {&s.channels, &s.life_events, &s.categories}) {
    std::sort(set->begin(), set->end());
    set->erase(std::unique(set->begin(), set->end()), set->end());
  }
}

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) {
    if (!out.empty()) out.push_back('|');
    out += c;
  }
  return out;
}

std::vector<std::string> SplitCodes(std::string_view joined) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < joined.size()) {
    auto j = joined.find('|', i);
    if (j == std::string_view::npos) j = joined.size();
    auto part = joined.substr(i, j - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    i = j + 1;
  }
  return out;
}

namespace {

std::size_t CodePoints(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

bool ServiceCodeMatches(const std::string& code) {
  if (code.size() < 2 || code.size() > 32) return false;
  auto upper_or_digit = [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
  };
  if (!upper_or_digit(code[0])) return false;
  return std::all_of(code.begin() + 1, code.end(),
                     [&](char ch) { return upper_or_digit(ch) || ch == '_' || ch == '-'; });
}

bool UrlMatches(const std::string& url) {
  auto rest = [&](std::string_view scheme) {
    return url.rfind(scheme, 0) == 0 && url.size() > scheme.size() &&
           url.find_first_of(" \t\r\n\"<>") == std::string::npos;
  };
  return url.size() <= 500 && (rest("https://") || rest("http://"));
}

void CheckText(std::vector<CatalogueFieldError>& out, const std::string& value, const char* field,
               bool required, std::size_t max) {
  if (required && value.empty()) {
    out.push_back({field, "required"});
  } else if (!IsValidUtf8(value)) {
    out.push_back({field, "format"});
  } else if (CodePoints(value) > max) {
    out.push_back({field, "too_long"});
  }
}

}  // namespace

std::vector<CatalogueFieldError> CheckEService(const EService& s, const Catalogue& in_force) {
  std::vector<CatalogueFieldError> out;
  if (s.code.empty()) {
    out.push_back({"code", "required"});
  } else if (!ServiceCodeMatches(s.code)) {
    out.push_back({"code", "format"});
  }
  if (s.entity.empty()) {
    out.push_back({"entity", "required"});
  } else if (!in_force.FindEntity(s.entity)) {
    out.push_back({"entity", "unknown"});
  }
  CheckText(out, s.name_ar, "name_ar", true, 200);
  CheckText(out, s.name_en, "name_en", true, 200);
  if (s.url.empty()) {
    out.push_back({"url", "required"});
  } else if (!UrlMatches(s.url)) {
    out.push_back({"url", "format"});
  }
  const std::pair<const std::string*, const char*> texts[] = {{&s.description_ar, "description_ar"},
                                                              {&s.description_en, "description_en"},
                                                              {&s.audience_ar, "audience_ar"},
                                                              {&s.audience_en, "audience_en"},
                                                              {&s.fees_ar, "fees_ar"},
                                                              {&s.fees_en, "fees_en"},
                                                              {&s.time_ar, "time_ar"},
                                                              {&s.time_en, "time_en"}};
  for (const auto& [value, field] : texts) CheckText(out, *value, field, false, 2000);
  CheckText(out, s.keywords, "keywords", false, 500);
  for (const auto& c : s.channels) {
    if (!FindNamedCode(ServiceChannels(), c)) {
      out.push_back({"channels", "unknown"});
      break;
    }
  }
  for (const auto& e : s.life_events) {
    if (!FindNamedCode(LifeEvents(), e)) {
      out.push_back({"life_events", "unknown"});
      break;
    }
  }
  for (const auto& c : s.categories) {
    if (!in_force.FindCategory(c)) {
      out.push_back({"categories", "unknown"});
      break;
    }
  }
  return out;
}

int UsefulCounts::Percent() const {
  const std::int64_t all = yes + no;
  if (all <= 0) return -1;
  return static_cast<int>(std::lround(100.0 * static_cast<double>(yes) / static_cast<double>(all)));
}

namespace {

void AddTokens(std::string_view text, std::vector<std::string>& stems,
               std::vector<std::string>& terms) {
  for (auto& t : Analyze(text)) {
    stems.push_back(std::move(t.stem));
    terms.push_back(std::move(t.term));
  }
}

void SortUnique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

bool Has(const std::vector<std::string>& sorted, const std::string& s) {
  return std::binary_search(sorted.begin(), sorted.end(), s);
}

bool HasPrefix(const std::vector<std::string>& sorted, const std::string& prefix) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), prefix);
  return it != sorted.end() && it->compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

ServiceIndex::ServiceIndex(std::vector<EService> services) : services_(std::move(services)) {
  std::sort(services_.begin(), services_.end(),
            [](const EService& a, const EService& b) { return a.code < b.code; });
  docs_.reserve(services_.size());
  for (std::size_t i = 0; i < services_.size(); ++i) {
    const auto& s = services_[i];
    Doc d;
    AddTokens(s.name_ar, d.name_stems, d.terms);
    AddTokens(s.name_en, d.name_stems, d.terms);
    for (const std::string* text :
         {&s.description_ar, &s.description_en, &s.audience_ar, &s.audience_en, &s.keywords}) {
      AddTokens(*text, d.other_stems, d.terms);
    }
    SortUnique(d.name_stems);
    SortUnique(d.other_stems);
    SortUnique(d.terms);
    docs_.push_back(std::move(d));
    by_code_.emplace(s.code, i);
  }
}

const EService* ServiceIndex::Find(std::string_view code) const {
  auto it = by_code_.find(code);
  return it == by_code_.end() ? nullptr : &services_[it->second];
}

std::vector<ServiceHit> ServiceIndex::Search(std::string_view query) const {
  std::vector<ServiceHit> hits;
  const Query q = ParseQuery(query);
  if (!q.HasPositive()) return hits;
  for (std::size_t i = 0; i < docs_.size(); ++i) {
    const Doc& d = docs_[i];
    double score = 0;
    bool matched = true;
    for (const auto& clause : q.clauses) {
      // Every word of the clause must occur (in any order: the catalogue's texts are short).
      bool all = true;
      double clause_score = 0;
      for (std::size_t t = 0; t < clause.terms.size(); ++t) {
        const auto& term = clause.terms[t];
        const bool last_prefix = clause.prefix && t + 1 == clause.terms.size();
        if (last_prefix) {
          if (!HasPrefix(d.terms, term.term))
            all = false;
          else
            clause_score += 1;
        } else if (Has(d.name_stems, term.stem)) {
          clause_score += 3;
        } else if (Has(d.other_stems, term.stem)) {
          clause_score += 1;
        } else {
          all = false;
        }
      }
      if (clause.exclude) {
        if (all) matched = false;
      } else if (!all) {
        matched = false;
      } else {
        score += clause_score;
      }
      if (!matched) break;
    }
    if (matched) hits.push_back({i, score});
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const ServiceHit& a, const ServiceHit& b) { return a.score > b.score; });
  return hits;
}

}  // namespace tawasul::domain
