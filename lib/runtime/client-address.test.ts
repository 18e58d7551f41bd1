import { describe, expect, it } from "vitest";
import { clientAddress, defaultProxyHops } from "./client-address.ts";

describe("clientAddress", () => {
  it.each([
    ["no proxy, no header: the peer", undefined, "203.0.113.9", 0, "203.0.113.9"],
    ["no proxy, a header the client wrote: the peer, not the header", "10.0.0.7", "203.0.113.9", 0, "203.0.113.9"],
    ["no proxy, a list the client wrote: the peer", "1.1.1.1, 2.2.2.2", "203.0.113.9", 0, "203.0.113.9"],
    ["one proxy: what it appended (the last entry)", "198.51.100.4", "10.0.0.2", 1, "198.51.100.4"],
    ["one proxy, behind a spoofed entry: the proxy's, not the client's own", "6.6.6.6, 198.51.100.4", "10.0.0.2", 1, "198.51.100.4"],
    ["two proxies: the first one's peer", "6.6.6.6, 198.51.100.4, 10.0.0.3", "10.0.0.2", 2, "198.51.100.4"],
    ["more hops trusted than there are: the leftmost", "198.51.100.4", "10.0.0.2", 5, "198.51.100.4"],
    ["repeated headers are one list", ["6.6.6.6", "198.51.100.4"], "10.0.0.2", 1, "198.51.100.4"],
    ["blank entries are skipped", "198.51.100.4, ,", "10.0.0.2", 1, "198.51.100.4"],
    ["IPv6 peer", undefined, "::ffff:127.0.0.1", 0, "::ffff:127.0.0.1"],
    ["nothing at all", undefined, undefined, 0, null],
  ] as const)("%s", (_, header, peer, hops, expected) => {
    expect(clientAddress(header as string | string[] | undefined, peer, hops)).toBe(expected);
  });
});

describe("defaultProxyHops", () => {
  it.each([
    ["127.0.0.1", 1],
    ["127.0.1.1", 1],
    ["localhost", 1],
    ["::1", 1],
    ["[::1]", 1],
    ["0.0.0.0", 0],
    ["::", 0],
    ["192.0.2.10", 0],
    ["imports.example.org", 0],
  ])("listening on %s: %s", (hostname, expected) => {
    expect(defaultProxyHops(hostname)).toBe(expected);
  });
});
