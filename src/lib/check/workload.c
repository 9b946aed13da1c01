/* SPDX-License-Identifier: Apache-2.0 */
/*
 * workload.c - workload hardening beyond the Pod Security Standards (VG-K8S-*): container
 * hardening (read-only root, resources, probes, UIDs/GIDs, capabilities), image references,
 * service-account use, host mounts, literal secrets, exposure of Services and Ingresses,
 * the default namespace and deprecated or removed API versions for a target Kubernetes version.
 *
 * Every check is one row of workload_checks[]; refs.trivy is the legacy Trivy KSV ID and
 * refs.kube_linter the kube-linter check name where one corresponds. Semantics that differ from
 * the upstream tool are written in the check's description.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "util/strbuf.h"
#include "util/banned.h"

enum {
	WL_RO_ROOT = 0,
	WL_CPU_LIMIT,
	WL_CPU_REQUEST,
	WL_MEM_REQUEST,
	WL_MEM_LIMIT,
	WL_LATEST_TAG,
	WL_NO_DIGEST,
	WL_PULL_POLICY,
	WL_SA_TOKEN,
	WL_DEFAULT_SA,
	WL_HOST_SENSITIVE,
	WL_RUNTIME_SOCK,
	WL_NO_LIVENESS,
	WL_NO_READINESS,
	WL_LOW_UID,
	WL_LOW_GID,
	WL_CAP_SYS_ADMIN,
	WL_CAP_NET_RAW,
	WL_CAP_SYS_MODULE,
	WL_CAP_OTHER,
	WL_SHARE_PID,
	WL_ENV_SECRET,
	WL_SECRET_DATA,
	WL_SVC_EXPOSED,
	WL_INGRESS_TLS,
	WL_DEFAULT_NS,
	WL_API_DEPRECATED,
	WL_API_REMOVED,
	WL_NCHECKS
};

#define KL "kube_linter"

static const struct vg_check_info workload_checks[WL_NCHECKS] = {
	[WL_RO_ROOT] = {
		.id = "VG-K8S-001", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "Root filesystem is not read-only",
		.description = "The container's securityContext.readOnlyRootFilesystem is not true. "
			       "A writable root filesystem lets an attacker drop tools and persist "
			       "changes inside the container. Checked for init, regular and ephemeral "
			       "containers.",
		.remediation = "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir "
			       "volumes where the program needs to write.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
		.refs = { { "trivy", "KSV014" }, { KL, "no-read-only-root-fs" } },
	},
	[WL_CPU_LIMIT] = {
		.id = "VG-K8S-002", .family = "workload", .severity = VG_SEV_LOW,
		.title = "CPU not limited",
		.description = "The container sets no resources.limits.cpu, so one workload can starve "
			       "its neighbours on the node. Checked for init and regular containers "
			       "(ephemeral containers cannot set resources).",
		.remediation = "Set resources.limits.cpu.",
		.help_uri = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		.refs = { { "trivy", "KSV011" }, { KL, "unset-cpu-requirements" } },
	},
	[WL_CPU_REQUEST] = {
		.id = "VG-K8S-003", .family = "workload", .severity = VG_SEV_LOW,
		.title = "CPU requests not specified",
		.description = "The container sets no resources.requests.cpu (nor a CPU limit, which "
			       "the API server copies into the request); the scheduler cannot place it "
			       "sensibly.",
		.remediation = "Set resources.requests.cpu.",
		.help_uri = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		.refs = { { "trivy", "KSV015" }, { KL, "unset-cpu-requirements" } },
	},
	[WL_MEM_REQUEST] = {
		.id = "VG-K8S-004", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Memory requests not specified",
		.description = "The container sets no resources.requests.memory (nor a memory limit, "
			       "which the API server copies into the request).",
		.remediation = "Set resources.requests.memory.",
		.help_uri = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		.refs = { { "trivy", "KSV016" }, { KL, "unset-memory-requirements" } },
	},
	[WL_MEM_LIMIT] = {
		.id = "VG-K8S-005", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Memory not limited",
		.description = "The container sets no resources.limits.memory; a leak or an attack can "
			       "exhaust the node's memory.",
		.remediation = "Set resources.limits.memory.",
		.help_uri = "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
		.refs = { { "trivy", "KSV018" }, { KL, "unset-memory-requirements" } },
	},
	[WL_LATEST_TAG] = {
		.id = "VG-K8S-006", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Image tag \"latest\" or no tag used",
		.description = "The container image has the tag latest or no tag (which means latest) "
			       "and no digest: what runs changes with every push and cannot be "
			       "audited or rolled back.",
		.remediation = "Use an immutable version tag, or better a digest (image@sha256:...).",
		.help_uri = "https://kubernetes.io/docs/concepts/containers/images/#image-names",
		.refs = { { "trivy", "KSV013" }, { KL, "latest-tag" } },
	},
	[WL_NO_DIGEST] = {
		.id = "VG-K8S-007", .family = "workload", .severity = VG_SEV_INFO,
		.title = "Image not pinned by digest",
		.description = "The container image is referenced by tag only. Tags are mutable: the "
			       "registry can serve different content under the same tag.",
		.remediation = "Reference the image by digest (name:tag@sha256:...).",
		.help_uri = "https://kubernetes.io/docs/concepts/containers/images/#image-names",
		.refs = { { NULL, NULL } },
	},
	[WL_PULL_POLICY] = {
		.id = "VG-K8S-008", .family = "workload", .severity = VG_SEV_INFO,
		.title = "Mutable image tag without imagePullPolicy Always",
		.description = "The image is not pinned by digest and the effective imagePullPolicy is "
			       "not Always (set to IfNotPresent or Never, or unset with a tag other than "
			       "latest, which defaults to IfNotPresent): nodes may run different "
			       "content under the same tag.",
		.remediation = "Pin the image by digest, or set imagePullPolicy: Always.",
		.help_uri = "https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy",
		.refs = { { NULL, NULL } },
	},
	[WL_SA_TOKEN] = {
		.id = "VG-K8S-009", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Service account token automounted",
		.description = "The pod spec does not set automountServiceAccountToken: false, so "
			       "every container gets an API token (unless its ServiceAccount opts out, "
			       "which a single-object check cannot see). Pods that never call the API "
			       "should not carry a credential for it. Trivy's KSV036 flags only an "
			       "explicit true or a mount of the token path; vigil also flags the "
			       "default.",
		.remediation = "Set automountServiceAccountToken: false in the pod spec (or on the "
			       "ServiceAccount) unless the pod calls the Kubernetes API.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/",
		.refs = { { "trivy", "KSV036" } },
	},
	[WL_DEFAULT_SA] = {
		.id = "VG-K8S-010", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Pod uses the default service account",
		.description = "serviceAccountName (or the deprecated serviceAccount) is unset, empty "
			       "or \"default\": permissions granted to the namespace's default account "
			       "are shared by every pod that does not choose its own.",
		.remediation = "Create a ServiceAccount per workload and set serviceAccountName.",
		.help_uri = "https://kubernetes.io/docs/concepts/security/service-accounts/",
		.refs = { { KL, "default-service-account" } },
	},
	[WL_HOST_SENSITIVE] = {
		.id = "VG-K8S-011", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "Sensitive host path mounted",
		.description = "A hostPath volume exposes a sensitive directory of the node: /, /boot, "
			       "/dev, /etc, /lib, /proc, /sys, /usr, /root, /var/lib/kubelet, "
			       "/var/lib/docker, /var/lib/containerd, /var/run, /run or anything below "
			       "/etc, /proc, /sys, /root, /var/lib/kubelet, /var/lib/docker and "
			       "/var/lib/containerd. Reported on the volume.",
		.remediation = "Remove the hostPath volume; use a ConfigMap, Secret, emptyDir or a CSI "
			       "volume instead.",
		.help_uri = "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
		.refs = { { "trivy", "KSV121" }, { KL, "sensitive-host-mounts" } },
	},
	[WL_RUNTIME_SOCK] = {
		.id = "VG-K8S-012", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "Container runtime socket mounted",
		.description = "A hostPath volume exposes a container runtime socket (docker.sock, "
			       "containerd.sock, crio.sock, cri-dockerd.sock, podman.sock) or a "
			       "directory holding one (/var/run/docker, /run/containerd, /var/run/crio): "
			       "whoever talks to it controls every container on the node.",
		.remediation = "Do not mount the runtime socket; use the Kubernetes API or a "
			       "rootless build tool instead.",
		.help_uri = "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
		.refs = { { "trivy", "KSV006" }, { KL, "docker-sock" } },
	},
	[WL_NO_LIVENESS] = {
		.id = "VG-K8S-013", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Container has no liveness probe",
		.description = "A regular container of a long-running workload (not a Job or CronJob) "
			       "sets no livenessProbe, so a hung process is never restarted.",
		.remediation = "Add a livenessProbe.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
		.refs = { { KL, "no-liveness-probe" } },
	},
	[WL_NO_READINESS] = {
		.id = "VG-K8S-014", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Container has no readiness probe",
		.description = "A regular container of a long-running workload (not a Job or CronJob) "
			       "sets no readinessProbe, so it receives traffic before it is ready.",
		.remediation = "Add a readinessProbe.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
		.refs = { { KL, "no-readiness-probe" } },
	},
	[WL_LOW_UID] = {
		.id = "VG-K8S-015", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Runs with UID <= 10000",
		.description = "The container's effective runAsUser (its own, else the pod's) is unset "
			       "or at most 10000, so it may collide with a host user's UID. A low "
			       "value set at pod level is reported once, on the pod.",
		.remediation = "Set runAsUser to a value above 10000.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
		.refs = { { "trivy", "KSV020" } },
	},
	[WL_LOW_GID] = {
		.id = "VG-K8S-016", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Runs with GID <= 10000",
		.description = "The container's effective runAsGroup (its own, else the pod's) is unset "
			       "or at most 10000, so it may collide with a host group's GID. A low "
			       "value set at pod level is reported once, on the pod.",
		.remediation = "Set runAsGroup to a value above 10000.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
		.refs = { { "trivy", "KSV021" } },
	},
	[WL_CAP_SYS_ADMIN] = {
		.id = "VG-K8S-017", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "SYS_ADMIN capability added",
		.description = "The container adds CAP_SYS_ADMIN (or ALL), which is close to full "
			       "root on the node. Names are compared case-insensitively, with or "
			       "without the CAP_ prefix.",
		.remediation = "Remove SYS_ADMIN from securityContext.capabilities.add.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
		.refs = { { "trivy", "KSV005" } },
	},
	[WL_CAP_NET_RAW] = {
		.id = "VG-K8S-018", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "NET_RAW capability added",
		.description = "The container adds CAP_NET_RAW, which allows packet spoofing and "
			       "sniffing on the pod network.",
		.remediation = "Remove NET_RAW from securityContext.capabilities.add.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
		.refs = { { "trivy", "KSV119" } },
	},
	[WL_CAP_SYS_MODULE] = {
		.id = "VG-K8S-019", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "SYS_MODULE capability added",
		.description = "The container adds CAP_SYS_MODULE and can load kernel modules.",
		.remediation = "Remove SYS_MODULE from securityContext.capabilities.add.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
		.refs = { { "trivy", "KSV120" } },
	},
	[WL_CAP_OTHER] = {
		.id = "VG-K8S-020", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Dangerous capability added",
		.description = "The container adds NET_ADMIN, SYS_PTRACE, BPF, PERFMON, SYS_RAWIO, "
			       "DAC_READ_SEARCH or SYS_BOOT. (SYS_ADMIN, NET_RAW and SYS_MODULE have "
			       "their own checks; ALL counts as SYS_ADMIN.)",
		.remediation = "Remove the capability from securityContext.capabilities.add.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
		.refs = { { "trivy", "KSV022" } },
	},
	[WL_SHARE_PID] = {
		.id = "VG-K8S-021", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Containers share the process namespace",
		.description = "shareProcessNamespace: true lets every container of the pod see and "
			       "signal the others' processes and read their /proc/PID/root and "
			       "environment.",
		.remediation = "Remove shareProcessNamespace unless a debugging sidecar needs it.",
		.help_uri = "https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/",
		.refs = { { NULL, NULL } },
	},
	[WL_ENV_SECRET] = {
		.id = "VG-K8S-022", .family = "workload", .severity = VG_SEV_HIGH,
		.title = "Secret passed as a literal environment value",
		.description = "An env entry whose name says password, secret, token, key or "
			       "credential has a literal non-empty value: the secret is in the "
			       "manifest, in etcd unencrypted and in every copy of the repository. "
			       "Names ending in _FILE, _PATH, _DIR, _URL, _ENABLED, _LENGTH, _TTL, "
			       "_TIMEOUT or _SECRET_NAME are not flagged.",
		.remediation = "Use valueFrom.secretKeyRef, or mount the Secret as a file.",
		.help_uri = "https://kubernetes.io/docs/concepts/configuration/secret/",
		.refs = { { KL, "env-var-secret" } },
	},
	[WL_SECRET_DATA] = {
		.id = "VG-K8S-023", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Secret object with data committed",
		.description = "A Secret object carries data or stringData in the scanned file: the "
			       "values are only base64-encoded and anyone with the repository reads "
			       "them.",
		.remediation = "Keep secret values out of manifests: use SealedSecrets, SOPS, an "
			       "external secrets operator or the secrets-store CSI driver.",
		.help_uri = "https://kubernetes.io/docs/concepts/security/secrets-good-practices/",
		.refs = { { NULL, NULL } },
	},
	[WL_SVC_EXPOSED] = {
		.id = "VG-K8S-024", .family = "workload", .severity = VG_SEV_INFO,
		.title = "Service exposed outside the cluster",
		.description = "The Service's type is NodePort or LoadBalancer: it is reachable from "
			       "outside the cluster. Make sure that is intended.",
		.remediation = "Use type ClusterIP behind an Ingress or gateway unless direct exposure "
			       "is required.",
		.help_uri = "https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types",
		.refs = { { KL, "exposed-services" } },
	},
	[WL_INGRESS_TLS] = {
		.id = "VG-K8S-025", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Ingress without TLS",
		.description = "The Ingress has no spec.tls entry (absent or empty), so it serves "
			       "plain HTTP.",
		.remediation = "Add spec.tls with the hosts and a certificate Secret.",
		.help_uri = "https://kubernetes.io/docs/concepts/services-networking/ingress/#tls",
		.refs = { { NULL, NULL } },
	},
	[WL_DEFAULT_NS] = {
		.id = "VG-K8S-026", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Workload in the default namespace",
		.description = "A workload (an object with a pod template) sets metadata.namespace: "
			       "default. Objects without a namespace are not flagged, as Trivy does: "
			       "they land in the namespace of the deploying context. kube-linter's "
			       "use-namespace also flags them.",
		.remediation = "Deploy workloads into a dedicated namespace.",
		.help_uri = "https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/",
		.refs = { { "trivy", "KSV110" }, { KL, "use-namespace" } },
	},
	[WL_API_DEPRECATED] = {
		.id = "VG-K8S-027", .family = "workload", .severity = VG_SEV_LOW,
		.title = "Deprecated API version",
		.description = "The object's apiVersion and kind are deprecated at the target "
			       "Kubernetes version and will be removed in a later release.",
		.remediation = "Migrate the object to the replacement API version.",
		.help_uri = "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
		.refs = { { "trivy", "KSV107" }, { KL, "no-extensions-v1beta" } },
	},
	[WL_API_REMOVED] = {
		.id = "VG-K8S-028", .family = "workload", .severity = VG_SEV_MEDIUM,
		.title = "Removed API version",
		.description = "The object's apiVersion and kind are no longer served at the target "
			       "Kubernetes version: applying it fails.",
		.remediation = "Migrate the object to the replacement API version.",
		.help_uri = "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
		.refs = { { "trivy", "KSV107" }, { KL, "no-extensions-v1beta" } },
	},
};

const struct vg_check_family vg_check_family_workload = {
	"workload", workload_checks, WL_NCHECKS,
};

/* ---- deprecated API versions (Kubernetes deprecation guide) ------------------------------ */

