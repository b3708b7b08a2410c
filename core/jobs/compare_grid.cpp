#include "core/jobs/compare_grid.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/io/text_render.h"

namespace olis::jobs {

namespace {

constexpr io::Rgb kBackground{255, 255, 255};
constexpr io::Rgb kText{32, 32, 32};
constexpr io::Rgb kMuted{110, 110, 110};

struct Metrics {
  int pad = 0, gap = 0, inner = 0, font_px = 0, line = 0, label_w = 0, column_w = 0, header_h = 0, footer_h = 0;
  std::vector<int> row_h;  // height of each row's images
  std::vector<std::vector<std::string>> header_lines, label_lines;
  std::vector<std::string> footer_lines;
};

int image_height(int cell_px, int w, int h) { return w > 0 && h > 0 ? std::max(1, cell_px * h / w) : cell_px; }

std::string footer_text(const CompareParams& p, const CompareResult& r) {
  std::string seeds;
  for (auto s : p.seeds) seeds += (seeds.empty() ? "" : ", ") + std::to_string(s);
  std::string size = "each row's size";
  if (!r.rows.empty()) size = fmt::format("{}x{}", r.rows.front().width_px, r.rows.front().height_px);
  return fmt::format("DDIM, {} steps, guidance {:g}, {}, seeds {}{}{}", p.steps, p.guidance, size, seeds,
                     p.seed_scheme == SeedScheme::PerPrompt ? " (+ column index)" : " (every column)",
                     p.negative_prompt.empty() ? std::string() : ", negative: " + p.negative_prompt);
}

Metrics measure(const CompareParams& p, const CompareResult& r, int cell_px, const io::TextRenderer& font) {
  Metrics m;
  m.pad = std::max(8, cell_px / 16);
  m.gap = std::max(6, cell_px / 24);
  m.inner = std::max(2, cell_px / 64);
  m.font_px = std::clamp(cell_px / 11, 14, 22);
  m.line = font.line_height(m.font_px);
  const int n = static_cast<int>(p.seeds.size());
  m.column_w = n * cell_px + (n - 1) * m.inner;
  m.label_w = std::clamp(cell_px, 160, 300);
  int max_header = 1;
  for (const auto& prompt : p.prompts) {
    m.header_lines.push_back(font.wrap(prompt, m.font_px, m.column_w - 4, 4));
    max_header = std::max<int>(max_header, static_cast<int>(m.header_lines.back().size()));
  }
  m.header_h = max_header * m.line + m.gap;
  for (const auto& row : r.rows) {
    m.label_lines.push_back(font.wrap(row.label, m.font_px, m.label_w - m.gap, 5));
    m.row_h.push_back(std::max(image_height(cell_px, row.width_px, row.height_px),
                               static_cast<int>(m.label_lines.back().size()) * m.line));
  }
  return m;
}

}  // namespace

int compare_cell_px(const CompareParams& params, const CompareResult& result) {
  if (params.cell_px > 0) return params.cell_px;
  int widest = 0;
  for (const auto& r : result.rows) widest = std::max(widest, r.width_px);
  return std::clamp(widest, 192, 512);
}

CompareGridLayout compare_grid_layout(const CompareParams& p, const CompareResult& r, int cell_px) {
  const auto font = io::TextRenderer::load_default();
  auto m = measure(p, r, cell_px, *font);
  const int width_guess = m.pad * 2 + m.label_w + static_cast<int>(p.prompts.size()) * (m.column_w + m.gap);
  m.footer_lines = font->wrap(footer_text(p, r), m.font_px, width_guess - 2 * m.pad, 2);
  m.footer_h = static_cast<int>(m.footer_lines.size()) * m.line + m.gap;
  CompareGridLayout layout;
  layout.width = width_guess;
  int y = m.pad + m.header_h;
  layout.cells.resize(r.rows.size());
  for (std::size_t row = 0; row < r.rows.size(); ++row) {
    const int h = image_height(cell_px, r.rows[row].width_px, r.rows[row].height_px);
    layout.cells[row].resize(p.prompts.size());
    for (std::size_t c = 0; c < p.prompts.size(); ++c) {
      const int x0 = m.pad + m.label_w + static_cast<int>(c) * (m.column_w + m.gap);
      for (std::size_t k = 0; k < p.seeds.size(); ++k)
        layout.cells[row][c].push_back({x0 + static_cast<int>(k) * (cell_px + m.inner), y + (m.row_h[row] - h) / 2, cell_px, h});
    }
    y += m.row_h[row] + m.gap;
  }
  layout.height = y + m.footer_h + m.pad;
  return layout;
}

io::Image compose_compare_grid(const CompareParams& p, const CompareResult& r, int cell_px) {
  const auto font = io::TextRenderer::load_default();
  auto m = measure(p, r, cell_px, *font);
  const auto layout = compare_grid_layout(p, r, cell_px);
  m.footer_lines = font->wrap(footer_text(p, r), m.font_px, layout.width - 2 * m.pad, 2);
  io::Image out;
  out.width = layout.width;
  out.height = layout.height;
  out.rgb.assign(static_cast<std::size_t>(out.width) * out.height * 3, 0);
  io::fill_rect(out, 0, 0, out.width, out.height, kBackground);
  for (std::size_t c = 0; c < p.prompts.size(); ++c) {
    const int x0 = m.pad + m.label_w + static_cast<int>(c) * (m.column_w + m.gap);
    const auto& lines = m.header_lines[c];
    int y = m.pad + m.header_h - m.gap - static_cast<int>(lines.size()) * m.line;  // bottom-aligned above the images
    for (const auto& l : lines) {
      font->draw(out, x0 + (m.column_w - font->measure(l, m.font_px)) / 2, y, l, m.font_px, kText);
      y += m.line;
    }
  }
  for (std::size_t row = 0; row < r.rows.size(); ++row) {
    const auto& lines = m.label_lines[row];
    const auto& first = layout.cells[row].front().front();
    int y = first.y + (first.height - static_cast<int>(lines.size()) * m.line) / 2;
    for (const auto& l : lines) {
      font->draw(out, m.pad, y, l, m.font_px, kText);
      y += m.line;
    }
  }
  for (const auto& cell : r.cells) {
    const auto& rect = layout.cells.at(static_cast<std::size_t>(cell.row)).at(static_cast<std::size_t>(cell.column))
                           .at(static_cast<std::size_t>(cell.index));
    auto image = value_or_throw(io::load_image(cell.image));
    io::blit(out, io::resize_image(image, rect.width, rect.height), rect.x, rect.y);
  }
  int y = layout.height - m.pad - static_cast<int>(m.footer_lines.size()) * m.line;
  for (const auto& l : m.footer_lines) {
    font->draw(out, m.pad, y, l, m.font_px, kMuted);
    y += m.line;
  }
  return out;
}

}  // namespace olis::jobs
