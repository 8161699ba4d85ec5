// npm run simulator -- --port 4010 [--host 127.0.0.1] [--latency-ms N] [--ttft-ms N] [--tps N]
import { parseArgs } from "node:util";
import { simulatorBehaviorSchema, startSimulator } from "@/lib/simulator";

function fail(message: string): never {
  console.error(`simulator: ${message}`);
  process.exit(2);
}

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) fail(`--${flag} must be a number, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        "latency-ms": { type: "string" },
        "ttft-ms": { type: "string" },
        tps: { type: "string" },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }

  const port = toNumber("port", values.port);
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65_535) fail(`--port must be 0-65535, got '${values.port}'`);
  const defaults = simulatorBehaviorSchema.safeParse({
    latencyMs: toNumber("latency-ms", values["latency-ms"]),
    ttftMs: toNumber("ttft-ms", values["ttft-ms"]),
    tokensPerSecond: toNumber("tps", values.tps),
  });
  if (!defaults.success) fail(`invalid behaviour: ${defaults.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);

  const simulator = await startSimulator({ port, host: values.host, defaults: defaults.data });
  const shutdown = () => {
    simulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