struct wl_api {
	const char *api_version;
	const char *kind;
	unsigned deprecated; /* minor version of 1.x */
	unsigned removed;
	const char *replacement;
};

static const struct wl_api deprecated_apis[] = {
	{ "extensions/v1beta1", "Deployment", 9, 16, "apps/v1" },
	{ "extensions/v1beta1", "DaemonSet", 9, 16, "apps/v1" },
	{ "extensions/v1beta1", "ReplicaSet", 9, 16, "apps/v1" },
	{ "extensions/v1beta1", "NetworkPolicy", 9, 16, "networking.k8s.io/v1" },
	{ "extensions/v1beta1", "PodSecurityPolicy", 11, 16, "policy/v1beta1" },
	{ "extensions/v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1" },
	{ "apps/v1beta1", "Deployment", 9, 16, "apps/v1" },
	{ "apps/v1beta1", "StatefulSet", 9, 16, "apps/v1" },
	{ "apps/v1beta2", "Deployment", 9, 16, "apps/v1" },
	{ "apps/v1beta2", "StatefulSet", 9, 16, "apps/v1" },
	{ "apps/v1beta2", "DaemonSet", 9, 16, "apps/v1" },
	{ "apps/v1beta2", "ReplicaSet", 9, 16, "apps/v1" },
	{ "networking.k8s.io/v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1" },
	{ "networking.k8s.io/v1beta1", "IngressClass", 19, 22, "networking.k8s.io/v1" },
	{ "admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", 16, 22,
	  "admissionregistration.k8s.io/v1" },
	{ "admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", 16, 22,
	  "admissionregistration.k8s.io/v1" },
	{ "apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", 16, 22,
	  "apiextensions.k8s.io/v1" },
	{ "apiregistration.k8s.io/v1beta1", "APIService", 19, 22, "apiregistration.k8s.io/v1" },
	{ "authentication.k8s.io/v1beta1", "TokenReview", 19, 22, "authentication.k8s.io/v1" },
	{ "authorization.k8s.io/v1beta1", "SubjectAccessReview", 19, 22,
	  "authorization.k8s.io/v1" },
	{ "authorization.k8s.io/v1beta1", "LocalSubjectAccessReview", 19, 22,
	  "authorization.k8s.io/v1" },
	{ "authorization.k8s.io/v1beta1", "SelfSubjectAccessReview", 19, 22,
	  "authorization.k8s.io/v1" },
	{ "certificates.k8s.io/v1beta1", "CertificateSigningRequest", 19, 22,
	  "certificates.k8s.io/v1" },
	{ "coordination.k8s.io/v1beta1", "Lease", 19, 22, "coordination.k8s.io/v1" },
	{ "rbac.authorization.k8s.io/v1beta1", "ClusterRole", 17, 22, "rbac.authorization.k8s.io/v1" },
	{ "rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", 17, 22,
	  "rbac.authorization.k8s.io/v1" },
	{ "rbac.authorization.k8s.io/v1beta1", "Role", 17, 22, "rbac.authorization.k8s.io/v1" },
	{ "rbac.authorization.k8s.io/v1beta1", "RoleBinding", 17, 22, "rbac.authorization.k8s.io/v1" },
	{ "scheduling.k8s.io/v1beta1", "PriorityClass", 14, 22, "scheduling.k8s.io/v1" },
	{ "storage.k8s.io/v1beta1", "CSIDriver", 19, 22, "storage.k8s.io/v1" },
	{ "storage.k8s.io/v1beta1", "CSINode", 17, 22, "storage.k8s.io/v1" },
	{ "storage.k8s.io/v1beta1", "StorageClass", 19, 22, "storage.k8s.io/v1" },
	{ "storage.k8s.io/v1beta1", "VolumeAttachment", 19, 22, "storage.k8s.io/v1" },
	{ "batch/v1beta1", "CronJob", 21, 25, "batch/v1" },
	{ "discovery.k8s.io/v1beta1", "EndpointSlice", 21, 25, "discovery.k8s.io/v1" },
	{ "events.k8s.io/v1beta1", "Event", 19, 25, "events.k8s.io/v1" },
	{ "autoscaling/v2beta1", "HorizontalPodAutoscaler", 22, 25, "autoscaling/v2" },
	{ "policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1" },
	{ "policy/v1beta1", "PodSecurityPolicy", 21, 25, "Pod Security Admission" },
	{ "node.k8s.io/v1beta1", "RuntimeClass", 20, 25, "node.k8s.io/v1" },
	{ "autoscaling/v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2" },
	{ "flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", 23, 26,
	  "flowcontrol.apiserver.k8s.io/v1" },
	{ "flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", 23, 26,
	  "flowcontrol.apiserver.k8s.io/v1" },
	{ "storage.k8s.io/v1beta1", "CSIStorageCapacity", 24, 27, "storage.k8s.io/v1" },
	{ "flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema", 26, 29,
	  "flowcontrol.apiserver.k8s.io/v1" },
	{ "flowcontrol.apiserver.k8s.io/v1beta2", "PriorityLevelConfiguration", 26, 29,
	  "flowcontrol.apiserver.k8s.io/v1" },
	{ "flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 29, 32,
	  "flowcontrol.apiserver.k8s.io/v1" },
	{ "flowcontrol.apiserver.k8s.io/v1beta3", "PriorityLevelConfiguration", 29, 32,
	  "flowcontrol.apiserver.k8s.io/v1" },
};

