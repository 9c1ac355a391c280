// The grader <-> runner protocol. The grader sends one request (a function
// name, its inputs and scalar arguments) on the runner's stdin and reads one
// reply from a dedicated pipe, both CBOR-encoded (exact doubles, NaN and Inf
// included). A request never contains expected values: the runner links the
// student's code, so it must have nothing worth stealing.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "tensor_value.hpp"

namespace assg {

class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The file descriptor on which the runner writes its reply.
inline constexpr int kReplyFd = 3;
// What the runner prints (on stderr) before it dies of a SIGSEGV that was a
// stack overflow, so that the grader can say so.
inline constexpr const char* kStackOverflowNote = "runner: stack overflow";

struct RunnerRequest {
  std::string function;
  std::map<std::string, TensorValue> inputs;  // drawn inputs already materialized
  nlohmann::json params = nlohmann::json::object();
};

struct RunnerReply {
  enum class Status { Ok, NotImplemented, Exception, IndexError };
  Status status = Status::Ok;
  std::string exception_type;  // for Exception
  std::string message;
  std::map<std::string, TensorValue> outputs;
  double seconds = 0.0;  // time spent inside the student's function
};

std::vector<std::uint8_t> encode_request(const FixtureCase& fixture_case, const std::string& function);
RunnerRequest decode_request(const std::vector<std::uint8_t>& bytes);

std::vector<std::uint8_t> encode_reply(const RunnerReply& reply);
// Throws ProtocolError when the bytes are not a well-formed reply.
RunnerReply decode_reply(const std::vector<std::uint8_t>& bytes);

}  // namespace assg
