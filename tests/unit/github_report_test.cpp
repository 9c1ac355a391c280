// results-export github on tiny hand-made grades: the escaping GitHub's
// workflow commands and Markdown need, the line of a definition, and the
// step outputs the release's grade.yml passes or fails the job by.
#include "report/github_report.hpp"

#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "tiny_grades.hpp"

namespace {

using assg::TestStatus;

assg::TestRecord test(const std::string& name, TestStatus status, double points, double max_points,
                      const std::string& message = "") {
  auto record = assg::testing_support::tiny_test(name, status, points, max_points, message);
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

TEST(GithubReport, TheStepOutputsSayThePointsAndWhetherEveryTaskPassed) {
  EXPECT_EQ(assg::github::grade_outputs(three_tasks()), "points=28.01\nmax_points=35\nfull_marks=false\n");
  auto full = three_tasks();
  full.tasks.erase(full.tasks.begin() + 1);
  full.total_points = 18.0;
  full.max_points = 15.0;  // the bonus counts towards the total only
  EXPECT_EQ(assg::github::grade_outputs(full), "points=18.00\nmax_points=15\nfull_marks=true\n");
  // Full points are not full marks while a task (here a bonus) is not passed:
  // the job follows make test's exit status, 0 only when every task passed.
  auto bonus_missed = full;
  bonus_missed.tasks[1].status = TestStatus::Failed;
  bonus_missed.total_points = 15.0;
  EXPECT_EQ(assg::github::grade_outputs(bonus_missed), "points=15.00\nmax_points=15\nfull_marks=false\n");
}

}  // namespace