/* No target version: every known removal applies. */
#define VG_WL_NO_TARGET 1000u

#define NAPIS (sizeof(deprecated_apis) / sizeof(deprecated_apis[0]))

/* "1.29", "v1.29", "1.29.3" -> 29. Only major version 1 is known. */
static int parse_k8s_version(const char *s, unsigned *ret_minor)
{
	unsigned long minor;
	char *end;

	if (s[0] == 'v')
		s++;
	if (s[0] != '1' || s[1] != '.' || !isdigit((unsigned char)s[2]))
		return -EINVAL;
	errno = 0;
	minor = strtoul(s + 2, &end, 10);
	if (errno || minor >= VG_WL_NO_TARGET || (*end && *end != '.'))
		return -EINVAL;
	*ret_minor = (unsigned)minor;
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

struct wl_ctx {
	const struct vg_k8s_object *obj;
	const struct vg_workload_opts *opts;
	struct vg_report *report;
	struct vg_pod_view view;
	const struct vg_node *pod_sc; /* pod securityContext, may be NULL */
	bool batch;                   /* Job or CronJob: no probes expected */
	bool pod_uid_done, pod_gid_done;
	struct vg_strbuf cpath;       /* path of the current container */
	struct vg_strbuf path;
	struct vg_strbuf msg;
};

static int emit(struct wl_ctx *c, int check, const struct vg_node *node)
{
	return vg_check_emit(c->report, &workload_checks[check], c->obj, node,
			     vg_strbuf_str(&c->path), vg_strbuf_str(&c->msg), NULL, 0);
}

/* Start a new path/message pair. */
static void reset(struct wl_ctx *c)
{
	vg_strbuf_reset(&c->path);
	vg_strbuf_reset(&c->msg);
}

/* The deepest node that exists along @keys (NULL-terminated) from @start, for locating a
 * finding about a missing field. */
static const struct vg_node *deepest(const struct vg_node *start, const char *const *keys)
{
	const struct vg_node *n = start;
	for (; *keys; keys++) {
		const struct vg_node *next = vg_node_get(n, *keys);
		if (!next || next->kind != VG_NODE_MAP)
			return n;
		n = next;
	}
	return n;
}

struct image_ref {
	bool has_digest;
	bool has_tag;
	const char *tag; /* into the image string; valid when has_tag */
	size_t tag_len;
};

/* Split an image reference "[registry[:port]/]path[:tag][@digest]". */
static void parse_image(const char *image, struct image_ref *ret)
{
	const char *at = strchr(image, '@');
	size_t end = at ? (size_t)(at - image) : strlen(image);
	size_t slash = 0;
	const char *colon = NULL;

	memset(ret, 0, sizeof(*ret));
	ret->has_digest = at && at[1];
	for (size_t i = 0; i < end; i++)
		if (image[i] == '/')
			slash = i + 1;
	colon = memchr(image + slash, ':', end - slash);
	if (colon) {
		ret->has_tag = true;
		ret->tag = colon + 1;
		ret->tag_len = (size_t)(image + end - ret->tag);
	}
}

/* ---- container checks --------------------------------------------------------------------- */

static int check_resources(struct wl_ctx *c, const struct vg_container_ref *ref)
{
	static const struct {
		int check;
		const char *section, *resource, *other_section;
	} want[] = {
		{ WL_CPU_LIMIT, "limits", "cpu", NULL },
		{ WL_CPU_REQUEST, "requests", "cpu", "limits" },
		{ WL_MEM_REQUEST, "requests", "memory", "limits" },
		{ WL_MEM_LIMIT, "limits", "memory", NULL },
	};
	const struct vg_node *res = vg_node_get(ref->node, "resources");
	int r;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *keys[] = { "resources", want[i].section, want[i].resource, NULL };
		if (vg_node_present(vg_node_get(vg_node_get(res, want[i].section),
						want[i].resource)))
			continue;
		/* A limit without a request defaults the request to the limit. */
		if (want[i].other_section &&
		    vg_node_present(vg_node_get(vg_node_get(res, want[i].other_section),
						want[i].resource)))
			continue;
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.resources.%s.%s", vg_strbuf_str(&c->cpath),
					  want[i].section, want[i].resource)) ||
		    (r = vg_strbuf_printf(&c->msg, "container \"%s\" does not set resources.%s.%s",
					  ref->name, want[i].section, want[i].resource)) ||
		    (r = emit(c, want[i].check, deepest(ref->node, keys))))
			return r;
	}
	return 0;
}

