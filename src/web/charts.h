#pragma once
// Server-side SVG charts for the statistics page and the supervisor dashboard.
//
// Pages must work without JavaScript and the CSP forbids inline scripts, so charts are drawn on
// the server as inline SVG: a bar chart (counts per day or month) or a line chart (a rate per
// month). Accessibility: the SVG is an image (`role="img"`) named by its <title> and described
// by its <desc>; every value is also written in a visually hidden table beside it, so nothing is
// carried by colour or shape alone. Text is in the page's language and numbering system
// (Arabic-Indic digits in Arabic); in Arabic the time axis runs right to left (oldest point at
// the right, the value axis on the right), as Arabic readers expect. The chart scales with its
// container (viewBox, no fixed size). Every text written is XML-escaped here; the caller passes
// plain text.
//
// Pure: no I/O, no shared state (ICU formatters are created per call).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/language.h"
#include "domain/time.h"

namespace tawasul::web {

struct ChartPoint {
  std::string label;            // the x-axis label (a day or a month), plain text
  std::optional<double> value;  // nullopt: no value (a rate with no denominator)
};

struct ChartSpec {
  enum class Kind { kBar, kLine };
  Kind kind = Kind::kBar;
  std::string id;           // unique in the page; ids of the title and desc derive from it
  std::string title;        // names the chart (the <title> and the table's caption)
  std::string description;  // one sentence on what it shows (the <desc>)
  std::string x_caption;    // heading of the table's first column ("Month")
  std::string y_caption;    // heading of its second column ("Cases received")
  bool percent = false;     // values are shares in [0, 1], shown as percentages on a 0–100% axis
  std::vector<ChartPoint> points;  // oldest first
  domain::Language language = domain::Language::kArabic;
};

// The chart as an HTML fragment: <figure class="chart"> holding the SVG and the hidden table.
// Safe to insert unescaped: every text inside is escaped. Empty `points` draws empty axes with a
// "no data" note.
std::string RenderChart(const ChartSpec& spec);

// Escapes &, <, >, " and ' for XML/HTML text and attribute values.
std::string XmlEscape(std::string_view s);

// A number with `decimals` fraction digits and grouping in the language's numbering system
// ("٤٫٣" / "4.3").
std::string FormatDecimal(double v, int decimals, domain::Language language);

// Short labels for the time axis, in the language's numbering system: "ديسمبر ٢٠٢٦" / "Dec 2026"
// for a month, "٤ ديسمبر" / "4 Dec" for a day.
std::string MonthLabel(domain::LocalDate month, domain::Language language);
std::string DayLabel(domain::LocalDate day, domain::Language language);
// A full date: "٤ ديسمبر ٢٠٢٦" / "4 Dec 2026".
std::string DateLabel(domain::LocalDate day, domain::Language language);

}  // namespace tawasul::web
