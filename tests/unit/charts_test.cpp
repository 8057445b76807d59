// The server-side SVG charts (web/charts.h): well-formed markup, escaped text, the time axis
// mirrored in Arabic, Arabic-Indic digits, the hidden data table, and empty or missing data.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "web/charts.h"

namespace tawasul::web {
namespace {

// A small well-formedness check: every element is closed in order, attributes are quoted and no
// raw '<' or '&' appears outside tags and entities.
::testing::AssertionResult WellFormed(const std::string& xml) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '&') {
      std::size_t semi = xml.find(';', i);
      if (semi == std::string::npos || semi - i > 8) {
        return ::testing::AssertionFailure() << "bare & at " << i;
      }
      i = semi + 1;
      continue;
    }
    if (c != '<') {
      if (c == '>') return ::testing::AssertionFailure() << "bare > at " << i;
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    char quote = 0;
    for (; end < xml.size(); ++end) {
      if (quote) {
        if (xml[end] == quote) quote = 0;
        if (xml[end] == '<') return ::testing::AssertionFailure() << "< in attribute at " << end;
      } else if (xml[end] == '"' || xml[end] == '\'') {
        quote = xml[end];
      } else if (xml[end] == '>') {
        break;
      }
    }
    if (end >= xml.size()) return ::testing::AssertionFailure() << "unclosed tag at " << i;
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty()) return ::testing::AssertionFailure() << "empty tag at " << i;
    if (tag[0] == '/') {
      std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        return ::testing::AssertionFailure()
               << "</" << name << "> closes " << (open.empty() ? "nothing" : open.back());
      }
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find_first_of(" \t\n")));
    }
    i = end + 1;
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "<" << open.back() << "> not closed";
  return ::testing::AssertionSuccess();
}

ChartSpec Sample(domain::Language l, ChartSpec::Kind kind = ChartSpec::Kind::kBar) {
  ChartSpec s;
  s.kind = kind;
  s.id = "c1";
  s.title = "Received";
  s.description = "Bars";
  s.x_caption = "Month";
  s.y_caption = "Cases";
  s.language = l;
  s.points = {{"first", 10}, {"second", 25}, {"third", std::nullopt}, {"fourth", 7}};
  return s;
}

// x of each time-axis label, in document order.
std::vector<std::pair<std::string, double>> LabelXs(const std::string& svg) {
  std::vector<std::pair<std::string, double>> out;
  std::regex re(
      "<text class=\"chart-label(?: chart-label-alt)?\" x=\"([0-9.]+)\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.emplace_back((*it)[2].str(), std::stod((*it)[1].str()));
  }
  return out;
}

TEST(ChartsTest, BarChartIsWellFormedAccessibleSvgWithADataTable) {
  std::string html = RenderChart(Sample(domain::Language::kEnglish));
  EXPECT_TRUE(WellFormed(html)) << html;
  EXPECT_NE(html.find("role=\"img\""), std::string::npos);
  EXPECT_NE(html.find("<title id=\"c1-title\">Received</title>"), std::string::npos);
  EXPECT_NE(html.find("<desc id=\"c1-desc\">Bars</desc>"), std::string::npos);
  EXPECT_NE(html.find("aria-labelledby=\"c1-title\""), std::string::npos);
  EXPECT_NE(html.find("viewBox=\"0 0 640.0 280.0\""), std::string::npos);
  // No fixed size: the chart scales with its box.
  EXPECT_EQ(html.find(" width=\"640"), std::string::npos);
  // Three bars (the missing value draws none), and every value in the table.
  std::regex bar("<rect class=\"chart-bar\"");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(html.begin(), html.end(), bar), std::sregex_iterator()),
      3);
  EXPECT_NE(html.find("class=\"visually-hidden chart-table\""), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">second</th><td>25</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<tr><th scope=\"row\">third</th><td>—</td></tr>"), std::string::npos);
  // Every other time label may be hidden at phone width (stats.css): the 2nd and the 4th.
  std::regex alt("<text class=\"chart-label chart-label-alt\"[^>]*>(second|fourth)</text>");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(html.begin(), html.end(), alt), std::sregex_iterator()),
      2);
}

TEST(ChartsTest, LineChartBreaksAtMissingValuesAndShowsPercentages) {
  auto spec = Sample(domain::Language::kEnglish, ChartSpec::Kind::kLine);
  spec.percent = true;
  spec.points = {{"a", 0.5}, {"b", 0.75}, {"c", std::nullopt}, {"d", 1.0}};
  std::string html = RenderChart(spec);
  EXPECT_TRUE(WellFormed(html)) << html;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, std::regex("<path class=\"chart-line\" d=\"([^\"]*)\"")));
  // Two runs: a-b, then d alone.
  const std::string d = m[1].str();
  EXPECT_EQ(std::count(d.begin(), d.end(), 'M'), 2) << d;
  EXPECT_NE(html.find("<td>75.0%</td>"), std::string::npos) << html;
  EXPECT_NE(html.find(">100.0%</text>"), std::string::npos);
}

