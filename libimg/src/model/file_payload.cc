#include "img/model/file_payload.h"

#include <vector>

namespace img {

namespace gp = google::protobuf;

namespace {

// The payload's singular field `name` of C++ type `type`, when it is set.
const gp::FieldDescriptor* set_field(const gp::Message& m, const char* name, gp::FieldDescriptor::CppType type) {
    const gp::FieldDescriptor* fd = m.GetDescriptor()->FindFieldByName(name);
    if (!fd || fd->cpp_type() != type || fd->is_repeated()) return nullptr;
    return m.GetReflection()->HasField(m, fd) ? fd : nullptr;
}

}  // namespace

const gp::Message* file_payload(const cimg::FileEntry& f) {
    const gp::Reflection* r = f.GetReflection();
    std::vector<const gp::FieldDescriptor*> set;
    r->ListFields(f, &set);
    for (const auto* fd : set)
        if (fd->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE && !fd->is_repeated()) return &r->GetMessage(f, fd);
    return nullptr;
}

std::optional<uint32_t> file_open_flags(const cimg::FileEntry& f) {
    const gp::Message* m = file_payload(f);
    const gp::FieldDescriptor* fd = m ? set_field(*m, "flags", gp::FieldDescriptor::CPPTYPE_UINT32) : nullptr;
    if (!fd) return std::nullopt;
    return m->GetReflection()->GetUInt32(*m, fd);
}

std::optional<uint64_t> file_pos(const cimg::FileEntry& f) {
    const gp::Message* m = file_payload(f);
    const gp::FieldDescriptor* fd = m ? set_field(*m, "pos", gp::FieldDescriptor::CPPTYPE_UINT64) : nullptr;
    if (!fd) return std::nullopt;
    return m->GetReflection()->GetUInt64(*m, fd);
}

}  // namespace img
