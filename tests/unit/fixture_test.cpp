// Fixture loading: valid files load, and every malformed one is refused
// with a message naming the file, the case and the problem.
#include <filesystem>
#include <functional>

#include <gtest/gtest.h>

#include "expected_summary.hpp"
#include "fixture.hpp"
#include "json_format.hpp"
#include "temp_dir.hpp"

namespace {

using assg::testing::TempDir;

// A valid pool_forward fixture with one case; `edit` patches its JSON.
std::string pool_fixture(const std::function<void(nlohmann::json&)>& edit = nullptr) {
  auto json = nlohmann::json::parse(R"({
    "task": "pool_forward",
    "cases": [{
      "name": "small",
      "inputs": {"A": {"shape": [1, 2, 2, 1], "data": [1, 2, 3, 4]}},
      "params": {"kernel_size": 2, "mode": "max"},
      "expected": {"result": {"shape": [1, 1, 1, 1], "data": [4.0]}}
    }]
  })");
  if (edit) edit(json);
  return json.dump();
}

std::string load_error(const std::string& content) {
  TempDir dir;
  const auto path = dir.write("pool_forward.json", content);
  try {
    assg::load_fixture(path);
  } catch (const assg::FixtureError& error) {
    const std::string message = error.what();
    // Every message starts with the file it is about.
    EXPECT_EQ(message.rfind(path, 0), 0U) << message;
    return message.substr(path.size());
  }
  return "no error";
}

TEST(LoadFixture, AcceptsAValidFixture) {
  TempDir dir;
  const auto fixture = assg::load_fixture(dir.write("f.json", pool_fixture()));
  ASSERT_EQ(fixture.cases.size(), 1U);
  EXPECT_EQ(fixture.function, "pool_forward");
  EXPECT_EQ(fixture.cases[0].inputs.at("A").shape, (std::vector<std::int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(fixture.cases[0].expected.at("result").tensor.data, (std::vector<double>{4.0}));
}

TEST(LoadFixture, AcceptsEveryCommittedFixture) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ASSG_SOURCE_DIR "/fixtures")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_NO_THROW(assg::load_fixture(entry.path().string())) << entry.path();
  }
  EXPECT_EQ(files, 9);
}

TEST(LoadFixture, NamesAMissingFile) {
  EXPECT_THROW(assg::load_fixture("/nonexistent/conv_forward.json"), assg::FixtureError);
  try {
    assg::load_fixture("/nonexistent/conv_forward.json");
  } catch (const assg::FixtureError& error) {
    EXPECT_STREQ(error.what(), "/nonexistent/conv_forward.json: cannot be read (missing or unreadable)");
  }
}

TEST(LoadFixture, ReportsWhereTheJsonIsBroken) {
  const auto message = load_error("{\n  \"task\": \"pool_forward\",\n  \"cases\": [\n");
  EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
  EXPECT_NE(message.find("line 4"), std::string::npos) << message;
}

