/* SPDX-License-Identifier: Apache-2.0 */
/* util.c - option parsing and terminal helpers shared by the commands. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "vigil/finding.h"

int vg_cli_parse_uint(const char *s, unsigned long long max, unsigned long long *ret)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -EINVAL;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -EINVAL;
	*ret = v;
	return 0;
}

int vg_cli_parse_severity_list(const char *list, unsigned *ret_mask)
{
	unsigned mask = 0;
	char *copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	char *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		enum vg_severity s;
		if (vg_severity_parse(t, &s) < 0) {
			vg_cli_error("unknown severity '%s' (use critical, high, medium, low, info)", t);
			free(copy);
			return -EINVAL;
		}
		mask |= 1u << s;
	}
	free(copy);
	if (!mask) {
		vg_cli_error("--severity needs at least one severity");
		return -EINVAL;
	}
	*ret_mask = mask;
	return 0;
}

int vg_cli_parse_fail_on(const char *arg, enum vg_severity *ret)
{
	if (vg_severity_parse(arg, ret) < 0) {
		vg_cli_error("unknown severity '%s' for --fail-on", arg);
		return -EINVAL;
	}
	return 0;
}

int vg_cli_parse_exit_code(const char *arg, int *ret)
{
	unsigned long long v;
	if (vg_cli_parse_uint(arg, 255, &v) < 0) {
		vg_cli_error("--exit-code needs a number from 0 to 255, not '%s'", arg);
		return -EINVAL;
	}
	*ret = (int)v;
	return 0;
}

int vg_cli_parse_color(const char *arg, int *ret)
{
	if (strcmp(arg, "auto") == 0)
		*ret = -1;
	else if (strcmp(arg, "always") == 0)
		*ret = 1;
	else if (strcmp(arg, "never") == 0)
		*ret = 0;
	else {
		vg_cli_error("--color takes auto, always or never, not '%s'", arg);
		return -EINVAL;
	}
	return 0;
}

bool vg_cli_want_color(int setting, bool table, const char *output)
{
	if (setting >= 0)
		return setting > 0;
	const char *nc = getenv("NO_COLOR");
	return table && !output && isatty(STDOUT_FILENO) && !(nc && *nc);
}

bool vg_cli_want_progress(bool table)
{
	return table && isatty(STDERR_FILENO) && isatty(STDOUT_FILENO);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void vg_cli_progress(void *userdata, const char *stage, uint64_t done, uint64_t total)
{
	struct vg_cli_progress_state *p = userdata;
	double t = now_seconds();
	if (p->start == 0)
		p->start = t;
	bool finished = total && done >= total;
	if (!finished && t - p->last < 0.1)
		return;
	p->last = t;
	double rate = t > p->start ? (double)done / (t - p->start) : 0;
	const char *unit = p->bytes ? "MB" : "records";
	double scale = p->bytes ? 1e6 : 1;
	if (total)
		fprintf(stderr, "\r\033[K%s: %3.0f%% %.1f/%.1f %s (%.1f %s/s)", stage,
			100.0 * (double)done / (double)total, (double)done / scale,
			(double)total / scale, unit, rate / scale, unit);
	else
		fprintf(stderr, "\r\033[K%s: %.1f %s (%.1f %s/s)", stage, (double)done / scale, unit,
			rate / scale, unit);
	if (finished)
		fputc('\n', stderr);
	fflush(stderr);
}

void vg_cli_progress_end(struct vg_cli_progress_state *p)
{
	if (p->last != 0)
		fprintf(stderr, "\r\033[K");
}
