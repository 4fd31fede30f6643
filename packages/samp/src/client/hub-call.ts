/**
 * One call of a hub method, with faults and unreachable hubs turned into `SAMPHubError`s.
 * @internal
 */
import { DALServiceError } from "@vo/core";
import { SAMPHubError } from "../errors.js";
import type { SampValue } from "../types.js";
import { postXmlRpc } from "../xmlrpc/post.js";

/** Calls `method` (fully prefixed) on the hub at `url`. @internal */
export async function callHubMethod(
  url: string,
  method: string,
  params: readonly SampValue[],
  options: { signal?: AbortSignal | undefined; headers?: { readonly [name: string]: string } | undefined; timeoutMs?: number | undefined } = {},
): Promise<SampValue> {
  let res;
  try {
    res = await postXmlRpc(url, method, params, options);
  } catch (err) {
    if (err instanceof DALServiceError && err.code === "VO_ERR_SERVICE") {
      throw new SAMPHubError(`SAMP hub at ${url} did not answer ${method}: ${err.message.replace(/^XML-RPC [^:]*: /, "")}`, {
        code: "VO_ERR_SAMP_NO_HUB",
        url,
        method,
        cause: err,
      });
    }
    throw err;
  }
  if ("fault" in res) {
    throw new SAMPHubError(`SAMP hub refused ${method}: ${res.fault.faultString} (fault ${res.fault.faultCode})`, {
      code: "VO_ERR_SAMP_FAULT",
      url,
      method,
      faultCode: res.fault.faultCode,
      faultString: res.fault.faultString,
    });
  }
  return res.value;
}

/** Reads a map field of a hub answer as a string, or throws a fault-like error naming the method. @internal */
export function stringField(value: SampValue, key: string, method: string, url: string): string {
  const v = typeof value === "object" && !Array.isArray(value) ? (value as { readonly [k: string]: SampValue })[key] : undefined;
  if (typeof v !== "string" || v === "") {
    throw new SAMPHubError(`SAMP hub answered ${method} without "${key}"`, { code: "VO_ERR_SAMP_FAULT", url, method });
  }
  return v;
}
