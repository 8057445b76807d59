// Unit tests of service::AttachmentFiles on a real scratch directory: content addressing, and the
// sweep of orphaned files (grace period, references, files that are not ours, freshening).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "service/attachments.h"

namespace tawasul::service {
namespace {

namespace fs = std::filesystem;

class AttachmentFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tawasul-files-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Makes `path` look last written `hours` ago.
  static void Age(const std::string& path, int hours) {
    fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(hours));
  }
  std::string dir_;
};

TEST_F(AttachmentFilesTest, SweepRemovesOldOrphansOnly) {
  AttachmentFiles files(dir_);
  const std::string referenced = files.Save("a file a case refers to");
  const std::string orphan = files.Save("a file nobody refers to");
  const std::string fresh = files.Save("a fresh orphan");
  Age(files.PathOf(referenced), 48);
  Age(files.PathOf(orphan), 48);
  const std::string stray = dir_ + "/notes.txt";  // not ours: never touched
  std::ofstream(stray) << "operator's note";
  Age(stray, 48);
  const std::string tmp = dir_ + "/.tmp-abandoned";  // an interrupted write
  std::ofstream(tmp) << "partial";
  Age(tmp, 48);

  std::set<std::string> asked;
  auto r = files.Sweep(std::chrono::hours(24), [&](const std::string& sha) {
    asked.insert(sha);
    return sha == referenced;
  });
  EXPECT_EQ(r.examined, 4);  // three stored files and the temporary one
  EXPECT_EQ(r.removed, 2);   // the old orphan and the temporary file
  EXPECT_EQ(r.bytes, static_cast<std::int64_t>(std::string("a file nobody refers to").size() +
                                               std::string("partial").size()));
  EXPECT_TRUE(files.Exists(referenced));
  EXPECT_FALSE(files.Exists(orphan));
  EXPECT_TRUE(files.Exists(fresh));
  EXPECT_TRUE(fs::exists(stray));
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_EQ(asked.count(fresh), 0u) << "files inside the grace period are not even looked up";
}

TEST_F(AttachmentFilesTest, SavingAgainProtectsAnOldFile) {
  AttachmentFiles files(dir_);
  const std::string sha = files.Save("the same content twice");
  Age(files.PathOf(sha), 48);
  // A new submission with the same content: the file is kept and freshened.
  EXPECT_EQ(files.Save("the same content twice"), sha);
  auto r = files.Sweep(std::chrono::hours(24), [](const std::string&) { return false; });
  EXPECT_EQ(r.removed, 0);
  EXPECT_TRUE(files.Exists(sha));
  EXPECT_EQ(files.Read(sha).value_or(""), "the same content twice");
}

TEST_F(AttachmentFilesTest, SweepOfAMissingDirectoryDoesNothing) {
  AttachmentFiles files(dir_ + "/never-created");
  auto r = files.Sweep(std::chrono::hours(0), [](const std::string&) { return false; });
  EXPECT_EQ(r.examined, 0);
  EXPECT_EQ(r.removed, 0);
}

}  // namespace
}  // namespace tawasul::service
