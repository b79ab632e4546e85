// A service's environment variables (`environment`, and a cell's own): names a shell takes, values
// read as strings, none of the names the program sets itself.

import { Problems } from "./problems";
import { isRecord } from "./validate";

/** Reserved names the program sets itself. */
export const PROGRAM_ENV = ["SERVICE_NAME", "CELL_NAME", "PORT", "BACKENDS"];

export function parseEnvironment(p: Problems, key: string, raw: unknown): Record<string, string> {
    if (raw === undefined) return {};
    if (!isRecord(raw)) {
        p.add(key, raw, "a map of environment variable names to string values, e.g. { REDIS_SERVER_ENDPOINT: redis-server.backend.yelb.local }");
        return {};
    }
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) p.add(`${key}.${name}`, value, "an environment variable name: letters, digits and _, not starting with a digit");
        else if (PROGRAM_ENV.includes(name)) p.add(`${key}.${name}`, value, `${PROGRAM_ENV.join(", ")} are set by cellmesh; use another name`);
        else if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") p.add(`${key}.${name}`, value, "a string value");
        else env[name] = String(value);
    }
    return env;
}
