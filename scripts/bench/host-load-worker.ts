// One burner of scripts/bench/host-load.ts: hashing and allocation in a loop, forever (it is killed).
const block = new Uint8Array(1 << 20).map((_, i) => i * 31);
const ring: Uint8Array[] = new Array(16);
let slot = 0;
let sink = 0;
for (;;) {
  // CPU-bound: a hash of 1 MB.
  const digest = new Bun.CryptoHasher("sha256").update(block).digest();
  sink ^= digest[0] ?? 0;
  // Memory-bound: 4 MB of new buffers, filled, the oldest dropped (a 64 MB ring the collector keeps busy).
  for (let i = 0; i < 4; i++) {
    const fresh = new Uint8Array(1 << 20).fill(sink & 0xff);
    ring[slot] = fresh;
    slot = (slot + 1) % ring.length;
  }
  block[0] = sink;
}