static int check_image(struct wl_ctx *c, const struct vg_container_ref *ref)
{
	const struct vg_node *img = vg_node_get(ref->node, "image");
	const struct vg_node *pp = vg_node_get(ref->node, "imagePullPolicy");
	const char *image = vg_node_str(img);
	const char *policy = vg_node_str(pp);
	struct image_ref ir;
	bool latest;
	int r;

	if (!image || !*image)
		return 0;
	parse_image(image, &ir);
	if (ir.has_digest)
		return 0;
	latest = !ir.has_tag || (ir.tag_len == 6 && memcmp(ir.tag, "latest", 6) == 0);
	if (latest) {
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.image", vg_strbuf_str(&c->cpath))) ||
		    (r = vg_strbuf_printf(&c->msg, "container \"%s\" uses image \"%s\" (%s)",
					  ref->name, image, ir.has_tag ? "tag latest" : "no tag")) ||
		    (r = emit(c, WL_LATEST_TAG, img)))
			return r;
	}
	reset(c);
	if ((r = vg_strbuf_printf(&c->path, "%s.image", vg_strbuf_str(&c->cpath))) ||
	    (r = vg_strbuf_printf(&c->msg, "container \"%s\" image \"%s\" is not pinned by digest",
				  ref->name, image)) ||
	    (r = emit(c, WL_NO_DIGEST, img)))
		return r;
	/* Effective policy: unset means Always for latest/untagged, IfNotPresent otherwise. */
	if (policy ? strcmp(policy, "Always") == 0 : latest)
		return 0;
	reset(c);
	if ((r = vg_strbuf_printf(&c->path, "%s.imagePullPolicy", vg_strbuf_str(&c->cpath))) ||
	    (r = vg_strbuf_printf(&c->msg, "container \"%s\" image \"%s\" has a mutable tag and "
				  "imagePullPolicy %s", ref->name, image,
				  policy ? policy : "unset (IfNotPresent)")) ||
	    (r = emit(c, WL_PULL_POLICY, pp ? pp : img)))
		return r;
	return 0;
}

