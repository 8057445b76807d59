// Micro-benchmarks of the pure domain functions on the submission and look-up paths: reference
// numbers (Damm check digit, formatting, parsing Arabic-Indic input), access codes (generation,
// keyed hashing), the working-day calendar (a 14-working-day due date, parsing the holidays CSV)
// and submission validation. Run by bench/run (`make bench`); not a test.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "domain/access_code.h"
#include "domain/calendar.h"
#include "domain/catalogue.h"
#include "domain/intake.h"
#include "domain/reference.h"
#include "domain/submission_json.h"

#ifndef TAWASUL_SOURCE_DIR
#define TAWASUL_SOURCE_DIR "/work/main"
#endif

namespace d = tawasul::domain;

namespace {

// ASCII digits -> Arabic-Indic digits (U+0660..U+0669), the way many citizens type them.
std::string ToArabicIndic(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      const int cp = 0x0660 + (c - '0');
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += c;
    }
  }
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void BM_DammCheckDigit(benchmark::State& state) {
  const std::string digits = "260000042";
  for (auto _ : state) benchmark::DoNotOptimize(d::DammCheckDigit(digits));
}
BENCHMARK(BM_DammCheckDigit);

void BM_FormatReference(benchmark::State& state) {
  std::uint64_t seq = 1;
  for (auto _ : state) {
    benchmark::DoNotOptimize(d::FormatReference(d::Reference{26, seq}));
    seq = seq % 9'999'999 + 1;
  }
}
BENCHMARK(BM_FormatReference);

void BM_ParseReferenceArabicIndic(benchmark::State& state) {
  // e.g. "٢٦-٠٠٠٠٠٤٢-٧" with a Unicode right-to-left mark in front, as pasted from an SMS.
  const std::string input = "\u200F" + ToArabicIndic(d::FormatReference(d::Reference{26, 42}));
  if (!d::ParseReference(input)) {
    state.SkipWithError("ParseReference rejected a valid Arabic-Indic reference");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(d::ParseReference(input));
}
BENCHMARK(BM_ParseReferenceArabicIndic);

void BM_NewAccessCode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(d::NewAccessCode());
}
BENCHMARK(BM_NewAccessCode);

void BM_HashAccessCode(benchmark::State& state) {
  const std::string code = d::NewAccessCode();
  const std::string salt = d::NewSalt();
  const std::string pepper(d::kAccessCodePepperBytes, 'p');
  for (auto _ : state) benchmark::DoNotOptimize(d::HashAccessCode(code, salt, pepper));
}
BENCHMARK(BM_HashAccessCode);

void BM_DueAfter14WorkingDays(benchmark::State& state) {
  const d::WorkingCalendar cal(d::BahrainDefaultWeek());
  // Wednesday 2025-06-04 10:00 Bahrain time (07:00 UTC), then one hour later each iteration so
  // receipt days vary over the week.
  const d::Instant start =
      std::chrono::sys_days{std::chrono::year{2025} / 6 / 4} + std::chrono::hours{7};
  std::int64_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cal.DueAfterWorkingDays(start + std::chrono::hours{k % 168}, 14));
    ++k;
  }
}
BENCHMARK(BM_DueAfter14WorkingDays);

void BM_ParseHolidaysCsv(benchmark::State& state) {
  const std::string csv = ReadFile(TAWASUL_SOURCE_DIR "/data/calendars/bahrain-holidays-2025.csv");
  std::string error;
  if (!d::ParseHolidaysCsv(csv, &error)) {
    state.SkipWithError(("ParseHolidaysCsv failed: " + error).c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(d::ParseHolidaysCsv(csv, &error));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(csv.size()));
}
BENCHMARK(BM_ParseHolidaysCsv);

void BM_ValidateSubmissionArabic(benchmark::State& state) {
  d::Category cat;
  cat.code = "roads.potholes";
  cat.entity = "MOW";
  cat.name_ar = "الحفر في الطرق";
  cat.name_en = "Potholes";
  cat.types = {d::CaseType::kComplaint, d::CaseType::kInquiry, d::CaseType::kSuggestion,
               d::CaseType::kCompliment};
  const d::Catalogue catalogue({d::Entity{"MOW", "وزارة الأشغال", "Ministry of Works"}}, {cat}, {});
  d::IntakeContext ctx;
  ctx.catalogue = &catalogue;
  const nlohmann::json body = {
      {"type", "complaint"},
      {"category", "roads.potholes"},
      {"subject", "حفرة في الشارع رقم 12"},
      {"description", "توجد حفرة كبيرة في الشارع منذ أسبوعين تسبب خطرا على السيارات"},
      {"contact", {{"name", "أحمد علي"}, {"email", "citizen@example.com"}, {"phone", "36001234"}}}};
  {
    auto r = d::ValidateSubmission(d::SubmissionFromJson(body), ctx);
    if (!std::holds_alternative<d::CaseDraft>(r)) {
      std::ostringstream msg;
      msg << "ValidateSubmission rejected the benchmark body:";
      for (const auto& e : std::get<std::vector<d::FieldError>>(r))
        msg << ' ' << e.field << '=' << e.code;
      state.SkipWithError(msg.str().c_str());
      return;
    }
  }
  // The API's whole path: reading the JSON into the typed input, then validating it.
  for (auto _ : state) {
    benchmark::DoNotOptimize(d::ValidateSubmission(d::SubmissionFromJson(body), ctx));
  }
}
BENCHMARK(BM_ValidateSubmissionArabic);

}  // namespace
