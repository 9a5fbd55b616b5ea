// ContainerInfo: what a container checkpoint tells about its container, read from its metadata the
// way checkpointctl reads it: which engine made it (spec.dump's annotations), the container's name
// as that engine gives it (CRI-O's short name, not its k8s_... one), pod and namespace, its network
// (Podman's network.status, CRI-O's IP annotations) and the mounts of its OCI spec.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "img/model/checkpoint_archive.h"

namespace img {

enum class ContainerEngine { Podman, CriO, Containerd };

// "Podman", "CRI-O", "containerd".
std::string_view engine_name(ContainerEngine e);

// One interface of one network of network.status.
struct NetworkInterface {
    std::string network;                 // the network's name ("podman")
    std::string interface;               // the interface in the container ("eth0")
    std::vector<std::string> addresses;  // its subnets' addresses with prefix ("10.88.0.9/16")
    std::string mac;
    std::vector<std::string> gateways;
};

// One mount of spec.dump's "mounts".
struct SpecMount {
    std::string destination, type, source;
    std::vector<std::string> options;
};

struct ContainerInfo {
    ContainerEngine engine = ContainerEngine::Containerd;
    std::string name;                     // the container's name as its engine shows it
    std::string created;                  // as written (CRI-O's annotation, else config.dump's createdTime)
    std::string pod, pod_namespace;       // Kubernetes pod and namespace (CRI-O, containerd)
    std::vector<std::string> ips;         // every address without prefix (network.status or CRI-O's IP.N)
    std::vector<std::string> macs;
    std::vector<NetworkInterface> interfaces;   // by network, then interface name
    std::vector<SpecMount> mounts;        // in spec.dump's order
    std::vector<std::string> deleted_files;     // deleted.files: paths removed from the image's root
    std::vector<std::string> warnings;    // metadata present but not of the expected shape
};

// Engine: spec.dump's "io.container.manager" annotation ("libpod": Podman, "cri-o": CRI-O); any
// other spec is containerd's, as checkpointctl decides.
ContainerInfo container_info(const ContainerMetadata& m);

}  // namespace img
