// Server-side SVG charts; see charts.h.
//
// Geometry: a 640 × 280 viewBox. The plot area leaves room for the value labels on the value
// axis side (left in English, right in Arabic) and for the time labels below. Points sit at the
// centres of equal slots, so bars and line markers line up with their labels; in Arabic the slot
// of point i is mirrored (x → width − x). The value axis runs from 0 to a "nice" maximum (1, 2
// or 5 × 10^k steps, four of them), or 0–100% for shares. At most 8 time labels are written
// (every k-th; at phone width CSS hides every other one of those), the rest are in the table. A
// missing value breaks the line and draws no bar. The SVG's own direction is always ltr, whatever
// the page's: positions are computed here (mirrored for Arabic), so text-anchor start/end must mean
// left/right; each label's Arabic text is still ordered by the bidi algorithm.

#include "web/charts.h"

#include "domain/html_escape.h"

#include <unicode/datefmt.h>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "web/i18n.h"

namespace tawasul::web {

namespace {

constexpr double kWidth = 640;
constexpr double kHeight = 280;
constexpr double kAxisSide = 64;  // room for the value labels
constexpr double kOtherSide = 16;
constexpr double kTop = 16;
constexpr double kBottom = 44;  // room for the time labels
constexpr int kTicks = 4;
constexpr std::size_t kMaxTimeLabels = 8;

icu::Locale LocaleOf(domain::Language language) {
  return language == domain::Language::kArabic ? icu::Locale("ar_BH@numbers=arab")
                                               : icu::Locale("en_GB@numbers=latn");
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The value axis maximum: 1 for shares, else the smallest step × kTicks covering `max` with a
// step of 1, 2 or 5 × 10^k (at least 1).
double NiceMax(double max, bool percent) {
  if (percent) return 1.0;
  if (max <= 0) return kTicks;
  double raw = max / kTicks;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    double step = std::max(1.0, m * mag);
    if (step * kTicks >= max) return step * kTicks;
  }
  return std::ceil(max);
}

std::string ValueText(const std::optional<double>& v, bool percent, domain::Language language) {
  if (!v) return "—";
  if (percent) return FormatPercent(*v, language);
  return FormatCount(static_cast<std::int64_t>(std::llround(*v)), language);
}

std::string FormatSkeleton(domain::LocalDate d, const char* skeleton, domain::Language language) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::DateFormat> fmt(icu::DateFormat::createInstanceForSkeleton(
      icu::UnicodeString(skeleton), LocaleOf(language), status));
  if (U_FAILURE(status) || !fmt) return domain::FormatDate(d);
  fmt->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  auto days = std::chrono::sys_days(d).time_since_epoch().count();
  icu::UnicodeString out;
  fmt->format((static_cast<double>(days) * 86400.0 + 43200.0) * 1000.0, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

}  // namespace

std::string XmlEscape(std::string_view s) { return domain::HtmlEscape(s); }

std::string FormatDecimal(double v, int decimals, domain::Language language) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> fmt(
      icu::NumberFormat::createInstance(LocaleOf(language), status));
  if (U_FAILURE(status) || !fmt) return Num(v);
  fmt->setMinimumFractionDigits(decimals);
  fmt->setMaximumFractionDigits(decimals);
  icu::UnicodeString out;
  fmt->format(v, out);
  std::string s;
  out.toUTF8String(s);
  return s;
}

std::string MonthLabel(domain::LocalDate month, domain::Language language) {
  return FormatSkeleton(month, "MMMy", language);
}

std::string DayLabel(domain::LocalDate day, domain::Language language) {
  return FormatSkeleton(day, "dMMM", language);
}

std::string DateLabel(domain::LocalDate day, domain::Language language) {
  return FormatSkeleton(day, "yMMMd", language);
}

namespace {

// Where things go on the drawing: the plot area, the value scale and one slot per point.
struct Geometry {
  bool rtl = false;
  double top = 1;  // the value at the top of the scale
  double plot_left = 0, plot_right = 0, plot_bottom = 0, plot_h = 0, slot = 0;