/* Effective runAsUser/runAsGroup (@key) <= 10000 or unset. */
static int check_id(struct wl_ctx *c, const struct vg_container_ref *ref, const char *key,
		    int check, bool *pod_done)
{
	const struct vg_node *sc = vg_node_get(ref->node, "securityContext");
	const struct vg_node *v = vg_node_get(sc, key);
	bool pod_level = false;
	int r;

	if (!vg_node_present(v)) {
		v = vg_node_get(c->pod_sc, key);
		pod_level = vg_node_present(v);
	}
	if (v && v->kind == VG_NODE_INT && v->v.i > 10000)
		return 0;
	if (pod_level && *pod_done)
		return 0;
	reset(c);
	if (pod_level) {
		*pod_done = true;
		r = vg_strbuf_printf(&c->path, "%s.securityContext.%s", c->view.spec_path, key);
		if (!r)
			r = vg_strbuf_printf(&c->msg, "pod securityContext.%s is %s (<= 10000)", key,
					     vg_node_scalar(v) ? vg_node_scalar(v) : "not a number");
	} else {
		r = vg_strbuf_printf(&c->path, "%s.securityContext.%s", vg_strbuf_str(&c->cpath), key);
		if (!r && vg_node_present(v))
			r = vg_strbuf_printf(&c->msg, "container \"%s\" securityContext.%s is %s "
					     "(<= 10000)", ref->name, key,
					     vg_node_scalar(v) ? vg_node_scalar(v) : "not a number");
		else if (!r)
			r = vg_strbuf_printf(&c->msg, "container \"%s\" sets no %s (neither does the "
					     "pod)", ref->name, key);
	}
	if (r)
		return r;
	return emit(c, check, vg_node_present(v) ? v : sc ? sc : ref->node);
}

