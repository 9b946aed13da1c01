/* SPDX-License-Identifier: Apache-2.0 */
/*
 * image_config.c - checks on a container image's configuration (VG-IMG-*): who it runs as,
 * secrets baked into its environment, and sensitive ports it exposes.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "vigil/check.h"
#include "util/banned.h"

static const struct vg_check_info image_checks[] = {
	{
		.id = "VG-IMG-001",
		.family = "image",
		.severity = VG_SEV_HIGH,
		.title = "Image runs as root",
		.description = "The image configuration sets USER to root (user name root or UID 0). "
			       "A process running as root inside a container is one kernel or runtime "
			       "bug away from root on the node, and can modify everything in its "
			       "filesystem.",
		.remediation = "Create an unprivileged user in the Dockerfile and switch to it with "
			       "USER (for example USER 10001:10001).",
		.help_uri = "https://docs.docker.com/build/building/best-practices/#user",
		.refs = { { "trivy", "DS002" }, { "hadolint", "DL3002" } },
	},
	{
		.id = "VG-IMG-002",
		.family = "image",
		.severity = VG_SEV_HIGH,
		.title = "Image sets no USER",
		.description = "The image configuration sets no USER, so its processes run as root "
			       "unless the workload overrides it (runAsUser/runAsNonRoot).",
		.remediation = "Add a USER instruction with an unprivileged UID to the final stage.",
		.help_uri = "https://docs.docker.com/build/building/best-practices/#user",
		.refs = { { "trivy", "DS002" } },
	},
	{
		.id = "VG-IMG-003",
		.family = "image",
		.severity = VG_SEV_CRITICAL,
		.title = "Secret in image environment",
		.description = "An environment variable in the image configuration looks like a "
			       "credential (its name says password, secret, token or key and it has a "
			       "value). Anyone who can pull the image can read it with docker inspect.",
		.remediation = "Remove the value from ENV/ARG; inject secrets at run time from a "
			       "secret store (Kubernetes Secrets, Vault, CSI secrets store).",
		.help_uri = "https://docs.docker.com/build/building/secrets/",
		.refs = { { "trivy", "DS031" } },
	},
	{
		.id = "VG-IMG-004",
		.family = "image",
		.severity = VG_SEV_MEDIUM,
		.title = "Image exposes a sensitive port",
		.description = "The image declares a port used by remote administration, container "
			       "runtimes, cluster control planes or databases (for example 22/ssh, "
			       "2375/docker, 10250/kubelet). Such services rarely belong in an "
			       "application image.",
		.remediation = "Remove the EXPOSE instruction and the service behind it, or confine it "
			       "with a NetworkPolicy if it is really needed.",
		.help_uri = NULL,
		.refs = { { "trivy", "DS004" } },
	},
};

const struct vg_check_family vg_check_family_image = {
	"image", image_checks, sizeof(image_checks) / sizeof(image_checks[0]),
};

/* Ports worth a finding, with what usually listens there. */
static const struct {
	unsigned port;
	const char *what;
} sensitive_ports[] = {
	{ 21, "ftp" },          { 22, "ssh" },           { 23, "telnet" },
	{ 111, "rpcbind" },     { 135, "msrpc" },        { 445, "smb" },
	{ 2375, "docker (plain)" }, { 2376, "docker (tls)" }, { 2379, "etcd" },
	{ 2380, "etcd peer" },  { 3389, "rdp" },         { 5900, "vnc" },
	{ 5985, "winrm" },      { 6443, "kubernetes api" }, { 10250, "kubelet" },
	{ 10255, "kubelet (read-only)" }, { 10256, "kube-proxy health" },
};

static bool root_user(const char *user)
{
	/* "root", "0", "root:group", "0:0" */
	size_t n = strcspn(user, ":");
	return (n == 4 && strncmp(user, "root", 4) == 0) || (n == 1 && user[0] == '0');
}

int vg_check_image_config(const struct vg_image_config *cfg, const char *image_name,
			  struct vg_report *report)
{
	char msg[512];
	int r;

	if (!report)
		return -EINVAL;
	if (!cfg)
		return 0;
	if (!cfg->user || !*cfg->user) {
		r = vg_check_emit_at(report, &image_checks[1], NULL, image_name, 0, 0, "config.User",
				     "the image sets no USER: its processes run as root", NULL, 0);
	} else if (root_user(cfg->user)) {
		snprintf(msg, sizeof(msg), "USER is \"%s\"", cfg->user);
		r = vg_check_emit_at(report, &image_checks[0], NULL, image_name, 0, 0, "config.User",
				     msg, NULL, 0);
	} else {
		r = 0;
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < cfg->nenv; i++) {
		const char *e = cfg->env[i];
		const char *eq = strchr(e, '=');
		if (!eq || !eq[1] || !vg_check_secret_name(e, (size_t)(eq - e)))
			continue;
		char path[64];
		snprintf(path, sizeof(path), "config.Env[%zu]", i);
		snprintf(msg, sizeof(msg), "environment variable %.*s has a value (%zu characters)",
			 (int)(eq - e), e, strlen(eq + 1));
		if ((r = vg_check_emit_at(report, &image_checks[2], NULL, image_name, 0, 0, path, msg,
					  NULL, 0)) < 0)
			return r;
	}
	for (size_t i = 0; i < cfg->nexposed_ports; i++) {
		const char *p = cfg->exposed_ports[i];
		unsigned port = 0;
		size_t k = 0;
		while (p[k] >= '0' && p[k] <= '9' && port < 100000)
			port = port * 10 + (unsigned)(p[k++] - '0');
		for (size_t s = 0; s < sizeof(sensitive_ports) / sizeof(sensitive_ports[0]); s++) {
			if (sensitive_ports[s].port != port)
				continue;
			char path[64];
			snprintf(path, sizeof(path), "config.ExposedPorts[%zu]", i);
			snprintf(msg, sizeof(msg), "port %s (%s) is exposed", p, sensitive_ports[s].what);
			if ((r = vg_check_emit_at(report, &image_checks[3], NULL, image_name, 0, 0, path,
						  msg, NULL, 0)) < 0)
				return r;
		}
	}
	return 0;
}
