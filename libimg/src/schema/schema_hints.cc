#include "img/schema/schema_hints.h"

#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>

#include <mutex>
#include <unordered_map>

#include "render.pb.h"
#include "tables.pb.h"

namespace img {

namespace gp = google::protobuf;

namespace {
const gp::EnumDescriptor* find_enum(const std::string& name) {
    if (name.empty()) return nullptr;
    // Touch the tables so the linker keeps them and the pool knows them.
    static const bool linked = cimg::MmapProt::descriptor() != nullptr;
    (void)linked;
    return gp::DescriptorPool::generated_pool()->FindEnumTypeByName(name);
}
}  // namespace

const FieldHints& hints_for(const gp::FieldDescriptor* f) {
    static std::mutex mu;
    static std::unordered_map<const gp::FieldDescriptor*, FieldHints> cache;
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(f);
    if (it != cache.end()) return it->second;
    FieldHints h;
    const cimg::Render& r = f->options().GetExtension(cimg::r);
    h.hex = r.hex();
    h.ipadd = r.ipadd();
    h.dev = r.dev();
    h.odev = r.odev();
    h.path = r.path();
    h.text = r.text();
    h.unix_name = r.conv() == "unix_name";
    h.flags = find_enum(r.flags());
    h.dict = find_enum(r.dict());
    h.enum_type = find_enum(r.enum_type());
    h.legacy_name = r.legacy_name();
    return cache.emplace(f, std::move(h)).first->second;
}

const gp::Descriptor* find_message_type(std::string_view full_name) {
    return gp::DescriptorPool::generated_pool()->FindMessageTypeByName(std::string(full_name));
}

std::unique_ptr<gp::Message> new_message(const gp::Descriptor* d) {
    if (!d) return nullptr;
    const gp::Message* proto = gp::MessageFactory::generated_factory()->GetPrototype(d);
    if (!proto) return nullptr;
    return std::unique_ptr<gp::Message>(proto->New());
}

}  // namespace img
