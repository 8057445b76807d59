#pragma once
// iCalendar (RFC 5545) export and import of holiday tables, so that holidays can be published to
// staff calendars and taken from other tools (Google Calendar, Outlook, government feeds). Both
// go through libical (Debian's libical-dev); no libical type appears here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"

namespace tawasul::domain {

// One VCALENDAR with a VEVENT per holiday, in the given order. Each event is all-day:
// DTSTART;VALUE=DATE = start, DTEND;VALUE=DATE = end + 1 day (DTEND is exclusive), SUMMARY = the
// English name, X-TAWASUL-NAME-AR = the Arabic name, DESCRIPTION = the note (when not empty),
// STATUS = CONFIRMED / TENTATIVE, X-TAWASUL-KIND and X-TAWASUL-STATUS = the exact kind and
// status, RRULE:FREQ=YEARLY for kind fixed (it recurs), TRANSP:TRANSPARENT. UID is
// "<start year>-<kind>-<slug of the English name>[-<n>]@tawasul": stable while a holiday's
// dates move within its year (a tentative Eid confirmed a day later updates the same event in
// subscribers' calendars); n = 2, 3, ... tells apart same-named holidays of a year. DTSTAMP is
// the start date at 00:00Z, so the same holidays always export to the same bytes. Lines end with
// CRLF and are folded at 75 octets, never inside a UTF-8 sequence. Precondition: valid UTF-8.
std::string ExportIcs(const std::vector<Holiday>& holidays, std::string_view calendar_name);

// Reads every VEVENT of the VCALENDAR(s) in `ics` (CRLF or LF, folded lines, even a fold inside a
// UTF-8 sequence, optional BOM):
//   * DTSTART, DTEND as DATE ("20250330") or DATE-TIME ("20250330T090000", with Z or TZID);
//     the date is taken as written (TZID and Z are not converted: a holiday is a local date).
//     The inclusive end is the day before DTEND when DTEND is a date or a midnight, else DTEND's
//     date; DURATION (P1D, P2W, PT36H ...) is accepted instead of DTEND; with neither, one day.
//     An end before the start is read as a one-day holiday.
//   * SUMMARY -> name_en (name_ar when it has LANGUAGE=ar), X-TAWASUL-NAME-AR -> name_ar; a name
//     missing in one language takes the other's text (both are required downstream);
//     DESCRIPTION -> note.
//   * kind from X-TAWASUL-KIND, else fixed when the RRULE is FREQ=YEARLY, else one_off; status from
//     X-TAWASUL-STATUS, else STATUS:TENTATIVE -> tentative, else confirmed. STATUS:CANCELLED
//     events are skipped.
//   * Other properties and components (VTIMEZONE, VALARM, VTODO ...) are ignored.
// Returns nullopt, with a message naming the line if `error` is not null, for: no VCALENDAR,
// unbalanced BEGIN/END, a malformed content line, a VEVENT without DTSTART or without any name,
// an invalid date, duration or RRULE, a date after 2999 (libical cannot write it back), an unknown
// X-TAWASUL-KIND / X-TAWASUL-STATUS, invalid UTF-8, a NUL character, a control character other
// than LF and tab (a CR, say, from the escape "\\r") in a name or the description.
std::optional<std::vector<Holiday>> ImportIcs(std::string_view ics, std::string* error);

}  // namespace tawasul::domain
