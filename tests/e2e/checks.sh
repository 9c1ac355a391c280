# What the shell end-to-end tests share, sourced by each: a check prints
# "ok:" or "FAILED:" and counts its failures, so that one run reports every
# failure; checks_passed prints the count and is the script's last status.
#
#   . "$(dirname "$0")/checks.sh"        (or the path to tests/e2e/checks.sh)
#   check DESCRIPTION COMMAND...
#   checks_passed
failures=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}
checks_passed() {
  echo "$failures check(s) failed"
  [ "$failures" -eq 0 ]
}
