#include "domain/ical.h"
#include "domain/language.h"

#include <gtest/gtest.h>

#include "calendar_data.h"

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/time.h"

namespace tawasul::domain {
namespace {

using testdata::ReadFile;

std::vector<Holiday> Holidays2025() { return testdata::Holidays2025(); }

LocalDate Date(std::string_view text) {
  const auto d = ParseDate(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(LocalDate{});
}

std::string Span(const Holiday& h) { return FormatDate(h.start) + ".." + FormatDate(h.end); }

void ExpectSameHolidays(const std::vector<Holiday>& actual, const std::vector<Holiday>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].name_en);
    EXPECT_EQ(Span(actual[i]), Span(expected[i]));
    EXPECT_EQ(actual[i].kind, expected[i].kind);
    EXPECT_EQ(actual[i].status, expected[i].status);
    EXPECT_EQ(actual[i].name_en, expected[i].name_en);
    EXPECT_EQ(actual[i].name_ar, expected[i].name_ar);
    EXPECT_EQ(actual[i].note, expected[i].note);
  }
}

std::vector<std::string> PhysicalLines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  while (from < ics.size()) {
    const std::size_t end = ics.find("\r\n", from);
    if (end == std::string::npos) {
      lines.push_back(ics.substr(from));
      break;
    }
    lines.push_back(ics.substr(from, end - from));
    from = end + 2;
  }
  return lines;
}

bool ValidUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int length = c < 0x80           ? 1
                       : (c >> 5) == 0x6  ? 2
                       : (c >> 4) == 0xE  ? 3
                       : (c >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > s.size()) return false;
    for (int k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::vector<Holiday> Import(const std::string& ics) {
  std::string error;
  auto holidays = ImportIcs(ics, &error);
  EXPECT_TRUE(holidays.has_value()) << error;
  return holidays.value_or(std::vector<Holiday>{});
}

std::string ImportError(const std::string& ics) {
  std::string error;
  EXPECT_FALSE(ImportIcs(ics, &error).has_value()) << ics;
  return error;
}

// ---- export -------------------------------------------------------------------------------------

TEST(IcsExportTest, AllDayEventsWithExclusiveEnd) {
  const std::string ics = ExportIcs(Holidays2025(), "Bahrain government, 2025");
  EXPECT_EQ(ics.substr(0, 32), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPR");
  EXPECT_NE(ics.find("X-WR-CALNAME:Bahrain government\\, 2025\r\n"), std::string::npos);
  // Eid al-Fitr 30 Mar - 1 Apr (inclusive) ends on 2 Apr (exclusive).
  EXPECT_NE(ics.find("BEGIN:VEVENT\r\nUID:2025-hijri-eid-al-fitr@tawasul\r\n"
                     "DTSTAMP:20250330T000000Z\r\nDTSTART;VALUE=DATE:20250330\r\n"
                     "DTEND;VALUE=DATE:20250402\r\nSUMMARY:Eid al-Fitr\r\n"
                     "X-TAWASUL-NAME-AR:عيد الفطر\r\nDESCRIPTION:1-3 Shawwal 1446\r\n"
                     "STATUS:CONFIRMED\r\nTRANSP:TRANSPARENT\r\nX-TAWASUL-KIND:hijri\r\n"
                     "X-TAWASUL-STATUS:confirmed\r\nEND:VEVENT\r\n"),
            std::string::npos)
      << ics;
  // A one-day fixed holiday: DTEND the next day, and it recurs yearly for other tools.
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20250501\r\nDTEND;VALUE=DATE:20250502\r\n"
                     "RRULE:FREQ=YEARLY\r\nSUMMARY:Labour Day\r\n"),
            std::string::npos);
  // Year end: National Day 16-17 Dec ends on 18 Dec.
  EXPECT_NE(ics.find("DTSTART;VALUE=DATE:20251216\r\nDTEND;VALUE=DATE:20251218\r\n"),
            std::string::npos);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  EXPECT_EQ(ExportIcs(Holidays2025(), "Bahrain government, 2025"), ics);  // deterministic
}