static int capability_check(const char *cap)
{
	static const char *const other[] = { "NET_ADMIN", "SYS_PTRACE", "BPF", "PERFMON",
					     "SYS_RAWIO", "DAC_READ_SEARCH", "SYS_BOOT", NULL };
	if (strncasecmp(cap, "CAP_", 4) == 0)
		cap += 4;
	if (strcasecmp(cap, "SYS_ADMIN") == 0 || strcasecmp(cap, "ALL") == 0)
		return WL_CAP_SYS_ADMIN;
	if (strcasecmp(cap, "NET_RAW") == 0)
		return WL_CAP_NET_RAW;
	if (strcasecmp(cap, "SYS_MODULE") == 0)
		return WL_CAP_SYS_MODULE;
	for (const char *const *o = other; *o; o++)
		if (strcasecmp(cap, *o) == 0)
			return WL_CAP_OTHER;
	return -1;
}

static int check_caps(struct wl_ctx *c, const struct vg_container_ref *ref)
{
	const struct vg_node *add = vg_node_path(ref->node, "securityContext.capabilities.add");
	int r;

	if (!add || add->kind != VG_NODE_SEQ)
		return 0;
	for (uint32_t i = 0; i < add->count; i++) {
		const char *cap = vg_node_str(add->items[i]);
		int check = cap ? capability_check(cap) : -1;
		if (check < 0)
			continue;
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.securityContext.capabilities.add[%u]",
					  vg_strbuf_str(&c->cpath), i)) ||
		    (r = vg_strbuf_printf(&c->msg, "container \"%s\" adds capability %s", ref->name,
					  cap)) ||
		    (r = emit(c, check, add->items[i])))
			return r;
	}
	return 0;
}

/* "$(NAME)": the kubelet expands it from an earlier env entry; it is a reference, not a value
 * ("$$(NAME)" is the escaped literal text and stays a literal). */
static bool env_reference(const char *text)
{
	size_t n = strlen(text);
	if (n < 4 || text[0] != '$' || text[1] != '(' || text[n - 1] != ')')
		return false;
	for (size_t i = 2; i + 1 < n; i++)
		if (!isalnum((unsigned char)text[i]) && text[i] != '_' && text[i] != '-' &&
		    text[i] != '.')
			return false;
	return true;
}

static int check_env(struct wl_ctx *c, const struct vg_container_ref *ref)
{
	const struct vg_node *env = vg_node_get(ref->node, "env");
	int r;

	if (!env || env->kind != VG_NODE_SEQ)
		return 0;
	for (uint32_t i = 0; i < env->count; i++) {
		const char *name = vg_node_str(vg_node_get(env->items[i], "name"));
		const struct vg_node *value = vg_node_get(env->items[i], "value");
		const char *text = vg_node_scalar(value);
		if (!name || !text || !*text || value->kind == VG_NODE_NULL ||
		    !vg_check_secret_name(name, strlen(name)) || env_reference(text))
			continue;
		if (c->opts && c->opts->secret_reported &&
		    c->opts->secret_reported(value, c->opts->secret_userdata))
			continue; /* reported as the VG-SEC rule that recognised the value */
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.env[%u].value", vg_strbuf_str(&c->cpath),
					  i)) ||
		    (r = vg_strbuf_printf(&c->msg, "container \"%s\" sets %s to a literal value "
					  "(%zu character%s)", ref->name, name, value->len,
					  value->len == 1 ? "" : "s")) ||
		    (r = emit(c, WL_ENV_SECRET, value)))
			return r;
	}
	return 0;
}

static int check_container(const struct vg_container_ref *ref, void *userdata)
{
	struct wl_ctx *c = userdata;
	const struct vg_node *sc = vg_node_get(ref->node, "securityContext");
	const struct vg_node *ro = vg_node_get(sc, "readOnlyRootFilesystem");
	int r;

	vg_strbuf_reset(&c->cpath);
	if ((r = vg_strbuf_printf(&c->cpath, "%s.%s[%u]", c->view.spec_path,
				  vg_container_field_name(ref->field), ref->index)))
		return r;

	if (!vg_node_is_true(ro)) {
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.securityContext.readOnlyRootFilesystem",
					  vg_strbuf_str(&c->cpath))) ||
		    (r = vg_strbuf_printf(&c->msg, "container \"%s\" %s", ref->name,
					  vg_node_present(ro) ? "sets readOnlyRootFilesystem to "
								"a value other than true"
							      : "does not set readOnlyRootFilesystem")) ||
		    (r = emit(c, WL_RO_ROOT, vg_node_present(ro) ? ro : sc ? sc : ref->node)))
			return r;
	}
	if (ref->field != VG_CONTAINERS_EPHEMERAL && (r = check_resources(c, ref)))
		return r;
	if ((r = check_image(c, ref)))
		return r;
	if (ref->field == VG_CONTAINERS_REGULAR && !c->batch) {
		static const struct { const char *key; int check; } probes[] = {
			{ "livenessProbe", WL_NO_LIVENESS },
			{ "readinessProbe", WL_NO_READINESS },
		};
		for (size_t i = 0; i < 2; i++) {
			if (vg_node_present(vg_node_get(ref->node, probes[i].key)))
				continue;
			reset(c);
			if ((r = vg_strbuf_printf(&c->path, "%s.%s", vg_strbuf_str(&c->cpath),
						  probes[i].key)) ||
			    (r = vg_strbuf_printf(&c->msg, "container \"%s\" has no %s", ref->name,
						  probes[i].key)) ||
			    (r = emit(c, probes[i].check, ref->node)))
				return r;
		}
	}
	if ((r = check_id(c, ref, "runAsUser", WL_LOW_UID, &c->pod_uid_done)) ||
	    (r = check_id(c, ref, "runAsGroup", WL_LOW_GID, &c->pod_gid_done)) ||
	    (r = check_caps(c, ref)) || (r = check_env(c, ref)))
		return r;
	return 0;
}

