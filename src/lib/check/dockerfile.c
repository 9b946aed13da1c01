/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dockerfile.c - Dockerfile checks (VG-DF-*), over the tree of vigil/dockerfile.h.
 *
 * RUN scripts are split into simple commands by a small shell tokenizer (quotes, escapes,
 * $(...), operators, redirections, comments); checks look at command names and words.
 * Words containing an unexpanded variable ($X) are never judged as unpinned packages.
 * Paths: "stage[S].KIND[K]" = the K-th (0-based) instruction of that kind in stage S;
 * "stage[S]" for findings about a whole stage; "ARG[K]" before the first FROM.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check/check.h"
#include "config/config_internal.h"
#include "check/secrets_internal.h"
#include "vigil/check.h"
#include "vigil/dockerfile.h"
#include "util/arena.h"
#include "util/banned.h"

enum {
	DF_ROOT_USER,
	DF_NO_USER,
	DF_LATEST,
	DF_UNTAGGED,
	DF_NO_DIGEST,
	DF_APT_RECOMMENDS,
	DF_APT_YES,
	DF_APT_PIN,
	DF_APK_PIN,
	DF_PIP_PIN,
	DF_NPM_PIN,
	DF_GEM_PIN,
	DF_APT_LISTS,
	DF_APK_CACHE,
	DF_ADD_LOCAL,
	DF_ADD_URL,
	DF_CURL_PIPE_SH,
	DF_SUDO,
	DF_SECRET_ENV,
	DF_SECRET_ARG,
	DF_WORLD_WRITABLE,
	DF_EXPOSE_SSH,
	DF_MULTI_CMD,
	DF_MULTI_ENTRYPOINT,
	DF_RELATIVE_WORKDIR,
	DF_RUN_CD,
	DF_PIPEFAIL,
	DF_COPY_FROM_UNKNOWN,
	DF_COPY_FROM_SELF,
	DF_NO_HEALTHCHECK,
	DF_YUM_CLEAN,
	DF_DNF_CLEAN,
	DF_TOOLCHAIN_FINAL,
	DF_RUN_CREDS,
	DF_WGET_CURL,
	DF_UPDATE_ALONE,
	DF_ZYPPER_YES,
	DF_ZYPPER_DUP,
	DF_ZYPPER_CLEAN,
	DF_ZYPPER_PIN,
	DF_ONBUILD_BAD,
	DF_COUNT
};

