/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pss_meta.c - vigil metadata of the Pod Security Standards checks (family "pss").
 *
 * One entry per upstream PSA check, in VG-PSS-001..019 order. IDs are stable: append new
 * checks, never renumber. pss.c links each upstream check to its entry here.
 */
#include "check/check.h"
#include "check/pss_internal.h"
#include "util/banned.h"

#define PSS_HELP_URI "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
#define PSS_REFS(upstream) { { "pss", upstream }, { NULL, NULL } }

const struct vg_check_info vg_pss_info[] = {
	{
		.id = "VG-PSS-001",
		.family = "pss",
		.severity = VG_SEV_HIGH,
		.title = "Pod shares a host namespace",
		.description =
			"The pod sets hostNetwork, hostPID or hostIPC to true. Sharing the node's "
			"network, process or IPC namespace removes the isolation between the pod "
			"and the node: it can see and signal host processes, sniff or bind host "
			"network interfaces and reach shared memory of other workloads. The Pod "
			"Security Standards baseline profile forbids it.",
		.remediation =
			"Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to "
			"false.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("hostNamespaces"),
	},
	{
		.id = "VG-PSS-002",
		.family = "pss",
		.severity = VG_SEV_CRITICAL,
		.title = "Privileged container",
		.description =
			"A container sets securityContext.privileged=true. A privileged container "
			"runs with every capability, without seccomp or AppArmor confinement and "
			"with access to all host devices; escaping to the node is trivial. The Pod "
			"Security Standards baseline profile forbids it.",
		.remediation =
			"Remove securityContext.privileged or set it to false; grant only the "
			"specific capabilities the workload needs.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("privileged"),
	},
	{
		.id = "VG-PSS-003",
		.family = "pss",
		.severity = VG_SEV_HIGH,
		.title = "Container adds a non-default capability",
		.description =
			"A container adds a Linux capability outside the container runtime's "
			"default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, "
			"MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). "
			"Capabilities such as SYS_ADMIN, NET_ADMIN or NET_RAW give a container "
			"powers that lead to node compromise or network attacks. The baseline "
			"profile allows only the default set; names are matched exactly (no CAP_ "
			"prefix).",
		.remediation =
			"Remove the capability from securityContext.capabilities.add, or redesign "
			"the workload so that it does not need it.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("capabilities_baseline"),
	},
	{
		.id = "VG-PSS-004",
		.family = "pss",
		.severity = VG_SEV_HIGH,
		.title = "Pod mounts a hostPath volume",
		.description =
			"The pod declares a hostPath volume. A hostPath volume exposes the node's "
			"filesystem to the container; writable mounts of paths such as /, /etc, "
			"/var/lib or the container runtime socket allow taking over the node. The "
			"baseline profile forbids hostPath volumes.",
		.remediation =
			"Replace the hostPath volume with a configMap, secret, emptyDir, projected "
			"or persistentVolumeClaim volume.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("hostPathVolumes"),
	},
	{
		.id = "VG-PSS-005",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Container uses a host port",
		.description =
			"A container port sets a non-zero hostPort. Host ports bind directly on "
			"the node's network interfaces, bypass network policies applied to the pod "
			"network and limit scheduling. The baseline profile forbids them.",
		.remediation =
			"Remove ports[*].hostPort (or set it to 0) and expose the workload through "
			"a Service.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("hostPorts"),
	},
	{
		.id = "VG-PSS-006",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod or container overrides the default AppArmor profile",
		.description =
			"The pod or a container sets appArmorProfile.type to a value other than "
			"RuntimeDefault or Localhost (for example Unconfined), or a "
			"container.apparmor.security.beta.kubernetes.io annotation names a profile "
			"other than runtime/default or localhost/*. Disabling AppArmor removes a "
			"mandatory access control layer. The baseline profile forbids it.",
		.remediation =
			"Remove the override or use appArmorProfile.type RuntimeDefault or "
			"Localhost (annotation values runtime/default or localhost/<profile>).",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("appArmorProfile"),
	},
	{
		.id = "VG-PSS-007",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod or container sets forbidden SELinux options",
		.description =
			"The pod or a container sets seLinuxOptions.type to a type other than "
			"container_t, container_init_t, container_kvm_t (or container_engine_t "
			"from policy v1.31), or sets seLinuxOptions.user or role. Custom SELinux "
			"labels can grant a container access to host resources that the default "
			"label denies. The baseline profile forbids them.",
		.remediation =
			"Remove seLinuxOptions.user and seLinuxOptions.role and use an allowed "
			"type, or leave seLinuxOptions unset.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("seLinuxOptions"),
	},
	{
		.id = "VG-PSS-008",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Container unmasks /proc",
		.description =
			"A container sets securityContext.procMount to a value other than Default "
			"(Unmasked). The default /proc masks hide kernel interfaces that leak host "
			"information or allow changing kernel state. The baseline profile forbids "
			"it; from policy v1.35 it is allowed for user-namespace pods (hostUsers: "
			"false).",
		.remediation =
			"Remove securityContext.procMount or set it to Default.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("procMount"),
	},
	{
		.id = "VG-PSS-009",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod or container disables seccomp",
		.description =
			"The pod or a container sets seccompProfile.type to a value other than "
			"RuntimeDefault or Localhost (for example Unconfined); before policy v1.19 "
			"the seccomp annotations are checked instead. Running unconfined exposes "
			"the whole kernel system call surface to the container. The baseline "
			"profile forbids it.",
		.remediation =
			"Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost "
			"with a reviewed profile), or leave it unset.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("seccompProfile_baseline"),
	},
	{
		.id = "VG-PSS-010",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod sets an unsafe sysctl",
		.description =
			"The pod sets a sysctl outside the safe, namespaced allowlist of the Pod "
			"Security Standards for the policy version. Other sysctls can disable "
			"security mechanisms or affect every workload on the node. Names are "
			"matched exactly.",
		.remediation =
			"Remove the sysctl from spec.securityContext.sysctls, or set it on the "
			"node instead.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("sysctls"),
	},
	{
		.id = "VG-PSS-011",
		.family = "pss",
		.severity = VG_SEV_CRITICAL,
		.title = "Windows HostProcess container",
		.description =
			"The pod or a container sets "
			"securityContext.windowsOptions.hostProcess=true. A HostProcess container "
			"runs directly on the Windows node with host access, the equivalent of a "
			"privileged Linux container. The baseline profile forbids it.",
		.remediation =
			"Remove windowsOptions.hostProcess or set it to false.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("windowsHostProcess"),
	},
	{
		.id = "VG-PSS-012",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Probe or lifecycle handler targets another host",
		.description =
			"A container's liveness, readiness or startup probe, or a "
			"postStart/preStop lifecycle handler, sets httpGet.host or tcpSocket.host. "
			"The kubelet makes these requests from the node, so a host field lets a "
			"pod author reach services that only the node can reach. The baseline "
			"profile forbids it from policy v1.34.",
		.remediation =
			"Remove the host field so that the probe targets the pod's own IP.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("hostProbesAndHostLifecycle"),
	},
	{
		.id = "VG-PSS-013",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod uses a restricted volume type",
		.description =
			"The pod declares a volume whose source is not one of configMap, csi, "
			"downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected "
			"or secret. Other inline volume sources (hostPath, nfs, gitRepo, cloud "
			"disks ...) bypass the storage administrator's control and can expose host "
			"or network storage. The restricted profile forbids them.",
		.remediation =
			"Use one of the allowed volume sources; provide other storage through a "
			"PersistentVolumeClaim.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("restrictedVolumes"),
	},
	{
		.id = "VG-PSS-014",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Containers may run as root",
		.description =
			"runAsNonRoot is not true for every container: the pod or a container sets "
			"it to false, or a container leaves it unset without a pod-level "
			"runAsNonRoot=true. A process running as root in the container is root on "
			"the node after an escape. The restricted profile requires "
			"runAsNonRoot=true; from policy v1.35 user-namespace pods (hostUsers: "
			"false) are exempt.",
		.remediation =
			"Set spec.securityContext.runAsNonRoot: true (and a non-zero runAsUser if "
			"the image does not define a non-root user).",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("runAsNonRoot"),
	},
	{
		.id = "VG-PSS-015",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Pod or container runs as UID 0",
		.description =
			"The pod or a container sets runAsUser: 0, explicitly running as root. The "
			"restricted profile forbids it from policy v1.23; from v1.35 "
			"user-namespace pods (hostUsers: false) are exempt.",
		.remediation =
			"Set runAsUser to a non-zero UID or remove it and set runAsNonRoot: true.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("runAsUser"),
	},
	{
		.id = "VG-PSS-016",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Container allows privilege escalation",
		.description =
			"A container does not set securityContext.allowPrivilegeEscalation=false. "
			"Unless it is false, a process can gain more privileges than its parent, "
			"for example through set-user-ID binaries. The restricted profile requires "
			"it from policy v1.8; Windows pods are exempt from v1.25.",
		.remediation =
			"Set securityContext.allowPrivilegeEscalation: false on every container, "
			"init container and ephemeral container.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("allowPrivilegeEscalation"),
	},
	{
		.id = "VG-PSS-017",
		.family = "pss",
		.severity = VG_SEV_LOW,
		.title = "Seccomp profile not set to RuntimeDefault or Localhost",
		.description =
			"The pod or a container does not run under a RuntimeDefault or Localhost "
			"seccomp profile: the type is invalid, or a container has none and the pod "
			"sets no valid default. Without seccomp the container can call every "
			"system call. The restricted profile requires it from policy v1.19; "
			"Windows pods are exempt from v1.25.",
		.remediation =
			"Set spec.securityContext.seccompProfile.type: RuntimeDefault.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("seccompProfile_restricted"),
	},
	{
		.id = "VG-PSS-018",
		.family = "pss",
		.severity = VG_SEV_LOW,
		.title = "Container does not drop all capabilities",
		.description =
			"A container does not drop ALL capabilities, or adds a capability other "
			"than NET_BIND_SERVICE. The container runtime's default capabilities are "
			"more than most workloads need. The restricted profile requires "
			"capabilities.drop to contain \"ALL\" (exact case) from policy v1.22; "
			"Windows pods are exempt from v1.25.",
		.remediation =
			"Set securityContext.capabilities.drop: [\"ALL\"] and add back only "
			"NET_BIND_SERVICE if needed.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("capabilities_restricted"),
	},
	{
		.id = "VG-PSS-019",
		.family = "pss",
		.severity = VG_SEV_MEDIUM,
		.title = "Container unmasks /proc (restricted)",
		.description =
			"A container sets securityContext.procMount to a value other than Default. "
			"From policy v1.35 the restricted profile keeps forbidding it even for "
			"user-namespace pods, which the baseline profile exempts.",
		.remediation =
			"Remove securityContext.procMount or set it to Default.",
		.help_uri = PSS_HELP_URI,
		.refs = PSS_REFS("procMount_restricted"),
	},
};

const size_t vg_pss_ninfo = sizeof(vg_pss_info) / sizeof(vg_pss_info[0]);

const struct vg_check_family vg_check_family_pss = {
	.name = "pss",
	.checks = vg_pss_info,
	.count = sizeof(vg_pss_info) / sizeof(vg_pss_info[0]),
};