TEST(IcsExportTest, LinesAreCrlfFoldedAt75OctetsOnCharacterBoundaries) {
  std::vector<Holiday> holidays = Holidays2025();
  // Long Arabic (2-byte) and emoji (4-byte) names fold in the middle of text.
  std::string long_arabic;
  for (int i = 0; i < 12; ++i) long_arabic += "عطلة رسمية ";
  holidays.push_back({Date("2025-11-02"), Date("2025-11-02"), HolidayKind::kOneOff,
                      HolidayStatus::kTentative,
                      "A very long English name that certainly needs "
                      "folding because it exceeds seventy-five octets",
                      long_arabic, "🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭🇧🇭"});
  const std::string ics = ExportIcs(holidays, "Test");
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      ASSERT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
    }
  }
  int folded = 0;
  for (const std::string& line : PhysicalLines(ics)) {
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_TRUE(ValidUtf8(line)) << "a fold split a UTF-8 sequence: " << line;
    if (!line.empty() && line[0] == ' ') ++folded;
  }
  EXPECT_GE(folded, 4);
  // And it reads back the same.
  ExpectSameHolidays(Import(ics), holidays);
}

TEST(IcsExportTest, StableUniqueUids) {
  std::vector<Holiday> holidays = {
      {Date("2026-03-20"), Date("2026-03-22"), HolidayKind::kHijri, HolidayStatus::kTentative,
       "Eid al-Fitr", "عيد الفطر", ""},
      {Date("2026-12-27"), Date("2026-12-29"), HolidayKind::kHijri, HolidayStatus::kTentative,
       "Eid al-Fitr", "عيد الفطر", ""},
      {Date("2026-04-01"), Date("2026-04-01"), HolidayKind::kOneOff, HolidayStatus::kConfirmed, "",
       "عطلة", ""},
  };
  const std::string before = ExportIcs(holidays, "x");
  EXPECT_NE(before.find("UID:2026-hijri-eid-al-fitr@tawasul\r\n"), std::string::npos);
  EXPECT_NE(before.find("UID:2026-hijri-eid-al-fitr-2@tawasul\r\n"), std::string::npos);
  EXPECT_NE(before.find("UID:2026-one_off-h"), std::string::npos);  // no ASCII name: a hash
  // Confirming the Eid a day later keeps its UID: subscribers see the event move.
  holidays[0].start = Date("2026-03-21");
  holidays[0].end = Date("2026-03-23");
  holidays[0].status = HolidayStatus::kConfirmed;
  const std::string after = ExportIcs(holidays, "x");
  EXPECT_NE(after.find("UID:2026-hijri-eid-al-fitr@tawasul\r\nDTSTAMP:20260321T000000Z\r\n"
                       "DTSTART;VALUE=DATE:20260321\r\n"),
            std::string::npos);
  std::set<std::string> uids;
  for (const std::string& line : PhysicalLines(ExportIcs(Holidays2025(), "x"))) {
    if (line.rfind("UID:", 0) == 0) {
      EXPECT_TRUE(uids.insert(line).second) << line;
    }
  }
  EXPECT_EQ(uids.size(), 12u);
}

TEST(IcsExportTest, EveryLineLengthFoldsCleanlyAndXPropertiesAreEscapedAsText) {
  // libical 3.0.16's own folding breaks a line whose last piece is 73 or 74 octets without a
  // space (CR CR LF SP LF): every length of ASCII, Arabic (2-byte) and emoji (4-byte) text
  // without spaces must come out as clean CRLF lines of at most 75 octets, and read back.
  for (std::size_t n = 1; n <= 170; ++n) {
    SCOPED_TRACE(n);
    std::string arabic;
    std::string emoji;
    for (std::size_t i = 0; i < n; ++i) arabic += "ع";
    for (std::size_t i = 0; i < n / 4 + 1; ++i) emoji += "😀";
    const std::vector<Holiday> holidays = {{Date("2025-03-01"), Date("2025-03-01"),
                                            HolidayKind::kOneOff, HolidayStatus::kConfirmed,
                                            std::string(n, 'x'), arabic, emoji}};
    const std::string ics = ExportIcs(holidays, std::string(n, 'y'));
    for (std::size_t i = 0; i < ics.size(); ++i) {
      if (ics[i] == '\r') {
        ASSERT_TRUE(i + 1 < ics.size() && ics[i + 1] == '\n') << "bare CR at " << i;
      }
      if (ics[i] == '\n') {
        ASSERT_TRUE(i > 0 && ics[i - 1] == '\r') << "bare LF at " << i;
      }
    }
    for (const std::string& line : PhysicalLines(ics)) {
      EXPECT_LE(line.size(), 75u) << line;
      EXPECT_NE(line, " ") << "an empty continuation line";
      EXPECT_TRUE(ValidUtf8(line)) << line;
    }
    ExpectSameHolidays(Import(ics), holidays);
  }
  // X- properties are TEXT (RFC 5545 3.8.8.2): ',' ';' '\' and line breaks are escaped there too.
  const std::vector<Holiday> punctuated = {{Date("2025-04-01"), Date("2025-04-01"),
                                            HolidayKind::kOneOff, HolidayStatus::kConfirmed,
                                            "Name, with; marks", "اسم, مع; علامات\\ و\nسطر", ""}};
  const std::string ics = ExportIcs(punctuated, "a; b, c");
  EXPECT_NE(ics.find("X-WR-CALNAME:a\\; b\\, c\r\n"), std::string::npos) << ics;
  EXPECT_NE(ics.find("X-TAWASUL-NAME-AR:اسم\\, مع\\; علامات\\\\ و\\nسطر\r\n"), std::string::npos)
      << ics;
  ExpectSameHolidays(Import(ics), punctuated);
}

