#pragma once
// The labelled PNG of a compare grid: the prompts above the columns, the models left of the rows, each
// cell's images side by side, and a line with the sampling parameters below.
#include "core/io/image_io.h"
#include "core/jobs/compare.h"

namespace olis::jobs {

// The cell width: params.cell_px, else the widest image clamped to 192..512.
int compare_cell_px(const CompareParams& params, const CompareResult& result);
// Reads the cell images of `result` and lays them out. Throws olis::Error naming an unreadable image.
io::Image compose_compare_grid(const CompareParams& params, const CompareResult& result, int cell_px);

// Where cell (row, column, index) lies in the grid PNG (for tests and for picking a cell by position).
struct GridRect {
  int x = 0, y = 0, width = 0, height = 0;
};
struct CompareGridLayout {
  int width = 0, height = 0;
  std::vector<std::vector<std::vector<GridRect>>> cells;  // [row][column][index]
};
CompareGridLayout compare_grid_layout(const CompareParams& params, const CompareResult& result, int cell_px);

}  // namespace olis::jobs
