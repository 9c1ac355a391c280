// Pretty JSON for committed files: arrays of numbers kept on wrapped lines,
// for readable diffs without one line per number. Deterministic, so
// regenerating a fixture is byte-identical.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace assg {

std::string format_json(const nlohmann::ordered_json& json);

}  // namespace assg
