// results-export github and classroom-workflow on tiny hand-made grades:
// the escaping GitHub's workflow commands and Markdown need, the line of a
// definition, and the reporter's JSON, whose points must add up, as
// GitHub Classroom's reporter adds them, to the grade's own.
#include "report/github_report.hpp"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "classroom_workflow.hpp"

namespace {

using assg::TestStatus;

// Written from RFC 4648, independently of the encoder under test.
std::string decode_base64(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0, count = 0;
  for (const char c : text) {
    if (c == '=') break;
    const auto value = alphabet.find(c);
    if (value == std::string::npos) throw std::runtime_error("not base64");
    bits = (bits << 6) | static_cast<unsigned>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

assg::TestRecord test(const std::string& name, TestStatus status, double points, double max_points,
                      const std::string& message = "") {
  assg::TestRecord record;
  record.name = name;
  record.status = status;
  record.message = message;
  record.points = points;
  record.max_points = max_points;
  record.seconds = 0.25;
  return record;
}

// 1.1 passed; 2.3 half done, its message carrying a forged workflow command
// and Markdown; 3.4 a bonus, passed. 28.01 of 35 (the bonus not counted).
assg::GradeReport three_tasks() {
  assg::GradeReport report;
  report.solution = "student/assg_tasks.cpp";
  assg::TaskRecord passed{"1.1", "calc_new_height_width", "", false, 15.0, 15.0, TestStatus::Passed, {}};
  passed.tests = {test("course_basic_case", TestStatus::Passed, 15.0, 15.0)};
  assg::TaskRecord partial{"2.3", "conv_forward", "", false, 10.01, 20.0, TestStatus::Failed, {}};
  partial.tests = {test("course_example", TestStatus::Failed, 0.0, 9.99,
                        "result: | <b>bold</b> `code` [link](http://x) @someone\n::error::forged 100/100"),
                   test("hand_checked", TestStatus::Passed, 10.01, 10.01)};
  assg::TaskRecord bonus{"3.4", "pool_backward", "", true, 3.0, 3.0, TestStatus::Passed, {}};
  bonus.tests = {test("dlai_example", TestStatus::Passed, 3.0, 3.0)};
  report.tasks = {passed, partial, bonus};
  report.total_points = 28.01;
  report.max_points = 35.0;
  return report;
}

const std::string kSource =
    "// calc_new_height_width(1, 2) {\n"                                         // 1: a comment
    "#include \"assg_tasks.hpp\"\n"                                               // 2
    "std::pair<int, int> calc_new_height_width(int, int, int, int, int);\n"      // 3: a declaration
    "const char* text = \"conv_forward(A) {\";\n"                                 // 4: a string
    "namespace {\n"                                                               // 5
    "struct Helper { Tensor4 conv_forward(int) { return {}; } };\n"               // 6: a member
    "}\n"                                                                         // 7
    "std::pair<int, int> calc_new_height_width(int h, int w, int f, int s,\n"    // 8: the definition
    "                                          int p) {\n"                       // 9
    "  return {(h + 2 * p - f) / s + 1, (w + 2 * p - f) / s + 1};\n"             // 10
    "}\n"                                                                         // 11
    "Tensor4 pool_forward(const Tensor4& A, int f, int s, PoolMode m) {\n"       // 12
    "  auto x = calc_new_height_width(1, 1'000, f, s, 0); if (f) { }\n"          // 13: a call
    "}\n"                                                                         // 14
    "extern \"C\" {\n"                                                            // 15
    "Tensor4\nconv_forward(const Tensor4& A) const noexcept\n{\n}\n"             // 16-19: the definition at 17
    "}\n"                                                                         // 20
    "inline namespace v1 {\n"                                                     // 21
    "inline int helper(int x) { if (zero_pad(x, 1) > 0) { return 1; } return 0; }\n"  // 22: a call
    "double conv_single_step(const Tensor3& s, const Tensor3& W, double b) {}\n"  // 23: the definition
    "}\n";

TEST(GithubReport, WorkflowCommandsAreEscapedAsGithubsToolkitDoes) {
  EXPECT_EQ(assg::github::command_data("100% done\r\n::error::x, y: z"), "100%25 done%0D%0A::error::x, y: z");
  EXPECT_EQ(assg::github::command_property("Task 2.3: a, b\n100%"), "Task 2.3%3A a%2C b%0A100%25");
}

TEST(GithubReport, MarkdownCellsCannotFormMarkupOrBreakTheTable) {
  const auto cell = assg::github::markdown_cell("a|b <img src=x> `c` *d* [e](f)\nnext\x1b[2J");
  EXPECT_EQ(cell, "a\\|b \\<img src\\=x\\> \\`c\\` \\*d\\* \\[e\\]\\(f\\)\\\\nnext\\\\x1b\\[2J");
  EXPECT_EQ(cell.find('\n'), std::string::npos);
  const auto clipped = assg::github::markdown_cell(std::string(500, 'x'), 20);
  EXPECT_EQ(clipped, std::string(20, 'x') + "\u2026");
}

TEST(GithubReport, Base64IsRfc4648) {
  EXPECT_EQ(assg::github::base64(""), "");
  EXPECT_EQ(assg::github::base64("f"), "Zg==");
  EXPECT_EQ(assg::github::base64("fo"), "Zm8=");
  EXPECT_EQ(assg::github::base64("foo"), "Zm9v");
  EXPECT_EQ(assg::github::base64("foob"), "Zm9vYg==");
  EXPECT_EQ(assg::github::base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(assg::github::base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(assg::github::base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(GithubReport, RunnerIdsAreTaskIdsInLowerCaseWithUnderscores) {
  EXPECT_EQ(assg::github::runner_id("1.1"), "task_1_1");
  EXPECT_EQ(assg::github::runner_id("2.3B"), "task_2_3b");
}

TEST(GithubReport, FindsTheDefinitionNotCommentsDeclarationsStringsMembersOrCalls) {
  EXPECT_EQ(assg::github::definition_line(kSource, "calc_new_height_width"), 8);
  EXPECT_EQ(assg::github::definition_line(kSource, "pool_forward"), 12);
  EXPECT_EQ(assg::github::definition_line(kSource, "conv_forward"), 17);
  EXPECT_EQ(assg::github::definition_line(kSource, "zero_pad"), 0);  // only called, in an inline function
  EXPECT_EQ(assg::github::definition_line(kSource, "conv_single_step"), 23);
  EXPECT_EQ(assg::github::definition_line(kSource, "pool"), 0);  // a prefix of a name is not the name
  EXPECT_EQ(assg::github::definition_line("", "zero_pad"), 0);
  EXPECT_EQ(assg::github::definition_line("Tensor4 zero_pad(const Tensor4& X, int pad) /* unfinished", "zero_pad"), 0);
}

TEST(GithubReport, ReporterPointsAddUpToTheGradeWithBonusInTheLastCountingRunner) {
  const auto runners = assg::github::classroom_runners(three_tasks(), "student/assg_tasks.cpp", kSource);
  ASSERT_EQ(runners.size(), 2u);
  EXPECT_EQ(runners[0].id, "task_1_1");
  EXPECT_EQ(runners[1].id, "task_2_3");
  // What NotifyClassroom sends: every test's score of the runners whose
  // max_score is not 0, out of the sum of those max_scores.
  double total = 0.0, max = 0.0;
  for (const auto& runner : runners) {
    EXPECT_EQ(runner.results["version"], 1);
    if (runner.results["max_score"].get<double>() == 0.0) continue;
    max += runner.results["max_score"].get<double>();
    for (const auto& reported : runner.results["tests"]) total += reported["score"].get<double>();
  }
  EXPECT_DOUBLE_EQ(total, 28.01);
  EXPECT_DOUBLE_EQ(max, 35.0);

  EXPECT_EQ(runners[0].results["status"], "pass");
  EXPECT_EQ(runners[0].results["tests"][0]["line_no"], 8);
  EXPECT_EQ(runners[0].results["tests"][0]["filename"], "student/assg_tasks.cpp");
  const auto& partial = runners[1].results["tests"][0];
  EXPECT_EQ(runners[1].results["status"], "fail");
  EXPECT_EQ(partial["status"], "fail");
  EXPECT_DOUBLE_EQ(partial["score"].get<double>(), 10.01);
  EXPECT_EQ(partial["line_no"], 17);
  EXPECT_EQ(partial["name"], "Task 2.3 conv_forward: 10.01/20 points, failed (1/2 cases passed)");
  // The reporter prints names and messages in its log as they are: one line each.
  const auto message = partial["message"].get<std::string>();
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_EQ(message.rfind("course_example: result: ", 0), 0u) << message;
  const auto& bonus = runners[1].results["tests"][1];
  EXPECT_EQ(bonus["name"], "Task 3.4 pool_backward (bonus): 3.00/3 points (1/1 cases passed)");
  EXPECT_EQ(bonus["status"], "pass");
  EXPECT_EQ(bonus["line_no"], 0);  // not in this file
}

TEST(GithubReport, ClassroomGetsExactlyTheTotalDespiteBinaryFractions) {
  const std::vector<double> points = {4.29, 1.92, 9.99, 0.58, 18.29, 3.99, 2.21, 0.01, 2.28};
  assg::GradeReport report;
  double naive = 0.0;
  for (std::size_t i = 0; i < points.size(); ++i) {
    assg::TaskRecord task{"1." + std::to_string(i + 1), "f" + std::to_string(i), "", false, points[i], 20.0,
                          TestStatus::Failed, {}};
    task.tests = {test("case", TestStatus::Failed, points[i], 20.0)};
    report.tasks.push_back(task);
    naive += points[i];
  }
  report.total_points = 43.56;
  report.max_points = 180.0;
  ASSERT_NE(naive, 43.56);  // 43.559999999999995: what the reporter would send unhelped
  const auto runners = assg::github::classroom_runners(report, "", "");
  double total = 0.0;  // in the reporter's order
  for (std::size_t i = 0; i < runners.size(); ++i) {
    const double score = runners[i].results["tests"][0]["score"].get<double>();
    EXPECT_NEAR(score, points[i], 1e-12);
    total += score;
  }
  EXPECT_EQ(total, 43.56);
  // Written to the step output with every digit it needs.
  const auto line = assg::github::step_outputs(runners).substr(assg::github::step_outputs(runners).rfind("task_1_9="));
  const auto last = nlohmann::json::parse(decode_base64(line.substr(9, line.size() - 10)));
  EXPECT_EQ(last["tests"][0]["score"].get<double>(), runners.back().results["tests"][0]["score"].get<double>());
}

TEST(GithubReport, StepOutputsAreOneLineOfBase64JsonPerRunner) {
  const auto runners = assg::github::classroom_runners(three_tasks(), "student/assg_tasks.cpp", kSource);
  std::istringstream lines(assg::github::step_outputs(runners));
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    ASSERT_LT(count, runners.size());
    const auto equals = line.find('=');
    ASSERT_NE(equals, std::string::npos) << line;
    EXPECT_EQ(line.substr(0, equals), runners[count].id);
    const auto decoded = nlohmann::ordered_json::parse(decode_base64(line.substr(equals + 1)));
    EXPECT_EQ(decoded["max_score"], runners[count].results["max_score"]);
    EXPECT_EQ(decoded["tests"].size(), runners[count].results["tests"].size());
    EXPECT_EQ(decoded["tests"][0]["score"], runners[count].results["tests"][0]["score"]);
  }
  EXPECT_EQ(count, runners.size());
}

TEST(GithubReport, AGradeClassroomCannotCarryIsRefused) {
  auto only_bonus = three_tasks();
  only_bonus.tasks = {only_bonus.tasks[2]};
  EXPECT_THROW(assg::github::classroom_runners(only_bonus, "", ""), std::runtime_error);
  auto same_runner = three_tasks();
  same_runner.tasks[1].id = "1_1";  // task_1_1 again
  EXPECT_THROW(assg::github::classroom_runners(same_runner, "", ""), std::runtime_error);
}

TEST(GithubReport, OneAnnotationPerFailingTaskAtItsDefinition) {
  const auto text = assg::github::annotations(three_tasks(), "student/assg_tasks.cpp", kSource);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  EXPECT_EQ(text,
            "::error file=student/assg_tasks.cpp,line=17,title=Task 2.3 conv_forward%3A failed (10.01/20 points)::"
            "1 of 2 cases not passed. course_example: result: | <b>bold</b> `code` [link](http://x) @someone\n");

  // A compile error points at the compiler's line when it is in the file.
  auto broken = three_tasks();
  for (auto& task : broken.tasks) {
    task.status = TestStatus::CompileError;
    task.points = 0.0;
    task.tests = {test("any", TestStatus::CompileError, 0.0, task.max_points,
                       "does not compile: /home/runner/work/a/student/assg_tasks.cpp:94:7: error: 'x' was not "
                       "declared in this scope")};
  }
  const auto compile = assg::github::annotations(broken, "student/assg_tasks.cpp", kSource);
  EXPECT_EQ(std::count(compile.begin(), compile.end(), '\n'), 3) << compile;
  EXPECT_EQ(compile.find("line=8,"), std::string::npos);
  EXPECT_NE(compile.find("::error file=student/assg_tasks.cpp,line=94,title=Task 1.1"), std::string::npos) << compile;

  // Without a file, annotations still come, without file or line.
  const auto no_file = assg::github::annotations(three_tasks(), "", "");
  EXPECT_EQ(no_file.rfind("::error title=Task 2.3", 0), 0u) << no_file;
}

TEST(GithubReport, TheSummaryListsEveryTaskInAnUnbreakableTable) {
  const auto summary = assg::github::job_summary(three_tasks());
  EXPECT_NE(summary.find("## Autograder: 28.01 / 35 points"), std::string::npos) << summary;
  std::istringstream lines(summary);
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  ASSERT_EQ(rows.size(), 4u) << summary;  // the header and three tasks
  for (const auto& row : rows) {
    // Cell breaks and the starts of HTML and code spans, unless escaped.
    std::size_t cells = 0, markup = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool escaped = i > 0 && row[i - 1] == '\\';
      if (row[i] == '|' && !escaped) ++cells;
      if ((row[i] == '<' || row[i] == '`') && !escaped) ++markup;
    }
    EXPECT_EQ(cells, 7u) << row;
    EXPECT_EQ(markup, 0u) << row;
  }
  EXPECT_NE(rows[2].find("| 2\\.3 | conv\\_forward | 1/2 | 10.01/20 | \u274C failed | course\\_example\\: "),
            std::string::npos)
      << rows[2];
  EXPECT_NE(rows[3].find("| 3\\.4\\* | pool\\_backward | 1/1 | 3.00/3 | \u2705 passed |  |"), std::string::npos)
      << rows[3];
  EXPECT_NE(summary.find("\\* bonus: its points count towards the total but not the maximum."), std::string::npos);
}

TEST(GithubReport, TheWorkflowHasOneRunnerPerCountingEnabledTask) {
  assg::Rubric rubric;
  rubric.path = "rubric.json";
  rubric.student_files = {"student/assg_tasks.cpp"};
  rubric.tasks.resize(3);
  rubric.tasks[0].id = "1.1";
  rubric.tasks[1].id = "2.3";
  rubric.tasks[1].bonus = true;
  rubric.tasks[2].id = "3.1";
  rubric.tasks[2].enabled = false;
  const auto workflow = assg::github::classroom_workflow(rubric);
  EXPECT_NE(workflow.find("          TASK_1_1_RESULTS: \"${{ steps.report.outputs.task_1_1 }}\"\n        with:\n"
                          "          runners: task_1_1\n"),
            std::string::npos)
      << workflow;
  EXPECT_EQ(workflow.find("TASK_2_3"), std::string::npos);
  EXPECT_EQ(workflow.find("TASK_3_1"), std::string::npos);
  EXPECT_NE(workflow.find("grader/grade_solution.sh build student/assg_tasks.cpp build/results/results.json"),
            std::string::npos);

  rubric.tasks[0].bonus = true;
  EXPECT_THROW(assg::github::classroom_workflow(rubric), std::runtime_error);
  rubric.tasks[0].bonus = false;
  rubric.student_files = {"student/my file.cpp"};
  EXPECT_THROW(assg::github::classroom_workflow(rubric), std::runtime_error);
}

}  // namespace
