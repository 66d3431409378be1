import { loadConfig } from "../app/config.js";
import { openRuntime, type Runtime } from "../app/open-runtime.js";

/** Open the configured store for one command, run it, and always close the store. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig());
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}
