/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_cond.c - the rule condition pipeline on arbitrary text: list substitution, parse,
 * printing and re-parse, macro expansion, compile for both sources, evaluation on fixed events.
 * The first byte picks the options (source, list substitution); limits are small so that the
 * limit paths are exercised too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/rules.h"

static const struct vg_str s_items[] = { VG_STR("bash"), VG_STR("a b"), VG_STR("/etc") };
static const struct vg_cond_list s_lists[] = {
	{ VG_STR("shells"), s_items, 3 },
	{ VG_STR("empty"), NULL, 0 },
};

struct macros {
	struct vg_cond_ast *m[3];
};

static const char *const s_macro_names[] = { "spawned", "container", "loop" };
static const char *const s_macro_text[] = { "evt.type in (execve, execveat)",
					    "container.id != host", "proc.name = x or loop" };

static const struct vg_ast *lookup(void *user, const char *name, size_t len)
{
	struct macros *ms = user;
	for (int i = 0; i < 3; i++)
		if (strlen(s_macro_names[i]) == len && memcmp(s_macro_names[i], name, len) == 0)
			return ms->m[i] ? vg_cond_ast_root(ms->m[i]) : NULL;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *subst = NULL;
	struct vg_cond_limits lim;
	vg_cond_limits_init(&lim);
	lim.max_depth = 200;
	lim.max_len = 1 << 16;
	lim.max_nodes = 20000;
	lim.max_expanded_nodes = 20000;
	lim.max_list_items = 2000;
	if (mode & 1) {
		size_t sl = 0;
		if (vg_cond_subst_lists(text, len, s_lists, 2, lim.max_len, NULL, &subst, &sl))
			return 0;
		text = subst;
		len = sl;
	}
	struct macros ms = { { NULL } };
	struct vg_diag d;
	for (int i = 0; i < 3; i++)
		if (vg_cond_parse(s_macro_text[i], strlen(s_macro_text[i]), NULL, &ms.m[i], &d))
			abort();
	struct vg_cond_ast *ast = NULL;
	if (vg_cond_parse(text, len, &lim, &ast, &d) == 0) {
		const struct vg_ast *root = vg_cond_ast_root(ast);
		char *printed = NULL;
		if (vg_ast_print(root, VG_AST_STYLE_FALCO, &printed) == 0) {
			struct vg_cond_ast *again = NULL;
			if (vg_cond_parse(printed, strlen(printed), &lim, &again, &d) == 0)
				vg_cond_ast_free(again);
			free(printed);
		}
		struct vg_cond_ast *expanded = NULL;
		if (vg_cond_expand_macros(root, lookup, &ms, &lim, &expanded, &d) == 0)
			vg_cond_ast_free(expanded);
		struct vg_evtset set;
		if (vg_cond_evttypes(root, lookup, &ms, &set, &d) == 0)
			(void)vg_evtset_count(&set);
		struct vg_cond_compile_opts o = { .source = (mode & 2) ? VG_SOURCE_K8S_AUDIT
								   : VG_SOURCE_SYSCALL,
						  .macro_lookup = lookup,
						  .macro_user = &ms,
						  .limits = &lim };
		struct vg_cond *c = NULL;
		if (vg_cond_compile(root, &o, &c, &d) == 0) {
			struct vg_proc parent = { .comm = VG_STR("bash"), .pid = 1, .cmdline = VG_STR("bash") };
			struct vg_proc proc = { .parent = &parent, .comm = VG_STR("curl"),
						.args = VG_STR("-s x"), .cmdline = VG_STR("curl -s x"),
						.pid = 2 };
			struct vg_fd fd = { .num = 3, .type = VG_FD_FILE, .name = VG_STR("/etc/passwd") };
			struct vg_sys_event ev = { .source = VG_SOURCE_SYSCALL, .type = VG_EVT_OPENAT,
						   .proc = &proc, .fd = &fd, .flags = VG_SYS_HAS_RES };
			(void)vg_cond_eval(c, &ev);
			ev.fd = NULL;
			ev.proc = NULL;
			(void)vg_cond_eval(c, &ev);
			const char *json = "{\"auditID\":\"1\",\"verb\":\"create\",\"user\":"
					   "{\"username\":\"u\",\"groups\":[\"a\",\"b\"]},"
					   "\"requestObject\":{\"spec\":{\"containers\":[{\"image\":"
					   "\"nginx:1\",\"securityContext\":{\"privileged\":true}}]}}}";
			struct vg_docset *doc = NULL;
			if (vg_audit_parse(json, strlen(json), NULL, &doc, &d) == 0) {
				struct vg_audit_event ae;
				vg_audit_event_init(&ae, vg_docset_get(doc, 0)->root, 1);
				(void)vg_cond_eval(c, &ae);
			}
			vg_docset_free(doc);
			vg_cond_unref(c);
		}
	}
	vg_cond_ast_free(ast);
	for (int i = 0; i < 3; i++)
		vg_cond_ast_free(ms.m[i]);
	free(subst);
	return 0;
}