/* ---- pod-level checks --------------------------------------------------------------------- */

static bool path_under(const char *p, size_t n, const char *dir)
{
	size_t l = strlen(dir);
	return n > l && strncmp(p, dir, l) == 0 && p[l] == '/';
}

/* @path with repeated slashes collapsed and "." segments removed ("//etc/./x" -> "/etc/x"),
 * as the kernel resolves it, into @buf; @path itself when it does not fit. */
static const char *host_path_normalize(const char *path, char *buf, size_t cap)
{
	size_t k = 0;

	for (const char *p = path; *p; p++) {
		if (*p == '/' && k > 0 && buf[k - 1] == '/')
			continue;
		if (*p == '.' && k > 0 && buf[k - 1] == '/' && (p[1] == '/' || p[1] == '\0')) {
			if (p[1] == '/')
				p++;
			continue;
		}
		if (k + 1 >= cap)
			return path;
		buf[k++] = *p;
	}
	buf[k] = '\0';
	return buf;
}

static int host_path_check(const char *raw)
{
	static const char *const socks[] = { "docker.sock", "containerd.sock", "crio.sock",
					     "cri-dockerd.sock", "podman.sock", NULL };
	static const char *const sock_dirs[] = { "/var/run/docker", "/run/docker",
						 "/run/containerd", "/var/run/containerd",
						 "/var/run/crio", "/run/crio", NULL };
	static const char *const exact[] = { "/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys",
					     "/usr", "/root", "/var/lib/kubelet", "/var/lib/docker",
					     "/var/lib/containerd", "/var/run", "/run", NULL };
	static const char *const below[] = { "/etc", "/proc", "/sys", "/root", "/var/lib/kubelet",
					     "/var/lib/docker", "/var/lib/containerd", NULL };
	char buf[4096];
	const char *path = host_path_normalize(raw, buf, sizeof(buf));
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (const char *const *s = socks; *s; s++) {
		size_t l = strlen(*s);
		if (n >= l && memcmp(path + n - l, *s, l) == 0 && (n == l || path[n - l - 1] == '/'))
			return WL_RUNTIME_SOCK;
	}
	for (const char *const *d = sock_dirs; *d; d++)
		if (n == strlen(*d) && memcmp(path, *d, n) == 0)
			return WL_RUNTIME_SOCK;
	for (const char *const *e = exact; *e; e++)
		if (n == strlen(*e) && memcmp(path, *e, n) == 0)
			return WL_HOST_SENSITIVE;
	for (const char *const *b = below; *b; b++)
		if (path_under(path, n, *b))
			return WL_HOST_SENSITIVE;
	return -1;
}

static int check_pod(struct wl_ctx *c)
{
	const struct vg_node *spec = c->view.spec;
	const struct vg_node *vols = vg_node_get(spec, "volumes");
	const struct vg_node *n;
	const char *sa;
	int r;

	n = vg_node_get(spec, "automountServiceAccountToken");
	if (!vg_node_is_false(n)) {
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.automountServiceAccountToken",
					  c->view.spec_path)) ||
		    (r = vg_strbuf_puts(&c->msg, vg_node_present(n)
						 ? "automountServiceAccountToken is not false"
						 : "automountServiceAccountToken is not set (the "
						   "token is mounted)")) ||
		    (r = emit(c, WL_SA_TOKEN, vg_node_present(n) ? n : spec)))
			return r;
	}

	n = vg_node_get(spec, "serviceAccountName");
	if (!vg_node_present(n) || (vg_node_str(n) && !*vg_node_str(n)))
		if (vg_node_present(vg_node_get(spec, "serviceAccount")))
			n = vg_node_get(spec, "serviceAccount");
	sa = vg_node_present(n) ? vg_node_scalar(n) : NULL;
	if (!sa || !*sa || strcmp(sa, "default") == 0) {
		bool deprecated = n && n == vg_node_get(spec, "serviceAccount");
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.%s", c->view.spec_path,
					  deprecated ? "serviceAccount" : "serviceAccountName")) ||
		    (r = vg_strbuf_puts(&c->msg, sa && *sa
						 ? "the pod runs as the default service account"
						 : "no service account is set: the pod runs as "
						   "\"default\"")) ||
		    (r = emit(c, WL_DEFAULT_SA, vg_node_present(n) ? n : spec)))
			return r;
	}

	n = vg_node_get(spec, "shareProcessNamespace");
	if (vg_node_is_true(n)) {
		reset(c);
		if ((r = vg_strbuf_printf(&c->path, "%s.shareProcessNamespace", c->view.spec_path)) ||
		    (r = vg_strbuf_puts(&c->msg, "shareProcessNamespace is true")) ||
		    (r = emit(c, WL_SHARE_PID, n)))
			return r;
	}

	if (vols && vols->kind == VG_NODE_SEQ) {
		for (uint32_t i = 0; i < vols->count; i++) {
			const struct vg_node *p = vg_node_path(vols->items[i], "hostPath.path");
			const char *hp = vg_node_str(p);
			const char *vname = vg_node_str(vg_node_get(vols->items[i], "name"));
			int check = hp ? host_path_check(hp) : -1;
			if (check < 0)
				continue;
			reset(c);
			if ((r = vg_strbuf_printf(&c->path, "%s.volumes[%u].hostPath.path",
						  c->view.spec_path, i)) ||
			    (r = vg_strbuf_printf(&c->msg, "volume \"%s\" mounts host path %s",
						  vname ? vname : "", hp)) ||
			    (r = emit(c, check, p)))
				return r;
		}
	}
	return 0;
}

