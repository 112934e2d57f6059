// Runs one execution of a Step Functions definition under a real Amazon States Language interpreter
// (aws-local-stepfunctions), after validating it (asl-validator). Every Task state is bound to a local handler that
// invokes the named Lambda function through the local Lambda emulator, and answers as the lambda:invoke integration
// does: {Payload, StatusCode} on success; on a function error, an error named by the function's errorType whose cause
// is {"errorType", "errorMessage"}, so Retry and Catch match as on AWS.
// Usage: node run-execution.mjs DEFINITION_FILE INPUT_JSON INVOKE_URL
// LOCAL_RUNNING_EXECUTIONS and LOCAL_LIST_EXECUTIONS_ERRORS (optional) answer the sfn:listExecutions task (below).
// LOCAL_EXECUTION_ARN (optional) is the execution's $$.Execution.Id, as AWS makes it from the state machine's name.
// LOCAL_SECOND_MS (optional) makes one second of the definition's task timeouts and retry intervals last that many
// milliseconds, so a hang past TimeoutSeconds and every retry run in a test's time; the definition is validated unscaled.
// Prints one JSON line: {"status":"SUCCEEDED","output":...} or {"status":"FAILED","error":...,"cause":...}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// aws-local-stepfunctions needs Promise.withResolvers (Node 22); Node 20 lacks it.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
};
const { StateMachine } = await import("aws-local-stepfunctions");
const validate = createRequire(import.meta.url)("asl-validator");

const [definitionFile, inputJson, invokeUrl] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, "utf8"));

const validation = (validate.default ?? validate)(definition);
if (!validation.isValid) {
  console.log(JSON.stringify({ status: "INVALID", errors: validation.errorsText("; ") }));
  process.exit(2);
}

function taskStates(states, found = {}) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task") found[name] = state;
    if (state.Type === "Map") taskStates((state.ItemProcessor ?? state.Iterator).States, found);
    if (state.Type === "Parallel") state.Branches.forEach((b) => taskStates(b.States, found));
  }
  return found;
}

const handlers = {};
for (const [name, state] of Object.entries(taskStates(definition.States))) {
  if (state.Resource === "arn:aws:states:::aws-sdk:sfn:listExecutions") {
    // The executions running besides this one: LOCAL_RUNNING_EXECUTIONS counts them all (default 1, this one).
    // LOCAL_LIST_EXECUTIONS_ERRORS (comma-separated) makes the first calls fail with those errors, one each.
    const running = Number(process.env.LOCAL_RUNNING_EXECUTIONS ?? "1");
    const failures = (process.env.LOCAL_LIST_EXECUTIONS_ERRORS ?? "").split(",").filter((e) => e.length > 0);
    handlers[name] = async () => {
      if (failures.length > 0) {
        const error = new Error(`${failures[0]} (injected by the local run)`);
        error.name = failures.shift();
        throw error;
      }
      return { Executions: Array.from({ length: running }, (_, i) => ({ Name: `execution-${i}`, Status: "RUNNING" })) };
    };
    continue;
  }
  if (state.Resource !== "arn:aws:states:::lambda:invoke") throw new Error(`state ${name}: only lambda:invoke and sfn:listExecutions tasks are bound`);
  handlers[name] = async (parameters) => {
    const functionName = String(parameters.FunctionName).split(":").pop();
    console.error(`task ${name} -> ${functionName} ${JSON.stringify(parameters.Payload)}`);
    const response = await fetch(`${invokeUrl}/${encodeURIComponent(functionName)}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-state-name": encodeURIComponent(name) },
      body: JSON.stringify(parameters.Payload ?? {}),
    });
    const result = await response.json();
    if (!result.succeeded) {
      const error = new Error(JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage }));
      error.name = result.errorType;
      throw error;
    }
    return { ExecutedVersion: "$LATEST", Payload: result.payload ? JSON.parse(result.payload) : null, StatusCode: 200 };
  };
}

const input = JSON.parse(inputJson);
let machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
const retryIntervalOverrides = {};
const secondMs = process.env.LOCAL_SECOND_MS === undefined ? undefined : Number(process.env.LOCAL_SECOND_MS);
if (secondMs !== undefined) {
  // The interpreter rejects fractional TimeoutSeconds, so the scaled copy runs unvalidated (the original passed above).
  const scaled = structuredClone(definition);
  for (const [name, state] of Object.entries(taskStates(scaled.States))) {
    if (state.TimeoutSeconds) state.TimeoutSeconds = (state.TimeoutSeconds * secondMs) / 1000;
    if (state.Retry) retryIntervalOverrides[name] = state.Retry.map((r) => (r.IntervalSeconds ?? 1) * secondMs);
  }
  if (scaled.TimeoutSeconds) scaled.TimeoutSeconds = (scaled.TimeoutSeconds * secondMs) / 1000;
  machine = new StateMachine(scaled, { validationOptions: { noValidate: true } });
}
const execution = machine.run(input, {
  overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
  context: {
    Execution: {
      Id: process.env.LOCAL_EXECUTION_ARN ?? "arn:aws:states:us-east-1:123456789012:execution:local:local",
      Input: input,
      StartTime: new Date().toISOString(),
      Name: "local",
    },
  },
});
// What Step Functions' execution history would show of each state: "StateEntered|StateRetried|StateCaught:NAME".
const events = [];
const history = (async () => {
  for await (const event of execution.eventLogs) {
    if (["StateEntered", "StateRetried", "StateCaught"].includes(event.type)) events.push(`${event.type}:${event.state.name}`);
  }
})();
const settled = () => Promise.race([history, new Promise((resolve) => setTimeout(resolve, 200))]);
try {
  const output = await execution.result;
  await settled();
  console.log(JSON.stringify({ status: "SUCCEEDED", output, events }));
} catch (failure) {
  const error = failure.cause ?? failure;
  await settled();
  console.log(JSON.stringify({ status: "FAILED", error: error.name, cause: error.message, events }));
  process.exitCode = 1;
}
// A task that hangs past its timeout still holds its request open: end here rather than wait for it.
process.exit();
