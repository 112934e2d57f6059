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
// Tests only (S3_FAULT_CONTROL=1): POST /__faults?pattern=REGEX&status=503&code=SlowDown&times=N makes the next N
// requests whose "METHOD /url" matches answer with S3's XML error; DELETE /__faults clears; GET /__faults counts.
if (process.env.S3_FAULT_CONTROL === "1") {
  let fault = null;
  let fired = 0;
  app.addHook("onRequest", (request, reply, done) => {
    const url = new URL(request.url, "http://s3.local");
    if (url.pathname === "/__faults") {
      if (request.method === "POST") {
        fault = {
          pattern: new RegExp(url.searchParams.get("pattern")),
          status: Number(url.searchParams.get("status") ?? 503),
          code: url.searchParams.get("code") ?? "SlowDown",
          times: Number(url.searchParams.get("times") ?? 1),
        };
        fired = 0;
      } else if (request.method === "DELETE") {
        fault = null;
      }
      reply.code(200).send({ fired });
      return;
    }
    if (fault && fired < fault.times && fault.pattern.test(`${request.method} ${request.url}`)) {
      fired++;
      const messages = { SlowDown: "Please reduce your request rate.", InternalError: "We encountered an internal error. Please try again." };
      const id = Math.random().toString(16).slice(2, 18).toUpperCase();
      reply
        .code(fault.status)
        .header("content-type", "application/xml")
        .header("x-amz-request-id", id)
        .send(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${messages[fault.code] ?? fault.code}</Message>` +
            `<Resource>${url.pathname}</Resource><RequestId>${id}</RequestId></Error>`,
        );
      return;
    }
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
