// Evaluates requests against IAM policies offline with @cloud-copilot/iam-simulate (AWS's evaluation logic:
// identity policies, the resource's policy, explicit denies, conditions).
// Usage: node evaluate-iam.mjs REQUESTS_FILE
// REQUESTS_FILE: [{principal, action, resource, context, identityPolicies: [policy document...], resourcePolicy?}]
// Prints one JSON line: [{action, resource, result, errors?}] with result Allowed, ImplicitlyDenied or ExplicitlyDenied.
import { readFileSync } from "node:fs";
import { runSimulation } from "@cloud-copilot/iam-simulate";

const requests = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const r of requests) {
  const response = await runSimulation({
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.principal.split(":")[4] },
      contextVariables: r.context ?? {},
    },
    identityPolicies: r.identityPolicies.map((policy, i) => ({ name: `policy${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: r.resourcePolicy ?? undefined,
  }, {});
  results.push(response.resultType === "error"
    ? { action: r.action, resource: r.resource, result: "Error", errors: response.errors }
    : { action: r.action, resource: r.resource, result: response.overallResult });
}
console.log(JSON.stringify(results));
