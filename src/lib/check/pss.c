/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pss.c - Pod Security Standards: policy parsing, the versioned check table and the
 * evaluator (k8s.io/pod-security-admission/policy registry.go semantics).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/pss_internal.h"
#include "util/banned.h"

/* ---- the check table ----------------------------------------------------------------- */

static const char *const overrides_host_path_volumes[] = { "hostPathVolumes", NULL };
static const char *const overrides_seccomp_baseline[] = { "seccompProfile_baseline", NULL };
static const char *const overrides_capabilities_baseline[] = { "capabilities_baseline", NULL };
static const char *const overrides_proc_mount[] = { "procMount", NULL };

#define VERSIONS(a) (a), (sizeof(a) / sizeof((a)[0]))

static const struct vg_pss_version v_app_armor_profile[] = {
	{ 0, vg_pss_app_armor_profile_1_0, NULL },
};
static const struct vg_pss_version v_capabilities_baseline[] = {
	{ 0, vg_pss_capabilities_baseline_1_0, NULL },
};
static const struct vg_pss_version v_host_namespaces[] = {
	{ 0, vg_pss_host_namespaces_1_0, NULL },
};
static const struct vg_pss_version v_host_path_volumes[] = {
	{ 0, vg_pss_host_path_volumes_1_0, NULL },
};
static const struct vg_pss_version v_host_ports[] = {
	{ 0, vg_pss_host_ports_1_0, NULL },
};
static const struct vg_pss_version v_host_probes[] = {
	{ 34, vg_pss_host_probes_lifecycle_1_34, NULL },
};
static const struct vg_pss_version v_privileged[] = {
	{ 0, vg_pss_privileged_1_0, NULL },
};
static const struct vg_pss_version v_proc_mount[] = {
	{ 0, vg_pss_proc_mount_1_0, NULL },
	{ 35, vg_pss_proc_mount_1_35, NULL },
};
static const struct vg_pss_version v_se_linux_options[] = {
	{ 0, vg_pss_se_linux_options_1_0, NULL },
	{ 31, vg_pss_se_linux_options_1_31, NULL },
};
static const struct vg_pss_version v_seccomp_baseline[] = {
	{ 0, vg_pss_seccomp_baseline_1_0, NULL },
	{ 19, vg_pss_seccomp_baseline_1_19, NULL },
};
static const struct vg_pss_version v_sysctls[] = {
	{ 0, vg_pss_sysctls_1_0, NULL },
	{ 27, vg_pss_sysctls_1_27, NULL },
	{ 29, vg_pss_sysctls_1_29, NULL },
	{ 32, vg_pss_sysctls_1_32, NULL },
	{ 37, vg_pss_sysctls_1_37, NULL },
};
static const struct vg_pss_version v_windows_host_process[] = {
	{ 0, vg_pss_windows_host_process_1_0, NULL },
};
static const struct vg_pss_version v_allow_privilege_escalation[] = {
	{ 8, vg_pss_allow_privilege_escalation_1_8, NULL },
	{ 25, vg_pss_allow_privilege_escalation_1_25, NULL },
};
static const struct vg_pss_version v_capabilities_restricted[] = {
	{ 22, vg_pss_capabilities_restricted_1_22, overrides_capabilities_baseline },
	{ 25, vg_pss_capabilities_restricted_1_25, overrides_capabilities_baseline },
};
static const struct vg_pss_version v_proc_mount_restricted[] = {
	{ 35, vg_pss_proc_mount_1_0, overrides_proc_mount },
};
static const struct vg_pss_version v_restricted_volumes[] = {
	{ 0, vg_pss_restricted_volumes_1_0, overrides_host_path_volumes },
};
static const struct vg_pss_version v_run_as_non_root[] = {
	{ 0, vg_pss_run_as_non_root_1_0, NULL },
	{ 35, vg_pss_run_as_non_root_1_35, NULL },
};
static const struct vg_pss_version v_run_as_user[] = {
	{ 23, vg_pss_run_as_user_1_23, NULL },
	{ 35, vg_pss_run_as_user_1_35, NULL },
};
static const struct vg_pss_version v_seccomp_restricted[] = {
	{ 19, vg_pss_seccomp_restricted_1_19, overrides_seccomp_baseline },
	{ 25, vg_pss_seccomp_restricted_1_25, overrides_seccomp_baseline },
};

