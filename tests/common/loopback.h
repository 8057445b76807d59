#pragma once
// What the tests with real servers on loopback share (tests/notify/notify_channels_test.cpp,
// tests/integration/delivery_test.cpp, tests/integration/webhook_fixture.h): a helper script run
// as a child process that prints its port on its first line of stdout (tests/notify/smtp_sink.py,
// tests/notify/http_receiver.py), a scratch directory, and a wait that polls a condition.
//
// Invariants: a child is killed (SIGKILL) and reaped by Kill() or the destructor, and dies with
// the test process even if that crashes (PR_SET_PDEATHSIG); a scratch directory is removed with
// everything in it by its destructor; WaitUntil never asserts a duration, it only bounds a broken
// run.

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace tawasul_test::loopback {

// Debian's interpreter: the one with python3-aiosmtpd.
inline constexpr const char* kDebianPython = "/usr/bin/python3";

// Polls `done` every 50 ms until it holds or `limit` passes; returns its last value.
template <class F>
bool WaitUntil(F done, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// A new directory /tmp/<prefix>-XXXXXX (path() empty if it could not be made), removed at the end.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    std::string pattern = "/tmp/" + prefix + "-XXXXXX";
    path_ = mkdtemp(pattern.data()) ? pattern : "";
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A helper script as a child process whose first line of stdout is its port.
class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { Kill(); }

  // Starts `argv` and returns the port it prints, or 0 if none came within `wait`.
  int Start(const std::vector<std::string>& argv,
            std::chrono::seconds wait = std::chrono::seconds(20)) {
    int fds[2];
    if (pipe(fds) != 0) return 0;
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> args;
      for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[64];
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    return std::atoi(line.c_str());
  }

  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace tawasul_test::loopback