TEST(LoadFixture, RefusesEachKindOfMalformedCase) {
  struct Bad {
    std::function<void(nlohmann::json&)> edit;
    std::string expected_message;
  };
  const std::vector<Bad> cases{
      {[](auto& j) { j["task"] = "pool_forwards"; }, ": unknown task \"pool_forwards\""},
      {[](auto& j) { j["cases"] = nlohmann::json::array(); }, ": \"cases\" must be a non-empty array"},
      {[](auto& j) { j["cases"][0]["inputs"].erase("A"); }, ": case 1 \"small\": missing input \"A\""},
      {[](auto& j) { j["cases"][0]["inputs"]["A"]["shape"] = {2, 2}; },
       ": case 1 \"small\": inputs.A: expected a rank-4 tensor, got shape (2, 2)"},
      {[](auto& j) { j["cases"][0]["inputs"]["B"] = 1.0; }, ": case 1 \"small\": pool_forward takes no input named \"B\""},
      {[](auto& j) { j["cases"][0]["params"]["strides"] = 2; },
       ": case 1 \"small\": params: pool_forward takes no parameter named \"strides\""},
      {[](auto& j) { j["cases"][0]["params"].erase("kernel_size"); },
       ": case 1 \"small\": params: missing parameter \"kernel_size\""},
      {[](auto& j) { j["cases"][0]["params"]["mode"] = "mean"; },
       ": case 1 \"small\": params: \"mode\" must be \"max\" or \"avg\", got \"mean\""},
      {[](auto& j) { j["cases"][0]["params"]["kernel_size"] = 2.5; },
       ": case 1 \"small\": params: \"kernel_size\" must be an integer, got 2.5"},
      {[](auto& j) { j["cases"][0]["name"] = "has space"; },
       ": case 1: case name \"has space\" must use only letters, digits and underscores"},
      {[](auto& j) { j["cases"][0]["name"] = "DISABLED_small"; },
       ": case 1: case name \"DISABLED_small\" must not start with DISABLED_ (GoogleTest would skip it)"},
      {[](auto& j) { j["cases"].push_back(j["cases"][0]); }, ": case name \"small\" is used twice"},
      {[](auto& j) { j["cases"][0]["expected"].erase("result"); }, ": case 1 \"small\": missing expected \"result\""},
      {[](auto& j) { j["cases"][0]["expected"]["result"] = {{"shape", {1}}, {"data", {true}}}; },
       ": case 1 \"small\": expected.result: expected a rank-4 value, got shape (1,)"},
      {[](auto& j) { j["cases"][0]["expectd"] = 1; }, ": case 1 \"small\": unknown key \"expectd\""},
      {[](auto& j) {
         j["cases"][0]["expected"]["result"] = nlohmann::json::parse(
             R"({"shape": [1, 1, 1, 2], "summary": {"mean": 0, "channel_mean": [0], "channel_max": [0], "samples": {"index": [], "data": []}}})");
       },
       ": case 1 \"small\": expected.result.summary: channel_mean and channel_max need 2 values (the last axis)"},
      {[](auto& j) {
         j["cases"][0].erase("inputs");
         j["cases"][0]["generate"] = {{"seed", -1}, {"draws", nlohmann::json::array()}};
       },
       ": case 1 \"small\": generate: \"seed\" must be an integer in [0, 2**32 - 1], got -1"},
      // Cases that are well-formed JSON but impossible: the instructor's
      // mistake, refused before any student is graded on them.
      {[](auto& j) { j["cases"][0]["params"]["kernel_size"] = -3; },
       ": case 1 \"small\": kernel_size must be at least 1, got -3"},
      {[](auto& j) { j["cases"][0]["params"]["kernel_size"] = 3; },
       ": case 1 \"small\": the kernel (3) is larger than the height (2)"},
      {[](auto& j) { j["cases"][0]["params"]["stride"] = 0; }, ": case 1 \"small\": stride must be at least 1, got 0"},
      {[](auto& j) {
         j["cases"][0]["inputs"]["A"] = {{"shape", {1, 4, 4, 1}}, {"data", std::vector<double>(16, 1.0)}};
       },
       ": case 1 \"small\": expected.result has shape (1, 1, 1, 1), but these inputs and params give (1, 2, 2, 1)"},
      {[](auto& j) { j["cases"][0]["inputs"]["A"] = {{"shape", {1, 0, 2, 1}}, {"data", nlohmann::json::array()}}; },
       ": case 1 \"small\": input \"A\" has an empty axis: shape (1, 0, 2, 1)"},
  };
  for (const auto& bad : cases) EXPECT_EQ(load_error(pool_fixture(bad.edit)), bad.expected_message);
}

TEST(FormatJson, KeepsNumbersOnWrappedLines) {
  nlohmann::ordered_json json;
  json["name"] = "x";
  json["data"] = std::vector<double>(100, 0.123456789);
  const auto text = assg::format_json(json);
  EXPECT_EQ(text, assg::format_json(json)) << "formatting must be deterministic";
  std::size_t longest = 0, start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    longest = std::max(longest, end - start);
  EXPECT_LE(longest, 100U);
  EXPECT_EQ(nlohmann::ordered_json::parse(text), json);
}

TEST(Summarize, KeepsTheMeanChannelStatisticsAndSamples) {
  assg::TensorValue tensor{assg::DType::Float64, {2, 3}, {1, 2, 3, 4, 5, 6}};
  const auto summary = assg::summarize(tensor, 3);
  EXPECT_EQ(summary.mean, 3.5);
  EXPECT_EQ(summary.channel_mean, (std::vector<double>{2.5, 3.5, 4.5}));
  EXPECT_EQ(summary.channel_max, (std::vector<double>{4, 5, 6}));
  ASSERT_GE(summary.sample_index.size(), 2U);
  EXPECT_EQ(summary.sample_index.front(), 0);
  EXPECT_EQ(summary.sample_index.back(), 5);
  for (std::size_t i = 0; i < summary.sample_index.size(); ++i)
    EXPECT_EQ(summary.sample_value[i], tensor.data[static_cast<std::size_t>(summary.sample_index[i])]);
}

}  // namespace
