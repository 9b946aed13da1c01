/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openloop.c - a syscall-heavy workload for bench/live.sh: open + read + close of one file in
 * a loop, for SECONDS, at most RATE iterations per second (0 = as fast as possible; paced in
 * 1 ms slices). Prints "iterations N seconds S rate R/s".
 *   cc -O2 -o openloop bench/openloop.c && ./openloop /etc/hostname 5 0
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: openloop FILE SECONDS RATE\n");
		return 2;
	}
	const char *path = argv[1];
	double secs = atof(argv[2]);
	double rate = atof(argv[3]);
	char buf[512];
	unsigned long long n = 0;
	double start = now(), end = start + secs, t = start;
	while (t < end) {
		/* a batch, then (when paced) wait until the schedule catches up */
		for (int i = 0; i < 64; i++) {
			int fd = open(path, O_RDONLY);
			if (fd < 0) {
				perror(path);
				return 1;
			}
			if (read(fd, buf, sizeof(buf)) < 0) {
				perror("read");
				return 1;
			}
			close(fd);
			n++;
		}
		t = now();
		if (rate > 0) {
			double due = start + (double)n / rate;
			while (t < due && t < end) {
				double d = due - t;
				struct timespec ts = { 0, (long)((d > 0.001 ? 0.001 : d) * 1e9) };
				nanosleep(&ts, NULL);
				t = now();
			}
		}
	}
	double el = now() - start;
	printf("iterations %llu seconds %.3f rate %.0f/s\n", n, el, (double)n / el);
	return 0;
}