static const struct vg_check_info df_checks[] = {
	[DF_ROOT_USER] = {
		.id = "VG-DF-001",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "Final stage runs as root",
		.description = "The last USER of the final stage is root (name root or UID 0), so the container's "
			       "processes run as root unless the workload overrides it.",
		.remediation = "Create an unprivileged user and end the final stage with USER <uid>:<gid>.",
		.refs = { { "hadolint", "DL3002" }, { "trivy", "DS002" } },
	},
	[DF_NO_USER] = {
		.id = "VG-DF-002",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "Final stage sets no USER",
		.description = "Neither the final stage nor the stages it is based on set USER, so the image runs as "
			       "root unless the workload overrides it.",
		.remediation = "Add USER with an unprivileged UID to the final stage.",
		.refs = { { "trivy", "DS002" } },
	},
	[DF_LATEST] = {
		.id = "VG-DF-003",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Base image uses the latest tag",
		.description = "FROM names an image by its latest tag: builds are not reproducible and may silently "
			       "pick up a different image.",
		.remediation = "Pin a specific version tag (and ideally a digest).",
		.refs = { { "hadolint", "DL3007" }, { "trivy", "DS001" } },
	},
	[DF_UNTAGGED] = {
		.id = "VG-DF-004",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Base image is untagged",
		.description = "FROM names an image without a tag or digest, which means latest.",
		.remediation = "Pin a specific version tag (and ideally a digest).",
		.refs = { { "hadolint", "DL3006" }, { "trivy", "DS001" } },
	},
	[DF_NO_DIGEST] = {
		.id = "VG-DF-005",
		.family = "dockerfile",
		.severity = VG_SEV_INFO,
		.title = "Base image not pinned by digest",
		.description = "FROM names an image by tag only; a tag can be moved to different content.",
		.remediation = "Append @sha256:<digest> to the image reference.",
		.refs = {  },
	},
	[DF_APT_RECOMMENDS] = {
		.id = "VG-DF-006",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "apt-get install without --no-install-recommends",
		.description = "apt-get install pulls in recommended packages the image does not need, growing the "
			       "attack surface.",
		.remediation = "Add --no-install-recommends to apt-get install.",
		.refs = { { "hadolint", "DL3015" }, { "trivy", "DS029" } },
	},
	[DF_APT_YES] = {
		.id = "VG-DF-007",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "apt-get install without -y",
		.description = "apt-get install asks for confirmation and fails in a non-interactive build without -y.",
		.remediation = "Add -y (or --yes) to apt-get install.",
		.refs = { { "hadolint", "DL3014" }, { "trivy", "DS021" } },
	},
	[DF_APT_PIN] = {
		.id = "VG-DF-008",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "apt-get install of an unpinned package",
		.description = "A package installed with apt-get has no version (pkg=version), so builds are not "
			       "reproducible.",
		.remediation = "Pin versions: apt-get install <pkg>=<version>.",
		.refs = { { "hadolint", "DL3008" } },
	},
	[DF_APK_PIN] = {
		.id = "VG-DF-009",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "apk add of an unpinned package",
		.description = "A package installed with apk add has no version (pkg=version), so builds are not "
			       "reproducible.",
		.remediation = "Pin versions: apk add <pkg>=<version>.",
		.refs = { { "hadolint", "DL3018" } },
	},
	[DF_PIP_PIN] = {
		.id = "VG-DF-010",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "pip install of an unpinned package",
		.description = "A package installed with pip has no version specifier, so builds are not reproducible.",
		.remediation = "Pin versions (pkg==version) or install from a requirements file with pinned versions.",
		.refs = { { "hadolint", "DL3013" } },
	},
	[DF_NPM_PIN] = {
		.id = "VG-DF-011",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "npm install of an unpinned package",
		.description = "A package installed with npm install has no version (pkg@version), so builds are not "
			       "reproducible.",
		.remediation = "Pin versions: npm install <pkg>@<version>.",
		.refs = { { "hadolint", "DL3016" } },
	},
	[DF_GEM_PIN] = {
		.id = "VG-DF-012",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "gem install of an unpinned gem",
		.description = "A gem installed with gem install has no version (-v or gem:version), so builds are not "
			       "reproducible.",
		.remediation = "Pin versions: gem install <gem>:<version>.",
		.refs = { { "hadolint", "DL3028" } },
	},
	[DF_APT_LISTS] = {
		.id = "VG-DF-013",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "apt lists not removed",
		.description = "A RUN runs apt-get update but does not remove /var/lib/apt/lists in the same layer, so "
			       "the package lists stay in the image.",
		.remediation = "End the RUN with rm -rf /var/lib/apt/lists/* (or apt-get dist-clean, APT 2.7.8 "
			       "and later).",
		.refs = { { "hadolint", "DL3009" } },
	},
	[DF_APK_CACHE] = {
		.id = "VG-DF-014",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "apk add without --no-cache",
		.description = "apk add keeps the package index cache in the image layer.",
		.remediation = "Use apk add --no-cache.",
		.refs = { { "hadolint", "DL3019" }, { "trivy", "DS025" } },
	},
	[DF_ADD_LOCAL] = {
		.id = "VG-DF-015",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "ADD used where COPY would do",
		.description = "ADD copies local files but also extracts archives and fetches URLs; COPY is explicit "
			       "and predictable for plain files.",
		.remediation = "Use COPY for local files and directories.",
		.refs = { { "hadolint", "DL3020" }, { "trivy", "DS005" } },
	},
	[DF_ADD_URL] = {
		.id = "VG-DF-016",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "ADD of a remote URL",
		.description = "ADD downloads a remote URL at build time without verifying it (no --checksum).",
		.remediation = "Download with curl/wget and verify a checksum, or use ADD --checksum=sha256:....",
		.refs = {  },
	},
	[DF_CURL_PIPE_SH] = {
		.id = "VG-DF-017",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "Remote script piped into a shell",
		.description = "A RUN downloads a script with curl or wget and runs it in a shell without verifying "
			       "it.",
		.remediation = "Download the script, verify its checksum or signature, then run it.",
		.refs = {  },
	},
	[DF_SUDO] = {
		.id = "VG-DF-018",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "RUN uses sudo",
		.description = "sudo in a Dockerfile is unnecessary (RUN already runs as the current USER) and has "
			       "unpredictable TTY and signal behaviour.",
		.remediation = "Remove sudo; switch USER around the commands that need root.",
		.refs = { { "hadolint", "DL3004" }, { "trivy", "DS010" } },
	},
	[DF_SECRET_ENV] = {
		.id = "VG-DF-019",
		.family = "dockerfile",
		.severity = VG_SEV_CRITICAL,
		.title = "Credential in ENV or ARG",
		.description = "An ENV or ARG whose name says password, secret, token or key has a value; it is stored "
			       "in the image and its history.",
		.remediation = "Remove the value; use build secrets (RUN --mount=type=secret) and inject run-time "
			       "secrets from a secret store.",
		.refs = { { "hadolint", "DL3064" }, { "trivy", "DS031" } },
	},
	[DF_SECRET_ARG] = {
		.id = "VG-DF-020",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Credential passed as a build argument",
		.description = "An ARG whose name says password, secret, token or key expects its value from --build- "
			       "arg, which is recorded in the image history.",
		.remediation = "Use RUN --mount=type=secret instead of a build argument.",
		.refs = { { "hadolint", "DL3064" }, { "trivy", "DS031" } },
	},
	[DF_WORLD_WRITABLE] = {
		.id = "VG-DF-021",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "chmod makes files world-writable",
		.description = "chmod grants write permission to others (777, 666, o+w, a+w), so any user in the "
			       "container can modify the files.",
		.remediation = "Grant the least permissions needed (for example 755 or 644) and set the owner with "
			       "chown.",
		.refs = {  },
	},
	[DF_EXPOSE_SSH] = {
		.id = "VG-DF-022",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Port 22 exposed",
		.description = "The image exposes port 22 (ssh); remote shells rarely belong in a container.",
		.remediation = "Remove EXPOSE 22 and the ssh server; use kubectl exec or docker exec.",
		.refs = { { "trivy", "DS004" } },
	},
	[DF_MULTI_CMD] = {
		.id = "VG-DF-023",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Multiple CMD instructions in a stage",
		.description = "Only the last CMD of a stage takes effect; the others are dead code and misleading.",
		.remediation = "Keep one CMD per stage.",
		.refs = { { "hadolint", "DL4003" }, { "trivy", "DS016" } },
	},
	[DF_MULTI_ENTRYPOINT] = {
		.id = "VG-DF-024",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Multiple ENTRYPOINT instructions in a stage",
		.description = "Only the last ENTRYPOINT of a stage takes effect; the others are dead code and "
			       "misleading.",
		.remediation = "Keep one ENTRYPOINT per stage.",
		.refs = { { "hadolint", "DL4004" }, { "trivy", "DS007" } },
	},
	[DF_RELATIVE_WORKDIR] = {
		.id = "VG-DF-025",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "WORKDIR is relative",
		.description = "A relative WORKDIR depends on the previous working directory, which is easy to get "
			       "wrong.",
		.remediation = "Use an absolute path in WORKDIR.",
		.refs = { { "hadolint", "DL3000" }, { "trivy", "DS009" } },
	},
	[DF_RUN_CD] = {
		.id = "VG-DF-026",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "RUN uses cd",
		.description = "cd in a RUN only lasts for that RUN; WORKDIR states the working directory explicitly. "
			       "A cd inside a subshell, ( cd dir && make ), is not reported: it cannot outlive the "
			       "subshell.",
		.remediation = "Use WORKDIR instead of cd.",
		.refs = { { "hadolint", "DL3003" }, { "trivy", "DS013" } },
	},
	[DF_PIPEFAIL] = {
		.id = "VG-DF-027",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "Pipe without set -o pipefail",
		.description = "A RUN pipes commands without pipefail, so a failing command before the last pipe does "
			       "not fail the build.",
		.remediation = "Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] or start the RUN with set -o pipefail "
			       "&&.",
		.refs = { { "hadolint", "DL4006" } },
	},
	[DF_COPY_FROM_UNKNOWN] = {
		.id = "VG-DF-028",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "COPY --from names no earlier stage",
		.description = "COPY --from names a stage that is not defined before it (or an index out of range); "
			       "BuildKit would try to pull an image of that name.",
		.remediation = "Name an earlier stage (FROM ... AS name) or a fully qualified image with a tag.",
		.refs = { { "hadolint", "DL3022" } },
	},
	[DF_COPY_FROM_SELF] = {
		.id = "VG-DF-029",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "COPY --from names its own stage",
		.description = "COPY --from refers to the stage it is in, which cannot work.",
		.remediation = "Copy from an earlier stage.",
		.refs = { { "hadolint", "DL3023" }, { "trivy", "DS006" } },
	},
	[DF_NO_HEALTHCHECK] = {
		.id = "VG-DF-030",
		.family = "dockerfile",
		.severity = VG_SEV_INFO,
		.title = "No HEALTHCHECK in the final stage",
		.description = "The image defines no HEALTHCHECK, so the container runtime cannot tell a hung process "
			       "from a healthy one.",
		.remediation = "Add a HEALTHCHECK (or rely on Kubernetes probes and accept this finding).",
		.refs = { { "hadolint", "DL3057" }, { "trivy", "DS026" } },
	},
	[DF_YUM_CLEAN] = {
		.id = "VG-DF-031",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "yum install without yum clean all",
		.description = "yum install leaves its package cache in the layer.",
		.remediation = "End the RUN with yum clean all.",
		.refs = { { "hadolint", "DL3032" }, { "trivy", "DS015" } },
	},
	[DF_DNF_CLEAN] = {
		.id = "VG-DF-032",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "dnf install without dnf clean all",
		.description = "dnf or microdnf install leaves its package cache in the layer.",
		.remediation = "End the RUN with dnf clean all (microdnf clean all).",
		.refs = { { "hadolint", "DL3040" }, { "trivy", "DS019" } },
	},
	[DF_TOOLCHAIN_FINAL] = {
		.id = "VG-DF-033",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Final stage based on a toolchain image",
		.description = "The build is multi-stage and an earlier stage builds, yet the final stage is based on "
			       "a full toolchain image (golang, node, maven ...) that ships compilers and package "
			       "managers.",
		.remediation = "Base the final stage on a minimal runtime image (distroless, alpine, scratch) and copy "
			       "only the build output.",
		.refs = {  },
	},
	[DF_RUN_CREDS] = {
		.id = "VG-DF-034",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "Credential passed on a RUN command line",
		.description = "A RUN passes a literal credential on a command line: curl -u user:password, "
			       "mysql -pPASSWORD, --password=..., docker login -p, sshpass -p, redis-cli -a, "
			       "htpasswd -b, or exports/echoes a secret-named variable with a literal value. The "
			       "command line is stored in the image history (docker history) and in the "
			       "Dockerfile. A credential that a VG-SEC rule recognises is reported as that "
			       "VG-SEC finding instead; credentials in URLs are VG-SEC-017/018.",
		.remediation = "Use a build secret: RUN --mount=type=secret,id=NAME and read /run/secrets/NAME "
			       "(or --password-stdin, a netrc file from a secret mount).",
		.refs = { { "gitleaks", "generic-api-key" } },
	},
	[DF_WGET_CURL] = {
		.id = "VG-DF-035",
		.family = "dockerfile",
		.severity = VG_SEV_INFO,
		.title = "Both wget and curl are used",
		.description = "The Dockerfile downloads with wget in one place and curl in another: two tools "
			       "doing the same job, both installed in the image.",
		.remediation = "Use one of them (or ADD --checksum) throughout.",
		.refs = { { "hadolint", "DL4001" } },
	},
	[DF_UPDATE_ALONE] = {
		.id = "VG-DF-036",
		.family = "dockerfile",
		.severity = VG_SEV_MEDIUM,
		.title = "Package index update alone in a RUN",
		.description = "A RUN updates the package index (apt-get update, apt update, apk update) without "
			       "installing in the same RUN: the index is cached in its own layer, so a later "
			       "RUN ... install uses a stale index when the build cache is reused.",
		.remediation = "Combine them: RUN apt-get update && apt-get install -y ... in one RUN.",
		.refs = { { "trivy", "DS017" } },
	},
	[DF_ZYPPER_YES] = {
		.id = "VG-DF-037",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "zypper without non-interactive switch",
		.description = "zypper install/remove/update/patch runs without -n (--non-interactive) or -y "
			       "(--no-confirm): the build waits for an answer and fails.",
		.remediation = "Use zypper -n install ... or zypper install -y ....",
		.refs = { { "hadolint", "DL3034" } },
	},
	[DF_ZYPPER_DUP] = {
		.id = "VG-DF-038",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "zypper dist-upgrade in a Dockerfile",
		.description = "zypper dist-upgrade (dup) upgrades the whole distribution inside the build: the "
			       "result depends on the build date and can change the base image's release.",
		.remediation = "Use a newer base image, or zypper patch / update for specific packages.",
		.refs = { { "hadolint", "DL3035" } },
	},
	[DF_ZYPPER_CLEAN] = {
		.id = "VG-DF-039",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "zypper clean missing after zypper install",
		.description = "A RUN installs with zypper and does not clean the zypper cache in the same RUN: "
			       "the downloaded packages and metadata stay in the layer.",
		.remediation = "End the RUN with zypper clean (zypper cc).",
		.refs = { { "hadolint", "DL3036" } },
	},
	[DF_ZYPPER_PIN] = {
		.id = "VG-DF-040",
		.family = "dockerfile",
		.severity = VG_SEV_LOW,
		.title = "zypper package without a version",
		.description = "A package installed with zypper install has no version (name=version, name>=v), "
			       "so builds are not reproducible.",
		.remediation = "Pin versions: zypper install -y pkg=1.2.3.",
		.refs = { { "hadolint", "DL3037" } },
	},
	[DF_ONBUILD_BAD] = {
		.id = "VG-DF-041",
		.family = "dockerfile",
		.severity = VG_SEV_HIGH,
		.title = "ONBUILD triggers FROM, MAINTAINER or ONBUILD",
		.description = "ONBUILD FROM, ONBUILD MAINTAINER and ONBUILD ONBUILD are not allowed: the "
			       "builder rejects the Dockerfile.",
		.remediation = "Remove the ONBUILD prefix or the instruction.",
		.refs = { { "hadolint", "DL3043" } },
	},
};

