#include "model/stepped_thread.h"

namespace img::tui {

SteppedThread::~SteppedThread() {
    if (started_ && !finished_) {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        while (!resume()) {
        }
    }
    if (thread_.joinable()) thread_.join();
}

bool SteppedThread::resume() {
    std::unique_lock lock(mutex_);
    if (finished_) return true;
    body_runs_ = true;
    if (!started_) {
        started_ = true;
        thread_ = std::thread([this] {
            body_(*this);
            std::lock_guard end(mutex_);
            finished_ = true;
            body_runs_ = false;
            turn_.notify_all();
        });
    } else {
        turn_.notify_all();
    }
    turn_.wait(lock, [this] { return !body_runs_; });
    return finished_;
}

void SteppedThread::pause() {
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    body_runs_ = false;
    turn_.notify_all();
    turn_.wait(lock, [this] { return body_runs_; });
}

}  // namespace img::tui