// ---- import -------------------------------------------------------------------------------------

TEST(IcsImportTest, RoundTripsThe2025Data) {
  const auto holidays = Holidays2025();
  ExpectSameHolidays(Import(ExportIcs(holidays, "Bahrain")), holidays);
  // Text that needs escaping survives too.
  const std::vector<Holiday> tricky = {
      {Date("2025-02-02"), Date("2025-02-03"), HolidayKind::kOneOff, HolidayStatus::kTentative,
       "Storm; and \"flood\", days \\ two", "عاصفة، وفيضان؛ يومان",
       "line one\nline two, with; all\\sorts"},
      {Date("2024-12-31"), Date("2025-01-01"), HolidayKind::kFixed, HolidayStatus::kTentative,
       "Year turn", "نهاية السنة", ""},
      {Date("2025-06-09"), Date("2025-06-10"), HolidayKind::kCompensation,
       HolidayStatus::kConfirmed, "Eid al-Adha compensation", "تعويض عطلة عيد الأضحى", ""},
  };
  ExpectSameHolidays(Import(ExportIcs(tricky, "x")), tricky);
  EXPECT_TRUE(Import(ExportIcs({}, "empty")).empty());
}

TEST(IcsImportTest, UnfoldsLinesFromAnyTool) {
  // A fold may cut anywhere, with a space or a tab; LF-only files are accepted.
  const std::string ics =
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\n"
      "DTSTART;VALUE=DATE:20250\n 105\nSUMMARY:Gulf Cup fin\n\tal holiday\n"
      "X-TAWASUL-NAME-AR:عطلة نهائي \n كأس الخليج\nEND:VEVENT\nEND:VCALENDAR\n";
  const auto holidays = Import(ics);
  ASSERT_EQ(holidays.size(), 1u);
  EXPECT_EQ(Span(holidays[0]), "2025-01-05..2025-01-05");  // no DTEND: one day
  EXPECT_EQ(holidays[0].name_en, "Gulf Cup final holiday");
  EXPECT_EQ(holidays[0].name_ar, "عطلة نهائي كأس الخليج");
  EXPECT_EQ(holidays[0].kind, HolidayKind::kOneOff);
  EXPECT_EQ(holidays[0].status, HolidayStatus::kConfirmed);
}

// fuzz_ical: libical unescapes a backslash before a multi-byte character by taking one byte,
// which left invalid UTF-8 in a name. Refused with the line, never stored.
TEST(IcsImportTest, EscapeBeforeAMultiByteCharacterIsRefused) {
  const std::string ics =
      "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250330\n"
      "SUMMARY:Eid al-Fitr\nX-TAWASUL-NAME-AR:عيد \\لفطر\nEND:VEVENT\nEND:VCALENDAR\n";
  std::string error;
  const auto holidays = tawasul::domain::ImportIcs(ics, &error);
  if (holidays) {
    // A libical that unescapes it whole is fine too, as long as the text stays valid.
    ASSERT_EQ(holidays->size(), 1u);
    EXPECT_TRUE(tawasul::domain::IsValidUtf8((*holidays)[0].name_ar));
  } else {
    EXPECT_NE(error.find("not valid UTF-8"), std::string::npos) << error;
  }
}