  double Y(double v) const {
    double clamped = std::clamp(std::isfinite(v) ? v : 0.0, 0.0, top);
    return plot_bottom - clamped / top * plot_h;
  }
  // English: oldest at the left; Arabic: oldest at the right.
  double X(std::size_t i) const {
    double ltr = plot_left + slot * (static_cast<double>(i) + 0.5);
    return rtl ? plot_left + plot_right - ltr : ltr;
  }
};

Geometry GeometryOf(const ChartSpec& spec) {
  Geometry g;
  g.rtl = spec.language == domain::Language::kArabic;
  double max = 0;
  for (const auto& p : spec.points) {
    if (p.value && std::isfinite(*p.value)) max = std::max(max, *p.value);
  }
  g.top = NiceMax(max, spec.percent);
  g.plot_left = g.rtl ? kOtherSide : kAxisSide;
  g.plot_right = kWidth - (g.rtl ? kAxisSide : kOtherSide);
  g.plot_bottom = kHeight - kBottom;
  g.plot_h = g.plot_bottom - kTop;
  const double plot_w = g.plot_right - g.plot_left;
  const std::size_t n = spec.points.size();
  g.slot = n ? plot_w / static_cast<double>(n) : plot_w;
  return g;
}

// Gridlines and labels of the value axis, then the time axis with every k-th label.
void AppendAxes(std::string& svg, const ChartSpec& spec, const Geometry& g) {
  const double label_x = g.rtl ? g.plot_right + 8 : g.plot_left - 8;
  svg += "<g class=\"chart-grid\" aria-hidden=\"true\">";
  for (int t = 0; t <= kTicks; ++t) {
    double v = g.top * t / kTicks;
    double y = g.Y(v);
    svg += "<line x1=\"" + Num(g.plot_left) + "\" x2=\"" + Num(g.plot_right) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\" stroke=\"#d9dee7\"/>";
    svg += "<text class=\"chart-tick\" x=\"" + Num(label_x) + "\" y=\"" + Num(y + 4) +
           "\" text-anchor=\"" + (g.rtl ? "start" : "end") + "\">" +
           XmlEscape(ValueText(v, spec.percent, spec.language)) + "</text>";
  }
  svg += "</g>";
  const std::size_t n = spec.points.size();
  svg += "<g class=\"chart-axis\" aria-hidden=\"true\">";
  svg += "<line x1=\"" + Num(g.plot_left) + "\" x2=\"" + Num(g.plot_right) + "\" y1=\"" +
         Num(g.plot_bottom) + "\" y2=\"" + Num(g.plot_bottom) + "\" stroke=\"#4a5568\"/>";
  const std::size_t every = n > kMaxTimeLabels ? (n + kMaxTimeLabels - 1) / kMaxTimeLabels : 1;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % every != 0) continue;
    // Every other written label may be hidden at phone width (stats.css).
    const bool alt = (i / every) % 2 == 1;
    svg += std::string("<text class=\"chart-label") + (alt ? " chart-label-alt" : "") + "\" x=\"" +
           Num(g.X(i)) + "\" y=\"" + Num(g.plot_bottom + 20) + "\" text-anchor=\"middle\">" +
           XmlEscape(spec.points[i].label) + "</text>";
  }
  svg += "</g>";
}

