/*
 * Per-syscall cost of a read+write loop (512-byte blocks, /dev/zero -> /dev/null, like dd)
 * with nothing attached, with tc_all_exit (tp_btf/sys_exit) and with tc_one_exit
 * (tracepoint/syscalls/sys_exit_openat) attached; the three are interleaved per round so
 * machine-load drift hits all of them. `tpcost floor` instead toggles the ftrace event
 * syscalls/sys_exit_openat (no BPF): the syscall slow path alone. Root; see README.md.
 */
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { ROUNDS = 15, PAIRS = 500000 };

static double loop_ns(int zi, int no)
{
	static char buf[512];
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < PAIRS; i++)
		if (read(zi, buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
		    write(no, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			abort();
	clock_gettime(CLOCK_MONOTONIC, &b);
	return ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) /
	       (2.0 * PAIRS);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v)
{
	qsort(v, ROUNDS, sizeof(*v), cmp_d);
	return v[ROUNDS / 2];
}

static void ftrace_enable(int on)
{
	int fd = open("/sys/kernel/tracing/events/syscalls/sys_exit_openat/enable", O_WRONLY);

	if (fd < 0 || write(fd, on ? "1" : "0", 1) != 1)
		abort();
	close(fd);
}

int main(int argc, char **argv)
{
	int zi = open("/dev/zero", O_RDONLY), no = open("/dev/null", O_WRONLY);
	double none[ROUNDS], all[ROUNDS], one[ROUNDS];

	if (zi < 0 || no < 0)
		return 1;
	if (argc > 1 && !strcmp(argv[1], "floor")) {
		for (int r = 0; r < ROUNDS; r++) {
			none[r] = loop_ns(zi, no);
			ftrace_enable(1);
			one[r] = loop_ns(zi, no);
			ftrace_enable(0);
		}
		double n = median(none), o = median(one);
		printf("ns/syscall median of %d: none %.1f  ftrace sys_exit_openat on %.1f (+%.1f %%)\n",
		       ROUNDS, n, o, 100 * (o / n - 1));
		return 0;
	}

	struct bpf_object *obj = bpf_object__open_file(argc > 1 ? argv[1] : "tpcost.bpf.o", NULL);

	if (!obj || bpf_object__load(obj))
		return 1;
	struct bpf_program *pa = bpf_object__find_program_by_name(obj, "tc_all_exit");
	struct bpf_program *po = bpf_object__find_program_by_name(obj, "tc_one_exit");

	for (int r = 0; r < ROUNDS; r++) {
		struct bpf_link *l;

		none[r] = loop_ns(zi, no);
		if (!(l = bpf_program__attach(pa)))
			return 1;
		all[r] = loop_ns(zi, no);
		bpf_link__destroy(l);
		if (!(l = bpf_program__attach(po)))
			return 1;
		one[r] = loop_ns(zi, no);
		bpf_link__destroy(l);
	}
	double n = median(none), a = median(all), o = median(one);
	printf("ns/syscall median of %d: none %.1f  tp_btf/sys_exit %.1f (+%.1f %%)  "
	       "syscalls/sys_exit_openat %.1f (+%.1f %%)\n",
	       ROUNDS, n, a, 100 * (a / n - 1), o, 100 * (o / n - 1));
	bpf_object__close(obj);
	return 0;
}
