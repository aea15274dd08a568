#ifndef MSC_RENDER_SVG_CHART_H_
#define MSC_RENDER_SVG_CHART_H_

// Inline SVG charts for the HTML page: static drawings, readable without scripts,
// each with a <title> for screen readers. All text passed in is escaped here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msc::render {

// &, <, >, " and ' as entities: safe in element text and in quoted attributes.
std::string EscapeHtml(std::string_view text);

struct Bar {
  std::string label;
  double value = 0;
  std::optional<double> low, high;  // an interval drawn as a whisker
  std::string fill;                 // CSS colour
  std::string value_text;           // printed beside the bar
  std::string tooltip;              // the bar's own <title>
};

struct Threshold {
  double at = 0;
  std::string label;
  std::string color;
};

// Horizontal bars from zero (leftwards for negative values: diverging bars).
struct BarChart {
  std::string title;
  double min = 0;
  double max = 100;
  std::string tick_suffix;  // "%" for rates
  std::vector<Bar> bars;
  std::vector<Threshold> thresholds;
};
std::string RenderBars(const BarChart& chart);

struct Series {
  std::string name;
  std::string fill;
};

struct Group {
  std::string label;
  std::vector<double> values;  // one per series
  std::vector<std::string> value_texts;
};

// Groups of horizontal bars, one bar per series, with a legend.
struct GroupedChart {
  std::string title;
  double max = 100;
  std::string tick_suffix;
  std::vector<Series> series;
  std::vector<Group> groups;
};
std::string RenderGroupedBars(const GroupedChart& chart);

struct StackedRow {
  std::string label;
  std::vector<double> parts;  // one per segment kind, in legend order
  std::string note;           // beside the bar, e.g. "4.6 · green"
};

// Each row a 100% stacked bar of its parts (an answer distribution).
struct StackedChart {
  std::string title;
  std::vector<Series> segments;
  std::vector<StackedRow> rows;
};
std::string RenderStackedBars(const StackedChart& chart);

struct RangeRow {
  std::string label;
  double low = 0, high = 0;  // the range, drawn as a bar
  double point = 0;          // marked inside it
  std::string fill;
  std::string value_text;  // printed right of the bar
  std::string tooltip;
};

// Horizontal ranges on an axis from `min` (left) to `max`: rank sets, rank 1 at the
// left. Ticks are whole numbers when max - min is at least 5.
struct RangeChart {
  std::string title;
  double min = 0;
  double max = 1;
  std::vector<RangeRow> rows;
};
std::string RenderRanges(const RangeChart& chart);

}  // namespace msc::render

#endif  // MSC_RENDER_SVG_CHART_H_