TEST(IcsImportTest, GoogleCalendarStyleHolidayFeed) {
  const std::string ics =
      "BEGIN:VCALENDAR\r\n"
      "PRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
      "VERSION:2.0\r\n"
      "CALSCALE:GREGORIAN\r\n"
      "METHOD:PUBLISH\r\n"
      "X-WR-CALNAME:Holidays in Bahrain\r\n"
      "X-WR-TIMEZONE:UTC\r\n"
      "X-WR-CALDESC:Holidays and Observances in Bahrain\r\n"
      "BEGIN:VEVENT\r\n"
      "DTSTART;VALUE=DATE:20251216\r\n"
      "DTEND;VALUE=DATE:20251218\r\n"
      "DTSTAMP:20250101T120000Z\r\n"
      "UID:20251216_8h4jnpq4a3d7ubsk6j9ns5shqg@google.com\r\n"
      "CLASS:PUBLIC\r\n"
      "CREATED:20240521T191413Z\r\n"
      "DESCRIPTION:Public holiday\\nTo hide observances\\, go to Google Calendar Setti\r\n"
      " ngs > Holidays in Bahrain\r\n"
      "LAST-MODIFIED:20240521T191413Z\r\n"
      "SEQUENCE:0\r\n"
      "STATUS:CONFIRMED\r\n"
      "SUMMARY:National Day\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\n"
      "DTSTART;VALUE=DATE:20260320\r\n"
      "DTEND;VALUE=DATE:20260321\r\n"
      "DTSTAMP:20250101T120000Z\r\n"
      "UID:20260320_abc@google.com\r\n"
      "STATUS:TENTATIVE\r\n"
      "SUMMARY:Eid al-Fitr (tentative date)\r\n"
      "TRANSP:TRANSPARENT\r\n"
      "END:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  const auto holidays = Import(ics);
  ASSERT_EQ(holidays.size(), 2u);
  EXPECT_EQ(Span(holidays[0]), "2025-12-16..2025-12-17");  // DTEND exclusive
  EXPECT_EQ(holidays[0].name_en, "National Day");
  EXPECT_EQ(holidays[0].name_ar, "National Day");  // no Arabic name: the English one, for now
  EXPECT_EQ(holidays[0].note,
            "Public holiday\nTo hide observances, go to Google Calendar Settings > Holidays in "
            "Bahrain");
  EXPECT_EQ(holidays[0].kind, HolidayKind::kOneOff);
  EXPECT_EQ(holidays[0].status, HolidayStatus::kConfirmed);
  EXPECT_EQ(Span(holidays[1]), "2026-03-20..2026-03-20");
  EXPECT_EQ(holidays[1].status, HolidayStatus::kTentative);
}

TEST(IcsImportTest, OutlookStyleDateTimesDurationsAlarmsAndRecurrence) {
  const std::string ics =
      "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
      "VERSION:2.0\r\n"
      "BEGIN:VTIMEZONE\r\nTZID:Arab Standard Time\r\nBEGIN:STANDARD\r\n"
      "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\n"
      "END:STANDARD\r\nEND:VTIMEZONE\r\n"
      // Midnight to midnight in a named zone: one day (DTEND at midnight is exclusive).
      "BEGIN:VEVENT\r\nDTSTART;TZID=\"Arab Standard Time\":20250101T000000\r\n"
      "DTEND;TZID=\"Arab Standard Time\":20250102T000000\r\nSUMMARY;LANGUAGE=en-us:New Year\r\n"
      "SUMMARY;LANGUAGE=ar:رأس السنة\r\nRRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1\r\n"
      "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT15M\r\n"
      "END:VALARM\r\nEND:VEVENT\r\n"
      // Timed, ending in the afternoon of the next day: two days.
      "BEGIN:VEVENT\r\nDTSTART:20250505T090000Z\r\nDTEND:20250506T170000Z\r\n"
      "SUMMARY:Two days\r\nEND:VEVENT\r\n"
      // DURATION instead of DTEND.
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250610\r\nDURATION:P2D\r\nSUMMARY:Duration\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART:20250615T100000\r\nDURATION:PT36H\r\nSUMMARY:Hours\r\n"
      "END:VEVENT\r\n"
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250620\r\nDURATION:P1W\r\nSUMMARY:Week\r\n"
      "END:VEVENT\r\n"
      // Cancelled: not a holiday.
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250701\r\nSTATUS:CANCELLED\r\nSUMMARY:Off\r\n"
      "END:VEVENT\r\n"
      // Only an Arabic summary; an end before the start is read as one day.
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250801\r\nDTEND;VALUE=DATE:20250801\r\n"
      "SUMMARY;LANGUAGE=ar-BH:عطلة\r\nX-UNKNOWN;FOO=\"a:b;c\":ignored\r\nEND:VEVENT\r\n"
      "BEGIN:VTODO\r\nSUMMARY:Not an event\r\nDTSTART:20250101T000000\r\nEND:VTODO\r\n"
      "END:VCALENDAR\r\n";
  const auto holidays = Import(ics);
  ASSERT_EQ(holidays.size(), 6u);  // not the cancelled event, not the VTODO
  EXPECT_EQ(Span(holidays[0]), "2025-01-01..2025-01-01");
  EXPECT_EQ(holidays[0].name_en, "New Year");
  EXPECT_EQ(holidays[0].name_ar, "رأس السنة");
  EXPECT_EQ(holidays[0].kind, HolidayKind::kFixed);  // from RRULE:FREQ=YEARLY
  EXPECT_EQ(holidays[0].note, "");                   // the alarm's DESCRIPTION is not the event's
  EXPECT_EQ(Span(holidays[1]), "2025-05-05..2025-05-06");
  EXPECT_EQ(Span(holidays[2]), "2025-06-10..2025-06-11");
  EXPECT_EQ(Span(holidays[3]), "2025-06-15..2025-06-16");
  EXPECT_EQ(Span(holidays[4]), "2025-06-20..2025-06-26");
  EXPECT_EQ(Span(holidays[5]), "2025-08-01..2025-08-01");
  EXPECT_EQ(holidays[5].name_en, "عطلة");
  EXPECT_EQ(holidays[5].name_ar, "عطلة");
}

