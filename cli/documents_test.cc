#include "cli/documents.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace dragoman::cli {
namespace {

namespace fs = std::filesystem;

class CollectDocumentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/dragoman_docs_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    fs::create_directories(root_ + "/b/nested");
    Write("a.txt", "un");
    Write("b/page.HTML", "<p>deux</p>");
    Write("b/nested/c.htm", "trois");
    Write("b/a.txt.gold.json", "{}");
    Write("b/notes.md", "ignored");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ + "/" + rel) << text;
  }
  std::string root_;
};

TEST(IsDocumentFileNameTest, KnowsTheThreeExtensions) {
  EXPECT_TRUE(IsDocumentFileName("x.txt"));
  EXPECT_TRUE(IsDocumentFileName("x.HTM"));
  EXPECT_TRUE(IsDocumentFileName("x.Html"));
  EXPECT_FALSE(IsDocumentFileName("x.txt.gold.json"));
  EXPECT_FALSE(IsDocumentFileName("txt"));
}

TEST_F(CollectDocumentsTest, WalksDirectoriesInSortedOrderAndSkipsOtherFiles) {
  auto found = CollectDocuments({root_});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, (std::vector<std::string>{root_ + "/a.txt", root_ + "/b/nested/c.htm",
                                              root_ + "/b/page.HTML"}));
}

TEST_F(CollectDocumentsTest, TakesNamedFilesAsIsAndDropsDuplicates) {
  auto found = CollectDocuments({root_ + "/b/notes.md", root_ + "/a.txt", root_});
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 4u);
  EXPECT_EQ((*found)[0], root_ + "/b/notes.md");
  EXPECT_EQ((*found)[1], root_ + "/a.txt");
}

TEST_F(CollectDocumentsTest, MissingPathIsNotFound) {
  auto found = CollectDocuments({root_ + "/nope"});
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(found.status().message().find("nope"), std::string::npos);
}

TEST_F(CollectDocumentsTest, ReadsBytesUnchanged) {
  const std::string bytes("a\0b\xff", 4);
  std::ofstream(root_ + "/bin.txt", std::ios::binary) << bytes;
  auto read = ReadFileBytes(root_ + "/bin.txt");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, bytes);
  EXPECT_FALSE(ReadFileBytes(root_ + "/absent.txt").ok());
}

}  // namespace
}  // namespace dragoman::cli
