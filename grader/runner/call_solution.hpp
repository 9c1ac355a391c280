// Calls one assignment function of the linked solution with a request's
// arguments and packs what it returns (or throws) into a reply. Shared by
// the runner (child process) and the in-process debug tool.
#pragma once

#include "protocol.hpp"

namespace assg {

// Never throws for anything the solution does; a malformed request (which
// the grader never sends) throws ProtocolError.
RunnerReply call_solution(const RunnerRequest& request);

}  // namespace assg