// The points: bars, or a line broken where a value is missing, with a dot on each value.
void AppendData(std::string& svg, const ChartSpec& spec, const Geometry& g) {
  const std::size_t n = spec.points.size();
  auto tooltip = [&](const ChartPoint& p) {
    return "<title>" + XmlEscape(p.label) + ": " +
           XmlEscape(ValueText(p.value, spec.percent, spec.language)) + "</title>";
  };
  svg += "<g class=\"chart-data\">";
  if (spec.kind == ChartSpec::Kind::kBar) {
    const double bar_w = std::max(1.0, g.slot * 0.7);
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = spec.points[i];
      if (!p.value) continue;
      double y = g.Y(*p.value);
      svg += "<rect class=\"chart-bar\" x=\"" + Num(g.X(i) - bar_w / 2) + "\" y=\"" + Num(y) +
             "\" width=\"" + Num(bar_w) + "\" height=\"" + Num(g.plot_bottom - y) +
             "\" fill=\"#0b6e4f\">" + tooltip(p) + "</rect>";
    }
  } else {
    std::string path;
    bool pen_down = false;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = spec.points[i];
      if (!p.value) {
        pen_down = false;
        continue;
      }
      path += (pen_down ? " L" : " M") + Num(g.X(i)) + " " + Num(g.Y(*p.value));
      pen_down = true;
    }
    if (!path.empty()) {
      svg += "<path class=\"chart-line\" d=\"" + path.substr(1) +
             "\" fill=\"none\" stroke=\"#0b6e4f\" stroke-width=\"2.5\"/>";
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto& p = spec.points[i];
      if (!p.value) continue;
      svg += "<circle class=\"chart-point\" cx=\"" + Num(g.X(i)) + "\" cy=\"" + Num(g.Y(*p.value)) +
             "\" r=\"4\" fill=\"#0b6e4f\">" + tooltip(p) + "</circle>";
    }
  }
  svg += "</g>";
}

// The same data as a table, for screen readers (and anyone who cannot read the chart).
std::string ChartTable(const ChartSpec& spec) {
  std::string table = "<table class=\"visually-hidden chart-table\" id=\"" +
                      XmlEscape(spec.id + "-table") + "\"><caption>" + XmlEscape(spec.title) +
                      "</caption><thead><tr><th scope=\"col\">" + XmlEscape(spec.x_caption) +
                      "</th><th scope=\"col\">" + XmlEscape(spec.y_caption) +
                      "</th></tr></thead><tbody>";
  for (const auto& p : spec.points) {
    table += "<tr><th scope=\"row\">" + XmlEscape(p.label) + "</th><td>" +
             XmlEscape(ValueText(p.value, spec.percent, spec.language)) + "</td></tr>";
  }
  return table + "</tbody></table>";
}

}  // namespace

std::string RenderChart(const ChartSpec& input) {
  // A value that is not a finite number is missing.
  ChartSpec spec = input;
  for (auto& p : spec.points) {
    if (p.value && !std::isfinite(*p.value)) p.value.reset();
  }
  const Geometry g = GeometryOf(spec);
  const std::string title_id = spec.id + "-title";
  const std::string desc_id = spec.id + "-desc";
  std::string svg;
  svg += "<svg class=\"chart-svg chart-kind-" +
         std::string(spec.kind == ChartSpec::Kind::kBar ? "bar" : "line") + "\" viewBox=\"0 0 " +
         Num(kWidth) + " " + Num(kHeight) +
         "\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"" +
         XmlEscape(title_id) + "\" aria-describedby=\"" + XmlEscape(desc_id) +
         "\" xmlns=\"http://www.w3.org/2000/svg\" direction=\"ltr\">";
  svg += "<title id=\"" + XmlEscape(title_id) + "\">" + XmlEscape(spec.title) + "</title>";
  svg += "<desc id=\"" + XmlEscape(desc_id) + "\">" + XmlEscape(spec.description) + "</desc>";
  AppendAxes(svg, spec, g);
  if (spec.points.empty()) {
    svg += "<text class=\"chart-empty\" x=\"" + Num(kWidth / 2) + "\" y=\"" +
           Num(kTop + g.plot_h / 2) + "\" text-anchor=\"middle\">" +
           XmlEscape(Text(spec.language, "st_chart_no_data")) + "</text>";
  }
  AppendData(svg, spec, g);
  svg += "</svg>";
  return "<figure class=\"chart\" id=\"" + XmlEscape(spec.id) +
         "\"><figcaption class=\"chart-caption\">" + XmlEscape(spec.title) + "</figcaption>" + svg +
         ChartTable(spec) + "</figure>";
}

}  // namespace tawasul::web
