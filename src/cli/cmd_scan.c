/* SPDX-License-Identifier: Apache-2.0 */
/* cmd_scan.c - `vigil scan`: Kubernetes manifests against the Pod Security Standards. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/scan_config.h"
#include "vigil/report.h"
#include "vigil/scan.h"

enum {
	OPT_PSS = 256,
	OPT_NO_NS_LABELS,
	OPT_FAIL_ON,
	OPT_EXIT_CODE,
	OPT_COLOR,
	OPT_BASE_DIR,
	OPT_MAX_FILE_SIZE,
	OPT_MAX_DEPTH,
	OPT_MAX_NODES,
	OPT_MAX_ALIAS,
	OPT_CHECKS,
	OPT_K8S_VERSION,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_IGNORE_FILE,
	OPT_SHOW_SUPPRESSED,
	OPT_POLICY,
	OPT_SECRETS,
};

static const struct vg_cli_option scan_options[] = {
	{ "format", 'f', "FORMAT", 'f',
	  "Output format: table (the default; grouped by file, with a summary), json (schema in "
	  "docs/json-schema.md) or sarif (SARIF 2.1.0, for GitHub code scanning)." },
	{ "output", 'o', "FILE", 'o', "Write the report to FILE instead of standard output." },
	{ "pss", 0, "LEVEL[:VERSION]", OPT_PSS,
	  "Pod Security Standards level (privileged, baseline, restricted) and policy version "
	  "(v1.0 to v1.37, or latest) to enforce. Default: restricted:latest. A Namespace in the "
	  "scanned set labelled pod-security.kubernetes.io/enforce (and enforce-version) sets the "
	  "policy for its workloads, as in a cluster." },
	{ "no-namespace-labels", 0, NULL, OPT_NO_NS_LABELS,
	  "Ignore pod-security.kubernetes.io labels on scanned Namespaces; use --pss everywhere." },
	{ "checks", 0, "LIST", OPT_CHECKS,
	  "Check families to run, comma-separated: pss (Pod Security Standards, VG-PSS), workload "
	  "(hardening beyond PSS, VG-K8S), dockerfile (Dockerfile hardening, VG-DF), secrets "
	  "(hard-coded secrets, Vault agent and secrets-store CSI checks, VG-SEC), gatekeeper "
	  "(Gatekeeper constraints, VG-GK). Default: all." },
	{ "policy", 0, "FILE|DIR", OPT_POLICY,
	  "Read Gatekeeper constraints (constraints.gatekeeper.sh/*) from FILE or DIR (*.yaml, "
	  "*.yml, *.json, recursively) and evaluate them against the scanned objects, together "
	  "with the constraints found in the scanned files; these files are not scanned "
	  "themselves. Repeatable. See docs/gatekeeper.md for the supported kinds." },
	{ "secrets", 0, NULL, OPT_SECRETS,
	  "Also scan every other regular file under the paths as text for hard-coded secrets "
	  "(VG-SEC; hidden files such as .env included, hidden directories such as .git skipped, "
	  "binary files and files over 10 MiB skipped and counted in a note), and the values of "
	  "YAML/JSON documents that are not Kubernetes objects. Manifests and Dockerfiles are "
	  "always scanned for secrets while the secrets family is on. See docs/secrets.md." },
	{ "k8s-version", 0, "VERSION", OPT_K8S_VERSION,
	  "Target Kubernetes version (e.g. 1.29) for deprecated and removed apiVersions. Default: "
	  "every known removal applies." },
	{ "severity", 's', "LIST", 's',
	  "Report only findings with these severities (comma-separated: critical, high, medium, "
	  "low, info; Trivy's upper-case names and UNKNOWN are accepted)." },
	{ "fail-on", 0, "SEVERITY", OPT_FAIL_ON,
	  "Exit with status 1 when a reported finding at or above SEVERITY remains. Default: "
	  "info (any finding)." },
	{ "exit-code", 0, "N", OPT_EXIT_CODE,
	  "Exit status to use when findings fail the run (Trivy's --exit-code; 0 never fails on "
	  "findings). Default: 1." },
	{ "config", 0, "FILE", OPT_CONFIG,
	  "Read settings from FILE (checks, severity overrides, pss, k8s-version, fail-on, ignore; "
	  "docs/suppressions.md). Default: .vigil.yaml in the current directory when present. "
	  "Command-line options win over the file." },
	{ "ignore-file", 0, "FILE", OPT_IGNORE_FILE,
	  "Suppress findings listed in FILE (a YAML list of {id, path, object, expires, reason}). "
	  "Default: .vigilignore.yaml in the current directory when present." },
	{ "no-config", 0, NULL, OPT_NO_CONFIG,
	  "Do not look for .vigil.yaml and .vigilignore.yaml in the current directory." },
	{ "show-suppressed", 0, NULL, OPT_SHOW_SUPPRESSED,
	  "Also show suppressed findings in the table and JSON output, with the suppression's "
	  "source and reason (SARIF always includes them, marked with suppressions)." },
	{ "color", 0, "WHEN", OPT_COLOR,
	  "Colour the table: auto (when standard output is a terminal and NO_COLOR is unset), "
	  "always or never. Default: auto." },
	{ "base-dir", 0, "DIR", OPT_BASE_DIR,
	  "Directory SARIF file URIs are made relative to (originalUriBaseIds SRCROOT). "
	  "Default: the current directory." },
	{ "max-file-size", 0, "BYTES", OPT_MAX_FILE_SIZE,
	  "Largest input file accepted (default 67108864)." },
	{ "max-depth", 0, "N", OPT_MAX_DEPTH, "Deepest nesting of maps and sequences (default 256)." },
	{ "max-nodes", 0, "N", OPT_MAX_NODES, "Most nodes in one file (default 4000000)." },
	{ "max-alias-expansion", 0, "N", OPT_MAX_ALIAS,
	  "Most nodes one file may reach through YAML aliases (default 1000000)." },
	{ NULL, 0, NULL, 0, NULL },
};

static int read_stdin(char **ret_buf, size_t *ret_len, size_t max)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		size_t n = fread(buf + len, 1, cap - len, stdin);
		len += n;
		if (n == 0) {
			if (ferror(stdin)) {
				free(buf);
				return -EIO;
			}
			break;
		}
	}
	*ret_buf = buf;
	*ret_len = len;
	return 0;
}

static void print_summary(const struct vg_report *r, const char *out_name)
{
	const struct vg_scan_stats *st = vg_report_stats_const(r);
	size_t ns = vg_report_suppressed_count(r);
	size_t nf = vg_report_count(r) - ns, ne = vg_report_error_count(r);
	unsigned long long skipped = (unsigned long long)(st->skipped_non_k8s + st->skipped_helm +
							   st->skipped_empty);
	fprintf(stderr, "vigil: scanned %llu file%s, %llu object%s (%llu skipped): %zu finding%s, "
			"%zu error%s",
		(unsigned long long)st->files, st->files == 1 ? "" : "s",
		(unsigned long long)st->objects, st->objects == 1 ? "" : "s", skipped, nf,
		nf == 1 ? "" : "s", ne, ne == 1 ? "" : "s");
	if (ns)
		fprintf(stderr, ", %zu suppressed", ns);
	if (out_name)
		fprintf(stderr, "; report written to %s", out_name);
	fputc('\n', stderr);
}

static int run_scan(const struct vg_cli_command *cmd, int argc, char **argv)
{
	struct vg_scan_options so;
	vg_scan_options_init(&so);
	enum vg_format format = VG_FORMAT_TABLE;
	const char *output = NULL, *base_dir = NULL;
	unsigned sev_mask = (1u << VG_SEV_COUNT) - 1;
	enum vg_severity fail_on = VG_SEV_INFO;
	int exit_code = VG_EXIT_FINDINGS;
	int color = -1; /* auto */
	unsigned long long v = 0;
	struct vg_cli_scan_config sc = { 0 };
	struct vg_config *cfg = NULL;
	const char **policy = calloc((size_t)argc + 1, sizeof(*policy));
	if (!policy) {
		vg_cli_error("out of memory");
		return VG_EXIT_ERROR;
	}
	so.policy_paths = policy;

	char shorts[64];
	struct option *longopts = vg_cli_getopt_table(cmd->options, shorts, sizeof(shorts));
	if (!longopts) {
		free(policy);
		return VG_EXIT_ERROR;
	}
	optind = 1;
	opterr = 0;
	int c, bad = 0;
	while (!bad && (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			vg_cli_print_help(cmd, stdout);
			free(longopts);
			free(policy);
			return VG_EXIT_OK;
		case 'f':
			if (vg_format_parse(optarg, &format) < 0) {
				vg_cli_error("unknown format '%s' (use table, json or sarif)", optarg);
				bad = 1;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_PSS:
			if (vg_pss_parse_policy(optarg, &so.pss) < 0) {
				vg_cli_error("invalid --pss '%s' (use LEVEL[:VERSION], e.g. baseline:v1.25 "
					     "or restricted:latest)", optarg);
				bad = 1;
			}
			sc.pss_set = true;
			break;
		case OPT_CHECKS: {
			sc.checks_set = true;
			for (size_t f = 0; f < vg_cli_scan_nfamilies; f++)
				*vg_cli_scan_families[f].flag(&so) = false;
			const char *p = optarg;
			while (*p && !bad) {
				size_t n = strcspn(p, ",");
				size_t f = 0;
				while (f < vg_cli_scan_nfamilies &&
				       !(strlen(vg_cli_scan_families[f].name) == n &&
					 strncmp(p, vg_cli_scan_families[f].name, n) == 0))
					f++;
				if (f < vg_cli_scan_nfamilies) {
					*vg_cli_scan_families[f].flag(&so) = true;
				} else {
					char names[128] = "";
					for (size_t k = 0; k < vg_cli_scan_nfamilies; k++)
						snprintf(names + strlen(names), sizeof(names) - strlen(names),
							 "%s%s", k ? ", " : "", vg_cli_scan_families[k].name);
					vg_cli_error("unknown check family '%.*s' (use %s)", (int)n, p, names);
					bad = 1;
				}
				p += n;
				if (*p == ',')
					p++;
			}
			break;
		}
		case OPT_K8S_VERSION: {
			const char *p = optarg[0] == 'v' ? optarg + 1 : optarg;
			unsigned long long maj = 0, min = 0;
			char *end;
			maj = strtoull(p, &end, 10);
			if (end != p && *end == '.')
				min = strtoull(end + 1, &end, 10);
			if (maj != 1 || !(*end == '\0' || *end == '.') || min > 1000) {
				vg_cli_error("--k8s-version takes a Kubernetes version such as 1.29, not '%s'",
					     optarg);
				bad = 1;
			}
			so.k8s_version = optarg;
			sc.k8s_version_set = true;
			break;
		}
		case OPT_CONFIG:
			sc.config = optarg;
			break;
		case OPT_IGNORE_FILE:
			sc.ignore_file = optarg;
			break;
		case OPT_NO_CONFIG:
			sc.no_config = true;
			break;
		case OPT_SHOW_SUPPRESSED:
			sc.show_suppressed = true;
			break;
		case OPT_POLICY:
			policy[so.npolicy_paths++] = optarg;
			break;
		case OPT_SECRETS:
			so.secrets_text = true;
			break;
		case OPT_NO_NS_LABELS:
			so.pss_namespace_labels = false;
			break;
		case 's':
			if (vg_cli_parse_severity_list(optarg, &sev_mask) < 0)
				bad = 1;
			break;
		case OPT_FAIL_ON:
			bad = vg_cli_parse_fail_on(optarg, &fail_on) < 0;
			sc.fail_on_set = true;
			break;
		case OPT_EXIT_CODE:
			bad = vg_cli_parse_exit_code(optarg, &exit_code) < 0;
			break;
		case OPT_COLOR:
			bad = vg_cli_parse_color(optarg, &color) < 0;
			break;
		case OPT_BASE_DIR:
			base_dir = optarg;
			break;
		case OPT_MAX_FILE_SIZE:
			if (vg_cli_parse_uint(optarg, SIZE_MAX, &v) < 0 || v == 0) {
				vg_cli_error("--max-file-size needs a positive number, not '%s'", optarg);
				bad = 1;
			}
			so.limits.max_file_size = (size_t)v;
			break;
		case OPT_MAX_DEPTH:
		case OPT_MAX_NODES:
		case OPT_MAX_ALIAS:
			if (vg_cli_parse_uint(optarg, UINT32_MAX, &v) < 0 || v == 0) {
				vg_cli_error("--%s needs a positive number, not '%s'",
					     c == OPT_MAX_DEPTH ? "max-depth" : c == OPT_MAX_NODES
					     ? "max-nodes" : "max-alias-expansion", optarg);
				bad = 1;
			}
			if (c == OPT_MAX_DEPTH)
				so.limits.max_depth = (uint32_t)v;
			else if (c == OPT_MAX_NODES)
				so.limits.max_nodes = (uint32_t)v;
			else
				so.limits.max_alias_expansion = (uint32_t)v;
			break;
		case '?':
		default:
			if (optopt && optopt < 256)
				vg_cli_error("unknown or incomplete option '-%c'", optopt);
			else
				vg_cli_error("unknown or incomplete option '%s'", argv[optind - 1]);
			bad = 1;
			break;
		}
	}
	free(longopts);
	if (bad) {
		fprintf(stderr, "Run 'vigil scan --help' for usage.\n");
		free(policy);
		return VG_EXIT_ERROR;
	}
	if (optind >= argc) {
		vg_cli_error("no input: give files, directories or - for standard input");
		fprintf(stderr, "Run 'vigil scan --help' for usage.\n");
		free(policy);
		return VG_EXIT_ERROR;
	}

	if (vg_cli_scan_config_load(&sc, &cfg) < 0) {
		free(policy);
		return VG_EXIT_ERROR;
	}
	vg_cli_scan_config_options(cfg, &sc, &so, &fail_on);

	struct vg_report *report = NULL;
	struct vg_scan *scan = NULL;
	char *stdin_buf = NULL;
	int status = VG_EXIT_ERROR;
	FILE *out = stdout;
	if (vg_report_new(&report) < 0 || vg_scan_new(&so, report, &scan) < 0) {
		vg_cli_error("out of memory");
		goto done;
	}
	bool stdin_used = false;
	for (int i = optind; i < argc; i++) {
		int r;
		if (strcmp(argv[i], "-") == 0) {
			if (stdin_used) {
				vg_cli_error("standard input ('-') given twice");
				goto done;
			}
			stdin_used = true;
			size_t len;
			r = read_stdin(&stdin_buf, &len, so.limits.max_file_size);
			if (r == -EFBIG || r == -EIO) {
				struct vg_diag d;
				vg_diag_set(&d, r == -EFBIG ? VG_DIAG_LIMIT : VG_DIAG_IO, "-", 0, 0, "%s",
					    r == -EFBIG ? "standard input is over the limit (max_file_size)"
							: "cannot read standard input");
				r = vg_report_add_error(report, &d);
			} else if (r == 0) {
				r = vg_scan_add_buffer(scan, "-", stdin_buf, len);
			}
		} else {
			r = vg_scan_add_path(scan, argv[i]);
		}
		if (r < 0) {
			vg_cli_error("out of memory");
			goto done;
		}
	}
	if (vg_scan_run(scan) < 0) {
		vg_cli_error("out of memory");
		goto done;
	}
	if (vg_cli_scan_config_apply(cfg, &sc, report) < 0)
		goto done;
	vg_report_filter(report, sev_mask);

	if (output) {
		out = fopen(output, "w");
		if (!out) {
			vg_cli_error("cannot write '%s': %s", output, strerror(errno));
			out = stdout;
			goto done;
		}
	}
	color = vg_cli_want_color(color, format == VG_FORMAT_TABLE, output);
	char cwd[PATH_MAX];
	if (!base_dir && getcwd(cwd, sizeof(cwd)))
		base_dir = cwd;
	struct vg_write_opts wo = {
		.color = color > 0,
		.tool_name = "vigil",
		.tool_version = vg_version(),
		.base_dir = base_dir,
		.show_suppressed = sc.show_suppressed,
	};
	int wr = vg_report_write(report, format, &wo, out);
	if (out != stdout) {
		if (fclose(out) != 0)
			wr = -EIO;
		out = stdout;
	} else if (fflush(stdout) != 0) {
		wr = -EIO;
	}
	if (wr < 0) {
		vg_cli_error("cannot write the report: %s", strerror(-wr));
		goto done;
	}
	/* messages go to stderr: each input error, then a one-line summary when the report
	 * went to a file or is machine-readable */
	if (format != VG_FORMAT_TABLE || output) {
		for (size_t i = 0; i < vg_report_error_count(report); i++) {
			const struct vg_diag *d = vg_report_error(report, i);
			if (d->line)
				fprintf(stderr, "%s:%u:%u: error: %s\n", d->file, d->line, d->column,
					d->message);
			else
				fprintf(stderr, "%s: error: %s\n", d->file, d->message);
		}
		print_summary(report, output);
	}
	if (vg_report_error_count(report))
		status = VG_EXIT_ERROR;
	else if (vg_report_has_at_least(report, fail_on))
		status = exit_code;
	else
		status = VG_EXIT_OK;
done:
	if (out != stdout)
		fclose(out);
	vg_scan_free(scan);
	vg_report_free(report);
	vg_config_free(cfg);
	free(stdin_buf);
	free(policy);
	return status;
}

