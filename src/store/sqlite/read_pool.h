#pragma once
// A pool of read-only SQLite connections. Each connection is used by one thread at a time
// (a Lease); leases return their connection on destruction. Connections open lazily, up to the
// pool size; beyond it, Acquire waits for a lease to come back.

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/db.h"

namespace tawasul::store::sqlite {

// (see the file comment)
class ReadPool {
 public:
  ReadPool(std::string path, int size) : path_(std::move(path)), max_(std::max(1, size)) {}

  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReadPool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !free_.empty() || created_ < max_; });
    if (!free_.empty()) {
      auto c = std::move(free_.back());
      free_.pop_back();
      return Lease(*this, std::move(c));
    }
    ++created_;
    lock.unlock();
    try {
      return Lease(*this, std::make_unique<Connection>(path_, true));
    } catch (...) {
      std::lock_guard relock(mu_);
      --created_;
      cv_.notify_one();
      throw;
    }
  }

 private:
  void Return(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(c));
    }
    cv_.notify_one();
  }
  std::string path_;
  int max_;
  int created_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace tawasul::store::sqlite
