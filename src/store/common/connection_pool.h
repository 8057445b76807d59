#pragma once
// A pool of reading connections, for both stores. Each connection is used by one thread at a
// time (a Lease); leases return their connection on destruction. Connections open lazily, up to
// the pool size; beyond it, Acquire waits for a lease to come back. A connection that reports
// itself broken (`Conn::Healthy()` false: the PostgreSQL server restarted or failed over) is
// dropped when it comes back, and the next Acquire opens a fresh one.

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace tawasul::store::common {

template <class Conn>
class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Conn>()>;
  ConnectionPool(Factory open, int size) : open_(std::move(open)), max_(std::max(1, size)) {}

  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Conn> c) : pool_(pool), conn_(std::move(c)) {}
    ~Lease() { pool_.Return(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }

   private:
    ConnectionPool& pool_;
    std::unique_ptr<Conn> conn_;
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
      return Lease(*this, open_());
    } catch (...) {
      std::lock_guard relock(mu_);
      --created_;
      cv_.notify_one();
      throw;
    }
  }

  // Closes every idle connection (after one was found broken, the others likely are too: the
  // server restarted or failed over).
  void DropIdle() {
    std::vector<std::unique_ptr<Conn>> idle;
    {
      std::lock_guard lock(mu_);
      idle.swap(free_);
      created_ -= static_cast<int>(idle.size());
    }
    cv_.notify_all();
  }

 private:
  void Return(std::unique_ptr<Conn> c) {
    {
      std::lock_guard lock(mu_);
      if (c && c->Healthy()) {
        free_.push_back(std::move(c));
      } else {
        --created_;  // closed outside the lock below
      }
    }
    cv_.notify_one();
  }
  Factory open_;
  int max_;
  int created_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> free_;
};

}  // namespace tawasul::store::common
