/** The client every command uses: all the protocol plugins the CLI knows. */
import { createClient } from "@vo/core";
import type { VOWarning } from "@vo/core";
import { tap } from "@vo/protocol-tap";
import { scs } from "@vo/protocol-scs";
import { sia } from "@vo/protocol-sia";
import { ssa } from "@vo/protocol-ssa";

/** A client with the TAP, SCS, SIA and SSA plugins, warnings going to `onWarning`. */
export function createCliClient(onWarning: (warning: VOWarning) => void) {
  return createClient({ plugins: [tap(), scs(), sia(), ssa()] as const, onWarning });
}

/** The type of {@link createCliClient}'s client (services typed by alias). */
export type CliClient = ReturnType<typeof createCliClient>;
