// Small helpers for reading instructor-written JSON (fixtures, specs, the
// rubric): every error is "<where>: <problem>", thrown as the caller's
// error type, and unknown keys are refused so that a typo is never ignored.
#pragma once

#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace assg {

template <typename Error>
[[noreturn]] void fail_at(const std::string& where, const std::string& problem) {
  throw Error(where + ": " + problem);
}

template <typename Error>
void require_known_keys(const nlohmann::json& object, const std::set<std::string>& allowed,
                        const std::string& where) {
  for (const auto& [key, unused] : object.items())
    if (allowed.count(key) == 0) fail_at<Error>(where, "unknown key \"" + key + "\"");
}

}  // namespace assg