const struct vg_check_family vg_check_family_dockerfile = {
	"dockerfile", df_checks, sizeof(df_checks) / sizeof(df_checks[0]),
};

/* ---- shell commands ----------------------------------------------------------------- */

struct cmd {
	size_t nwords;
	const char *const *words; /* quotes removed; [0] is the command name (wrappers skipped) */
	bool sudo;          /* run through sudo */
	bool piped_out;     /* followed by '|' */
	bool piped_in;      /* preceded by '|' */
	bool subshell;      /* starts inside ( ... ), $( ... ) or `...` */
};

struct script {
	struct vg_arena *a;
	size_t ncmds, cap;
	struct cmd *cmds;
	bool has_pipe;
};

static int add_cmd(struct script *sc, const char **w, size_t n, bool piped_in, bool piped_out,
		   bool subshell)
{
	static const char *const skip[] = { "then", "do", "else", "if", "elif", "while", "until",
					     "!", "{", "time", "exec", "command", "nohup", NULL };
	struct cmd c = { 0 };
	size_t i = 0;
	for (;;) {
		bool again = false;
		while (i < n && strchr(w[i], '=') && w[i][0] != '=' && w[i][0] != '-' &&
		       (isalpha((unsigned char)w[i][0]) || w[i][0] == '_'))
			i++; /* assignments */
		for (const char *const *s = skip; i < n && *s; s++)
			if (strcmp(w[i], *s) == 0) {
				i++;
				again = true;
				break;
			}
		if (i < n && strcmp(w[i], "sudo") == 0) {
			c.sudo = true;
			i++;
			while (i < n && w[i][0] == '-')
				i++;
			again = true;
		}
		if (i < n && strcmp(w[i], "env") == 0) {
			i++;
			again = true;
		}
		if (!again)
			break;
	}
	if (i >= n && !c.sudo)
		return 0;
	if (sc->ncmds == sc->cap) {
		size_t nc = sc->cap ? sc->cap * 2 : 16;
		struct cmd *p = vg_arena_calloc(sc->a, nc, sizeof(*p));
		if (!p)
			return -ENOMEM;
		if (sc->ncmds)
			memcpy(p, sc->cmds, sc->ncmds * sizeof(*p));
		sc->cmds = p;
		sc->cap = nc;
	}
	c.nwords = n - i;
	c.words = w + i;
	c.piped_in = piped_in;
	c.piped_out = piped_out;
	c.subshell = subshell;
	/* the command name without its directory */
	if (c.nwords) {
		const char *sl = strrchr(c.words[0], '/');
		if (sl && sl[1]) {
			const char **cw = vg_arena_calloc(sc->a, c.nwords, sizeof(*cw));
			if (!cw)
				return -ENOMEM;
			memcpy(cw, c.words, c.nwords * sizeof(*cw));
			cw[0] = sl + 1;
			c.words = cw;
		}
	} else {
		static const char *const sudo_only[] = { "sudo" };
		c.words = sudo_only;
		c.nwords = 1;
	}
	sc->cmds[sc->ncmds++] = c;
	return 0;
}

/* Tokenize @s into commands. */
static int tokenize(struct script *sc, const char *s)
{
	size_t n = strlen(s), cap = 64, nw = 0;
	const char **w = vg_arena_calloc(sc->a, cap, sizeof(*w));
	char *buf = vg_arena_alloc(sc->a, n + 1); /* word bytes */
	size_t k = 0;
	bool piped_in = false, skip_next = false;
	/* ( ... ) nesting and `...`: commands there run in a subshell ($( ... ) is one word) */
	size_t depth = 0;
	bool backquoted = false;
	int r = 0;
	if (!w || !buf)
		return -ENOMEM;
	for (size_t i = 0; i <= n && r >= 0;) {
		char c = i < n ? s[i] : '\0';
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < n && s[i + 1] == '\n') {
			i += 2;
			continue;
		}
		if (c == '#') {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		bool op = c == '\0' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' ||
			  c == ')' || c == '`';
		if (op) {
			bool pipe = c == '|' && !(i + 1 < n && (s[i + 1] == '|'));
			if (c == '|' && i + 1 < n && s[i + 1] == '|')
				i++;
			else if (c == '&' && i + 1 < n && s[i + 1] == '&')
				i++;
			else if (c == ';' && i + 1 < n && s[i + 1] == ';')
				i++;
			if (pipe)
				sc->has_pipe = true;
			r = add_cmd(sc, w, nw, piped_in, pipe, depth > 0 || backquoted);
			piped_in = pipe;
			if (c == '(')
				depth++;
			else if (c == ')' && depth > 0) /* a case pattern's ')' has no '(' */
				depth--;
			else if (c == '`')
				backquoted = !backquoted;
			/* a fresh word array for the next command (the old one is kept) */
			if (nw) {
				w = vg_arena_calloc(sc->a, cap, sizeof(*w));
				if (!w)
					return -ENOMEM;
			}
			nw = 0;
			skip_next = false;
			i++;
			if (c == '\0')
				break;
			continue;
		}
		if ((c == '<' || c == '>') && i + 1 < n && s[i + 1] == '(') {
			/* process substitution: one word up to the matching ')' */
			size_t b = i;
			int lvl = 0;
			for (; i < n; i++) {
				if (s[i] == '(')
					lvl++;
				else if (s[i] == ')' && --lvl == 0) {
					i++;
					break;
				}
			}
			char *wd = buf + k;
			memcpy(wd, s + b, i - b);
			k += i - b;
			buf[k++] = '\0';
			if (nw == cap) {
				const char **nwp = vg_arena_calloc(sc->a, cap * 2, sizeof(*w));
				if (!nwp)
					return -ENOMEM;
				memcpy(nwp, w, nw * sizeof(*w));
				w = nwp;
				cap *= 2;
			}
			w[nw++] = wd;
			continue;
		}
		if (c == '<' || c == '>') {
			while (i < n && (s[i] == '<' || s[i] == '>' || s[i] == '&' || s[i] == '-'))
				i++;
			/* "2>&1": the target is glued */
			if (i < n && isdigit((unsigned char)s[i]) && i > 0 && s[i - 1] == '&') {
				while (i < n && isdigit((unsigned char)s[i]))
					i++;
				continue;
			}
			skip_next = true;
			continue;
		}
		/* a word */
		char *wd = buf + k;
		char q = 0;
		while (i < n) {
			c = s[i];
			if (q == '\'') {
				if (c == '\'')
					q = 0;
				else
					buf[k++] = c;
				i++;
				continue;
			}
			if (q == '"') {
				if (c == '"')
					q = 0;
				else if (c == '\\' && i + 1 < n) {
					buf[k++] = s[++i];
				} else
					buf[k++] = c;
				i++;
				continue;
			}
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' ||
			    c == '|' || c == '<' || c == '>' || c == ')' || c == '`')
				break;
			if (c == '(' && !(k > 0 && buf[k - 1] == '$'))
				break;
			if (c == '\'' || c == '"') {
				q = c;
				i++;
				continue;
			}
			if (c == '\\' && i + 1 < n) {
				if (s[i + 1] != '\n')
					buf[k++] = s[i + 1];
				i += 2;
				continue;
			}
			if (c == '(' ) {
				/* $( ... ): copy to the matching ')' */
				int lvl = 0;
				for (; i < n; i++) {
					buf[k++] = s[i];
					if (s[i] == '(')
						lvl++;
					else if (s[i] == ')' && --lvl == 0) {
						i++;
						break;
					}
				}
				continue;
			}
			buf[k++] = c;
			i++;
		}
		buf[k++] = '\0';
		/* a digit-only word right before a redirection is its fd: kept, harmless */
		if (skip_next) {
			skip_next = false;
			continue;
		}
		if (nw == cap) {
			const char **nwp = vg_arena_calloc(sc->a, cap * 2, sizeof(*w));
			if (!nwp)
				return -ENOMEM;
			memcpy(nwp, w, nw * sizeof(*w));
			w = nwp;
			cap *= 2;
		}
		w[nw++] = wd;
	}
	return r;
}

/* ---- helpers ------------------------------------------------------------------------ */

