// What the parts of a checkpoint comparison share: both sides, the options, the result being
// filled, and the filters (--only, --ignore). Private to libimg/src/diff.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "img/diff/checkpoint_diff.h"

namespace img::diff {

struct Context {
    Checkpoint& a;
    Checkpoint& b;
    const DiffOptions& opt;
    DiffResult& result;
    std::map<uint32_t, uint32_t> file_pairs;   // file id in a -> the same file's id in b (pair_files)

    bool wants(std::string_view aspect) const;
    bool ignored(const std::string& path) const;   // a path component or an image named by --ignore
    void add(std::string aspect, Change c, std::string where, std::string path, std::string a, std::string b);
    // Every difference between two JSON values under `where`; aspect_of(path) names each one's aspect.
    void add_json(const std::string& where, const nlohmann::json& a, const nlohmann::json& b,
                  std::string (*aspect_of)(const std::string& path), std::string_view fixed_aspect = {});
};

// True when both messages have the same wire bytes (then no field differs).
bool same_bytes(const google::protobuf::Message& a, const google::protobuf::Message& b);
// True when file `ida` of a and `idb` of b are the same file (pair_files).
bool paired(const Context& cx, uint32_t ida, uint32_t idb);

// JSON our writer produced, as a tree ({"_text": text} should it not parse).
nlohmann::json parse_rendered(const std::string& text);
// A message as crit --pretty shows it, as a JSON tree.
nlohmann::json message_json(const google::protobuf::Message& m);
// A JSON value as one line of text.
std::string json_text(const nlohmann::json& v);

// Pairs of pids (a, b) that are the same task; pids only one side has come with 0 on the other.
struct TaskPair {
    uint32_t a = 0, b = 0;
};
Expected<std::vector<TaskPair>> match_tasks(Checkpoint& a, Checkpoint& b, bool by_comm);

// Parts of the comparison, each adding to ctx.result.
Expected<void> diff_task(Context& cx, const TaskPair& t);
Expected<void> diff_vmas(Context& cx, const TaskPair& t, const std::string& where);
Expected<void> diff_fds(Context& cx, const TaskPair& t, const std::string& where);
Expected<void> diff_pages(Context& cx, const TaskPair& t);
// diff_pages in steps of about `budget` bytes of address space (CheckpointDiffer).
class PagesJob {
public:
    static Expected<std::unique_ptr<PagesJob>> open(Context& cx, const TaskPair& t);   // `t` must outlive it
    ~PagesJob();
    Expected<bool> step(uint64_t budget);   // true once every page is compared
    uint64_t done() const;                  // bytes of address space compared, of total()
    uint64_t total() const;

private:
    PagesJob();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
Expected<void> diff_shared_images(Context& cx);

// Pairs the file objects of both sides (by id when the type agrees, else by path) into
// cx.file_pairs, and reports each pair's differences once (aspect "files") and unpaired files.
Expected<void> diff_files(Context& cx);
// What a descriptor, VMA, cwd or root of side a (file id `ida`) and of side b (`idb`) refer to, as
// a pair of names that are equal exactly when the two ids are paired: a file whose name changed
// is then reported once, as a file, not again at every use.
std::pair<std::string, std::string> file_targets(Context& cx, uint32_t ida, uint32_t idb);
std::string file_name(Checkpoint& d, uint32_t id);

// How a VMA of task `pid` is named in a report: vma_description, as img-show's mems view says it.
std::string vma_name(Checkpoint& d, uint32_t pid, const cimg::VmaEntry& v);

}  // namespace img::diff
