// Entry point of one core-api task: `node --import tsx sandbox/service/main.ts` with the task's environment.
// Bad configuration exits 1 with every problem named; a bad database does not stop it (it serves 503s).
// SIGTERM/SIGINT: stop accepting, finish in-flight requests, flush metrics, close the pool, exit 0.
import { ConfigError, loadConfig, type ServiceConfig } from './config.ts';
import { startService } from './server.ts';

function configOrExit(): ServiceConfig | undefined {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`core-api: ${err.message}`);
    process.exitCode = 1;
    return undefined;
  }
}

async function startOrExit(config: ServiceConfig) {
  try {
    return await startService(config);
  } catch (err) {
    console.error(`${config.serviceName}: cannot listen on 127.0.0.1:${config.port}: ${(err as Error).message}`);
    process.exit(1);
  }
}

const config = configOrExit();
if (config) {
  const service = await startOrExit(config);
  console.log(`listening on 127.0.0.1:${service.port}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${config.serviceName}: ${signal} received, draining`);
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`${config.serviceName}: shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
