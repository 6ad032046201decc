#!/usr/bin/env python3
"""Groups the samples of a fan-out profile by layer, as docs/performance.md reports them.

    perf record -F 499 -g -D 8000 -o fan.perf Benchmarks/.build/release/DomainBenchmarks fanout 10000 150
    perf script -i fan.perf -F comm,tid,ip,sym | python3 scripts/perf-layers.py

Each sample counts once, for the first frame of its stack, from the innermost, that names a layer.
"""
import collections
import re
import sys

LAYERS = [
    ("clients: SwiftProtobuf decoding each event (ProtobufDeserializer)", r"ProtobufDeserializer"),
    ("clients: GRPCCore's response sequences",
     r"ClientStreamExecutor|RPCAsyncSequence|AsyncCompactMapSequence|UncheckedAsyncIteratorSequence"),
    ("clients: our client transport (ClientConnection, the inbound queue)",
     r"ClientConnection|ClientInboundParts|InboundQueue|InboundParts|AsyncThrowingStream|openInbound"),
    ("server: the feed's delivery (BasinFeed, Mailbox, immediate writes)",
     r"BasinFeed|Mailbox|OfferService|EncodedEventCache|ImmediateResponseWriter|immediateResponseWriter"),
    ("server: the connections' writers (FrameWriter, BATCH, deflate)", r"FrameWriter|FrameEncoder|ServerConnection"),
    ("the benchmark recording arrivals", r"fanOutBenchmark"),
    ("NIO's event loops otherwise (socket reads and writes, WebSocket frames)",
     r"NIOThread|NIOPosix|SelectableEventLoop"),
]
OTHER = "no layer named: the concurrency runtime, retains, generic metadata look-ups, the kernel"


def samples(lines):
    stack = []
    for line in lines:
        if not line.strip():
            if stack:
                yield stack
            stack = []
        elif line[0] in " \t":
            fields = line.split(None, 1)
            stack.append(fields[1] if len(fields) > 1 else "?")
        else:
            stack = []
    if stack:
        yield stack


def main():
    layers = [(name, re.compile(pattern)) for name, pattern in LAYERS]
    counts = collections.Counter()
    for stack in samples(sys.stdin):
        counts[next((name for frame in stack for name, r in layers if r.search(frame)), OTHER)] += 1
    total = sum(counts.values())
    print(f"{total} samples")
    for name, count in counts.most_common():
        print(f"| {100 * count / total:.1f} % | {name} |")


if __name__ == "__main__":
    main()