/* ---- object-level checks ------------------------------------------------------------------ */

static int check_secret(struct wl_ctx *c)
{
	static const char *const fields[] = { "data", "stringData" };
	int r;

	for (size_t i = 0; i < 2; i++) {
		const struct vg_node *d = vg_node_get(c->obj->root, fields[i]);
		if (!d || d->kind != VG_NODE_MAP || d->count == 0)
			continue;
		reset(c);
		if ((r = vg_strbuf_puts(&c->path, fields[i])) ||
		    (r = vg_strbuf_printf(&c->msg, "Secret \"%s\" has %u %s %s in the manifest",
					  c->obj->name, d->count, fields[i],
					  d->count == 1 ? "entry" : "entries")) ||
		    (r = emit(c, WL_SECRET_DATA, vg_node_get_key(c->obj->root, fields[i]))))
			return r;
	}
	return 0;
}

static int check_service(struct wl_ctx *c)
{
	const struct vg_node *t = vg_node_path(c->obj->root, "spec.type");
	const char *type = vg_node_str(t);

	if (!type || (strcmp(type, "NodePort") != 0 && strcmp(type, "LoadBalancer") != 0))
		return 0;
	reset(c);
	int r;
	if ((r = vg_strbuf_puts(&c->path, "spec.type")) ||
	    (r = vg_strbuf_printf(&c->msg, "Service \"%s\" has type %s", c->obj->name, type)))
		return r;
	return emit(c, WL_SVC_EXPOSED, t);
}

static int check_ingress(struct wl_ctx *c)
{
	const struct vg_node *spec = vg_node_get(c->obj->root, "spec");
	const struct vg_node *tls = vg_node_get(spec, "tls");
	int r;

	if (tls && tls->kind == VG_NODE_SEQ && tls->count > 0)
		return 0;
	reset(c);
	if ((r = vg_strbuf_puts(&c->path, "spec.tls")) ||
	    (r = vg_strbuf_printf(&c->msg, "Ingress \"%s\" has no TLS configuration",
				  c->obj->name)))
		return r;
	return emit(c, WL_INGRESS_TLS, vg_node_present(tls) ? tls : spec ? spec : c->obj->root);
}

static int check_api(struct wl_ctx *c, unsigned target)
{
	char tgt[32];
	int r;

	if (target == VG_WL_NO_TARGET)
		snprintf(tgt, sizeof(tgt), "no target version given");
	else
		snprintf(tgt, sizeof(tgt), "target 1.%u", target);

	for (size_t i = 0; i < NAPIS; i++) {
		const struct wl_api *a = &deprecated_apis[i];
		bool removed;
		if (strcmp(a->api_version, c->obj->api_version) != 0 ||
		    strcmp(a->kind, c->obj->kind) != 0 || target < a->deprecated)
			continue;
		removed = target >= a->removed;
		reset(c);
		if ((r = vg_strbuf_puts(&c->path, "apiVersion")))
			return r;
		if (removed)
			r = vg_strbuf_printf(&c->msg, "%s %s was removed in Kubernetes 1.%u (%s); "
					     "use %s", a->api_version, a->kind, a->removed, tgt,
					     a->replacement);
		else
			r = vg_strbuf_printf(&c->msg, "%s %s is deprecated since Kubernetes 1.%u and "
					     "removed in 1.%u (%s); use %s",
					     a->api_version, a->kind, a->deprecated, a->removed,
					     tgt, a->replacement);
		if (r)
			return r;
		return emit(c, removed ? WL_API_REMOVED : WL_API_DEPRECATED,
			    vg_node_get(c->obj->root, "apiVersion"));
	}
	return 0;
}

int vg_check_workload_object(const struct vg_k8s_object *obj, const struct vg_workload_opts *opts,
			     struct vg_report *report)
{
	struct wl_ctx c = { .obj = obj, .opts = opts, .report = report, .cpath = VG_STRBUF_INIT,
			    .path = VG_STRBUF_INIT, .msg = VG_STRBUF_INIT };
	unsigned target = VG_WL_NO_TARGET;
	bool pod;
	int r;

	if (!obj || !obj->root || !obj->kind || !obj->api_version || !report)
		return -EINVAL;
	if (opts && opts->k8s_version && parse_k8s_version(opts->k8s_version, &target) < 0)
		return -EINVAL;

	r = check_api(&c, target);
	if (r)
		goto out;
	if (strcmp(obj->kind, "Secret") == 0 && strcmp(obj->api_version, "v1") == 0) {
		r = check_secret(&c);
		goto out;
	}
	if (strcmp(obj->kind, "Service") == 0 && strcmp(obj->api_version, "v1") == 0) {
		r = check_service(&c);
		goto out;
	}
	if (strcmp(obj->kind, "Ingress") == 0) {
		r = check_ingress(&c);
		goto out;
	}
	pod = vg_k8s_pod_view(obj, &c.view);
	if (!pod)
		goto out;
	c.pod_sc = vg_node_get(c.view.spec, "securityContext");
	c.batch = strcmp(obj->kind, "Job") == 0 || strcmp(obj->kind, "CronJob") == 0;
	{
		const struct vg_node *ns = vg_node_get(obj->metadata, "namespace");
		if (vg_node_str_eq(ns, "default")) {
			reset(&c);
			if ((r = vg_strbuf_puts(&c.path, "metadata.namespace")) ||
			    (r = vg_strbuf_printf(&c.msg, "%s \"%s\" is in the default namespace",
						  obj->kind, obj->name)) ||
			    (r = emit(&c, WL_DEFAULT_NS, ns)))
				goto out;
		}
	}
	if ((r = check_pod(&c)))
		goto out;
	r = vg_k8s_for_each_container(c.view.spec, check_container, &c);
out:
	vg_strbuf_release(&c.cpath);
	vg_strbuf_release(&c.path);
	vg_strbuf_release(&c.msg);
	return r;
}