TEST(ChartsTest, EveryTextIsEscaped) {
  auto spec = Sample(domain::Language::kEnglish);
  spec.id = "x\"><script>";
  spec.title = "<script>alert(1)</script> & co";
  spec.description = "\"quoted\" 'single'";
  spec.x_caption = "<b>";
  spec.y_caption = "</table>";
  spec.points = {{"<img src=x onerror=alert(1)>", 3}};
  std::string html = RenderChart(spec);
  EXPECT_TRUE(WellFormed(html)) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_NE(html.find("&quot;quoted&quot; &#39;single&#39;"), std::string::npos);
}

TEST(ChartsTest, TimeAxisRunsRightToLeftInArabic) {
  auto en = LabelXs(RenderChart(Sample(domain::Language::kEnglish)));
  auto ar = LabelXs(RenderChart(Sample(domain::Language::kArabic)));
  ASSERT_EQ(en.size(), 4u);
  ASSERT_EQ(ar.size(), 4u);
  EXPECT_EQ(en[0].first, "first");
  EXPECT_EQ(ar[0].first, "first");
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_GT(en[i].second, en[i - 1].second) << "English: oldest at the left";
    EXPECT_LT(ar[i].second, ar[i - 1].second) << "Arabic: oldest at the right";
  }
  // The value axis labels are on the right in Arabic, on the left in English.
  std::regex tick("<text class=\"chart-tick\" x=\"([0-9.]+)\"");
  std::smatch m;
  std::string ar_svg = RenderChart(Sample(domain::Language::kArabic));
  std::string en_svg = RenderChart(Sample(domain::Language::kEnglish));
  ASSERT_TRUE(std::regex_search(ar_svg, m, tick));
  double ar_x = std::stod(m[1]);
  ASSERT_TRUE(std::regex_search(en_svg, m, tick));
  double en_x = std::stod(m[1]);
  EXPECT_GT(ar_x, 320);
  EXPECT_LT(en_x, 320);
}

TEST(ChartsTest, ArabicUsesArabicIndicDigits) {
  auto spec = Sample(domain::Language::kArabic);
  spec.points = {{"x", 1234}};
  std::string html = RenderChart(spec);
  EXPECT_NE(html.find("١٬٢٣٤"), std::string::npos) << html;  // the table's value
  // Tick labels: Arabic-Indic digits, no ASCII digit between > and </text>.
  std::regex tick("<text class=\"chart-tick\"[^>]*>([^<]*)</text>");
  int ticks = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tick); it != std::sregex_iterator();
       ++it, ++ticks) {
    std::string label = (*it)[1];
    EXPECT_EQ(label.find_first_of("0123456789"), std::string::npos) << label;
  }
  EXPECT_EQ(ticks, 5);
  EXPECT_EQ(
      MonthLabel(domain::LocalDate(std::chrono::year(2026) / 12 / 1), domain::Language::kArabic)
          .find_first_of("0123456789"),
      std::string::npos);
  EXPECT_NE(
      MonthLabel(domain::LocalDate(std::chrono::year(2026) / 12 / 1), domain::Language::kEnglish)
          .find("2026"),
      std::string::npos);
}

TEST(ChartsTest, EmptyAndDegenerateDataDoNotCrash) {
  for (auto kind : {ChartSpec::Kind::kBar, ChartSpec::Kind::kLine}) {
    for (auto l : {domain::Language::kArabic, domain::Language::kEnglish}) {
      auto spec = Sample(l, kind);
      spec.points.clear();
      std::string html = RenderChart(spec);
      EXPECT_TRUE(WellFormed(html)) << html;
      EXPECT_NE(html.find("chart-empty"), std::string::npos);
      spec.points = {{"only", 0}};
      EXPECT_TRUE(WellFormed(RenderChart(spec)));
      spec.points = {{"nan", std::nan("")}, {"none", std::nullopt}, {"neg", -5}};
      EXPECT_TRUE(WellFormed(RenderChart(spec)));
      spec.points.assign(400, ChartPoint{"d", 1e12});
      std::string big = RenderChart(spec);
      EXPECT_TRUE(WellFormed(big));
      EXPECT_LE(LabelXs(big).size(), 8u);
    }
  }
}

}  // namespace
}  // namespace tawasul::web