struct ctx {
	const struct vg_dockerfile *df;
	const char *file;
	const char *buf;          /* the source, for exact lines of RUN credentials */
	size_t len;
	const struct vg_secrets *secrets;
	uint32_t *sec_lines;      /* lines with a VG-SEC finding, ascending */
	size_t nsec_lines;
	const struct vg_df_instr *wget, *curl; /* first RUN using each (VG-DF-035) */
	bool wget_curl_done;
	struct vg_report *report;
	struct vg_arena a; /* scratch, freed at the end */
};

static int emit(struct ctx *c, int check, const struct vg_df_instr *in, const char *path,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int emit(struct ctx *c, int check, const struct vg_df_instr *in, const char *path,
		const char *fmt, ...)
{
	const struct vg_check_info *ci = &df_checks[check];
	char msg[512];
	size_t nrefs = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	while (nrefs < VG_MAX_REFS && ci->refs[nrefs].key)
		nrefs++;
	return vg_check_emit_at(c->report, ci, NULL, c->file, in ? in->line : 0,
				in ? in->column : 0, path, msg, ci->refs, nrefs);
}

static const char *ipath(struct ctx *c, const struct vg_df_instr *in)
{
	const char *p;
	if (in->onbuild)
		p = vg_arena_printf(&c->a, "stage[%d].ONBUILD[%u]", in->stage, in->kind_index);
	else if (in->stage < 0)
		p = vg_arena_printf(&c->a, "%s[%u]", vg_df_kind_name(in->kind), in->kind_index);
	else
		p = vg_arena_printf(&c->a, "stage[%d].%s[%u]", in->stage, vg_df_kind_name(in->kind),
				    in->kind_index);
	return p ? p : "";
}

static const char *spath(struct ctx *c, size_t stage)
{
	const char *p = vg_arena_printf(&c->a, "stage[%zu]", stage);
	return p ? p : "";
}

static bool has_word(const struct cmd *cm, const char *w)
{
	for (size_t i = 1; i < cm->nwords; i++)
		if (strcmp(cm->words[i], w) == 0)
			return true;
	return false;
}

/* The first word after the name that is not an option. */
static const char *subcommand(const struct cmd *cm)
{
	for (size_t i = 1; i < cm->nwords; i++)
		if (cm->words[i][0] != '-')
			return cm->words[i];
	return "";
}

static bool is_cmd(const struct cmd *cm, const char *name)
{
	return cm->nwords && strcmp(cm->words[0], name) == 0;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static bool is_shell(const char *w)
{
	static const char *const shells[] = { "sh", "bash", "zsh", "ash", "dash", "ksh", NULL };
	for (const char *const *s = shells; *s; s++)
		if (strcmp(w, *s) == 0)
			return true;
	return false;
}

/* RUN --mount=type=cache with a target under @dir. */
static bool cache_mount(const struct vg_df_instr *in, const char *dir)
{
	for (size_t i = 0; i < in->nflags; i++)
		if (strcasecmp(in->flags[i].name, "mount") == 0 && in->flags[i].value &&
		    strstr(in->flags[i].value, "type=cache") && strstr(in->flags[i].value, dir))
			return true;
	return false;
}

/* The shell text of a RUN: the command line, plus heredoc bodies fed to a shell. */
static const char *run_text(struct ctx *c, const struct vg_df_instr *in)
{
	if (in->json) {
		if (in->nwords >= 3 && is_shell(strrchr(in->words[0], '/') ? strrchr(in->words[0], '/') + 1 : in->words[0]) &&
		    strcmp(in->words[1], "-c") == 0)
			return in->words[2];
		return ""; /* exec form without a shell: no shell syntax */
	}
	if (!in->nheredocs)
		return in->args;
	const char *first = in->nwords ? in->words[0] : "";
	const char *base = strrchr(first, '/') ? strrchr(first, '/') + 1 : first;
	if (strncmp(first, "<<", 2) != 0 && !is_shell(base))
		return in->args;
	const char *t = in->args;
	for (size_t i = 0; i < in->nheredocs && t; i++)
		t = vg_arena_printf(&c->a, "%s\n%s", t, in->heredocs[i].body);
	return t ? t : in->args;
}

/* ---- per-RUN checks ----------------------------------------------------------------- */

static bool apt_yes(const struct cmd *cm)
{
	for (size_t i = 1; i < cm->nwords; i++) {
		const char *w = cm->words[i];
		if (!strcmp(w, "--yes") || !strcmp(w, "--assume-yes") || !strcmp(w, "-qq") ||
		    !strcmp(w, "-q=2") || !strcmp(w, "--quiet=2") || strstr(w, "Assume-Yes=true") ||
		    strstr(w, "Assume-Yes=1") || !strcmp(w, "--force-yes"))
			return true;
		if (w[0] == '-' && w[1] != '-' && strchr(w, 'y'))
			return true;
	}
	return false;
}

/* Packages of "<tool> <sub> args": words that are not options nor option values. */
typedef bool (*pinned_fn)(const char *w);

static int check_pkgs(struct ctx *c, const struct vg_df_instr *in, const struct cmd *cm,
		      const char *sub, const char *const *valued, pinned_fn pinned, int check,
		      const char *tool)
{
	bool after = false;
	int r;
	for (size_t i = 1; i < cm->nwords; i++) {
		const char *w = cm->words[i];
		if (!after) {
			if (strcmp(w, sub) == 0)
				after = true;
			continue;
		}
		if (w[0] == '-') {
			for (const char *const *v = valued; *v; v++)
				if (strcmp(w, *v) == 0) {
					i++;
					break;
				}
			continue;
		}
		if (strchr(w, '$') || !*w || pinned(w))
			continue;
		if ((r = emit(c, check, in, ipath(c, in), "%s package '%s' has no version", tool,
			      w)) < 0)
			return r;
	}
	return 0;
}

static bool apt_pinned(const char *w)
{
	return strchr(w, '=') || strchr(w, '/') || ends_with(w, ".deb");
}

static bool apk_pinned(const char *w)
{
	return strpbrk(w, "=~<>") || ends_with(w, ".apk") || w[0] == '.';
}

static bool pip_pinned(const char *w)
{
	return strpbrk(w, "=<>~!@") || w[0] == '.' || w[0] == '/' || strstr(w, "://") ||
	       ends_with(w, ".whl") || ends_with(w, ".tar.gz") || ends_with(w, ".zip");
}

static bool npm_pinned(const char *w)
{
	const char *at = strchr(w + 1, '@');
	if (w[0] == '.' || w[0] == '/' || w[0] == '~' || strchr(w, ':') || ends_with(w, ".tgz") ||
	    ends_with(w, ".tar.gz"))
		return true;
	return at && at[1] && strcmp(at + 1, "latest") != 0;
}

static bool gem_pinned(const char *w)
{
	return strchr(w, ':') || ends_with(w, ".gem");
}

static const char *const apt_valued[] = { "-o", "-t", "--target-release", "-c", NULL };
static const char *const apk_valued[] = { "-t", "--virtual", "-X", "--repository", "-p", "--root",
					  "--arch", "--keys-dir", "--cache-dir",
					  "--repositories-file", NULL };
static const char *const pip_valued[] = { "-r", "--requirement", "-c", "--constraint", "-e",
					  "--editable", "-i", "--index-url", "--extra-index-url",
					  "-f", "--find-links", "-t", "--target", "--prefix",
					  "--root", "--src", "--trusted-host", "--platform",
					  "--python-version", "--implementation", "--abi",
					  "--progress-bar", "--cache-dir", "--log", "--proxy",
					  "--retries", "--timeout", "--exists-action",
					  "--global-option", "--install-option", "--only-binary",
					  "--no-binary", "--upgrade-strategy", "--config-settings",
					  "-C", NULL };
static const char *const npm_valued[] = { "--prefix", "--registry", "--cache", "--loglevel",
					  "--omit", "--include", NULL };
static const char *const gem_valued[] = { "-i", "--install-dir", "-n", "--bindir", "--source",
					  "-s", "--platform", NULL };

static bool gem_versioned(const struct cmd *cm)
{
	return has_word(cm, "-v") || has_word(cm, "--version");
}

static bool mode_world_writable(const char *m)
{
	size_t n = strlen(m);
	if (n >= 3 && n <= 4 && strspn(m, "01234567") == n) {
		if (n == 4 && ((m[0] - '0') & 1))
			return false; /* sticky bit: the /tmp pattern */
		return ((m[n - 1] - '0') & 2) != 0;
	}
	/* symbolic: clauses [ugoa]*[+=]perms */
	const char *p = m;
	while (*p) {
		const char *who = p;
		while (*p && strchr("ugoa", *p))
			p++;
		size_t nwho = (size_t)(p - who);
		bool others = nwho && (memchr(who, 'o', nwho) || memchr(who, 'a', nwho));
		while (*p && *p != ',') {
			char op = *p++;
			const char *perm = p;
			while (*p && !strchr("+-=,", *p))
				p++;
			if ((op == '+' || op == '=') && others && memchr(perm, 'w', (size_t)(p - perm)))
				return true;
			if (!strchr("+-=", op))
				break;
		}
		if (*p == ',')
			p++;
		else if (*p)
			p++;
	}
	return false;
}

static bool set_pipefail(const struct cmd *cm)
{
	if (!is_cmd(cm, "set"))
		return false;
	for (size_t i = 1; i + 1 < cm->nwords; i++)
		if (strcmp(cm->words[i + 1], "pipefail") == 0 && cm->words[i][0] == '-' &&
		    cm->words[i][strlen(cm->words[i]) - 1] == 'o')
			return true;
	return false;
}

struct stage_state {
	const struct vg_df_instr *shell; /* effective SHELL, or NULL */
};

static bool shell_ok_for_pipes(const struct vg_df_instr *sh)
{
	if (!sh)
		return false;
	const char *prog = sh->nwords ? sh->words[0] : "";
	const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	if (strncasecmp(base, "pwsh", 4) == 0 || strncasecmp(base, "powershell", 10) == 0 ||
	    strncasecmp(base, "cmd", 3) == 0)
		return true; /* not a POSIX shell */
	for (size_t i = 0; i + 1 < sh->nwords; i++)
		if (strcmp(sh->words[i + 1], "pipefail") == 0)
			return true;
	return false;
}

/* ---- credentials on a command line (VG-DF-034) ----------------------------------------- */


/* A literal value: not empty, no variable or command substitution. */
static bool literal(const char *v)
{
	return v && *v && !strchr(v, '$') && !strchr(v, '`') && v[0] != '<';
}

static bool sec_line(const struct ctx *c, uint32_t line)
{
	for (size_t i = 0; i < c->nsec_lines; i++)
		if (c->sec_lines[i] == line)
			return true;
	return false;
}

/* The first physical line of @in holding @needle, and its column; else the keyword's. */
static void locate(const struct ctx *c, const struct vg_df_instr *in, const char *needle,
		   uint32_t *ret_line, uint32_t *ret_col)
{
	size_t nl = strlen(needle), off = 0;
	uint32_t line = 1;
	*ret_line = in->line;
	*ret_col = in->column;
	if (!c->buf || !nl)
		return;
	while (off < c->len && line < in->line) {
		const char *e = memchr(c->buf + off, '\n', c->len - off);
		if (!e)
			return;
		off = (size_t)(e - c->buf) + 1;
		line++;
	}
	for (; off < c->len && line <= in->end_line; line++) {
		const char *e = memchr(c->buf + off, '\n', c->len - off);
		size_t ll = e ? (size_t)(e - c->buf) - off : c->len - off;
		const char *hit = memmem(c->buf + off, ll, needle, nl);
		if (hit) {
			*ret_line = line;
			*ret_col = (uint32_t)(hit - (c->buf + off)) + 1;
			return;
		}
		if (!e)
			return;
		off = (size_t)(e - c->buf) + 1;
	}
}

static int emit_cred(struct ctx *c, const struct vg_df_instr *in, const char *needle,
		     const char *what)
{
	uint32_t line, col;
	locate(c, in, needle, &line, &col);
	if (sec_line(c, line))
		return 0; /* a VG-SEC rule reported the credential itself */
	const struct vg_check_info *ci = &df_checks[DF_RUN_CREDS];
	char msg[256];
	size_t nrefs = 0;
	while (nrefs < VG_MAX_REFS && ci->refs[nrefs].key)
		nrefs++;
	snprintf(msg, sizeof(msg), "RUN passes %s on the command line", what);
	return vg_check_emit_at(c->report, ci, NULL, c->file, line, col, ipath(c, in), msg, ci->refs,
				nrefs);
}

static bool password_option(const char *w, size_t n)
{
	static const char *const opts[] = { "--password", "--passwd", "--pass", "--token",
					    "--api-key", "--apikey", "--secret", "--client-secret",
					    "--auth-token", "--access-token", "--http-password",
					    "--ftp-password", "--proxy-password", "--secret-key",
					    "--access-key-secret", NULL };
	for (const char *const *o = opts; *o; o++)
		if (strlen(*o) == n && strncmp(w, *o, n) == 0)
			return true;
	return false;
}

static bool cmd_in(const struct cmd *cm, const char *const *names)
{
	for (const char *const *n = names; *n; n++)
		if (is_cmd(cm, *n))
			return true;
	return false;
}

/* One finding per command at most. */
static int check_creds(struct ctx *c, const struct vg_df_instr *in, const struct cmd *cm)
{
	static const char *const mysql[] = { "mysql", "mysqldump", "mysqladmin", "mariadb",
					     "mariadb-dump", "mysqlimport", "mysqlshow", NULL };
	static const char *const login[] = { "docker", "podman", "buildah", "skopeo", "helm",
					     "nerdctl", "oras", NULL };
	static const char *const assign[] = { "export", "declare", "typeset", "readonly", "echo",
					      "printf", "local", NULL };
	char what[160];
	for (size_t i = 1; i < cm->nwords; i++) {
		const char *w = cm->words[i];
		const char *next = i + 1 < cm->nwords ? cm->words[i + 1] : NULL;
		const char *eq = strchr(w, '=');
		/* --password=VALUE, --password VALUE */
		if (w[0] == '-' && w[1] == '-') {
			size_t n = eq ? (size_t)(eq - w) : strlen(w);
			if (password_option(w, n) && (eq ? literal(eq + 1)
							 : next && next[0] != '-' && literal(next))) {
				snprintf(what, sizeof(what), "a literal %.*s to %s", (int)n, w,
					 cm->words[0]);
				return emit_cred(c, in, w, what);
			}
		}
		if (is_cmd(cm, "curl") || is_cmd(cm, "wget")) {
			const char *v = NULL;
			if (!strcmp(w, "-u") || !strcmp(w, "--user") || !strcmp(w, "-U") ||
			    !strcmp(w, "--proxy-user"))
				v = next;
			else if (!strncmp(w, "--user=", 7) || !strncmp(w, "--proxy-user=", 13))
				v = eq + 1;
			else if (!strncmp(w, "-u", 2) && w[2] && is_cmd(cm, "curl"))
				v = w + 2;
			const char *colon = v ? strchr(v, ':') : NULL;
			if (colon && literal(colon + 1)) {
				snprintf(what, sizeof(what), "a user:password to %s %s", cm->words[0],
					 v == next ? w : "-u");
				return emit_cred(c, in, w, what);
			}
		}
		if (cmd_in(cm, mysql) && w[0] == '-' && w[1] == 'p' && w[2] && literal(w + 2)) {
			snprintf(what, sizeof(what), "a literal password to %s -p", cm->words[0]);
			return emit_cred(c, in, "-p", what);
		}
		if (cmd_in(cm, login) && !strcmp(subcommand(cm), "login") && !strcmp(w, "-p") &&
		    literal(next)) {
			snprintf(what, sizeof(what), "a literal password to %s login -p", cm->words[0]);
			return emit_cred(c, in, " -p", what);
		}
		if (is_cmd(cm, "sshpass") && !strncmp(w, "-p", 2) &&
		    literal(w[2] ? w + 2 : next)) {
			snprintf(what, sizeof(what), "a literal password to sshpass -p");
			return emit_cred(c, in, "-p", what);
		}
		if (is_cmd(cm, "redis-cli") && !strcmp(w, "-a") && literal(next)) {
			snprintf(what, sizeof(what), "a literal password to redis-cli -a");
			return emit_cred(c, in, "-a", what);
		}
		if (cmd_in(cm, assign) && eq && eq != w) {
			char key[128];
			size_t n = (size_t)(eq - w);
			if (n < sizeof(key)) {
				memcpy(key, w, n);
				key[n] = '\0';
				if (vg_check_secret_name(key, strlen(key)) && literal(eq + 1)) {
					snprintf(what, sizeof(what), "a literal value of %s to %s", key,
						 cm->words[0]);
					return emit_cred(c, in, key, what);
				}
			}
		}
	}
	if (is_cmd(cm, "htpasswd") && cm->nwords >= 4) {
		for (size_t i = 1; i < cm->nwords; i++)
			if (cm->words[i][0] == '-' && cm->words[i][1] != '-' && strchr(cm->words[i], 'b') &&
			    literal(cm->words[cm->nwords - 1]))
				return emit_cred(c, in, "htpasswd", "a literal password to htpasswd -b");
	}
	if (is_cmd(cm, "npm") && !strcmp(subcommand(cm), "config") && cm->nwords >= 4) {
		for (size_t i = 2; i < cm->nwords; i++) {
			const char *w = cm->words[i];
			if (!(strstr(w, "_authToken") || strstr(w, "_auth") || strstr(w, "_password")))
				continue;
			const char *eq = strchr(w, '=');
			if ((eq && literal(eq + 1)) || (!eq && i + 1 < cm->nwords && literal(cm->words[i + 1])))
				return emit_cred(c, in, "_auth", "an npm registry token to npm config");
		}
	}
	return 0;
}

static bool zypper_pinned(const char *w)
{
	return strpbrk(w, "=<>") || ends_with(w, ".rpm") || strchr(w, '/');
}

static const char *const zypper_valued[] = { "-t", "--type", "-r", "--repo", "--from", NULL };

static int check_run(struct ctx *c, const struct vg_df_instr *in, const struct vg_df_instr *shell,
		     bool final_chain)
{
	struct script sc = { &c->a, 0, 0, NULL, false };
	const char *text = run_text(c, in);
	int r;
	if ((r = tokenize(&sc, text)) < 0)
		return r;
	bool apt_update = false, apt_lists_rm = false, yum = false, yum_clean = false;
	bool dnf = false, dnf_clean = false, pipefail = false, pipe_reported = false;
	bool sudo_reported = false, cd_reported = false;
	bool pkg_install = false, zypper = false, zypper_clean = false;
	const char *update_tool = NULL;
	for (size_t i = 0; i < sc.ncmds; i++) {
		const struct cmd *cm = &sc.cmds[i];
		const char *sub = subcommand(cm);
		if ((r = check_creds(c, in, cm)) < 0)
			return r;
		if (is_cmd(cm, "wget") && !c->wget)
			c->wget = in;
		if (is_cmd(cm, "curl") && !c->curl)
			c->curl = in;
		if ((is_cmd(cm, "apt-get") || is_cmd(cm, "apt") || is_cmd(cm, "apk")) &&
		    !strcmp(sub, "update") && !update_tool)
			update_tool = cm->words[0];
		if (((is_cmd(cm, "apt-get") || is_cmd(cm, "apt")) &&
		     (!strcmp(sub, "install") || !strcmp(sub, "upgrade") ||
		      !strcmp(sub, "dist-upgrade") || !strcmp(sub, "full-upgrade") ||
		      !strcmp(sub, "build-dep") || !strcmp(sub, "source"))) ||
		    (is_cmd(cm, "apk") && (!strcmp(sub, "add") || !strcmp(sub, "upgrade"))))
			pkg_install = true;
		if (is_cmd(cm, "zypper")) {
			static const char *const needs_n[] = { "install", "in", "remove", "rm",
							       "update", "up", "patch", "dist-upgrade",
							       "dup", "source-install", "si", NULL };
			bool yes = has_word(cm, "-n") || has_word(cm, "--non-interactive") ||
				   has_word(cm, "-y") || has_word(cm, "--no-confirm");
			for (const char *const *n = needs_n; *n && !yes; n++)
				if (!strcmp(sub, *n)) {
					if ((r = emit(c, DF_ZYPPER_YES, in, ipath(c, in),
						      "zypper %s without -n/--non-interactive or -y",
						      sub)) < 0)
						return r;
					break;
				}
			if ((!strcmp(sub, "dist-upgrade") || !strcmp(sub, "dup")) &&
			    (r = emit(c, DF_ZYPPER_DUP, in, ipath(c, in), "zypper %s", sub)) < 0)
				return r;
			if (!strcmp(sub, "install") || !strcmp(sub, "in")) {
				zypper = true;
				if ((r = check_pkgs(c, in, cm, sub, zypper_valued, zypper_pinned,
						    DF_ZYPPER_PIN, "zypper")) < 0)
					return r;
			}
			if (!strcmp(sub, "clean") || !strcmp(sub, "cc"))
				zypper_clean = true;
		}
		if (is_cmd(cm, "rm"))
			for (size_t k = 1; k < cm->nwords; k++)
				if (!strncmp(cm->words[k], "/var/cache/zypp", 15))
					zypper_clean = true;
		if (cm->sudo && !sudo_reported) {
			sudo_reported = true;
			if ((r = emit(c, DF_SUDO, in, ipath(c, in), "RUN uses sudo")) < 0)
				return r;
		}
		if (set_pipefail(cm))
			pipefail = true;
		if (cm->piped_out && !pipefail && !pipe_reported && !in->json &&
		    !shell_ok_for_pipes(shell)) {
			pipe_reported = true;
			if ((r = emit(c, DF_PIPEFAIL, in, ipath(c, in),
				      "'%s' is piped without set -o pipefail", cm->words[0])) < 0)
				return r;
		}
		if (is_cmd(cm, "cd") && !cm->subshell && !cd_reported) {
			cd_reported = true;
			if ((r = emit(c, DF_RUN_CD, in, ipath(c, in), "RUN changes directory with cd")) < 0)
				return r;
		}
		if ((is_cmd(cm, "curl") || is_cmd(cm, "wget")) && cm->piped_out && i + 1 < sc.ncmds &&
		    (is_shell(sc.cmds[i + 1].words[0]) ||
		     (sc.cmds[i + 1].sudo && sc.cmds[i + 1].nwords == 1))) {
			if ((r = emit(c, DF_CURL_PIPE_SH, in, ipath(c, in),
				      "output of %s is piped into %s", cm->words[0],
				      sc.cmds[i + 1].words[0])) < 0)
				return r;
		}
		if (cm->nwords && is_shell(cm->words[0]))
			for (size_t k = 1; k < cm->nwords; k++)
				if (strstr(cm->words[k], "(curl ") || strstr(cm->words[k], "(wget ")) {
					if ((r = emit(c, DF_CURL_PIPE_SH, in, ipath(c, in),
						      "%s runs a script downloaded by %s",
						      cm->words[0],
						      strstr(cm->words[k], "curl") ? "curl" : "wget")) < 0)
						return r;
					break;
				}
		if (is_cmd(cm, "apt-get") && !strcmp(sub, "update"))
			apt_update = true;
		if (is_cmd(cm, "rm"))
			for (size_t k = 1; k < cm->nwords; k++)
				if (!strncmp(cm->words[k], "/var/lib/apt/lists", 18))
					apt_lists_rm = true;
		/* APT >= 2.7.8: dist-clean removes the package lists as well as the cache */
		if ((is_cmd(cm, "apt-get") || is_cmd(cm, "apt")) &&
		    (!strcmp(sub, "dist-clean") || !strcmp(sub, "distclean")))
			apt_lists_rm = true;
		if (is_cmd(cm, "apt-get") && !strcmp(sub, "install")) {
			if (!has_word(cm, "--no-install-recommends") &&
			    !strstr(text, "Install-Recommends=false") &&
			    !strstr(text, "Install-Recommends=0") &&
			    (r = emit(c, DF_APT_RECOMMENDS, in, ipath(c, in),
				      "apt-get install without --no-install-recommends")) < 0)
				return r;
			if (!apt_yes(cm) && (r = emit(c, DF_APT_YES, in, ipath(c, in),
						      "apt-get install without -y")) < 0)
				return r;
			if ((r = check_pkgs(c, in, cm, "install", apt_valued, apt_pinned, DF_APT_PIN,
					    "apt-get")) < 0)
				return r;
		}
		if (is_cmd(cm, "apk") && !strcmp(sub, "add")) {
			if (!has_word(cm, "--no-cache") && !cache_mount(in, "/var/cache/apk") &&
			    !cache_mount(in, "/etc/apk/cache") &&
			    (r = emit(c, DF_APK_CACHE, in, ipath(c, in), "apk add without --no-cache")) < 0)
				return r;
			if ((r = check_pkgs(c, in, cm, "add", apk_valued, apk_pinned, DF_APK_PIN, "apk")) < 0)
				return r;
		}
		bool pip = cm->nwords && (!strncmp(cm->words[0], "pip", 3) &&
					   strspn(cm->words[0] + 3, "0123456789.") ==
						   strlen(cm->words[0] + 3));
		const struct cmd *pc = cm;
		struct cmd mod;
		if (cm->nwords >= 3 && !strncmp(cm->words[0], "python", 6) &&
		    !strcmp(cm->words[1], "-m") && !strcmp(cm->words[2], "pip")) {
			mod = *cm;
			mod.words = cm->words + 2;
			mod.nwords = cm->nwords - 2;
			pc = &mod;
			pip = true;
		}
		if (pip && !strcmp(subcommand(pc), "install") &&
		    (r = check_pkgs(c, in, pc, "install", pip_valued, pip_pinned, DF_PIP_PIN, "pip")) < 0)
			return r;
		if (is_cmd(cm, "npm") && (!strcmp(sub, "install") || !strcmp(sub, "i") ||
					  !strcmp(sub, "add")) &&
		    (r = check_pkgs(c, in, cm, sub, npm_valued, npm_pinned, DF_NPM_PIN, "npm")) < 0)
			return r;
		if (is_cmd(cm, "gem") && !strcmp(sub, "install") && !gem_versioned(cm) &&
		    (r = check_pkgs(c, in, cm, "install", gem_valued, gem_pinned, DF_GEM_PIN, "gem")) < 0)
			return r;
		if (is_cmd(cm, "chmod")) {
			for (size_t k = 1; k < cm->nwords; k++) {
				if (cm->words[k][0] == '-' && !strchr(cm->words[k], 'w'))
					continue;
				if (mode_world_writable(cm->words[k]) &&
				    (r = emit(c, DF_WORLD_WRITABLE, in, ipath(c, in),
					      "chmod %s makes files world-writable", cm->words[k])) < 0)
					return r;
				break; /* the mode is the first operand */
			}
		}
		if (is_cmd(cm, "yum") && (!strcmp(sub, "install") || !strcmp(sub, "groupinstall") ||
					  !strcmp(sub, "localinstall")))
			yum = true;
		if (is_cmd(cm, "yum") && !strcmp(sub, "clean") && has_word(cm, "all"))
			yum_clean = true;
		if ((is_cmd(cm, "dnf") || is_cmd(cm, "microdnf")) &&
		    (!strcmp(sub, "install") || !strcmp(sub, "groupinstall")))
			dnf = true;
		if ((is_cmd(cm, "dnf") || is_cmd(cm, "microdnf")) && !strcmp(sub, "clean") &&
		    has_word(cm, "all"))
			dnf_clean = true;
		if (is_cmd(cm, "rm"))
			for (size_t k = 1; k < cm->nwords; k++) {
				if (!strncmp(cm->words[k], "/var/cache/yum", 14))
					yum_clean = dnf_clean = true;
				if (!strncmp(cm->words[k], "/var/cache/dnf", 14))
					dnf_clean = true;
			}
	}
	if (apt_update && !apt_lists_rm && final_chain && !cache_mount(in, "/var/lib/apt") &&
	    (r = emit(c, DF_APT_LISTS, in, ipath(c, in),
		      "apt-get update without rm -rf /var/lib/apt/lists/* in the same RUN")) < 0)
		return r;
	if (update_tool && !pkg_install &&
	    (r = emit(c, DF_UPDATE_ALONE, in, ipath(c, in),
		      "%s update runs alone: nothing is installed in the same RUN", update_tool)) < 0)
		return r;
	if (zypper && !zypper_clean && !cache_mount(in, "/var/cache/zypp") &&
	    (r = emit(c, DF_ZYPPER_CLEAN, in, ipath(c, in), "zypper install without zypper clean")) < 0)
		return r;
	if (c->wget && c->curl && !c->wget_curl_done) {
		c->wget_curl_done = true;
		if ((r = emit(c, DF_WGET_CURL, in, ipath(c, in),
			      "both wget (line %u) and curl (line %u) are used", c->wget->line,
			      c->curl->line)) < 0)
			return r;
	}
	if (yum && !yum_clean && !cache_mount(in, "/var/cache/yum") &&
	    (r = emit(c, DF_YUM_CLEAN, in, ipath(c, in), "yum install without yum clean all")) < 0)
		return r;
	if (dnf && !dnf_clean && !cache_mount(in, "/var/cache/dnf") &&
	    (r = emit(c, DF_DNF_CLEAN, in, ipath(c, in), "dnf install without dnf clean all")) < 0)
		return r;
	return 0;
}

/* ---- secrets, images, stages ------------------------------------------------------- */

static bool root_user(const char *u)
{
	size_t n = strcspn(u, ":");
	return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0');
}

/* Is @s (index) an ancestor-or-self of @of through FROM <stage>? */
static bool in_chain(const struct vg_dockerfile *df, size_t s, size_t of)
{
	for (int32_t k = (int32_t)of, guard = 0; k >= 0 && guard < 100000; guard++) {
		if ((size_t)k == s)
			return true;
		k = df->stages[k].base_stage;
	}
	return false;
}

static const char *root_image(const struct vg_dockerfile *df, size_t s)
{
	int32_t k = (int32_t)s;
	for (int guard = 0; df->stages[k].base_stage >= 0 && guard < 100000; guard++)
		k = df->stages[k].base_stage;
	return df->stages[k].image;
}

static int check_from(struct ctx *c, const struct vg_df_stage *st)
{
	const struct vg_df_instr *in = st->from;
	const char *img = st->image;
	int r;
	if (st->base_stage >= 0 || st->unresolved || !*img || strcasecmp(img, "scratch") == 0)
		return 0;
	const char *at = strchr(img, '@');
	size_t n = at ? (size_t)(at - img) : strlen(img);
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (img[i] == '/')
			slash = img + i;
	const char *colon = memchr(slash ? slash : img, ':', n - (size_t)((slash ? slash : img) - img));
	if (!at) {
		if (!colon) {
			if ((r = emit(c, DF_UNTAGGED, in, ipath(c, in), "base image '%s' has no tag",
				      img)) < 0)
				return r;
		} else if (strcmp(colon + 1, "latest") == 0) {
			if ((r = emit(c, DF_LATEST, in, ipath(c, in), "base image '%s' uses the latest tag",
				      img)) < 0)
				return r;
		}
		if ((r = emit(c, DF_NO_DIGEST, in, ipath(c, in), "base image '%s' is not pinned by digest",
			      img)) < 0)
			return r;
	}
	return 0;
}

static bool toolchain_image(const char *img)
{
	static const char *const names[] = { "golang", "node", "maven", "gradle", "rust", "gcc",
					     "openjdk", "buildpack-deps", "sdk", "clang", NULL };
	const char *sl = strrchr(img, '/');
	const char *b = sl ? sl + 1 : img;
	size_t n = strcspn(b, ":@");
	for (const char *const *p = names; *p; p++)
		if (strlen(*p) == n && strncmp(b, *p, n) == 0)
			return true;
	return false;
}

static bool builds(struct ctx *c, const struct vg_df_stage *st)
{
	static const char *const tools[] = { "make", "mvn", "mvnw", "gradle", "gradlew", "javac",
					     "gcc", "g++", "cc", "tsc", NULL };
	for (size_t i = 0; i < st->ninstrs; i++) {
		const struct vg_df_instr *in = &st->instrs[i];
		if (in->kind != VG_DF_RUN)
			continue;
		struct script sc = { &c->a, 0, 0, NULL, false };
		if (tokenize(&sc, run_text(c, in)) < 0)
			return false;
		for (size_t k = 0; k < sc.ncmds; k++) {
			const struct cmd *cm = &sc.cmds[k];
			const char *sub = subcommand(cm);
			for (const char *const *t = tools; *t; t++)
				if (is_cmd(cm, *t))
					return true;
			if ((is_cmd(cm, "go") && (!strcmp(sub, "build") || !strcmp(sub, "install"))) ||
			    (is_cmd(cm, "cargo") && !strcmp(sub, "build")) ||
			    (is_cmd(cm, "dotnet") && (!strcmp(sub, "publish") || !strcmp(sub, "build"))) ||
			    ((is_cmd(cm, "npm") || is_cmd(cm, "yarn") || is_cmd(cm, "pnpm")) &&
			     has_word(cm, "build")))
				return true;
		}
	}
	return false;
}

static int check_copy_from(struct ctx *c, const struct vg_df_instr *in)
{
	const struct vg_df_flag *f = vg_df_flag_get(in, "from");
	const struct vg_dockerfile *df = c->df;
	if (!f || !f->value || !*f->value || strchr(f->value, '$'))
		return 0;
	const char *v = f->value;
	size_t cur = (size_t)in->stage;
	if (strspn(v, "0123456789") == strlen(v)) {
		unsigned long idx = strtoul(v, NULL, 10);
		if (idx == cur)
			return emit(c, DF_COPY_FROM_SELF, in, ipath(c, in),
				    "COPY --from=%s names the stage it is in", v);
		if (idx > cur)
			return emit(c, DF_COPY_FROM_UNKNOWN, in, ipath(c, in),
				    "COPY --from=%s: no earlier stage has that index", v);
		return 0;
	}
	if (df->stages[cur].name && strcasecmp(df->stages[cur].name, v) == 0)
		return emit(c, DF_COPY_FROM_SELF, in, ipath(c, in),
			    "COPY --from=%s names the stage it is in", v);
	for (size_t s = 0; s < cur; s++)
		if (df->stages[s].name && strcasecmp(df->stages[s].name, v) == 0)
			return 0;
	if (strpbrk(v, ":@/."))
		return 0; /* an image reference */
	return emit(c, DF_COPY_FROM_UNKNOWN, in, ipath(c, in),
		    "COPY --from=%s names no earlier stage", v);
}

static bool is_archive(const char *s)
{
	static const char *const ext[] = { ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz",
					   ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz",
					   ".zst", NULL };
	for (const char *const *e = ext; *e; e++)
		if (ends_with(s, *e))
			return true;
	return false;
}

static int check_add(struct ctx *c, const struct vg_df_instr *in)
{
	bool local = false;
	int r;
	if (in->nheredocs || in->nwords < 2)
		return 0;
	for (size_t i = 0; i + 1 < in->nwords; i++) {
		const char *s = in->words[i];
		if (strstr(s, "://") || !strncmp(s, "git@", 4)) {
			if (!vg_df_flag_get(in, "checksum") &&
			    (r = emit(c, DF_ADD_URL, in, ipath(c, in), "ADD downloads '%s'", s)) < 0)
				return r;
		} else if (!is_archive(s)) {
			local = true;
		}
	}
	if (local)
		return emit(c, DF_ADD_LOCAL, in, ipath(c, in), "ADD copies local files; use COPY");
	return 0;
}

static int check_expose(struct ctx *c, const struct vg_df_instr *in)
{
	for (size_t i = 0; i < in->nwords; i++) {
		const char *w = in->words[i];
		char *end;
		unsigned long a = strtoul(w, &end, 10), b = a;
		if (end == w)
			continue;
		if (*end == '-')
			b = strtoul(end + 1, &end, 10);
		if (a <= 22 && 22 <= b)
			return emit(c, DF_EXPOSE_SSH, in, ipath(c, in), "port %s is exposed", w);
	}
	return 0;
}

static int check_kv_secrets(struct ctx *c, const struct vg_df_instr *in)
{
	int r;
	for (uint32_t l = in->line; l <= in->end_line; l++)
		if (sec_line(c, l))
			return 0; /* a VG-SEC rule reported the value itself */
	for (size_t i = 0; i < in->nkv; i++) {
		const struct vg_df_kv *kv = &in->kv[i];
		if (!vg_check_secret_name(kv->key, strlen(kv->key)))
			continue;
		bool value = kv->value && (*kv->value || in->unresolved);
		if (value)
			r = emit(c, DF_SECRET_ENV, in, ipath(c, in), "%s %s has a value", in->keyword,
				 kv->key);
		else if (in->kind == VG_DF_ARG)
			r = emit(c, DF_SECRET_ARG, in, ipath(c, in),
				 "build argument %s carries a credential", kv->key);
		else
			r = 0;
		if (r < 0)
			return r;
	}
	return 0;
}

/* ONBUILD triggers run in child builds: the RUN, ADD, EXPOSE and ENV/ARG checks apply to
 * them; stage-level checks (USER, HEALTHCHECK, CMD/ENTRYPOINT counts, COPY --from) do not. */
static int check_onbuild(struct ctx *c, const struct vg_df_instr *in,
			 const struct vg_df_instr *shell)
{
	const struct vg_df_instr *t = in->trigger;
	if (!t)
		return 0;
	switch (t->kind) {
	case VG_DF_FROM:
	case VG_DF_MAINTAINER:
	case VG_DF_ONBUILD:
		return emit(c, DF_ONBUILD_BAD, in, ipath(c, in), "ONBUILD %s is not allowed",
			    vg_df_kind_name(t->kind));
	case VG_DF_RUN:
		return check_run(c, t, shell, true);
	case VG_DF_ADD:
		return check_add(c, t);
	case VG_DF_EXPOSE:
		return check_expose(c, t);
	case VG_DF_ENV:
	case VG_DF_ARG:
		return check_kv_secrets(c, t);
	default:
		return 0;
	}
}

static int run_checks(struct ctx *c)
{
	const struct vg_dockerfile *df = c->df;
	int r;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct vg_df_instr *in = &df->instrs[i];
		if ((in->kind == VG_DF_ENV || in->kind == VG_DF_ARG) &&
		    (r = check_kv_secrets(c, in)) < 0)
			return r;
	}
	if (!df->nstages)
		return 0;
	size_t last = df->nstages - 1;
	for (size_t s = 0; s < df->nstages; s++) {
		const struct vg_df_stage *st = &df->stages[s];
		const struct vg_df_instr *shell = NULL;
		bool final_chain = in_chain(df, s, last);
		/* SHELL is inherited from the base stage */
		for (int32_t b = st->base_stage, g = 0; b >= 0 && !shell && g < 100000; g++) {
			const struct vg_df_stage *bs = &df->stages[b];
			for (size_t i = 0; i < bs->ninstrs; i++)
				if (bs->instrs[i].kind == VG_DF_SHELL)
					shell = &bs->instrs[i];
			b = bs->base_stage;
		}
		if ((r = check_from(c, st)) < 0)
			return r;
		for (size_t i = 0; i < st->ninstrs; i++) {
			const struct vg_df_instr *in = &st->instrs[i];
			switch (in->kind) {
			case VG_DF_SHELL:
				shell = in;
				break;
			case VG_DF_RUN:
				r = check_run(c, in, shell, final_chain);
				break;
			case VG_DF_COPY:
				r = check_copy_from(c, in);
				break;
			case VG_DF_ADD:
				r = check_add(c, in);
				break;
			case VG_DF_EXPOSE:
				r = check_expose(c, in);
				break;
			case VG_DF_ONBUILD:
				r = check_onbuild(c, in, shell);
				break;
			case VG_DF_CMD:
				r = in->kind_index ? emit(c, DF_MULTI_CMD, in, ipath(c, in),
							  "CMD number %u in this stage",
							  in->kind_index + 1) : 0;
				break;
			case VG_DF_ENTRYPOINT:
				r = in->kind_index ? emit(c, DF_MULTI_ENTRYPOINT, in, ipath(c, in),
							  "ENTRYPOINT number %u in this stage",
							  in->kind_index + 1) : 0;
				break;
			case VG_DF_WORKDIR: {
				const char *w = in->nwords ? in->words[0] : "";
				bool ok = w[0] == '/' || strchr(in->args, '$') || in->unresolved ||
					  (isalpha((unsigned char)w[0]) && w[1] == ':') || w[0] == '\\';
				r = ok ? 0 : emit(c, DF_RELATIVE_WORKDIR, in, ipath(c, in),
						  "WORKDIR '%s' is relative", w);
				break;
			}
			default:
				r = 0;
				break;
			}
			if (r < 0)
				return r;
		}
	}
	/* the final stage: USER, HEALTHCHECK, toolchain base */
	const struct vg_df_instr *user = NULL, *health = NULL;
	for (int32_t s = (int32_t)last, g = 0; s >= 0 && g < 100000; g++) {
		const struct vg_df_stage *st = &df->stages[s];
		for (size_t i = st->ninstrs; i-- > 0;) {
			if (!user && st->instrs[i].kind == VG_DF_USER)
				user = &st->instrs[i];
			if (!health && st->instrs[i].kind == VG_DF_HEALTHCHECK)
				health = &st->instrs[i];
		}
		s = st->base_stage;
	}
	const struct vg_df_stage *fin = &df->stages[last];
	if (!user) {
		if ((r = emit(c, DF_NO_USER, fin->from, spath(c, last),
			      "the final stage sets no USER: the image runs as root")) < 0)
			return r;
	} else if (!user->unresolved && user->nwords && root_user(user->words[0])) {
		if ((r = emit(c, DF_ROOT_USER, user, ipath(c, user), "USER is \"%s\"",
			      user->words[0])) < 0)
			return r;
	}
	if (!health && (r = emit(c, DF_NO_HEALTHCHECK, fin->from, spath(c, last),
				 "the final stage defines no HEALTHCHECK")) < 0)
		return r;
	if (df->nstages > 1 && toolchain_image(root_image(df, last))) {
		for (size_t s = 0; s < last; s++) {
			if (in_chain(df, s, last) || !builds(c, &df->stages[s]))
				continue;
			if ((r = emit(c, DF_TOOLCHAIN_FINAL, fin->from, spath(c, last),
				      "the final stage is based on '%s' although stage %zu builds",
				      root_image(df, last), s)) < 0)
				return r;
			break;
		}
	}
	return 0;
}

int vg_check_dockerfile(const char *file, const char *buf, size_t len, struct vg_report *report)
{
	return vg_check_dockerfile_secrets(file, buf, len, NULL, report);
}

int vg_check_dockerfile_secrets(const char *file, const char *buf, size_t len,
				const struct vg_secrets *secrets, struct vg_report *report)
{
	struct vg_dockerfile *df = NULL;
	struct vg_diag d;
	struct ctx c;
	int r;

	if (!report || (!buf && len))
		return -EINVAL;
	r = vg_dockerfile_parse(file, buf, len, NULL, &df, &d);
	if (r == -EFBIG || r == -EBADMSG)
		return vg_report_add_error(report, &d);
	if (r < 0)
		return r;
	for (size_t i = 0; i < df->nproblems; i++) {
		vg_diag_set(&d, VG_DIAG_SYNTAX, file, df->problems[i].line, df->problems[i].column,
			    "%s", df->problems[i].message);
		if ((r = vg_report_add_error(report, &d)) < 0)
			goto out;
	}
	memset(&c, 0, sizeof(c));
	c.df = df;
	c.file = file;
	c.buf = buf;
	c.len = len;
	c.secrets = secrets;
	c.report = report;
	vg_arena_init(&c.a, 0);
	size_t first = vg_report_count(report); /* this file's findings start here */
	r = secrets ? vg_dockerfile_secrets(secrets, df, file, buf, len, report, &c.sec_lines,
					    &c.nsec_lines)
		    : 0;
	if (r >= 0)
		r = run_checks(&c);
	free(c.sec_lines);
	if (r >= 0) /* "# vigil:ignore=" comments (docs/suppressions.md) */
		r = vg_suppress_dockerfile(df, report, first);
	vg_arena_release(&c.a);
out:
	vg_dockerfile_free(df);
	return r;
}
