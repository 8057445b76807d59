// iCalendar (RFC 5545) export of holidays, through libical; the invariants are at the top of
// ical.cpp (deterministic output; what libical 3.0 writes wrong is refolded here).

#include <map>
#include <utility>

#include "domain/ical.h"
#include "domain/ical_support.h"
#include "domain/language.h"

namespace tawasul::domain {
namespace {

using namespace ical_detail;

// ---- export ------------------------------------------------------------------------------------

// Appends one content line folded at 75 octets (continuations start with a space, which counts
// toward their 75), cutting only before a UTF-8 lead byte.
void AppendLine(std::string& out, std::string_view line) {
  std::size_t limit = kFoldOctets;
  while (line.size() > limit) {
    std::size_t cut = limit;
    // Back off over continuation bytes (10xxxxxx); at most 3 in valid UTF-8.
    for (int back = 0;
         back < 3 && cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80; ++back) {
      --cut;
    }
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kFoldOctets - 1;
  }
  out.append(line);
  out += "\r\n";
}

// libical's text with its folds removed, X- values escaped as TEXT, folded again (see the top of
// the file). Values never hold a CR (libical drops it from TEXT and writes LF as "\n"), so every
// CRLF followed by a space is one of libical's folds, including the broken ones it writes.
std::string Refold(std::string_view text) {
  std::string unfolded;
  unfolded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
    } else {
      unfolded.push_back(text[i]);
    }
  }
  std::string out;
  std::string_view rest = unfolded;
  while (!rest.empty()) {
    const std::size_t end = rest.find("\r\n");
    std::string line(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 2);
    // Ours are written without parameters: the value starts after the first ':'. libical has
    // already escaped '\' and LF in it.
    if (line.rfind("X-", 0) == 0) {
      const std::size_t colon = line.find(':');
      std::string escaped = line.substr(0, colon + 1);
      for (std::size_t i = colon + 1; colon != std::string::npos && i < line.size(); ++i) {
        if (line[i] == ',' || line[i] == ';') escaped.push_back('\\');
        escaped.push_back(line[i]);
      }
      line = std::move(escaped);
    }
    AppendLine(out, line);
  }
  return out;
}

icaltimetype IcalDate(LocalDate d) {
  icaltimetype t = icaltime_null_date();
  t.year = static_cast<int>(d.year());
  t.month = static_cast<int>(static_cast<unsigned>(d.month()));
  t.day = static_cast<int>(static_cast<unsigned>(d.day()));
  return t;
}

icalproperty* XProperty(const char* name, const std::string& value) {
  icalproperty* p = icalproperty_new_x(value.c_str());
  icalproperty_set_x_name(p, name);
  return p;
}

// Lowercase ASCII letters and digits, other runs -> '-'; a name with none of them gets a
// hash instead, so every holiday has a UID.
std::string Slug(std::string_view name_en, std::string_view name_ar) {
  std::string slug;
  for (const char c : name_en) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      slug.push_back(static_cast<char>(std::tolower(u)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (!slug.empty()) return slug;
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (const char c : std::string(name_en) + "\x1f" + std::string(name_ar)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  slug = "h";
  for (int shift = 28; shift >= 0; shift -= 4) slug.push_back(kHex[(hash >> shift) & 0xF]);
  return slug;
}

}  // namespace

std::string ExportIcs(const std::vector<Holiday>& holidays, std::string_view calendar_name) {
  InitLibical();
  const IcalPtr<icalcomponent> calendar(icalcomponent_new_vcalendar());
  icalcomponent* c = calendar.get();
  icalcomponent_add_property(c, icalproperty_new_version("2.0"));
  icalcomponent_add_property(c, icalproperty_new_prodid("-//Tawasul//Holidays//EN"));
  icalcomponent_add_property(c, icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(c, icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalcomponent_add_property(c, XProperty("X-WR-CALNAME", std::string(calendar_name)));
  std::map<std::string, int> uid_uses;
  for (const Holiday& h : holidays) {
    std::string uid = std::to_string(static_cast<int>(h.start.year())) + "-" +
                      std::string(HolidayKindName(h.kind)) + "-" + Slug(h.name_en, h.name_ar);
    if (const int uses = ++uid_uses[uid]; uses > 1) uid += "-" + std::to_string(uses);
    icaltimetype stamp = IcalDate(h.start);
    stamp.is_date = 0;
    stamp.hour = stamp.minute = stamp.second = 0;
    stamp.zone = icaltimezone_get_utc_timezone();
    icalcomponent* event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_uid((uid + "@tawasul").c_str()));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, icalproperty_new_dtstart(IcalDate(h.start)));
    icalcomponent_add_property(
        event, icalproperty_new_dtend(IcalDate(LocalDate{sys_days{h.end} + days{1}})));
    if (h.kind == HolidayKind::kFixed) {
      icalrecurrencetype yearly;
      icalrecurrencetype_clear(&yearly);
      yearly.freq = ICAL_YEARLY_RECURRENCE;
      icalcomponent_add_property(event, icalproperty_new_rrule(yearly));
    }
    icalcomponent_add_property(event, icalproperty_new_summary(h.name_en.c_str()));
    icalcomponent_add_property(event, XProperty("X-TAWASUL-NAME-AR", h.name_ar));
    if (!h.note.empty()) {
      icalcomponent_add_property(event, icalproperty_new_description(h.note.c_str()));
    }
    icalcomponent_add_property(event, icalproperty_new_status(h.status == HolidayStatus::kTentative
                                                                  ? ICAL_STATUS_TENTATIVE
                                                                  : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    icalcomponent_add_property(event,
                               XProperty("X-TAWASUL-KIND", std::string(HolidayKindName(h.kind))));
    icalcomponent_add_property(
        event, XProperty("X-TAWASUL-STATUS", std::string(HolidayStatusName(h.status))));
    icalcomponent_add_component(c, event);
  }
  const IcalPtr<char> text(icalcomponent_as_ical_string_r(c));
  return Refold(text ? text.get() : "");
}

}  // namespace tawasul::domain
