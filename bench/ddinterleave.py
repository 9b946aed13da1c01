#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ddinterleave.py SAMPLES EVENTS - the interleaved dd measurement of bench/live.sh.

SAMPLES: bench/ddloop output, "REALTIME_SECONDS MB_PER_SECOND" per slice.
EVENTS: "start T [TAG]" (vigil being started), "on T" (its capture running), "stop T" (being
stopped), "off T" (stopped), in that order, repeated. With TAGs (several things switched on
in turn in one run, so that they meet the same drift), the losses are reported per TAG.
Each window with vigil (on .. stop) is compared with the windows without it just before
(previous off .. start) and just after (off .. next start); a margin is cut from both ends of
every window. The slice medians make a window robust to the host's short stalls, and the
neighbouring windows cancel its drift. Prints the per-window losses, their median and
quartiles, and the medians of all slices with and without vigil.
"""
import statistics
import sys

MARGIN = 0.3


def median(xs):
    return statistics.median(xs) if xs else None


def main():
    samples = []
    with open(sys.argv[1]) as f:
        for line in f:
            t, v = line.split()
            samples.append((float(t), float(v)))
    events = []
    with open(sys.argv[2]) as f:
        for line in f:
            k, t, *tag = line.split()
            events.append((k, float(t), tag[0] if tag else ""))
    if not samples or not events:
        sys.exit("ddinterleave: no samples or no events")
    first, last = samples[0][0], samples[-1][0]

    def window(a, b):
        return [v for (t, v) in samples if a + MARGIN <= t - 0.0 and t <= b - MARGIN]

    # windows in time order: off (before the first start), on, off, on, ...
    offs, ons, tags = [], [], []
    prev_off = first
    for k, t, tag in events:
        if k == "start":
            offs.append(window(prev_off, t))
            tags.append(tag)
        elif k == "on":
            on_from = t
        elif k == "stop":
            ons.append(window(on_from, t))
        elif k == "off":
            prev_off = t
    offs.append(window(prev_off, last))
    by_tag = {}
    for i, on in enumerate(ons):
        before, after = median(offs[i]), median(offs[i + 1]) if i + 1 < len(offs) else None
        m = median(on)
        base = [x for x in (before, after) if x is not None]
        if m is None or not base:
            continue
        b = sum(base) / len(base)
        by_tag.setdefault(tags[i], []).append((100.0 * (b - m) / b, on))
    if not by_tag:
        sys.exit("ddinterleave: no complete window (run longer)")
    all_off = [v for w in offs for v in w]
    for tag, res in sorted(by_tag.items()):
        losses = [x for x, _ in res]
        q = statistics.quantiles(losses, n=4) if len(losses) >= 2 else [losses[0]] * 3
        all_on = [v for _, w in res for v in w]
        name = "dd interleaved" + (" [%s]" % tag if tag else "")
        print("  %s: loss per window %%: %s" % (name, " ".join("%.1f" % x for x in losses)))
        print("  %s: %d windows on, %d slices on / %d off; median slice off -> on "
              "%.1f -> %.1f MB/s; median loss %.1f %% (quartiles %.1f .. %.1f)"
              % (name, len(losses), len(all_on), len(all_off), median(all_off), median(all_on),
                 median(losses), q[0], q[2]))
        print("RESULT%s %.1f %.1f %.1f %.1f %.1f" % (" " + tag if tag else "", median(all_off),
                                                    median(all_on), median(losses), q[0], q[2]))


if __name__ == "__main__":
    main()