const struct vg_cli_command vg_cmd_scan = {
	.name = "scan",
	.run = run_scan,
	.summary = "Scan Kubernetes manifests and Dockerfiles: Pod Security Standards and hardening",
	.usage = "[OPTIONS] PATH...",
	.description =
		"Scans Kubernetes manifests (YAML or JSON; multi-document streams; List kinds) in "
		"the files and directories given (directories recursively, *.yaml, *.yml and *.json, "
		"in a stable order; - reads standard input). Every workload with a pod template "
		"(Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, "
		"ReplicationController, PodTemplate) is evaluated against the Pod Security Standards "
		"exactly as the Kubernetes PodSecurity admission plugin would, for the chosen level "
		"and policy version; workloads and other objects are also checked for hardening beyond PSS "
		"(read-only root filesystem, resources, image tags, service accounts, sensitive host "
		"mounts, probes, dangerous capabilities, literal secrets, exposed Services, Ingress "
		"TLS, deprecated apiVersions for --k8s-version). Dockerfiles (Dockerfile, Containerfile, "
		"*.Dockerfile, Dockerfile.*) are parsed (directives, continuations, heredocs, ARG/ENV "
		"substitution, multi-stage builds) and checked for hardening (VG-DF, with the hadolint "
		"and Trivy IDs they correspond to). OPA Gatekeeper constraints found in the scanned "
		"files or given with --policy are evaluated natively against every object (VG-GK; "
		"workload templates are evaluated as the Pods they create; docs/gatekeeper.md). "
		"Manifest values (Secret data decoded, env, "
		"ConfigMaps, annotations, args) and Dockerfile text are scanned for hard-coded "
		"secrets (VG-SEC; shown masked, never in full), and Vault agent-injector annotations "
		"and secrets-store CSI volumes are checked; --secrets extends the secret scan to "
		"every text file.\n\n"
		"Documents that are not Kubernetes objects are skipped and counted; unrendered Helm "
		"templates are skipped with a note. A malformed file is reported as an error naming "
		"file:line:column and the other files are still scanned.\n\n"
		"Findings can be suppressed, with a reason, by a vigil.dev/ignore annotation on the "
		"object, a # vigil:ignore= comment above a Dockerfile instruction, an ignore file "
		"(.vigilignore.yaml) or the config file (.vigil.yaml, which also selects checks, "
		"overrides severities and sets --pss, --k8s-version and --fail-on defaults); see "
		"docs/suppressions.md. Suppressed findings are counted in the summary, shown with "
		"--show-suppressed and always present in SARIF, marked as suppressed.",
	.options = scan_options,
	.exit_status =
		"0 when no finding at or above --fail-on remains (suppressed findings do not count); "
		"1 (or --exit-code N) when one does; 2 on a usage error, an invalid config or ignore "
		"file, or when any input could not be read or parsed (after reporting everything "
		"that could be scanned).",
	.examples =
		"vigil scan examples/stack\n"
		"vigil scan --pss baseline:v1.25 --format sarif -o vigil.sarif manifests/\n"
		"kubectl get deploy -A -o yaml | vigil scan --severity critical,high -\n"
		"vigil scan --fail-on high --exit-code 3 k8s/\n"
		"vigil scan --policy policies/ --checks gatekeeper manifests/\n"
		"vigil scan --secrets --checks secrets .\n",
};
