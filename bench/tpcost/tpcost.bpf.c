// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal programs for the per-syscall tracepoint experiment (bench/tpcost/README.md):
 * the cost a syscall outside the interest set pays with
 *   tc_all_exit  tp_btf/sys_exit, returns after one array lookup (like vigil's gate), and
 *   tc_one_exit  tracepoint/syscalls/sys_exit_openat, runs for openat only; it also reads the
 *                task's saved registers (bpf_task_pt_regs), to show the verifier accepts that
 *                helper in a BPF_PROG_TYPE_TRACEPOINT program.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} tc_gate SEC(".maps");

SEC("tp_btf/sys_exit")
int BPF_PROG(tc_all_exit, struct pt_regs *regs, long ret)
{
	__u32 k = (__u32)BPF_CORE_READ(regs, orig_ax) & 511;
	__u64 *v = bpf_map_lookup_elem(&tc_gate, &k);

	if (!v || !*v)
		return 0;
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int tc_one_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u32 k = (__u32)ctx->id & 511;
	__u64 *v = bpf_map_lookup_elem(&tc_gate, &k);
	struct pt_regs *r;

	if (!v)
		return 0;
	__sync_fetch_and_add(v, 1);
	r = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (r)
		*v += r->di & 1;
	return 0;
}
