/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ddloop.c - dd's inner loop (read 512 bytes from /dev/zero, write them to /dev/null) as a
 * sampler for bench/live.sh's interleaved dd measurement: runs for SECONDS and prints one line
 * per SAMPLE_MS slice, "REALTIME_SECONDS MB_PER_SECOND", so that slices taken with and without
 * vigil a second apart can be compared (the host's speed drifts over seconds; see live.sh).
 *   cc -O2 -o ddloop bench/ddloop.c && ./ddloop 10 50
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double clock_secs(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: ddloop SECONDS SAMPLE_MS\n");
		return 2;
	}
	double secs = atof(argv[1]);
	double slice = atof(argv[2]) / 1000.0;
	int in = open("/dev/zero", O_RDONLY);
	int out = open("/dev/null", O_WRONLY);
	if (in < 0 || out < 0 || secs <= 0 || slice <= 0) {
		perror("ddloop");
		return 2;
	}
	char buf[512];
	double start = clock_secs(CLOCK_MONOTONIC), end = start + secs;
	double t0 = start;
	unsigned long long bytes = 0;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	for (;;) {
		for (int i = 0; i < 256; i++) {
			if (read(in, buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
			    write(out, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
				perror("ddloop");
				return 1;
			}
		}
		bytes += 256 * sizeof(buf);
		double t = clock_secs(CLOCK_MONOTONIC);
		if (t - t0 >= slice) {
			printf("%.4f %.1f\n", clock_secs(CLOCK_REALTIME), (double)bytes / (t - t0) / 1e6);
			bytes = 0;
			t0 = t;
			if (t >= end)
				break;
		}
	}
	fflush(stdout);
	return 0;
}
