#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A fake CRI runtime for the tests of src/lib/live/cri.c: gRPC over cleartext HTTP/2 on a
unix socket (python3-h2), answering runtime.v1.RuntimeService/ContainerStatus and
PodSandboxStatus for one canned container and its pod sandbox, NOT_FOUND (grpc-status 5)
for anything else.

usage: fake_cri.py SOCKET   (serves until killed; the socket appears when it is ready)
"""
import os
import socket
import sys
import threading

import h2.config
import h2.connection
import h2.events

CONTAINER = "0b8ab1c5e9f7f5f11f5d74f1a83e7e7b4e0d5de2b6d4bb6cf2a4f6f22e7a7a21"
SANDBOX = "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
POD_UID = "2bc6e4a6-5b0e-4c21-9d6c-2d29fa1b6d3f"


def varint(v):
    out = b""
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def field(num, value):
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def map_entries(num, d):
    return b"".join(field(num, field(1, k) + field(2, v)) for k, v in d.items())


def container_status():
    labels = {"io.kubernetes.pod.name": "web-0", "io.kubernetes.pod.namespace": "prod",
              "io.kubernetes.pod.uid": POD_UID, "io.kubernetes.container.name": "nginx",
              "app": "web"}
    annotations = {"io.kubernetes.cri.sandbox-id": SANDBOX}
    st = (field(1, CONTAINER) + field(2, field(1, "nginx") + field(2, 0)) + field(3, 1) +
          field(4, 1700000000123456789) + field(8, field(1, "docker.io/library/nginx:1.25")) +
          field(9, "sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac") +
          map_entries(12, labels) + map_entries(13, annotations) + field(15, "/var/log/x.log"))
    return field(1, st) + map_entries(2, {"info": "{}"})


def sandbox_status():
    st = (field(1, SANDBOX) + field(2, field(1, "web-0") + field(2, POD_UID) +
                                   field(3, "prod") + field(4, 0)) + field(3, 0) +
          field(4, 1700000000000000000) + field(5, field(1, "10.1.2.3")) +
          map_entries(7, {"app": "web", "tier": "front"}))
    return field(1, st)


def message_id(body):
    """The string field 1 of the request message (after the 5-byte gRPC prefix)."""
    msg = body[5:]
    if len(msg) < 2 or msg[0] != 0x0A:
        return ""
    return msg[2:2 + msg[1]].decode(errors="replace")


def handle(conn_sock):
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
    conn.initiate_connection()
    conn_sock.sendall(conn.data_to_send())
    paths, bodies = {}, {}
    while True:
        data = conn_sock.recv(65536)
        if not data:
            break
        for ev in conn.receive_data(data):
            if isinstance(ev, h2.events.RequestReceived):
                paths[ev.stream_id] = dict(ev.headers).get(b":path", b"").decode()
                bodies[ev.stream_id] = b""
            elif isinstance(ev, h2.events.DataReceived):
                bodies[ev.stream_id] = bodies.get(ev.stream_id, b"") + ev.data
                conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.StreamEnded):
                sid = ev.stream_id
                path, rid = paths.get(sid, ""), message_id(bodies.get(sid, b""))
                reply = None
                if path.endswith("/ContainerStatus") and rid == CONTAINER:
                    reply = container_status()
                elif path.endswith("/PodSandboxStatus") and rid == SANDBOX:
                    reply = sandbox_status()
                conn.send_headers(sid, [(":status", "200"), ("content-type", "application/grpc")])
                if reply is not None:
                    conn.send_data(sid, b"\0" + len(reply).to_bytes(4, "big") + reply)
                    conn.send_headers(sid, [("grpc-status", "0")], end_stream=True)
                else:
                    conn.send_headers(sid, [("grpc-status", "5"),
                                            ("grpc-message", "not found")], end_stream=True)
        out = conn.data_to_send()
        if out:
            conn_sock.sendall(out)
    conn_sock.close()


def main():
    path = sys.argv[1]
    tmp = path + ".tmp"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(tmp)
    s.listen(8)
    os.rename(tmp, path)  # appears when ready
    while True:
        c, _ = s.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


if __name__ == "__main__":
    main()
