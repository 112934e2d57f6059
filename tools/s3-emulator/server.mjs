// The local S3 API server: fauxqs (in memory) bound to 127.0.0.1 only, with the landing bucket(s) created at start.
// fauxqs's startFauxqs() always listens on 0.0.0.0 whatever host it is given, so the app is built and bound here.
// Usage: node server.mjs [port]   env: S3_EMULATOR_PORT, S3_BUCKET_NAME (comma-separated for several buckets),
// S3_REQUEST_LOG (optional: a file that gets one JSON line per request, for tests that evaluate IAM against them)
import { appendFileSync } from "node:fs";
import { buildApp } from "fauxqs";

const host = "127.0.0.1";
const port = Number(process.argv[2] ?? process.env.S3_EMULATOR_PORT ?? 4566);
const buckets = (process.env.S3_BUCKET_NAME || "market-data-lake")
  .split(",")
  .map((b) => b.trim())
  .filter((b) => b.length > 0);

const app = buildApp({ logger: false });
const requestLog = process.env.S3_REQUEST_LOG;
if (requestLog) {
  app.addHook("onRequest", (request, _reply, done) => {
    const credential = /Credential=([^/]+)\//.exec(request.headers.authorization ?? "")?.[1] ?? null;
    appendFileSync(requestLog, JSON.stringify({ method: request.method, url: request.url, accessKeyId: credential }) + "\n");
    done();
  });
}
let address;
try {
  address = await app.listen({ port, host });
} catch (err) {
  if (err && err.code === "EADDRINUSE") {
    console.error(`S3 emulator: port ${port} on ${host} is already in use. Stop what uses it or choose another port.`);
  } else {
    console.error(`S3 emulator failed to start: ${err?.message ?? err}`);
  }
  process.exit(1);
}

// CreateBucket through the server's own S3 API (PUT /bucket), exactly as a client would.
for (const bucket of buckets) {
  const response = await app.inject({ method: "PUT", url: `/${bucket}` });
  if (response.statusCode >= 300 && response.statusCode !== 409) {
    console.error(`S3 emulator: creating bucket ${bucket} failed with HTTP ${response.statusCode}: ${response.body}`);
    process.exit(1);
  }
}

const bound = app.server.address();
console.log(`S3 emulator listening on http://${bound.address}:${bound.port} (in memory), bucket(s): ${buckets.join(", ")}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    process.exit(0);
  });
}
