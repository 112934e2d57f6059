// Runs one execution of a Step Functions definition under a real Amazon States Language interpreter
// (aws-local-stepfunctions), after validating it (asl-validator). Every Task state is bound to a local handler that
// invokes the named Lambda function through the local Lambda emulator, and answers as the lambda:invoke integration
// does: {Payload, StatusCode} on success; on a function error, an error named by the function's errorType whose cause
// is {"errorType", "errorMessage"}, so Retry and Catch match as on AWS.
// Usage: node run-execution.mjs DEFINITION_FILE INPUT_JSON INVOKE_URL
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
    const running = Number(process.env.LOCAL_RUNNING_EXECUTIONS ?? "1");
    handlers[name] = async () => ({ Executions: Array.from({ length: running }, (_, i) => ({ Name: `execution-${i}`, Status: "RUNNING" })) });
    continue;
  }
  if (state.Resource !== "arn:aws:states:::lambda:invoke") throw new Error(`state ${name}: only lambda:invoke and sfn:listExecutions tasks are bound`);
  handlers[name] = async (parameters) => {
    const functionName = String(parameters.FunctionName).split(":").pop();
    console.error(`task ${name} -> ${functionName} ${JSON.stringify(parameters.Payload)}`);
    const response = await fetch(`${invokeUrl}/${encodeURIComponent(functionName)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
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
const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
const execution = machine.run(input, {
  overrides: { taskResourceLocalHandlers: handlers },
  context: { Execution: { Input: input, StartTime: new Date().toISOString(), Name: "local" } },
});
try {
  const output = await execution.result;
  console.log(JSON.stringify({ status: "SUCCEEDED", output }));
} catch (failure) {
  const error = failure.cause ?? failure;
  console.log(JSON.stringify({ status: "FAILED", error: error.name, cause: error.message }));
  process.exitCode = 1;
}