/*
 * PSA's order: baseline IDs sorted bytewise (Go string order: upper case before lower case),
 * then restricted IDs sorted. test_pss_registry checks the order. vg_pss_info[] is in
 * VG-PSS-001..019 order; the index comments name the entry.
 */
const struct vg_pss_check vg_pss_checks[] = {
	{ "appArmorProfile", VG_PSS_BASELINE, "forbidden AppArmor profile", &vg_pss_info[5],
	  VERSIONS(v_app_armor_profile) },
	{ "capabilities_baseline", VG_PSS_BASELINE, "non-default capabilities", &vg_pss_info[2],
	  VERSIONS(v_capabilities_baseline) },
	{ "hostNamespaces", VG_PSS_BASELINE, "host namespaces", &vg_pss_info[0],
	  VERSIONS(v_host_namespaces) },
	{ "hostPathVolumes", VG_PSS_BASELINE, "hostPath volumes", &vg_pss_info[3],
	  VERSIONS(v_host_path_volumes) },
	{ "hostPorts", VG_PSS_BASELINE, "hostPort", &vg_pss_info[4], VERSIONS(v_host_ports) },
	{ "hostProbesAndHostLifecycle", VG_PSS_BASELINE, "probe or lifecycle host",
	  &vg_pss_info[11], VERSIONS(v_host_probes) },
	{ "privileged", VG_PSS_BASELINE, "privileged", &vg_pss_info[1], VERSIONS(v_privileged) },
	{ "procMount", VG_PSS_BASELINE, "procMount", &vg_pss_info[7], VERSIONS(v_proc_mount) },
	{ "seLinuxOptions", VG_PSS_BASELINE, "seLinuxOptions", &vg_pss_info[6],
	  VERSIONS(v_se_linux_options) },
	{ "seccompProfile_baseline", VG_PSS_BASELINE, "seccompProfile", &vg_pss_info[8],
	  VERSIONS(v_seccomp_baseline) },
	{ "sysctls", VG_PSS_BASELINE, "forbidden sysctls", &vg_pss_info[9], VERSIONS(v_sysctls) },
	{ "windowsHostProcess", VG_PSS_BASELINE, "hostProcess", &vg_pss_info[10],
	  VERSIONS(v_windows_host_process) },

	{ "allowPrivilegeEscalation", VG_PSS_RESTRICTED, "allowPrivilegeEscalation != false",
	  &vg_pss_info[15], VERSIONS(v_allow_privilege_escalation) },
	{ "capabilities_restricted", VG_PSS_RESTRICTED, "unrestricted capabilities",
	  &vg_pss_info[17], VERSIONS(v_capabilities_restricted) },
	{ "procMount_restricted", VG_PSS_RESTRICTED, "procMount", &vg_pss_info[18],
	  VERSIONS(v_proc_mount_restricted) },
	{ "restrictedVolumes", VG_PSS_RESTRICTED, "restricted volume types", &vg_pss_info[12],
	  VERSIONS(v_restricted_volumes) },
	{ "runAsNonRoot", VG_PSS_RESTRICTED, "runAsNonRoot != true", &vg_pss_info[13],
	  VERSIONS(v_run_as_non_root) },
	{ "runAsUser", VG_PSS_RESTRICTED, "runAsUser=0", &vg_pss_info[14],
	  VERSIONS(v_run_as_user) },
	{ "seccompProfile_restricted", VG_PSS_RESTRICTED, "seccompProfile", &vg_pss_info[16],
	  VERSIONS(v_seccomp_restricted) },
};

