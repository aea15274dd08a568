#ifndef MSC_TESTS_SUPPORT_TEMP_DIR_H_
#define MSC_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>
#include <string>

namespace msc::testing {

// A fresh directory under the system's temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "msc-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace msc::testing

#endif  // MSC_TESTS_SUPPORT_TEMP_DIR_H_