// Found by tests/fuzz/ical_fuzz.cpp: libical writes no date after 3000, so a holiday in 6026 was
// imported and then exported as DTSTART:00000000T000000, which no import accepts.
TEST(IcsImportTest, RefusesDatesLibicalCannotWriteBack) {
  const std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n";
  const std::string tail = "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  EXPECT_NE(ImportError(head + "DTSTART;VALUE=DATE:60260320\r\nDURATION:P2D\r\n" + tail)
                .find("line 4: a date after 2999"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "DTSTART;VALUE=DATE:29991231\r\nDURATION:P2D\r\n" + tail)
                .find("a date after 2999"),
            std::string::npos);
  const auto last = Import(head + "DTSTART;VALUE=DATE:29991231\r\n" + tail);
  ASSERT_EQ(last.size(), 1u);
  ExpectSameHolidays(Import(ExportIcs(last, "x")), last);
}

// Found by tests/fuzz/ical_fuzz.cpp: "\\R" unescapes to a CR, which export dropped, so the name
// changed in a round trip.
TEST(IcsImportTest, RefusesControlCharactersInNames) {
  const std::string head =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250330\r\n";
  const std::string tail = "END:VEVENT\r\nEND:VCALENDAR\r\n";
  EXPECT_NE(ImportError(head + "SUMMARY:Eid\r\nX-TAWASUL-NAME-AR:a\\R b\r\n" + tail)
                .find("line 3: a control character"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "SUMMARY:Eid\\rx\r\n" + tail).find("a control character"),
            std::string::npos);
  const auto kept = Import(head + "SUMMARY:Eid\r\nDESCRIPTION:one\\ntwo\ttab\r\n" + tail);
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].note, "one\ntwo\ttab");
  ExpectSameHolidays(Import(ExportIcs(kept, "x")), kept);
}

