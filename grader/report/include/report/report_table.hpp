// What a student reads after `make test`: the failures worth reading, then
// one line per task (id, function, tests passed, points, status, first
// failure) and the total. Colour only on a terminal, never with NO_COLOR.
#pragma once

#include <cstddef>
#include <string>

#include "model/scoring.hpp"

namespace assg {

enum class ColorChoice { Auto, Always, Never };

struct TableStyle {
  bool color = false;
  std::size_t width = 100;  // the terminal's columns
};

// Auto: colour when `fd` is a terminal and NO_COLOR is unset or empty.
TableStyle detect_style(ColorChoice choice, int fd);

std::string render_failures(const GradeReport& report, const TableStyle& style);
std::string render_table(const GradeReport& report, const TableStyle& style);
// One line, printed as each task finishes: "  2.3  conv_forward  7/9 passed".
std::string render_progress(const TaskRecord& task, const TableStyle& style);

}  // namespace assg
