#include "svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report_text.h"

namespace msc::render {
namespace {

constexpr double kWidth = 760;
constexpr double kValueRoom = 145;  // right of the plot, for the value labels ("mean 4.4 · yellow")
constexpr double kRow = 24;
constexpr double kBar = 15;
constexpr double kTop = 38;
constexpr double kBottom = 26;
constexpr size_t kMaxLabel = 44;  // longer labels are cut; the full text is in <title>

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string ShortLabel(const std::string& label) {
  if (DisplayWidth(label) <= kMaxLabel) return label;
  std::string out;
  size_t chars = 0;
  for (char c : label) {
    bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_char && ++chars > kMaxLabel - 1) break;
    out += c;
  }
  return out + "…";
}

// Room for the widest label at 13 px: DejaVu Sans, the usual fallback sans-serif on
// Linux, averages about 7.6 px a character in names like these (6.8 cut the first
// letters off "Reinrose Sparebank").
double LabelWidth(const std::vector<std::string>& labels) {
  size_t widest = 4;
  for (const auto& l : labels) widest = std::max(widest, DisplayWidth(ShortLabel(l)));
  return std::clamp(widest * 7.8 + 14, 90.0, 340.0);
}

// 1, 2 or 5 times a power of ten, about a fifth of the range.
double TickStep(double range) {
  double raw = range / 5;
  double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

std::string TickText(double v, const std::string& suffix) {
  double rounded = std::round(v);
  std::string s =
      std::abs(v - rounded) < 1e-9 ? std::to_string(static_cast<long>(rounded)) : Num(v);
  return s + suffix;
}

// The horizontal scale of a plot between pixel columns x0 and x1.
struct Scale {
  double min, max, x0, x1;
  double X(double v) const {
    v = std::clamp(v, min, max);
    return x0 + (v - min) / (max - min) * (x1 - x0);
  }
};

// Drawn at its own size, one unit a CSS pixel, never scaled down: the text stays as
// large as the page's stylesheet sets it, and a narrow screen scrolls the figure.
std::string Open(const std::string& title, double height) {
  return "<svg class=\"chart\" width=\"" + Num(kWidth) + "\" height=\"" + Num(height) +
         "\" viewBox=\"0 0 " + Num(kWidth) + " " + Num(height) + "\" role=\"img\" aria-label=\"" +
         EscapeHtml(title) + "\"><title>" + EscapeHtml(title) + "</title>\n";
}

std::string Grid(const Scale& s, double top, double bottom, const std::string& suffix) {
  std::string out;
  double step = TickStep(s.max - s.min);
  for (double v = std::ceil(s.min / step) * step; v <= s.max + 1e-9; v += step) {
    std::string x = Num(s.X(v));
    out += "<line class=\"grid\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Num(top) + "\" y2=\"" +
           Num(bottom) + "\"/>";
    out += "<text class=\"tick\" x=\"" + x + "\" y=\"" + Num(bottom + 16) +
           "\" text-anchor=\"middle\">" + TickText(v, suffix) + "</text>\n";
  }
  return out;
}

std::string Label(double x, double y, const std::string& text) {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) +
         "\" text-anchor=\"end\" dominant-baseline=\"middle\">" + EscapeHtml(ShortLabel(text)) +
         "</text>";
}

std::string Rect(double x, double y, double w, double h, const std::string& fill,
                 const std::string& tooltip) {
  return "<rect x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" width=\"" + Num(std::max(w, 0.0)) +
         "\" height=\"" + Num(h) + "\" fill=\"" + EscapeHtml(fill) + "\"><title>" +
         EscapeHtml(tooltip) + "</title></rect>";
}

std::string ValueText(double x, double y, const std::string& text) {
  return "<text class=\"value\" x=\"" + Num(x) + "\" y=\"" + Num(y) +
         "\" dominant-baseline=\"middle\">" + EscapeHtml(text) + "</text>";
}

std::string Whisker(const Scale& s, double low, double high, double y) {
  auto line = [](double x1, double y1, double x2, double y2) {
    return "<line class=\"whisker\" x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) +
           "\" y2=\"" + Num(y2) + "\"/>";
  };
  double a = s.X(low), b = s.X(high);
  return line(a, y, b, y) + line(a, y - 5, a, y + 5) + line(b, y - 5, b, y + 5);
}

std::string Legend(const std::vector<Series>& series, double x, double y) {
  std::string out;
  for (const auto& s : series) {
    out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y - 6) +
           "\" width=\"12\" height=\"12\" fill=\"" + EscapeHtml(s.fill) + "\"/>";
    out += "<text x=\"" + Num(x + 17) + "\" y=\"" + Num(y) + "\" dominant-baseline=\"middle\">" +
           EscapeHtml(s.name) + "</text>";
    x += 30 + DisplayWidth(s.name) * 7.0;
  }
  return out + "\n";
}

