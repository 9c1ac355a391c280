// The grader <-> runner protocol: what goes in and out, and garbage refused.
#include <gtest/gtest.h>

#include "protocol.hpp"

namespace {

TEST(Protocol, RequestCarriesInputsAndParamsButNeverExpectedValues) {
  assg::FixtureCase fixture_case;
  fixture_case.name = "c";
  fixture_case.inputs["A"] = assg::TensorValue{assg::DType::Float64, {1, 1, 1, 1}, {42.0}};
  fixture_case.params = {{"kernel_size", 1}};
  assg::Expected secret;
  secret.tensor = assg::TensorValue::scalar(31337.0);
  fixture_case.expected["result"] = secret;

  const auto bytes = assg::encode_request(fixture_case, "pool_forward");
  const auto json = nlohmann::json::from_cbor(bytes);
  EXPECT_FALSE(json.contains("expected"));
  EXPECT_EQ(json.dump().find("31337"), std::string::npos);

  const auto request = assg::decode_request(bytes);
  EXPECT_EQ(request.function, "pool_forward");
  EXPECT_EQ(request.inputs.at("A").data, (std::vector<double>{42.0}));
  EXPECT_EQ(request.params.at("kernel_size"), 1);
}

TEST(Protocol, RequestsForLargeCasesAreRedrawnByTheRunner) {
  assg::FixtureCase fixture_case;
  fixture_case.generate = assg::parse_draw_plan(1, nlohmann::json::parse(R"([{"name": "x", "randn": [2, 3]}])"), "t");
  const auto request = assg::decode_request(assg::encode_request(fixture_case, "create_mask_from_window"));
  ASSERT_EQ(request.inputs.at("x").data.size(), 6U);
  EXPECT_NEAR(request.inputs.at("x").data[0], 1.62434536, 5e-9);  // np.random.seed(1); randn()
}

TEST(Protocol, ReplyRoundTrips) {
  assg::RunnerReply reply;
  reply.status = assg::RunnerReply::Status::Exception;
  reply.exception_type = "std::runtime_error";
  reply.message = "boom";
  reply.seconds = 0.25;
  const auto back = assg::decode_reply(assg::encode_reply(reply));
  EXPECT_EQ(back.status, assg::RunnerReply::Status::Exception);
  EXPECT_EQ(back.exception_type, "std::runtime_error");
  EXPECT_EQ(back.message, "boom");
  EXPECT_EQ(back.seconds, 0.25);
}

TEST(Protocol, GarbledRepliesAreRefused) {
  EXPECT_THROW(assg::decode_reply({}), assg::ProtocolError);
  EXPECT_THROW(assg::decode_reply({0xff, 0x00, 0x13}), assg::ProtocolError);
  EXPECT_THROW(assg::decode_reply(nlohmann::json::to_cbor(nlohmann::json{{"status", "ok"}})), assg::ProtocolError);
  EXPECT_THROW(assg::decode_reply(nlohmann::json::to_cbor(nlohmann::json{
                   {"status", "passed"}, {"message", ""}, {"exception_type", ""}, {"seconds", 0}, {"outputs", {}}})),
               assg::ProtocolError);
}

// A hostile runner's reply: 16 million empty arrays in one array, two
// levels deep, would take a recursive-descent parser gigabytes of nodes.
TEST(Protocol, RepliesOfMillionsOfItemsAreRefusedBeforeParsing) {
  std::vector<std::uint8_t> many{0x9A, 0x01, 0x00, 0x00, 0x00};  // an array of 2^24 items...
  many.resize(many.size() + (std::size_t{1} << 24), 0x80);     // ...each an empty array
  try {
    assg::decode_reply(many);
    FAIL() << "a reply of 16 million items was accepted";
  } catch (const assg::ProtocolError& error) {
    EXPECT_NE(std::string(error.what()).find("more than 65536 items"), std::string::npos) << error.what();
  }
}

// A hostile runner's reply: a million nested one-element arrays (0x81) would
// overflow the grader's stack in a recursive parser.
TEST(Protocol, DeeplyNestedRepliesAreRefusedWithoutRecursion) {
  std::vector<std::uint8_t> nested(1'000'000, 0x81);
  nested.push_back(0x00);
  try {
    assg::decode_reply(nested);
    FAIL() << "a reply nested a million levels deep was accepted";
  } catch (const assg::ProtocolError& error) {
    EXPECT_NE(std::string(error.what()).find("nested more than"), std::string::npos) << error.what();
  }
  // Indefinite-length arrays (0x9f ... 0xff) nest just the same.
  std::vector<std::uint8_t> indefinite(100'000, 0x9f);
  EXPECT_THROW(assg::decode_reply(indefinite), assg::ProtocolError);
  // Maps and tags inside arrays, 5 levels deep, are still read as usual.
  const auto reply = nlohmann::json{{"status", "ok"}, {"message", ""}, {"exception_type", ""}, {"seconds", 0},
                                    {"outputs", {{"x", {{"shape", {1}}, {"data", {{"a", {1, 2}}}}}}}}};
  EXPECT_THROW(assg::decode_reply(nlohmann::json::to_cbor(reply)), assg::ProtocolError);  // data is no tensor...
  try {
    assg::decode_reply(nlohmann::json::to_cbor(reply));
  } catch (const assg::ProtocolError& error) {
    EXPECT_EQ(std::string(error.what()).find("nested"), std::string::npos) << "...but not too deep: " << error.what();
  }
}

}  // namespace
