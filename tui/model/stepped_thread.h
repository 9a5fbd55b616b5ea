// SteppedThread: runs a body that cannot return half-way (one library call decoding a whole image
// entry) in slices: the body runs on a thread of its own, but only while the owner waits in
// resume(), and hands control back with pause(). The two never run at once, so the body's state
// needs no locks; the handover orders their memory.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace img::tui {

class SteppedThread {
public:
    explicit SteppedThread(std::function<void(SteppedThread&)> body) : body_(std::move(body)) {}
    // Asks a body not yet at its end to stop (stopping(), pause() returns at once) and waits for it.
    ~SteppedThread();
    SteppedThread(const SteppedThread&) = delete;
    SteppedThread& operator=(const SteppedThread&) = delete;

    // Runs the body (started on the first call) until it pauses or ends: true once it has ended.
    bool resume();
    // For the body: gives control back to the owner until its next resume().
    void pause();
    // For the body: the owner is going away; finish without pausing, the sooner the better.
    bool stopping() const { return stopping_; }

private:
    std::function<void(SteppedThread&)> body_;
    std::mutex mutex_;
    std::condition_variable turn_;
    bool body_runs_ = false, started_ = false, finished_ = false, stopping_ = false;
    std::thread thread_;
};

}  // namespace img::tui