const size_t vg_pss_nchecks = sizeof(vg_pss_checks) / sizeof(vg_pss_checks[0]);

/* ---- parsing ------------------------------------------------------------------------- */

int vg_pss_parse_level(const char *s, enum vg_pss_level *ret_level)
{
	enum vg_pss_level l;

	if (!s || !ret_level)
		return -EINVAL;
	if (strcmp(s, "privileged") == 0)
		l = VG_PSS_PRIVILEGED;
	else if (strcmp(s, "baseline") == 0)
		l = VG_PSS_BASELINE;
	else if (strcmp(s, "restricted") == 0)
		l = VG_PSS_RESTRICTED;
	else
		return -EINVAL;
	*ret_level = l;
	return 0;
}

/*
 * The minor number of "1.<digits>" at @s (@len bytes), as PSA's regexp ^v1\.(0|[1-9][0-9]*)$
 * and strconv.Atoi accept it: no sign, no leading zero, fits an int64. Values past the
 * newest policy are valid and evaluate as the newest; they are stored capped.
 */
static int parse_minor(const char *s, size_t len, uint32_t *ret_minor)
{
	uint64_t v = 0;

	if (len < 3 || s[0] != '1' || s[1] != '.')
		return -EINVAL;
	s += 2;
	len -= 2;
	if (len > 19 || (s[0] == '0' && len > 1))
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return -EINVAL;
	if (v > UINT32_MAX - 1)
		v = UINT32_MAX - 1; /* clamps to the newest anyway; never VG_PSS_LATEST */
	*ret_minor = (uint32_t)v;
	return 0;
}

int vg_pss_parse_version(const char *s, uint32_t *ret_minor)
{
	if (!s || !ret_minor)
		return -EINVAL;
	if (strcmp(s, "latest") == 0) {
		*ret_minor = VG_PSS_LATEST;
		return 0;
	}
	if (s[0] != 'v')
		return -EINVAL;
	return parse_minor(s + 1, strlen(s + 1), ret_minor);
}

int vg_pss_parse_policy(const char *s, struct vg_pss_policy *ret_policy)
{
	static const char *const levels[] = { "privileged", "baseline", "restricted" };
	struct vg_pss_policy p;
	const char *colon;
	size_t n, i;
	int r;

	if (!s || !ret_policy)
		return -EINVAL;
	colon = strchr(s, ':');
	n = colon ? (size_t)(colon - s) : strlen(s);
	for (i = 0; i < 3; i++)
		if (strlen(levels[i]) == n && memcmp(levels[i], s, n) == 0)
			break;
	if (i == 3)
		return -EINVAL;
	r = vg_pss_parse_level(levels[i], &p.level);
	if (r)
		return r;
	p.minor = VG_PSS_LATEST;
	if (colon) {
		const char *v = colon + 1;

		if (v[0] >= '0' && v[0] <= '9')
			r = parse_minor(v, strlen(v), &p.minor);
		else
			r = vg_pss_parse_version(v, &p.minor);
		if (r)
			return r;
	}
	*ret_policy = p;
	return 0;
}

const char *vg_pss_level_name(enum vg_pss_level level)
{
	switch (level) {
	case VG_PSS_PRIVILEGED:
		return "privileged";
	case VG_PSS_BASELINE:
		return "baseline";
	case VG_PSS_RESTRICTED:
		return "restricted";
	}
	return "unknown";
}

const struct vg_check_info *vg_pss_check_info(const char *upstream_id)
{
	if (!upstream_id)
		return NULL;
	for (size_t i = 0; i < vg_pss_nchecks; i++)
		if (strcmp(vg_pss_checks[i].id, upstream_id) == 0)
			return vg_pss_checks[i].info;
	return NULL;
}

/* ---- evaluation ---------------------------------------------------------------------- */