TEST(IcsImportTest, RefusesMalformedInputWithTheLine) {
  const std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  EXPECT_NE(ImportError("").find("no VCALENDAR"), std::string::npos);
  EXPECT_NE(ImportError("BEGIN:VEVENT\r\nEND:VEVENT\r\n").find("line 1: expected BEGIN:VCALENDAR"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("line 3: VEVENT without DTSTART"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250230\r\nSUMMARY:x\r\n"
                               "END:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("line 4: invalid DTSTART '20250230'"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART:20250101T250000\r\nSUMMARY:x\r\n"
                               "END:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("invalid DTSTART"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nDURATION:-P1D\r\n"
                               "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("invalid DURATION"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:x\r\n"
                               "X-TAWASUL-KIND:weekly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("line 6: unknown X-TAWASUL-KIND 'weekly'"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:x\r\n"
                               "X-TAWASUL-STATUS:maybe\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("unknown X-TAWASUL-STATUS"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
                               "END:VCALENDAR\r\n")
                .find("without SUMMARY"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:x\r\n"
                               "END:VCALENDAR\r\n")
                .find("line 6: END:VCALENDAR does not close VEVENT"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:x\r\n")
                .find("missing END:VEVENT"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "this is not a content line\r\nEND:VCALENDAR\r\n")
                .find("line 3: malformed content line"),
            std::string::npos);
  EXPECT_NE(ImportError(head + "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nSUMMARY:\xff\r\n"
                               "END:VEVENT\r\nEND:VCALENDAR\r\n")
                .find("invalid UTF-8"),
            std::string::npos);
  EXPECT_FALSE(ImportIcs("garbage", nullptr).has_value());  // a null error pointer is allowed
}

TEST(IcsImportTest, LongLinesAndFoldsAnywhere) {
  // One physical line of 600 octets (folding is only a SHOULD), folds landing on each side of
  // libical's 80-octet read buffer, a fold inside a UTF-8 sequence (RFC 5545 3.1: unfold, then
  // decode), and white space around values kept as written.
  const std::string long_note(600, 'n');
  std::string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
  for (const std::size_t first : {77u, 78u, 79u, 80u, 81u}) {
    const std::string name = "SUMMARY:" + std::string(first - 8, 'a');
    ics += "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n" + name + "\r\n b\r\nEND:VEVENT\r\n";
  }
  ics += "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250102\r\nDESCRIPTION:" + long_note +
         "\r\nSUMMARY:  spaced  \r\n"
         "X-TAWASUL-NAME-AR:عيد \xD8\r\n \xA7لفطر\r\nEND:VEVENT\r\n"  // "ا" cut in two
         "END:VCALENDAR\r\n";
  const auto holidays = Import(ics);
  ASSERT_EQ(holidays.size(), 6u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(holidays[i].name_en, std::string(69 + i, 'a') + "b");
  }
  EXPECT_EQ(holidays[5].note, long_note);
  EXPECT_EQ(holidays[5].name_en, "  spaced  ");
  EXPECT_EQ(holidays[5].name_ar, "عيد الفطر");

  // A refusal after all that still names its physical line.
  const std::size_t lines = PhysicalLines(ics).size();  // the last one is empty
  ics.erase(ics.size() - std::string("END:VCALENDAR\r\n").size());
  ics +=
      "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250103\r\nSUMMARY:x\r\nX-TAWASUL-KIND:\r\n weekly\r\n"
      "END:VEVENT\r\nEND:VCALENDAR\r\n";
  EXPECT_NE(ImportError(ics).find("line " + std::to_string(lines + 3) +
                                  ": unknown X-TAWASUL-KIND 'weekly'"),
            std::string::npos)
      << ImportError(ics);
}

TEST(IcsImportTest, TimeZonesAreReadButNeverApplied) {
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
      "BEGIN:VTIMEZONE\r\nTZID:Asia/Bahrain\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
      "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nTZNAME:+03\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
      // A named zone, midnight to midnight: the local dates.
      "BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Bahrain:20251216T000000\r\n"
      "DTEND;TZID=Asia/Bahrain:20251218T000000\r\nSUMMARY:National Day\r\nEND:VEVENT\r\n"
      // A quoted TZID with a ':' in it, and no VTIMEZONE for it.
      "BEGIN:VEVENT\r\nDTSTART;TZID=\"Arabia (Riyadh: KSA)\":20250923T000000\r\n"
      "DTEND;TZID=\"Arabia (Riyadh: KSA)\":20250924T000000\r\nSUMMARY:Saudi National Day\r\n"
      "END:VEVENT\r\n"
      // Google's unquoted offset zone, which libical reads as TZID "GMT+03:00".
      "BEGIN:VEVENT\r\nDTSTART;TZID=GMT+03:00:20250101T000000\r\n"
      "DTEND;TZID=GMT+03:00:20250102T000000\r\nSUMMARY:New Year\r\nEND:VEVENT\r\n"
      // UTC late in the evening: 30 June as written, not Bahrain's 1 July.
      "BEGIN:VEVENT\r\nDTSTART:20250630T210000Z\r\nDTEND:20250630T220000Z\r\n"
      "SUMMARY:Evening\r\nEND:VEVENT\r\n"
      "END:VCALENDAR\r\n";
  const auto holidays = Import(ics);
  ASSERT_EQ(holidays.size(), 4u);
  EXPECT_EQ(Span(holidays[0]), "2025-12-16..2025-12-17");
  EXPECT_EQ(Span(holidays[1]), "2025-09-23..2025-09-23");
  EXPECT_EQ(Span(holidays[2]), "2025-01-01..2025-01-01");
  EXPECT_EQ(Span(holidays[3]), "2025-06-30..2025-06-30");
}

TEST(IcsImportTest, YearlyRecurrenceMakesAFixedHoliday) {
  const auto event = [](const std::string& lines) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251216\r\n"
           "SUMMARY:National Day\r\n" +
           lines + "END:VEVENT\r\nEND:VCALENDAR\r\n";
  };
  const auto kind = [&](const std::string& lines) {
    const auto holidays = Import(event(lines));
    return holidays.size() == 1 ? holidays[0].kind : HolidayKind::kCompensation;
  };
  EXPECT_EQ(kind("RRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=16\r\n"), HolidayKind::kFixed);
  EXPECT_EQ(kind("RRULE:interval=1;freq=yearly\r\n"), HolidayKind::kFixed);  // any order, case
  EXPECT_EQ(kind("RRULE:FREQ=YEARLY;UNTIL=20301216\r\n"), HolidayKind::kFixed);
  EXPECT_EQ(kind("RRULE:FREQ=MONTHLY;BYMONTHDAY=16\r\n"), HolidayKind::kOneOff);
  EXPECT_EQ(kind("RRULE:FREQ=YEARLY\r\nX-TAWASUL-KIND:hijri\r\n"), HolidayKind::kHijri);
  EXPECT_EQ(kind(""), HolidayKind::kOneOff);
  // An RRULE libical cannot read is refused, not taken for a one-off holiday.
  EXPECT_NE(ImportError(event("RRULE:FREQ=YEARLY;BYDAY=someday\r\n"))
                .find("line 6: invalid RRULE 'FREQ=YEARLY;BYDAY=someday'"),
            std::string::npos);
  EXPECT_NE(ImportError(event("RRULE:FREQ=SOMETIMES\r\n")).find("invalid RRULE"),
            std::string::npos);
}

TEST(IcsImportTest, RefusesWhatLibicalWouldReadWrongly) {
  const auto event = [](const std::string& lines) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n" + lines +
           "END:VEVENT\r\nEND:VCALENDAR\r\n";
  };
  // libical reads the digits with sscanf: " 3 1" would be 1 March.
  EXPECT_NE(ImportError(event("DTSTART:2025 3 1\r\n")).find("line 5: invalid DTSTART '2025 3 1'"),
            std::string::npos);
  EXPECT_NE(ImportError(event("DTSTART;VALUE=DATE:20250101\r\nDTEND;VALUE=DATE:2025013x\r\n"))
                .find("line 6: invalid DTEND '2025013x'"),
            std::string::npos);
  EXPECT_NE(ImportError(event("DTSTART;VALUE=DATE:20250101\r\nDURATION:P1X\r\n"))
                .find("line 6: invalid DURATION 'P1X'"),
            std::string::npos);
  EXPECT_NE(ImportError(event("DTSTART;VALUE=BOGUS:20250101\r\n")).find("invalid DTSTART"),
            std::string::npos);
  // libical reads C strings: a NUL would cut a line short.
  EXPECT_NE(ImportError(event(std::string("DESCRIPTION:a\0b\r\n", 18) + "DTSTART:20250101\r\n"))
                .find("line 5: NUL character"),
            std::string::npos);
  EXPECT_NE(ImportError(event("DESCRIPTION:\xC3\x28\r\nDTSTART:20250101\r\n"))
                .find("line 5: invalid UTF-8"),
            std::string::npos);
  EXPECT_NE(
      ImportError(event("DESCRIPTION:\xFF\r\nDTSTART:20250101\r\n")).find("line 5: invalid UTF-8"),
      std::string::npos);
  // Unknown properties, even malformed ones libical complains about, are skipped.
  const auto holidays =
      Import(event("DTSTART:20250101\r\nFOO;BAR:baz\r\nX-ODD;A=\"q:\":v\r\nCOLOR:red\r\n"));
  ASSERT_EQ(holidays.size(), 1u);
  EXPECT_EQ(holidays[0].name_en, "x");
}

}  // namespace
}  // namespace tawasul::domain
