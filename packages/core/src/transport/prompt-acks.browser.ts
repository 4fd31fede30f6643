/**
 * Prompt TCP acknowledgements are a Node.js matter (see `prompt-acks.node.ts`); in browsers and other runtimes
 * the platform owns the connections. Chosen by the `#prompt-acks` package import outside Node.
 */

/** Does nothing outside Node; returns a release that does nothing. */
export function holdPromptAcks(): () => void {
  return () => undefined;
}
