#include "known_mistakes.hpp"

#include <set>

#include <fmt/format.h>

#include "fixture.hpp"
#include "task_catalog.hpp"

namespace assg {

namespace {

const nlohmann::json& member(const nlohmann::json& object, const char* name, const std::string& what) {
  if (!object.is_object() || !object.contains(name))
    throw FixtureError(fmt::format("{}: \"{}\" is missing", what, name));
  return object.at(name);
}

std::string text(const nlohmann::json& object, const char* name, const std::string& what) {
  const auto& value = member(object, name, what);
  if (!value.is_string()) throw FixtureError(fmt::format("{}: \"{}\" is not a string", what, name));
  return value.get<std::string>();
}

const nlohmann::json& list(const nlohmann::json& object, const char* name, const std::string& what) {
  const auto& value = member(object, name, what);
  if (!value.is_array()) throw FixtureError(fmt::format("{}: \"{}\" is not a list", what, name));
  return value;
}

}  // namespace

KnownMistakes load_known_mistakes(const std::string& path, const std::string& function) {
  return parse_known_mistakes(read_json_file(path), path, function);
}

KnownMistakes parse_known_mistakes(const nlohmann::json& json, const std::string& path, const std::string& function) {
  const auto* task = find_task(function);
  if (task == nullptr) throw FixtureError(fmt::format("{}: no assignment function is named {}", path, function));
  if (text(json, "task", path) != function)
    throw FixtureError(fmt::format("{}: is the table of {}, not of {}", path, json.at("task").dump(), function));

  std::map<std::string, std::string> sentences;
  for (const auto& mistake : list(json, "mistakes", path)) {
    const auto id = text(mistake, "id", path + ": a mistake");
    sentences[id] = text(mistake, "sentence", fmt::format("{}: mistake {}", path, id));
  }
  std::set<std::string> outputs;
  for (const auto& output : task->outputs) outputs.insert(output.name);

  KnownMistakes table;
  for (const auto& entry : list(json, "cases", path)) {
    const auto name = text(entry, "name", path + ": a case");
    const std::string in_case = fmt::format("{}: case {}", path, name);
    auto& known = table[name];
    for (const auto& mistake : list(entry, "mistakes", in_case)) {
      KnownMistake parsed;
      parsed.id = text(mistake, "id", in_case + ": a mistake");
      const auto sentence = sentences.find(parsed.id);
      if (sentence == sentences.end())
        throw FixtureError(fmt::format("{}: mistake {} is not in the list of mistakes", in_case, parsed.id));
      parsed.sentence = sentence->second;
      const std::string what = fmt::format("{}: mistake {}", in_case, parsed.id);
      const auto& values = member(mistake, "outputs", what);
      if (!values.is_object()) throw FixtureError(fmt::format("{}: \"outputs\" is not an object", what));
      for (const auto& output : task->outputs)
        if (!values.contains(output.name))
          throw FixtureError(fmt::format("{}: output {} is missing", what, output.name));
      for (const auto& [output, value] : values.items()) {
        if (outputs.count(output) == 0)
          throw FixtureError(fmt::format("{}: {} has no output {}", what, function, output));
        if (value == "expected") {
          parsed.outputs[output] = std::nullopt;
          continue;
        }
        try {
          parsed.outputs[output] = tensor_from_json(value, output);
        } catch (const std::exception& error) {
          throw FixtureError(fmt::format("{}: {}", what, error.what()));
        }
      }
      known.push_back(std::move(parsed));
    }
  }
  return table;
}

}  // namespace assg