// Black or white, whichever reads better on the fill ("#rrggbb"). Set as a style,
// since the page's stylesheet would override a fill attribute.
std::string InkOn(const std::string& fill) {
  if (fill.size() != 7 || fill[0] != '#') return "#000";
  auto channel = [&](int i) { return std::stoi(fill.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
  double luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return luminance < 0.5 ? "#fff" : "#111";
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderBars(const BarChart& chart) {
  std::vector<std::string> labels;
  for (const auto& b : chart.bars) labels.push_back(b.label);
  const double label_w = LabelWidth(labels);
  const Scale s{chart.min, chart.max, label_w, kWidth - kValueRoom};
  const double plot_bottom = kTop + chart.bars.size() * kRow;
  std::string out = Open(chart.title, plot_bottom + kBottom);
  out += Grid(s, kTop - 6, plot_bottom, chart.tick_suffix);
  const double base = s.X(std::clamp(0.0, chart.min, chart.max));
  // Thresholds go under the bars and their labels; labels alternate between two
  // heights so that close thresholds (60 and 70) do not print over each other.
  for (size_t i = 0; i < chart.thresholds.size(); ++i) {
    const Threshold& t = chart.thresholds[i];
    const std::string x = Num(s.X(t.at));
    out += "<line class=\"threshold\" x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + Num(kTop - 8) +
           "\" y2=\"" + Num(plot_bottom) + "\" stroke=\"" + EscapeHtml(t.color) + "\"/>";
    out += "<text class=\"tick\" x=\"" + x + "\" y=\"" + Num(i % 2 ? kTop - 13 : kTop - 25) +
           "\" text-anchor=\"middle\">" + EscapeHtml(t.label) + "</text>\n";
  }
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const double mid = kTop + i * kRow + kRow / 2;
    const double x = s.X(b.value);
    out += "<g>" + Label(label_w - 8, mid, b.label);
    out += Rect(std::min(x, base), mid - kBar / 2, std::abs(x - base), kBar, b.fill,
                b.tooltip.empty() ? b.label + ": " + b.value_text : b.tooltip);
    double text_x = std::max(x, base) + 6;
    if (b.low && b.high) {
      out += Whisker(s, *b.low, *b.high, mid);
      text_x = std::max(text_x, s.X(*b.high) + 6);
    }
    out += ValueText(text_x, mid, b.value_text) + "</g>\n";
  }
  if (chart.min < 0) {
    out += "<line class=\"axis\" x1=\"" + Num(base) + "\" x2=\"" + Num(base) + "\" y1=\"" +
           Num(kTop - 6) + "\" y2=\"" + Num(plot_bottom) + "\"/>";
  }
  return out + "</svg>\n";
}

std::string RenderGroupedBars(const GroupedChart& chart) {
  std::vector<std::string> labels;
  for (const auto& g : chart.groups) labels.push_back(g.label);
  const double label_w = LabelWidth(labels);
  const Scale s{0, chart.max, label_w, kWidth - kValueRoom};
  const double bar = 14, gap = 3, group_gap = 14;
  const double group_h = chart.series.size() * (bar + gap) + group_gap;
  const double top = kTop + 10;
  const double plot_bottom = top + chart.groups.size() * group_h;
  std::string out = Open(chart.title, plot_bottom + kBottom);
  out += Legend(chart.series, label_w, 12);
  out += Grid(s, top - 4, plot_bottom, chart.tick_suffix);
  for (size_t g = 0; g < chart.groups.size(); ++g) {
    const Group& group = chart.groups[g];
    const double y0 = top + g * group_h;
    out += "<g>" + Label(label_w - 8, y0 + (group_h - group_gap) / 2, group.label);
    for (size_t k = 0; k < chart.series.size() && k < group.values.size(); ++k) {
      const double y = y0 + k * (bar + gap);
      const std::string text = k < group.value_texts.size() ? group.value_texts[k] : "";
      out += Rect(s.X(0), y, s.X(group.values[k]) - s.X(0), bar, chart.series[k].fill,
                  group.label + ", " + chart.series[k].name + ": " + text);
      out += ValueText(s.X(group.values[k]) + 6, y + bar / 2, text);
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

std::string RenderStackedBars(const StackedChart& chart) {
  std::vector<std::string> labels;
  for (const auto& r : chart.rows) labels.push_back(r.label);
  const double label_w = LabelWidth(labels);
  const Scale s{0, 100, label_w, kWidth - kValueRoom};
  const double top = kTop + 6;
  const double plot_bottom = top + chart.rows.size() * kRow;
  std::string out = Open(chart.title, plot_bottom + kBottom);
  out += Legend(chart.segments, label_w, 12);
  out += Grid(s, top - 4, plot_bottom, "%");
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const StackedRow& row = chart.rows[i];
    const double mid = top + i * kRow + kRow / 2;
    double total = 0;
    for (double p : row.parts) total += p;
    out += "<g>" + Label(label_w - 8, mid, row.label);
    double at = 0;
    for (size_t k = 0; k < row.parts.size() && k < chart.segments.size() && total > 0; ++k) {
      const double share = 100 * row.parts[k] / total;
      const double x = s.X(at), w = s.X(at + share) - x;
      const std::string pct = Num(share) + "%";
      out += Rect(x, mid - kBar / 2 - 1, w, kBar + 2, chart.segments[k].fill,
                  row.label + ", " + chart.segments[k].name + ": " + pct);
      if (w > 34) {
        out += "<text class=\"inbar\" x=\"" + Num(x + w / 2) + "\" y=\"" + Num(mid) +
               "\" text-anchor=\"middle\" dominant-baseline=\"middle\" style=\"fill:" +
               InkOn(chart.segments[k].fill) + "\">" + Num(share) + "</text>";
      }
      at += share;
    }
    out += ValueText(s.x1 + 8, mid, row.note) + "</g>\n";
  }
  return out + "</svg>\n";
}

std::string RenderRanges(const RangeChart& chart) {
  std::vector<std::string> labels;
  for (const auto& r : chart.rows) labels.push_back(r.label);
  const double label_w = LabelWidth(labels);
  const Scale s{chart.min, chart.max, label_w, kWidth - kValueRoom};
  const double plot_bottom = kTop + chart.rows.size() * kRow;
  std::string out = Open(chart.title, plot_bottom + kBottom);
  out += Grid(s, kTop - 6, plot_bottom, "");
  for (size_t i = 0; i < chart.rows.size(); ++i) {
    const RangeRow& row = chart.rows[i];
    const double mid = kTop + i * kRow + kRow / 2;
    const double x0 = s.X(row.low), x1 = s.X(row.high);
    out += "<g>" + Label(label_w - 8, mid, row.label);
    out += Rect(x0, mid - kBar / 2, x1 - x0, kBar, row.fill,
                row.tooltip.empty() ? row.label + ": " + row.value_text : row.tooltip);
    out += "<circle cx=\"" + Num(s.X(row.point)) + "\" cy=\"" + Num(mid) +
           "\" r=\"4\" fill=\"#1f2328\"/>";
    out += ValueText(x1 + 6, mid, row.value_text) + "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace msc::render
