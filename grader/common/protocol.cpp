#include "protocol.hpp"

#include <algorithm>
#include <cstdint>

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

// What a CBOR document would cost to parse, found without parsing it:
// nlohmann's parser recurses once per level of nesting (a reply of a million
// nested arrays would overflow the grader's stack) and builds a node of
// about a hundred bytes per item (a 64 MB reply of empty arrays would take
// gigabytes). Tensors travel as byte strings, so an honest document has few
// items. Stops counting once either limit is passed; a truncated document
// is left to the parser to report.
struct CborCost {
  std::size_t depth = 0;
  std::size_t items = 0;
};

CborCost cbor_cost(const std::vector<std::uint8_t>& bytes, std::size_t max_depth, std::size_t max_items) {
  constexpr std::int64_t kIndefinite = -1;
  std::vector<std::int64_t> open;  // items still expected by each open container
  CborCost cost;
  std::size_t& deepest = cost.depth;
  std::size_t at = 0;
  auto argument = [&](std::uint8_t info, std::uint64_t& value) {
    if (info < 24) return value = info, true;
    const std::size_t size = info == 24 ? 1 : info == 25 ? 2 : info == 26 ? 4 : info == 27 ? 8 : 0;
    if (size == 0 || at + size > bytes.size()) return false;
    value = 0;
    for (std::size_t i = 0; i < size; ++i) value = (value << 8) | bytes[at++];
    return true;
  };
  while (at < bytes.size()) {
    const std::uint8_t head = bytes[at++];
    const std::uint8_t major = head >> 5, info = head & 0x1F;
    bool item_done = true;
    if (head == 0xFF) {  // "break": ends the innermost indefinite container
      if (open.empty() || open.back() != kIndefinite) return cost;
      open.pop_back();
    } else if (info == 31 && major >= 2 && major <= 5) {
      open.push_back(kIndefinite);
      item_done = false;
    } else {
      std::uint64_t value = 0;
      if (!argument(info, value)) return cost;
      if (major == 2 || major == 3) {
        if (value > bytes.size() - at) return cost;
        at += static_cast<std::size_t>(value);
      } else if (major == 4 || major == 5 || major == 6) {
        const std::uint64_t items = major == 5 ? 2 * value : major == 6 ? 1 : value;
        if (items > bytes.size()) return cost;  // more items than bytes: truncated
        if (items > 0) {
          open.push_back(static_cast<std::int64_t>(items));
          item_done = false;
        }
      }
    }
    deepest = std::max(deepest, open.size());
    if (head != 0xFF) ++cost.items;
    if (deepest > max_depth || cost.items > max_items) return cost;
    // A finished item counts against its container, which may finish too.
    while (item_done && !open.empty() && open.back() != kIndefinite) {
      if (--open.back() > 0) break;
      open.pop_back();
    }
  }
  return cost;
}

nlohmann::json decode_cbor(const std::vector<std::uint8_t>& bytes, const char* what) {
  constexpr std::size_t kMaxDepth = 16;        // a request or reply nests 4 deep
  constexpr std::size_t kMaxItems = 1 << 16;   // a reply has a few dozen; a request's draws a few hundred
  const auto cost = cbor_cost(bytes, kMaxDepth, kMaxItems);
  if (cost.depth > kMaxDepth)
    throw ProtocolError(fmt::format("garbled {} ({} bytes): nested more than {} levels deep", what, bytes.size(),
                                    kMaxDepth));
  if (cost.items > kMaxItems)
    throw ProtocolError(fmt::format("garbled {} ({} bytes): more than {} items (tensors travel as byte strings)",
                                    what, bytes.size(), kMaxItems));
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