const struct vg_pss_version *vg_pss_select(const struct vg_pss_check *c, uint32_t minor)
{
	const struct vg_pss_version *best = NULL;

	for (size_t i = 0; i < c->nversions; i++)
		if (c->versions[i].min_minor <= minor)
			best = &c->versions[i];
	return best;
}

/* Is baseline check @id overridden by a restricted check that applies at @minor? */
static bool overridden(const char *id, uint32_t minor)
{
	for (size_t i = 0; i < vg_pss_nchecks; i++) {
		const struct vg_pss_version *v;

		if (vg_pss_checks[i].level != VG_PSS_RESTRICTED)
			continue;
		v = vg_pss_select(&vg_pss_checks[i], minor);
		for (const char *const *o = v ? v->overrides : NULL; o && *o; o++)
			if (strcmp(*o, id) == 0)
				return true;
	}
	return false;
}

static int sb_vprintf(struct vg_strbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Replace @b's content with a vprintf result (util/strbuf has no va_list variant). */
static int sb_vprintf(struct vg_strbuf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return -EINVAL;
	vg_strbuf_reset(b);
	r = vg_strbuf_printf(b, "%*s", n, ""); /* reserve n bytes */
	if (r)
		return r;
	vsnprintf(b->buf, (size_t)n + 1, fmt, ap);
	return 0;
}

int vg_pss_pathf(struct vg_pss_ctx *x, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sb_vprintf(&x->path, fmt, ap);
	va_end(ap);
	return r;
}

int vg_pss_emit(struct vg_pss_ctx *x, const struct vg_node *node, const char *fmt, ...)
{
	struct vg_pss_violation v;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sb_vprintf(&x->detail, fmt, ap);
	va_end(ap);
	if (r)
		return r;
	v.check_id = x->check->id;
	v.reason = x->check->reason;
	v.detail = vg_strbuf_str(&x->detail);
	v.path = vg_strbuf_str(&x->path);
	v.node = node ? node : x->pod->spec;
	return x->cb(&v, x->userdata);
}

int vg_pss_evaluate(const struct vg_pss_policy *policy, const struct vg_pod_view *pod,
		    vg_pss_cb cb, void *userdata)
{
	struct vg_pss_ctx x;
	uint32_t minor;
	int r = 0;

	if (!policy || !pod || !pod->spec || !pod->spec_path || !cb)
		return -EINVAL;
	if (policy->level == VG_PSS_PRIVILEGED)
		return 0;
	if (policy->level != VG_PSS_BASELINE && policy->level != VG_PSS_RESTRICTED)
		return -EINVAL;
	minor = policy->minor;
	if (minor == VG_PSS_LATEST || minor > VG_PSS_NEWEST_MINOR)
		minor = VG_PSS_NEWEST_MINOR;

	memset(&x, 0, sizeof(x));
	x.pod = pod;
	x.minor = minor;
	x.cb = cb;
	x.userdata = userdata;
	vg_strbuf_init(&x.cpath, 0);
	vg_strbuf_init(&x.path, 0);
	vg_strbuf_init(&x.detail, 0);

	for (size_t i = 0; i < vg_pss_nchecks; i++) {
		const struct vg_pss_check *c = &vg_pss_checks[i];
		const struct vg_pss_version *v;

		if (c->level > policy->level)
			continue;
		v = vg_pss_select(c, minor);
		if (!v)
			continue;
		if (policy->level == VG_PSS_RESTRICTED && c->level == VG_PSS_BASELINE &&
		    overridden(c->id, minor))
			continue;
		x.check = c;
		x.pass = 0;
		x.flag = false;
		x.count = 0;
		x.allow = NULL;
		r = v->fn(&x);
		if (r)
			break;
	}

	vg_strbuf_release(&x.cpath);
	vg_strbuf_release(&x.path);
	vg_strbuf_release(&x.detail);
	return r;
}
