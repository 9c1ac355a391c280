#include "protocol.hpp"

#include <fmt/format.h>

namespace assg {

namespace {

const char* status_name(RunnerReply::Status status) {
  switch (status) {
    case RunnerReply::Status::Ok: return "ok";
    case RunnerReply::Status::NotImplemented: return "not_implemented";
    case RunnerReply::Status::Exception: return "exception";
    case RunnerReply::Status::IndexError: return "index_error";
  }
  return "unknown";
}

nlohmann::json decode_cbor(const std::vector<std::uint8_t>& bytes, const char* what) {
  try {
    return nlohmann::json::from_cbor(bytes);
  } catch (const nlohmann::json::exception& error) {
    throw ProtocolError(fmt::format("garbled {} ({} bytes): {}", what, bytes.size(), error.what()));
  }
}

}  // namespace

std::vector<std::uint8_t> encode_request(const FixtureCase& fixture_case, const std::string& function) {
  nlohmann::json request;
  request["function"] = function;
  request["params"] = fixture_case.params;
  auto inputs = nlohmann::json::object();
  for (const auto& [name, tensor] : fixture_case.inputs) inputs[name] = tensor_to_wire(tensor);
  request["inputs"] = std::move(inputs);
  if (fixture_case.generate) {
    // Re-drawn by the runner: sending a seed is cheaper than sending 80 MB.
    request["generate"] = {{"seed", fixture_case.generate->seed},
                           {"draws", nlohmann::json(draw_plan_draws_to_json(*fixture_case.generate))}};
  }
  return nlohmann::json::to_cbor(request);
}

RunnerRequest decode_request(const std::vector<std::uint8_t>& bytes) {
  const auto json = decode_cbor(bytes, "request");
  RunnerRequest request;
  try {
    request.function = json.at("function").get<std::string>();
    request.params = json.at("params");
    for (const auto& [name, tensor] : json.at("inputs").items())
      request.inputs.emplace(name, tensor_from_wire(tensor, "input " + name));
    if (json.contains("generate")) {
      const auto plan =
          parse_draw_plan(json.at("generate").at("seed"), json.at("generate").at("draws"), "generate");
      for (auto& [name, tensor] : materialize(plan)) request.inputs.insert_or_assign(name, std::move(tensor));
    }
  } catch (const nlohmann::json::exception& error) {
    throw ProtocolError(fmt::format("malformed request: {}", error.what()));
  } catch (const std::runtime_error& error) {
    throw ProtocolError(fmt::format("malformed request: {}", error.what()));
  }
  return request;
}

std::vector<std::uint8_t> encode_reply(const RunnerReply& reply) {
  nlohmann::json json;
  json["status"] = status_name(reply.status);
  json["message"] = reply.message;
  json["exception_type"] = reply.exception_type;
  json["seconds"] = reply.seconds;
  auto outputs = nlohmann::json::object();
  for (const auto& [name, tensor] : reply.outputs) outputs[name] = tensor_to_wire(tensor);
  json["outputs"] = std::move(outputs);
  return nlohmann::json::to_cbor(json);
}

RunnerReply decode_reply(const std::vector<std::uint8_t>& bytes) {
  if (bytes.empty()) throw ProtocolError("no reply");
  const auto json = decode_cbor(bytes, "reply");
  RunnerReply reply;
  try {
    const auto status = json.at("status").get<std::string>();
    if (status == "ok") reply.status = RunnerReply::Status::Ok;
    else if (status == "not_implemented") reply.status = RunnerReply::Status::NotImplemented;
    else if (status == "exception") reply.status = RunnerReply::Status::Exception;
    else if (status == "index_error") reply.status = RunnerReply::Status::IndexError;
    else throw ProtocolError(fmt::format("garbled reply: unknown status \"{}\"", status));
    reply.message = json.at("message").get<std::string>();
    reply.exception_type = json.at("exception_type").get<std::string>();
    reply.seconds = json.at("seconds").get<double>();
    for (const auto& [name, tensor] : json.at("outputs").items())
      reply.outputs.emplace(name, tensor_from_wire(tensor, "output " + name));
  } catch (const nlohmann::json::exception& error) {
    throw ProtocolError(fmt::format("garbled reply: {}", error.what()));
  } catch (const ProtocolError&) {
    throw;
  } catch (const std::runtime_error& error) {
    throw ProtocolError(fmt::format("garbled reply: {}", error.what()));
  }
  return reply;
}

}  // namespace assg
