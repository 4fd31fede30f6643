/**
 * A third-party protocol plugin for an invented standard, "Echo": a service
 * that answers `GET <accessUrl>?MSG=<text>` with the text. It imports only
 * `@vo/core`'s public API and is written exactly as `@vo/protocol-*` are,
 * which is what this example proves.
 */
import { DALServiceError, ParameterError, definePlugin } from "@vo/core";
import type { Plugin, Service, ServiceContext } from "@vo/core";
import { CORE_RANGE, VERSION } from "./version.js";

/** The invented standardID of the Echo protocol. */
export const ECHO_STANDARD_ID = "ivo://vo-examples.org/std/Echo#1.0";

// VERSION and CORE_RANGE are generated from package.json (npm run sync-versions), so the
// range createClient checks is the peer range npm checks, and it follows @vo/core's releases.
export { VERSION } from "./version.js";

/** Options of {@link EchoService.echo}. */
export interface EchoOptions {
  signal?: AbortSignal;
}

/** A service speaking the Echo protocol at one access URL. */
export class EchoService implements Service {
  readonly standardId = ECHO_STANDARD_ID;

  constructor(
    readonly baseUrl: string,
    private readonly ctx: ServiceContext,
  ) {}

  /**
   * Sends `message` and resolves with the service's answer.
   * @throws ParameterError for an empty message.
   * @throws DALServiceError for an HTTP error status.
   */
  async echo(message: string, options: EchoOptions = {}): Promise<string> {
    if (typeof message !== "string" || message === "") throw new ParameterError("message", "a non-empty string", message);
    const url = new URL(this.baseUrl);
    url.searchParams.set("MSG", message);
    const response = await this.ctx.transport.request({ url, ...(options.signal ? { signal: options.signal } : {}) });
    if (response.status !== 200) {
      await response.cancel();
      throw new DALServiceError(`Echo service answered HTTP ${response.status}`, { status: response.status, url });
    }
    return response.text();
  }
}

/** Options of the {@link echo} plugin. */
export interface EchoPluginOptions {
  /** Replace another plugin's Echo service instead of failing with `VO_ERR_PLUGIN_CONFLICT`. */
  override?: boolean;
}

/**
 * The Echo plugin: `createClient({ plugins: [echo()] }).service("echo", url)` is an {@link EchoService}.
 *
 * @example
 * const client = createClient({ plugins: [echo()] });
 * console.log(await client.service("echo", "https://example.org/echo").echo("hello"));
 */
export function echo(options: EchoPluginOptions = {}): Plugin<{ echo: EchoService }> {
  return definePlugin({
    name: "@vo-examples/third-party-plugin",
    version: VERSION,
    core: CORE_RANGE,
    register(registry) {
      registry.service(ECHO_STANDARD_ID, (ctx, accessUrl) => new EchoService(accessUrl, ctx), {
        aliases: ["echo"],
        override: options.override ?? false,
      });
    },
  });
}
