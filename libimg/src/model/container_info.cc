// The engine decides where each fact is: Podman keeps the name and creation time in config.dump and
// its networks in network.status; CRI-O writes the container's metadata into spec.dump's annotations
// (the short name inside a JSON annotation, the pod's addresses as IP.0, IP.1, ...); containerd
// names the container and its pod in annotations of its own.
#include "img/model/container_info.h"

#include <fmt/format.h>

namespace img {

namespace {

using json = nlohmann::json;

// The string at key `k` of object `j`, "" when j is not an object or has no such string.
std::string text_at(const json& j, const char* k) {
    if (!j.is_object()) return "";
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

const json& annotations(const ContainerMetadata& m) {
    static const json none = json::object();
    if (!m.spec || !m.spec->is_object()) return none;
    auto it = m.spec->find("annotations");
    return it != m.spec->end() && it->is_object() ? *it : none;
}

std::string address_only(const std::string& cidr) { return cidr.substr(0, cidr.find('/')); }

// network.status: {NETWORK: {"interfaces": {IFACE: {"subnets": [{"ipnet", "gateway"}], "mac_address"}}}}.
void read_network_status(const json& status, ContainerInfo& ci) {
    if (!status.is_object()) { ci.warnings.push_back("network.status is not a JSON object; ignored"); return; }
    for (const auto& [network, net] : status.items()) {   // nlohmann's objects keep keys sorted
        auto ifaces = net.is_object() ? net.find("interfaces") : net.end();
        if (ifaces == net.end() || !ifaces->is_object()) continue;
        for (const auto& [name, iface] : ifaces->items()) {
            NetworkInterface ni{network, name, {}, text_at(iface, "mac_address"), {}};
            auto subnets = iface.is_object() ? iface.find("subnets") : iface.end();
            if (subnets != iface.end() && subnets->is_array())
                for (const auto& sn : *subnets) {
                    if (std::string ip = text_at(sn, "ipnet"); !ip.empty()) {
                        ni.addresses.push_back(ip);
                        ci.ips.push_back(address_only(ip));
                    }
                    if (std::string gw = text_at(sn, "gateway"); !gw.empty()) ni.gateways.push_back(gw);
                }
            if (!ni.mac.empty()) ci.macs.push_back(ni.mac);
            ci.interfaces.push_back(std::move(ni));
        }
    }
}

void read_spec_mounts(const ContainerMetadata& m, ContainerInfo& ci) {
    if (!m.spec || !m.spec->is_object()) return;
    auto mounts = m.spec->find("mounts");
    if (mounts == m.spec->end() || !mounts->is_array()) return;
    for (const auto& mt : *mounts) {
        SpecMount sm{text_at(mt, "destination"), text_at(mt, "type"), text_at(mt, "source"), {}};
        auto opts = mt.is_object() ? mt.find("options") : mt.end();
        if (opts != mt.end() && opts->is_array())
            for (const auto& o : *opts)
                if (o.is_string()) sm.options.push_back(o.get<std::string>());
        ci.mounts.push_back(std::move(sm));
    }
}

void read_deleted_files(const ContainerMetadata& m, ContainerInfo& ci) {
    if (!m.deleted) return;
    if (!m.deleted->is_array()) { ci.warnings.push_back("deleted.files is not a JSON array; ignored"); return; }
    for (const auto& p : *m.deleted)
        if (p.is_string()) ci.deleted_files.push_back(p.get<std::string>());
}

// CRI-O: the short name is "name" of the JSON text in io.kubernetes.cri-o.Metadata.
void read_crio(const json& a, ContainerInfo& ci) {
    std::string meta = text_at(a, "io.kubernetes.cri-o.Metadata");
    json md = json::parse(meta, nullptr, false);
    if (!meta.empty() && (md.is_discarded() || !md.is_object()))
        ci.warnings.push_back("spec.dump: annotation io.kubernetes.cri-o.Metadata is not a JSON object; ignored");
    else if (md.is_object()) ci.name = text_at(md, "name");
    if (std::string c = text_at(a, "io.kubernetes.cri-o.Created"); !c.empty()) ci.created = c;
    ci.pod = text_at(a, "io.kubernetes.pod.name");
    ci.pod_namespace = text_at(a, "io.kubernetes.pod.namespace");
    for (int i = 0;; ++i) {
        std::string ip = text_at(a, fmt::format("io.kubernetes.cri-o.IP.{}", i).c_str());
        if (ip.empty()) break;
        ci.ips.push_back(ip);
    }
}

}  // namespace

std::string_view engine_name(ContainerEngine e) {
    switch (e) {
    case ContainerEngine::Podman: return "Podman";
    case ContainerEngine::CriO: return "CRI-O";
    case ContainerEngine::Containerd: return "containerd";
    }
    return "containerd";
}

ContainerInfo container_info(const ContainerMetadata& m) {
    ContainerInfo ci;
    const json& a = annotations(m);
    const std::string manager = text_at(a, "io.container.manager");
    ci.engine = manager == "libpod" ? ContainerEngine::Podman
              : manager == "cri-o"  ? ContainerEngine::CriO
                                    : ContainerEngine::Containerd;
    ci.created = m.created();
    if (ci.engine == ContainerEngine::CriO) read_crio(a, ci);
    if (ci.engine == ContainerEngine::Containerd) {
        ci.name = text_at(a, "io.kubernetes.cri.container-name");
        ci.pod = text_at(a, "io.kubernetes.cri.sandbox-name");
        ci.pod_namespace = text_at(a, "io.kubernetes.cri.sandbox-namespace");
    }
    if (ci.name.empty()) ci.name = m.name();
    if (m.network) read_network_status(*m.network, ci);
    read_spec_mounts(m, ci);
    read_deleted_files(m, ci);
    return ci;
}

}  // namespace img
