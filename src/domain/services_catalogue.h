#pragma once
// The e-services catalogue (issue 18, docs/services.md): what the public /services pages, the
// JSON API and the administrators' import and export show of each e-service, the fixed lists of
// channels and life events, the one validator of a service row, and an in-memory search index.
//
// Invariants:
//  * Sets (channels, life events, related categories) are kept sorted and without duplicates
//    (NormalizeSets), so a row written, exported and imported again compares equal.
//  * Channel and life-event codes come from the fixed lists below; a stored row with an unknown
//    code cannot pass CheckEService, so the pages never show a code they cannot name.
//  * ServiceIndex uses the same analyzer as case search (text_analyzer.h: NFKC case folding,
//    alef/ya/ta marbuta folding, diacritics removed, Snowball stems), so "كهرباء", "الكهرباء"
//    and "الكهربآء" find the same services. It is immutable once built: any thread may read it.
//  * Pure: no I/O.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalogue.h"
#include "domain/language.h"

namespace tawasul::domain {

// A code of one of the fixed lists with its names.
struct NamedCode {
  std::string_view code;
  std::string_view name_ar;
  std::string_view name_en;
};

// Where a service can be used: online, at a service centre, by phone, in the mobile app.
const std::vector<NamedCode>& ServiceChannels();
// Life events (birth, marriage, ... ): how citizens look for services besides by entity.
const std::vector<NamedCode>& LifeEvents();
// The entry of `code` in `list`, or null.
const NamedCode* FindNamedCode(const std::vector<NamedCode>& list, std::string_view code);
// Its name in `language`.
std::string_view NameIn(const NamedCode& c, Language language);

struct EService {
  std::string code;    // "SRV-0001": ^[A-Z0-9][A-Z0-9_-]{1,31}$
  std::string entity;  // an entity code of the catalogue
  std::string name_ar, name_en;
  std::string url;  // the service itself: https:// (or http://) absolute URL
  std::string description_ar, description_en;  // what it does
  std::string audience_ar, audience_en;        // who may use it
  std::string fees_ar, fees_en;                // "Free", "5 BHD"
  std::string time_ar, time_en;                // time to complete
  std::vector<std::string> channels;           // codes of ServiceChannels()
  std::vector<std::string> life_events;        // codes of LifeEvents()
  std::vector<std::string> categories;         // related category codes of the catalogue
  std::string keywords;                        // extra search words, both languages
  bool active = true;
  friend bool operator==(const EService&, const EService&) = default;
};

// Sorts and deduplicates the three sets of `s`.
void NormalizeSets(EService& s);

// Sets as stored and exported: codes joined by '|' ("online|centre"); "" for an empty set.
std::string JoinCodes(const std::vector<std::string>& codes);
std::vector<std::string> SplitCodes(std::string_view joined);

// Errors of `s` against the catalogue in force (fields named as in the export: "code", "entity",
// "name_ar", "url", "channels", "life_events", "categories", ...; reasons "required", "format",
// "too_long", "unknown"). Names 1–200 characters, descriptions and other texts at most 2,000,
// keywords at most 500.
std::vector<CatalogueFieldError> CheckEService(const EService& s, const Catalogue& in_force);

// "Was this page useful?" counts of one service.
struct UsefulCounts {
  std::int64_t yes = 0;
  std::int64_t no = 0;
  // The share of "yes" in percent, rounded to the nearest whole; -1 without any vote.
  int Percent() const;
};

// A hit of ServiceIndex::Search: the service's position in the index's list and its score.
struct ServiceHit {
  std::size_t index = 0;
  double score = 0;
};

// Every active service, searchable. Built from the store's rows once per catalogue change.
class ServiceIndex {
 public:
  ServiceIndex() = default;
  explicit ServiceIndex(std::vector<EService> services);

  const std::vector<EService>& Services() const { return services_; }
  const EService* Find(std::string_view code) const;

  // The services matching the search box `query` (text_analyzer.h ParseQuery: every word must
  // match a word of the service's names, description, audience or keywords — same stem, or a
  // prefix for "word*" — and no "-excluded" word may), best first: a word in the name counts
  // more than one elsewhere; ties in code order. Empty when the query has no positive word.
  std::vector<ServiceHit> Search(std::string_view query) const;

 private:
  struct Doc {
    std::vector<std::string> name_stems, other_stems;  // sorted, unique
    std::vector<std::string> terms;                    // sorted, unique (prefix matching)
  };
  std::vector<EService> services_;
  std::vector<Doc> docs_;
  std::map<std::string, std::size_t, std::less<>> by_code_;
};

}  // namespace tawasul::domain
