// The local S3 API server: fauxqs (in memory) on 127.0.0.1 only, with the landing bucket(s) created at start.
// Usage: node server.mjs [port]   env: S3_EMULATOR_PORT, S3_BUCKET_NAME (comma-separated for several buckets)
import { startFauxqs } from "fauxqs";

const port = Number(process.argv[2] ?? process.env.S3_EMULATOR_PORT ?? 4566);
const buckets = (process.env.S3_BUCKET_NAME || "market-data-lake")
  .split(",")
  .map((b) => b.trim())
  .filter((b) => b.length > 0);

let server;
try {
  server = await startFauxqs({ port, host: "127.0.0.1", logger: false, init: { buckets } });
} catch (err) {
  if (err && err.code === "EADDRINUSE") {
    console.error(`S3 emulator: port ${port} on 127.0.0.1 is already in use. Stop what uses it or choose another port.`);
  } else {
    console.error(`S3 emulator failed to start: ${err?.message ?? err}`);
  }
  process.exit(1);
}

console.log(`S3 emulator listening on http://127.0.0.1:${port} (in memory), bucket(s): ${buckets.join(", ")}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  });
}
