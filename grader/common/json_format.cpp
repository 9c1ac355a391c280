#include "json_format.hpp"

#include <algorithm>

namespace assg {

namespace {

constexpr std::size_t kLineWidth = 100;

bool all_scalars(const nlohmann::ordered_json& array) {
  return std::all_of(array.begin(), array.end(),
                     [](const auto& item) { return item.is_primitive(); });
}

void format_into(const nlohmann::ordered_json& json, std::size_t indent, std::string& out) {
  const std::string pad(indent, ' ');
  const std::string inner(indent + 2, ' ');
  if (json.is_object()) {
    if (json.empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& [key, value] : json.items()) {
      if (!first) out += ",\n";
      first = false;
      out += inner + nlohmann::ordered_json(key).dump() + ": ";
      format_into(value, indent + 2, out);
    }
    out += "\n" + pad + "}";
  } else if (json.is_array()) {
    if (json.empty()) {
      out += "[]";
      return;
    }
    if (all_scalars(json)) {
      // Numbers flow onto lines of at most kLineWidth characters; the first
      // line starts where the array does (after its key).
      const auto line_start = out.rfind('\n');
      std::size_t column = out.size() - (line_start == std::string::npos ? 0 : line_start + 1);
      bool line_has_items = false;
      out += "[";
      ++column;
      for (std::size_t i = 0; i < json.size(); ++i) {
        const std::string item = json[i].dump() + (i + 1 < json.size() ? "," : "]");
        if (line_has_items && column + 1 + item.size() > kLineWidth) {
          out += "\n" + inner;
          column = inner.size();
        } else if (line_has_items) {
          out += " ";
          ++column;
        }
        out += item;
        column += item.size();
        line_has_items = true;
      }
      return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < json.size(); ++i) {
      out += inner;
      format_into(json[i], indent + 2, out);
      out += i + 1 < json.size() ? ",\n" : "\n";
    }
    out += pad + "]";
  } else {
    out += json.dump();
  }
}

}  // namespace

std::string format_json(const nlohmann::ordered_json& json) {
  std::string out;
  format_into(json, 0, out);
  out += "\n";
  return out;
}

}  // namespace assg
